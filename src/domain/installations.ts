// Which parties' Slack workspaces renkei is installed in, when each organisation installs it in
// its own workspace (OAuth). Pure: the records come from the store, the parties from renkei.yml.

/** An installation as renkei keeps it (the bot token itself stays encrypted in the store). */
export type SlackInstallationRecord = {
  /** The team id, or the enterprise id of an org-wide (Enterprise Grid) install. */
  id: string;
  teamId: string | null;
  teamName: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  botUserId: string;
  botId: string | null;
  botScopes: string[];
  installerUserId: string;
  revokedAt: Date | null;
  revokedReason: string | null;
  installedAt: Date;
};

/** Why renkei cannot act in a party's workspace, or that it can. */
export type PartyInstallationStatus =
  | { party: string; teamId: string; status: "installed"; installationId: string }
  | { party: string; teamId: string; status: "not_installed" }
  | { party: string; teamId: string; status: "revoked"; reason: string; since: Date }
  | { party: string; status: "no_team_id" };

/**
 * For each party (profile order): is the app installed in the workspace renkei.yml names for it?
 * An org-wide install (enterprise id) serves every team of its organisation; a party given by an
 * enterprise id (E…) is served by that org-wide install.
 */
export function installationCoverage(
  parties: readonly string[],
  partyTeams: Record<string, string | undefined>,
  installations: readonly SlackInstallationRecord[],
  enterpriseOfTeam: (teamId: string) => string | undefined = () => undefined,
): PartyInstallationStatus[] {
  return parties.map((party): PartyInstallationStatus => {
    const teamId = partyTeams[party];
    if (!teamId) return { party, status: "no_team_id" };
    const enterprise = teamId.startsWith("E") ? teamId : enterpriseOfTeam(teamId);
    const found =
      installations.find((i) => !i.isEnterpriseInstall && i.teamId === teamId) ??
      installations.find((i) => i.isEnterpriseInstall && !!enterprise && i.enterpriseId === enterprise);
    if (!found) return { party, teamId, status: "not_installed" };
    if (found.revokedAt) return { party, teamId, status: "revoked", reason: found.revokedReason ?? "token_revoked", since: found.revokedAt };
    return { party, teamId, status: "installed", installationId: found.id };
  });
}

/** The party whose workspace a team is, by renkei.yml (undefined: none). */
export function partyOfTeam(partyTeams: Record<string, string | undefined>, teamId: string | undefined): string | undefined {
  if (!teamId) return undefined;
  return Object.entries(partyTeams).find(([, t]) => t === teamId)?.[0];
}

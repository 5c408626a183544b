// Use cases of the app's Slack installations (OAuth v2, one per organisation's workspace):
// recording an install (or re-install) and a revocation. Each is one transaction with one audit
// entry; the bot token never reaches the audit log (only the team, bot user and scopes do).
import { partyOfTeam, type SlackInstallationRecord } from "../domain/installations";
import { hasRole } from "../domain/parties";
import type { NewSlackInstallation } from "../store/installations";
import type { TokenCipher } from "../store/token-cipher";
import { SYSTEM_ACTOR, type AppContext } from "./context";

const summary = (i: Pick<SlackInstallationRecord, "teamId" | "enterpriseId" | "isEnterpriseInstall" | "botUserId" | "botScopes"> & { revokedReason?: string | null }) => ({
  teamId: i.teamId, enterpriseId: i.enterpriseId, isEnterpriseInstall: i.isEnterpriseInstall, botUserId: i.botUserId, scopes: i.botScopes,
  ...(i.revokedReason ? { revoked: i.revokedReason } : {}),
});

/** An administrator installed (or re-installed) renkei in a workspace through /slack/install. */
export async function recordInstallation(ctx: AppContext, cipher: TokenCipher, install: NewSlackInstallation): Promise<{ party: string | undefined; reinstall: boolean }> {
  const { store, config, clock } = ctx;
  const party = ctx.config.directory.member(install.installerUserId)?.party ?? partyOfTeam(config.partyTeams, install.teamId ?? install.enterpriseId ?? undefined);
  return store.transact(clock.now(), async (tx) => {
    const before = await tx.installations.save(install, cipher, tx.now);
    await tx.audit({
      actorUserId: install.installerUserId, actorParty: party ?? null, article: null, action: before ? "slack.reinstalled" : "slack.installed",
      entityType: "slack_installation", entityId: install.id, before: before ? summary(before) : null, after: summary(install),
    });
    return { party, reinstall: !!before };
  });
}

/**
 * Slack revoked the installation (app_uninstalled, tokens_revoked) or answers account_inactive:
 * kept, marked, audited once; the liaison officers and administrators of the other parties are
 * told in Slack, through their own installations (the revoked one reaches no one).
 */
export async function recordRevocation(ctx: AppContext, installationId: string, reason: string): Promise<boolean> {
  const { store, clock } = ctx;
  const current = await store.installations.find(installationId);
  if (!current || current.revokedAt) return false;
  const party = partyOfTeam(ctx.config.partyTeams, current.teamId ?? current.enterpriseId ?? undefined) ?? null;
  const told = new Set<string>();
  for (const p of ctx.config.profile.parties) {
    if (p.id === party) continue;
    for (const m of ctx.config.directory.membersOf(p.id)) if (hasRole(m, "liaison", "admin")) told.add(m.userId);
  }
  try {
    return await store.transact(clock.now(), async (tx) => {
      // Slack sends tokens_revoked and app_uninstalled together: the first one marks it, the other changes nothing.
      if (!(await tx.installations.markRevoked(installationId, reason, tx.now))) throw new AlreadyRevoked();
      await tx.audit({
        actorUserId: SYSTEM_ACTOR, actorParty: party, article: null,
        action: "slack.installation_revoked", entityType: "slack_installation", entityId: installationId, before: summary(current),
        after: summary({ ...current, revokedReason: reason }),
      });
      for (const userId of told) {
        await tx.enqueue({ kind: "notify_installation_revoked", payload: { installationId, party, reason, userId }, dedupeKey: `installation-revoked:${installationId}:${tx.now.getTime()}:${userId}` });
      }
      return true;
    });
  } catch (e) {
    if (e instanceof AlreadyRevoked) return false;
    throw e;
  }
}

class AlreadyRevoked extends Error {}

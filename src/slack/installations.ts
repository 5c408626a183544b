// renkei's Slack installations when each organisation installs it in its own workspace (OAuth v2):
// Bolt's InstallationStore on renkei's database (tokens encrypted), an in-memory view of which
// workspaces are served (for /healthz, the start-up report and clients that need a token now),
// and the bot scopes /slack/install asks for (the same as manifest.yml's).
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { InstallProvider } from "@slack/oauth";
import type { WebClientOptions } from "@slack/web-api";
import type { IncomingMessage, ServerResponse } from "node:http";
import { recordInstallation, recordRevocation } from "../app/installations";
import type { AppContext } from "../app/context";
import { installationCoverage, type PartyInstallationStatus, type SlackInstallationRecord } from "../domain/installations";
import type { Logger } from "../logger";
import type { RenkeiConfig } from "../config/renkei-config";
import type { Store } from "../store/store";
import { RoutedEffectWebClient } from "./effects/routing";
import type { TokenCipher } from "../store/token-cipher";
import { UNDELIVERABLE_ERRORS } from "./effects/routing";

/** The bot scopes of manifest.yml (a test keeps them equal), requested by /slack/install. */
export const BOT_SCOPES = [
  "commands", "chat:write", "im:write", "channels:manage", "groups:write", "channels:write.invites", "groups:write.invites",
  "channels:read", "groups:read", "pins:write", "channels:history", "groups:history", "im:history", "users:read",
  "conversations.connect:write", "conversations.connect:read", "files:write",
] as const;

type Cached = SlackInstallationRecord & { botToken: string };

export class InstallationRegistry implements InstallationStore {
  private byId = new Map<string, Cached>();

  constructor(
    private readonly ctx: AppContext,
    private readonly cipher: TokenCipher,
    private readonly log: Logger,
  ) {
    this.storeInstallation = this.storeInstallation.bind(this);
    this.fetchInstallation = this.fetchInstallation.bind(this);
    this.deleteInstallation = this.deleteInstallation.bind(this);
  }

  /** Reads every installation (tokens decrypted into memory only). A token the key cannot decrypt is reported, not used. */
  async load(): Promise<void> {
    const next = new Map<string, Cached>();
    for (const rec of await this.ctx.store.installations.list()) {
      try {
        const full = await this.ctx.store.installations.withToken(rec.id, this.cipher);
        if (full) next.set(rec.id, full);
      } catch {
        this.log.error("a stored Slack installation cannot be decrypted with RENKEI_TOKEN_KEY (was the key changed?): install renkei in that workspace again", { installation: rec.id });
      }
    }
    this.byId = next;
  }

  records(): SlackInstallationRecord[] {
    return [...this.byId.values()].map(({ botToken: _t, ...rec }) => rec);
  }

  /** For each party of renkei.yml: is renkei installed in its workspace (or its Enterprise Grid organisation)? */
  coverage(): PartyInstallationStatus[] {
    const { config } = this.ctx;
    return installationCoverage(config.profile.parties.map((p) => p.id), config.partyTeams, this.records(), (teamId) => this.enterpriseOf(teamId));
  }

  /** The Enterprise Grid organisation of a configured party's workspace (parties.<id>.enterpriseId). */
  private enterpriseOf(teamId: string): string | undefined {
    const { config } = this.ctx;
    const party = Object.keys(config.partyTeams).find((p) => config.partyTeams[p] === teamId);
    return party ? config.partyEnterprises?.[party] : undefined;
  }

  /**
   * The installation that acts in a workspace: its own, else the org-wide install of its Enterprise
   * Grid organisation (Bolt's semantics: an org-wide install serves every workspace it was granted).
   */
  private installationFor(teamId: string): Cached | undefined {
    const own = this.byId.get(teamId);
    if (own && !own.isEnterpriseInstall) return own;
    const enterprise = teamId.startsWith("E") ? teamId : this.enterpriseOf(teamId);
    return enterprise ? [...this.byId.values()].find((i) => i.isEnterpriseInstall && i.enterpriseId === enterprise) : undefined;
  }

  /** The bot token of a workspace's live installation (or its organisation's org-wide one), or undefined. */
  tokenFor(teamId: string): string | undefined {
    const i = this.installationFor(teamId);
    return i && !i.revokedAt ? i.botToken : undefined;
  }

  /** Whether a workspace is served by an org-wide install (its token then needs team_id where Slack asks for one). */
  isOrgWide(teamId: string): boolean {
    return this.installationFor(teamId)?.isEnterpriseInstall === true;
  }

  /** The bot user of a workspace's live installation (the one another installation invites through Slack Connect). */
  botUserIdOf(teamId: string): string | undefined {
    const i = this.installationFor(teamId);
    return i && !i.revokedAt ? i.botUserId : undefined;
  }

  // ---- Bolt's InstallationStore ----

  async storeInstallation<AuthVersion extends "v1" | "v2">(installation: Installation<AuthVersion, boolean>): Promise<void> {
    const isOrg = installation.isEnterpriseInstall === true;
    const id = isOrg ? installation.enterprise?.id : installation.team?.id;
    if (!id || !installation.bot) throw new Error("an installation without a team (or enterprise) or without a bot token cannot serve renkei");
    const { party, reinstall } = await recordInstallation(this.ctx, this.cipher, {
      id, teamId: installation.team?.id ?? null, teamName: installation.team?.name ?? null, enterpriseId: installation.enterprise?.id ?? null,
      enterpriseName: installation.enterprise?.name ?? null, isEnterpriseInstall: isOrg, appId: installation.appId ?? null,
      botUserId: installation.bot.userId, botId: installation.bot.id ?? null, botScopes: installation.bot.scopes ?? [],
      botToken: installation.bot.token, installerUserId: installation.user.id,
    });
    await this.load();
    this.log.info(reinstall ? "renkei was installed again in a workspace" : "renkei was installed in a workspace", { installation: id, party: party ?? "none of the configured parties" });
    // What could not be delivered without this installation was kept: it goes out now.
    const again = await this.ctx.store.retryEffectsFailedWith(UNDELIVERABLE_ERRORS, this.ctx.clock.now());
    if (again > 0) this.log.info("effects kept while a workspace had no live installation run again", { installation: id, effects: again });
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation<"v1" | "v2", boolean>> {
    const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
    let found = id ? this.byId.get(id) : undefined;
    // A workspace of an Enterprise Grid organisation is served by the org-wide install.
    if (!found && query.enterpriseId) found = [...this.byId.values()].find((i) => i.isEnterpriseInstall && i.enterpriseId === query.enterpriseId);
    if (!found) throw new Error(`renkei is not installed in workspace ${id ?? "(none)"}`);
    if (found.revokedAt) throw new Error(`renkei's installation in ${found.id} was revoked (${found.revokedReason ?? "revoked"})`);
    return {
      team: found.teamId ? { id: found.teamId, ...(found.teamName ? { name: found.teamName } : {}) } : undefined,
      enterprise: found.enterpriseId ? { id: found.enterpriseId } : undefined,
      user: { token: undefined, scopes: undefined, id: found.installerUserId },
      bot: { token: found.botToken, scopes: found.botScopes, id: found.botId ?? "", userId: found.botUserId },
      tokenType: "bot", isEnterpriseInstall: found.isEnterpriseInstall, authVersion: "v2",
    } as Installation<"v2", boolean>;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    const id = query.isEnterpriseInstall ? query.enterpriseId : query.teamId;
    if (id) await this.revoke(id, "app_uninstalled");
  }

  /** Slack revoked an installation (by its id, or a workspace it serves): kept with the reason, no longer used, reported. */
  async revoke(installationOrTeamId: string, reason: string): Promise<void> {
    const installationId = this.byId.has(installationOrTeamId) ? installationOrTeamId : (this.installationFor(installationOrTeamId)?.id ?? installationOrTeamId);
    if (await recordRevocation(this.ctx, installationId, reason)) {
      this.log.error("renkei's installation in a workspace was revoked: an administrator of that workspace installs it again (/slack/install)", { installation: installationId, reason });
    }
    await this.load();
  }
}

/** Slack's authorize page next to the Web API base (https://slack.com/api/ → https://slack.com/oauth/v2/authorize). */
export function authorizationUrl(clientOptions: Pick<WebClientOptions, "slackApiUrl">): string {
  const api = clientOptions.slackApiUrl ?? "https://slack.com/api/";
  return new URL("../oauth/v2/authorize", api.endsWith("/") ? api : `${api}/`).toString();
}

/**
 * Socket Mode with OAuth installs: Slack's install flow is web pages the installing administrator's
 * browser visits (/slack/install, then Slack's consent page, then /slack/oauth_redirect), and the
 * code is exchanged by renkei's own outbound oauth.v2.access call — nothing inbound from Slack. So
 * renkei's small HTTP server (the one of /healthz) serves both pages, with the same InstallProvider
 * Bolt's HTTP receiver builds; its `authorize` gives each Socket Mode envelope its workspace's token.
 */
export function socketModeInstaller(opts: {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  redirectUri?: string;
  installations: InstallationRegistry;
  clientOptions: Pick<WebClientOptions, "slackApiUrl" | "fetch">;
  logger?: ConstructorParameters<typeof InstallProvider>[0]["logger"];
}): { authorize: InstallProvider["authorize"]; routes: Array<{ path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void }> } {
  const installer = new InstallProvider({
    clientId: opts.clientId, clientSecret: opts.clientSecret, stateSecret: opts.stateSecret, installationStore: opts.installations,
    directInstall: true, authorizationUrl: authorizationUrl(opts.clientOptions), clientOptions: opts.clientOptions,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  const urlOptions = { scopes: [...BOT_SCOPES], ...(opts.redirectUri ? { redirectUri: opts.redirectUri } : {}) };
  const failed = (res: ServerResponse) => {
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("renkei: the installation did not complete; open /slack/install again");
  };
  return {
    authorize: installer.authorize.bind(installer),
    routes: [
      { path: "/slack/install", method: ["GET"], handler: (req, res) => void installer.handleInstallPath(req, res, undefined, urlOptions).catch(() => failed(res)) },
      { path: "/slack/oauth_redirect", method: ["GET"], handler: (req, res) => void installer.handleCallback(req, res).catch(() => failed(res)) },
    ],
  };
}

/**
 * How effects reach Slack with one installation per organisation (the server and `npm run job`
 * alike): each call through the installation it must act through (see RoutedEffectWebClient), by
 * default the first configured party's; Slack Connect invites the other installation's bot.
 */
export function routedDelivery(
  installations: InstallationRegistry,
  ctx: { config: RenkeiConfig; store: Store },
  clientOptions: WebClientOptions,
): { client: RoutedEffectWebClient; botTeamId: string; slackConnect: { botUserIdOf(teamId: string): string | undefined } } {
  const botTeamId = ctx.config.profile.parties.map((p) => ctx.config.partyTeams[p.id]).find((t) => !!t) ?? "";
  return {
    client: new RoutedEffectWebClient(installations, ctx, botTeamId, clientOptions),
    botTeamId,
    slackConnect: { botUserIdOf: (teamId: string) => installations.botUserIdOf(teamId) },
  };
}

/** What start-up and /healthz say about a party's workspace. */
export function describeCoverage(status: PartyInstallationStatus): string {
  switch (status.status) {
    case "installed":
      return "installed";
    case "not_installed":
      return `not installed in ${status.teamId}: an administrator of that workspace opens /slack/install`;
    case "revoked":
      return `installation in ${status.teamId} revoked (${status.reason}): an administrator of that workspace opens /slack/install again`;
    case "no_team_id":
      return "no workspace: set parties.<party>.teamId in renkei.yml (each organisation installs renkei in its own workspace)";
  }
}

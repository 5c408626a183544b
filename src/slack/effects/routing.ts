// With one installation per organisation (OAuth), each Slack call of an effect goes through the
// installation it must act through: a person (DM, App Home) through their own organisation's; an
// effect that names its workspace (teamId) through that one; a channel renkei created through the
// installation that created it (an incident channel: the registering party's; an internal channel:
// its party's; the normal-times channel: its host party's), which posted its cards; anything else
// through the default installation (the first party's in renkei.yml).
import { AsyncLocalStorage } from "node:async_hooks";
import type { FilesCompleteUploadExternalResponse, FilesUploadV2Arguments, WebAPICallResult, WebClientOptions } from "@slack/web-api";
import type { RenkeiConfig } from "../../config/renkei-config";
import type { Store } from "../../store/store";
import { EffectWebClient } from "./client";

export type InstallationTokens = {
  tokenFor(teamId: string): string | undefined;
  /** Slack answered that a workspace's token no longer works (token_revoked, account_inactive): record it. */
  revoke?(teamId: string, reason: string): Promise<void>;
  /** Whether a workspace is served by an org-wide (Enterprise Grid) install. */
  isOrgWide?(teamId: string): boolean;
};

/** Methods an org-wide (Enterprise Grid) token must be told the workspace of (`team_id`); renkei calls these. */
const TEAM_ID_METHODS = new Set(["conversations.create"]);

/** Slack's answers meaning the installation itself is gone (not a fault of the one call). */
export const REVOKED_ANSWERS = ["token_revoked", "account_inactive"] as const;
/** What an effect that could not be delivered for want of a live installation failed with (kept; run again on install). */
export const UNDELIVERABLE_ERRORS = ["not_installed", ...REVOKED_ANSWERS];

/** No live installation in the workspace an effect must act through: the effect fails, is kept, and runs again once installed. */
export function notInstalledError(teamId: string): Error {
  return Object.assign(new Error(`renkei has no live installation in ${teamId}`), { code: "slack_webapi_platform_error", data: { ok: false, error: "not_installed" } });
}

export class RoutedEffectWebClient extends EffectWebClient {
  /**
   * The running effect's workspace, and the workspace a file upload goes to: per asynchronous
   * context (effects are delivered concurrently), set around each handler by buildEffectRunner.
   */
  private readonly scope = new AsyncLocalStorage<{ team: string | null; upload?: string }>();

  /** Runs an effect's handler with its calls routed for the workspace it names (null: none). */
  runAs<T>(team: string | null, fn: () => Promise<T>): Promise<T> {
    return this.scope.run({ team }, fn);
  }

  /**
   * An upload is three calls (reserve, send the bytes, complete in a channel), and only the last
   * names the channel: all of them go through the workspace of the channel (or DM) it is shared to,
   * since a file reserved with one workspace's token cannot be completed with another's.
   */
  override async filesUploadV2(options: FilesUploadV2Arguments): Promise<WebAPICallResult & { files: FilesCompleteUploadExternalResponse[] }> {
    const o = options as { channel_id?: string; channels?: string };
    const channel = o.channel_id ?? o.channels?.split(",")[0];
    const upload = await this.teamFor(channel ? { channel } : {});
    return this.scope.run({ team: this.scope.getStore()?.team ?? null, upload }, () => super.filesUploadV2(options));
  }
  private readonly dmTeams = new Map<string, string>();
  private readonly channelHosts = new Map<string, string | null>();

  constructor(
    private readonly tokens: InstallationTokens,
    private readonly ctx: { config: RenkeiConfig; store: Store },
    readonly defaultTeam: string,
    options: WebClientOptions = {},
  ) {
    super(undefined, { ...options, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  }

  /** The workspace of a person, by renkei.yml (their party's teamId). */
  teamOfUser(userId: string): string | undefined {
    const party = this.ctx.config.directory.member(userId)?.party;
    return party ? this.ctx.config.partyTeams[party] : undefined;
  }

  /**
   * The workspace a channel renkei created lives in: an incident channel its registering party's, a
   * party's internal channel that party's, the normal-times channel its host party's (normalTimes.host).
   */
  async hostOf(channelId: string): Promise<string | null> {
    if (!this.channelHosts.has(channelId)) {
      const { config, store } = this.ctx;
      const incident = await store.incidentByChannel(channelId);
      let party = incident?.createdByParty;
      if (!party) party = (await store.internalChannels.bySlackId(channelId))?.party;
      if (!party) {
        const normal = config.normalTimes.channel ?? (await store.activities.normalTimesChannel())?.channelId;
        if (normal === channelId) party = config.normalTimes.host;
      }
      if (!party) return null; // not (yet) a channel renkei knows: ask again next time
      this.channelHosts.set(channelId, config.partyTeams[party] ?? null);
    }
    return this.channelHosts.get(channelId) ?? null;
  }

  async teamFor(options: Record<string, unknown>): Promise<string> {
    const upload = this.scope.getStore()?.upload;
    if (upload) return upload;
    const person = [options.user_id, options.users, options.channel].find((v): v is string => typeof v === "string" && /^[UW][A-Z0-9]+$/.test(v));
    const personTeam = person ? this.teamOfUser(person) : undefined;
    if (personTeam) return personTeam;
    const channel = typeof options.channel === "string" ? options.channel : typeof options.channel_id === "string" ? options.channel_id : undefined;
    if (channel && this.dmTeams.has(channel)) return this.dmTeams.get(channel)!;
    const current = this.scope.getStore()?.team;
    if (current) return current;
    const host = channel ? await this.hostOf(channel) : null;
    return host ?? this.defaultTeam;
  }

  override async apiCall(method: string, options: Record<string, unknown> = {}): Promise<WebAPICallResult> {
    const team = await this.teamFor(options);
    const token = this.tokens.tokenFor(team);
    if (!token) throw notInstalledError(team);
    const orgWide = TEAM_ID_METHODS.has(method) && this.tokens.isOrgWide?.(team) === true;
    let result: WebAPICallResult;
    try {
      result = await super.apiCall(method, { ...options, ...(orgWide && options.team_id === undefined ? { team_id: team } : {}), token });
    } catch (e) {
      // Slack says the installation is gone (account_inactive comes with no event): recorded and reported once.
      const code = (e as { data?: { error?: string } })?.data?.error;
      if (code && (REVOKED_ANSWERS as readonly string[]).includes(code)) await this.tokens.revoke?.(team, code);
      throw e;
    }
    // A DM opened (or posted to by user id) is that person's workspace's: later calls on its D… id go there too.
    const opened = (result as { channel?: { id?: string } | string }).channel;
    const dmId = typeof opened === "string" ? opened : opened?.id;
    if (dmId?.startsWith("D") && (method === "conversations.open" || method === "chat.postMessage")) this.dmTeams.set(dmId, team);
    return result;
  }
}

// A local Slack emulator: a Web API server (POST /api/<method>) plus response_url endpoints
// (POST /response/<id>), with in-memory workspace state that tests can read and manipulate.
// It aims to answer the way Slack does (HTTP 200 {ok:false,error}) and is deliberately a little
// stricter than Slack in places (documented inline) so that bugs surface in tests.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { parse as parseQuery } from "node:querystring";
import type { AddressInfo } from "node:net";
import { validateBlocks, validateView, viewTooLarge } from "./block-kit";
import { liveMentions, messageMentions } from "./mentions";
import { SocketModeServer, type SocketModeOptions } from "./socket-mode";
import type {
  EmuBookmark, EmuCall, EmuChannel, EmuEphemeral, EmuFailure, EmuFile, EmuMessage, EmuPlatformEvent, EmuSharedInvite, EmuTeam,
  EmuUser, EmuView, ResponseUrlContext, EmuEnterprise } from "./types";

export interface SlackEmulatorOptions {
  teamId?: string;
  teamDomain?: string;
  botToken?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** 0 (default) picks a random free port. */
  port?: number;
  /**
   * The address it listens on and names in its URLs (`apiUrl`, response_url): 127.0.0.1 by
   * default. Another one of this machine's addresses for apps elsewhere, e.g. Docker's bridge
   * gateway for containers (scripts/container-check.ts).
   */
  host?: string;
  /** How long a trigger_id stays valid (default 3000 ms, like Slack). */
  triggerTtlMs?: number;
  /** Socket Mode: the app-level token, its scopes and the acknowledgement deadline (see socket-mode.ts). */
  socketMode?: SocketModeOptions;
  /** OAuth v2: the app's client id and secret that /oauth/v2/authorize and oauth.v2.access accept. */
  clientId?: string;
  clientSecret?: string;
}

type Args = Record<string, any>;
type Handler = (args: Args) => Record<string, unknown>;

export const GENERAL_CHANNEL_ID = "C0GENERAL1";

/** Wall-clock milliseconds with a fraction (the time a call was recorded, for timing to the microsecond). */
export const preciseNow = (): number => performance.timeOrigin + performance.now();
const JSON_FIELDS = ["blocks", "view", "attachments", "metadata", "unfurls", "errors"];
const MAX_RESPONSE_URL_POSTS = 5;
/** Methods called with the app-level token (xapp-), not the bot token. */
const APP_LEVEL_METHODS = new Set(["apps.connections.open"]);
/** Methods called without a token (the OAuth code exchange authenticates with the client id and secret). */
const TOKENLESS_METHODS = new Set(["oauth.v2.access"]);
/** How long a Slack Connect invitation stays valid (Slack: 14 days; date_invalid in the events). */
const INVITE_TTL_S = 14 * 24 * 3600;

class ApiError extends Error {
  constructor(readonly code: string, readonly extra: Record<string, unknown> = {}) {
    super(code);
  }
}
const fail = (code: string, extra?: Record<string, unknown>): never => {
  throw new ApiError(code, extra);
};
const problemsMeta = (messages: string[]) => ({ response_metadata: { messages } });
const bool = (v: unknown): boolean => v === true || v === "true" || v === "1" || v === 1;
/**
 * The `oldest` / `latest` / `inclusive` arguments of conversations.history and .replies: messages
 * strictly between the two, or also at them with `inclusive` (Slack ignores it without a bound).
 */
const timeRange = (a: Record<string, unknown>): ((ts: string) => boolean) => {
  const oldest = str(a.oldest) ?? "0";
  const latest = str(a.latest) ?? "9999999999.999999";
  const inclusive = bool(a.inclusive) && (a.oldest !== undefined || a.latest !== undefined);
  return (ts) => (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest);
};
/** A list argument: an array, a JSON-encoded array (how WebClient sends arrays) or a comma list. */
const list = (v: unknown): string[] => {
  if (typeof v === "string" && v.trim().startsWith("[")) v = tryJson(v);
  if (Array.isArray(v)) return v.map(String);
  return typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : [];
};
const str = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

export class SlackEmulator {
  readonly url: string;
  readonly apiUrl: string;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly triggerTtlMs: number;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Socket Mode: apps.connections.open, the WebSocket, envelopes, disconnects and ack violations. */
  readonly socketMode: SocketModeServer;

  private readonly server: Server;
  private readonly usersById = new Map<string, EmuUser>();
  /** Workspaces by team id: the emulator's own team first, then those of addTeam. */
  private readonly teamsById = new Map<string, EmuTeam>();
  /**
   * The installation the Web API call being handled acts through (resolved from its token); the
   * emulator's own team outside calls. Handlers are synchronous, so one field is enough.
   */
  private cur!: EmuTeam;
  private platformEventList: EmuPlatformEvent[] = [];
  private platformEventListener: ((e: EmuPlatformEvent) => void) | null = null;
  private readonly oauthCodes = new Map<string, { teamId: string; enterpriseId?: string; userId: string; redirectUri: string; scope: string; used: boolean }>();
  private readonly enterprisesById = new Map<string, EmuEnterprise>();
  private readonly channelsById = new Map<string, EmuChannel>();
  /** All messages of a channel (top-level and replies), in ts order. */
  private readonly messagesByChannel = new Map<string, EmuMessage[]>();
  private ephemeralList: EmuEphemeral[] = [];
  private readonly viewsById = new Map<string, EmuView>();
  private readonly modalStacks = new Map<string, string[]>();
  private readonly homeViewIds = new Map<string, string>();
  private readonly pinsByChannel = new Map<string, string[]>();
  private readonly reactionsByMessage = new Map<string, string[]>();
  private readonly bookmarksByChannel = new Map<string, EmuBookmark[]>();
  private readonly invites = new Map<string, EmuSharedInvite>();
  private readonly filesById = new Map<string, EmuFile>();
  private callLog: EmuCall[] = [];
  private readonly failures = new Map<string, { failure: EmuFailure; remaining: number }[]>();
  /** The slow-answer fault; `responseUrls`: response_url posts take as long (a Slack slow everywhere). */
  private slow: { ms: number; methods: Set<string> | null; when: ((args: Args) => boolean) | null; responseUrls: boolean } | null = null;
  private readonly triggers = new Map<string, { userId: string; teamId: string; issuedAt: number; used: boolean }>();
  private readonly responseUrls = new Map<string, { ctx: ResponseUrlContext; posts: number }>();
  private lastTsMicros = 0;
  private seq = 0;

  private constructor(server: Server, opts: SlackEmulatorOptions) {
    this.server = server;
    const { port, address } = server.address() as AddressInfo;
    this.url = `http://${address.includes(":") ? `[${address}]` : address}:${port}`;
    this.apiUrl = `${this.url}/api/`;
    this.teamId = opts.teamId ?? "T0RENKEI1";
    this.teamDomain = opts.teamDomain ?? "renkei-emulator";
    this.botUserId = opts.botUserId ?? "U0BOT00001";
    this.botId = opts.botId ?? "B0BOT00001";
    this.appId = opts.appId ?? "A0RENKEI01";
    this.triggerTtlMs = opts.triggerTtlMs ?? 3000;
    this.clientId = opts.clientId ?? "1111111111.2222222222";
    this.clientSecret = opts.clientSecret ?? "emulator-client-secret";
    this.socketMode = new SocketModeServer(() => this.url, this.appId, opts.socketMode);
    server.on("upgrade", (req, socket, head) => this.socketMode.handleUpgrade(req, socket, head));
    this.cur = {
      id: this.teamId, domain: this.teamDomain, name: this.teamDomain, botToken: opts.botToken ?? "xoxb-emulator-token", botUserId: this.botUserId,
      botId: this.botId, installed: true, generalChannelId: GENERAL_CHANNEL_ID, requiresApproval: false,
    };
    this.teamsById.set(this.teamId, this.cur);
    this.usersById.set(this.botUserId, {
      id: this.botUserId, name: "renkei", realName: "renkei", teamId: this.teamId, isBot: true, locale: "en-US",
      tz: "Asia/Tokyo",
    });
    this.createGeneral(this.cur);
  }

  static async start(opts: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
    let emulator: SlackEmulator | undefined;
    const server = createServer((req, res) => {
      if (!emulator) {
        res.writeHead(503).end();
        return;
      }
      emulator.handle(req, res).catch((err) => {
        console.error("[slack-emulator] internal error", err);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: false, error: "internal_error" }));
      });
    });
    // Idle keep-alive sockets stay open longer than a test pauses (a 5 s default lets a client
    // reuse a socket the server is closing: a spurious "Slack could not be reached").
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
    });
    emulator = new SlackEmulator(server, opts);
    return emulator;
  }

  /** The bot token of the app's installation in the emulator's own team. */
  get botToken(): string {
    return this.primary.botToken ?? "";
  }

  /** The app-level token (xapp-) that apps.connections.open accepts. */
  get appToken(): string {
    return this.socketMode.appToken;
  }

  async stop(): Promise<void> {
    await this.socketMode.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /**
   * Clears all workspace state except users (the bot user and every addUser'd user stay), teams
   * and their installations, and options. Channels are dropped and each team's "general"
   * (C0GENERAL1 for the emulator's own) is recreated with all human users of that team as members;
   * revoked installations work again. Calls, fault injections, triggers, response_urls, views,
   * messages, ephemerals, pins, reactions, bookmarks and invites are cleared.
   */
  reset(): void {
    this.channelsById.clear();
    this.messagesByChannel.clear();
    this.ephemeralList = [];
    this.viewsById.clear();
    this.modalStacks.clear();
    this.homeViewIds.clear();
    this.pinsByChannel.clear();
    this.reactionsByMessage.clear();
    this.bookmarksByChannel.clear();
    this.invites.clear();
    this.filesById.clear();
    this.callLog = [];
    this.failures.clear();
    this.slow = null;
    this.triggers.clear();
    this.responseUrls.clear();
    this.socketMode.reset();
    this.platformEventList = [];
    this.oauthCodes.clear();
    for (const team of this.teamsById.values()) {
      team.revoked = undefined;
      this.createGeneral(team);
    }
    this.cur = this.primary;
  }

  // ---------------------------------------------------------------------------------------------
  // Workspace set-up
  // ---------------------------------------------------------------------------------------------

  addUser(u: {
    id: string; name: string; realName?: string; teamId?: string; email?: string; isBot?: boolean; locale?: string;
    tz?: string; alsoInTeams?: string[];
  }): EmuUser {
    const user: EmuUser = {
      id: u.id, name: u.name, realName: u.realName ?? u.name, teamId: u.teamId ?? this.teamId, email: u.email,
      ...(u.alsoInTeams ? { alsoInTeams: [...u.alsoInTeams] } : {}),
      isBot: u.isBot ?? false, locale: u.locale ?? "ja-JP", tz: u.tz ?? "Asia/Tokyo",
    };
    this.usersById.set(user.id, user);
    const team = this.teamsById.get(user.teamId);
    const general = team ? this.channelsById.get(team.generalChannelId) : undefined;
    if (general && !user.isBot && !general.members.includes(user.id)) general.members.push(user.id);
    return user;
  }

  user(id: string): EmuUser | undefined {
    return this.usersById.get(id);
  }

  users(): EmuUser[] {
    return [...this.usersById.values()];
  }

  /**
   * Adds a channel, hosted by `teamId` (default the emulator's own team). The bot is NOT a member
   * unless its user id is listed in `members`.
   */
  addChannel(c: { id?: string; name: string; isPrivate?: boolean; members?: string[]; isIm?: boolean; teamId?: string }): EmuChannel {
    if (c.teamId !== undefined && !this.teamsById.has(c.teamId)) throw new Error(`addChannel: unknown team ${c.teamId} (add it with addTeam)`);
    const ch = this.newChannel({
      id: c.id ?? this.newId(c.isIm ? "D" : c.isPrivate ? "G" : "C"),
      name: c.name, isPrivate: c.isPrivate ?? false, isIm: c.isIm ?? false, members: [...(c.members ?? [])],
      creator: c.members?.[0] ?? "", teamId: c.teamId ?? this.teamId,
    });
    return ch;
  }

  /** Adds users (e.g. the bot) to a channel directly, bypassing the API. */
  addMembers(channelId: string, ...userIds: string[]): void {
    const ch = this.mustChannel(channelId);
    for (const id of userIds) if (!ch.members.includes(id)) ch.members.push(id);
  }

  /**
   * A person accepts a conversations.inviteShared invitation in Slack's client: its users (and
   * users known by email) join, and the channel is shared with their team. (The app's own
   * acceptance is conversations.acceptSharedInvite; admin approval is approveSharedInvite.)
   */
  acceptSharedInvite(inviteId: string): void {
    const invite = this.invites.get(inviteId);
    if (!invite) throw new Error(`Unknown shared invite ${inviteId}`);
    if (invite.status === "declined" || invite.status === "expired") throw new Error(`Shared invite ${inviteId} is ${invite.status}`);
    invite.accepted = true;
    invite.status = "accepted";
    const ch = this.mustChannel(invite.channel);
    ch.isExtShared = true;
    if (invite.targetTeamId && invite.targetTeamId !== ch.teamId && !ch.connectedTeamIds.includes(invite.targetTeamId)) {
      ch.connectedTeamIds.push(invite.targetTeamId);
    }
    const byEmail = invite.emails
      .map((e) => [...this.usersById.values()].find((u) => u.email === e)?.id)
      .filter((id): id is string => !!id);
    for (const id of [...invite.userIds, ...byEmail]) if (!ch.members.includes(id)) ch.members.push(id);
  }

  // ---------------------------------------------------------------------------------------------
  // Workspaces (teams), installations and Slack Connect
  // ---------------------------------------------------------------------------------------------

  /**
   * Adds a workspace with its own #general (members: its human users) and the app's bot user in
   * it. Installed by default with its own bot token; `installed: false` leaves it to the OAuth flow
   * (/oauth/v2/authorize + oauth.v2.access). A token works only in its own team.
   */
  addTeam(t: {
    id: string; domain?: string; name?: string; botToken?: string; botUserId?: string; botId?: string; installed?: boolean;
    generalChannelId?: string; requiresApproval?: boolean;
  }): EmuTeam {
    if (this.teamsById.has(t.id)) throw new Error(`addTeam: team ${t.id} exists`);
    const n = this.teamsById.size + 1;
    const installed = t.installed ?? true;
    const team: EmuTeam = {
      id: t.id, domain: t.domain ?? `renkei-emulator-${n}`, name: t.name ?? t.domain ?? `Workspace ${n}`,
      botToken: installed ? (t.botToken ?? `xoxb-emulator-token-${n}`) : undefined,
      botUserId: t.botUserId ?? `U0BOT0000${n}`, botId: t.botId ?? `B0BOT0000${n}`, installed,
      generalChannelId: t.generalChannelId ?? `C0GENERAL${n}`, requiresApproval: t.requiresApproval ?? false,
    };
    if (this.usersById.has(team.botUserId)) throw new Error(`addTeam: user id ${team.botUserId} is taken`);
    this.teamsById.set(team.id, team);
    this.usersById.set(team.botUserId, {
      id: team.botUserId, name: "renkei", realName: "renkei", teamId: team.id, isBot: true, locale: "en-US", tz: "Asia/Tokyo",
    });
    this.createGeneral(team);
    return team;
  }

  team(teamId: string): EmuTeam | undefined {
    return this.teamsById.get(teamId);
  }

  /** Enterprise Grid: an organisation holding these teams (not installed until an org-wide OAuth install). */
  addEnterprise(e: { id: string; name?: string; teamIds: string[] }): EmuEnterprise {
    if (this.enterprisesById.has(e.id)) throw new Error(`addEnterprise: ${e.id} exists`);
    const ent: EmuEnterprise = { id: e.id, name: e.name ?? e.id, teamIds: [...e.teamIds] };
    for (const t of e.teamIds) this.mustTeam(t).enterpriseId = e.id;
    this.enterprisesById.set(e.id, ent);
    return ent;
  }

  enterprise(id: string): EmuEnterprise | undefined {
    return this.enterprisesById.get(id);
  }

  /** Whether a team is served by its organisation's org-wide install. */
  isOrgWideInstalled(teamId: string): boolean {
    const e = this.teamsById.get(teamId)?.enterpriseId;
    return !!e && !!this.enterprisesById.get(e)?.botToken;
  }

  teams(): EmuTeam[] {
    return [...this.teamsById.values()];
  }

  /** The team (workspace) a user belongs to, when it is one of the emulator's teams. */
  teamOf(userId: string): EmuTeam | undefined {
    const u = this.usersById.get(userId);
    return u ? this.teamsById.get(u.teamId) : undefined;
  }

  /**
   * Revokes a team's installation: every call with its token fails with `token_revoked` (the app
   * was uninstalled; Slack raises app_uninstalled and tokens_revoked, queued as platform events) or
   * `account_inactive` (the bot user or workspace was deactivated).
   */
  revokeInstallation(teamId: string, reason: "token_revoked" | "account_inactive" = "token_revoked"): void {
    const team = this.mustTeam(teamId);
    team.revoked = reason;
    if (reason === "token_revoked") {
      this.raise(team.id, { type: "tokens_revoked", tokens: { bot: [team.botUserId] }, event_ts: this.nextTs() });
      this.raise(team.id, { type: "app_uninstalled", event_ts: this.nextTs() });
    }
  }

  /** Installs the app in a team as the OAuth flow's oauth.v2.access does (a new bot token). */
  install(teamId: string): EmuTeam {
    const team = this.mustTeam(teamId);
    if (!team.installed || team.revoked) team.botToken = `xoxb-${team.id.toLowerCase()}-${randomBytes(6).toString("hex")}`;
    team.installed = true;
    team.revoked = undefined;
    return team;
  }

  /** The admins of the accepting team approve a Slack Connect invitation waiting for approval: the channel becomes shared. */
  approveSharedInvite(inviteId: string): void {
    const invite = this.mustInvite(inviteId);
    if (invite.status !== "pending_approval") throw new Error(`approveSharedInvite: invite ${inviteId} is ${invite.status}, not pending_approval`);
    this.connect(invite);
    const ch = this.mustChannel(invite.channel);
    const event = {
      type: "shared_channel_invite_approved", invite: this.inviteJson(invite), channel: this.sharedChannelItem(ch),
      approving_team_id: invite.targetTeamId, teams_in_channel: this.teamsInChannel(ch), approving_user: {}, event_ts: this.nextTs(),
    };
    for (const teamId of this.inviteTeams(invite)) this.raise(teamId, event);
  }

  /**
   * The invitation is refused (by the invited people or the accepting team's admins): nothing is
   * shared, both teams' installations get shared_channel_invite_declined, and it cannot be accepted any more.
   */
  declineSharedInvite(inviteId: string): void {
    const invite = this.mustInvite(inviteId);
    if (invite.status === "accepted") throw new Error(`declineSharedInvite: invite ${inviteId} was accepted`);
    invite.status = "declined";
    const ch = this.mustChannel(invite.channel);
    const event = {
      type: "shared_channel_invite_declined", invite: this.inviteJson(invite), channel: this.sharedChannelItem(ch),
      declining_team_id: invite.targetTeamId, teams_in_channel: this.teamsInChannel(ch), declining_user: {}, event_ts: this.nextTs(),
    };
    for (const teamId of this.inviteTeams(invite)) this.raise(teamId, event);
  }

  /** The invitation runs out (Slack: after 14 days) without being accepted: it can no longer be accepted. No event. */
  expireSharedInvite(inviteId: string): void {
    const invite = this.mustInvite(inviteId);
    if (invite.status === "accepted") throw new Error(`expireSharedInvite: invite ${inviteId} was accepted`);
    invite.status = "expired";
  }

  /** Events Slack raised itself (Slack Connect, uninstall) that were not delivered yet, oldest first. */
  pendingPlatformEvents(): EmuPlatformEvent[] {
    return [...this.platformEventList];
  }

  /** Takes (removes and returns) the undelivered platform events; the driver delivers them. */
  takePlatformEvents(): EmuPlatformEvent[] {
    const out = this.platformEventList;
    this.platformEventList = [];
    return out;
  }

  /** Calls `listener` for every platform event as Slack raises it (instead of queueing it); null stops. */
  onPlatformEvent(listener: ((e: EmuPlatformEvent) => void) | null): void {
    this.platformEventListener = listener;
    if (listener) for (const e of this.takePlatformEvents()) listener(e);
  }

  /**
   * Stores a message as if a human posted it (no API call, no event). The driver's
   * `userMessage` uses this and then delivers the message event to the app.
   */
  addUserMessage(opts: { user: string; channel: string; text: string; threadTs?: string; blocks?: unknown[]; attachments?: unknown[] }): EmuMessage {
    const ch = this.mustChannel(opts.channel);
    return this.storeMessage(ch, { user: opts.user, text: opts.text, blocks: opts.blocks, threadTs: opts.threadTs, attachments: opts.attachments });
  }

  /** A message's permalink, as chat.getPermalink answers it. */
  permalink(channelId: string, ts: string): string {
    const ch = this.mustChannel(channelId);
    const m = this.message(ch.id, ts);
    const base = `https://${this.hostOf(ch).domain}.slack.com/archives/${ch.id}/p${ts.replace(".", "")}`;
    return m?.threadTs ? `${base}?thread_ts=${m.threadTs}&cid=${ch.id}` : base;
  }

  /**
   * The attachment Slack adds to a message that shares (forwards) another one: is_share, the
   * source's from_url, channel and ts, its author and text.
   */
  shareAttachment(channelId: string, ts: string): Record<string, unknown> {
    const ch = this.mustChannel(channelId);
    const m = this.message(ch.id, ts);
    if (!m) throw new Error(`shareAttachment: no message ${ts} in ${ch.id}`);
    return {
      is_share: true, is_msg_unfurl: true, from_url: this.permalink(ch.id, ts), ts: m.ts, channel_id: ch.id, channel_team: ch.teamId,
      channel_name: ch.name, author_id: m.user, text: m.text, fallback: `[${m.ts}] ${m.text}`.slice(0, 200),
      message_blocks: [{ team: ch.teamId, channel: ch.id, ts: m.ts, message: { blocks: m.blocks ?? [] } }],
    };
  }

  /**
   * A person unarchives a channel in Slack's client (bot tokens cannot call conversations.unarchive;
   * Slack documents it as a known limitation). Returns the channel; the driver delivers the event.
   */
  unarchiveByUser(channelId: string, userId: string): EmuChannel {
    const ch = this.channelsById.get(channelId);
    if (!ch) throw new Error(`unarchiveByUser: unknown channel ${channelId}`);
    if (!ch.isArchived) throw new Error(`unarchiveByUser: ${channelId} is not archived`);
    if (!this.usersById.has(userId)) throw new Error(`unarchiveByUser: unknown user ${userId}`);
    ch.isArchived = false;
    if (!ch.members.includes(userId)) ch.members.push(userId); // the person who unarchives joins it
    return ch;
  }

  // ---------------------------------------------------------------------------------------------
  // State reading
  // ---------------------------------------------------------------------------------------------

  channel(idOrName: string): EmuChannel | undefined {
    const byId = this.channelsById.get(idOrName);
    if (byId) return byId;
    const name = idOrName.replace(/^#/, "");
    return [...this.channelsById.values()].find((c) => !c.isIm && c.name === name);
  }

  channels(): EmuChannel[] {
    return [...this.channelsById.values()];
  }

  /** Top-level messages by default; with threadTs, the replies of that thread (without the parent). */
  messages(channelId: string, opts: { threadTs?: string } = {}): EmuMessage[] {
    const id = this.channel(channelId)?.id ?? channelId;
    const all = this.messagesByChannel.get(id) ?? [];
    return opts.threadTs === undefined ? all.filter((m) => !m.threadTs) : all.filter((m) => m.threadTs === opts.threadTs);
  }

  message(channelId: string, ts: string): EmuMessage | undefined {
    const id = this.channel(channelId)?.id ?? channelId;
    return this.messagesByChannel.get(id)?.find((m) => m.ts === ts);
  }

  pins(channelId: string): string[] {
    return [...(this.pinsByChannel.get(channelId) ?? [])];
  }

  /** chat.postEphemeral and ephemeral response_url posts, oldest first; optionally for one user. */
  ephemerals(userId?: string): EmuEphemeral[] {
    return this.ephemeralList.filter((e) => userId === undefined || e.user === userId);
  }

  /**
   * The IM channel between a user and the bot of the user's own team (the emulator's team for
   * users of a team it does not know), created on demand (like conversations.open).
   */
  dmChannelId(userId: string): string {
    const existing = [...this.channelsById.values()].find((c) => c.isIm && c.imUser === userId);
    if (existing) return existing.id;
    let id = `D${userId.replace(/^[UW]/, "")}`;
    if (this.channelsById.has(id)) id = this.newId("D");
    const team = this.teamOf(userId) ?? this.primary;
    const ch = this.newChannel({ id, name: "", isPrivate: true, isIm: true, members: [team.botUserId, userId], creator: userId, teamId: team.id });
    ch.imUser = userId;
    return id;
  }

  dms(userId: string): EmuMessage[] {
    return this.messages(this.dmChannelId(userId));
  }

  view(viewId: string): EmuView | undefined {
    return this.viewsById.get(viewId);
  }

  /** Modals currently open for the user, stack order (last = top). */
  openViews(userId: string): EmuView[] {
    return (this.modalStacks.get(userId) ?? []).map((id) => this.viewsById.get(id)!).filter((v) => !v.closed);
  }

  homeView(userId: string): EmuView | undefined {
    const id = this.homeViewIds.get(userId);
    return id ? this.viewsById.get(id) : undefined;
  }

  bookmarks(channelId: string): EmuBookmark[] {
    return [...(this.bookmarksByChannel.get(channelId) ?? [])];
  }

  /** Reaction names the bot added to a message. */
  reactions(channelId: string, ts: string): string[] {
    return [...(this.reactionsByMessage.get(`${channelId}/${ts}`) ?? [])];
  }

  /** Files uploaded through files.getUploadURLExternal / upload URL / files.completeUploadExternal. */
  files(): EmuFile[] {
    return [...this.filesById.values()];
  }

  file(id: string): EmuFile | undefined {
    return this.filesById.get(id);
  }

  sharedInvites(): EmuSharedInvite[] {
    return [...this.invites.values()];
  }

  /** Every Web API call (and response_url post, method "response_url") in order. */
  calls(method?: string): EmuCall[] {
    return this.callLog.filter((c) => method === undefined || c.method === method);
  }

  /** Live mentions Slack would render in a mrkdwn text (normalized, without |labels). */
  liveMentions(text: string): string[] {
    return liveMentions(text);
  }

  // ---------------------------------------------------------------------------------------------
  // Test control
  // ---------------------------------------------------------------------------------------------

  /** Makes the next `times` calls of `method` fail: with an API error, or with an HTTP status. */
  failNext(method: string, failure: EmuFailure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    queue.push({ failure, remaining: times });
    this.failures.set(method, queue);
  }

  /**
   * Slow-answer fault: Web API calls (all, those of `methods`, those whose arguments match `when`)
   * take `ms` before they take effect
   * and are answered, like a Slack that is slow to respond (a message being posted is not in the
   * channel's history yet); 0 makes answers prompt again.
   */
  slowAnswers(ms: number, opts: { methods?: string[]; when?: (args: Record<string, unknown>) => boolean; responseUrls?: boolean } = {}): void {
    this.slow = ms > 0 ? { ms, methods: opts.methods ? new Set(opts.methods) : null, when: opts.when ?? null, responseUrls: opts.responseUrls ?? false } : null;
  }

  /** Polls `fn` every ~10 ms until it returns a truthy value, which is returned. */
  async waitFor<T>(
    fn: () => T | undefined | false | null,
    opts: { timeoutMs?: number; message?: string } = {},
  ): Promise<T> {
    const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
    for (;;) {
      const value = fn();
      if (value) return value;
      if (Date.now() > deadline) {
        throw new Error(`waitFor timed out after ${opts.timeoutMs ?? 10_000} ms${opts.message ? `: ${opts.message}` : ""}`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /**
   * Issues a trigger_id for the user: valid triggerTtlMs (3 s), single use, and (stricter than
   * documented) only with the token of the installation the interaction was sent to (`teamId`,
   * default the user's team, else the emulator's).
   */
  registerTrigger(userId: string, teamId?: string): string {
    const id = `${Math.floor(Date.now() / 1000)}.${this.seqNum()}.${randomBytes(8).toString("hex")}`;
    this.triggers.set(id, { userId, teamId: teamId ?? (this.teamOf(userId) ?? this.primary).id, issuedAt: Date.now(), used: false });
    return id;
  }

  /** Issues a response_url (used by the driver). At most 5 posts are accepted. */
  createResponseUrl(ctx: ResponseUrlContext): string {
    const id = `${ctx.teamId ?? this.teamId}/${this.seqNum()}/${randomBytes(8).toString("hex")}`;
    this.responseUrls.set(id, { ctx, posts: 0 });
    return `${this.url}/response/${id}`;
  }

  // --- view stack operations used by the driver when applying a view_submission reply ---

  /** Closes one view (Slack closes just the submitted view when the ack has no body). */
  closeView(viewId: string): void {
    const v = this.viewsById.get(viewId);
    if (!v) return;
    v.closed = true;
    const stack = this.modalStacks.get(v.userId);
    if (stack) this.modalStacks.set(v.userId, stack.filter((id) => id !== viewId));
  }

  /** Closes every modal of the user (response_action "clear"). */
  clearModals(userId: string): void {
    for (const v of this.openViews(userId)) v.closed = true;
    this.modalStacks.set(userId, []);
  }

  /** Replaces a view's content (response_action "update"). Throws on an invalid view. */
  replaceView(viewId: string, view: Record<string, any>): EmuView {
    const v = this.viewsById.get(viewId);
    if (!v) throw new Error(`Unknown view ${viewId}`);
    const problems = validateView({ type: v.type, ...view });
    if (problems.length) throw new Error(`Invalid view in response_action update:\n${problems.join("\n")}`);
    v.view = { type: v.type, ...view };
    v.hash = this.newHash();
    v.errors = undefined;
    return v;
  }

  /** Pushes a view on the user's modal stack (response_action "push"). Throws on an invalid view or a full stack. */
  pushView(userId: string, view: Record<string, any>): EmuView {
    const problems = validateView({ type: "modal", ...view });
    if (problems.length) throw new Error(`Invalid view in response_action push:\n${problems.join("\n")}`);
    const stack = this.modalStacks.get(userId) ?? [];
    if (stack.length >= 3) throw new Error("push_limit_reached: Slack allows at most 3 views in a modal stack");
    return this.createModal(userId, { type: "modal", ...view }, stack);
  }

  setViewErrors(viewId: string, errors: Record<string, string> | undefined): void {
    const v = this.viewsById.get(viewId);
    if (v) v.errors = errors;
  }

  setViewState(viewId: string, state: EmuView["state"]): void {
    const v = this.viewsById.get(viewId);
    if (v) v.state = state;
  }

  /** Slack JSON for a stored message (as in API responses and interaction payloads). */
  messageJson(m: EmuMessage): Record<string, unknown> {
    return {
      type: "message", user: m.user, ...(m.botId ? { bot_id: m.botId, app_id: this.appId } : {}), text: m.text, ts: m.ts,
      team: (this.teamOf(m.user) ?? this.primary).id, ...(m.threadTs ? { thread_ts: m.threadTs } : m.replyCount ? { thread_ts: m.ts, reply_count: m.replyCount } : {}),
      ...(m.blocks ? { blocks: m.blocks } : {}), ...(m.attachments ? { attachments: m.attachments } : {}),
      ...(m.edited ? { edited: m.edited } : {}), ...(m.metadata ? { metadata: m.metadata } : {}),
    };
  }

  /** Slack JSON for a stored view (as in views.* responses and interaction payloads). */
  viewJson(v: EmuView): Record<string, unknown> {
    const team = this.teamOf(v.userId) ?? this.primary;
    return {
      id: v.id, team_id: team.id, type: v.type, blocks: [], private_metadata: "", callback_id: "",
      clear_on_close: false, notify_on_close: false, external_id: "", submit_disabled: false,
      ...v.view,
      state: v.state, hash: v.hash, previous_view_id: v.previousViewId, root_view_id: v.rootViewId, app_id: this.appId,
      app_installed_team_id: team.id, bot_id: team.botId,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP
  // ---------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (req.method === "POST" && url.pathname.startsWith("/upload/v1/")) {
      return this.handleUpload(decodeURIComponent(url.pathname.slice("/upload/v1/".length)), req, body, res);
    }
    const raw = body.toString("utf8");
    if (req.method === "POST" && url.pathname.startsWith("/api/")) {
      return this.handleApi(decodeURIComponent(url.pathname.slice(5)), req, url, raw, res);
    }
    if (req.method === "POST" && url.pathname.startsWith("/response/")) {
      const id = url.pathname.slice("/response/".length);
      if (this.slow?.responseUrls) return void setTimeout(() => this.handleResponseUrl(id, raw, res), this.slow.ms);
      return this.handleResponseUrl(id, raw, res);
    }
    if (req.method === "GET" && url.pathname === "/oauth/v2/authorize") return this.handleAuthorize(url, res);
    res.writeHead(404, { "content-type": "text/plain" }).end("not_found");
  }

  private handleApi(method: string, req: IncomingMessage, url: URL, raw: string, res: ServerResponse): void {
    const args = decodeArgs(req.headers["content-type"], raw, url.searchParams);
    const slow = this.slow;
    if (slow && (!slow.methods || slow.methods.has(method)) && (!slow.when || slow.when(args))) setTimeout(() => this.processApi(method, req, args, res), slow.ms);
    else this.processApi(method, req, args, res);
  }

  private processApi(method: string, req: IncomingMessage, args: Args, res: ServerResponse): void {
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : str(args.token);
    delete args.token;
    const call: EmuCall = { method, args, response: undefined, at: preciseNow() };
    this.callLog.push(call);

    const failure = this.takeFailure(method);
    const orgWide = token ? this.orgTeamFor(token, method, args) : undefined;
    const tokenTeam = token ? (this.teamByToken(token) ?? orgWide?.team) : undefined;
    if (tokenTeam) call.teamId = tokenTeam.id;
    this.cur = tokenTeam ?? this.primary;
    if (failure && "status" in failure && failure.afterApply && tokenTeam && !tokenTeam.revoked) {
      try {
        this.methods[method]?.(args);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
      }
    }
    if (failure && "status" in failure) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (failure.retryAfter !== undefined) headers["retry-after"] = String(failure.retryAfter);
      const body = failure.body ?? JSON.stringify({ ok: false, error: failure.status === 429 ? "ratelimited" : "internal_error" });
      call.response = { status: failure.status, body };
      res.writeHead(failure.status, headers).end(body);
      return;
    }

    let response: Record<string, unknown>;
    const handler = this.methods[method];
    try {
      if (failure) fail(failure.error);
      if (!handler) fail("unknown_method");
      if (TOKENLESS_METHODS.has(method)) {
        // authenticated by client_id / client_secret in the handler
      } else if (!token) fail("not_authed");
      else if (APP_LEVEL_METHODS.has(method)) {
        const refused = this.socketMode.checkToken(token!, this.botToken);
        if (refused) fail(refused.error, refused.extra);
      } else if (token === this.socketMode.appToken) fail("not_allowed_token_type");
      else if (orgWide?.error) fail(orgWide.error, problemsMeta([orgWide.detail ?? orgWide.error]));
      else if (!tokenTeam) fail("invalid_auth");
      else if (tokenTeam.revoked) fail(tokenTeam.revoked);
      response = { ok: true, ...handler!(args) };
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      response = { ok: false, error: err.code, ...err.extra };
    }
    call.response = response;
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(response));
  }

  /**
   * The upload URL files.getUploadURLExternal hands out: the file's bytes, raw or as
   * multipart/form-data (the Node SDK sends a form with one file part). Slack answers 200
   * "OK - <bytes>"; an unknown or used URL is a 404. Stricter than Slack: the bytes must match the
   * length declared to files.getUploadURLExternal (400 otherwise), so a wrong length surfaces in tests.
   * Fault injection: failNext("upload", { status }) fails the next upload POST.
   */
  private async handleUpload(fileId: string, req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const call: EmuCall = { method: "upload", args: { file_id: fileId, bytes: body.length }, response: undefined, at: preciseNow() };
    this.callLog.push(call);
    const answer = (status: number, text: string) => {
      call.response = { status, body: text };
      res.writeHead(status, { "content-type": "text/plain" }).end(text);
    };
    const failure = this.takeFailure("upload");
    if (failure && "status" in failure) return answer(failure.status, failure.body ?? "upload failed");
    const file = this.filesById.get(fileId);
    if (!file || file.completed || file.content) return answer(404, "not_found");
    let content = body;
    const type = req.headers["content-type"] ?? "";
    if (type.startsWith("multipart/form-data")) {
      const form = await new Response(new Uint8Array(body), { headers: { "content-type": type } }).formData();
      const part = [...form.values()].find((v) => typeof v !== "string") as Blob | undefined;
      if (!part) return answer(400, "no_file_data");
      content = Buffer.from(await part.arrayBuffer());
    }
    if (content.length !== file.length) return answer(400, `length_mismatch: declared ${file.length}, received ${content.length}`);
    file.content = content;
    answer(200, `OK - ${content.length}`);
  }

  /**
   * Slack's OAuth v2 consent page, approved at once: `team` picks the workspace (as on Slack) and
   * `user` (an emulator extension) the installing person, default the team's first human. Answers
   * 302 to redirect_uri with code and state; a bad client_id or a missing redirect_uri is a 400.
   */
  private handleAuthorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const call: EmuCall = { method: "oauth/v2/authorize", args: Object.fromEntries(q.entries()), response: undefined, at: preciseNow() };
    this.callLog.push(call);
    const refuse = (error: string) => {
      call.response = { status: 400, body: error };
      res.writeHead(400, { "content-type": "text/plain" }).end(error);
    };
    if (q.get("client_id") !== this.clientId) return refuse("invalid_client_id");
    const redirectUri = q.get("redirect_uri");
    if (!redirectUri) return refuse("missing redirect_uri (the emulator has no configured default)");
    // Enterprise Grid: an org admin installs the app on the whole organisation.
    const ent = q.get("enterprise") ? this.enterprisesById.get(q.get("enterprise")!) : undefined;
    if (q.get("enterprise") && !ent) return refuse("invalid_enterprise");
    const team = this.teamsById.get(ent ? ent.teamIds[0]! : (q.get("team") ?? this.teamId));
    if (!team) return refuse("invalid_team");
    const userId = q.get("user") ?? [...this.usersById.values()].find((u) => u.teamId === team.id && !u.isBot)?.id ?? "";
    const installerTeam = this.usersById.get(userId)?.teamId;
    if (ent ? !installerTeam || !ent.teamIds.includes(installerTeam) : installerTeam !== team.id) return refuse("invalid_user: the installing person must be of the team (or organisation)");
    const code = `${team.id}.${randomBytes(12).toString("hex")}`;
    this.oauthCodes.set(code, { teamId: team.id, ...(ent ? { enterpriseId: ent.id } : {}), userId, redirectUri, scope: q.get("scope") ?? "", used: false });
    const to = new URL(redirectUri);
    to.searchParams.set("code", code);
    if (q.get("state") !== null) to.searchParams.set("state", q.get("state")!);
    call.response = { status: 302, location: to.toString() };
    res.writeHead(302, { location: to.toString() }).end();
  }

  private takeFailure(method: string): EmuFailure | undefined {
    const queue = this.failures.get(method);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.failure;
  }

  private handleResponseUrl(id: string, raw: string, res: ServerResponse): void {
    const send = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    const entry = this.responseUrls.get(id);
    let body: Args;
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return send(400, { ok: false, error: "invalid_payload" });
    }
    const call: EmuCall = { method: "response_url", args: { ...body, response_url_id: id }, response: undefined, at: preciseNow() };
    this.callLog.push(call);
    const reply = (status: number, response: Record<string, unknown>) => {
      call.response = response;
      send(status, response);
    };
    if (!entry) return reply(404, { ok: false, error: "invalid_url" });
    entry.posts += 1;
    if (entry.posts > MAX_RESPONSE_URL_POSTS) return reply(404, { ok: false, error: "used_url" });
    for (const f of JSON_FIELDS) if (typeof body[f] === "string") body[f] = tryJson(body[f]);
    try {
      reply(200, this.applyResponseUrlPost(entry.ctx, body));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      reply(err.code === "message_not_found" ? 404 : 400, { ok: false, error: err.code, ...err.extra });
    }
  }

  /**
   * The JSON body an app returns when it acknowledges a slash command is shown like a
   * response_url post: privately by default, in the channel with response_type in_channel.
   * Throws (with Slack's error code) when Slack would reject that body.
   */
  applyImmediateResponse(ctx: ResponseUrlContext, body: Args): void {
    for (const f of JSON_FIELDS) if (typeof body[f] === "string") body[f] = tryJson(body[f]);
    try {
      this.applyResponseUrlPost(ctx, body);
    } catch (err) {
      if (err instanceof ApiError) throw new Error(`slash command response rejected: ${err.code} ${JSON.stringify(err.extra ?? {})}`);
      throw err;
    }
  }

  /** What a response_url POST does to the workspace (throws ApiError for rejected posts). */
  private applyResponseUrlPost(ctx: ResponseUrlContext, body: Args): Record<string, unknown> {
    if (bool(body.delete_original)) {
      if (ctx.messageTs) this.deleteOrigin(ctx);
      return { ok: true };
    }
    this.checkContent(body);
    const text = str(body.text) ?? "";
    const blocks = body.blocks as unknown[] | undefined;
    if (bool(body.replace_original) && ctx.messageTs) {
      if (ctx.isEphemeral) {
        const old = this.ephemeralList.find((e) => e.ts === ctx.messageTs && e.user === ctx.userId);
        this.ephemeralList = this.ephemeralList.filter((e) => e !== old);
        this.ephemeralList.push({
          channel: ctx.channelId, user: ctx.userId, text, blocks, viaResponseUrl: true, replaceOriginal: true,
          ts: ctx.messageTs, threadTs: old?.threadTs,
        });
      } else {
        const m = this.message(ctx.channelId, ctx.messageTs);
        if (!m) return fail("message_not_found");
        this.applyUpdate(m, { text, blocks, attachments: body.attachments }, this.installationOf(ctx).botUserId);
      }
      return { ok: true };
    }
    if (body.response_type === "in_channel") {
      const ch = this.mustChannel(ctx.channelId);
      const bot = this.installationOf(ctx);
      this.storeMessage(ch, {
        user: bot.botUserId, botId: bot.botId, text, blocks, attachments: body.attachments, threadTs: str(body.thread_ts),
      });
    } else {
      this.ephemeralList.push({
        channel: ctx.channelId, user: ctx.userId, text, blocks, viaResponseUrl: true,
        replaceOriginal: bool(body.replace_original) || undefined, ts: this.nextTs(), threadTs: str(body.thread_ts),
      });
    }
    return { ok: true };
  }

  private deleteOrigin(ctx: ResponseUrlContext): void {
    if (ctx.isEphemeral) {
      this.ephemeralList = this.ephemeralList.filter((e) => !(e.ts === ctx.messageTs && e.user === ctx.userId));
    } else {
      const all = this.messagesByChannel.get(ctx.channelId) ?? [];
      this.messagesByChannel.set(ctx.channelId, all.filter((m) => m.ts !== ctx.messageTs));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------------------------

  private seqNum(): number {
    this.seq += 1;
    return this.seq;
  }

  private newId(prefix: string): string {
    return `${prefix}0${String(this.seqNum()).padStart(9, "0")}`;
  }

  private newHash(): string {
    return `${Math.floor(Date.now() / 1000)}.${randomBytes(6).toString("hex")}`;
  }

  /** Unique, strictly increasing message timestamps like "1764000000.000100". */
  private nextTs(): string {
    this.lastTsMicros = Math.max(Date.now() * 1000, this.lastTsMicros + 100);
    const s = Math.floor(this.lastTsMicros / 1e6);
    return `${s}.${String(this.lastTsMicros % 1e6).padStart(6, "0")}`;
  }

  private get primary(): EmuTeam {
    return this.teamsById.get(this.teamId)!;
  }

  private createGeneral(team: EmuTeam): void {
    const members = [...this.usersById.values()].filter((u) => !u.isBot && u.teamId === team.id).map((u) => u.id);
    this.newChannel({
      id: team.generalChannelId, name: "general", isPrivate: false, isIm: false, members, creator: members[0] ?? "", teamId: team.id,
    });
  }

  private newChannel(c: { id: string; name: string; isPrivate: boolean; isIm: boolean; members: string[]; creator: string; teamId: string }): EmuChannel {
    const ch: EmuChannel = {
      ...c, isArchived: false, topic: "", purpose: "", created: Math.floor(Date.now() / 1000), sharedInvites: [],
      isExtShared: false, connectedTeamIds: [],
    };
    this.channelsById.set(ch.id, ch);
    this.messagesByChannel.set(ch.id, []);
    return ch;
  }

  private mustChannel(id: string): EmuChannel {
    const ch = this.channel(id);
    if (!ch) throw new Error(`Unknown channel ${id}`);
    return ch;
  }

  /**
   * Resolves a channel argument (id, name, or a user id meaning the DM) for the calling
   * installation's bot. A channel of a team it is not installed in (not hosted by, nor shared
   * with, its team) does not exist for it, nor does a DM with a person of another of the
   * emulator's teams.
   */
  private apiChannel(arg: unknown): EmuChannel {
    const id = str(arg);
    if (!id) return fail("channel_not_found");
    if (/^[UW]/.test(id) && this.usersById.has(id)) {
      if (this.foreignUser(id)) return fail("channel_not_found");
      return this.channelsById.get(this.dmChannelId(id))!;
    }
    const ch = this.channelsById.get(id) ?? [...this.channelsById.values()].find((c) => !c.isIm && c.name === id.replace(/^#/, "") && this.visibleTo(c, this.cur));
    // Private channels the bot is not in are invisible to it.
    if (!ch || !this.visibleTo(ch, this.cur) || (ch.isPrivate && !ch.members.includes(this.cur.botUserId))) return fail("channel_not_found");
    return ch;
  }

  private requireBotMember(ch: EmuChannel): void {
    if (!ch.members.includes(this.cur.botUserId)) fail("not_in_channel");
  }

  /** Whether a channel exists in a team: hosted by it or shared with it through Slack Connect. */
  private visibleTo(ch: EmuChannel, team: EmuTeam): boolean {
    return ch.teamId === team.id || ch.connectedTeamIds.includes(team.id);
  }

  /** A person of another of the emulator's teams than the calling installation's (people of unknown teams are reachable as before). */
  private foreignUser(userId: string): boolean {
    const team = this.teamOf(userId);
    return !!team && team.id !== this.cur.id;
  }

  /** Whether the calling installation can see a person of another team: they meet in a channel shared with its team. */
  private canSeeUser(u: EmuUser): boolean {
    if (!this.foreignUser(u.id)) return true;
    return [...this.channelsById.values()].some((c) => c.connectedTeamIds.length > 0 && this.visibleTo(c, this.cur) && c.members.includes(u.id));
  }

  private hostOf(ch: EmuChannel): EmuTeam {
    return this.teamsById.get(ch.teamId) ?? this.primary;
  }

  private installationOf(ctx: ResponseUrlContext): EmuTeam {
    return (ctx.teamId ? this.teamsById.get(ctx.teamId) : undefined) ?? this.primary;
  }

  /**
   * An org-wide install's token acts in one team of its organisation per call: the one named
   * (team_id) or implied by the call's channel, user, trigger or view; conversations.create must
   * name it (stricter than needed elsewhere: the first team of the organisation otherwise).
   */
  private orgTeamFor(token: string, method: string, args: Args): { team?: EmuTeam; error?: string; detail?: string } | undefined {
    const ent = [...this.enterprisesById.values()].find((e) => e.botToken === token);
    if (!ent) return undefined;
    const inOrg = (teamId: string | undefined) => (teamId && ent.teamIds.includes(teamId) ? this.teamsById.get(teamId) : undefined);
    if (args.team_id !== undefined) {
      const named = inOrg(str(args.team_id));
      return named ? { team: named } : { error: "team_access_not_granted", detail: `team ${str(args.team_id)} is not in ${ent.id}` };
    }
    if (method === "conversations.create") return { error: "invalid_arguments", detail: "team_id is required with an org-wide token" };
    const channelId = str(args.channel) ?? str(args.channel_id);
    const user = str(args.user_id) ?? str(args.user) ?? list(args.users)[0];
    const trigger = str(args.trigger_id) ? this.triggers.get(str(args.trigger_id)!) : undefined;
    const view = str(args.view_id) ? this.viewsById.get(str(args.view_id)!) : undefined;
    const implied =
      (channelId?.match(/^[UW]/) ? inOrg(this.usersById.get(channelId)?.teamId) : undefined) ??
      (channelId ? inOrg(this.channel(channelId)?.teamId) : undefined) ??
      (user ? inOrg(this.usersById.get(user)?.teamId) : undefined) ??
      inOrg(trigger?.teamId) ??
      inOrg((view as { teamId?: string } | undefined)?.teamId);
    return { team: implied ?? this.teamsById.get(ent.teamIds[0]!)! };
  }

  private teamByToken(token: string): EmuTeam | undefined {
    for (const t of this.teamsById.values()) if (t.installed && t.botToken === token) return t;
    return undefined;
  }

  private mustTeam(teamId: string): EmuTeam {
    const team = this.teamsById.get(teamId);
    if (!team) throw new Error(`Unknown team ${teamId} (add it with addTeam)`);
    return team;
  }

  private mustInvite(inviteId: string): EmuSharedInvite {
    const invite = this.invites.get(inviteId);
    if (!invite) throw new Error(`Unknown shared invite ${inviteId}`);
    return invite;
  }

  /** Slack raises an event for one installation: queued for the driver, or handed to the listener. */
  private raise(teamId: string, event: Record<string, unknown>): void {
    const e = { teamId, event: { ...event } };
    if (this.platformEventListener) this.platformEventListener(e);
    else this.platformEventList.push(e);
  }

  /** The invitation's channel becomes shared with the invited team; that team's bot joins it. */
  private connect(invite: EmuSharedInvite): void {
    invite.status = "accepted";
    invite.accepted = true;
    const ch = this.mustChannel(invite.channel);
    ch.isExtShared = true;
    const target = invite.targetTeamId ? this.teamsById.get(invite.targetTeamId) : undefined;
    if (!target) return;
    if (!ch.connectedTeamIds.includes(target.id) && target.id !== ch.teamId) ch.connectedTeamIds.push(target.id);
    if (!ch.members.includes(target.botUserId)) ch.members.push(target.botUserId);
    this.raise(ch.teamId, { type: "channel_shared", connected_team_id: target.id, channel: ch.id, event_ts: this.nextTs() });
  }

  /** The inviting team and the invited one (when known), each once. */
  private inviteTeams(invite: EmuSharedInvite): string[] {
    return [...new Set([invite.teamId, ...(invite.targetTeamId ? [invite.targetTeamId] : [])])].filter((id) => this.teamsById.get(id)?.installed);
  }

  private teamJson(team: EmuTeam): Record<string, unknown> {
    return { id: team.id, name: team.name, icon: {}, is_verified: false, domain: team.domain, date_created: 1480946400 };
  }

  private inviteJson(invite: EmuSharedInvite): Record<string, unknown> {
    const inviter = this.usersById.get(invite.invitingUser);
    return {
      id: invite.inviteId, date_created: invite.dateCreated, date_invalid: invite.dateCreated + INVITE_TTL_S,
      inviting_team: this.teamJson(this.teamsById.get(invite.teamId) ?? this.primary),
      inviting_user: inviter ? { id: inviter.id, team_id: inviter.teamId, name: inviter.name, profile: { real_name: inviter.realName, team: inviter.teamId } } : {},
      ...(invite.emails[0] ? { recipient_email: invite.emails[0] } : {}), ...(invite.userIds[0] ? { recipient_user_id: invite.userIds[0] } : {}),
    };
  }

  private sharedChannelItem(ch: EmuChannel): Record<string, unknown> {
    return { id: ch.id, is_private: ch.isPrivate, is_im: false, name: ch.name };
  }

  private teamsInChannel(ch: EmuChannel): Record<string, unknown>[] {
    return [ch.teamId, ...ch.connectedTeamIds].map((id) => this.teamsById.get(id)).filter((t): t is EmuTeam => !!t).map((t) => this.teamJson(t));
  }

  private requireMessage(ch: EmuChannel, ts: unknown): EmuMessage {
    const m = typeof ts === "string" || typeof ts === "number" ? this.message(ch.id, String(ts)) : undefined;
    return m ?? fail("message_not_found");
  }

  /** text/blocks/attachments checks shared by chat.postMessage, chat.update, postEphemeral and response_urls. */
  private checkContent(args: Args): void {
    const text = str(args.text) ?? "";
    const { blocks, attachments } = args;
    if (!text && blocks === undefined && attachments === undefined) fail("no_text");
    if (blocks !== undefined) {
      const problems = validateBlocks(blocks, "message");
      if (problems.length) fail("invalid_blocks", problemsMeta(problems));
      // Stricter than Slack on purpose: blocks need a text fallback for notifications/screen readers.
      if (!text.trim()) {
        fail("no_text", problemsMeta(["[ERROR] blocks were sent without a non-empty `text` fallback (the emulator requires one)"]));
      }
    }
    if (text.length > 40_000) fail("msg_too_long");
  }

  private storeMessage(
    ch: EmuChannel,
    m: { user: string; botId?: string; text: string; blocks?: unknown[]; attachments?: unknown[]; threadTs?: string; metadata?: unknown },
  ): EmuMessage {
    const all = this.messagesByChannel.get(ch.id)!;
    let threadTs: string | undefined;
    if (m.threadTs) {
      const parent = all.find((x) => x.ts === m.threadTs);
      // Stricter than Slack (which silently accepts): replying to a message that does not exist is a bug.
      if (!parent) fail("thread_not_found");
      threadTs = parent!.threadTs ?? parent!.ts;
      const root = all.find((x) => x.ts === threadTs);
      if (root) root.replyCount += 1;
    }
    const message: EmuMessage = {
      channel: ch.id, ts: this.nextTs(), ...(threadTs ? { threadTs } : {}), user: m.user,
      ...(m.botId ? { botId: m.botId } : {}), text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.attachments ? { attachments: m.attachments } : {}), mentions: messageMentions(m.text, m.blocks), replyCount: 0,
      ...(m.metadata ? { metadata: m.metadata } : {}),
    };
    all.push(message);
    return message;
  }

  private applyUpdate(m: EmuMessage, u: { text?: string; blocks?: unknown; attachments?: unknown }, editor: string): void {
    if (u.text !== undefined) m.text = u.text;
    if (u.blocks !== undefined) m.blocks = u.blocks as unknown[];
    if (u.attachments !== undefined) m.attachments = u.attachments as unknown[];
    m.edited = { user: editor, ts: this.nextTs() };
    m.mentions = messageMentions(m.text, m.blocks);
  }

  private consumeTrigger(triggerId: unknown): string {
    const id = str(triggerId);
    const t = id ? this.triggers.get(id) : undefined;
    if (!t) return fail("invalid_trigger_id");
    if (t.used) return fail("exchanged_trigger_id");
    if (Date.now() - t.issuedAt > this.triggerTtlMs) return fail("expired_trigger_id");
    // Stricter than documented: a trigger works only with the token of the installation the interaction was sent to.
    if (t.teamId !== this.cur.id) return fail("invalid_trigger_id");
    t.used = true;
    return t.userId;
  }

  private checkView(view: unknown, expectedType?: "modal" | "home"): Record<string, any> {
    if (typeof view !== "object" || view === null || Array.isArray(view)) return fail("invalid_arguments", problemsMeta(["[ERROR] missing view"]));
    const v = view as Record<string, any>;
    if (viewTooLarge(v)) fail("view_too_large");
    if (expectedType && v.type !== expectedType) {
      fail("invalid_arguments", problemsMeta([`[ERROR] must be ${expectedType} [json-pointer:/view/type]`]));
    }
    const problems = validateView(v);
    if (problems.length) fail("invalid_arguments", problemsMeta(problems));
    if (v.external_id) {
      const dup = [...this.viewsById.values()].find((x) => x.externalId === v.external_id && !x.closed);
      if (dup) fail("duplicate_external_id");
    }
    return v;
  }

  private createModal(userId: string, view: Record<string, any>, stack: string[]): EmuView {
    const id = this.newViewId();
    const root = stack.length ? this.viewsById.get(stack[0]!)! : undefined;
    const v: EmuView = {
      id, userId, type: "modal", view, hash: this.newHash(), rootViewId: root?.id ?? id,
      previousViewId: stack.at(-1) ?? null, externalId: view.external_id ?? null, state: { values: {} }, closed: false,
    };
    this.viewsById.set(id, v);
    this.modalStacks.set(userId, [...stack, id]);
    return v;
  }

  private newViewId(): string {
    return `V${randomBytes(6).toString("hex").toUpperCase().slice(0, 10)}`;
  }

  private findView(args: Args): EmuView {
    const byId = str(args.view_id);
    const byExternal = str(args.external_id);
    if (!byId && !byExternal) fail("invalid_arguments", problemsMeta(["[ERROR] view_id or external_id is required"]));
    const v = byId
      ? this.viewsById.get(byId)
      : [...this.viewsById.values()].find((x) => x.externalId === byExternal && !x.closed);
    if (!v || v.closed) return fail("not_found");
    return v;
  }

  private channelJson(ch: EmuChannel): Record<string, unknown> {
    const base = { id: ch.id, created: ch.created, is_archived: ch.isArchived, is_org_shared: false, context_team_id: this.cur.id };
    if (ch.isIm) return { ...base, is_im: true, user: ch.imUser, is_open: true };
    return {
      ...base, name: ch.name, name_normalized: ch.name, is_channel: !ch.isPrivate, is_group: ch.isPrivate, is_im: false,
      is_mpim: false, is_private: ch.isPrivate, is_general: ch.id === GENERAL_CHANNEL_ID, is_shared: ch.isExtShared,
      is_ext_shared: ch.isExtShared, is_member: ch.members.includes(this.cur.botUserId), creator: ch.creator,
      topic: { value: ch.topic, creator: "", last_set: 0 }, purpose: { value: ch.purpose, creator: "", last_set: 0 },
      num_members: ch.members.length, shared_team_ids: [ch.teamId, ...ch.connectedTeamIds],
    };
  }

  private userJson(u: EmuUser, includeLocale: boolean): Record<string, unknown> {
    return {
      id: u.id, team_id: u.teamId, name: u.name, real_name: u.realName, deleted: false, is_bot: u.isBot,
      is_app_user: false, tz: u.tz, ...(includeLocale ? { locale: u.locale } : {}),
      profile: { real_name: u.realName, display_name: u.name, email: u.email, team: u.teamId },
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Web API methods
  // ---------------------------------------------------------------------------------------------

  private readonly methods: Record<string, Handler> = {
    "api.test": (a) => ({ args: a }),

    // App-level token only (checked in handleApi): a single-use WebSocket URL for Socket Mode.
    "apps.connections.open": () => this.socketMode.openUrl(),

    "auth.test": () => ({
      url: `https://${this.cur.domain}.slack.com/`, team: this.cur.domain, user: "renkei", team_id: this.cur.id,
      user_id: this.cur.botUserId, bot_id: this.cur.botId, is_enterprise_install: false,
    }),

    "users.info": (a) => {
      const u = this.usersById.get(str(a.user) ?? "");
      if (!u || !this.canSeeUser(u)) return fail("user_not_found");
      return { user: this.userJson(u, bool(a.include_locale)) };
    },

    "users.lookupByEmail": (a) => {
      const email = str(a.email)?.toLowerCase();
      const u = [...this.usersById.values()].find((x) => email && x.email?.toLowerCase() === email && this.canSeeUser(x)) ?? fail("users_not_found");
      return { user: this.userJson(u, false) };
    },

    "conversations.create": (a) => {
      const name = str(a.name) ?? "";
      if (!name) fail("invalid_name_required");
      if (name.length > 80) fail("invalid_name_maxlength");
      if (!/^[a-z0-9_-]+$/.test(name)) fail("invalid_name_specials");
      if (/^[-_]+$/.test(name)) fail("invalid_name_punctuation");
      if ([...this.channelsById.values()].some((c) => !c.isIm && c.name === name && this.visibleTo(c, this.cur))) fail("name_taken");
      const isPrivate = bool(a.is_private);
      const ch = this.newChannel({
        id: this.newId(isPrivate ? "G" : "C"), name, isPrivate, isIm: false, members: [this.cur.botUserId], creator: this.cur.botUserId,
        teamId: this.cur.id,
      });
      return { channel: this.channelJson(ch) };
    },

    "conversations.invite": (a) => {
      const ch = this.apiChannel(a.channel);
      if (ch.isArchived) fail("is_archived");
      this.requireBotMember(ch);
      const users = list(a.users);
      if (users.length === 0) fail("no_user");
      if (users.length > 100) fail("too_many_users");
      const errors: { user: string; ok: false; error: string }[] = [];
      for (const id of users) {
        const u = this.usersById.get(id);
        const error = id === this.cur.botUserId ? "cant_invite_self"
          : !u || (u.teamId !== this.cur.id && !u.alsoInTeams?.includes(this.cur.id)) ? "user_not_found"
          : ch.members.includes(id) ? "already_in_channel"
          : undefined;
        if (error) errors.push({ user: id, ok: false, error });
      }
      if (errors.length) fail(errors[0]!.error, { errors });
      ch.members.push(...users.filter((id, i) => users.indexOf(id) === i));
      return { channel: this.channelJson(ch) };
    },

    "conversations.inviteShared": (a) => {
      const ch = this.apiChannel(a.channel);
      if (ch.isArchived) fail("is_archived");
      this.requireBotMember(ch);
      const userIds = list(a.user_ids);
      const emails = list(a.emails);
      if (!userIds.length && !emails.length) fail("invalid_arguments", problemsMeta(["[ERROR] emails or user_ids is required"]));
      if (emails.some((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e))) fail("invalid_email");
      if (userIds.some((id) => !this.usersById.has(id))) fail("user_not_found");
      // Only the host of a channel shares it (stricter than Slack, where a connected team may too).
      if (ch.teamId !== this.cur.id) fail("not_allowed", problemsMeta(["[ERROR] only the team that hosts the channel shares it (emulator)"]));
      if (ch.id === this.cur.generalChannelId) fail("cannot_share_mandatory_channel");
      const recipients = [...userIds.map((id) => this.usersById.get(id)!), ...emails.map((e) => [...this.usersById.values()].find((u) => u.email?.toLowerCase() === e.toLowerCase()))];
      if (recipients.some((u) => u?.teamId === this.cur.id)) fail("user_not_found", problemsMeta(["[ERROR] a person of the channel's own team is invited with conversations.invite"]));
      const target = recipients.map((u) => (u ? this.teamsById.get(u.teamId) : undefined)).find((t) => !!t);
      const invite: EmuSharedInvite = {
        inviteId: this.newId("I"), channel: ch.id, userIds, emails, accepted: false, teamId: this.cur.id, invitingUser: this.cur.botUserId,
        ...(target ? { targetTeamId: target.id } : {}), status: "sent", dateCreated: Math.floor(Date.now() / 1000),
      };
      this.invites.set(invite.inviteId, invite);
      ch.sharedInvites.push(invite);
      // Slack raises shared_channel_invite_received when an app (bot) is invited by user id, not for people or emails.
      const invitedBot = userIds.map((id) => this.usersById.get(id)!).find((u) => u.isBot && this.teamsById.get(u.teamId)?.botUserId === u.id);
      if (invitedBot && target?.installed) {
        this.raise(target.id, {
          type: "shared_channel_invite_received", invite: this.inviteJson(invite), channel: this.sharedChannelItem(ch), event_ts: this.nextTs(),
        });
      }
      return { invite_id: invite.inviteId, is_legacy_shared_channel: false };
    },

    // The invited installation accepts (channel_name is required: the name the channel takes in its
    // workspace). Where the accepting team's admins must approve, the channel is shared only after
    // approveSharedInvite; both teams get shared_channel_invite_accepted.
    "conversations.acceptSharedInvite": (a) => {
      const channelName = str(a.channel_name);
      if (!channelName) fail("invalid_arguments", problemsMeta(["[ERROR] missing required field: channel_name"]));
      const inviteId = str(a.invite_id);
      const channelId = str(a.channel_id);
      if (!inviteId && !channelId) fail("invalid_arguments", problemsMeta(["[ERROR] invite_id or channel_id is required"]));
      const invite = inviteId
        ? this.invites.get(inviteId)
        : [...this.invites.values()].find((i) => i.channel === channelId && i.targetTeamId === this.cur.id && i.status !== "accepted");
      if (!invite || invite.targetTeamId !== this.cur.id) return fail("invite_not_found");
      if (invite.status === "declined" || invite.status === "expired") fail("invalid_link");
      if (invite.status === "accepted" || invite.status === "pending_approval") fail("already_in_channel");
      const ch = this.mustChannel(invite.channel);
      const approvalRequired = this.cur.requiresApproval;
      if (approvalRequired) invite.status = "pending_approval";
      else this.connect(invite);
      const event = {
        type: "shared_channel_invite_accepted", approval_required: approvalRequired, invite: this.inviteJson(invite),
        channel: this.sharedChannelItem(ch), teams_in_channel: this.teamsInChannel(ch),
        accepting_user: { id: this.cur.botUserId, team_id: this.cur.id, name: "renkei" }, event_ts: this.nextTs(),
      };
      for (const teamId of this.inviteTeams(invite)) this.raise(teamId, event);
      return { implicit_approval: !approvalRequired, channel_id: ch.id, invite_id: invite.inviteId };
    },

    // OAuth v2: exchanges the code /oauth/v2/authorize handed out (once, with the same redirect_uri,
    // within 10 minutes) for the installation's bot token. Authenticated by client_id / client_secret.
    "oauth.v2.access": (a) => {
      if (str(a.client_id) !== this.clientId) fail("invalid_client_id");
      if (str(a.client_secret) !== this.clientSecret) fail("bad_client_secret");
      const grant = this.oauthCodes.get(str(a.code) ?? "");
      if (!grant || grant.used) return fail("invalid_code");
      if ((str(a.redirect_uri) ?? "") !== grant.redirectUri) fail("bad_redirect_uri");
      grant.used = true;
      if (grant.enterpriseId) {
        // An org-wide install: one token for every workspace of the organisation.
        const ent = this.enterprisesById.get(grant.enterpriseId)!;
        ent.botToken ??= `xoxb-emulator-org-${ent.id.toLowerCase()}`;
        for (const t of ent.teamIds) {
          const tm = this.mustTeam(t);
          tm.installed = true;
          delete tm.revoked;
        }
        return {
          app_id: this.appId, authed_user: { id: grant.userId }, scope: grant.scope, token_type: "bot", access_token: ent.botToken,
          bot_user_id: this.mustTeam(ent.teamIds[0]!).botUserId, team: null, enterprise: { id: ent.id, name: ent.name }, is_enterprise_install: true,
        };
      }
      const team = this.install(grant.teamId);
      return {
        app_id: this.appId, authed_user: { id: grant.userId }, scope: grant.scope, token_type: "bot", access_token: team.botToken,
        bot_user_id: team.botUserId, team: { id: team.id, name: team.name }, enterprise: null, is_enterprise_install: false,
      };
    },

    "conversations.setTopic": (a) => this.setTopicOrPurpose(a, "topic"),
    "conversations.setPurpose": (a) => this.setTopicOrPurpose(a, "purpose"),

    "conversations.info": (a) => ({ channel: this.channelJson(this.apiChannel(a.channel)) }),

    // Newest first, like Slack; `oldest` / `latest` bound the ts (the bounds themselves only with
    // `inclusive`); metadata is included when asked.
    "conversations.history": (a) => {
      const ch = this.apiChannel(a.channel);
      this.requireBotMember(ch);
      const within = timeRange(a);
      const limit = Math.min(Number(a.limit ?? 100) || 100, 999);
      const withMeta = bool(a.include_all_metadata);
      const found = (this.messagesByChannel.get(ch.id) ?? [])
        .filter((m) => !m.threadTs || m.threadTs === m.ts)
        .filter((m) => within(m.ts))
        .sort((x, y) => (x.ts < y.ts ? 1 : -1));
      const page = found.slice(0, limit).map((m) => {
        const json = this.messageJson(m) as Record<string, unknown>;
        if (!withMeta) delete json.metadata;
        return json;
      });
      return { messages: page, has_more: found.length > limit, response_metadata: { next_cursor: "" } };
    },

    // The parent and its replies, oldest first, like Slack; `oldest` / `latest` / `inclusive` bound
    // the ts as in conversations.history; metadata is included when asked.
    "conversations.replies": (a) => {
      const ch = this.apiChannel(a.channel);
      this.requireBotMember(ch);
      const parent = this.requireMessage(ch, a.ts);
      const root = parent.threadTs ?? parent.ts;
      const withMeta = bool(a.include_all_metadata);
      const limit = Math.min(Number(a.limit ?? 1000) || 1000, 1000);
      const within = timeRange(a);
      const found = (this.messagesByChannel.get(ch.id) ?? [])
        .filter((m) => m.ts === root || m.threadTs === root)
        .filter((m) => within(m.ts))
        .sort((x, y) => (x.ts < y.ts ? -1 : 1));
      const page = found.slice(0, limit).map((m) => {
        const json = this.messageJson(m) as Record<string, unknown>;
        if (!withMeta) delete json.metadata;
        return json;
      });
      return { messages: page, has_more: found.length > limit, response_metadata: { next_cursor: "" } };
    },

    "conversations.members": (a) => ({ members: [...this.apiChannel(a.channel).members], response_metadata: { next_cursor: "" } }),

    // The external upload flow (files.uploadV2 in the SDKs). Scope files:write.
    "files.getUploadURLExternal": (a) => {
      const filename = str(a.filename);
      if (!filename) fail("invalid_arguments", problemsMeta(["[ERROR] missing required field: filename"]));
      const length = Number(a.length);
      if (a.length === undefined || !Number.isInteger(length) || length < 0) fail("invalid_arguments", problemsMeta(["[ERROR] missing required field: length"]));
      if (length === 0) fail("missing_argument"); // Slack: "typically only when the length provided is 0"
      const id = this.newId("F");
      this.filesById.set(id, { id, filename: filename!, title: filename!, length, completed: false, channels: [], teamId: this.cur.id });
      return { upload_url: `${this.url}/upload/v1/${id}`, file_id: id };
    },

    "files.completeUploadExternal": (a) => {
      const files = (typeof a.files === "string" ? tryJson(a.files) : a.files) as unknown;
      if (!Array.isArray(files) || files.length === 0) fail("invalid_arguments", problemsMeta(["[ERROR] missing required field: files"]));
      const found = (files as Array<{ id?: unknown; title?: unknown }>).map((f) => {
        const file = this.filesById.get(String(f?.id ?? ""));
        // A reserved file whose bytes never arrived is as unknown to Slack as a made-up id; a
        // file already completed cannot be completed again (stricter than Slack, which is silent).
        if (!file || !file.content || file.completed) return fail("file_not_found");
        // reserved with another workspace's token: that file id means nothing here
        if (file.teamId && file.teamId !== this.cur.id) return fail("file_not_found");
        return { file, title: str(f.title) };
      });
      const channelId = str(a.channel_id);
      const threadTs = str(a.thread_ts);
      let ch: EmuChannel | undefined;
      if (channelId) {
        ch = this.apiChannel(channelId);
        this.requireBotMember(ch);
        if (ch.isArchived) fail("is_archived");
      } else if (threadTs) fail("invalid_arguments", problemsMeta(["[ERROR] thread_ts needs channel_id"]));
      if (str(a.channels)) fail("not_supported_by_emulator", problemsMeta(["[ERROR] use channel_id (files.uploadV2 does)"]));
      for (const { file, title } of found) {
        file.completed = true;
        if (title) file.title = title;
      }
      const summary = found.map(({ file }) => ({ id: file.id, name: file.filename, title: file.title, size: file.length }));
      if (ch) {
        const text = str(a.initial_comment) ?? "";
        const message = this.storeMessage(ch, { user: this.cur.botUserId, botId: this.cur.botId, text, threadTs });
        message.files = summary;
        for (const { file } of found) file.channels.push(ch.id);
      }
      return { files: summary.map((f) => ({ id: f.id, title: f.title, name: f.name, size: f.size })) };
    },

    "conversations.open": (a) => {
      const users = list(a.users);
      if (users.length === 0) fail("users_list_not_supplied");
      if (users.length > 1) fail("not_supported_by_emulator", problemsMeta(["[ERROR] multi-person IMs are not emulated"]));
      // DMs only within the installation's own team (people of another of the emulator's teams are reached through their own).
      if (!this.usersById.has(users[0]!) || this.foreignUser(users[0]!)) fail("user_not_found");
      const ch = this.channelsById.get(this.dmChannelId(users[0]!))!;
      return { channel: bool(a.return_im) ? this.channelJson(ch) : { id: ch.id } };
    },

    "conversations.archive": (a) => {
      const ch = this.apiChannel(a.channel);
      if (ch.id === GENERAL_CHANNEL_ID) fail("cant_archive_general");
      if (ch.isArchived) fail("already_archived");
      this.requireBotMember(ch);
      ch.isArchived = true;
      return {};
    },

    "chat.postMessage": (a) => {
      const ch = this.apiChannel(a.channel);
      this.requireBotMember(ch);
      if (ch.isArchived) fail("is_archived");
      this.checkContent(a);
      const m = this.storeMessage(ch, {
        user: this.cur.botUserId, botId: this.cur.botId, text: str(a.text) ?? "", blocks: a.blocks, attachments: a.attachments,
        threadTs: str(a.thread_ts), metadata: a.metadata,
      });
      return { channel: ch.id, ts: m.ts, message: this.messageJson(m) };
    },

    "chat.update": (a) => {
      const ch = this.apiChannel(a.channel);
      const m = this.requireMessage(ch, a.ts);
      if (m.user !== this.cur.botUserId) fail("cant_update_message");
      if (ch.isArchived) fail("is_archived");
      this.checkContent(a);
      this.applyUpdate(m, { text: str(a.text), blocks: a.blocks, attachments: a.attachments }, this.cur.botUserId);
      return { channel: ch.id, ts: m.ts, text: m.text, message: this.messageJson(m) };
    },

    "chat.postEphemeral": (a) => {
      const ch = this.apiChannel(a.channel);
      this.requireBotMember(ch);
      if (ch.isArchived) fail("is_archived");
      const user = str(a.user) ?? "";
      if (!this.usersById.has(user)) fail("user_not_found");
      if (!ch.members.includes(user)) fail("user_not_in_channel");
      this.checkContent(a);
      const ts = this.nextTs();
      this.ephemeralList.push({
        channel: ch.id, user, text: str(a.text) ?? "", blocks: a.blocks, viaResponseUrl: false, ts, threadTs: str(a.thread_ts),
      });
      return { message_ts: ts };
    },

    "chat.getPermalink": (a) => {
      const ch = this.apiChannel(a.channel);
      const m = this.requireMessage(ch, a.message_ts);
      const base = `https://${this.hostOf(ch).domain}.slack.com/archives/${ch.id}/p${m.ts.replace(".", "")}`;
      return { channel: ch.id, permalink: m.threadTs ? `${base}?thread_ts=${m.threadTs}&cid=${ch.id}` : base };
    },

    "chat.delete": (a) => {
      const ch = this.apiChannel(a.channel);
      const m = this.requireMessage(ch, a.ts);
      if (m.user !== this.cur.botUserId) fail("cant_delete_message");
      const all = this.messagesByChannel.get(ch.id)!;
      this.messagesByChannel.set(ch.id, all.filter((x) => x !== m));
      return { channel: ch.id, ts: m.ts };
    },

    "pins.add": (a) => {
      const ch = this.apiChannel(a.channel);
      this.requireBotMember(ch);
      const m = this.requireMessage(ch, a.timestamp);
      const pins = this.pinsByChannel.get(ch.id) ?? [];
      if (pins.includes(m.ts)) fail("already_pinned");
      pins.push(m.ts);
      this.pinsByChannel.set(ch.id, pins);
      return {};
    },

    "pins.list": (a) => {
      const ch = this.apiChannel(a.channel);
      const items = (this.pinsByChannel.get(ch.id) ?? []).map((ts) => {
        const m = this.message(ch.id, ts);
        return { type: "message", channel: ch.id, created: Number(ts.split(".")[0]), message: m ? this.messageJson(m) : { ts } };
      });
      return { items };
    },

    "reactions.add": (a) => {
      const ch = this.apiChannel(a.channel);
      const m = this.requireMessage(ch, a.timestamp);
      const name = str(a.name)?.replace(/^:|:$/g, "");
      if (!name) fail("invalid_name");
      const key = `${ch.id}/${m.ts}`;
      const names = this.reactionsByMessage.get(key) ?? [];
      if (names.includes(name!)) fail("already_reacted");
      names.push(name!);
      this.reactionsByMessage.set(key, names);
      return {};
    },

    "bookmarks.add": (a) => {
      const ch = this.apiChannel(a.channel_id);
      this.requireBotMember(ch);
      const title = str(a.title);
      if (!title) fail("invalid_arguments", problemsMeta(["[ERROR] title is required"]));
      if (str(a.type) !== "link") fail("invalid_bookmark_type");
      const link = str(a.link) ?? "";
      if (!/^https?:\/\/\S+$/.test(link)) fail("invalid_link");
      const bookmark: EmuBookmark = {
        id: this.newId("Bk"), channel_id: ch.id, title: title!, link, type: "link", emoji: str(a.emoji),
        date_created: Math.floor(Date.now() / 1000),
      };
      this.bookmarksByChannel.set(ch.id, [...(this.bookmarksByChannel.get(ch.id) ?? []), bookmark]);
      return { bookmark };
    },

    "bookmarks.list": (a) => ({ bookmarks: this.bookmarks(this.apiChannel(a.channel_id).id) }),

    "views.open": (a) => {
      const view = this.checkView(a.view, "modal");
      const userId = this.consumeTrigger(a.trigger_id);
      // A new views.open replaces whatever modal stack the user had.
      this.clearModals(userId);
      return { view: this.viewJson(this.createModal(userId, view, [])) };
    },

    "views.push": (a) => {
      const view = this.checkView(a.view, "modal");
      const userId = this.consumeTrigger(a.trigger_id);
      const stack = (this.modalStacks.get(userId) ?? []).filter((id) => !this.viewsById.get(id)!.closed);
      if (stack.length >= 3) fail("push_limit_reached");
      return { view: this.viewJson(this.createModal(userId, view, stack)) };
    },

    "views.update": (a) => {
      const v = this.findView(a);
      const hash = str(a.hash);
      if (hash && hash !== v.hash) fail("hash_conflict");
      const view = this.checkView({ ...(a.view ?? {}), type: a.view?.type ?? v.type }, v.type);
      if (view.external_id && view.external_id !== v.externalId) fail("duplicate_external_id");
      v.view = view;
      v.externalId = view.external_id ?? v.externalId;
      v.hash = this.newHash();
      v.errors = undefined;
      return { view: this.viewJson(v) };
    },

    "views.publish": (a) => {
      const userId = str(a.user_id) ?? "";
      // App Home only within the installation's own team.
      if (!this.usersById.has(userId) || this.foreignUser(userId)) fail("user_not_found");
      const existing = this.homeView(userId);
      const hash = str(a.hash);
      if (hash && existing && hash !== existing.hash) fail("hash_conflict");
      const view = this.checkView(a.view, "home");
      if (existing) {
        existing.view = view;
        existing.hash = this.newHash();
        return { view: this.viewJson(existing) };
      }
      const id = this.newViewId();
      const v: EmuView = {
        id, userId, type: "home", view, hash: this.newHash(), rootViewId: id, previousViewId: null,
        externalId: view.external_id ?? null, state: { values: {} }, closed: false,
      };
      this.viewsById.set(id, v);
      this.homeViewIds.set(userId, id);
      return { view: this.viewJson(v) };
    },
  };

  private setTopicOrPurpose(a: Args, field: "topic" | "purpose"): Record<string, unknown> {
    const ch = this.apiChannel(a.channel);
    this.requireBotMember(ch);
    if (ch.isArchived) fail("is_archived");
    const value = str(a[field]) ?? "";
    if (value.length > 250) fail("too_long");
    ch[field] = value;
    return { channel: this.channelJson(ch) };
  }
}

function tryJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

/** Decodes a Web API request body (form-urlencoded or JSON) plus query string; parses JSON fields. */
function decodeArgs(contentType: string | undefined, raw: string, query: URLSearchParams): Args {
  const args: Args = Object.fromEntries(query.entries());
  if (raw) {
    if (contentType?.includes("application/json")) {
      Object.assign(args, tryJson(raw));
    } else {
      for (const [k, v] of Object.entries(parseQuery(raw))) args[k] = Array.isArray(v) ? v[v.length - 1] : v;
    }
  }
  for (const f of JSON_FIELDS) if (typeof args[f] === "string") args[f] = tryJson(args[f]);
  return args;
}

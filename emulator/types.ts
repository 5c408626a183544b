// State shapes exposed by the Slack emulator. Field names are camelCase; `view`, `blocks` and
// `attachments` hold the Slack JSON exactly as the app sent it.

export interface EmuUser {
  id: string;
  name: string;
  realName: string;
  teamId: string;
  /** Enterprise Grid: other workspaces of the organisation this person is also a member of. */
  alsoInTeams?: string[];
  email?: string;
  isBot: boolean;
  locale: string;
  tz: string;
}

/**
 * A Slack Connect invitation (conversations.inviteShared). `accepted` is true once the channel is
 * shared with the invited side (accepted and, where the accepting team's admins must approve,
 * approved).
 */
export interface EmuSharedInvite {
  inviteId: string;
  channel: string;
  userIds: string[];
  emails: string[];
  accepted: boolean;
  /** The team whose installation sent it. */
  teamId: string;
  /** The bot or person who sent it (the inviting installation's bot user). */
  invitingUser: string;
  /** The registered team the invitation goes to (from user_ids / emails), when the emulator knows it. */
  targetTeamId?: string;
  /**
   * sent → accepted (shared), or sent → pending_approval (accepted, the accepting team's admins
   * must approve) → accepted | declined; declined (refused) and expired end it.
   */
  status: "sent" | "pending_approval" | "accepted" | "declined" | "expired";
  /** Unix seconds. */
  dateCreated: number;
}

/**
 * A workspace (team) of the emulator and the app's installation in it. The emulator's own team is
 * always there; `addTeam` adds more (e.g. the other organisation's workspace).
 */
export interface EmuTeam {
  id: string;
  domain: string;
  name: string;
  /** The installation's bot token; undefined until the app is installed (oauth.v2.access). */
  botToken?: string;
  botUserId: string;
  botId: string;
  installed: boolean;
  /** Set when the installation was revoked: every call with its token fails with this error. */
  revoked?: "token_revoked" | "account_inactive";
  /** The team's #general. */
  generalChannelId: string;
  /** Slack Connect channels this team accepts wait for approval by its admins. */
  requiresApproval: boolean;
  /** Enterprise Grid: the organisation this workspace belongs to (addEnterprise). */
  enterpriseId?: string;
}

/**
 * An Enterprise Grid organisation holding some of the emulator's teams. An org-wide install
 * (/oauth/v2/authorize with `enterprise=`) gets one token that acts in every team of the
 * organisation — in the team a call names (team_id) or implies (its channel, user, trigger or view);
 * conversations.create with it needs team_id.
 */
export interface EmuEnterprise {
  id: string;
  name: string;
  teamIds: string[];
  /** The org-wide install's token, once installed. */
  botToken?: string;
}

/** An event Slack itself raises (Slack Connect, uninstall), waiting to be delivered to one installation. */
export interface EmuPlatformEvent {
  teamId: string;
  event: Record<string, unknown>;
}

export interface EmuChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  /** For IM channels: the human on the other side. */
  imUser?: string;
  isArchived: boolean;
  /** Member user ids (includes the bot's user id when the bot is a member). */
  members: string[];
  topic: string;
  purpose: string;
  creator: string;
  /** Unix seconds. */
  created: number;
  sharedInvites: EmuSharedInvite[];
  isExtShared: boolean;
  /** The team that hosts the channel (created it). */
  teamId: string;
  /** Other teams the channel is shared with through Slack Connect. */
  connectedTeamIds: string[];
}

export interface EmuMessage {
  channel: string;
  ts: string;
  /** Set on thread replies only (the parent's ts). */
  threadTs?: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  edited?: { user: string; ts: string };
  /** Live mentions Slack would render: top-level text + mrkdwn texts in blocks. */
  mentions: string[];
  replyCount: number;
  metadata?: unknown;
  /** Files shared with the message (files.completeUploadExternal). */
  files?: Array<{ id: string; name: string; title: string; size: number }>;
}

/**
 * A file uploaded through the external upload flow: files.getUploadURLExternal reserves it, the
 * POST to its upload_url sends the bytes, files.completeUploadExternal shares it.
 */
export interface EmuFile {
  id: string;
  filename: string;
  title: string;
  /** Declared length in bytes (files.getUploadURLExternal). */
  length: number;
  /** The bytes received at the upload URL; undefined until then. */
  content?: Buffer;
  completed: boolean;
  /** Channels (or DMs) it was shared in. */
  channels: string[];
  /** The workspace whose token reserved it: only that workspace's token completes it (a file id is not valid in another team). */
  teamId?: string;
}

export interface EmuEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  viaResponseUrl: boolean;
  replaceOriginal?: boolean;
  /** message_ts Slack returns for chat.postEphemeral (a button in it can be clicked with the driver). */
  ts: string;
  threadTs?: string;
}

export interface EmuView {
  id: string;
  userId: string;
  type: "modal" | "home";
  /** The view JSON as last set by the app. */
  view: Record<string, any>;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId: string | null;
  /** Last known input state: { values: { [blockId]: { [actionId]: {...} } } }. */
  state: { values: Record<string, Record<string, any>> };
  errors?: Record<string, string>;
  closed: boolean;
}

export interface EmuCall {
  /** Web API method name, or "response_url" for POSTs to a response_url. */
  method: string;
  /** Decoded arguments with JSON fields (blocks, view, attachments, ...) parsed. */
  args: Record<string, any>;
  /** The JSON body returned (for injected HTTP failures: { status, body }). */
  response: any;
  /** Epoch milliseconds, with a fraction (see preciseNow). */
  at: number;
  /** The workspace whose bot token made the call (undefined: no token, an unknown one, or not a Web API call). */
  teamId?: string;
}

export interface EmuBookmark {
  id: string;
  channel_id: string;
  title: string;
  link: string;
  type: string;
  emoji?: string;
  date_created: number;
}

/**
 * A failure for the next call(s) of a method: an API error, or an HTTP status. With
 * `afterApply: true` the call takes effect first and only its answer is lost — what a time-out
 * after Slack processed the request looks like to the app.
 */
export type EmuFailure = { error: string } | { status: number; retryAfter?: number; body?: string; afterApply?: boolean };

/** Where a response_url posts land. */
export interface ResponseUrlContext {
  userId: string;
  channelId: string;
  /** The message (or ephemeral) the interaction came from, for replace_original/delete_original. */
  messageTs?: string;
  isEphemeral?: boolean;
  /** The team whose installation received the interaction (default: the emulator's own team). */
  teamId?: string;
}

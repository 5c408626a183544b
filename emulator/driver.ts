// Drives a Bolt app the way Slack does: slash commands, interactivity payloads and event callbacks
// built from the state stored in the SlackEmulator (messages and views as the app last set them),
// with trigger_ids and response_urls issued by it. Over HTTP they are signed and POSTed to the
// app's request URL; over Socket Mode they go as envelopes on the app's WebSocket and the answer is
// the acknowledgement's payload — every action works the same way on either transport.

import { createHmac, randomBytes } from "node:crypto";
import { stringify as stringifyQuery } from "node:querystring";
import type { SlackEmulator } from "./web-api-server";
import type { EnvelopeType } from "./socket-mode";
import type { EmuChannel, EmuMessage, EmuTeam, EmuView } from "./types";

export interface DriverResponse {
  /** HTTP status; over Socket Mode 200 when acknowledged in time, 504 when not, 503 with no connection. */
  status: number;
  /** Parsed JSON when the app answered JSON, else the text ("" for an empty ack). */
  body: any;
  triggerId?: string;
  responseUrl?: string;
  /** Socket Mode: the envelope that carried it. */
  envelopeId?: string;
}

export interface SlackDriverOptions {
  emulator: SlackEmulator;
  /** "http" (default): POST to appUrl, signed; "socket": envelopes over the emulator's Socket Mode connection. */
  transport?: "http" | "socket";
  /** HTTP only, e.g. http://127.0.0.1:3000/slack/events */
  appUrl?: string;
  /** HTTP only. */
  signingSecret?: string;
  appId?: string;
  /** Legacy verification token put in payloads (default "emulator-verification-token"). */
  verificationToken?: string;
}

type Obj = Record<string, any>;

/** A stateful element found in a surface's blocks. */
interface ElementRef {
  blockId: string;
  blockType: string;
  actionId: string;
  element: Obj;
  /** Input blocks only: whether Slack's client lets the user leave it empty. */
  optional: boolean;
}

const NON_STATEFUL = new Set(["button", "overflow", "workflow_button", "image"]);

export class SlackDriver {
  readonly transport: "http" | "socket";
  private readonly emu: SlackEmulator;
  private readonly appUrl: string;
  private readonly signingSecret: string;
  private readonly appId: string;
  private readonly token: string;

  constructor(opts: SlackDriverOptions) {
    this.emu = opts.emulator;
    this.transport = opts.transport ?? "http";
    if (this.transport === "http" && (!opts.appUrl || !opts.signingSecret)) throw new Error("SlackDriver: appUrl and signingSecret are required over HTTP");
    this.appUrl = opts.appUrl ?? "";
    this.signingSecret = opts.signingSecret ?? "";
    this.appId = opts.appId ?? opts.emulator.appId;
    this.token = opts.verificationToken ?? "emulator-verification-token";
  }

  // ---------------------------------------------------------------------------------------------
  // Slash commands and shortcuts
  // ---------------------------------------------------------------------------------------------

  /**
   * A person runs a slash command in a channel of their own workspace (default its #general): it
   * reaches the app through the installation in that workspace, so the app must be installed there.
   */
  async slashCommand(opts: { user: string; text?: string; command?: string; channel?: string; retryNum?: number }): Promise<DriverResponse> {
    const user = this.user(opts.user);
    const team = this.installationFor(user.id, "slashCommand");
    const channelId = opts.channel ?? team.generalChannelId;
    const ch = this.emu.channel(channelId);
    if (!ch) throw new Error(`slashCommand: unknown channel ${channelId} (add it with emulator.addChannel)`);
    if (!ch.members.includes(user.id)) {
      throw new Error(`slashCommand: user ${user.id} is not a member of ${ch.id} (#${ch.name}); Slack users can only run commands where they are`);
    }
    this.requireVisible(ch, team, "slashCommand");
    const triggerId = this.emu.registerTrigger(user.id, team.id);
    const responseUrl = this.emu.createResponseUrl({ userId: user.id, channelId: ch.id, teamId: team.id });
    const form = {
      token: this.token, team_id: team.id, team_domain: team.domain, channel_id: ch.id,
      channel_name: ch.isIm ? "directmessage" : ch.name, user_id: user.id, user_name: user.name,
      command: opts.command ?? "/renkei", text: opts.text ?? "", api_app_id: this.appId, ...this.enterpriseForm(team.id),
      response_url: responseUrl, trigger_id: triggerId,
    };
    const res =
      this.transport === "socket"
        ? await this.overSocket("slash_commands", form)
        : await this.post(stringifyQuery(form), "application/x-www-form-urlencoded", retryHeaders(opts.retryNum, "http_timeout"));
    // Slack shows a JSON acknowledgement body to the user, like a response_url post.
    if (res.status === 200 && res.body && typeof res.body === "object" && ("text" in res.body || "blocks" in res.body)) {
      this.emu.applyImmediateResponse({ userId: user.id, channelId: ch.id, teamId: team.id }, { ...(res.body as Obj) });
    }
    return { ...res, triggerId, responseUrl };
  }

  async globalShortcut(opts: { user: string; callbackId: string }): Promise<DriverResponse> {
    const user = this.user(opts.user);
    const team = this.installationFor(user.id, "globalShortcut");
    const triggerId = this.emu.registerTrigger(user.id, team.id);
    const payload = {
      type: "shortcut", token: this.token, action_ts: actionTs(), team: this.team(user.id), user: { id: user.id, username: user.name, team_id: user.teamId },
      ...this.enterpriseJson(user.id), callback_id: opts.callbackId, trigger_id: triggerId,
    };
    return { ...(await this.interact(payload)), triggerId };
  }

  async messageShortcut(opts: { user: string; channel: string; ts: string; callbackId: string }): Promise<DriverResponse> {
    const user = this.user(opts.user);
    const message = this.emu.message(opts.channel, opts.ts);
    if (!message) throw new Error(`messageShortcut: no message ${opts.ts} in ${opts.channel}`);
    const ch = this.emu.channel(opts.channel)!;
    const team = this.installationFor(user.id, "messageShortcut");
    this.requireVisible(ch, team, "messageShortcut");
    const triggerId = this.emu.registerTrigger(user.id, team.id);
    const responseUrl = this.emu.createResponseUrl({ userId: user.id, channelId: ch.id, teamId: team.id });
    const payload = {
      type: "message_action", token: this.token, action_ts: actionTs(), team: this.team(user.id), user: this.userJson(user.id),
      channel: { id: ch.id, name: ch.isIm ? "directmessage" : ch.name }, ...this.enterpriseJson(user.id),
      callback_id: opts.callbackId, trigger_id: triggerId, response_url: responseUrl, message_ts: message.ts,
      message: this.emu.messageJson(message),
    };
    return { ...(await this.interact(payload)), triggerId, responseUrl };
  }

  // ---------------------------------------------------------------------------------------------
  // block_actions
  // ---------------------------------------------------------------------------------------------

  /**
   * Clicks a button (or picks `value` in a select/overflow/radio/checkboxes/datepicker ...) in a
   * message as stored in the emulator — a channel message or an ephemeral (by its ts).
   */
  async clickButton(opts: { user: string; channel: string; ts: string; actionId: string; blockId?: string; value?: string | string[] }): Promise<DriverResponse> {
    const user = this.user(opts.user);
    const ch = this.emu.channel(opts.channel);
    if (!ch) throw new Error(`clickButton: unknown channel ${opts.channel}`);
    const message = this.emu.message(ch.id, opts.ts);
    const ephemeral = message ? undefined : this.emu.ephemerals(user.id).find((e) => e.ts === opts.ts && e.channel === ch.id);
    if (!message && !ephemeral) throw new Error(`clickButton: no message or ephemeral for ${user.id} with ts ${opts.ts} in ${ch.id}`);
    const blocks = withBlockIds(message?.blocks ?? ephemeral?.blocks ?? []);
    const target = findAction(blocks, opts.actionId, `message ${opts.ts}`, opts.blockId);
    const action = buildAction(target, opts.value);
    const team = this.installationFor(user.id, "clickButton");
    this.requireVisible(ch, team, "clickButton");
    const triggerId = this.emu.registerTrigger(user.id, team.id);
    const responseUrl = this.emu.createResponseUrl({ userId: user.id, channelId: ch.id, messageTs: opts.ts, isEphemeral: !message, teamId: team.id });
    const state = buildState(blocks, {}, { [`${target.blockId}.${target.actionId}`]: opts.value }, true);
    const payload: Obj = {
      type: "block_actions", user: this.userJson(user.id), api_app_id: this.appId, token: this.token,
      container: {
        type: "message", message_ts: opts.ts, channel_id: ch.id, is_ephemeral: !message,
        ...(message?.threadTs ? { thread_ts: message.threadTs } : {}),
      },
      trigger_id: triggerId, team: this.team(user.id), ...this.enterpriseJson(user.id),
      channel: { id: ch.id, name: ch.isIm ? "directmessage" : ch.name },
      ...(message ? { message: { ...this.emu.messageJson(message), blocks } } : {}),
      state, response_url: responseUrl, actions: [action],
    };
    return { ...(await this.interact(payload)), triggerId, responseUrl };
  }

  /**
   * block_actions from a modal or the Home tab (container type "view"); blockId picks among repeated
   * action_ids. `values` (keyed like submitView's) is what the person has entered in the view's other
   * fields so far: Slack reports it in the payload's view.state, and keeps it across views.update.
   */
  async clickInView(opts: { user: string; viewId: string; actionId: string; blockId?: string; value?: string | string[]; values?: Record<string, unknown> }): Promise<DriverResponse> {
    const user = this.user(opts.user);
    const v = this.liveView(opts.viewId, "clickInView");
    const blocks = withBlockIds(v.view.blocks ?? []);
    const target = findAction(blocks, opts.actionId, `view ${v.id}`, opts.blockId);
    // Slack sends block_actions for an element of an input block only when the block asks for it.
    const block = blocks.find((b) => b.block_id === target.blockId);
    if (target.blockType === "input" && block?.dispatch_action !== true) {
      throw new Error(`clickInView: "${target.actionId}" is in input block "${target.blockId}" without dispatch_action: true, so Slack sends no block_actions for it (its value arrives with the submission)`);
    }
    const action = buildAction(target, opts.value);
    const refs = statefulElements(blocks);
    const given: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(opts.values ?? {})) {
      const ref = resolveKey(refs, key, v.id, "clickInView");
      given[`${ref.blockId}.${ref.actionId}`] = value;
    }
    given[`${target.blockId}.${target.actionId}`] = opts.value;
    const state = buildState(blocks, v.state.values, given, true);
    this.emu.setViewState(v.id, state);
    const team = this.installationFor(user.id, "clickInView");
    const triggerId = this.emu.registerTrigger(user.id, team.id);
    const payload = {
      type: "block_actions", user: this.userJson(user.id), api_app_id: this.appId, token: this.token,
      container: { type: "view", view_id: v.id }, trigger_id: triggerId, team: this.team(user.id), ...this.enterpriseJson(user.id),
      view: { ...this.emu.viewJson(v), blocks, state }, actions: [action],
    };
    return { ...(await this.interact(payload)), triggerId };
  }

  // ---------------------------------------------------------------------------------------------
  // view_submission / view_closed
  // ---------------------------------------------------------------------------------------------

  /**
   * Submits a modal. `values` is keyed by action_id (or "block_id.action_id" when ambiguous);
   * missing values fall back to what the user entered earlier (clickInView), then initial_*.
   * Applies the app's reply like Slack: empty -> close this view; errors -> stays open with errors;
   * update / push / clear.
   */
  async submitView(opts: { user: string; viewId: string; values?: Record<string, unknown>; allowEmptyRequired?: boolean }): Promise<DriverResponse & { errors?: Record<string, string> }> {
    const user = this.user(opts.user);
    const v = this.liveView(opts.viewId, "submitView");
    if (v.type !== "modal") throw new Error(`submitView: view ${v.id} is a ${v.type}, not a modal`);
    if (v.userId !== user.id) throw new Error(`submitView: view ${v.id} belongs to ${v.userId}, not ${user.id}`);
    const blocks = withBlockIds(v.view.blocks ?? []);
    const refs = statefulElements(blocks);
    const given: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(opts.values ?? {})) {
      const ref = resolveKey(refs, key, v.id, "submitView");
      given[`${ref.blockId}.${ref.actionId}`] = value;
    }
    const state = buildState(blocks, v.state.values, given, false);
    if (!opts.allowEmptyRequired) {
      const empty = refs.filter((r) => r.blockType === "input" && !r.optional && isEmpty(state.values[r.blockId]?.[r.actionId]));
      if (empty.length) {
        throw new Error(
          `submitView: required input(s) left empty, Slack's client would block the submit: ${empty.map((r) => `${r.blockId}.${r.actionId}`).join(", ")} (pass allowEmptyRequired: true to send anyway)`,
        );
      }
    }
    this.emu.setViewState(v.id, state);
    const team = this.installationFor(user.id, "submitView");
    const triggerId = this.emu.registerTrigger(user.id, team.id);
    const payload = {
      type: "view_submission", team: this.team(user.id), user: this.userJson(user.id), api_app_id: this.appId, token: this.token,
      trigger_id: triggerId, view: { ...this.emu.viewJson(v), blocks, state }, response_urls: [], ...this.enterpriseJson(user.id),
    };
    const res = await this.interact(payload);
    const out = { ...res, triggerId };
    if (res.status !== 200) return out;
    const reply = typeof res.body === "object" && res.body !== null ? (res.body as Obj) : {};
    switch (reply.response_action) {
      case undefined:
        this.emu.setViewErrors(v.id, undefined);
        this.emu.closeView(v.id);
        return out;
      case "errors": {
        const errors = (reply.errors ?? {}) as Record<string, string>;
        const inputIds = new Set(blocks.filter((b) => b.type === "input").map((b) => String(b.block_id)));
        const unknown = Object.keys(errors).filter((k) => !inputIds.has(k));
        if (unknown.length) {
          throw new Error(`submitView: response_action errors names block_id(s) that are not input blocks of the view: ${unknown.join(", ")} (inputs: ${[...inputIds].join(", ")})`);
        }
        this.emu.setViewErrors(v.id, errors);
        return { ...out, errors };
      }
      case "update":
        this.emu.replaceView(v.id, reply.view);
        return out;
      case "push":
        this.emu.pushView(user.id, reply.view);
        return out;
      case "clear":
        this.emu.clearModals(user.id);
        return out;
      default:
        throw new Error(`submitView: unknown response_action ${String(reply.response_action)}`);
    }
  }

  /** The user closes a modal with "Cancel" (sends view_closed when the view has notify_on_close). */
  async closeView(opts: { user: string; viewId: string }): Promise<DriverResponse | undefined> {
    const user = this.user(opts.user);
    const v = this.liveView(opts.viewId, "closeView");
    this.emu.closeView(v.id);
    if (!v.view.notify_on_close) return undefined;
    return this.interact({
      type: "view_closed", team: this.team(user.id), user: this.userJson(user.id), api_app_id: this.appId, token: this.token,
      view: this.emu.viewJson(v), is_cleared: false, ...this.enterpriseJson(user.id),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Events
  // ---------------------------------------------------------------------------------------------

  /**
   * Delivers an event_callback envelope (with X-Slack-Retry-* headers when retryNum is given) to the
   * installation in `teamId` (default the emulator's own team): team_id and authorizations name
   * that installation and its bot. Slack delivers an event once per app, with one authorization.
   */
  async sendEvent(
    event: Record<string, unknown>,
    opts: { eventId?: string; retryNum?: number; retryReason?: string; teamId?: string; extShared?: boolean } = {},
  ): Promise<DriverResponse> {
    const now = Math.floor(Date.now() / 1000);
    const team = this.emu.team(opts.teamId ?? this.emu.teamId);
    if (!team) throw new Error(`sendEvent: unknown team ${opts.teamId}`);
    if (!team.installed) throw new Error(`sendEvent: the app is not installed in ${team.id}; Slack delivers it no events`);
    const envelope = {
      token: this.token, team_id: team.id, context_team_id: team.id, api_app_id: this.appId,
      event: { event_ts: event.ts ?? `${now}.000000`, ...event }, type: "event_callback",
      event_id: opts.eventId ?? `Ev${randomBytes(5).toString("hex").toUpperCase()}`, event_time: now,
      ...(team.enterpriseId ? { enterprise_id: team.enterpriseId } : {}),
      authorizations: [{ enterprise_id: team.enterpriseId ?? null, team_id: team.id, user_id: team.botUserId, is_bot: true, is_enterprise_install: this.emu.isOrgWideInstalled(team.id) }],
      is_ext_shared_channel: opts.extShared ?? false,
    };
    if (this.transport === "socket") {
      return this.overSocket("events_api", envelope, { retryAttempt: opts.retryNum ?? 0, retryReason: opts.retryNum ? (opts.retryReason ?? "timeout") : "" });
    }
    return this.post(JSON.stringify(envelope), "application/json", retryHeaders(opts.retryNum, opts.retryReason ?? "http_timeout"));
  }

  /**
   * A human posts a message: it is stored in the emulator and delivered as a `message` event
   * (plus an `app_mention` event when it mentions the bot, like Slack does).
   */
  async userMessage(opts: { user: string; channel: string; text: string; threadTs?: string; attachments?: unknown[]; eventId?: string }): Promise<DriverResponse & { message: EmuMessage; event: Record<string, unknown> }> {
    const ch = this.emu.channel(opts.channel);
    if (!ch) throw new Error(`userMessage: unknown channel ${opts.channel}`);
    if (!ch.members.includes(opts.user)) throw new Error(`userMessage: user ${opts.user} is not a member of ${ch.id} (#${ch.name})`);
    const { eventId, ...stored } = opts;
    const team = this.deliveringTeam(ch, opts.user);
    const message = this.emu.addUserMessage({ ...stored, channel: ch.id });
    const event = {
      type: "message", channel: ch.id, user: opts.user, text: opts.text, ts: message.ts, event_ts: message.ts, team: this.team(opts.user).id,
      channel_type: ch.isIm ? "im" : ch.isPrivate ? "group" : "channel", ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(opts.attachments ? { attachments: opts.attachments } : {}),
    };
    const to = { teamId: team.id, extShared: ch.isExtShared };
    const res = await this.sendEvent(event, eventId ? { eventId, ...to } : to);
    if (message.mentions.includes(`<@${team.botUserId}>`)) {
      const { channel_type: _ignored, ...rest } = event;
      await this.sendEvent({ ...rest, type: "app_mention" }, to);
    }
    return { ...res, message, event };
  }

  /**
   * A user shares (forwards) a message into another conversation, with an optional comment: the
   * destination gets a message carrying Slack's share attachment, delivered as a `message` event.
   */
  async forwardMessage(opts: { user: string; from: { channel: string; ts: string }; to: string; comment?: string; threadTs?: string; eventId?: string }) {
    const src = this.emu.channel(opts.from.channel);
    if (!src) throw new Error(`forwardMessage: unknown channel ${opts.from.channel}`);
    if (!src.members.includes(opts.user)) throw new Error(`forwardMessage: user ${opts.user} cannot see ${src.id} (#${src.name})`);
    const attachment = this.emu.shareAttachment(src.id, opts.from.ts);
    return this.userMessage({
      user: opts.user, channel: opts.to, text: opts.comment ?? "", attachments: [attachment], ...(opts.threadTs ? { threadTs: opts.threadTs } : {}),
      ...(opts.eventId ? { eventId: opts.eventId } : {}),
    });
  }

  /** A person unarchives a channel in Slack: `channel_unarchive` (public) or `group_unarchive` (private). */
  async unarchiveChannel(opts: { user: string; channel: string; eventId?: string }): Promise<DriverResponse & { event: Record<string, unknown> }> {
    const ch = this.emu.unarchiveByUser(opts.channel, opts.user);
    const team = this.deliveringTeam(ch, opts.user);
    const event = { type: ch.isPrivate ? "group_unarchive" : "channel_unarchive", channel: ch.id, user: opts.user, event_ts: actionTs() };
    const res = await this.sendEvent(event, { teamId: team.id, extShared: ch.isExtShared, ...(opts.eventId ? { eventId: opts.eventId } : {}) });
    return { ...res, event };
  }

  /** The user opens the app's Home tab (app_home_opened, tab "home") in their own workspace. */
  async openHome(user: string): Promise<DriverResponse> {
    this.user(user);
    const team = this.installationFor(user, "openHome");
    const home = this.emu.homeView(user);
    return this.sendEvent({
      type: "app_home_opened", user, channel: this.emu.dmChannelId(user), tab: "home", event_ts: actionTs(),
      ...(home ? { view: this.emu.viewJson(home) } : {}),
    }, { teamId: team.id });
  }

  /**
   * Delivers the events Slack raised itself (shared_channel_invite_*, channel_shared,
   * app_uninstalled, tokens_revoked), oldest first, each to its installation; returns them.
   * Events of a team whose app is not installed are dropped (Slack has nowhere to send them).
   */
  async deliverPlatformEvents(): Promise<Array<{ teamId: string; event: Record<string, unknown>; response: DriverResponse }>> {
    const out: Array<{ teamId: string; event: Record<string, unknown>; response: DriverResponse }> = [];
    for (;;) {
      const batch = this.emu.takePlatformEvents();
      if (batch.length === 0) return out;
      for (const { teamId, event } of batch) {
        if (!this.emu.team(teamId)?.installed) continue;
        out.push({ teamId, event, response: await this.sendEvent(event, { teamId }) });
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Transport
  // ---------------------------------------------------------------------------------------------

  /** Delivers any interactivity payload: POSTed as form field payload=<JSON>, signed, or as an `interactive` envelope. */
  async interact(payload: Record<string, unknown>): Promise<DriverResponse> {
    if (this.transport === "socket") return this.overSocket("interactive", payload);
    return this.post(stringifyQuery({ payload: JSON.stringify(payload) }), "application/x-www-form-urlencoded");
  }

  /**
   * Sends an envelope on the app's Socket Mode connection and turns its acknowledgement into what
   * an HTTP answer would have been: an empty payload is an empty 200, a payload is the JSON body.
   */
  async overSocket(type: EnvelopeType, payload: Record<string, unknown>, opts: { retryAttempt?: number; retryReason?: string } = {}): Promise<DriverResponse> {
    const d = await this.emu.socketMode.deliver(type, payload, opts);
    if (!d.acked) return { status: d.reason === "no_connection" ? 503 : 504, body: "", ...(d.envelopeId ? { envelopeId: d.envelopeId } : {}) };
    return { status: 200, body: Object.keys(d.payload).length ? d.payload : "", envelopeId: d.envelopeId };
  }

  /** POSTs a raw body to the app, signed like Slack (v0 HMAC-SHA256 of `v0:ts:body`). */
  async post(rawBody: string, contentType: string, extraHeaders: Record<string, string> = {}): Promise<DriverResponse> {
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `v0=${createHmac("sha256", this.signingSecret).update(`v0:${ts}:${rawBody}`).digest("hex")}`;
    const res = await fetch(this.appUrl, {
      method: "POST",
      headers: { "content-type": contentType, "x-slack-request-timestamp": ts, "x-slack-signature": signature, ...extraHeaders },
      body: rawBody,
    });
    const text = await res.text();
    let body: unknown = text;
    if (text && ((res.headers.get("content-type") ?? "").includes("json") || /^\s*[{[]/.test(text))) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: res.status, body };
  }

  private user(id: string) {
    const u = this.emu.user(id);
    if (!u) throw new Error(`Unknown user ${id} (add it with emulator.addUser)`);
    return u;
  }

  private userJson(id: string) {
    const u = this.user(id);
    return { id: u.id, username: u.name, name: u.name, team_id: u.teamId };
  }

  /** Enterprise Grid fields of an interaction payload: the acting person's organisation, and whether an org-wide install serves it. */
  private enterpriseJson(userId: string): { enterprise: { id: string; name: string } | null; is_enterprise_install: boolean } {
    const team = this.emu.teamOf(userId);
    const ent = team?.enterpriseId ? this.emu.enterprise(team.enterpriseId) : undefined;
    return { enterprise: ent ? { id: ent.id, name: ent.name } : null, is_enterprise_install: !!team && this.emu.isOrgWideInstalled(team.id) };
  }

  /** The same for a slash command's form fields. */
  private enterpriseForm(teamId: string): Record<string, string> {
    const team = this.emu.team(teamId);
    return { is_enterprise_install: String(this.emu.isOrgWideInstalled(teamId)), ...(team?.enterpriseId ? { enterprise_id: team.enterpriseId, enterprise_name: this.emu.enterprise(team.enterpriseId)!.name } : {}) };
  }

  /** The `team` of an interaction payload: the acting person's workspace (the emulator's own for people of unknown teams). */
  private team(userId: string) {
    const team = this.emu.teamOf(userId) ?? this.emu.team(this.emu.teamId)!;
    return { id: team.id, domain: team.domain };
  }

  /**
   * The installation a person's interactions reach the app through: their own workspace's (the
   * emulator's own for people of a team it does not know, as before). Throws where Slack would not
   * offer the app at all: not installed there, or its installation revoked.
   */
  private installationFor(userId: string, caller: string): EmuTeam {
    const team = this.emu.teamOf(userId) ?? this.emu.team(this.emu.teamId)!;
    if (!team.installed) throw new Error(`${caller}: the app is not installed in ${userId}'s workspace ${team.id}, so Slack does not offer it there`);
    if (team.revoked) throw new Error(`${caller}: the app's installation in ${team.id} was revoked (${team.revoked}), so Slack does not offer it there`);
    return team;
  }

  /** A channel exists in a workspace only when hosted by it or shared with it. */
  private requireVisible(ch: EmuChannel, team: EmuTeam, caller: string): void {
    if (ch.isIm || ch.teamId === team.id || ch.connectedTeamIds.includes(team.id)) return;
    // People of teams the emulator does not know reach channels through the emulator's own team, as before.
    if (team.id === this.emu.teamId && !this.emu.team(ch.teamId)) return;
    throw new Error(`${caller}: channel ${ch.id} (#${ch.name}) is not in workspace ${team.id} (hosted by ${ch.teamId}, shared with ${ch.connectedTeamIds.join(", ") || "nobody"})`);
  }

  /**
   * Which installation a message event in `ch` goes to: the poster's own workspace's when the
   * app is installed there and the channel is in it, else the channel's host's.
   */
  private deliveringTeam(ch: EmuChannel, userId: string): EmuTeam {
    const own = this.emu.teamOf(userId);
    if (own?.installed && !own.revoked && (ch.teamId === own.id || ch.connectedTeamIds.includes(own.id))) return own;
    const host = this.emu.team(ch.teamId) ?? this.emu.team(this.emu.teamId)!;
    return host;
  }

  private liveView(viewId: string, caller: string): EmuView {
    const v = this.emu.view(viewId);
    if (!v) throw new Error(`${caller}: unknown view ${viewId}`);
    if (v.closed) throw new Error(`${caller}: view ${viewId} is closed`);
    return v;
  }
}

// -----------------------------------------------------------------------------------------------
// Payload helpers
// -----------------------------------------------------------------------------------------------

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

function retryHeaders(retryNum: number | undefined, reason: string): Record<string, string> {
  return retryNum === undefined ? {} : { "x-slack-retry-num": String(retryNum), "x-slack-retry-reason": reason };
}

/** Slack fills in a block_id for blocks sent without one; do it deterministically (by index). */
function withBlockIds(blocks: unknown[]): Obj[] {
  return (blocks as Obj[]).map((b, i) => (b.block_id ? b : { ...b, block_id: `emu-block-${i}` }));
}

/** Every element that can carry an action_id, with where it sits. */
function allElements(blocks: Obj[]): ElementRef[] {
  const refs: ElementRef[] = [];
  for (const b of blocks) {
    const add = (el: unknown) => {
      const e = el as Obj | undefined;
      if (e && typeof e === "object" && typeof e.action_id === "string") {
        refs.push({ blockId: b.block_id, blockType: b.type, actionId: e.action_id, element: e, optional: b.optional === true });
      }
    };
    if (b.type === "actions" && Array.isArray(b.elements)) b.elements.forEach(add);
    if (b.type === "section") add(b.accessory);
    if (b.type === "input") add(b.element);
  }
  return refs;
}

function statefulElements(blocks: Obj[]): ElementRef[] {
  return allElements(blocks).filter((r) => !NON_STATEFUL.has(r.element.type));
}

/** The element with that action_id (in block `blockId` when given: one action_id may repeat across blocks). */
function findAction(blocks: Obj[], actionId: string, where: string, blockId?: string): ElementRef {
  const refs = allElements(blocks);
  const found = refs.find((r) => r.actionId === actionId && (blockId === undefined || r.blockId === blockId));
  if (!found) {
    const available = refs.map((r) => `${r.actionId} (${r.element.type})`).join(", ") || "none";
    throw new Error(`No element with action_id "${actionId}" in ${where}; available action_ids: ${available}`);
  }
  return found;
}

function resolveKey(refs: ElementRef[], key: string, viewId: string, caller: string): ElementRef {
  const exact = refs.find((r) => `${r.blockId}.${r.actionId}` === key);
  if (exact) return exact;
  const byAction = refs.filter((r) => r.actionId === key);
  if (byAction.length === 1) return byAction[0]!;
  const available = refs.map((r) => `${r.blockId}.${r.actionId}`).join(", ") || "none";
  if (byAction.length > 1) throw new Error(`${caller}: action_id "${key}" is ambiguous in view ${viewId}; use one of ${available}`);
  throw new Error(`${caller}: no input element "${key}" in view ${viewId}; available: ${available}`);
}

function allOptions(e: Obj): Obj[] {
  if (Array.isArray(e.option_groups)) return e.option_groups.flatMap((g: Obj) => (Array.isArray(g.options) ? g.options : []));
  return Array.isArray(e.options) ? e.options : [];
}

function pickOption(e: Obj, value: unknown): Obj {
  const v = String(value);
  if (!Array.isArray(e.options) && !Array.isArray(e.option_groups)) {
    return { text: { type: "plain_text", text: v }, value: v }; // external selects
  }
  const found = allOptions(e).find((o) => o.value === v);
  if (!found) {
    throw new Error(`Option "${v}" not found in ${e.type} "${e.action_id}"; values: ${allOptions(e).map((o) => o.value).join(", ")}`);
  }
  return found;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** The state value Slack reports for an element: `given` if provided, else `previous`, else initial_*. */
function elementState(e: Obj, given: unknown, previous: Obj | undefined): Obj {
  const has = given !== undefined;
  const prev = (k: string) => (previous && k in previous ? previous[k] : undefined);
  const pick = (k: string, initial: unknown, empty: unknown, map: (x: unknown) => unknown = (x) => x) =>
    ({ [k]: has ? map(given) : prev(k) !== undefined ? prev(k) : initial ?? empty });
  const type = e.type as string;
  switch (type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "number_input":
      return { type, ...pick("value", e.initial_value, null, (x) => (x === null ? null : String(x))) };
    case "static_select":
    case "external_select":
    case "radio_buttons":
      return { type, ...pick("selected_option", e.initial_option, null, (x) => (x === null ? null : pickOption(e, x))) };
    case "multi_static_select":
    case "multi_external_select":
    case "checkboxes":
      return { type, ...pick("selected_options", e.initial_options, [], (x) => asList(x).map((v) => pickOption(e, v))) };
    case "datepicker":
      return { type, ...pick("selected_date", e.initial_date, null) };
    case "timepicker":
      return { type, ...pick("selected_time", e.initial_time, null), ...(e.timezone ? { timezone: e.timezone } : {}) };
    case "datetimepicker":
      return { type, ...pick("selected_date_time", e.initial_date_time, null, (x) => (x === null ? null : Number(x))) };
    case "users_select":
      return { type, ...pick("selected_user", e.initial_user, null) };
    case "multi_users_select":
      return { type, ...pick("selected_users", e.initial_users, [], asList) };
    case "conversations_select":
      return { type, ...pick("selected_conversation", e.initial_conversation, null) };
    case "multi_conversations_select":
      return { type, ...pick("selected_conversations", e.initial_conversations, [], asList) };
    case "channels_select":
      return { type, ...pick("selected_channel", e.initial_channel, null) };
    case "multi_channels_select":
      return { type, ...pick("selected_channels", e.initial_channels, [], asList) };
    case "rich_text_input":
      return { type, ...pick("rich_text_value", e.initial_value, null) };
    case "file_input":
      return { type, ...pick("files", undefined, []) };
    default:
      return { type, ...(has ? { value: given } : {}) };
  }
}

/** state.values for a surface; `given` is keyed "block_id.action_id". */
function buildState(blocks: Obj[], previous: Record<string, Record<string, Obj>>, given: Record<string, unknown>, skipUndefined: boolean) {
  const values: Record<string, Record<string, Obj>> = {};
  for (const r of statefulElements(blocks)) {
    const g = given[`${r.blockId}.${r.actionId}`];
    if (skipUndefined && g === undefined && previous[r.blockId]?.[r.actionId] === undefined && r.blockType !== "input") {
      // Slack only reports non-input elements the user has interacted with, or that have an initial value.
      const initial = elementState(r.element, undefined, undefined);
      if (Object.values(initial).every((v) => v === r.element.type || isEmptyValue(v))) continue;
    }
    (values[r.blockId] ??= {})[r.actionId] = elementState(r.element, g, previous[r.blockId]?.[r.actionId]);
  }
  return { values };
}

function isEmptyValue(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

function isEmpty(state: Obj | undefined): boolean {
  if (!state) return true;
  return Object.entries(state).filter(([k]) => k !== "type" && k !== "timezone").every(([, v]) => isEmptyValue(v));
}

/** The `actions[0]` entry of a block_actions payload for the clicked element. */
function buildAction(ref: ElementRef, value: unknown): Obj {
  const e = ref.element;
  const base = { action_id: ref.actionId, block_id: ref.blockId, type: e.type, action_ts: actionTs() };
  if (e.type === "button") {
    return { ...base, text: e.text, ...(e.value !== undefined ? { value: e.value } : {}), ...(e.style ? { style: e.style } : {}) };
  }
  if (e.type === "overflow") {
    if (value === undefined) throw new Error(`overflow "${ref.actionId}" needs value = the option value to pick`);
    return { ...base, selected_option: pickOption(e, value) };
  }
  if (e.type === "workflow_button") return { ...base, text: e.text };
  if (value === undefined) throw new Error(`${e.type} "${ref.actionId}" needs value = what the user picks/enters`);
  const { type: _type, ...state } = elementState(e, value, undefined);
  return { ...base, ...state, ...(e.placeholder ? { placeholder: e.placeholder } : {}) };
}

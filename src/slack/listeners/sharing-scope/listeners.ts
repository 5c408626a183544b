// Art. 7 listeners: the "Designate sharing scope" message shortcut and its modal, the message
// events that reveal a registered message forwarded or linked elsewhere, and the buttons of the
// provider's liaisons and of the forwarder. Thin: parse, call the use case, answer.
import type { AllMiddlewareArgs, BlockButtonAction, MessageShortcut, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs, SlackShortcutMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { confirmRemoval, consentToSharing, designateScope, designationPrecheck, recordScopeWarning, requestRemoval, type AnswerResult, type MessageToDesignate } from "../../../app/sharing-scope";
import { outsiders, parseOrganisations, referencedMessages, type DesignationRefusal } from "../../../domain/sharing-scope";
import { escapeMrkdwn } from "../../mrkdwn";
import type { Member } from "../../../domain/parties";
import type { SharedItem } from "../../../domain/sharing-scope";
import { RELEASE_ID, SCOPE_ID, VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode, ZScopeMessage, ZWarningRef } from "../../metadata";
import { partyShort, personalContext, type RenderContext } from "../../render-context";
import { plainNotice, refusalMessage } from "../../views/notices";
import { conversationName, designateModal } from "../../views/sharing-scope";
import { openModalOrTell, privately, listenerContext } from "../kit";
import { formErrors, type SlackMessage } from "../../views/kit";

/** The input block of each scope field, for inline errors (designate and share forms). */
export const SCOPE_FIELD_BLOCK = {
  level: SCOPE_ID.blockLevel,
  basis: SCOPE_ID.blockBasis,
  organisations: SCOPE_ID.blockOrganisations,
  users: SCOPE_ID.blockUsers,
  channels: RELEASE_ID.blockChannels,
} as const;

/** What is stored as the item's summary: the start of the message, for the register only. */
const SUMMARY_CHARS = 300;

type SlackMessageRef = { ts: string; user?: string; bot_id?: string; thread_ts?: string; text?: string };

/** The author renkei counts for a message: its user, or the bot itself for a message a bot posted. */
const authorOf = (m: SlackMessageRef, botUserId: string | null): string | null => m.user ?? (m.bot_id ? botUserId : null);

/**
 * The message as Slack has it now, read with the bot's token: conversations.history bounded to its
 * ts (inclusive), or conversations.replies in its thread. Null when Slack does not return it
 * (deleted, or a channel renkei is not in).
 */
async function messageInSlack(client: WebClient, channel: string, ts: string, threadTs: string | null): Promise<SlackMessageRef | null> {
  try {
    const res = threadTs
      ? await client.conversations.replies({ channel, ts: threadTs, oldest: ts, latest: ts, inclusive: true, limit: 2 })
      : await client.conversations.history({ channel, oldest: ts, latest: ts, inclusive: true, limit: 1 });
    return ((res.messages ?? []) as SlackMessageRef[]).find((m) => m.ts === ts) ?? null;
  } catch {
    return null;
  }
}

function designationRefusalMessage(rc: RenderContext, refusal: DesignationRefusal, providerParty: string | null): SlackMessage {
  if (refusal === "not_a_member") return refusalMessage(rc, "not_a_member");
  if (refusal === "unknown_provider") return plainNotice(rc.t("scope.refusal.unknown_provider"));
  return plainNotice(rc.t("scope.refusal.not_provider", { party: escapeMrkdwn(partyShort(rc, providerParty ?? "")) }));
}

export function designateShortcut(deps: SlackDeps) {
  return async ({ ack, shortcut, respond, client, context }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const m = shortcut.message as SlackMessageRef;
    const message: MessageToDesignate = {
      channelId: shortcut.channel.id,
      messageTs: m.ts ?? shortcut.message_ts,
      threadTs: m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : null,
      authorUserId: authorOf(m, context.botUserId ?? null),
      summary: Array.from(m.text ?? "").slice(0, SUMMARY_CHARS).join(""),
    };
    const check = await designationPrecheck(deps, member, message, context.botUserId ?? null);
    if (check.refusal || !check.providerParty) return privately(respond, designationRefusalMessage(rc, check.refusal ?? "unknown_provider", check.providerParty));
    await openModalOrTell(client, shortcut.trigger_id, designateModal(rc, message, check.providerParty, check.bases, check.existing), respond, rc);
  };
}

export function designateSubmission(deps: SlackDeps) {
  return async ({ ack, view, context, client, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const meta = decode(ZScopeMessage, view.private_metadata);
    const values = view.state.values;
    if (!meta) return ack(formErrors({ [SCOPE_ID.blockLevel]: rc.t("error.generic", { error: "bad metadata" }) }));
    // The form's hidden metadata is not proof of who wrote the message: Slack is asked again, and
    // a form whose author differs from Slack's is refused (the provider decides who may designate).
    const inSlack = await messageInSlack(client, meta.c, meta.ts, meta.th);
    const author = inSlack ? authorOf(inSlack, context.botUserId ?? null) : null;
    if (!inSlack || author !== meta.a) {
      await ack();
      const key = inSlack ? "scope.refusal.author_mismatch" : "scope.refusal.message_unreadable";
      deps.log.warn("sharing scope designation refused: the message's author could not be confirmed", { channel: meta.c, ts: meta.ts, formAuthor: meta.a, slackAuthor: author, user: body.user.id });
      await client.chat.postMessage({ channel: body.user.id, ...plainNotice(rc.t(key)) }).catch(() => undefined);
      return;
    }
    const result = await designateScope(
      deps,
      member,
      { channelId: meta.c, messageTs: meta.ts, threadTs: meta.th, authorUserId: author, summary: Array.from(inSlack.text ?? "").slice(0, SUMMARY_CHARS).join("") },
      {
        level: values[SCOPE_ID.blockLevel]?.[VALUE_ACTION]?.selected_option?.value ?? null,
        basis: values[SCOPE_ID.blockBasis]?.[VALUE_ACTION]?.selected_option?.value ?? null,
        allow: {
          users: values[SCOPE_ID.blockUsers]?.[VALUE_ACTION]?.selected_users ?? [],
          channels: values[RELEASE_ID.blockChannels]?.[VALUE_ACTION]?.selected_conversations ?? [],
          organisations: parseOrganisations(values[SCOPE_ID.blockOrganisations]?.[VALUE_ACTION]?.value),
        },
      },
      context.botUserId ?? null,
    );
    switch (result.outcome) {
      case "invalid": {
        const block = SCOPE_FIELD_BLOCK[result.field];
        return ack(formErrors({ [block]: rc.t(`scope.invalid.${result.field}`) }));
      }
      case "refused":
        await ack();
        // The modal closes; the reason comes as a DM because a view submission has no channel.
        await client.chat.postMessage({ channel: body.user.id, ...designationRefusalMessage(rc, result.refusal, result.providerParty) }).catch(() => undefined);
        return;
      case "designated":
        await ack();
    }
  };
}

async function channelMembers(client: WebClient, channel: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await client.conversations.members({ channel, cursor, limit: 1000 });
    out.push(...(res.members ?? []));
    cursor = res.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return out;
}

type MessageEvent = { subtype?: string; user?: string; bot_id?: string; channel: string; channel_type?: string; ts: string; thread_ts?: string; text?: string; attachments?: unknown[] };

/**
 * A message that forwards a registered message, or pastes its permalink, where people outside its
 * scope can read it: the forward is recorded once and the warning goes out. Within scope: silent.
 */
export function messageSeen(deps: SlackDeps) {
  return async ({ event, body, client, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs): Promise<void> => {
    const e = event as unknown as MessageEvent;
    // The workspace the message was posted in: the warning goes there through that workspace's installation.
    const eventTeam = (body as { team_id?: string }).team_id ?? context.teamId ?? null;
    if ((e.subtype && e.subtype !== "thread_broadcast" && e.subtype !== "file_share") || !e.user || e.bot_id) return;
    const refs = referencedMessages(e).filter((r) => r.channelId !== e.channel);
    if (refs.length === 0) return;
    const items = await deps.store.sharedItems.scopedByMessages(refs);
    if (items.length === 0) return;
    const bot = context.botUserId;
    const ignore = (ids: string[]) => ids.filter((id) => id !== bot);
    // The bot sees direct messages with itself only: the person who wrote is the audience.
    const members = e.channel_type === "im" ? [e.user] : ignore(await channelMembers(client, e.channel));
    const jointCache = new Map<string, string[]>();
    const jointMembers = async (item: SharedItem): Promise<string[] | null> => {
      // An Art. 5(2) share has no case: the channel both parties share is the normal-times channel it was posted in.
      const incident = item.incidentId ? await deps.store.incidentById(item.incidentId) : null;
      const joint = incident?.channelId ?? (!item.incidentId && item.basis === "5(2)" ? item.channelId : null);
      if (!joint) return null;
      if (!jointCache.has(joint)) jointCache.set(joint, await channelMembers(client, joint));
      return jointCache.get(joint)!;
    };
    const consents = await deps.store.scopeConsents.ofItems(items.map((i) => i.id));
    for (const item of items) {
      const ref = refs.find((r) => r.channelId === item.channelId && r.ts === item.messageTs)!;
      const outside = outsiders(item.scope!, { channelId: e.channel, members }, deps.config.directory, {
        providerParty: item.providerParty,
        jointChannelMembers: item.scope!.level === "amber_strict" ? await jointMembers(item) : null,
        consents: consents.filter((c) => c.sharedInformationId === item.id && c.status === "granted"),
      });
      if (outside.length === 0) continue;
      await recordScopeWarning(deps, { item, channelId: e.channel, messageTs: e.ts, threadTs: e.thread_ts ?? null, via: ref.via, forwardedByUserId: e.user, outsiders: outside, teamId: eventTeam });
    }
  };
}

function answerMessage(rc: RenderContext, result: AnswerResult, done: "consented" | "removal_requested" | "removed"): SlackMessage {
  if (result.outcome === "done") return plainNotice(rc.t(`scope.answer.${done}`, { channel: conversationName(rc, result.warning.channelId, result.warning.forwardedByUserId) }));
  switch (result.refusal) {
    case "not_a_member":
      return refusalMessage(rc, "not_a_member");
    case "already_answered":
      return plainNotice(rc.t("scope.refusal.already_answered", { status: rc.t(`scope.status.${result.warning?.status ?? "open"}`) }));
    default:
      return plainNotice(rc.t(`scope.refusal.${result.refusal}`));
  }
}

export function scopeAnswerButton(deps: SlackDeps, kind: "consent" | "removal" | "removed") {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member: Member | undefined = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZWarningRef, action.value);
    if (!ref) return;
    const result =
      kind === "consent"
        ? await consentToSharing(deps, member, ref.w)
        : kind === "removal"
          ? await requestRemoval(deps, member, ref.w)
          : await confirmRemoval(deps, member, ref.w, body.user.id);
    await privately({ respond, client, body }, answerMessage(rc, result, kind === "consent" ? "consented" : kind === "removal" ? "removal_requested" : "removed"));
  };
}

// Art. 7 listeners: the "Designate sharing scope" message shortcut and its modal, the message
// events that reveal a registered message forwarded or linked elsewhere, and the buttons of the
// provider's liaisons and of the forwarder. Thin: parse, call the use case, answer.
import type { AllMiddlewareArgs, BlockButtonAction, MessageShortcut, SlackActionMiddlewareArgs, SlackEventMiddlewareArgs, SlackShortcutMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { allowedBases, confirmRemoval, consentToSharing, designateScope, designationPrecheck, recordScopeWarning, requestRemoval, type AnswerResult, type MessageToDesignate } from "../../app/sharing-scope";
import { outsiders, parseOrganisations, referencedMessages, type DesignationRefusal } from "../../domain/sharing-scope";
import { escapeMrkdwn } from "../mrkdwn";
import type { Member } from "../../domain/parties";
import type { SharedItem } from "../../domain/sharing-scope";
import { RELEASE_ID, SCOPE_ID, VALUE_ACTION } from "../ids";
import { memberOf, type SlackDeps } from "../listener-context";
import { decode, ZScopeMessage, ZWarningRef } from "../metadata";
import { partyShort, personalContext, type RenderContext } from "../render-context";
import { plainNotice, refusalMessage } from "../views/notices";
import type { SlackMessage } from "../views/incident-card";
import { designateModal } from "../views/sharing-scope";
import { openModalOrTell, privately } from "./respond";

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

function designationRefusalMessage(rc: RenderContext, refusal: DesignationRefusal, providerParty: string | null): SlackMessage {
  if (refusal === "not_a_member") return refusalMessage(rc, "not_a_member");
  if (refusal === "unknown_provider") return plainNotice(rc.t("scope.refusal.unknown_provider"));
  return plainNotice(rc.t("scope.refusal.not_provider", { party: escapeMrkdwn(partyShort(rc, providerParty ?? "")) }));
}

export function designateShortcut(deps: SlackDeps) {
  return async ({ ack, shortcut, respond, client, context }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const m = shortcut.message as { ts: string; user?: string; bot_id?: string; thread_ts?: string; text?: string };
    const message: MessageToDesignate = {
      channelId: shortcut.channel.id,
      messageTs: m.ts ?? shortcut.message_ts,
      threadTs: m.thread_ts && m.thread_ts !== m.ts ? m.thread_ts : null,
      authorUserId: m.user ?? (m.bot_id ? (context.botUserId ?? null) : null),
      summary: Array.from(m.text ?? "").slice(0, SUMMARY_CHARS).join(""),
    };
    const check = await designationPrecheck(deps, member, message, context.botUserId ?? null);
    if (check.refusal || !check.providerParty) return privately(respond, designationRefusalMessage(rc, check.refusal ?? "unknown_provider", check.providerParty));
    await openModalOrTell(client, shortcut.trigger_id, designateModal(rc, message, check.providerParty, allowedBases(deps), check.existing), respond, rc);
  };
}

export function designateSubmission(deps: SlackDeps) {
  return async ({ ack, view, context, client, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const meta = decode(ZScopeMessage, view.private_metadata);
    const values = view.state.values;
    if (!meta) return ack({ response_action: "errors", errors: { [SCOPE_ID.blockLevel]: rc.t("error.generic", { error: "bad metadata" }) } });
    const result = await designateScope(
      deps,
      member,
      { channelId: meta.c, messageTs: meta.ts, threadTs: meta.th, authorUserId: meta.a, summary: meta.s },
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
        return ack({ response_action: "errors", errors: { [block]: rc.t(`scope.invalid.${result.field}`) } });
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
  return async ({ event, client, context }: SlackEventMiddlewareArgs<"message"> & AllMiddlewareArgs): Promise<void> => {
    const e = event as unknown as MessageEvent;
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
      await recordScopeWarning(deps, { item, channelId: e.channel, messageTs: e.ts, threadTs: e.thread_ts ?? null, via: ref.via, forwardedByUserId: e.user, outsiders: outside });
    }
  };
}

function answerMessage(rc: RenderContext, result: AnswerResult, done: "consented" | "removal_requested" | "removed"): SlackMessage {
  if (result.outcome === "done") return plainNotice(rc.t(`scope.answer.${done}`, { channel: result.warning.channelId }));
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

// Listeners of internal channels and releases: "Share with <other party>" (message shortcut and
// its form), "Request consent to share" (message shortcut and its form) and the provider
// liaisons' Approve / Decline. Thin: parse, authorise (private refusal), call the use case.
import type { AllMiddlewareArgs, BlockButtonAction, MessageShortcut, SlackActionMiddlewareArgs, SlackShortcutMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { requestInternalChannel } from "../../../app/internal-channel";
import type { Incident } from "../../../domain/incident";
import type { Member } from "../../../domain/parties";
import { decideConsent, consentRequestPrecheck, requestConsent, type ConsentDecisionResult } from "../../../app/consent-request";
import { releasePrecheck, releaseToOtherParty, RELEASE_TEXT_CHARS, type ReleaseResult } from "../../../app/release";
import { parseOrganisations, requestAudience, type ScopeAllowances } from "../../../domain/sharing-scope";
import { RELEASE_ID, SCOPE_ID, VALUE_ACTION } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { decode, encode, ZConsentRef, ZConsentRequestTarget, ZReleaseSource } from "../../metadata";
import { formatDateTime, mentionUser, type RenderContext } from "../../render-context";
import { plainNotice, refusalMessage } from "../../views/notices";
import { consentRequestModal, releaseModal } from "../../views/release";
import { consentAudience } from "../../views/sharing-scope";
import { openModalOrTell, privately, listenerContext } from "../kit";
import { SCOPE_FIELD_BLOCK } from "../sharing-scope/listeners";
import { formErrors, partyName, type SlackMessage } from "../../views/kit";

type ViewValues = ViewSubmitAction["view"]["state"]["values"];

/** The scope inputs of the designate and share forms. */
export function scopeChoiceFrom(values: ViewValues): { level: string | null; basis: string | null; allow: ScopeAllowances } {
  return {
    level: values[SCOPE_ID.blockLevel]?.[VALUE_ACTION]?.selected_option?.value ?? null,
    basis: values[SCOPE_ID.blockBasis]?.[VALUE_ACTION]?.selected_option?.value ?? null,
    allow: {
      users: values[SCOPE_ID.blockUsers]?.[VALUE_ACTION]?.selected_users ?? [],
      channels: values[RELEASE_ID.blockChannels]?.[VALUE_ACTION]?.selected_conversations ?? [],
      organisations: parseOrganisations(values[SCOPE_ID.blockOrganisations]?.[VALUE_ACTION]?.value),
    },
  };
}

async function permalinkOf(client: WebClient, channel: string | null, ts: string | null): Promise<string> {
  if (!channel || !ts) return "";
  return (await client.chat.getPermalink({ channel, message_ts: ts }).catch(() => ({ permalink: undefined }))).permalink ?? `<#${channel}>`;
}

async function releaseRefusalMessage(rc: RenderContext, client: WebClient, result: Exclude<ReleaseResult, { outcome: "ok" | "released" | "invalid" }>): Promise<SlackMessage> {
  switch (result.outcome) {
    case "refused":
      if (result.refusal === "not_a_member") return refusalMessage(rc, "not_a_member");
      if (result.refusal === "other_party") return plainNotice(rc.t("release.refusal.other_party", { party: partyName(rc, result.party ?? "") }));
      return plainNotice(rc.t("release.refusal.not_internal_channel"));
    case "already":
      return plainNotice(rc.t("release.already", { link: await permalinkOf(client, result.item.channelId, result.item.messageTs) }));
    case "no_joint_channel":
      return plainNotice(rc.t("release.no_joint_channel", { ref: result.incident?.ref ?? "" }));
    case "no_text":
      return plainNotice(rc.t("release.no_text"));
  }
}

/** private_metadata holds 3000 characters at most: the text is cut to fit (the repost shows 2700 at most anyway). */
function releaseMetadataText(channelId: string, ts: string, text: string): string {
  let chars = Array.from(text).slice(0, RELEASE_TEXT_CHARS);
  while (encode({ c: channelId, ts, x: chars.join("") }).length > 3000) chars = chars.slice(0, chars.length - 100);
  return chars.join("");
}

export function shareShortcut(deps: SlackDeps) {
  return async ({ ack, shortcut, respond, client, context }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const m = shortcut.message as { ts: string; text?: string; user?: string; bot_id?: string };
    // What a party provides is what its members wrote (the bot's own posts, e.g. the intro, are not information).
    if (m.bot_id || (m.user && m.user === context.botUserId)) return privately(respond, plainNotice(rc.t("release.refusal.bot_message")));
    const source = { channelId: shortcut.channel.id, messageTs: m.ts ?? shortcut.message_ts, text: releaseMetadataText(shortcut.channel.id, m.ts ?? shortcut.message_ts, m.text ?? "") };
    const check = await releasePrecheck(deps, member, source);
    if (check.outcome !== "ok") return privately(respond, await releaseRefusalMessage(rc, client, check));
    const view = releaseModal(rc, { source, text: source.text, party: check.internal.party, ref: check.incident.ref, jointChannelId: check.incident.channelId!, bases: check.bases });
    await openModalOrTell(client, shortcut.trigger_id, view, respond, rc);
  };
}

export function shareSubmission(deps: SlackDeps) {
  return async ({ ack, view, context, client, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const meta = decode(ZReleaseSource, view.private_metadata);
    if (!meta) return ack(formErrors({ [SCOPE_ID.blockLevel]: rc.t("error.generic", { error: "bad metadata" }) }));
    const result = await releaseToOtherParty(deps, member, { channelId: meta.c, messageTs: meta.ts, text: meta.x }, scopeChoiceFrom(view.state.values));
    switch (result.outcome) {
      case "invalid": {
        const key = result.field === "channels" ? "scope.invalid.channels" : (`scope.invalid.${result.field}` as const);
        return ack(formErrors({ [SCOPE_FIELD_BLOCK[result.field]]: rc.t(key) }));
      }
      case "released":
        await ack();
        return;
      case "ok":
        return ack();
      default:
        await ack();
        // The modal closes; the reason comes as a DM because a view submission has no channel.
        // A second submission of the same form lands here as "already": it says so, nothing is posted twice.
        await client.chat.postMessage({ channel: body.user.id, ...(await releaseRefusalMessage(rc, client, result)) }).catch(() => undefined);
    }
  };
}

function consentRefusalMessage(rc: RenderContext, refusal: string, providerParty: string | null): SlackMessage {
  if (refusal === "not_a_member") return refusalMessage(rc, "not_a_member");
  if (refusal === "own_party") return plainNotice(rc.t("consent_request.refusal.own_party", { party: partyName(rc, providerParty ?? "") }));
  if (refusal === "unscoped") return plainNotice(rc.t("consent_request.refusal.unscoped"));
  return plainNotice(rc.t("consent_request.refusal.unregistered"));
}

export function requestConsentShortcut(deps: SlackDeps) {
  return async ({ ack, shortcut, respond, client, context }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const check = await consentRequestPrecheck(deps, member, shortcut.channel.id, (shortcut.message as { ts?: string }).ts ?? shortcut.message_ts);
    if (check.outcome !== "ok") return privately(respond, consentRefusalMessage(rc, check.refusal, check.item?.providerParty ?? null));
    await openModalOrTell(client, shortcut.trigger_id, consentRequestModal(rc, check.item), respond, rc);
  };
}

async function channelMembers(client: WebClient, channel: string): Promise<string[] | null> {
  try {
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await client.conversations.members({ channel, cursor, limit: 1000 });
      out.push(...(res.members ?? []));
      cursor = res.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return out;
  } catch {
    return null;
  }
}

export function requestConsentSubmission(deps: SlackDeps) {
  return async ({ ack, view, context, client, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const meta = decode(ZConsentRequestTarget, view.private_metadata);
    const values = view.state.values;
    if (!meta) return ack(formErrors({ [RELEASE_ID.blockRequestReason]: rc.t("error.generic", { error: "bad metadata" }) }));
    const channelId = values[RELEASE_ID.blockRequestChannel]?.[VALUE_ACTION]?.selected_conversation ?? null;
    const named = values[RELEASE_ID.blockRequestUsers]?.[VALUE_ACTION]?.selected_users ?? [];
    const reason = values[RELEASE_ID.blockRequestReason]?.[VALUE_ACTION]?.value ?? "";
    let inChannel: string[] = [];
    if (channelId) {
      const found = await channelMembers(client, channelId);
      if (!found) return ack(formErrors({ [RELEASE_ID.blockRequestChannel]: rc.t("consent_request.invalid.channel_unreadable") }));
      inChannel = found;
    }
    const result = await requestConsent(deps, member, { sharedInformationId: meta.i, channelId, users: requestAudience(named, inChannel, context.botUserId ?? null), reason, requestKey: view.id });
    switch (result.outcome) {
      case "invalid":
        return result.field === "audience"
          ? ack(formErrors({ [RELEASE_ID.blockRequestChannel]: rc.t("consent_request.invalid.audience") }))
          : ack(formErrors({ [RELEASE_ID.blockRequestReason]: rc.t("consent_request.invalid.reason") }));
      case "duplicate":
        return ack();
      case "refused":
        await ack();
        await client.chat.postMessage({ channel: body.user.id, ...consentRefusalMessage(rc, result.refusal, null) }).catch(() => undefined);
        return;
      case "requested": {
        await ack();
        const text = rc.t("consent_request.sent", { party: partyName(rc, result.item.providerParty), audience: consentAudience(rc, result.consent) });
        await client.chat.postMessage({ channel: body.user.id, ...plainNotice(text) }).catch(() => undefined);
      }
    }
  };
}

function decisionMessage(rc: RenderContext, result: ConsentDecisionResult): SlackMessage {
  if (result.outcome === "done") return plainNotice(rc.t(result.consent.status === "granted" ? "consent_request.answer.granted" : "consent_request.answer.declined"));
  switch (result.refusal) {
    case "not_a_member":
      return refusalMessage(rc, "not_a_member");
    case "ended":
      return plainNotice(rc.t("consent_request.refusal.ended", { ref: result.endedWith?.ref ?? "?", date: result.endedWith?.closedAt ? formatDateTime(rc, result.endedWith.closedAt) : "—" }));
    case "already_answered":
      return plainNotice(
        rc.t("consent_request.refusal.already_answered", {
          status: rc.t(`scope.consent_status.${result.consent?.status === "declined" ? "declined" : "granted"}`, { user: result.consent?.decidedByUserId ? mentionUser(result.consent.decidedByUserId) : "?" }),
        }),
      );
    default:
      return plainNotice(rc.t(`consent_request.refusal.${result.refusal}`));
  }
}

export function consentDecisionButton(deps: SlackDeps, decision: "granted" | "declined") {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const ref = decode(ZConsentRef, action.value);
    if (!ref) return;
    const result = await decideConsent(deps, member, ref.k, decision);
    await privately({ respond, client, body }, decisionMessage(rc, result));
  };
}

/** `/renkei internal <ref>`: opens (or points to, and invites the asker to) their party's internal channel. */
export async function internalChannelCommand(deps: SlackDeps, rc: RenderContext, member: Member, incident: Incident): Promise<SlackMessage> {
  if (incident.state === "out_of_scope") return plainNotice(rc.t("internal.refusal.out_of_scope", { ref: incident.ref }));
  const result = await requestInternalChannel(deps, member, incident);
  if (result.outcome === "refused") return refusalMessage(rc, "not_a_member");
  const p = { party: partyName(rc, member.party), ref: incident.ref, channel: result.channel.channelId ?? "" };
  if (result.outcome === "requested") return plainNotice(rc.t("internal.requested", p));
  if (!result.channel.channelId || result.channel.status !== "ready") return plainNotice(rc.t("internal.exists.pending", p));
  return plainNotice(rc.t(result.invited ? "internal.exists.invited" : "internal.exists", p));
}

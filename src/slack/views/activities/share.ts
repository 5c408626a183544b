// Art. 5(2) information sharing: the modal (categories of the member's party only, the information,
// its Art. 7 scope), the card's body (category and direction, scope label, the information, receipt)
// and the answers to the receiving party's "Received".
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import { z } from "zod";
import type { SharingCategoryProfile } from "../../../config/profiles";
import type { Activity, ActivityRecord } from "../../../domain/activity";
import { RECEIVED_KIND, SHARE_LIMITS, shareData, type AcknowledgeRefusal, type ShareError, type ShareRefusal } from "../../../domain/activities/share";
import { escapeAndTruncate, escapeMrkdwn } from "../../mrkdwn";
import { SCOPE_LIMITS, TLP_LABEL } from "../../../domain/sharing-scope";
import { SHARE_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../../render-context";
import { plainNotice, refusalMessage } from "../notices";
import { allowanceText, meaning, scopeChannelsBlock, scopeLevelOptions } from "../sharing-scope";
import { modal, partyName, plain, type SlackMessage } from "../kit";

/** The button value on a share's card. */
export const ZShareRef = z.object({ a: z.string().min(1) });

const otherParty = (rc: RenderContext, id: string) => rc.profile.parties.find((p) => p.id !== id)?.id ?? id;
export const categoryName = (rc: RenderContext, id: string) => rc.profile.normalTimesSharing?.find((c) => c.id === id)?.name[rc.locale] ?? id;

export function shareModal(rc: RenderContext, providerParty: string, categories: SharingCategoryProfile[]): ModalView {
  const { t } = rc;
  const categoryOptions: PlainTextOption[] = categories.map((c) => ({ text: plain(`${c.name[rc.locale]} (${partyShort(rc, c.from)} → ${partyShort(rc, c.to)})`.slice(0, 75)), value: c.id }));
  return modal(rc, {
    callbackId: SHARE_ID.callbackShare,
    metadata: encode({ p: providerParty }),
    title: t("share.modal.title"),
    submit: t("share.modal.submit"),
    blocks: [
      { type: "section", block_id: "share_intro", text: { type: "mrkdwn", text: t("share.modal.intro", { party: partyName(rc, providerParty), other: partyName(rc, otherParty(rc, providerParty)) }) } },
      { type: "input", block_id: SHARE_ID.blockCategory, label: plain(t("share.field.category")), element: { type: "static_select", action_id: VALUE_ACTION, options: categoryOptions, ...(categoryOptions.length === 1 ? { initial_option: categoryOptions[0]! } : {}) } },
      { type: "input", block_id: SHARE_ID.blockTitle, label: plain(t("share.field.title")), element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: SHARE_LIMITS.title } },
      { type: "input", block_id: SHARE_ID.blockContent, optional: true, label: plain(t("share.field.content")), hint: plain(t("share.field.content.hint")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: SHARE_LIMITS.content } },
      { type: "input", block_id: SHARE_ID.blockReference, optional: true, label: plain(t("share.field.reference")), hint: plain(t("share.field.reference.hint")), element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: SHARE_LIMITS.reference } },
      { type: "input", block_id: SHARE_ID.blockLevel, label: plain(t("scope.field.level")), element: { type: "radio_buttons", action_id: VALUE_ACTION, options: scopeLevelOptions(rc) } },
      { type: "input", block_id: SHARE_ID.blockUsers, optional: true, label: plain(t("scope.field.users")), element: { type: "multi_users_select", action_id: VALUE_ACTION, max_selected_items: SCOPE_LIMITS.users } },
      scopeChannelsBlock(rc, []),
      { type: "input", block_id: SHARE_ID.blockOrganisations, optional: true, label: plain(t("scope.field.organisations")), hint: plain(t("scope.field.organisations.hint")), element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: SCOPE_LIMITS.organisations } },
    ],
  });
}

const BLOCK_OF: Record<ShareError["field"], string> = {
  category: SHARE_ID.blockCategory,
  title: SHARE_ID.blockTitle,
  content: SHARE_ID.blockContent,
  reference: SHARE_ID.blockReference,
  level: SHARE_ID.blockLevel,
  users: SHARE_ID.blockUsers,
  organisations: SHARE_ID.blockOrganisations,
};

/** Inline errors of the share modal; a category of the other direction says who shares it. */
export function shareErrors(rc: RenderContext, errors: ShareError[], providerParty: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const block = BLOCK_OF[e.field];
    if (out[block]) continue;
    switch (e.error) {
      case "wrong_direction":
        out[block] = rc.t("share.error.wrong_direction", { category: e.category ? e.category.name[rc.locale] : "", from: partyShort(rc, e.category?.from ?? ""), to: partyShort(rc, e.category?.to ?? ""), party: partyShort(rc, providerParty) });
        break;
      case "unknown_category":
        out[block] = rc.t("share.error.unknown_category");
        break;
      case "content_or_reference":
        out[block] = rc.t("share.error.content_or_reference");
        break;
      case "too_long":
        out[block] = e.field === "users" ? rc.t("scope.invalid.users") : e.field === "organisations" ? rc.t("scope.invalid.organisations") : rc.t("intake.error.too_long", { max: e.max ?? 0 });
        break;
      default:
        out[block] = e.field === "level" ? rc.t("scope.invalid.level") : rc.t("intake.error.required");
    }
  }
  return out;
}

export function shareCardBody(rc: RenderContext, activity: Activity, records: ActivityRecord[]): KnownBlock[] {
  const d = shareData(activity);
  if (!d) return [];
  const { t } = rc;
  const allow = allowanceText(rc, d.scope.allow);
  const lines = [
    t("share.card.category", { category: escapeMrkdwn(categoryName(rc, d.category)), from: partyName(rc, activity.ownerParty), to: partyName(rc, d.toParty) }),
    t("share.card.scope", { tlp: TLP_LABEL[d.scope.level], meaning: meaning(rc, d.scope.level), extra: allow ? t("scope.label.extra", { allow }) : "" }),
  ];
  const blocks: KnownBlock[] = [{ type: "section", block_id: "share_meta", text: { type: "mrkdwn", text: lines.join("\n") } }];
  if (d.content) blocks.push({ type: "section", block_id: "share_content", text: { type: "mrkdwn", text: escapeAndTruncate(d.content, 2900) } });
  if (d.reference) blocks.push({ type: "section", block_id: "share_reference", text: { type: "mrkdwn", text: t("share.card.reference", { reference: escapeAndTruncate(d.reference, 500) }) } });
  const received = records.find((r) => r.kind === RECEIVED_KIND);
  if (received) {
    blocks.push({ type: "context", block_id: "share_receipt", elements: [{ type: "mrkdwn", text: t("share.card.received", { party: partyName(rc, received.party), user: mentionUser(received.byUserId), date: formatDateTime(rc, received.createdAt) }) }] });
  } else if (activity.status === "open") {
    blocks.push({ type: "context", block_id: "share_receipt", elements: [{ type: "mrkdwn", text: t("share.card.awaiting", { party: partyName(rc, d.toParty) }) }] });
    blocks.push({ type: "actions", block_id: "share_actions", elements: [{ type: "button", action_id: SHARE_ID.actionReceived, style: "primary", text: plain(t("share.button.received")), value: encode({ a: activity.id }) }] });
  }
  return blocks;
}

export function shareRefusalMessage(rc: RenderContext, refusal: ShareRefusal | AcknowledgeRefusal | "not_found", activity: Activity | null, memberParty: string | null): SlackMessage {
  switch (refusal) {
    case "not_a_member":
      return refusalMessage(rc, "not_a_member");
    case "nothing_to_share":
      return plainNotice(rc.t("share.refusal.nothing_to_share", { party: partyName(rc, memberParty ?? "") }));
    case "not_receiving_liaison":
      return plainNotice(rc.t("share.refusal.not_receiving_liaison", { party: partyName(rc, (activity && shareData(activity)?.toParty) ?? "") }));
    case "already_received":
      return plainNotice(rc.t("share.refusal.already_received"));
    case "not_found":
      return plainNotice(rc.t("share.refusal.not_found"));
  }
}

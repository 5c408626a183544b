// Art. 4(2)(i) joint investigation on the item's card: the reporter's consent (who, when, how,
// recorded by) and the joint hearings (when, participants, notes), the buttons to record them,
// and their modals.
import type { Button, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { ItemRecord } from "../../../domain/item-records";
import {
  ITEM_TYPE,
  CONSENT_METHODS,
  consentData,
  consentsOf,
  hearingData,
  hearingsOf,
  JOINT_LIMITS,
  type ConsentError,
  type HearingError,
  type JointRefusal,
} from "../../../domain/items/joint-investigation";
import { escapeAndTruncate, escapeMrkdwn } from "../../mrkdwn";
import type { Member } from "../../../domain/parties";
import type { Task } from "../../../domain/tasks";
import { JOINT_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../../render-context";
import { itemArticle } from "../consultation";
import { plainNotice, refusalMessage } from "../notices";
import type { ItemView } from "./index";
import { modal, plain, type SlackMessage } from "../kit";

/** Most records an item's card lists per kind (the card holds 50 blocks; the audit log keeps all). */
export const SHOWN_PER_KIND = 20;

/**
 * Packs lines (each already bounded) under a heading into as few mrkdwn sections as fit Slack's
 * 3000 characters, with a context line (`more`) when older records were left out. With at most
 * SHOWN_PER_KIND lines of at most ~1000 characters, an item's part stays far below 50 blocks.
 */
export function packSections(blockIdPrefix: string, heading: string, lines: string[], more?: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let chunk = heading;
  for (const line of lines) {
    if (chunk.length + line.length + 1 > 2900) {
      blocks.push({ type: "section", block_id: `${blockIdPrefix}_${blocks.length}`, text: { type: "mrkdwn", text: chunk } });
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push({ type: "section", block_id: `${blockIdPrefix}_${blocks.length}`, text: { type: "mrkdwn", text: chunk } });
  if (more) blocks.push({ type: "context", block_id: `${blockIdPrefix}_more`, elements: [{ type: "mrkdwn", text: more }] });
  return blocks;
}

/** The latest `n` records, and how many earlier ones are not shown. */
export function latest(records: ItemRecord[], n = SHOWN_PER_KIND): { shown: ItemRecord[]; hidden: number } {
  return { shown: records.slice(-n), hidden: Math.max(0, records.length - n) };
}

const isoDate = (s: string) => {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
};

function consentLine(rc: RenderContext, r: ItemRecord): string {
  const c = consentData(r);
  const when = isoDate(c.consentedAt);
  const line = rc.t("item.joint.card.consent", {
    who: escapeAndTruncate(c.consentedBy, JOINT_LIMITS.consentedBy),
    when: when ? formatDateTime(rc, when) : "?",
    how: rc.t(`item.joint.method.${c.method}`),
    user: mentionUser(r.byUserId),
    party: escapeMrkdwn(partyShort(rc, r.party)),
    date: formatDateTime(rc, r.createdAt),
  });
  return c.note ? `${line}\n　${rc.t("item.joint.card.note", { note: escapeAndTruncate(c.note, 300) })}` : line;
}

const MAX_MENTIONS = 12;

function hearingLine(rc: RenderContext, r: ItemRecord): string {
  const h = hearingData(r);
  const at = isoDate(h.at);
  const mentions = h.participants.slice(0, MAX_MENTIONS).map(mentionUser).join(" ");
  const more = h.participants.length > MAX_MENTIONS ? ` +${h.participants.length - MAX_MENTIONS}` : "";
  const line = rc.t("item.joint.card.hearing", {
    at: at ? formatDateTime(rc, at) : "?",
    participants: `${mentions}${more}`,
    user: mentionUser(r.byUserId),
    date: formatDateTime(rc, r.createdAt),
  });
  return h.notes ? `${line}\n　${rc.t("item.joint.card.note", { note: escapeAndTruncate(h.notes, 300) })}` : line;
}

export const jointInvestigationView: ItemView = {
  details(rc, _task, records) {
    const consents = latest(consentsOf(records));
    const hearings = latest(hearingsOf(records));
    const consentLines = consents.shown.length > 0 ? consents.shown.map((r) => consentLine(rc, r)) : [rc.t("item.joint.card.no_consent")];
    const hearingLines = hearings.shown.length > 0 ? hearings.shown.map((r) => hearingLine(rc, r)) : [rc.t("item.joint.card.no_hearing")];
    return [
      ...packSections("item_joint_consent", `*${rc.t("item.joint.card.consent_heading")}*`, consentLines, consents.hidden ? rc.t("item.joint.card.more", { count: consents.hidden }) : undefined),
      ...packSections("item_joint_hearings", `*${rc.t("item.joint.card.hearing_heading")}*`, hearingLines, hearings.hidden ? rc.t("item.joint.card.more", { count: hearings.hidden }) : undefined),
    ];
  },
  buttons(rc, task, records) {
    const value = encode({ taskId: task.id });
    const hasConsent = consentsOf(records).length > 0;
    const buttons: Button[] = [
      { type: "button", action_id: JOINT_ID.actionRecordConsent, text: plain(rc.t("item.joint.button.consent")), value, ...(hasConsent ? {} : { style: "primary" as const }) },
      { type: "button", action_id: JOINT_ID.actionScheduleHearing, text: plain(rc.t("item.joint.button.hearing")), value, ...(hasConsent ? { style: "primary" as const } : {}) },
    ];
    return buttons;
  },
};

export function consentModal(rc: RenderContext, task: Task): ModalView {
  const options: PlainTextOption[] = CONSENT_METHODS.map((m) => ({ text: plain(rc.t(`item.joint.method.${m}`)), value: m }));
  return modal(rc, {
    callbackId: JOINT_ID.callbackConsent,
    metadata: encode({ taskId: task.id }),
    title: rc.t("item.joint.consent.title"),
    submit: rc.t("item.joint.submit"),
    blocks: [
      { type: "section", block_id: "item_joint_consent_intro", text: { type: "mrkdwn", text: rc.t("item.joint.consent.intro", { ref: escapeMrkdwn(task.params.ref ?? ""), article: itemArticle(rc, ITEM_TYPE) }) } },
      { type: "input", block_id: JOINT_ID.blockConsentedBy, label: plain(rc.t("item.joint.consent.field.who")), element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: JOINT_LIMITS.consentedBy } },
      { type: "input", block_id: JOINT_ID.blockConsentedAt, label: plain(rc.t("item.joint.consent.field.when")), element: { type: "datetimepicker", action_id: VALUE_ACTION } },
      { type: "input", block_id: JOINT_ID.blockMethod, label: plain(rc.t("item.joint.consent.field.how")), element: { type: "static_select", action_id: VALUE_ACTION, options } },
      { type: "input", block_id: JOINT_ID.blockNote, optional: true, label: plain(rc.t("item.joint.consent.field.note")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: JOINT_LIMITS.note } },
    ],
  });
}

export function hearingModal(rc: RenderContext, task: Task): ModalView {
  const parties = rc.profile.parties.map((p) => partyShort(rc, p.id)).join(rc.locale === "ja" ? "・" : " and ");
  return modal(rc, {
    callbackId: JOINT_ID.callbackHearing,
    metadata: encode({ taskId: task.id }),
    title: rc.t("item.joint.hearing.title"),
    submit: rc.t("item.joint.submit"),
    blocks: [
      { type: "section", block_id: "item_joint_hearing_intro", text: { type: "mrkdwn", text: rc.t("item.joint.hearing.intro", { ref: escapeMrkdwn(task.params.ref ?? ""), parties: escapeMrkdwn(parties), article: itemArticle(rc, ITEM_TYPE) }) } },
      { type: "input", block_id: JOINT_ID.blockHearingAt, label: plain(rc.t("item.joint.hearing.field.at")), element: { type: "datetimepicker", action_id: VALUE_ACTION } },
      {
        type: "input",
        block_id: JOINT_ID.blockParticipants,
        label: plain(rc.t("item.joint.hearing.field.participants")),
        hint: plain(rc.t("item.joint.hearing.field.participants_hint", { parties })),
        element: { type: "multi_users_select", action_id: VALUE_ACTION, max_selected_items: JOINT_LIMITS.participants },
      },
      { type: "input", block_id: JOINT_ID.blockHearingNotes, optional: true, label: plain(rc.t("item.joint.hearing.field.notes")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: JOINT_LIMITS.notes } },
    ],
  });
}

const CONSENT_BLOCKS: Record<ConsentError["field"], string> = { consentedBy: JOINT_ID.blockConsentedBy, consentedAt: JOINT_ID.blockConsentedAt, method: JOINT_ID.blockMethod, note: JOINT_ID.blockNote };

export function consentErrors(rc: RenderContext, errors: ConsentError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    out[CONSENT_BLOCKS[e.field]] =
      e.error === "required"
        ? rc.t("intake.error.required")
        : e.error === "too_long"
          ? rc.t("intake.error.too_long", { max: e.field === "consentedBy" ? JOINT_LIMITS.consentedBy : JOINT_LIMITS.note })
          : e.error === "in_future"
            ? rc.t("item.joint.error.consent_in_future")
            : rc.t("intake.error.invalid_choice");
  }
  return out;
}

export function hearingErrors(rc: RenderContext, errors: HearingError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    if (e.field === "at") out[JOINT_ID.blockHearingAt] = rc.t("intake.error.required");
    else if (e.field === "notes") out[JOINT_ID.blockHearingNotes] = rc.t("intake.error.too_long", { max: JOINT_LIMITS.notes });
    else if (e.error === "required") out[JOINT_ID.blockParticipants] = rc.t("intake.error.required");
    else if (e.error === "too_many") out[JOINT_ID.blockParticipants] = rc.t("item.joint.error.too_many", { max: JOINT_LIMITS.participants });
    else if (e.error === "not_configured") out[JOINT_ID.blockParticipants] = rc.t("item.joint.error.not_configured", { count: e.users.length });
    else if (e.error === "one_party_only") out[JOINT_ID.blockParticipants] = rc.t("item.joint.error.one_party_only", { parties: e.missing.map((p) => partyShort(rc, p)).join(rc.locale === "ja" ? "・" : ", ") });
  }
  return out;
}

/** Why a joint-investigation action was refused, for a private answer. */
export function jointRefusalMessage(rc: RenderContext, member: Member | undefined, refusal: JointRefusal | "not_found"): SlackMessage {
  switch (refusal) {
    case "consent_required":
      return plainNotice(rc.t("item.joint.refusal.consent_required", { article: itemArticle(rc, ITEM_TYPE) }));
    case "task_done":
      return plainNotice(rc.t("task.error.task_done"));
    case "not_found":
      return plainNotice(rc.t("error.generic", { error: "task not found" }));
    default:
      return refusalMessage(rc, refusal, { ...(member ? { member } : {}), roles: ["staff", "liaison", "admin"] });
  }
}

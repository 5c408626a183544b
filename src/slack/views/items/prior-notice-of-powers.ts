// Art. 4(2)(iii) prior sharing of the exercise of powers on the item's card: one section per
// notice (kind, planned date, planning party, note, who recorded it, late or not) with the other
// party's acknowledgement or an Acknowledge button; the button to record a notice and its modal.
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { ItemRecord } from "../../../domain/item-records";
import { otherParty } from "../../../domain/consultation";
import { ITEM_TYPE, NOTICE_LIMITS, noticeData, noticesOf, POWER_KINDS, type AcknowledgeRefusal, type NoticeError } from "../../../domain/items/prior-notice-of-powers";
import { escapeAndTruncate, escapeMrkdwn } from "../../mrkdwn";
import type { Member } from "../../../domain/parties";
import type { Refusal } from "../../../domain/permissions";
import type { Task } from "../../../domain/tasks";
import { POWERS_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../../render-context";
import { itemArticle } from "../consultation";
import { plainNotice, refusalMessage } from "../notices";
import type { ItemView } from "./index";
import { SHOWN_PER_KIND } from "./joint-investigation";
import { modal, plain, type SlackMessage } from "../kit";

/** A planned date (YYYY-MM-DD, a local date) as the reader's locale writes dates. */
export function formatPlannedDate(rc: RenderContext, ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  const fmt = new Intl.DateTimeFormat(rc.locale === "ja" ? "ja-JP" : "en-GB", { timeZone: "UTC", year: "numeric", month: rc.locale === "ja" ? "2-digit" : "short", day: "2-digit", weekday: "short" });
  return fmt.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** The notices the card shows: every unacknowledged one first, then the latest acknowledged, in recording order. */
export function shownNotices(notices: ItemRecord[], n = SHOWN_PER_KIND): { shown: ItemRecord[]; hidden: number } {
  if (notices.length <= n) return { shown: notices, hidden: 0 };
  const planned = notices.filter((r) => r.status !== "acknowledged").slice(-n);
  const room = n - planned.length;
  const acknowledged = room > 0 ? notices.filter((r) => r.status === "acknowledged").slice(-room) : [];
  const keep = new Set([...planned, ...acknowledged].map((r) => r.id));
  const shown = notices.filter((r) => keep.has(r.id));
  return { shown, hidden: notices.length - shown.length };
}

function noticeBlock(rc: RenderContext, r: ItemRecord): KnownBlock {
  const d = noticeData(r);
  const lines = [
    rc.t("item.powers.card.notice", { kind: rc.t(`item.powers.kind.${d.powerKind}`), party: escapeMrkdwn(partyShort(rc, r.party)), date: formatPlannedDate(rc, d.plannedDate) }),
    ...(d.note ? [`　${escapeAndTruncate(d.note, 600)}`] : []),
    rc.t("item.powers.card.recorded", { user: mentionUser(r.byUserId), date: formatDateTime(rc, r.createdAt) }) + (d.late ? `　${rc.t("item.powers.card.late")}` : ""),
    r.status === "acknowledged" && d.ackByUserId
      ? rc.t("item.powers.card.acknowledged", { user: mentionUser(d.ackByUserId), party: escapeMrkdwn(partyShort(rc, d.ackParty ?? otherParty(rc.profile, r.party))), date: d.ackAt ? formatDateTime(rc, new Date(d.ackAt)) : "?" })
      : rc.t("item.powers.card.not_acknowledged", { other: escapeMrkdwn(partyShort(rc, otherParty(rc.profile, r.party))) }),
  ];
  return {
    type: "section",
    block_id: `${POWERS_ID.noticePrefix}${r.id}`,
    text: { type: "mrkdwn", text: lines.join("\n") },
    ...(r.status === "acknowledged"
      ? {}
      : { accessory: { type: "button" as const, action_id: POWERS_ID.actionAcknowledge, text: plain(rc.t("item.powers.button.acknowledge")), value: encode({ recordId: r.id }) } }),
  };
}

export const priorNoticeOfPowersView: ItemView = {
  details(rc, _task, records) {
    const notices = shownNotices(noticesOf(records));
    const blocks: KnownBlock[] = [
      { type: "section", block_id: "item_powers_heading", text: { type: "mrkdwn", text: `*${rc.t("item.powers.card.heading")}*${notices.shown.length === 0 ? `\n${rc.t("item.powers.card.none")}` : ""}` } },
      ...notices.shown.map((r) => noticeBlock(rc, r)),
    ];
    if (notices.hidden > 0) blocks.push({ type: "context", block_id: "item_powers_more", elements: [{ type: "mrkdwn", text: rc.t("item.joint.card.more", { count: notices.hidden }) }] });
    return blocks;
  },
  buttons(rc, task) {
    return [{ type: "button", action_id: POWERS_ID.actionRecord, text: plain(rc.t("item.powers.button.record")), value: encode({ taskId: task.id }) }];
  },
};

export function noticeModal(rc: RenderContext, task: Task, party: string): ModalView {
  const options: PlainTextOption[] = POWER_KINDS.map((k) => ({ text: plain(rc.t(`item.powers.kind.${k}`)), value: k }));
  return modal(rc, {
    callbackId: POWERS_ID.callbackNotice,
    metadata: encode({ taskId: task.id }),
    title: rc.t("item.powers.title"),
    submit: rc.t("item.joint.submit"),
    blocks: [
      {
        type: "section",
        block_id: "item_powers_intro",
        text: { type: "mrkdwn", text: rc.t("item.powers.intro", { ref: escapeMrkdwn(task.params.ref ?? ""), party: escapeMrkdwn(partyShort(rc, party)), other: escapeMrkdwn(partyShort(rc, otherParty(rc.profile, party))), article: itemArticle(rc, ITEM_TYPE) }) },
      },
      { type: "input", block_id: POWERS_ID.blockKind, label: plain(rc.t("item.powers.field.kind")), element: { type: "static_select", action_id: VALUE_ACTION, options } },
      { type: "input", block_id: POWERS_ID.blockPlannedDate, label: plain(rc.t("item.powers.field.date")), element: { type: "datepicker", action_id: VALUE_ACTION } },
      { type: "input", block_id: POWERS_ID.blockNote, optional: true, label: plain(rc.t("item.powers.field.note")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: NOTICE_LIMITS.note } },
    ],
  });
}

export function noticeErrors(rc: RenderContext, errors: NoticeError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    if (e.field === "kind") out[POWERS_ID.blockKind] = e.error === "required" ? rc.t("intake.error.required") : rc.t("intake.error.invalid_choice");
    else if (e.field === "plannedDate") out[POWERS_ID.blockPlannedDate] = rc.t(e.error === "required" ? "intake.error.required" : "item.powers.error.invalid_date");
    else out[POWERS_ID.blockNote] = e.error === "too_long" ? rc.t("intake.error.too_long", { max: NOTICE_LIMITS.note }) : rc.t("item.powers.error.note_for_other");
  }
  return out;
}

export function noticeRefusalMessage(rc: RenderContext, member: Member | undefined, refusal: Refusal | "task_done" | "not_found"): SlackMessage {
  if (refusal === "task_done") return plainNotice(rc.t("task.error.task_done"));
  if (refusal === "not_found") return plainNotice(rc.t("error.generic", { error: "task not found" }));
  return refusalMessage(rc, refusal, { ...(member ? { member } : {}), roles: ["staff", "liaison", "admin"] });
}

export function acknowledgeRefusalMessage(rc: RenderContext, member: Member | undefined, refusal: AcknowledgeRefusal, notice: ItemRecord | null): SlackMessage {
  switch (refusal) {
    case "own_party": {
      const party = notice?.party ?? member?.party ?? "";
      return plainNotice(rc.t("item.powers.refusal.own_party", { party: escapeMrkdwn(partyShort(rc, party)), other: escapeMrkdwn(partyShort(rc, otherParty(rc.profile, party))) }));
    }
    case "already_acknowledged": {
      const d = notice ? noticeData(notice) : null;
      return plainNotice(rc.t("item.powers.refusal.already_acknowledged", { user: d?.ackByUserId ? mentionUser(d.ackByUserId) : "?", date: d?.ackAt ? formatDateTime(rc, new Date(d.ackAt)) : "?" }));
    }
    case "not_found":
      return plainNotice(rc.t("error.generic", { error: "notice not found" }));
    default:
      return refusalMessage(rc, refusal, { ...(member ? { member } : {}), roles: ["staff", "liaison", "admin"] });
  }
}

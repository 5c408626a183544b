// Art. 5(1): the modal that registers a joint or co-hosted training or awareness activity, and
// what its card adds (kind and format, participants, description, Mark as held / Cancel).
import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { Activity } from "../../../domain/activity";
import { EVENT_FORMATS, EVENT_SUB_KINDS, eventDataOf, MAX_EVENT_DESCRIPTION, MAX_EVENT_TITLE, MAX_PREPARATION_TASKS, type EventError, type EventField } from "../../../domain/activities/event";
import type { Member } from "../../../domain/parties";
import { escapeAndTruncate, escapeMrkdwn } from "../../mrkdwn";
import { EVENT_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../../render-context";
import type { ActivityCardBody } from "./card";
import { modal, plain } from "../kit";

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text.slice(0, 75)), value });

/** `prefill`: a lesson of an incident review proposed as a training topic (issue 15). */
export function eventModal(rc: RenderContext, member: Member, prefill?: { title: string; description: string }): ModalView {
  const { t } = rc;
  const parties = rc.profile.parties.map((p) => option(partyShort(rc, p.id), p.id));
  const own = parties.find((o) => o.value === member.party);
  const formats = EVENT_FORMATS.map((f) => option(t(`event.format.${f}`), f));
  const blocks: KnownBlock[] = [
    { type: "context", block_id: "event_intro", elements: [{ type: "mrkdwn", text: t("event.modal.intro") }] },
    { type: "input", block_id: EVENT_ID.blockSubKind, label: plain(t("event.field.sub_kind")), element: { type: "radio_buttons", action_id: VALUE_ACTION, options: EVENT_SUB_KINDS.map((k) => option(t(`event.sub_kind.${k}`), k)), ...(prefill ? { initial_option: option(t("event.sub_kind.training"), "training") } : {}) } },
    { type: "input", block_id: EVENT_ID.blockTitle, label: plain(t("event.field.title")), element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: MAX_EVENT_TITLE, ...(prefill ? { initial_value: Array.from(prefill.title).slice(0, MAX_EVENT_TITLE).join("") } : {}) } },
    { type: "input", block_id: EVENT_ID.blockWhen, label: plain(t("event.field.when")), element: { type: "datetimepicker", action_id: VALUE_ACTION } },
    { type: "input", block_id: EVENT_ID.blockOwner, label: plain(t("event.field.owner")), element: { type: "static_select", action_id: VALUE_ACTION, options: parties, ...(own ? { initial_option: own } : {}) } },
    { type: "input", block_id: EVENT_ID.blockFormat, label: plain(t("event.field.format")), element: { type: "radio_buttons", action_id: VALUE_ACTION, options: formats, initial_option: formats[0]! } },
    { type: "input", block_id: EVENT_ID.blockParticipants, optional: true, label: plain(t("event.field.participants")), element: { type: "multi_users_select", action_id: VALUE_ACTION, max_selected_items: 50 } },
    { type: "input", block_id: EVENT_ID.blockDescription, optional: true, label: plain(t("event.field.description")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: MAX_EVENT_DESCRIPTION, ...(prefill ? { initial_value: Array.from(prefill.description).slice(0, MAX_EVENT_DESCRIPTION).join("") } : {}) } },
    {
      type: "input",
      block_id: EVENT_ID.blockPreparation,
      optional: true,
      label: plain(t("event.field.preparation")),
      hint: plain(t("event.field.preparation.hint")),
      element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: 3000 },
    },
  ];
  return modal(rc, { callbackId: EVENT_ID.callbackOpen, title: t("event.modal.title"), submit: t("event.modal.submit"), blocks });
}

const BLOCK_OF: Record<EventField, string> = {
  subKind: EVENT_ID.blockSubKind,
  title: EVENT_ID.blockTitle,
  scheduledAt: EVENT_ID.blockWhen,
  ownerParty: EVENT_ID.blockOwner,
  format: EVENT_ID.blockFormat,
  description: EVENT_ID.blockDescription,
  preparation: EVENT_ID.blockPreparation,
};

/** Inline errors by block; several problems of one field are joined. */
export function eventErrors(rc: RenderContext, errors: EventError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const text =
      "line" in e
        ? e.code === "too_many"
          ? rc.t("event.error.too_many", { max: MAX_PREPARATION_TASKS })
          : rc.t(`event.error.${e.code}`, { line: e.line })
        : rc.t(`activity.error.${e.code}`);
    const block = BLOCK_OF[e.field];
    out[block] = out[block] ? `${out[block]} ${text}` : text;
  }
  for (const k of Object.keys(out)) out[k] = out[k]!.slice(0, 2000);
  return out;
}

export const eventCardBody: ActivityCardBody = (rc, activity) => {
  const { t } = rc;
  const data = eventDataOf(activity);
  const lines = [t("event.card.kind", { subKind: t(`event.sub_kind.${data.subKind}`), format: t(`event.format.${data.format}`), party: escapeMrkdwn(partyShort(rc, activity.ownerParty)) })];
  if (data.participants.length > 0) lines.push(t("event.card.participants", { users: data.participants.map(mentionUser).join(" ") }));
  const blocks: KnownBlock[] = [{ type: "section", block_id: "event_facts", text: { type: "mrkdwn", text: lines.join("\n") } }];
  if (data.description) blocks.push({ type: "section", block_id: "event_description", text: { type: "mrkdwn", text: t("event.card.description", { text: escapeAndTruncate(data.description, 2500) }) } });
  const closedBy = typeof activity.data.closedByUserId === "string" ? activity.data.closedByUserId : null;
  const closedAt = typeof activity.data.closedAt === "string" ? new Date(activity.data.closedAt) : null;
  if (activity.status === "open") {
    blocks.push({ type: "context", block_id: "event_preparation", elements: [{ type: "mrkdwn", text: t("event.card.preparation") }] });
    blocks.push(eventButtons(rc, activity));
  } else if (closedBy && closedAt && (activity.status === "done" || activity.status === "cancelled")) {
    blocks.push({ type: "context", block_id: "event_closed", elements: [{ type: "mrkdwn", text: t(`event.card.closed.${activity.status}`, { user: mentionUser(closedBy), date: formatDateTime(rc, closedAt) }) }] });
  }
  return blocks;
};

function eventButtons(rc: RenderContext, activity: Activity): KnownBlock {
  const { t } = rc;
  const value = encode({ a: activity.id });
  return {
    type: "actions",
    block_id: "event_actions",
    elements: [
      { type: "button", action_id: EVENT_ID.actionDone, style: "primary", text: plain(t("event.button.done")), value },
      {
        type: "button",
        action_id: EVENT_ID.actionCancel,
        style: "danger",
        text: plain(t("event.button.cancel")),
        value,
        confirm: { title: plain(t("event.cancel.confirm.title")), text: plain(t("event.cancel.confirm.text")), confirm: plain(t("event.cancel.confirm.yes")), deny: plain(t("event.cancel.confirm.no")) },
      },
    ],
  };
}

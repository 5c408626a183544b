// Arts. 6 and 8: the modal that opens a consultation, what its card adds (the question, the other
// party's liaison officers, the proposed resolution with each party's confirmation and buttons),
// the resolution modal, and the private refusals.
import type { Button, KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { Activity, ActivityRecord } from "../../../domain/activity";
import {
  CONSULTATION_ARTICLES,
  consultationDataOf,
  MAX_CONSULTATION_TEXT,
  MAX_CONSULTATION_TITLE,
  resolutionStateOf,
  type ConsultationError,
  type ConsultationField,
  type ConsultationRefusal,
  type ResolutionState,
} from "../../../domain/activities/consultation";
import type { Member } from "../../../domain/parties";
import { escapeAndTruncate, escapeMrkdwn } from "../../mrkdwn";
import { NT_CONSULT_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../../render-context";
import { articleLabel } from "../../../i18n/articles";
import { refusalMessage } from "../notices";
import type { ActivityCardBody } from "./card";
import { modal, plain, section, type SlackMessage } from "../kit";

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text.slice(0, 75)), value });

/** `prefill`: a lesson of an incident review proposed as an Art. 8 consultation (issue 15). */
export function consultationModal(rc: RenderContext, prefill?: { title: string; question: string }): ModalView {
  const { t } = rc;
  const articles = CONSULTATION_ARTICLES.map((a) => option(t(`ntconsult.article.${a}`), a));
  const blocks: KnownBlock[] = [
    { type: "context", block_id: "ntconsult_intro", elements: [{ type: "mrkdwn", text: t("ntconsult.modal.intro") }] },
    { type: "input", block_id: NT_CONSULT_ID.blockArticle, label: plain(t("ntconsult.field.article")), element: { type: "radio_buttons", action_id: VALUE_ACTION, options: articles, ...(prefill ? { initial_option: articles.find((o) => o.value === "8")! } : {}) } },
    { type: "input", block_id: NT_CONSULT_ID.blockTitle, label: plain(t("ntconsult.field.title")), element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: MAX_CONSULTATION_TITLE, ...(prefill ? { initial_value: Array.from(prefill.title).slice(0, MAX_CONSULTATION_TITLE).join("") } : {}) } },
    { type: "input", block_id: NT_CONSULT_ID.blockQuestion, label: plain(t("ntconsult.field.question")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: MAX_CONSULTATION_TEXT, ...(prefill ? { initial_value: Array.from(prefill.question).slice(0, MAX_CONSULTATION_TEXT).join("") } : {}) } },
    { type: "input", block_id: NT_CONSULT_ID.blockDue, optional: true, label: plain(t("ntconsult.field.due")), element: { type: "datepicker", action_id: VALUE_ACTION } },
  ];
  return modal(rc, { callbackId: NT_CONSULT_ID.callbackOpen, title: t("ntconsult.modal.title"), submit: t("ntconsult.modal.submit"), blocks });
}

const BLOCK_OF: Record<ConsultationField, string> = { article: NT_CONSULT_ID.blockArticle, title: NT_CONSULT_ID.blockTitle, question: NT_CONSULT_ID.blockQuestion, dueDate: NT_CONSULT_ID.blockDue };

export function consultationErrors(rc: RenderContext, errors: ConsultationError[]): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [BLOCK_OF[e.field], rc.t(`activity.error.${e.code}`)]));
}

export function resolutionModal(rc: RenderContext, activity: Activity, state: ResolutionState): ModalView {
  const { t } = rc;
  const base = state.current?.version ?? 0;
  return modal(rc, {
    callbackId: NT_CONSULT_ID.callbackResolve,
    metadata: encode({ a: activity.id, b: base }),
    title: t("ntconsult.resolution.title"),
    submit: t("ntconsult.resolution.submit"),
    blocks: [
      section(`*${escapeAndTruncate(`${activity.ref} ${activity.title}`, 200)}*`, "ntconsult_resolution_about"),
      { type: "context", block_id: "ntconsult_resolution_intro", elements: [{ type: "mrkdwn", text: t("ntconsult.resolution.intro", { version: base + 1 }) }] },
      {
        type: "input",
        block_id: NT_CONSULT_ID.blockResolution,
        label: plain(t("ntconsult.resolution.field")),
        element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: MAX_CONSULTATION_TEXT, ...(state.current ? { initial_value: state.current.text } : {}) },
      },
    ],
  });
}

const joinParties = (rc: RenderContext, parties: string[]) => parties.map((p) => escapeMrkdwn(partyShort(rc, p))).join(rc.locale === "ja" ? "・" : ", ");

export const consultationCardBody: ActivityCardBody = (rc, activity, records) => consultationBlocks(rc, activity, records);

function consultationBlocks(rc: RenderContext, activity: Activity, records: ActivityRecord[]): KnownBlock[] {
  const { t } = rc;
  const parties = rc.profile.parties.map((p) => p.id);
  const state = resolutionStateOf(records, parties);
  const contacts = Array.isArray(activity.data.contacts) ? (activity.data.contacts as unknown[]).filter((u): u is string => typeof u === "string") : [];
  const blocks: KnownBlock[] = [section(t("ntconsult.card.question", { text: escapeAndTruncate(consultationDataOf(activity).question, 2500) }), "ntconsult_question")];
  if (activity.status === "open") {
    blocks.push({ type: "context", block_id: "ntconsult_contact", elements: [{ type: "mrkdwn", text: t("ntconsult.card.contact", { users: contacts.map(mentionUser).join(" "), party: escapeMrkdwn(partyShort(rc, activity.ownerParty)) }) }] });
  }
  const current = state.current;
  if (!current) {
    blocks.push({ type: "context", block_id: "ntconsult_no_resolution", elements: [{ type: "mrkdwn", text: t("ntconsult.card.no_resolution") }] });
  } else {
    blocks.push(
      section(
        t("ntconsult.card.resolution", { version: current.version, user: mentionUser(current.byUserId), party: escapeMrkdwn(partyShort(rc, current.party)), date: formatDateTime(rc, current.at), text: escapeAndTruncate(current.text, 2400) }),
        "ntconsult_resolution",
      ),
    );
    const lines = parties.map((p) => {
      const c = state.confirmations[p];
      return c ? t("ntconsult.card.confirmed", { party: escapeMrkdwn(partyShort(rc, p)), user: mentionUser(c.byUserId), date: formatDateTime(rc, c.at) }) : t("ntconsult.card.awaiting", { party: escapeMrkdwn(partyShort(rc, p)) });
    });
    if (current.withdrew.length > 0) lines.push(t("ntconsult.card.withdrawn", { version: current.version - 1, parties: joinParties(rc, current.withdrew.map((w) => w.party)) }));
    blocks.push({ type: "context", block_id: "ntconsult_confirmations", elements: [{ type: "mrkdwn", text: lines.join("\n") }] });
  }
  if (activity.status === "resolved" && current) {
    blocks.push(section(t("ntconsult.card.resolved", { version: current.version }), "ntconsult_resolved"));
  }
  if (activity.status === "open") {
    const elements: Button[] = [
      { type: "button", action_id: NT_CONSULT_ID.actionResolve, text: plain(t(current ? "ntconsult.button.revise" : "ntconsult.button.resolve")), value: encode({ a: activity.id }) },
    ];
    if (current) {
      for (const p of state.awaiting) {
        elements.push({ type: "button", action_id: `${NT_CONSULT_ID.actionConfirm}_${p}`, style: "primary", text: plain(t("ntconsult.button.confirm", { party: partyShort(rc, p) }).slice(0, 75)), value: encode({ a: activity.id, v: current.version, p }) });
      }
    }
    blocks.push({ type: "actions", block_id: "ntconsult_actions", elements });
  }
  return blocks;
}

export function consultationRefusalMessage(rc: RenderContext, refusal: ConsultationRefusal, ctx: { member?: Member | undefined; activity: Activity | null; state: ResolutionState | null; forParty?: string }): SlackMessage {
  const { t } = rc;
  const msg = (text: string): SlackMessage => ({ text, blocks: [section(text, "ntconsult_refusal")] });
  switch (refusal) {
    case "not_a_member":
      return refusalMessage(rc, "not_a_member");
    case "liaison_required":
      return msg(t("ntconsult.refusal.liaison_required", { mine: (ctx.member?.roles ?? []).map((r) => t(`role.${r}`)).join(" / ") }));
    case "other_party":
      return msg(t("ntconsult.refusal.other_party", { party: escapeMrkdwn(partyShort(rc, ctx.forParty ?? "")) }));
    case "not_open":
      return msg(t("activity.refusal.not_open", { status: t(statusKey(ctx.activity?.status)) }));
    case "no_resolution":
      return msg(t("ntconsult.refusal.no_resolution"));
    case "stale_version":
      return msg(t("ntconsult.refusal.stale_version", { version: ctx.state?.current?.version ?? 0 }));
    case "already_confirmed": {
      const party = ctx.member?.party ?? "";
      const c = ctx.state?.confirmations[party];
      return msg(t("ntconsult.refusal.already_confirmed", { party: escapeMrkdwn(partyShort(rc, party)), version: ctx.state?.current?.version ?? 0, user: c ? mentionUser(c.byUserId) : "?", date: c ? formatDateTime(rc, c.at) : "" }));
    }
  }
}

export function statusKey(status: string | undefined): "activity.status.open" | "activity.status.done" | "activity.status.resolved" | "activity.status.cancelled" {
  return status === "done" || status === "resolved" || status === "cancelled" ? `activity.status.${status}` : "activity.status.open";
}

/** Arts. 6, 8: the answer date is near or past and `party` has not confirmed the current resolution (or there is none). */
export function consultationReminder(
  rc: RenderContext,
  kind: "consultation_due_soon" | "consultation_overdue" | "consultation_escalation",
  activity: Activity,
  awaiting: { party: string; version: number | null },
  link: string,
  daysOverdue = 0,
): SlackMessage {
  const state = awaiting.version === null ? rc.t("remind.consultation.unresolved") : rc.t("remind.consultation.awaiting", { party: escapeMrkdwn(partyShort(rc, awaiting.party)), version: awaiting.version });
  const text = rc.t(`remind.${kind}`, {
    ref: activity.ref,
    title: escapeAndTruncate(activity.title, 150),
    article: articleLabel(rc.locale, activity.article),
    date: activity.dueAt ? formatDateTime(rc, activity.dueAt) : "",
    days: daysOverdue,
    state,
    link,
  });
  return { text, blocks: [{ type: "section", block_id: "reminder_consultation", text: { type: "mrkdwn", text } }] };
}

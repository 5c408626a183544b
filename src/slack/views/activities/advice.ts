// Art. 5(3) advice on general standards: the request modal, the advice modal, the card's body (the
// draft, the questions, who is asked, the advice given, the buttons), refusals and reminders.
import type { KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import type { Activity, ActivityRecord } from "../../../domain/activity";
import { ADVICE_LIMITS, adviceGiven, adviceRequestData, type AdviceError, type AdviceRefusal, type AdviceRequestError, type CloseRefusal } from "../../../domain/activities/advice";
import { escapeAndTruncate } from "../../mrkdwn";
import { GENERAL_ADVICE_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../../render-context";
import { plainNotice, refusalMessage } from "../notices";
import { modal, partyName, plain, type SlackMessage } from "../kit";

/** The button value on an advice request's card (and in its reminders). */
export const ZAdviceRef = z.object({ a: z.string().min(1) });

const otherParty = (rc: RenderContext, id: string) => rc.profile.parties.find((p) => p.id !== id)?.id ?? id;
const ID = GENERAL_ADVICE_ID;

export function adviceRequestModal(rc: RenderContext, authorParty: string): ModalView {
  const { t } = rc;
  return modal(rc, {
    callbackId: ID.callbackRequest,
    metadata: encode({ p: authorParty }),
    title: t("advice.request.title"),
    submit: t("advice.request.submit"),
    blocks: [
      { type: "section", block_id: "advice_intro", text: { type: "mrkdwn", text: t("advice.request.intro", { party: partyName(rc, authorParty), other: partyName(rc, otherParty(rc, authorParty)) }) } },
      { type: "input", block_id: ID.blockTitle, label: plain(t("advice.field.title")), element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: ADVICE_LIMITS.title } },
      { type: "input", block_id: ID.blockReference, label: plain(t("advice.field.reference")), hint: plain(t("advice.field.reference.hint")), element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: ADVICE_LIMITS.reference } },
      { type: "input", block_id: ID.blockQuestions, optional: true, label: plain(t("advice.field.questions")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: ADVICE_LIMITS.questions } },
      { type: "input", block_id: ID.blockDue, label: plain(t("advice.field.due")), element: { type: "datepicker", action_id: VALUE_ACTION } },
    ],
  });
}

export function adviceRequestErrors(rc: RenderContext, errors: AdviceRequestError[]): Record<string, string> {
  const block = { title: ID.blockTitle, reference: ID.blockReference, questions: ID.blockQuestions, due: ID.blockDue };
  const out: Record<string, string> = {};
  for (const e of errors) {
    out[block[e.field]] =
      e.error === "too_long" ? rc.t("intake.error.too_long", { max: e.max ?? 0 }) : e.error === "not_future" ? rc.t("advice.error.not_future") : e.error === "invalid" ? rc.t("advice.error.invalid_date") : rc.t("intake.error.required");
  }
  return out;
}

export function giveAdviceModal(rc: RenderContext, activity: Activity, adviserParty: string): ModalView {
  const { t } = rc;
  return modal(rc, {
    callbackId: ID.callbackGive,
    metadata: encode({ a: activity.id }),
    title: t("advice.give.title"),
    submit: t("advice.give.submit"),
    blocks: [
      { type: "section", block_id: "advice_give_intro", text: { type: "mrkdwn", text: t("advice.give.intro", { ref: activity.ref, title: escapeAndTruncate(activity.title, 150), author: partyName(rc, activity.ownerParty), party: partyName(rc, adviserParty) }) } },
      { type: "input", block_id: ID.blockAdvice, label: plain(t("advice.field.advice")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: ADVICE_LIMITS.advice } },
      { type: "input", block_id: ID.blockReferences, optional: true, label: plain(t("advice.field.references")), hint: plain(t("advice.field.references.hint", { party: partyShort(rc, adviserParty) })), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: ADVICE_LIMITS.references } },
    ],
  });
}

export function adviceErrors(rc: RenderContext, errors: AdviceError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field === "advice" ? ID.blockAdvice : ID.blockReferences] = e.error === "required" ? rc.t("intake.error.required") : rc.t("intake.error.too_long", { max: e.max });
  return out;
}

const SHOWN = 10;

export function adviceCardBody(rc: RenderContext, activity: Activity, records: ActivityRecord[]): KnownBlock[] {
  const { t } = rc;
  const d = adviceRequestData(activity);
  const lines = [t("advice.card.reference", { reference: escapeAndTruncate(d.reference, 500) })];
  if (d.questions) lines.push(t("advice.card.questions", { questions: escapeAndTruncate(d.questions, 1500) }));
  if (d.advisingParty) lines.push(t("advice.card.asked", { party: partyName(rc, d.advisingParty), liaisons: d.advisingLiaisons.map(mentionUser).join(" ") }));
  const blocks: KnownBlock[] = [{ type: "section", block_id: "advice_request", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 3000) } }];
  const given = adviceGiven(records);
  const adviceLines = given.slice(-SHOWN).map((r) => {
    const line = t("advice.card.given", { party: partyName(rc, r.party), user: mentionUser(r.byUserId), date: formatDateTime(rc, r.createdAt), advice: escapeAndTruncate(r.advice.advice, 600) });
    return r.advice.references ? `${line}\n${t("advice.card.given.references", { references: escapeAndTruncate(r.advice.references, 300) })}` : line;
  });
  if (given.length > SHOWN) adviceLines.unshift(t("advice.card.more", { count: given.length - SHOWN }));
  blocks.push({ type: "section", block_id: "advice_given", text: { type: "mrkdwn", text: `${t("advice.card.given.heading")}\n${adviceLines.length > 0 ? adviceLines.join("\n") : t("advice.card.none")}`.slice(0, 3000) } });
  if (activity.status === "open") {
    const value = encode({ a: activity.id });
    blocks.push({
      type: "actions",
      block_id: "advice_actions",
      elements: [
        { type: "button", action_id: ID.actionGive, style: "primary", text: plain(t("advice.button.give")), value },
        { type: "button", action_id: ID.actionClose, text: plain(t("advice.button.close")), value },
      ],
    });
  } else if (d.closedByUserId) {
    blocks.push({ type: "context", block_id: "advice_closed", elements: [{ type: "mrkdwn", text: t("advice.card.closed", { user: mentionUser(d.closedByUserId), date: d.closedAt ? formatDateTime(rc, new Date(d.closedAt)) : "" }) }] });
  }
  return blocks;
}

export function adviceRefusalMessage(rc: RenderContext, refusal: AdviceRefusal | CloseRefusal | "not_found", activity: Activity | null): SlackMessage {
  const owner = activity?.ownerParty ?? "";
  switch (refusal) {
    case "not_a_member":
      return refusalMessage(rc, "not_a_member");
    case "own_request":
      return plainNotice(rc.t("advice.refusal.own_request", { party: partyName(rc, owner), other: partyName(rc, otherParty(rc, owner)) }));
    case "closed":
    case "already_closed":
      return plainNotice(rc.t("advice.refusal.closed"));
    case "not_author_liaison":
      return plainNotice(rc.t("advice.refusal.not_author_liaison", { party: partyName(rc, owner) }));
    case "not_found":
      return plainNotice(rc.t("advice.refusal.not_found"));
  }
}

/** A reminder to the party asked (liaisons), or its managers once overdue for a while; with the button to answer. */
export function adviceReminder(rc: RenderContext, kind: "advice_due_soon" | "advice_overdue" | "advice_escalation", activity: Activity, link: string, daysOverdue = 0): SlackMessage {
  const d = adviceRequestData(activity);
  const key = kind === "advice_due_soon" ? "remind.advice_due_soon" : kind === "advice_overdue" ? "remind.advice_overdue" : "remind.advice_escalation";
  const text = rc.t(key, {
    author: partyName(rc, activity.ownerParty),
    party: partyName(rc, d.advisingParty ?? ""),
    ref: activity.ref,
    title: escapeAndTruncate(activity.title, 150),
    date: activity.dueAt ? formatDateTime(rc, activity.dueAt) : "",
    days: daysOverdue,
    link,
  });
  return {
    text,
    blocks: [
      { type: "section", block_id: "reminder_advice", text: { type: "mrkdwn", text } },
      { type: "actions", block_id: "reminder_advice_actions", elements: [{ type: "button", action_id: ID.actionGive, style: "primary", text: plain(rc.t("advice.button.give")), value: encode({ a: activity.id }) }] },
    ],
  };
}

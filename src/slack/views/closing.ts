// Closing, reopening and archiving an incident (issue 15): the closing modal with its summary, the
// reopen modal, and the closing card posted in the incident channel (updated in place).
import type { KnownBlock, ModalView } from "@slack/types";
import { CLOSING_LIMITS, partiesAwaitingConfirmation, type Closure, type ClosingError, type ClosingField, type ClosingRefusal } from "../../domain/closing";
import type { Incident } from "../../domain/incident";
import { escapeAndTruncate, escapeMrkdwn } from "../mrkdwn";
import type { Member } from "../../domain/parties";
import type { Task } from "../../domain/tasks";
import { REVIEW_LIMITS, type Review, type ReviewError, type ReviewField, type ReviewRefusal } from "../../domain/review";
import { CLOSING_ID, VALUE_ACTION } from "../ids";
import { encode } from "../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../render-context";
import { itemArticle, itemName } from "./consultation";
import { contextLine, message, modal, plain, section, type SlackMessage } from "./kit";
import { taskTitle } from "./task-card";

const partiesLabel = (rc: RenderContext, ids: string[]) => ids.map((id) => escapeMrkdwn(partyShort(rc, id))).join(rc.locale === "ja" ? "・" : ", ");

/** The closing summary form: what happened, each agreed item's outcome, the reports received, open tasks. */
export function closingModal(rc: RenderContext, incident: Incident, tasks: Task[], proposer: Member): ModalView {
  const { t } = rc;
  const items = tasks.filter((x) => x.kind === "cooperation_item" && x.itemType);
  const open = tasks.filter((x) => x.status === "open");
  const receipt = (on: string | null, no: string | null) => (on ? `${on}${no ? ` (${escapeMrkdwn(no)})` : ""}` : t("closing.reports.none"));
  const blocks: KnownBlock[] = [
    section(t(incident.state === "cooperation_case" ? "closing.modal.intro.case" : "closing.modal.intro.plain", { ref: incident.ref, party: escapeMrkdwn(partyShort(rc, proposer.party)) }), "closing_intro"),
    contextLine(t("closing.modal.ends"), "closing_ends"),
    { type: "input", block_id: CLOSING_ID.blockWhat, label: plain(t("closing.field.what")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: CLOSING_LIMITS.whatHappened } },
  ];
  for (const task of items) {
    const name = itemName(rc, task.itemType!);
    blocks.push({
      type: "input",
      block_id: `${CLOSING_ID.itemPrefix}${task.id}`,
      label: plain(t("closing.field.item", { item: name, article: itemArticle(rc, task.itemType!) }).slice(0, 2000)),
      element: {
        type: "static_select",
        action_id: VALUE_ACTION,
        options: (["done", "not_done"] as const).map((o) => ({ text: plain(t(`closing.outcome.${o}`)), value: o })),
        ...(task.status === "done" ? { initial_option: { text: plain(t("closing.outcome.done")), value: "done" } } : {}),
      },
    });
    blocks.push({ type: "input", block_id: `${CLOSING_ID.whyPrefix}${task.id}`, optional: true, label: plain(t("closing.field.why", { item: name }).slice(0, 2000)), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: CLOSING_LIMITS.why } });
  }
  blocks.push(section(t("closing.reports.recorded", { preliminary: receipt(incident.preliminaryReceivedOn, incident.preliminaryReceiptNo), final: receipt(incident.finalReceivedOn, incident.finalReceiptNo) }), "closing_receipts"));
  blocks.push({ type: "input", block_id: CLOSING_ID.blockReports, optional: true, label: plain(t("closing.field.reports")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: CLOSING_LIMITS.reports } });
  blocks.push(section(open.length > 0 ? t("closing.open_tasks.list", { tasks: open.map((x) => `• ${taskTitle(rc, x)}`).join("\n") }) : t("closing.open_tasks.none"), "closing_open_list"));
  blocks.push({ type: "input", block_id: CLOSING_ID.blockOpenTasks, optional: open.length === 0, label: plain(t("closing.field.open_tasks")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: CLOSING_LIMITS.openTasks } });
  return modal(rc, { callbackId: CLOSING_ID.callbackClose, metadata: JSON.stringify({ incidentId: incident.id }), title: t("closing.modal.title"), submit: t("closing.modal.submit"), blocks });
}

/** Inline errors of the closing form, by block. */
export function closingErrors(rc: RenderContext, errors: Partial<Record<ClosingField, ClosingError>>): Record<string, string> {
  const block = (field: ClosingField): string => {
    if (field.startsWith("item:")) return `${CLOSING_ID.itemPrefix}${field.slice(5)}`;
    if (field.startsWith("why:")) return `${CLOSING_ID.whyPrefix}${field.slice(4)}`;
    return { whatHappened: CLOSING_ID.blockWhat, reports: CLOSING_ID.blockReports, openTasks: CLOSING_ID.blockOpenTasks }[field as "whatHappened"];
  };
  return Object.fromEntries(Object.entries(errors).map(([field, error]) => [block(field as ClosingField), rc.t(`closing.error.${error!}`)]));
}

export function reopenModal(rc: RenderContext, incident: Incident): ModalView {
  return modal(rc, {
    callbackId: CLOSING_ID.callbackReopen,
    metadata: JSON.stringify({ incidentId: incident.id }),
    title: rc.t("reopen.modal.title"),
    submit: rc.t("reopen.modal.submit"),
    blocks: [
      section(rc.t("reopen.modal.intro", { ref: incident.ref }), "reopen_intro"),
      { type: "input", block_id: CLOSING_ID.blockReason, label: plain(rc.t("reopen.modal.reason")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: CLOSING_LIMITS.reopenReason } },
    ],
  });
}

/** Taking back a pending proposal: withdrawing one's own party's, or declining the other party's (reason required). */
export function withdrawModal(rc: RenderContext, incident: Pick<Incident, "ref">, closure: Closure, kind: "withdrawn" | "declined"): ModalView {
  return modal(rc, {
    callbackId: CLOSING_ID.callbackWithdraw,
    metadata: encode({ closureId: closure.id }),
    title: rc.t("withdraw.modal.title"),
    submit: rc.t("withdraw.modal.submit"),
    blocks: [
      section(rc.t(`withdraw.modal.intro.${kind}`, { ref: incident.ref, party: escapeMrkdwn(partyShort(rc, closure.proposedByParty)) }), "withdraw_intro"),
      { type: "input", block_id: CLOSING_ID.blockWithdrawReason, optional: kind === "withdrawn", label: plain(rc.t(`withdraw.modal.reason.${kind}`)), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: CLOSING_LIMITS.withdrawReason } },
    ],
  });
}

/** The closing summary as blocks (the card, `/renkei status`, later the case file). */
export function closingSummaryBlocks(rc: RenderContext, closure: Closure): KnownBlock[] {
  const { t } = rc;
  const s = closure.summary;
  const blocks: KnownBlock[] = [section(`*${t("closing.card.what")}*\n${escapeAndTruncate(s.whatHappened, 2800)}`, "closing_what")];
  if (s.items.length > 0) {
    const lines = s.items.map((i) => t("closing.card.item_line", { item: escapeMrkdwn(itemName(rc, i.itemType)), outcome: t(`closing.outcome.${i.outcome}`), why: i.why ? ` — ${escapeAndTruncate(i.why, 300)}` : "" }));
    blocks.push(section(`*${t("closing.card.items")}*\n${lines.join("\n")}`, "closing_items"));
  }
  if (s.reports) blocks.push(section(`*${t("closing.card.reports")}*\n${escapeAndTruncate(s.reports, 1000)}`, "closing_reports"));
  if (s.openTasks) blocks.push(section(`*${t("closing.card.open_tasks")}*\n${escapeAndTruncate(s.openTasks, 1000)}`, "closing_open_tasks"));
  return blocks;
}

/** The closing card in the incident channel: the proposal (with its Confirm button), the closing, or the reopening. */
export function closingCard(rc: RenderContext, incident: Incident, closure: Closure, opts: { buttons?: boolean } = {}): SlackMessage {
  const { t } = rc;
  const header = t(`closing.card.header.${closure.status}`, { ref: incident.ref });
  const blocks: KnownBlock[] = [{ type: "header", block_id: "closing_header", text: plain(header) }];
  blocks.push(contextLine(t("closing.card.proposed_by", { user: mentionUser(closure.proposedByUserId), party: escapeMrkdwn(partyShort(rc, closure.proposedByParty)), date: formatDateTime(rc, closure.createdAt) }), "closing_proposed_by"));
  blocks.push(...closingSummaryBlocks(rc, closure));
  const confirmed = closure.confirmations.map((c) => t("closing.card.confirmation", { party: escapeMrkdwn(partyShort(rc, c.party)), user: mentionUser(c.userId), date: formatDateTime(rc, c.at) }));
  const facts = [t("closing.card.confirmed_by", { list: confirmed.join(rc.locale === "ja" ? "、" : "; ") })];
  const awaiting = partiesAwaitingConfirmation(closure);
  if (awaiting.length > 0) facts.push(t("closing.card.awaiting", { parties: partiesLabel(rc, awaiting) }));
  if (closure.closedAt) facts.push(t("closing.card.closed_at", { date: formatDateTime(rc, closure.closedAt) }));
  if (closure.ended && closure.status === "closed") facts.push(t("closing.card.ended", { tasks: closure.ended.tasks.length, consultations: closure.ended.consultations.length, consents: closure.ended.consents.length }));
  if (closure.status === "closed") {
    if (closure.archivedAt) facts.push(t("closing.card.archived", { date: formatDateTime(rc, closure.archivedAt) }));
    else facts.push(closure.archiveAt ? t("closing.card.archive_at", { date: formatDateTime(rc, closure.archiveAt) }) : t("closing.card.archive_never"));
  }
  if ((closure.status === "withdrawn" || closure.status === "declined") && closure.withdrawnAt) {
    const who = { user: mentionUser(closure.withdrawnByUserId ?? ""), party: escapeMrkdwn(partyShort(rc, closure.withdrawnByParty ?? "")), date: formatDateTime(rc, closure.withdrawnAt) };
    const reason = escapeAndTruncate(closure.withdrawReason ?? "", 1000);
    facts.push(closure.status === "declined" ? t("closing.card.declined", { ...who, reason }) : t("closing.card.withdrawn", { ...who, reason: reason ? t("closing.card.withdrawn_reason", { reason }) : "" }).trim());
    facts.push(t("closing.card.propose_again"));
  }
  if (closure.status === "reopened" && closure.reopenedAt) facts.push(t("closing.card.reopened", { user: mentionUser(closure.reopenedByUserId ?? ""), date: formatDateTime(rc, closure.reopenedAt), reason: escapeAndTruncate(closure.reopenReason ?? "", 1000) }));
  blocks.push(section(facts.join("\n"), "closing_facts"));
  if (opts.buttons !== false) {
    if (closure.status === "proposed") {
      blocks.push({
        type: "actions",
        block_id: "closing_actions",
        elements: [
          { type: "button", action_id: CLOSING_ID.actionConfirm, style: "primary", text: plain(t("closing.button.confirm")), value: closure.id },
          { type: "button", action_id: CLOSING_ID.actionWithdraw, text: plain(t("closing.button.withdraw")), value: encode({ closureId: closure.id }) },
        ],
      });
    }
    if (closure.status === "closed") blocks.push({ type: "actions", block_id: "closing_actions", elements: [{ type: "button", action_id: CLOSING_ID.actionReopen, text: plain(t("closing.button.reopen")), value: incident.id }] });
  }
  return { text: header, blocks };
}

export function archivingNotice(rc: RenderContext, incident: Incident, closure: Closure, days: number): SlackMessage {
  return message(rc.t("closing.archiving", { ref: incident.ref, date: closure.closedAt ? formatDateTime(rc, closure.closedAt) : "", days }));
}

/** Why a closing step was refused, privately. */
export function closingRefusalMessage(rc: RenderContext, refusal: ClosingRefusal, incident: Pick<Incident, "ref">, closure: Closure | null | undefined, member: Member | undefined): SlackMessage {
  const { t } = rc;
  switch (refusal) {
    case "role_required":
      return message(t("closing.refusal.role_required", { mine: (member?.roles ?? []).map((r) => t(`role.${r}`)).join(" / ") || "—" }));
    case "already_proposed":
      return message(t("closing.refusal.already_proposed", { ref: incident.ref, parties: partiesLabel(rc, closure ? partiesAwaitingConfirmation(closure) : []) }));
    case "party_confirmed":
      return message(t("closing.refusal.party_confirmed", { party: escapeMrkdwn(partyShort(rc, member?.party ?? "")) }));
    case "not_required_party":
      return message(t("closing.refusal.not_required_party", { parties: partiesLabel(rc, closure?.requiredParties ?? []) }));
    default:
      return message(t(`closing.refusal.${refusal}`, { ref: incident.ref }));
  }
}

/** The answer to whoever proposed or confirmed. */
export function closingAccepted(rc: RenderContext, outcome: "proposed" | "confirmed" | "closed", incident: Pick<Incident, "ref">, closure: Closure): SlackMessage {
  return message(rc.t(`closing.accepted.${outcome}`, { ref: incident.ref, parties: partiesLabel(rc, partiesAwaitingConfirmation(closure)) }));
}

// ---- the review after closing ----

/** The invitation in the incident channel: both parties' liaison officers mentioned, the due date, the button. */
export function reviewInvitation(rc: RenderContext, incident: Incident, closure: Closure, liaisons: string[]): SlackMessage {
  const parties = rc.profile.parties.map((p) => p.id);
  const due = closure.reviewDueOn ?? "";
  const text = rc.t("review.invitation", { ref: incident.ref, parties: partiesLabel(rc, parties), mentions: liaisons.map(mentionUser).join(" "), due });
  return {
    text,
    blocks: [
      section(text, "review_invitation"),
      { type: "actions", block_id: "review_actions", elements: [{ type: "button", action_id: CLOSING_ID.actionReview, style: "primary", text: plain(rc.t("review.button.write")), value: encode({ closureId: closure.id }) }] },
    ],
  };
}

export function reviewModal(rc: RenderContext, incident: Incident, closureId: string, party: string): ModalView {
  const { t } = rc;
  const input = (block: string, label: "review.field.worked" | "review.field.did_not" | "review.field.lessons", optional: boolean, max: number): KnownBlock => ({ type: "input", block_id: block, optional, label: plain(t(label)), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: max } });
  return modal(rc, {
    callbackId: CLOSING_ID.callbackReview,
    metadata: encode({ closureId }),
    title: t("review.modal.title"),
    submit: t("review.modal.submit"),
    blocks: [
      section(t("review.modal.intro", { ref: incident.ref, party: escapeMrkdwn(partyShort(rc, party)) }), "review_intro"),
      input(CLOSING_ID.blockWorked, "review.field.worked", false, REVIEW_LIMITS.text),
      input(CLOSING_ID.blockDidNot, "review.field.did_not", false, REVIEW_LIMITS.text),
      input(CLOSING_ID.blockLessons, "review.field.lessons", true, 3000),
    ],
  });
}

export function reviewErrors(rc: RenderContext, errors: Partial<Record<ReviewField, ReviewError>>): Record<string, string> {
  const block = { worked: CLOSING_ID.blockWorked, didNot: CLOSING_ID.blockDidNot, lessons: CLOSING_ID.blockLessons };
  return Object.fromEntries(Object.entries(errors).map(([f, e]) => [block[f as ReviewField], rc.t(`review.error.${e!}`)]));
}

export function reviewRefusalMessage(rc: RenderContext, refusal: ReviewRefusal, incident: Pick<Incident, "ref">, member: Member | undefined): SlackMessage {
  return message(rc.t(`review.refusal.${refusal}`, { ref: incident.ref, party: escapeMrkdwn(partyShort(rc, member?.party ?? "")) }));
}

/** A party's review in the channel; each lesson with its two buttons (training topic, Art. 8 consultation). */
export function reviewCard(rc: RenderContext, incident: Incident, review: Review): SlackMessage {
  const { t } = rc;
  const header = t("review.card.header", { ref: incident.ref, party: partyShort(rc, review.party) });
  const blocks: KnownBlock[] = [
    { type: "header", block_id: "review_header", text: plain(header.slice(0, 150)) },
    contextLine(t("review.card.by", { user: mentionUser(review.byUserId), date: formatDateTime(rc, review.createdAt) }), "review_by"),
    section(`*${t("review.field.worked")}*\n${escapeAndTruncate(review.worked, 2800)}`, "review_worked"),
    section(`*${t("review.field.did_not")}*\n${escapeAndTruncate(review.didNot, 2800)}`, "review_did_not"),
    section(`*${t("review.card.lessons")}*${review.lessons.length === 0 ? `\n${t("review.card.lessons.none")}` : ""}`, "review_lessons"),
  ];
  review.lessons.forEach((lesson, i) => {
    const value = JSON.stringify({ r: review.id, i });
    blocks.push({
      type: "section",
      block_id: `review_lesson_${i}`,
      text: { type: "mrkdwn", text: `${i + 1}. ${escapeAndTruncate(lesson, 600)}` },
    });
    blocks.push({
      type: "actions",
      block_id: `review_lesson_actions_${i}`,
      elements: [
        { type: "button", action_id: CLOSING_ID.actionLessonTraining, text: plain(t("review.button.training")), value },
        { type: "button", action_id: CLOSING_ID.actionLessonConsultation, text: plain(t("review.button.consultation")), value },
      ],
    });
  });
  return { text: header, blocks: blocks.slice(0, 50) };
}

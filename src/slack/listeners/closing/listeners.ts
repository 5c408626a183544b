// Closing, reopening and archiving an incident (issue 15): thin listeners for the card buttons,
// `/renkei close|reopen <ref>`, the closing and reopen modals and the closing card's Confirm button.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { channelUnarchived, confirmClosing, proposeClosing, recordReview, reopenIncident, withdrawClosing } from "../../../app/closing";
import { reviewRefusal } from "../../../domain/review";
import { eventModal } from "../../views/activities/event";
import { consultationModal } from "../../views/activities/consultation";
import { partyShort } from "../../render-context";
import { closingRefusal, withdrawalKind, type ClosingForm } from "../../../domain/closing";
import type { Incident } from "../../../domain/incident";
import type { Member } from "../../../domain/parties";
import { CLOSING_ID, VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode, ZClosureRef, ZIncidentRef } from "../../metadata";
import { personalContext } from "../../render-context";
import { closingAccepted, closingErrors, closingModal, closingRefusalMessage, reopenModal, reviewErrors, reviewModal, reviewRefusalMessage, withdrawModal } from "../../views/closing";
import { formErrors, message, modal, section, type SlackMessage } from "../../views/kit";
import { modalButton, privately } from "../kit";

/** A closing round and its incident. */
async function closingOf(deps: SlackDeps, closureId: string) {
  const closure = await deps.store.closures.byId(closureId);
  const incident = closure ? await deps.store.incidentById(closure.incidentId) : null;
  return { closure, incident };
}

/** Opens the closing form for a liaison officer (from the card or `/renkei close`), or says why not. */
export async function openClosingForm(deps: SlackDeps, client: WebClient, triggerId: string, member: Member | undefined, incident: Incident, tell: (m: SlackMessage) => Promise<void>): Promise<void> {
  const rc = personalContext(deps.config, member);
  const latest = await deps.store.closures.latestOfIncident(incident.id);
  const refusal = incident.state === "out_of_scope" ? "not_open" : closingRefusal(member, incident, latest, "propose");
  if (refusal || !member) return tell(closingRefusalMessage(rc, refusal ?? "role_required", incident, latest, member));
  const view = closingModal(rc, incident, await deps.store.tasksOfIncident(incident.id), member);
  try {
    await client.views.open({ trigger_id: triggerId, view });
  } catch (e) {
    await tell(message(rc.t("error.generic", { error: String((e as Error)?.message ?? e) })));
  }
}

/** Opens the reopen form for a liaison officer, or says why not. */
export async function openReopenForm(deps: SlackDeps, client: WebClient, triggerId: string, member: Member | undefined, incident: Incident, tell: (m: SlackMessage) => Promise<void>): Promise<void> {
  const rc = personalContext(deps.config, member);
  const latest = await deps.store.closures.latestOfIncident(incident.id);
  const refusal = closingRefusal(member, incident, latest, "reopen");
  if (refusal) return tell(closingRefusalMessage(rc, refusal, incident, latest, member));
  try {
    await client.views.open({ trigger_id: triggerId, view: reopenModal(rc, incident) });
  } catch (e) {
    await tell(message(rc.t("error.generic", { error: String((e as Error)?.message ?? e) })));
  }
}

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The incident card's "Close incident" button. */
export function closeButton(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const incident = await deps.store.incidentById(action.value ?? "");
    if (!incident) return;
    await openClosingForm(deps, client, body.trigger_id, memberOf(context), incident, (m) => privately({ respond, client, body }, m));
  };
}

/** The incident card's and the closing card's "Reopen" button. */
export function reopenButton(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const incident = await deps.store.incidentById(action.value ?? "");
    if (!incident) return;
    await openReopenForm(deps, client, body.trigger_id, memberOf(context), incident, (m) => privately({ respond, client, body }, m));
  };
}

function readClosingForm(values: ViewSubmitAction["view"]["state"]["values"]): ClosingForm {
  const text = (block: string) => values[block]?.[VALUE_ACTION]?.value ?? null;
  const items = Object.keys(values)
    .filter((b) => b.startsWith(CLOSING_ID.itemPrefix))
    .map((b) => {
      const taskId = b.slice(CLOSING_ID.itemPrefix.length);
      return { taskId, outcome: values[b]?.[VALUE_ACTION]?.selected_option?.value ?? null, why: text(`${CLOSING_ID.whyPrefix}${taskId}`) };
    });
  return { whatHappened: text(CLOSING_ID.blockWhat), items, reports: text(CLOSING_ID.blockReports), openTasks: text(CLOSING_ID.blockOpenTasks) };
}

/** The closing modal submitted: inline errors, or the proposal (or closing) recorded and the modal says so. */
export function closingSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const meta = decode(ZIncidentRef, view.private_metadata);
    const inline = (text: string) => ack(formErrors({ [CLOSING_ID.blockWhat]: text }));
    if (!meta) return inline(rc.t("error.generic", { error: "bad metadata" }));
    const result = await proposeClosing(deps, member, meta.incidentId, readClosingForm(view.state.values), view.id);
    switch (result.outcome) {
      case "not_found":
        return inline(rc.t("error.generic", { error: "incident not found" }));
      case "invalid":
        return ack(formErrors(closingErrors(rc, result.errors)));
      case "refused": {
        const incident = await deps.store.incidentById(meta.incidentId);
        return inline(closingRefusalMessage(rc, result.refusal, incident ?? { ref: "" }, result.closure, member).text);
      }
      default: {
        const answer = closingAccepted(rc, result.outcome, result.incident, result.closure);
        await ack({ response_action: "update", view: modal(rc, { title: rc.t("closing.modal.title"), close: rc.t("common.close"), blocks: [section(answer.text, "closing_result")] }) });
      }
    }
  };
}

/** The closing card's "Confirm closing" button (the other party's liaison officer, for a cooperation case). */
export function confirmButton(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const result = await confirmClosing(deps, member, action.value ?? "");
    const to = { respond, client, body };
    if (result.outcome === "not_found" || result.outcome === "invalid") return;
    if (result.outcome === "refused") {
      const incident = result.closure ? await deps.store.incidentById(result.closure.incidentId) : null;
      return privately(to, closingRefusalMessage(rc, result.refusal, incident ?? { ref: "" }, result.closure, member));
    }
    await privately(to, closingAccepted(rc, result.outcome, result.incident, result.closure));
  };
}

/** The closing card's "Withdraw / decline" button: the proposing party withdraws, a party that must confirm declines. */
export function withdrawButton(deps: SlackDeps) {
  return modalButton(deps, {
    schema: ZClosureRef,
    precheck: async ({ rc, member }, { closureId }) => {
      const { closure, incident } = await closingOf(deps, closureId);
      if (!closure || !incident) return message(rc.t("error.generic", { error: "closing not found" }));
      const refusal = closingRefusal(member, incident, closure, "withdraw");
      return refusal || !member ? closingRefusalMessage(rc, refusal ?? "role_required", incident, closure, member) : null;
    },
    view: async ({ rc, member }, { closureId }) => {
      const { closure, incident } = await closingOf(deps, closureId);
      return withdrawModal(rc, incident!, closure!, withdrawalKind(member!, closure!));
    },
  });
}

/** The withdraw / decline modal submitted: a declined proposal needs its reason; the card says who took it back. */
export function withdrawSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const closureId = decode(ZClosureRef, view.private_metadata)?.closureId;
    const inline = (text: string) => ack(formErrors({ [CLOSING_ID.blockWithdrawReason]: text }));
    const result = await withdrawClosing(deps, member, closureId ?? "", view.state.values[CLOSING_ID.blockWithdrawReason]?.[VALUE_ACTION]?.value ?? null);
    switch (result.outcome) {
      case "not_found":
        return inline(rc.t("error.generic", { error: "closing not found" }));
      case "invalid":
        return inline(rc.t(`closing.error.${result.error}`));
      case "refused": {
        const incident = result.closure ? await deps.store.incidentById(result.closure.incidentId) : null;
        return inline(closingRefusalMessage(rc, result.refusal, incident ?? { ref: "" }, result.closure, member).text);
      }
      default:
        await ack({ response_action: "update", view: modal(rc, { title: rc.t("withdraw.modal.title"), close: rc.t("common.close"), blocks: [section(rc.t(`withdraw.accepted.${result.outcome}`, { ref: result.incident.ref }), "withdraw_result")] }) });
    }
  };
}

/** The reopen modal submitted: the reason is required; the incident and what ended with it are open again. */
export function reopenSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const meta = decode(ZIncidentRef, view.private_metadata);
    const inline = (text: string) => ack(formErrors({ [CLOSING_ID.blockReason]: text }));
    if (!meta) return inline(rc.t("error.generic", { error: "bad metadata" }));
    const result = await reopenIncident(deps, member, meta.incidentId, view.state.values[CLOSING_ID.blockReason]?.[VALUE_ACTION]?.value ?? null);
    switch (result.outcome) {
      case "not_found":
        return inline(rc.t("error.generic", { error: "incident not found" }));
      case "invalid":
        return inline(rc.t(`closing.error.${result.error}`));
      case "refused": {
        const incident = await deps.store.incidentById(meta.incidentId);
        return inline(closingRefusalMessage(rc, result.refusal, incident ?? { ref: "" }, null, member).text);
      }
      case "reopened": {
        const lines = [rc.t("reopen.accepted", { ref: result.incident.ref }), ...(result.closure.archivedAt ? [rc.t("reopen.archived_note")] : [])];
        await ack({ response_action: "update", view: modal(rc, { title: rc.t("reopen.modal.title"), close: rc.t("common.close"), blocks: [section(lines.join("\n"), "reopen_result")] }) });
      }
    }
  };
}

// ---- the review after closing ----

/** The invitation's "Record your review" button: the review modal for the member's party, or why not. */
export function reviewButton(deps: SlackDeps) {
  return modalButton(deps, {
    schema: ZClosureRef,
    precheck: async ({ rc, member }, { closureId }) => {
      const { closure, incident } = await closingOf(deps, closureId);
      if (!closure || !incident) return message(rc.t("error.generic", { error: "closing not found" }));
      const refusal = reviewRefusal(member, closure, await deps.store.closures.reviewsOf(closure.id));
      return refusal || !member ? reviewRefusalMessage(rc, refusal ?? "not_a_member", incident, member) : null;
    },
    view: async ({ rc, member }, { closureId }) => {
      const { incident } = await closingOf(deps, closureId);
      return reviewModal(rc, incident!, closureId, member!.party);
    },
  });
}

export function reviewSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const closureId = decode(ZClosureRef, view.private_metadata)?.closureId;
    const text = (block: string) => view.state.values[block]?.[VALUE_ACTION]?.value ?? null;
    const inline = (t: string) => ack(formErrors({ [CLOSING_ID.blockWorked]: t }));
    const result = await recordReview(deps, member, closureId ?? "", { worked: text(CLOSING_ID.blockWorked), didNot: text(CLOSING_ID.blockDidNot), lessons: text(CLOSING_ID.blockLessons) }, view.id);
    switch (result.outcome) {
      case "not_found":
        return inline(rc.t("error.generic", { error: "closing not found" }));
      case "invalid":
        return ack(formErrors(reviewErrors(rc, result.errors)));
      case "refused": {
        const closure = await deps.store.closures.byId(closureId ?? "");
        const incident = closure ? await deps.store.incidentById(closure.incidentId) : null;
        return inline(reviewRefusalMessage(rc, result.refusal, incident ?? { ref: "" }, member).text);
      }
      case "recorded":
        await ack();
    }
  };
}

/** A lesson's buttons: the Art. 5(1) event form or the Art. 8 consultation form, filled in with the lesson. */
export function lessonButton(deps: SlackDeps, target: "training" | "consultation") {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const to = { respond, client, body };
    if (!member) return privately(to, reviewRefusalMessage(rc, "not_a_member", { ref: "" }, member));
    let ref: { r?: string; i?: number } = {};
    try {
      ref = JSON.parse(action.value ?? "{}") as { r?: string; i?: number };
    } catch {
      return;
    }
    const review = await deps.store.closures.reviewById(ref.r ?? "");
    const lesson = review?.lessons[ref.i ?? -1];
    const incident = review ? await deps.store.incidentById(review.incidentId) : null;
    if (!review || !lesson || !incident) return;
    const description = rc.t("review.lesson.description", { ref: incident.ref, party: partyShort(rc, review.party), lesson });
    const view = target === "training" ? eventModal(rc, member, { title: lesson, description }) : consultationModal(rc, { title: lesson, question: description });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (e) {
      await privately(to, message(rc.t("error.generic", { error: String((e as Error)?.message ?? e) })));
    }
  };
}

// ---- a reopened incident's channel unarchived in Slack ----

/** `channel_unarchive` / `group_unarchive`: renkei cannot unarchive (bot tokens may not), people can; then the card and topic catch up. */
export function channelUnarchivedEvent(deps: SlackDeps) {
  return async ({ event }: { event: { channel: string; user?: string; event_ts?: string } }): Promise<void> => {
    await channelUnarchived(deps, event.channel, event.user ?? null, event.event_ts ?? "");
  };
}

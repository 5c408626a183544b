// Arts. 6 and 8 listeners: the modal that opens a consultation and its submission, Record
// resolution (modal) and Confirm for <party> on the card. Thin.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { confirmResolution, consultationPrecheck, openConsultationActivity, recordResolution, resolutionState } from "../../../app/activities/consultation";
import { validateConsultationForm } from "../../../domain/activities/consultation";
import { describeError } from "../../errors";
import { NT_CONSULT_ID } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { ZActivityRef, ZResolutionConfirm, ZResolutionMeta } from "../../metadata";
import { activityOpenedModal } from "../../views/activities/opened";
import { consultationErrors, consultationModal, consultationRefusalMessage, resolutionModal } from "../../views/activities/consultation";
import { refusalMessage } from "../../views/notices";
import { actionButton, field, modalButton, modalSubmission, listenerContext } from "../kit";
import type { ActivityStarter } from "./index";
import { formErrors } from "../../views/kit";

export const startConsultation: ActivityStarter = async ({ client, triggerId, rc }) => {
  await client.views.open({ trigger_id: triggerId, view: consultationModal(rc) });
};

function consultationSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    if (!member) return ack(formErrors({ [NT_CONSULT_ID.blockTitle]: refusalMessage(rc, "not_a_member").text }));
    const v = view.state.values;
    const form = {
      article: field(v, NT_CONSULT_ID.blockArticle)?.selected_option?.value ?? null,
      title: field(v, NT_CONSULT_ID.blockTitle)?.value ?? null,
      question: field(v, NT_CONSULT_ID.blockQuestion)?.value ?? null,
      dueDate: field(v, NT_CONSULT_ID.blockDue)?.selected_date ?? null,
    };
    const result = validateConsultationForm(form, member.party, deps.clock.now(), deps.config.timezone);
    if (!result.ok) return ack(formErrors(consultationErrors(rc, result.errors)));
    try {
      const a = result.activity;
      const activity = await openConsultationActivity(deps, member, { article: a.article, title: a.title, question: String(a.data.question), dueAt: a.dueAt ?? null }, view.id);
      await ack({ response_action: "update", view: activityOpenedModal(rc, activity) });
    } catch (e) {
      deps.log.error("opening a consultation failed", { error: describeError(e) });
      return ack(formErrors({ [NT_CONSULT_ID.blockTitle]: rc.t("error.generic", { error: describeError(e) }) }));
    }
  };
}

export function registerConsultationListeners(app: App, deps: SlackDeps): void {
  app.view(NT_CONSULT_ID.callbackOpen, consultationSubmission(deps));
  app.action(NT_CONSULT_ID.actionResolve, modalButton(deps, {
    schema: ZActivityRef,
    precheck: async ({ rc, member }, ref) => {
      const refused = await consultationPrecheck(deps, member, ref.a, "resolve");
      return refused ? consultationRefusalMessage(rc, refused.refusal, { member, activity: refused.activity, state: refused.state }) : null;
    },
    view: async ({ rc }, ref) => resolutionModal(rc, (await deps.store.activities.byId(ref.a))!, await resolutionState(deps, ref.a)),
  }));
  app.view(NT_CONSULT_ID.callbackResolve, modalSubmission(deps, {
    schema: ZResolutionMeta,
    fallbackBlock: NT_CONSULT_ID.blockResolution,
    read: (v) => field(v, NT_CONSULT_ID.blockResolution)?.value ?? "",
    run: ({ member }, meta, text) => recordResolution(deps, member, meta.a, text, meta.b),
    errors: ({ rc, member }, result) =>
      result.outcome === "invalid"
        ? rc.t(result.error === "changed_meanwhile" ? "ntconsult.error.changed_meanwhile" : `activity.error.${result.error}`)
        : consultationRefusalMessage(rc, result.refusal, { member, activity: result.activity, state: result.state }).text,
  }));
  app.action(new RegExp(`^${NT_CONSULT_ID.actionConfirm}_`), actionButton(deps, {
    schema: ZResolutionConfirm,
    run: ({ member }, ref) => confirmResolution(deps, member, ref.a, ref.v, ref.p),
    refusal: ({ rc, member }, result, ref) => consultationRefusalMessage(rc, result.refusal, { member, activity: result.activity, state: result.state, forParty: ref.p }),
  }));
}

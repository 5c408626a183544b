// Art. 5(3) advice on general standards: the starter (the request modal), its submission, the
// other party's "Give advice" button and modal, and the author party's liaison's "Close".
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { closeAdvice, giveAdvice, giveAdvicePrecheck, requestAdvice } from "../../../app/activities/advice";
import { GENERAL_ADVICE_ID as ID } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { decode } from "../../metadata";
import { adviceErrors, adviceRefusalMessage, adviceRequestErrors, adviceRequestModal, giveAdviceModal, ZAdviceRef } from "../../views/activities/advice";
import { actionButton, field, modalButton, listenerContext } from "../kit";
import type { ActivityStarter } from "./index";
import { formErrors } from "../../views/kit";

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export const startAdvice: ActivityStarter = async ({ client, triggerId, member, rc }) => {
  await client.views.open({ trigger_id: triggerId, view: adviceRequestModal(rc, member.party) });
};

function requestSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const v = view.state.values;
    const result = await requestAdvice(
      deps,
      member,
      {
        title: field(v, ID.blockTitle)?.value ?? "",
        reference: field(v, ID.blockReference)?.value ?? "",
        questions: field(v, ID.blockQuestions)?.value ?? "",
        dueDate: field(v, ID.blockDue)?.selected_date ?? null,
      },
      view.id,
    );
    if (result.outcome === "invalid") return ack(formErrors(adviceRequestErrors(rc, result.errors)));
    if (result.outcome === "refused") return ack(formErrors({ [ID.blockTitle]: adviceRefusalMessage(rc, result.refusal, null).text }));
    await ack();
  };
}

function giveSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const ref = decode(ZAdviceRef, view.private_metadata);
    if (!ref) return ack(formErrors({ [ID.blockAdvice]: rc.t("error.generic", { error: "bad metadata" }) }));
    const v = view.state.values;
    const result = await giveAdvice(deps, member, ref.a, { advice: field(v, ID.blockAdvice)?.value ?? "", references: field(v, ID.blockReferences)?.value ?? "" }, view.id);
    if (result.outcome === "invalid") return ack(formErrors(adviceErrors(rc, result.errors)));
    if (result.outcome === "refused") return ack(formErrors({ [ID.blockAdvice]: adviceRefusalMessage(rc, result.refusal, result.activity).text }));
    await ack();
  };
}

export function registerAdviceListeners(app: App, deps: SlackDeps): void {
  app.view(ID.callbackRequest, requestSubmission(deps));
  app.action(
    ID.actionGive,
    modalButton(deps, {
      schema: ZAdviceRef,
      precheck: async ({ rc, member }, ref) => {
        const check = await giveAdvicePrecheck(deps, member, ref.a);
        return "refusal" in check ? adviceRefusalMessage(rc, check.refusal, check.activity) : null;
      },
      // The precheck passed: the request exists and the clicker is a member of the party asked.
      view: async ({ rc, member }, ref) => {
        const check = await giveAdvicePrecheck(deps, member, ref.a);
        return giveAdviceModal(rc, check.activity!, member!.party);
      },
    }),
  );
  app.view(ID.callbackGive, giveSubmission(deps));
  app.action(
    ID.actionClose,
    actionButton(deps, {
      schema: ZAdviceRef,
      run: ({ member }, ref) => closeAdvice(deps, member, ref.a),
      refusal: ({ rc }, result) => adviceRefusalMessage(rc, result.refusal, result.activity),
    }),
  );
}

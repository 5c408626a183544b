// Art. 4(2)(ii) sharing investigation results: the "Record a result shared" button and its modal.
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { recordSharedResult, resultPrecheck } from "../../../app/items/sharing-results";
import { describeError } from "../../../effects/runner";
import { RESULTS_ID, VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode, ZTaskRef } from "../../metadata";
import { personalContext } from "../../render-context";
import { resultErrors, resultModal, resultRefusalMessage } from "../../views/items/sharing-results";
import { plainNotice } from "../../views/notices";
import { privately } from "../respond";

function openResultModal(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZTaskRef, action.value);
    if (!ref) return;
    const refused = await resultPrecheck(deps, member, ref.taskId);
    if (refused || !member) return privately(respond, resultRefusalMessage(rc, member, refused?.refusal ?? "not_a_member"));
    const task = (await deps.store.taskById(ref.taskId))!;
    await client.views.open({ trigger_id: body.trigger_id, view: resultModal(rc, task, member.party) }).catch(async (e: unknown) => {
      await privately(respond, plainNotice(rc.t("error.generic", { error: describeError(e) })));
    });
  };
}

function resultSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const inline = (text: string) => ack({ response_action: "errors", errors: { [RESULTS_ID.blockSummary]: text } });
    const meta = decode(ZTaskRef, view.private_metadata);
    if (!meta) return inline(rc.t("error.generic", { error: "bad metadata" }));
    const v = view.state.values;
    const result = await recordSharedResult(deps, member, meta.taskId, {
      summary: v[RESULTS_ID.blockSummary]?.[VALUE_ACTION]?.value ?? "",
      details: v[RESULTS_ID.blockDetails]?.[VALUE_ACTION]?.value ?? "",
    });
    switch (result.outcome) {
      case "invalid":
        return ack({ response_action: "errors", errors: resultErrors(rc, result.errors) });
      case "refused":
        return inline(resultRefusalMessage(rc, member, result.refusal).text);
      case "not_found":
        return inline(resultRefusalMessage(rc, member, "not_found").text);
      case "recorded":
        await ack();
        deps.effects.kick();
    }
  };
}

export function registerSharingResults(app: App, deps: SlackDeps): void {
  app.action(RESULTS_ID.actionRecord, openResultModal(deps));
  app.view(RESULTS_ID.callbackResult, resultSubmission(deps));
}

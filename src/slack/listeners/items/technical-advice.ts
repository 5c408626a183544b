// Art. 4(2)(v) listeners: Request advice (modal; only the requesting party's members get it) and
// Record advice on an open request (modal; only the providing party's members). Thin.
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { advicePrecheck, recordAdvice, requestAdvice } from "../../../app/items/technical-advice";
import { adviceRequestsOf } from "../../../domain/items/technical-advice";
import { describeError } from "../../../effects/runner";
import { ADVICE_ID, VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode, ZTaskRef } from "../../metadata";
import { personalContext } from "../../render-context";
import { adviceFieldErrors, adviceRecordModal, adviceRefusalMessage, adviceRequestModal, ZAdviceRef } from "../../views/items/technical-advice";
import { plainNotice } from "../../views/notices";
import { privately } from "../respond";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

function openRequest(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZTaskRef, action.value);
    if (!ref) return;
    const refused = await advicePrecheck(deps, member, ref.taskId, "request");
    if (refused) return privately(respond, adviceRefusalMessage(rc, refused.refusal, { member, task: refused.task }));
    const task = (await deps.store.taskById(ref.taskId))!;
    await client.views.open({ trigger_id: body.trigger_id, view: adviceRequestModal(rc, task) }).catch(async (e: unknown) => {
      await privately(respond, plainNotice(rc.t("error.generic", { error: describeError(e) })));
    });
  };
}

function requestSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const meta = decode(ZTaskRef, view.private_metadata);
    if (!meta) return ack({ response_action: "errors", errors: { [ADVICE_ID.blockQuestion]: rc.t("error.generic", { error: "bad metadata" }) } });
    const values = view.state.values;
    const topic = values[ADVICE_ID.blockTopic]?.[VALUE_ACTION]?.selected_option?.value ?? "";
    const question = values[ADVICE_ID.blockQuestion]?.[VALUE_ACTION]?.value ?? "";
    const result = await requestAdvice(deps, member, meta.taskId, { topic, question });
    if (result.outcome === "invalid") return ack({ response_action: "errors", errors: adviceFieldErrors(rc, result.errors) });
    if (result.outcome === "refused") return ack({ response_action: "errors", errors: { [ADVICE_ID.blockQuestion]: adviceRefusalMessage(rc, result.refusal, { member, task: result.task }).text } });
    await ack();
    deps.effects.kick();
  };
}

function openRecord(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZAdviceRef, action.value);
    if (!ref) return;
    const refused = await advicePrecheck(deps, member, ref.t, "advise", ref.r);
    if (refused) return privately(respond, adviceRefusalMessage(rc, refused.refusal, { member, task: refused.task, request: refused.request }));
    const task = (await deps.store.taskById(ref.t))!;
    const request = adviceRequestsOf(await deps.store.recordsOfTask(ref.t)).find((r) => r.id === ref.r)!;
    await client.views.open({ trigger_id: body.trigger_id, view: adviceRecordModal(rc, task, request) }).catch(async (e: unknown) => {
      await privately(respond, plainNotice(rc.t("error.generic", { error: describeError(e) })));
    });
  };
}

function recordSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZAdviceRef, view.private_metadata);
    if (!ref) return ack({ response_action: "errors", errors: { [ADVICE_ID.blockAdvice]: rc.t("error.generic", { error: "bad metadata" }) } });
    const result = await recordAdvice(deps, member, ref.t, ref.r, view.state.values[ADVICE_ID.blockAdvice]?.[VALUE_ACTION]?.value ?? "");
    if (result.outcome === "invalid") return ack({ response_action: "errors", errors: adviceFieldErrors(rc, result.errors) });
    if (result.outcome === "refused") {
      return ack({ response_action: "errors", errors: { [ADVICE_ID.blockAdvice]: adviceRefusalMessage(rc, result.refusal, { member, task: result.task, request: result.request }).text } });
    }
    await ack();
    deps.effects.kick();
  };
}

export function registerTechnicalAdvice(app: App, deps: SlackDeps): void {
  app.action(ADVICE_ID.actionRequest, openRequest(deps));
  app.view(ADVICE_ID.callbackRequest, requestSubmission(deps));
  app.action(ADVICE_ID.actionRecord, openRecord(deps));
  app.view(ADVICE_ID.callbackRecord, recordSubmission(deps));
}

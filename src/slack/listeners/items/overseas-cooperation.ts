// Art. 4(2)(iv) listeners: Request overseas cooperation (modal), Accept, Decline (modal with a
// reason) and Record results (modal). Thin: parse, call the use case, answer.
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { decideOverseasRequest, overseasPrecheck, recordOverseasResults, requestOverseasCooperation } from "../../../app/items/overseas-cooperation";
import { overseasRequestsOf } from "../../../domain/items/overseas-cooperation";
import { describeError } from "../../../effects/runner";
import { OVERSEAS_ID, VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode, ZTaskRef } from "../../metadata";
import { personalContext } from "../../render-context";
import {
  overseasDeclineModal,
  overseasFieldErrors,
  overseasRefusalMessage,
  overseasRequestModal,
  overseasResultsModal,
  ZOverseasRef,
} from "../../views/items/overseas-cooperation";
import { plainNotice } from "../../views/notices";
import { privately } from "../respond";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const text = (values: ViewSubmitAction["view"]["state"]["values"], block: string) => values[block]?.[VALUE_ACTION]?.value ?? "";

/** "Request overseas cooperation": only the requester's members get the modal. */
function openRequest(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZTaskRef, action.value);
    if (!ref) return;
    const refused = await overseasPrecheck(deps, member, ref.taskId, "request");
    if (refused) return privately(respond, overseasRefusalMessage(rc, refused.refusal, { member, task: refused.task }));
    const task = (await deps.store.taskById(ref.taskId))!;
    await client.views.open({ trigger_id: body.trigger_id, view: overseasRequestModal(rc, task) }).catch(async (e: unknown) => {
      await privately(respond, plainNotice(rc.t("error.generic", { error: describeError(e) })));
    });
  };
}

function requestSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const meta = decode(ZTaskRef, view.private_metadata);
    if (!meta) return ack({ response_action: "errors", errors: { [OVERSEAS_ID.blockAsk]: rc.t("error.generic", { error: "bad metadata" }) } });
    const values = view.state.values;
    const result = await requestOverseasCooperation(deps, member, meta.taskId, { body: text(values, OVERSEAS_ID.blockBody), ask: text(values, OVERSEAS_ID.blockAsk) });
    if (result.outcome === "invalid") return ack({ response_action: "errors", errors: overseasFieldErrors(rc, result.errors) });
    if (result.outcome === "refused") return ack({ response_action: "errors", errors: { [OVERSEAS_ID.blockAsk]: overseasRefusalMessage(rc, result.refusal, { member, task: result.task }).text } });
    await ack();
    deps.effects.kick();
  };
}

/** "Accept": recorded at once, for the asked party's members; a second click is told who was first. */
function accept(deps: SlackDeps) {
  return async ({ ack, action, respond, context }: ButtonArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const ref = decode(ZOverseasRef, action.value);
    if (!ref) return;
    const result = await decideOverseasRequest(deps, member, ref.t, ref.r, "accept");
    if (result.outcome === "refused") return privately(respond, overseasRefusalMessage(personalContext(deps.config, member), result.refusal, { member, task: result.task, request: result.request }));
    deps.effects.kick();
  };
}

/** "Decline" and "Record results" open a modal, after saying privately if the clicker may not. */
function openOnRequest(deps: SlackDeps, kind: "decline" | "results") {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZOverseasRef, action.value);
    if (!ref) return;
    const refused = await overseasPrecheck(deps, member, ref.t, kind === "decline" ? "decide" : "results", ref.r);
    if (refused) return privately(respond, overseasRefusalMessage(rc, refused.refusal, { member, task: refused.task, request: refused.request }));
    const task = (await deps.store.taskById(ref.t))!;
    const request = overseasRequestsOf(await deps.store.recordsOfTask(ref.t)).find((r) => r.id === ref.r)!;
    const view = kind === "decline" ? overseasDeclineModal(rc, task, request) : overseasResultsModal(rc, task, request);
    await client.views.open({ trigger_id: body.trigger_id, view }).catch(async (e: unknown) => {
      await privately(respond, plainNotice(rc.t("error.generic", { error: describeError(e) })));
    });
  };
}

function declineSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZOverseasRef, view.private_metadata);
    if (!ref) return ack({ response_action: "errors", errors: { [OVERSEAS_ID.blockReason]: rc.t("error.generic", { error: "bad metadata" }) } });
    const result = await decideOverseasRequest(deps, member, ref.t, ref.r, "decline", text(view.state.values, OVERSEAS_ID.blockReason));
    if (result.outcome === "invalid") return ack({ response_action: "errors", errors: overseasFieldErrors(rc, result.errors) });
    if (result.outcome === "refused") {
      return ack({ response_action: "errors", errors: { [OVERSEAS_ID.blockReason]: overseasRefusalMessage(rc, result.refusal, { member, task: result.task, request: result.request }).text } });
    }
    await ack();
    deps.effects.kick();
  };
}

function resultsSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZOverseasRef, view.private_metadata);
    if (!ref) return ack({ response_action: "errors", errors: { [OVERSEAS_ID.blockResults]: rc.t("error.generic", { error: "bad metadata" }) } });
    const values = view.state.values;
    const result = await recordOverseasResults(deps, member, ref.t, ref.r, { limits: text(values, OVERSEAS_ID.blockLimits), results: text(values, OVERSEAS_ID.blockResults) });
    if (result.outcome === "invalid") return ack({ response_action: "errors", errors: overseasFieldErrors(rc, result.errors) });
    if (result.outcome === "refused") {
      return ack({ response_action: "errors", errors: { [OVERSEAS_ID.blockResults]: overseasRefusalMessage(rc, result.refusal, { member, task: result.task, request: result.request }).text } });
    }
    await ack();
    deps.effects.kick();
  };
}

export function registerOverseasCooperation(app: App, deps: SlackDeps): void {
  app.action(OVERSEAS_ID.actionRequest, openRequest(deps));
  app.view(OVERSEAS_ID.callbackRequest, requestSubmission(deps));
  app.action(OVERSEAS_ID.actionAccept, accept(deps));
  app.action(OVERSEAS_ID.actionDecline, openOnRequest(deps, "decline"));
  app.view(OVERSEAS_ID.callbackDecline, declineSubmission(deps));
  app.action(OVERSEAS_ID.actionResults, openOnRequest(deps, "results"));
  app.view(OVERSEAS_ID.callbackResults, resultsSubmission(deps));
}

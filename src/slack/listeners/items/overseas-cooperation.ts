// Art. 4(2)(iv) listeners: Request overseas cooperation (modal), Accept, Decline (modal with a
// reason) and Record results (modal). Thin: parse, call the use case, answer.
import type { App } from "@slack/bolt";
import { decideOverseasRequest, overseasPrecheck, recordOverseasResults, requestOverseasCooperation, type OverseasRefused } from "../../../app/items/overseas-cooperation";
import { overseasRequestsOf } from "../../../domain/items/overseas-cooperation";
import { OVERSEAS_ID, RELEASE_ID } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { ZTaskRef } from "../../metadata";
import { overseasDeclineModal, overseasFieldErrors, overseasRefusalMessage, overseasRequestModal, overseasResultsModal, ZOverseasRef } from "../../views/items/overseas-cooperation";
import { actionButton, field, modalButton, modalSubmission, type ListenerContext, type Values } from "../kit";

const text = (values: Values, block: string) => field(values, block)?.value ?? "";

/** Why the clicker may not: the refusal with the task (and the request, where there is one). */
const refusalOf = ({ rc, member }: ListenerContext, refused: OverseasRefused) =>
  overseasRefusalMessage(rc, refused.refusal, { member, task: refused.task, request: refused.request });

/** "Decline" and "Record results" open a modal on one request, after saying privately if the clicker may not. */
function openOnRequest(deps: SlackDeps, kind: "decline" | "results") {
  return modalButton(deps, {
    schema: ZOverseasRef,
    precheck: async (c, ref) => {
      const refused = await overseasPrecheck(deps, c.member, ref.t, kind === "decline" ? "decide" : "results", ref.r);
      return refused ? refusalOf(c, refused) : null;
    },
    view: async ({ rc }, ref) => {
      const task = (await deps.store.taskById(ref.t))!;
      const request = overseasRequestsOf(await deps.store.recordsOfTask(ref.t)).find((r) => r.id === ref.r)!;
      return kind === "decline" ? overseasDeclineModal(rc, task, request) : overseasResultsModal(rc, task, request);
    },
  });
}

export function registerOverseasCooperation(app: App, deps: SlackDeps): void {
  // "Request overseas cooperation": only the requester's members get the modal.
  app.action(OVERSEAS_ID.actionRequest, modalButton(deps, {
    schema: ZTaskRef,
    precheck: async (c, ref) => {
      const refused = await overseasPrecheck(deps, c.member, ref.taskId, "request");
      return refused ? refusalOf(c, refused) : null;
    },
    view: async ({ rc }, ref) => overseasRequestModal(rc, (await deps.store.taskById(ref.taskId))!),
  }));
  app.view(OVERSEAS_ID.callbackRequest, modalSubmission(deps, {
    schema: ZTaskRef,
    fallbackBlock: OVERSEAS_ID.blockAsk,
    read: (v) => ({ body: text(v, OVERSEAS_ID.blockBody), ask: text(v, OVERSEAS_ID.blockAsk) }),
    run: ({ member }, meta, input) => requestOverseasCooperation(deps, member, meta.taskId, input),
    errors: (c, result) => (result.outcome === "invalid" ? overseasFieldErrors(c.rc, result.errors) : refusalOf(c, result).text),
  }));
  // "Accept": recorded at once, for the asked party's members; a second click is told who was first.
  app.action(OVERSEAS_ID.actionAccept, actionButton(deps, {
    schema: ZOverseasRef,
    run: ({ member }, ref) => decideOverseasRequest(deps, member, ref.t, ref.r, "accept"),
    refusal: refusalOf,
  }));
  app.action(OVERSEAS_ID.actionDecline, openOnRequest(deps, "decline"));
  app.view(OVERSEAS_ID.callbackDecline, modalSubmission(deps, {
    schema: ZOverseasRef,
    fallbackBlock: OVERSEAS_ID.blockReason,
    read: (v) => text(v, OVERSEAS_ID.blockReason),
    run: ({ member }, ref, reason) => decideOverseasRequest(deps, member, ref.t, ref.r, "decline", reason),
    errors: (c, result) => (result.outcome === "invalid" ? overseasFieldErrors(c.rc, result.errors) : refusalOf(c, result).text),
  }));
  app.action(OVERSEAS_ID.actionResults, openOnRequest(deps, "results"));
  app.view(OVERSEAS_ID.callbackResults, modalSubmission(deps, {
    schema: ZOverseasRef,
    fallbackBlock: OVERSEAS_ID.blockResults,
    read: (v) => ({ limits: text(v, OVERSEAS_ID.blockLimits), results: text(v, OVERSEAS_ID.blockResults), level: field(v, RELEASE_ID.blockResultLevel)?.selected_option?.value ?? null }),
    run: ({ member }, ref, { level, ...input }) => recordOverseasResults(deps, member, ref.t, ref.r, input, level),
    errors: (c, result) => (result.outcome === "invalid" ? overseasFieldErrors(c.rc, result.errors) : refusalOf(c, result).text),
  }));
}

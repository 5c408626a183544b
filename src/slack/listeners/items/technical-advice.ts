// Art. 4(2)(v) listeners: Request advice (modal; only the requesting party's members get it) and
// Record advice on an open request (modal; only the providing party's members). Thin.
import type { App } from "@slack/bolt";
import { advicePrecheck, recordAdvice, requestAdvice, type AdviceRefused } from "../../../app/items/technical-advice";
import { adviceRequestsOf } from "../../../domain/items/technical-advice";
import { ADVICE_ID, RELEASE_ID } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { ZTaskRef } from "../../metadata";
import { adviceFieldErrors, adviceRecordModal, adviceRefusalMessage, adviceRequestModal, ZAdviceRef } from "../../views/items/technical-advice";
import { field, modalButton, modalSubmission, type ListenerContext } from "../kit";

/** Why the clicker may not: the refusal with the task (and the request, where there is one). */
const refusalOf = ({ rc, member }: ListenerContext, refused: AdviceRefused) => adviceRefusalMessage(rc, refused.refusal, { member, task: refused.task, request: refused.request });

export function registerTechnicalAdvice(app: App, deps: SlackDeps): void {
  app.action(ADVICE_ID.actionRequest, modalButton(deps, {
    schema: ZTaskRef,
    precheck: async (c, ref) => {
      const refused = await advicePrecheck(deps, c.member, ref.taskId, "request");
      return refused ? refusalOf(c, refused) : null;
    },
    view: async ({ rc }, ref) => adviceRequestModal(rc, (await deps.store.taskById(ref.taskId))!),
  }));
  app.view(ADVICE_ID.callbackRequest, modalSubmission(deps, {
    schema: ZTaskRef,
    fallbackBlock: ADVICE_ID.blockQuestion,
    read: (v) => ({ topic: field(v, ADVICE_ID.blockTopic)?.selected_option?.value ?? "", question: field(v, ADVICE_ID.blockQuestion)?.value ?? "" }),
    run: ({ member }, meta, input) => requestAdvice(deps, member, meta.taskId, input),
    errors: (c, result) => (result.outcome === "invalid" ? adviceFieldErrors(c.rc, result.errors) : refusalOf(c, result).text),
  }));
  app.action(ADVICE_ID.actionRecord, modalButton(deps, {
    schema: ZAdviceRef,
    precheck: async (c, ref) => {
      const refused = await advicePrecheck(deps, c.member, ref.t, "advise", ref.r);
      return refused ? refusalOf(c, refused) : null;
    },
    view: async ({ rc }, ref) => {
      const task = (await deps.store.taskById(ref.t))!;
      const request = adviceRequestsOf(await deps.store.recordsOfTask(ref.t)).find((r) => r.id === ref.r)!;
      return adviceRecordModal(rc, task, request);
    },
  }));
  app.view(ADVICE_ID.callbackRecord, modalSubmission(deps, {
    schema: ZAdviceRef,
    fallbackBlock: ADVICE_ID.blockAdvice,
    read: (v) => ({ advice: field(v, ADVICE_ID.blockAdvice)?.value ?? "", level: field(v, RELEASE_ID.blockResultLevel)?.selected_option?.value ?? null }),
    run: ({ member }, ref, { advice, level }) => recordAdvice(deps, member, ref.t, ref.r, advice, level),
    errors: (c, result) => (result.outcome === "invalid" ? adviceFieldErrors(c.rc, result.errors) : refusalOf(c, result).text),
  }));
}

// Art. 4(2)(v) use cases: the requesting party (PPC in the 2023 memorandum) asks for technical
// advice on one topic; the providing party (NISC) records its advice on the request, which is
// registered as information shared under the item's article. Who asks and who advises comes from
// the profile. One transaction and one audit entry each; each first locks the task row (by
// bumping its card version) and re-reads the records, so a double click records once.
import type { ItemRecord } from "../../domain/item-records";
import {
  ADVICE_KIND,
  ADVICE_REQUEST_KIND,
  adviceParties,
  adviceRefusal,
  adviceRequestsOf,
  validateAdvice,
  validateAdviceRequest,
  type AdviceAction,
  type AdviceFieldError,
  type AdviceRefusal,
  type AdviceRequest,
} from "../../domain/items/technical-advice";
import type { Member } from "../../domain/parties";
import type { Task } from "../../domain/tasks";
import type { AppContext } from "../context";
import { articleOfTask } from "../task-changes";
import { shareResultInTx } from "../sharing-scope";
import type { Tx } from "../../store/store";
import { changeItem, RefusedInChange } from "./item-change";

export type AdviceRefused = { outcome: "refused"; refusal: AdviceRefusal; task: Task | null; request?: AdviceRequest };
export type AdviceResult = { outcome: "recorded"; task: Task; record: ItemRecord } | AdviceRefused | { outcome: "invalid"; errors: AdviceFieldError[] };

const Refused = RefusedInChange<AdviceRefusal, AdviceRequest>;

/** One change of the item (see item-change.ts); a refusal reports the request as it stands now. */
async function change(ctx: AppContext, taskId: string, fn: (tx: Tx, task: Task, requests: AdviceRequest[]) => Promise<AdviceResult>): Promise<AdviceResult> {
  const result = await changeItem<AdviceResult, AdviceRefusal, AdviceRequest>(ctx, taskId, (tx, task, records) => fn(tx, task, adviceRequestsOf(records)));
  if (result.outcome === "done") return result.value;
  const current = result.detail ? adviceRequestsOf(await ctx.store.recordsOfTask(taskId)).find((r) => r.id === result.detail!.id) : undefined;
  return { outcome: "refused", refusal: result.refusal, task: await ctx.store.taskById(taskId), ...(current ? { request: current } : {}) };
}

/** The requesting and providing parties of this item, from the profile. */
export function advicePartiesOf(ctx: AppContext, task: Task): { requesters: string[]; providers: string[] } {
  return adviceParties(ctx.config.profile.cooperationItems.find((c) => c.id === task.itemType), task);
}

export async function advicePrecheck(ctx: AppContext, actor: Member | undefined, taskId: string, action: AdviceAction, requestId?: string): Promise<AdviceRefused | null> {
  const task = await ctx.store.taskById(taskId);
  if (!task || task.itemType !== "technical_advice") return { outcome: "refused", refusal: "unknown_request", task: null };
  const request = requestId ? adviceRequestsOf(await ctx.store.recordsOfTask(taskId)).find((r) => r.id === requestId) : undefined;
  const refusal = adviceRefusal(actor, task, advicePartiesOf(ctx, task), action, request ?? null);
  return refusal ? { outcome: "refused", refusal, task, ...(request ? { request } : {}) } : null;
}

export async function requestAdvice(ctx: AppContext, actor: Member | undefined, taskId: string, input: { topic: string; question: string }): Promise<AdviceResult> {
  const refused = await advicePrecheck(ctx, actor, taskId, "request");
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", task: null };
  const errors = validateAdviceRequest(input);
  if (errors.length > 0) return { outcome: "invalid", errors };
  const data = { topic: input.topic, question: input.question.trim() };
  return change(ctx, taskId, async (tx, task) => {
    const refusal = adviceRefusal(actor, task, advicePartiesOf(ctx, task), "request");
    if (refusal) throw new Refused(refusal);
    const record = await tx.insertItemRecord({ taskId, kind: ADVICE_REQUEST_KIND, party: actor.party, byUserId: actor.userId, data, status: "requested" });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: articleOfTask(ctx, task),
      action: "item.advice_requested",
      entityType: "task",
      entityId: taskId,
      before: null,
      after: { ref: task.params.ref ?? null, recordId: record.id, ...data, status: "requested" },
    });
    return { outcome: "recorded" as const, task, record };
  });
}

export async function recordAdvice(ctx: AppContext, actor: Member | undefined, taskId: string, requestId: string, advice: string, scopeLevel?: string | null): Promise<AdviceResult> {
  const refused = await advicePrecheck(ctx, actor, taskId, "advise", requestId);
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", task: null };
  const errors = validateAdvice(advice);
  if (errors.length > 0) return { outcome: "invalid", errors };
  const text = advice.trim();
  return change(ctx, taskId, async (tx, task, requests) => {
    const request = requests.find((r) => r.id === requestId);
    const refusal = adviceRefusal(actor, task, advicePartiesOf(ctx, task), "advise", request);
    if (refusal || !request) throw new Refused(refusal ?? "unknown_request", request);
    if (!(await tx.updateItemRecordIf(requestId, "requested", { status: "answered" }))) throw new Refused("already_answered", request);
    const record = await tx.insertItemRecord({ taskId, kind: ADVICE_KIND, party: actor.party, byUserId: actor.userId, data: { requestId, advice: text } });
    const article = articleOfTask(ctx, task) ?? "4(2)";
    const { sharedInformationId: sharedId, scope } = await shareResultInTx(tx, { task, basis: article, summary: text, level: scopeLevel, actor });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article,
      action: "item.advice_recorded",
      entityType: "task",
      entityId: taskId,
      before: { recordId: requestId, status: "requested" },
      after: { ref: task.params.ref ?? null, recordId: requestId, status: "answered", adviceRecordId: record.id, topic: request.topic, advice: text, sharedInformationId: sharedId, scope },
    });
    return { outcome: "recorded" as const, task, record };
  });
}

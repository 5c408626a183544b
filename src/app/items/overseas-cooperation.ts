// Art. 4(2)(iv) use cases: the requester sends a request to ask overseas bodies for cooperation;
// the party asked accepts or declines it, then records the results (with the limits the
// agreement with the overseas body sets) and shares them. One transaction and one audit entry
// each. Every transaction first bumps the task's card version, which locks the task row, then
// re-reads the records: two clicks at the same moment are decided one after the other.
import type { ItemRecord } from "../../domain/item-records";
import {
  OVERSEAS_REQUEST_KIND,
  overseasRefusal,
  overseasRequestsOf,
  validateDecline,
  validateOverseasRequest,
  validateResults,
  type FieldError,
  type OverseasAction,
  type OverseasRefusal,
  type OverseasRequest,
} from "../../domain/items/overseas-cooperation";
import type { Member } from "../../domain/parties";
import type { Task } from "../../domain/tasks";
import type { Tx } from "../../store/store";
import type { AppContext } from "../context";
import { articleOfTask } from "../task-changes";
import { shareResultInTx } from "../sharing-scope";
import { changeItem, RefusedInChange } from "./item-change";

export type OverseasRefused = { outcome: "refused"; refusal: OverseasRefusal; task: Task | null; request?: OverseasRequest };
export type OverseasResult<E extends string> = { outcome: "recorded"; task: Task; record: ItemRecord } | OverseasRefused | { outcome: "invalid"; errors: FieldError<E>[] };

const Refused = RefusedInChange<OverseasRefusal, OverseasRequest>;

/** Whether `actor` could take `action` now (the form's content aside); the refusal if not. */
export async function overseasPrecheck(ctx: AppContext, actor: Member | undefined, taskId: string, action: OverseasAction, requestId?: string): Promise<OverseasRefused | null> {
  const task = await ctx.store.taskById(taskId);
  if (!task || task.itemType !== "overseas_cooperation") return { outcome: "refused", refusal: "unknown_request", task: null };
  const request = requestId ? overseasRequestsOf(await ctx.store.recordsOfTask(taskId)).find((r) => r.id === requestId) : undefined;
  const refusal = overseasRefusal(actor, task, action, request ?? null);
  return refusal ? { outcome: "refused", refusal, task, ...(request ? { request } : {}) } : null;
}

/** Runs `fn` on the locked task and its current requests; a refusal found there rolls back. */
async function change<T>(ctx: AppContext, taskId: string, fn: (tx: Tx, task: Task, requests: OverseasRequest[]) => Promise<T>): Promise<T | OverseasRefused> {
  const result = await changeItem<T, OverseasRefusal, OverseasRequest>(ctx, taskId, (tx, task, records) => fn(tx, task, overseasRequestsOf(records)));
  if (result.outcome === "done") return result.value;
  // Report the request as it stands now (e.g. who decided it first).
  const current = result.detail ? overseasRequestsOf(await ctx.store.recordsOfTask(taskId)).find((r) => r.id === result.detail!.id) : undefined;
  return { outcome: "refused", refusal: result.refusal, task: await ctx.store.taskById(taskId), ...(current ? { request: current } : {}) };
}

export async function requestOverseasCooperation(ctx: AppContext, actor: Member | undefined, taskId: string, input: { body: string; ask: string }): Promise<OverseasResult<"body" | "ask">> {
  const refused = await overseasPrecheck(ctx, actor, taskId, "request");
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", task: null };
  const errors = validateOverseasRequest(input);
  if (errors.length > 0) return { outcome: "invalid", errors };
  const data = { body: input.body.trim(), ask: input.ask.trim() };
  return change(ctx, taskId, async (tx, task) => {
    const refusal = overseasRefusal(actor, task, "request");
    if (refusal) throw new Refused(refusal);
    const record = await tx.insertItemRecord({ taskId, kind: OVERSEAS_REQUEST_KIND, party: actor.party, byUserId: actor.userId, data, status: "requested" });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: articleOfTask(ctx, task),
      action: "item.overseas_requested",
      entityType: "task",
      entityId: taskId,
      before: null,
      after: { ref: task.params.ref ?? null, recordId: record.id, askedParty: task.ownerParty, ...data, status: "requested" },
    });
    return { outcome: "recorded" as const, task, record };
  });
}

export async function decideOverseasRequest(
  ctx: AppContext,
  actor: Member | undefined,
  taskId: string,
  requestId: string,
  decision: "accept" | "decline",
  reason = "",
): Promise<OverseasResult<"reason">> {
  const refused = await overseasPrecheck(ctx, actor, taskId, "decide", requestId);
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", task: null };
  if (decision === "decline") {
    const errors = validateDecline(reason);
    if (errors.length > 0) return { outcome: "invalid", errors };
  }
  const now = ctx.clock.now();
  return change(ctx, taskId, async (tx, task, requests) => {
    const request = requests.find((r) => r.id === requestId);
    const refusal = overseasRefusal(actor, task, "decide", request);
    if (refusal || !request) throw new Refused(refusal ?? "unknown_request", request);
    const status = decision === "accept" ? "accepted" : "declined";
    const data = { body: request.body, ask: request.ask, decidedByUserId: actor.userId, decidedAt: now.toISOString(), ...(decision === "decline" ? { declineReason: reason.trim() } : {}) };
    const record = await tx.updateItemRecordIf(requestId, "requested", { status, data });
    if (!record) throw new Refused("already_decided", request);
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: articleOfTask(ctx, task),
      action: decision === "accept" ? "item.overseas_accepted" : "item.overseas_declined",
      entityType: "task",
      entityId: taskId,
      before: { recordId: requestId, status: "requested" },
      after: { ref: task.params.ref ?? null, recordId: requestId, status, ...(decision === "decline" ? { reason: reason.trim() } : {}) },
    });
    return { outcome: "recorded" as const, task, record };
  });
}

/**
 * The asked party records what it learned and the limits the agreement with the overseas body
 * sets on providing it; the results are registered as information shared under the item's article.
 */
export async function recordOverseasResults(
  ctx: AppContext,
  actor: Member | undefined,
  taskId: string,
  requestId: string,
  input: { limits: string; results: string },
  scopeLevel?: string | null,
): Promise<OverseasResult<"limits" | "results">> {
  const refused = await overseasPrecheck(ctx, actor, taskId, "results", requestId);
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", task: null };
  const errors = validateResults(input);
  if (errors.length > 0) return { outcome: "invalid", errors };
  const now = ctx.clock.now();
  const limits = input.limits.trim();
  const results = input.results.trim();
  return change(ctx, taskId, async (tx, task, requests) => {
    const request = requests.find((r) => r.id === requestId);
    const refusal = overseasRefusal(actor, task, "results", request);
    if (refusal || !request) throw new Refused(refusal ?? "unknown_request", request);
    const data = {
      body: request.body,
      ask: request.ask,
      decidedByUserId: request.decision?.byUserId,
      decidedAt: request.decision?.at.toISOString(),
      limits,
      results,
      completedByUserId: actor.userId,
      completedAt: now.toISOString(),
    };
    const record = await tx.updateItemRecordIf(requestId, "accepted", { status: "completed", data });
    if (!record) throw new Refused("already_decided", request);
    const article = articleOfTask(ctx, task) ?? "4(2)";
    const { sharedInformationId: sharedId, scope } = await shareResultInTx(tx, { task, basis: article, summary: results, level: scopeLevel, actor });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article,
      action: "item.overseas_results_recorded",
      entityType: "task",
      entityId: taskId,
      before: { recordId: requestId, status: "accepted" },
      after: { ref: task.params.ref ?? null, recordId: requestId, status: "completed", overseasBody: request.body, limits, results, sharedInformationId: sharedId, scope },
    });
    return { outcome: "recorded" as const, task, record };
  });
}

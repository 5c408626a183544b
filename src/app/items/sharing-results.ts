// Art. 4(2)(ii) sharing investigation results: a party records a result it shares; the same
// transaction registers it as information shared under Art. 4(2), provided by the recorder's
// party (the Art. 7 sharing scope builds on that row).
import type { ItemRecord } from "../../domain/item-records";
import { ITEM_TYPE, RESULT_KIND, resultRefusal, validateResult, type ResultError, type ResultInput } from "../../domain/items/sharing-results";
import type { Member } from "../../domain/parties";
import type { Refusal } from "../../domain/permissions";
import type { Task } from "../../domain/tasks";
import type { AppContext } from "../context";
import { articleOfTask } from "../task-changes";
import { shareResultInTx } from "../sharing-scope";

export type ResultRecorded =
  | { outcome: "recorded"; record: ItemRecord; sharedInformationId: string }
  | { outcome: "refused"; refusal: Refusal | "task_done"; task: Task }
  | { outcome: "invalid"; errors: ResultError[] }
  | { outcome: "not_found" };

export async function resultsTask(ctx: AppContext, taskId: string): Promise<Task | null> {
  const task = await ctx.store.taskById(taskId);
  return task && task.kind === "cooperation_item" && task.itemType === ITEM_TYPE ? task : null;
}

export async function resultPrecheck(ctx: AppContext, actor: Member | undefined, taskId: string): Promise<{ refusal: Refusal | "task_done" | "not_found"; task: Task | null } | null> {
  const task = await resultsTask(ctx, taskId);
  if (!task) return { refusal: "not_found", task: null };
  const refusal = resultRefusal(actor, task);
  return refusal ? { refusal, task } : null;
}

export async function recordSharedResult(ctx: AppContext, actor: Member | undefined, taskId: string, input: ResultInput, scopeLevel?: string | null): Promise<ResultRecorded> {
  const task = await resultsTask(ctx, taskId);
  if (!task) return { outcome: "not_found" };
  const refusal = resultRefusal(actor, task);
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", task };
  const valid = validateResult(input);
  if (!valid.data) return { outcome: "invalid", errors: valid.errors };
  const data = valid.data;
  const article = articleOfTask(ctx, task) ?? "4(2)";
  const now = ctx.clock.now();
  return ctx.store.transact(now, async (tx) => {
    // Art. 7: the scope the provider chose; the result's own post becomes the registered message.
    const { sharedInformationId, scope } = await shareResultInTx(tx, { task, basis: article, summary: data.summary, level: scopeLevel, actor });
    const record = await tx.insertItemRecord({ taskId, kind: RESULT_KIND, party: actor.party, byUserId: actor.userId, data: { ...data, sharedInformationId } });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article,
      action: "item.result_shared",
      entityType: "item_record",
      entityId: record.id,
      before: null,
      after: { taskId, kind: RESULT_KIND, providerParty: actor.party, sharedInformationId, scope, ...data },
    });
    await tx.refreshTaskCard(taskId);
    return { outcome: "recorded" as const, record, sharedInformationId };
  });
}

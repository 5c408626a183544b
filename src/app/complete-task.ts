// Marks a task done. Conditional on the task still being open, so a double click or a retried
// request records one completion and tells the second clicker who was first.
import type { Member } from "../domain/parties";
import { refusalFor, type Refusal } from "../domain/permissions";
import type { Task } from "../domain/tasks";
import type { AppContext } from "./context";
import { articleOfTask } from "./task-changes";

export type CompleteTaskResult =
  | { outcome: "completed"; task: Task }
  | { outcome: "already_done"; task: Task }
  | { outcome: "refused"; refusal: Refusal; task: Task }
  | { outcome: "not_found" };

export async function completeTask(ctx: AppContext, actor: Member | undefined, taskId: string): Promise<CompleteTaskResult> {
  const task = await ctx.store.taskById(taskId);
  if (!task) return { outcome: "not_found" };
  const refusal = refusalFor(actor, "task.manage", { task });
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", task };
  if (task.status === "done") return { outcome: "already_done", task };
  const now = ctx.clock.now();
  return ctx.store.transact(now, async (tx) => {
    const updated = await tx.updateTaskIf(taskId, "open", { status: "done", doneByUserId: actor.userId, doneAt: now });
    if (!updated) {
      // Lost the race: someone completed it between our read and this write. Roll back (no
      // audit entry, nothing queued) and report who was first.
      throw new AlreadyDone();
    }
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: articleOfTask(ctx, updated),
      action: "task.completed",
      entityType: "task",
      entityId: updated.id,
      before: { status: "open" },
      after: { status: "done", doneByUserId: actor.userId, doneAt: now },
    });
    await tx.enqueue({ kind: "refresh_task_card", payload: { taskId }, dedupeKey: `task-card:${taskId}:done` });
    return { outcome: "completed" as const, task: updated };
  }).catch(async (e) => {
    if (e instanceof AlreadyDone) return { outcome: "already_done" as const, task: (await ctx.store.taskById(taskId))! };
    throw e;
  });
}

class AlreadyDone extends Error {}

// Marks a task done. Conditional on the task still being open, so a double click or a retried
// request records one completion and tells the second clicker who was first.
import type { Member } from "../domain/parties";
import { refusalFor, type Refusal } from "../domain/permissions";
import type { Task } from "../domain/tasks";
import type { AppContext } from "./context";
import { articleOfTask } from "./task-changes";
import { homeRefreshes } from "./home-refresh";

export type CompleteTaskResult =
  | { outcome: "completed"; task: Task }
  | { outcome: "already_done"; task: Task }
  | { outcome: "refused"; refusal: Refusal; task: Task }
  | { outcome: "not_found" };

export async function completeTask(ctx: AppContext, actor: Member | undefined, taskId: string): Promise<CompleteTaskResult> {
  const now = ctx.clock.now();
  // The conditional write comes first (one statement that returns the row), then the checks on
  // the task as it was: a refusal rolls the write back, so it changed nothing, and an allowed
  // click costs no read before its write. Its statements go to the driver without the Prisma
  // client (transactDirect): every Done click runs them. On PostgreSQL two round trips: BEGIN with
  // the update, then the audit entry and the effects with the COMMIT (the audit chain's lock is held
  // only while the server commits them).
  return ctx.store.transactDirect(now, async (tx) => {
    // SQLite: the same statement reads the audit chain's head for the entry below.
    const updated = await tx.updateTaskIf(taskId, "open", { status: "done", doneByUserId: actor?.userId ?? null, doneAt: now }, { readAuditHead: true });
    // Not open (done before, or by a concurrent click) or not there: decided after the rollback.
    if (!updated) throw new NotOpen();
    const before: Task = { ...updated, status: "open", doneByUserId: null, doneAt: null, version: updated.version - 1 };
    const refusal = refusalFor(actor, "task.manage", { task: before });
    if (refusal || !actor) throw new Refused(refusal ?? "not_a_member", before);
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
    // The card, and the Home of whoever sees the task there (queued here, so a burst of clicks
    // shares one Home rebuild per person). One statement for both. The card is queued claimed by
    // this process's effect runner, which updates it right after the commit (no claim statement
    // before what the clicker waits to see); the Home rebuild is queued pending (one covers a burst).
    await tx.enqueueAll([{ kind: "refresh_task_card", payload: { taskId, homesQueued: true }, dedupeKey: `task-card:${taskId}:done` }], homeRefreshes(now, [updated.assigneeUserId, actor.userId]), { runHere: true });
    return { outcome: "completed" as const, task: updated };
  }).catch(async (e): Promise<CompleteTaskResult> => {
    if (e instanceof Refused) return { outcome: "refused", refusal: e.refusal, task: e.task };
    if (!(e instanceof NotOpen)) throw e;
    const task = await ctx.store.taskById(taskId);
    if (!task) return { outcome: "not_found" };
    const refusal = refusalFor(actor, "task.manage", { task });
    if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", task };
    // Someone completed it first (before this click, or between a double click's two requests).
    return { outcome: "already_done", task };
  });
}

class NotOpen extends Error {}
class Refused extends Error {
  constructor(
    readonly refusal: Refusal,
    readonly task: Task,
  ) {
    super(refusal);
  }
}

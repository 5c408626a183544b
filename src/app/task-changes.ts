// Reassigning a task or changing its due date: by the assignee or a liaison, manager or admin of
// the owning party; a new assignee must belong to that party. Audited; the card updates in place
// and a new assignee is told by DM.
import type { Member } from "../domain/parties";
import { refusalFor, type Refusal } from "../domain/permissions";
import type { Task } from "../domain/tasks";
import type { AppContext } from "./context";

export type TaskChangeResult =
  | { outcome: "changed"; task: Task }
  | { outcome: "unchanged"; task: Task }
  | { outcome: "refused"; refusal: Refusal; task: Task }
  | { outcome: "invalid"; error: "assignee_not_in_party" | "task_done" }
  | { outcome: "not_found" };

export function articleOfTask(ctx: AppContext, task: Task): string | null {
  if (task.kind === "introduce_leak_report_system") return ctx.config.profile.leakReportIntroduction?.article ?? null;
  if (task.kind === "activity_preparation") return "5(1)";
  return ctx.config.profile.cooperationItems.find((c) => c.id === task.itemType)?.article ?? "4(2)";
}

async function changeTask(
  ctx: AppContext,
  actor: Member | undefined,
  taskId: string,
  patch: { assigneeUserId?: string; dueAt?: Date },
): Promise<TaskChangeResult> {
  const task = await ctx.store.taskById(taskId);
  if (!task) return { outcome: "not_found" };
  const refusal = refusalFor(actor, "task.manage", { task });
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", task };
  if (task.status === "done") return { outcome: "invalid", error: "task_done" };
  if (patch.assigneeUserId !== undefined && ctx.config.directory.member(patch.assigneeUserId)?.party !== task.ownerParty) {
    return { outcome: "invalid", error: "assignee_not_in_party" };
  }
  const sameAssignee = patch.assigneeUserId === undefined || patch.assigneeUserId === task.assigneeUserId;
  const sameDue = patch.dueAt === undefined || patch.dueAt.getTime() === task.dueAt?.getTime();
  if (sameAssignee && sameDue) return { outcome: "unchanged", task };
  return {
    outcome: "changed",
    task: await ctx.store.transact(ctx.clock.now(), async (tx) => {
      const updated = await tx.updateTask(taskId, patch);
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: articleOfTask(ctx, task),
        action: patch.assigneeUserId !== undefined ? "task.reassigned" : "task.due_changed",
        entityType: "task",
        entityId: taskId,
        before: patch.assigneeUserId !== undefined ? { assigneeUserId: task.assigneeUserId } : { dueAt: task.dueAt },
        after: patch.assigneeUserId !== undefined ? { assigneeUserId: patch.assigneeUserId } : { dueAt: patch.dueAt },
      });
      await tx.enqueue({ kind: "refresh_task_card", payload: { taskId }, dedupeKey: `task-card:${taskId}:v${updated.version}` });
      if (patch.assigneeUserId !== undefined) {
        await tx.enqueue({ kind: "notify_assignee", payload: { taskId, userId: patch.assigneeUserId }, dedupeKey: `assignee:${taskId}:v${updated.version}` });
      }
      return updated;
    }),
  };
}

export const reassignTask = (ctx: AppContext, actor: Member | undefined, taskId: string, assigneeUserId: string) => changeTask(ctx, actor, taskId, { assigneeUserId });
export const changeTaskDue = (ctx: AppContext, actor: Member | undefined, taskId: string, dueAt: Date) => changeTask(ctx, actor, taskId, { dueAt });

// Art. 5(1) use cases: open a joint or co-hosted education, training or awareness event with its
// preparation tasks; mark it done (held) or cancel it. One transaction and one audit entry each.
import type { Activity } from "../../domain/activity";
import { eventRefusal, type EventAction, type EventRefusal, type ValidEvent } from "../../domain/activities/event";
import type { Member } from "../../domain/parties";
import type { AppContext } from "../context";
import { changeActivity, openActivity, RefusedInActivityChange } from "./activity-change";
import { queueActivityCardRefresh } from "./normal-times-channel";

export const PREPARATION_TASK_KIND = "activity_preparation";

/**
 * Opens the event. Its preparation tasks belong to the organising party; they are assigned to the
 * person who registered the event when that person belongs to it (else the party's liaison officers
 * are reminded until someone is assigned with Reassign).
 */
export async function openEvent(ctx: AppContext, actor: Member, event: ValidEvent, sourceViewId?: string): Promise<Activity> {
  return openActivity(
    ctx,
    actor,
    event.activity,
    {
      action: "activity.event_opened",
      after: (a, extra) => ({ ref: a.ref, title: a.title, ownerParty: a.ownerParty, scheduledAt: a.scheduledAt, data: a.data, ...extra }),
    },
    sourceViewId,
    async (tx, activity) => {
      const tasks = [];
      for (const [i, prep] of event.tasks.entries()) {
        const task = await tx.insertTask(null, {
          dedupeKey: `prep:${activity.id}:${i + 1}`,
          kind: PREPARATION_TASK_KIND,
          ownerParty: activity.ownerParty,
          assigneeUserId: actor.party === activity.ownerParty ? actor.userId : null,
          params: { ref: activity.ref, title: prep.text, activity: activity.title },
          dueAt: prep.dueAt,
          activityId: activity.id,
        });
        tasks.push({ id: task.id, title: prep.text, dueAt: prep.dueAt });
      }
      // The task cards follow the event's card into its thread once it is posted (see post_activity_card).
      return { preparationTasks: tasks };
    },
  );
}

export type EventChangeResult = { outcome: "changed"; activity: Activity } | { outcome: "refused"; refusal: EventRefusal; activity: Activity | null };

/**
 * Marks the event done (held) or cancelled. Preparation tasks still open are closed with it, so
 * nobody is reminded of work for an event that is over.
 */
export async function closeEvent(ctx: AppContext, actor: Member | undefined, activityId: string, action: EventAction): Promise<EventChangeResult> {
  const before = await ctx.store.activities.byId(activityId);
  if (!before || before.kind !== "event") return { outcome: "refused", refusal: "not_open", activity: before };
  const pre = eventRefusal(actor, before, action);
  if (pre || !actor) return { outcome: "refused", refusal: pre ?? "not_a_member", activity: before };
  const status = action === "complete" ? "done" : "cancelled";
  const result = await changeActivity<Activity, EventRefusal>(ctx, activityId, async (tx, activity) => {
    const refusal = eventRefusal(actor, activity, action);
    if (refusal) throw new RefusedInActivityChange(refusal);
    const closedAt = tx.now;
    const updated = (await tx.activities.updateIf(activityId, activity.version, { status, data: { ...activity.data, closedByUserId: actor.userId, closedAt: closedAt.toISOString() } }, tx.now))!;
    const open = await tx.openTaskIdsOfActivity(activityId);
    for (const id of open) {
      const task = await tx.updateTaskIf(id, "open", { status: "done", doneByUserId: actor.userId, doneAt: closedAt });
      if (task) await tx.enqueue({ kind: "refresh_task_card", payload: { taskId: id }, dedupeKey: `task-card:${id}:v${task.version}` });
    }
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: activity.article,
      action: action === "complete" ? "activity.event_done" : "activity.event_cancelled",
      entityType: "activity",
      entityId: activityId,
      before: { status: activity.status },
      after: { ref: activity.ref, status, preparationTasksClosed: open },
    });
    await queueActivityCardRefresh(tx, updated);
    return updated;
  });
  if (result.outcome === "done") return { outcome: "changed", activity: result.value };
  return { outcome: "refused", refusal: result.refusal, activity: await ctx.store.activities.byId(activityId) };
}

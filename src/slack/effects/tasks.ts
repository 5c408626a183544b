// Task cards (agreed items, preparation tasks of an activity) and the note to a new assignee.
import type { StoredEffect } from "../../domain/effects";
import type { Task } from "../../domain/tasks";
import { PermanentEffectError, type HandlersFor } from "../../effects/runner";
import { taskCard, taskTitle } from "../views/task-card";
import { postOnce } from "./post-once";
import { channelRc, dm, refreshHomes, userRc, type SlackEffectDeps } from "./support";
import { plainNotice } from "../views/notices";

type Kinds = "post_task" | "refresh_task_card" | "notify_assignee";

export function taskEffects(deps: SlackEffectDeps): { handlers: HandlersFor<Kinds> } {
  return {
    handlers: {
      post_task: async ({ taskId }, effect) => postTask(deps, await mustTask(deps, taskId), effect),
      refresh_task_card: async ({ taskId, homesQueued }) => {
        // The task and its records in one statement (every Done click's card passes here).
        const found = await deps.store.taskWithRecords(taskId);
        if (!found) return;
        const { task, records } = found;
        if (!task.channelId || !task.messageTs) throw new Error("the task card is not posted yet");
        const card = taskCard(channelRc(deps), task, records);
        await deps.client.chat.update({ channel: task.channelId, ts: task.messageTs, text: card.text, blocks: card.blocks });
        if (!homesQueued) await refreshHomes(deps, [task.assigneeUserId, task.doneByUserId]);
      },
      notify_assignee: async ({ taskId, userId }, effect) => {
        const task = await mustTask(deps, taskId);
        const rc = userRc(deps, userId);
        const incident = task.incidentId ? await deps.store.incidentById(task.incidentId) : null;
        const link = task.channelId && task.messageTs ? ((await deps.client.chat.getPermalink({ channel: task.channelId, message_ts: task.messageTs })).permalink ?? "") : "";
        await dm(deps, effect, userId, plainNotice(rc.t("task.assigned_dm", { ref: incident?.ref ?? task.params.ref ?? "", title: taskTitle(rc, task), link })));
      },
    },
  };
}

async function mustTask(deps: SlackEffectDeps, taskId: string): Promise<Task> {
  const task = await deps.store.taskById(taskId);
  if (!task) throw new PermanentEffectError(`task ${taskId} not found`);
  return task;
}

async function postTask(deps: SlackEffectDeps, task: Task, effect: StoredEffect): Promise<void> {
  if (task.messageTs) return;
  if (task.activityId) {
    // Normal-times (Art. 5(1)): in the thread of the activity's card, once that is posted.
    const activity = await deps.store.activities.byId(task.activityId);
    if (!activity) throw new PermanentEffectError(`activity ${task.activityId} not found`);
    if (!activity.channelId || !activity.messageTs) throw new Error("the activity card is not posted yet");
    const res = await postOnce(deps.client, effect, activity.channelId, taskCard(channelRc(deps), task, []), "", { threadTs: activity.messageTs });
    await deps.store.setTaskDelivery(task.id, activity.channelId, res.ts);
    await refreshHomes(deps, [task.assigneeUserId]);
    return;
  }
  const incident = task.incidentId ? await deps.store.incidentById(task.incidentId) : null;
  if (!incident?.channelId) throw new PermanentEffectError("the task's incident has no channel");
  const card = taskCard(channelRc(deps), task, await deps.store.recordsOfTask(task.id));
  const res = await postOnce(deps.client, effect, incident.channelId, card);
  await deps.store.setTaskDelivery(task.id, incident.channelId, res.ts);
  await refreshHomes(deps, [task.assigneeUserId]);
}

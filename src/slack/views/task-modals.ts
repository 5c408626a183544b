// Modals behind a task card's Reassign and Change due date buttons, and the `/renkei tasks` list.
import type { KnownBlock, ModalView } from "@slack/types";
import type { Task } from "../../domain/tasks";
import type { Incident } from "../../domain/incident";
import { escapeMrkdwn } from "../mrkdwn";
import { localDateOf } from "../../domain/time";
import { CALLBACK, TASK_BLOCK, VALUE_ACTION } from "../ids";
import { encode } from "../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../render-context";
import { taskTitle } from "./task-card";
import { modal, plain, type SlackMessage } from "./kit";

export function reassignModal(rc: RenderContext, task: Task): ModalView {
  return modal(rc, {
    callbackId: CALLBACK.taskReassign,
    metadata: encode({ taskId: task.id }),
    title: rc.t("task.reassign.title"),
    submit: rc.t("task.save"),
    blocks: [
      { type: "section", block_id: "task_summary", text: { type: "mrkdwn", text: taskTitle(rc, task) } },
      {
        type: "input",
        block_id: TASK_BLOCK.assignee,
        label: plain(rc.t("task.reassign.field", { party: partyShort(rc, task.ownerParty) })),
        element: { type: "users_select", action_id: VALUE_ACTION, ...(task.assigneeUserId ? { initial_user: task.assigneeUserId } : {}) },
      },
    ],
  });
}

export function dueModal(rc: RenderContext, task: Task): ModalView {
  const d = task.dueAt ? localDateOf(task.dueAt, rc.timezone) : null;
  const initial = d ? `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}` : undefined;
  return modal(rc, {
    callbackId: CALLBACK.taskDue,
    metadata: encode({ taskId: task.id }),
    title: rc.t("task.due.title"),
    submit: rc.t("task.save"),
    blocks: [
      { type: "section", block_id: "task_summary", text: { type: "mrkdwn", text: taskTitle(rc, task) } },
      { type: "input", block_id: TASK_BLOCK.due, label: plain(rc.t("task.due.field")), element: { type: "datepicker", action_id: VALUE_ACTION, ...(initial ? { initial_date: initial } : {}) } },
    ],
  });
}

export function taskListMessage(rc: RenderContext, heading: string, tasks: Task[], incidents: Map<string, Incident>): SlackMessage {
  if (tasks.length === 0) return { text: rc.t("tasks.empty"), blocks: [{ type: "section", text: { type: "mrkdwn", text: `*${escapeMrkdwn(heading)}*\n${rc.t("tasks.empty")}` } }] };
  const lines = tasks.map((task) => {
    const incident = task.incidentId ? incidents.get(task.incidentId) : undefined;
    return rc.t("tasks.line", {
      ref: incident?.ref ?? task.params.ref ?? "",
      title: taskTitle(rc, task),
      status: task.status === "done" ? rc.t("common.done") : rc.t("common.open"),
      due: task.dueAt ? ` | ${rc.t("task.due", { date: formatDateTime(rc, task.dueAt) })}` : "",
      assignee: task.assigneeUserId ? ` | ${mentionUser(task.assigneeUserId)}` : "",
    });
  });
  const blocks: KnownBlock[] = [{ type: "section", block_id: "tasks_heading", text: { type: "mrkdwn", text: `*${escapeMrkdwn(heading)}*` } }];
  let chunk = "";
  for (const line of lines) {
    if (chunk && chunk.length + line.length > 2900) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk } });
  return { text: heading, blocks: blocks.slice(0, 50) };
}

// A task card's Reassign and Change due date buttons and their modals.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { changeTaskDue, reassignTask, type TaskChangeResult } from "../../../app/task-changes";
import { refusalFor } from "../../../domain/permissions";
import { endOfLocalDay } from "../../../domain/time";
import { TASK_BLOCK, VALUE_ACTION } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { decode, ZTaskRef } from "../../metadata";
import { partyShort, type RenderContext } from "../../render-context";
import { plainNotice, refusalMessage } from "../../views/notices";
import { dueModal, reassignModal } from "../../views/task-modals";
import { privately, openModalOrTell, listenerContext } from "../kit";
import { formErrors } from "../../views/kit";

export function openTaskModal(deps: SlackDeps, kind: "reassign" | "due") {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const task = await deps.store.taskById(action.value ?? "");
    if (!task) return;
    const refusal = refusalFor(member, "task.manage", { task });
    if (refusal) return privately({ respond, client, body }, refusalMessage(rc, refusal, { member, roles: ["liaison", "manager", "admin"], party: task.ownerParty, action: kind }));
    if (task.status === "done") return privately({ respond, client, body }, plainNotice(rc.t("task.error.task_done")));
    await openModalOrTell(client, body.trigger_id, kind === "reassign" ? reassignModal(rc, task) : dueModal(rc, task), { respond, client, body }, rc);
  };
}

function changeErrors(rc: RenderContext, kind: "reassign" | "due", block: string, result: TaskChangeResult, ownerParty: string): Record<string, string> | null {
  if (result.outcome === "invalid") return { [block]: rc.t(`task.error.${result.error}`, { party: partyShort(rc, ownerParty) }) };
  if (result.outcome === "refused") return { [block]: refusalMessage(rc, result.refusal, { roles: ["liaison", "manager", "admin"], party: ownerParty, action: kind }).text };
  return null;
}

export function taskModalSubmission(deps: SlackDeps, kind: "reassign" | "due") {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const block = kind === "reassign" ? TASK_BLOCK.assignee : TASK_BLOCK.due;
    const meta = decode(ZTaskRef, view.private_metadata);
    const task = meta ? await deps.store.taskById(meta.taskId) : null;
    if (!task) return ack(formErrors({ [block]: rc.t("error.generic", { error: "task not found" }) }));
    const el = view.state.values[block]?.[VALUE_ACTION];
    let result: TaskChangeResult;
    if (kind === "reassign") {
      if (!el?.selected_user) return ack(formErrors({ [block]: rc.t("intake.error.required") }));
      result = await reassignTask(deps, member, task.id, el.selected_user);
    } else {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(el?.selected_date ?? "");
      if (!m) return ack(formErrors({ [block]: rc.t("intake.error.required") }));
      result = await changeTaskDue(deps, member, task.id, endOfLocalDay({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, deps.config.timezone));
    }
    const errors = changeErrors(rc, kind, block, result, task.ownerParty);
    if (errors) return ack(formErrors(errors));
    await ack();
  };
}

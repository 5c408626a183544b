// The Done button on a task card.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { completeTask } from "../../../app/complete-task";
import { type SlackDeps } from "../../listener-context";
import { alreadyDoneMessage, refusalMessage } from "../../views/notices";
import { templateMessage } from "../../views/task-card";
import { renderContext } from "../../render-context";
import { privately, listenerContext } from "../kit";

export function taskDone(deps: SlackDeps) {
  return async ({ ack, action, respond, context, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const result = await completeTask(deps, member, action.value ?? "");
    switch (result.outcome) {
      case "refused":
        return privately({ respond, client, body }, refusalMessage(rc, result.refusal, { member, roles: ["liaison", "manager", "admin"], party: result.task.ownerParty }));
      case "already_done":
        return privately({ respond, client, body }, alreadyDoneMessage(rc, result.task));
      case "not_found":
        return;
      case "completed":
    }
  };
}

/** Shows the task's ready-to-send text in the other language, privately. */
export function taskTemplateOtherLanguage(deps: SlackDeps) {
  return async ({ ack, action, respond, context, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    if (!member) return privately({ respond, client, body }, refusalMessage(rc, "not_a_member"));
    const task = await deps.store.taskById(action.value ?? "");
    if (!task) return;
    const other = renderContext(deps.config, deps.config.locale === "ja" ? "en" : "ja");
    await privately({ respond, client, body }, templateMessage(other, task));
  };
}

// The Done button on a task card.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { completeTask } from "../../../app/complete-task";
import { memberOf, type SlackDeps } from "../../listener-context";
import { personalContext } from "../../render-context";
import { alreadyDoneMessage, refusalMessage } from "../../views/notices";
import { privately } from "../respond";

export function taskDone(deps: SlackDeps) {
  return async ({ ack, action, respond, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const result = await completeTask(deps, member, action.value ?? "");
    switch (result.outcome) {
      case "refused":
        return privately(respond, refusalMessage(rc, result.refusal, { member, roles: ["liaison", "manager", "admin"], party: result.task.ownerParty }));
      case "already_done":
        return privately(respond, alreadyDoneMessage(rc, result.task));
      case "not_found":
        return;
      case "completed":
        deps.effects.kick();
    }
  };
}

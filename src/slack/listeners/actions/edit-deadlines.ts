// The card's "Edit deadlines" button: opens the editor for members allowed to edit.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { refusalFor } from "../../../domain/permissions";
import { memberOf, type SlackDeps } from "../../listener-context";
import { personalContext } from "../../render-context";
import { deadlinesModal } from "../../views/deadlines-modal";
import { refusalMessage } from "../../views/notices";
import { privately, openModalOrTell } from "../respond";

export function openDeadlineEditor(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const refusal = refusalFor(member, "incident.edit");
    if (refusal) return privately(respond, refusalMessage(rc, refusal, { member, roles: ["staff", "liaison", "admin"] }));
    const incident = await deps.store.incidentById(action.value ?? "");
    if (!incident) return;
    await openModalOrTell(client, body.trigger_id, deadlinesModal(rc, incident), respond, rc);
  };
}

// The card's "Record report receipt" button: opens the receipt editor for the recipient party (PPC).
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { refusalFor } from "../../../domain/permissions";
import { memberOf, type SlackDeps } from "../../listener-context";
import { personalContext } from "../../render-context";
import { receiptsModal } from "../../views/receipts-modal";
import { refusalMessage } from "../../views/notices";
import { privately, openModalOrTell } from "../respond";

export function openReceiptsEditor(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const recipient = deps.config.profile.leakReportRecipient ?? undefined;
    const refusal = refusalFor(member, "report.receipt", { recipientParty: recipient });
    if (refusal) return privately(respond, refusalMessage(rc, refusal, { member, roles: ["staff", "liaison", "admin"], party: recipient ?? "" }));
    const incident = await deps.store.incidentById(action.value ?? "");
    if (!incident) return;
    await openModalOrTell(client, body.trigger_id, receiptsModal(rc, incident), respond, rc);
  };
}

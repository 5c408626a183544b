// Saving the receipt editor: errors inline, otherwise audited and the card updated in place.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { recordReceipts } from "../../../app/report-receipts";
import type { Receipts } from "../../../domain/report-receipts";
import { RECEIPT_BLOCK, VALUE_ACTION } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { receiptErrors } from "../../views/receipts-modal";
import { refusalMessage } from "../../views/notices";
import { listenerContext } from "../kit";

export function receiptsSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const { incidentId } = JSON.parse(view.private_metadata || "{}") as { incidentId?: string };
    const state = (block: string) => view.state.values[block]?.[VALUE_ACTION];
    const day = (block: string) => state(block)?.selected_date || null;
    const text = (block: string) => (state(block)?.value ?? "").trim() || null;
    const receipts: Receipts = {
      preliminary: { receivedOn: day(RECEIPT_BLOCK.preliminaryOn), receiptNo: text(RECEIPT_BLOCK.preliminaryNo) },
      final: { receivedOn: day(RECEIPT_BLOCK.finalOn), receiptNo: text(RECEIPT_BLOCK.finalNo) },
    };
    const result = await recordReceipts(deps, member, incidentId ?? "", receipts);
    switch (result.outcome) {
      case "invalid": {
        const incident = (await deps.store.incidentById(incidentId ?? ""))!;
        return ack({ response_action: "errors", errors: receiptErrors(rc, incident, result.errors) });
      }
      case "refused":
        return ack({
          response_action: "errors",
          errors: { [RECEIPT_BLOCK.preliminaryOn]: refusalMessage(rc, result.refusal, { member, roles: ["staff", "liaison", "admin"], party: result.party ?? "" }).text },
        });
      default:
        await ack();
    }
  };
}

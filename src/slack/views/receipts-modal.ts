// The modal behind the card's "Record report receipt" button: the day PPC (or the delegated
// minister, APPI Art. 150) received the reporter's 速報 and 確報, and the receipt numbers.
import type { KnownBlock, ModalView } from "@slack/types";
import type { Incident } from "../../domain/incident";
import { RECEIPT_NO_MAX, type ReceiptErrors } from "../../domain/report-receipts";
import { CALLBACK, RECEIPT_BLOCK, VALUE_ACTION } from "../ids";
import { formatDateTime, type RenderContext } from "../render-context";
import { modal, plain, section } from "./kit";
import { recipientName } from "./recipient";

export function receiptsModal(rc: RenderContext, incident: Incident): ModalView {
  const { t } = rc;
  const day = (block: string, label: "receipt.preliminary.on" | "receipt.final.on", value: string | null): KnownBlock => ({
    type: "input",
    block_id: block,
    optional: true,
    label: plain(t(label)),
    element: { type: "datepicker", action_id: VALUE_ACTION, ...(value ? { initial_date: value } : {}) },
  });
  const number = (block: string, label: "receipt.preliminary.no" | "receipt.final.no", value: string | null): KnownBlock => ({
    type: "input",
    block_id: block,
    optional: true,
    label: plain(t(label)),
    element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: RECEIPT_NO_MAX, ...(value ? { initial_value: value } : {}) },
  });
  return modal(rc, {
    callbackId: CALLBACK.reportReceipts,
    metadata: JSON.stringify({ incidentId: incident.id }),
    title: t("receipt.title"),
    submit: t("receipt.submit"),
    blocks: [
      section(t("receipt.intro", { ref: incident.ref, recipient: recipientName(rc, incident) }), "receipt_intro"),
      day(RECEIPT_BLOCK.preliminaryOn, "receipt.preliminary.on", incident.preliminaryReceivedOn),
      number(RECEIPT_BLOCK.preliminaryNo, "receipt.preliminary.no", incident.preliminaryReceiptNo),
      day(RECEIPT_BLOCK.finalOn, "receipt.final.on", incident.finalReceivedOn),
      number(RECEIPT_BLOCK.finalNo, "receipt.final.no", incident.finalReceiptNo),
    ],
  });
}

const ERROR_BLOCK: Record<keyof ReceiptErrors, string> = {
  preliminaryOn: RECEIPT_BLOCK.preliminaryOn,
  preliminaryNo: RECEIPT_BLOCK.preliminaryNo,
  finalOn: RECEIPT_BLOCK.finalOn,
  finalNo: RECEIPT_BLOCK.finalNo,
};

export function receiptErrors(rc: RenderContext, incident: Incident, errors: ReceiptErrors): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, error] of Object.entries(errors) as Array<[keyof ReceiptErrors, NonNullable<ReceiptErrors[keyof ReceiptErrors]>]>) {
    out[ERROR_BLOCK[field]] = rc.t(`receipt.error.${error}`, { date: formatDateTime(rc, incident.awareAt), max: RECEIPT_NO_MAX });
  }
  return out;
}

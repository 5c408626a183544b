// The card's "Record report receipt" button: opens the receipt editor for the recipient party (PPC).
import { refusalFor } from "../../../domain/permissions";
import type { SlackDeps } from "../../listener-context";
import { receiptsModal } from "../../views/receipts-modal";
import { openIncidentForm } from "./open-incident-form";

export function openReceiptsEditor(deps: SlackDeps) {
  return openIncidentForm(
    deps,
    (member) => {
      const recipient = deps.config.profile.leakReportRecipient ?? undefined;
      return { refusal: refusalFor(member, "report.receipt", { recipientParty: recipient }), details: { roles: ["staff", "liaison", "admin"], party: recipient ?? "" } };
    },
    receiptsModal,
  );
}

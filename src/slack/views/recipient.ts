// Who receives the reporter's leak reports: PPC, or (APPI Art. 150) the minister PPC delegated its
// powers to for the reporter's sector, when the intake says so.
import type { Incident } from "../../domain/incident";
import { escapeAndTruncate } from "../../domain/mrkdwn";
import type { RenderContext } from "../render-context";

export function recipientName(rc: RenderContext, incident: Pick<Incident, "appiRegime"> & { delegatedRecipient?: string | null }): string {
  if (incident.appiRegime === "art26" && incident.delegatedRecipient) return rc.t("receipt.recipient.delegated", { minister: escapeAndTruncate(incident.delegatedRecipient, 200) });
  return rc.t("receipt.recipient.ppc");
}

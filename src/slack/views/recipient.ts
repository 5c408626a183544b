// Who receives the reporter's leak reports: PPC, or (APPI Art. 150) the minister PPC delegated its
// powers to for the reporter's sector, when the intake says so.
import type { Incident } from "../../domain/incident";
import { escapeAndTruncate } from "../mrkdwn";
import type { RenderContext } from "../render-context";

/** `escaped: false` for text that is escaped as a whole later (e.g. inside a code block), so it is not escaped twice. */
export function recipientName(rc: RenderContext, incident: Pick<Incident, "appiRegime"> & { delegatedRecipient?: string | null }, escaped = true): string {
  if (incident.appiRegime === "art26" && incident.delegatedRecipient) {
    const minister = escaped ? escapeAndTruncate(incident.delegatedRecipient, 200) : incident.delegatedRecipient.slice(0, 200);
    return rc.t("receipt.recipient.delegated", { minister });
  }
  return rc.t("receipt.recipient.ppc");
}

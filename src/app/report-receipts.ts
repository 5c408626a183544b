// PPC records when the reporter's 速報 and 確報 were received (by PPC, or by the minister it
// delegated to under APPI Art. 150). One transaction, one audit entry; a receipt undone is
// audited as such. Saving the same receipts again changes nothing (double submissions, replicas):
// the write is conditional on the version read, and a lost race decides again on fresh data.
import type { Incident } from "../domain/incident";
import type { Member } from "../domain/parties";
import { refusalFor, type Refusal } from "../domain/permissions";
import { receiptChange, receiptFields, receiptsOf, validateReceipts, type ReceiptErrors, type Receipts } from "../domain/report-receipts";
import type { AppContext } from "./context";

export type RecordReceiptsResult =
  | { outcome: "recorded" | "undone" | "unchanged"; incident: Incident }
  | { outcome: "invalid"; errors: ReceiptErrors }
  | { outcome: "refused"; refusal: Refusal; party?: string }
  | { outcome: "not_found" };

class LostRace extends Error {}

export async function recordReceipts(ctx: AppContext, actor: Member | undefined, incidentId: string, receipts: Receipts): Promise<RecordReceiptsResult> {
  const recipient = ctx.config.profile.leakReportRecipient;
  const refusal = refusalFor(actor, "report.receipt", recipient ? { recipientParty: recipient } : {});
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", ...(recipient ? { party: recipient } : {}) };
  const now = ctx.clock.now();
  for (let attempt = 1; ; attempt++) {
    const incident = await ctx.store.incidentById(incidentId);
    if (!incident || incident.state === "out_of_scope") return { outcome: "not_found" };
    const errors = validateReceipts(incident, receipts, now, ctx.config.timezone);
    if (Object.keys(errors).length > 0) return { outcome: "invalid", errors };
    const before = receiptsOf(incident);
    const change = receiptChange(before, receipts);
    if (change === "unchanged") return { outcome: "unchanged", incident };
    try {
      return await ctx.store.transact(now, async (tx) => {
        const next = await tx.updateIncidentIfVersion(incidentId, incident.version, receiptFields(receipts));
        if (!next) throw new LostRace();
        await tx.audit({
          actorUserId: actor.userId,
          actorParty: actor.party,
          article: null, // the reporter's APPI Art. 26(1) / 68(1) reports (Rules Art. 8 / 44), not a memorandum article
          action: change === "undone" ? "incident.report_receipt_undone" : "incident.report_received",
          entityType: "incident",
          entityId: incidentId,
          before: receiptFields(before),
          after: receiptFields(receipts),
        });
        await tx.enqueue({ kind: "refresh_incident_card", payload: { incidentId }, dedupeKey: `card:${incidentId}:v${next.version}` });
        return { outcome: change, incident: next };
      });
    } catch (e) {
      if (!(e instanceof LostRace) || attempt >= 5) throw e;
    }
  }
}

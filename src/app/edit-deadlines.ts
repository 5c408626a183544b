// The APPI leak-report deadlines shown on the card are computed guidance; either party can
// correct them (e.g. when the reporter's awareness time turns out different). Audited.
import type { Incident } from "../domain/incident";
import type { Member } from "../domain/parties";
import { refusalFor, type Refusal } from "../domain/permissions";
import type { AppContext } from "./context";

export type DeadlineEdit = { preliminaryDueAt: Date; finalDueAt: Date };
export type DeadlineEditError = "before_awareness" | "final_before_preliminary";

export function validateDeadlineEdit(incident: Pick<Incident, "awareAt">, edit: DeadlineEdit): Partial<Record<keyof DeadlineEdit, DeadlineEditError>> {
  const errors: Partial<Record<keyof DeadlineEdit, DeadlineEditError>> = {};
  if (edit.preliminaryDueAt < incident.awareAt) errors.preliminaryDueAt = "before_awareness";
  if (edit.finalDueAt < incident.awareAt) errors.finalDueAt = "before_awareness";
  else if (edit.finalDueAt < edit.preliminaryDueAt) errors.finalDueAt = "final_before_preliminary";
  return errors;
}

export type EditDeadlinesResult =
  | { outcome: "edited"; incident: Incident }
  | { outcome: "unchanged"; incident: Incident }
  | { outcome: "invalid"; errors: Partial<Record<keyof DeadlineEdit, DeadlineEditError>> }
  | { outcome: "refused"; refusal: Refusal }
  | { outcome: "not_found" };

export async function editDeadlines(ctx: AppContext, actor: Member | undefined, incidentId: string, edit: DeadlineEdit): Promise<EditDeadlinesResult> {
  const refusal = refusalFor(actor, "incident.edit");
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member" };
  const incident = await ctx.store.incidentById(incidentId);
  if (!incident || incident.state === "out_of_scope") return { outcome: "not_found" };
  const errors = validateDeadlineEdit(incident, edit);
  if (Object.keys(errors).length > 0) return { outcome: "invalid", errors };
  const sameAs = (a: Date | null, b: Date) => a?.getTime() === b.getTime();
  if (sameAs(incident.preliminaryDueAt, edit.preliminaryDueAt) && sameAs(incident.finalDueAt, edit.finalDueAt)) return { outcome: "unchanged", incident };
  const updated = await ctx.store.transact(ctx.clock.now(), async (tx) => {
    const next = await tx.updateIncident(incidentId, {
      preliminaryDueAt: edit.preliminaryDueAt,
      finalDueAt: edit.finalDueAt,
      preliminaryDueEdited: incident.preliminaryDueEdited || !sameAs(incident.preliminaryDueAt, edit.preliminaryDueAt),
      finalDueEdited: incident.finalDueEdited || !sameAs(incident.finalDueAt, edit.finalDueAt),
    });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: null, // APPI Rules Art. 8 / 44 deadlines of the reporter, not a memorandum article
      action: "incident.deadlines_edited",
      entityType: "incident",
      entityId: incidentId,
      before: { preliminaryDueAt: incident.preliminaryDueAt, finalDueAt: incident.finalDueAt },
      after: { preliminaryDueAt: edit.preliminaryDueAt, finalDueAt: edit.finalDueAt },
    });
    await tx.enqueue({ kind: "refresh_incident_card", payload: { incidentId }, dedupeKey: `card:${incidentId}:v${next.version}` });
    return next;
  });
  return { outcome: "edited", incident: updated };
}

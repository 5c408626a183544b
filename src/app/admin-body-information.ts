// Art. 4(1) later: the duty arises whenever NISC receives information about the incident from a
// relevant administrative body, not only at intake. Either party records it on the card with the
// agency that provided it; NISC (the profile's introducing party) gets the task then. Once per
// incident (the task's dedupe key): a second recording, a double click or a replica changes nothing.
import { laterLeakReportIntroductionTask, type Task } from "../domain/tasks";
import type { Incident } from "../domain/incident";
import { INTAKE_LIMITS } from "../domain/incident";
import type { Member } from "../domain/parties";
import { refusalFor, type Refusal } from "../domain/permissions";
import { addDays, endOfLocalDay, localDateOf } from "../domain/time";
import type { AppContext } from "./context";
import { isUniqueViolation } from "../store/consultations";

export type RecordAdminBodyInfoResult =
  | { outcome: "recorded"; incident: Incident; task: Task }
  | { outcome: "already"; task: Task | null }
  | { outcome: "invalid"; error: "required" | "too_long" }
  | { outcome: "refused"; refusal: Refusal }
  | { outcome: "not_applicable" }
  | { outcome: "not_found" };


export async function recordAdminBodyInformation(ctx: AppContext, actor: Member | undefined, incidentId: string, agencyInput: string): Promise<RecordAdminBodyInfoResult> {
  const refusal = refusalFor(actor, "incident.edit");
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member" };
  const agency = agencyInput.trim();
  if (agency === "") return { outcome: "invalid", error: "required" };
  if (Array.from(agency).length > INTAKE_LIMITS.supervisingAgency) return { outcome: "invalid", error: "too_long" };
  const incident = await ctx.store.incidentById(incidentId);
  if (!incident || incident.state === "out_of_scope") return { outcome: "not_found" };
  const existing = (await ctx.store.tasksOfIncident(incidentId)).find((t) => t.kind === "introduce_leak_report_system");
  if (existing) return { outcome: "already", task: existing };
  const newTask = laterLeakReportIntroductionTask(ctx.config.profile, incident, agency, actor);
  if (!newTask) return { outcome: "not_applicable" };
  const now = ctx.clock.now();
  const tz = ctx.config.timezone;
  // Due with the reporter's preliminary report when that is still ahead, else by the end of the next day.
  const dueAt = incident.preliminaryDueAt && incident.preliminaryDueAt > now ? incident.preliminaryDueAt : endOfLocalDay(addDays(localDateOf(now, tz), 1), tz);
  try {
    return await ctx.store.transact(now, async (tx) => {
      const task = await tx.insertTask(incidentId, { ...newTask, dueAt });
      const next = await tx.updateIncident(incidentId, { providedByAdminBody: true });
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: ctx.config.profile.leakReportIntroduction?.article ?? "4(1)",
        action: "incident.admin_body_information_recorded",
        entityType: "incident",
        entityId: incidentId,
        before: { providedByAdminBody: incident.providedByAdminBody },
        after: { providedByAdminBody: true, agency, task: { id: task.id, kind: task.kind, ownerParty: task.ownerParty } },
      });
      await tx.enqueue({ kind: "post_task", payload: { taskId: task.id }, dedupeKey: `post-task:${task.id}` });
      await tx.enqueue({ kind: "refresh_incident_card", payload: { incidentId }, dedupeKey: `card:${incidentId}:v${next.version}` });
      return { outcome: "recorded" as const, incident: next, task };
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      return { outcome: "already", task: (await ctx.store.tasksOfIncident(incidentId)).find((t) => t.kind === "introduce_leak_report_system") ?? null };
    }
    throw e;
  }
}

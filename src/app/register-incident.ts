// Arts. 2 and 4(1): register an incident from the intake. In scope, it opens (via the outbox) a
// channel shared by both parties and, when the Art. 4(1) party registered it from information a
// relevant administrative body provided, creates that party's leak-report introduction task.
import { randomUUID } from "node:crypto";
import { computeDeadlines } from "../domain/appi";
import { isInScope, type Incident, type Intake } from "../domain/incident";
import type { Member } from "../domain/parties";
import { leakReportIntroductionTask, type Task } from "../domain/tasks";
import { yearIn } from "../domain/time";
import { formatReference } from "../domain/reference";
import type { AppContext } from "./context";
import { isUniqueViolation } from "../store/consultations";

export type RegisterResult = { incident: Incident; task: Task | null };

/**
 * `sourceViewId` is the intake modal's view id: Slack may deliver a submission twice (a retry
 * after a slow answer), and the same view registers one incident.
 */
/** `opts.exerciseId`: registered in an Art. 5(1) tabletop exercise (see ./exercise.ts registerExerciseIncident). */
export async function registerIncident(ctx: AppContext, actor: Member, intake: Intake, sourceViewId?: string, opts: { exerciseId?: string } = {}): Promise<RegisterResult> {
  if (sourceViewId) {
    const existing = await ctx.store.incidentBySourceView(sourceViewId);
    if (existing) return { incident: existing, task: null };
  }
  try {
    return await insertIncident(ctx, actor, intake, sourceViewId, opts.exerciseId ?? null);
  } catch (e) {
    // The same modal submitted twice at the same moment: the unique view id lets one through.
    const existing = sourceViewId && isUniqueViolation(e) ? await ctx.store.incidentBySourceView(sourceViewId) : null;
    if (existing) return { incident: existing, task: null };
    throw e;
  }
}

async function insertIncident(ctx: AppContext, actor: Member, intake: Intake, sourceViewId: string | undefined, exerciseId: string | null): Promise<RegisterResult> {
  const now = ctx.clock.now();
  const inScope = isInScope(intake);
  // Advanced encryption or other protective measures: no report is needed, so no deadlines to remind of.
  const deadlines = inScope && !intake.protectiveMeasures ? computeDeadlines(intake.awareAt, intake.appiRegime, intake.unlawfulPurposeSuspected, ctx.config.timezone, ctx.config.profile.leakReportRules) : null;
  return ctx.store.transact(now, async (tx) => {
    // An exercise's incidents are numbered apart (90001…), so the real sequence has no gaps.
    const year = yearIn(now, ctx.config.timezone);
    const ref = exerciseId ? formatReference(year, await tx.exercises.allocateReference(year)) : await tx.allocateReference(year);
    const incident = await tx.insertIncident({
      ...intake,
      id: randomUUID(),
      ref,
      state: inScope ? "open" : "out_of_scope",
      preliminaryDueAt: deadlines?.preliminary ?? null,
      preliminaryDueEdited: false,
      finalDueAt: deadlines?.final ?? null,
      finalDueEdited: false,
      preliminaryReceivedOn: null,
      preliminaryReceiptNo: null,
      finalReceivedOn: null,
      finalReceiptNo: null,
      createdByUserId: actor.userId,
      createdByParty: actor.party,
      channelId: null,
      channelName: null,
      channelStatus: inScope ? "pending" : "none",
      channelError: null,
      summaryTs: null,
      sharedInvitesSentAt: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
      exerciseId,
    }, sourceViewId);
    const newTask = leakReportIntroductionTask(ctx.config.profile, incident);
    // Art. 4(1) introduction is due with the reporter's preliminary report, so they can make it.
    const task = newTask ? await tx.insertTask(incident.id, { ...newTask, dueAt: incident.preliminaryDueAt }) : null;
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: inScope ? (task ? "4(1)" : "2") : "2",
      action: inScope ? "incident.registered" : "incident.recorded_out_of_scope",
      entityType: "incident",
      entityId: incident.id,
      before: null,
      after: { ...auditView(incident), ...(exerciseId ? { exerciseId } : {}), task: task ? { id: task.id, kind: task.kind, ownerParty: task.ownerParty } : null },
    });
    // The channel is created by the registering party's installation when each organisation has its own (OAuth).
    const hostTeam = ctx.config.partyTeams[actor.party];
    if (inScope) await tx.enqueue({ kind: "provision_channel", payload: { incidentId: incident.id }, dedupeKey: `provision:${incident.id}`, ...(hostTeam ? { teamId: hostTeam } : {}) });
    return { incident, task };
  });
}

/** What the audit log keeps of an incident: its facts, not Slack bookkeeping. */
export function auditView(i: Incident): Record<string, unknown> {
  return {
    ref: i.ref,
    state: i.state,
    title: i.title,
    reporterName: i.reporterName,
    reporterCategory: i.reporterCategory,
    supervisingAgency: i.supervisingAgency,
    personalData: i.personalData,
    awareAt: i.awareAt,
    appiRegime: i.appiRegime,
    localPublicBody: i.localPublicBody,
    delegatedRecipient: i.delegatedRecipient,
    protectiveMeasures: i.protectiveMeasures,
    ordinanceSpecialCareData: i.ordinanceSpecialCareData,
    unlawfulPurposeSuspected: i.unlawfulPurposeSuspected,
    affectedCount: i.affectedCount,
    specialCareData: i.specialCareData,
    financialRiskData: i.financialRiskData,
    providedByAdminBody: i.providedByAdminBody,
    preliminaryDueAt: i.preliminaryDueAt,
    finalDueAt: i.finalDueAt,
  };
}

// Art. 4(2) use cases: propose (contact the other party), record a party's position on an item,
// and conclude the round when every position is in. Each is one transaction and one audit entry.
import {
  canPropose,
  conclusionOf,
  otherParty,
  ownerOfItem,
  positionRefusal,
  validateProposal,
  type Conclusion,
  type Consultation,
  type PositionRecord,
  type PositionRefusal,
  type PositionValue,
  type Proposal,
  type ProposalError,
} from "../domain/consultation";
import { isOpen } from "../domain/incident";
import { liaisonsOf, type Member } from "../domain/parties";
import { addDays, endOfLocalDay, localDateOf } from "../domain/time";
import type { Task } from "../domain/tasks";
import { isUniqueViolation } from "../store/consultations";
import { SYSTEM_ACTOR, type AppContext } from "./context";

const ARTICLE = "4(2)";
/** Agreed items are due this many days after the decision unless someone changes it. */
export const DEFAULT_ITEM_DUE_DAYS = 7;

export type ProposeResult =
  | { outcome: "proposed"; consultation: Consultation }
  | { outcome: "invalid"; errors: ProposalError[] }
  | { outcome: "refused"; refusal: "not_a_member" | "role_required" }
  | { outcome: "consultation_open"; consultation: Consultation }
  | { outcome: "incident_not_open" };

/** Items agreed in earlier rounds of this incident (they cannot be proposed again). */
export async function agreedItemTypes(ctx: AppContext, incidentId: string): Promise<string[]> {
  const tasks = await ctx.store.tasksOfIncident(incidentId);
  return tasks.filter((t) => t.kind === "cooperation_item" && t.itemType).map((t) => t.itemType!);
}

export async function openConsultationOf(ctx: AppContext, incidentId: string): Promise<Consultation | null> {
  return (await ctx.store.consultations.ofIncident(incidentId)).find((c) => c.status === "open") ?? null;
}

export async function proposeCooperation(ctx: AppContext, actor: Member | undefined, incidentId: string, proposal: Proposal, sourceViewId?: string): Promise<ProposeResult> {
  if (!actor) return { outcome: "refused", refusal: "not_a_member" };
  if (!canPropose(actor)) return { outcome: "refused", refusal: "role_required" };
  const incident = await ctx.store.incidentById(incidentId);
  if (!incident || !isOpen(incident)) return { outcome: "incident_not_open" };
  const open = await openConsultationOf(ctx, incidentId);
  // The same proposal modal delivered twice (a Slack retry) proposes once.
  if (open && sourceViewId && (await ctx.store.consultations.idBySourceView(sourceViewId)) === open.id) return { outcome: "proposed", consultation: open };
  if (open) return { outcome: "consultation_open", consultation: open };
  const errors = validateProposal(ctx.config.profile, actor.party, proposal, await agreedItemTypes(ctx, incidentId));
  if (errors.length > 0) return { outcome: "invalid", errors };

  const now = ctx.clock.now();
  try {
    const consultation = await ctx.store.transact(now, async (tx) => {
      const previous = await tx.consultations.ofIncident(incidentId);
      if (previous.some((c) => c.status === "open")) throw new RoundTaken();
      const created = await tx.consultations.insert({
        incidentId,
        round: previous.length + 1,
        proposedByParty: actor.party,
        proposedByUserId: actor.userId,
        proposal,
        now,
        channelId: incident.channelId,
        sourceViewId,
      });
      // A liaison officer proposing speaks for their party: its positions are "agree".
      if (actor.roles.includes("liaison")) {
        for (const item of created.items) {
          await tx.consultations.insertPosition(item.id, { party: actor.party, position: "agree", reason: null, conditions: null, decidedByUserId: actor.userId, decidedAt: now });
        }
      }
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: ARTICLE,
        action: "consultation.proposed",
        entityType: "consultation",
        entityId: created.id,
        before: null,
        after: {
          incident: incident.ref,
          round: created.round,
          contactedParty: otherParty(ctx.config.profile, actor.party),
          items: created.items.map((i) => ({ itemType: i.itemType, need: i.need })),
          impactOnDuties: created.impactOnDuties,
          proposerPartyAgreed: actor.roles.includes("liaison"),
        },
      });
      await tx.enqueue({ kind: "post_consultation_card", payload: { consultationId: created.id }, dedupeKey: `consultation-card:${created.id}` });
      return (await tx.consultations.byId(created.id))!;
    });
    return { outcome: "proposed", consultation };
  } catch (e) {
    // Two proposals at the same moment: the unique (incident, round) lets one through.
    if (e instanceof RoundTaken || isUniqueViolation(e)) {
      const current = await openConsultationOf(ctx, incidentId);
      if (current) return { outcome: "consultation_open", consultation: current };
    }
    throw e;
  }
}

class RoundTaken extends Error {}

export type PositionResult =
  | { outcome: "recorded"; consultation: Consultation }
  | { outcome: "refused"; refusal: PositionRefusal; consultation: Consultation | null; existing?: PositionRecord };

/** Whether `actor` could record a position on the item now (reasons aside); the refusal if not. */
export async function positionPrecheck(ctx: AppContext, actor: Member | undefined, consultationId: string, itemType: string): Promise<Extract<PositionResult, { outcome: "refused" }> | null> {
  const consultation = await ctx.store.consultations.byId(consultationId);
  if (!consultation) return { outcome: "refused", refusal: "unknown_item", consultation: null };
  const refusal = positionRefusal(actor, consultation, itemType, "agree", null);
  if (!refusal) return null;
  const existing = consultation.items.find((i) => i.itemType === itemType)?.positions.find((p) => p.party === actor?.party);
  return { outcome: "refused", refusal, consultation, ...(existing ? { existing } : {}) };
}

export async function recordPosition(
  ctx: AppContext,
  actor: Member | undefined,
  consultationId: string,
  itemType: string,
  position: PositionValue,
  details: { reason?: string | null; conditions?: string | null } = {},
): Promise<PositionResult> {
  const consultation = await ctx.store.consultations.byId(consultationId);
  if (!consultation) return { outcome: "refused", refusal: "unknown_item", consultation: null };
  const reason = details.reason?.trim() || null;
  const conditions = details.conditions?.trim() || null;
  const existingOf = (c: Consultation) => c.items.find((i) => i.itemType === itemType)?.positions.find((p) => p.party === actor?.party);
  const refusal = positionRefusal(actor, consultation, itemType, position, reason);
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", consultation, ...(existingOf(consultation) ? { existing: existingOf(consultation)! } : {}) };

  const now = ctx.clock.now();
  const item = consultation.items.find((i) => i.itemType === itemType)!;
  const record: PositionRecord = { party: actor.party, position, reason: position === "decline" ? reason : null, conditions: position === "agree" ? conditions : null, decidedByUserId: actor.userId, decidedAt: now };
  try {
    const updated = await ctx.store.transact(now, async (tx) => {
      await tx.consultations.insertPosition(item.id, record);
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: ARTICLE,
        action: "consultation.position_recorded",
        entityType: "consultation",
        entityId: consultationId,
        before: { itemType, party: actor.party, position: null },
        after: { itemType, party: actor.party, position, reason: record.reason, conditions: record.conditions },
      });
      await tx.enqueue({ kind: "refresh_consultation_card", payload: { consultationId }, dedupeKey: `consultation-card:${consultationId}:${itemType}:${actor.party}` });
      // The conclusion is its own state change, run right after this commit (and retried).
      await tx.enqueue({ kind: "conclude_consultation", payload: { consultationId }, dedupeKey: `conclude:${consultationId}:${itemType}:${actor.party}` });
      return (await tx.consultations.byId(consultationId))!;
    });
    return { outcome: "recorded", consultation: updated };
  } catch (e) {
    // Both clicks of a double click, or two liaisons of one party at once: the unique index keeps one.
    if (!isUniqueViolation(e)) throw e;
    const current = (await ctx.store.consultations.byId(consultationId))!;
    return { outcome: "refused", refusal: "already_decided", consultation: current, ...(existingOf(current) ? { existing: existingOf(current)! } : {}) };
  }
}

export type ConcludeResult = { outcome: "concluded"; consultation: Consultation; conclusion: Conclusion; tasks: Task[] } | { outcome: "not_yet" | "already_concluded" };

/**
 * Concludes the round when both parties have taken a position on every item: agreed items become
 * tracked cooperation items, and the incident becomes a cooperation case. Idempotent.
 */
export async function concludeIfComplete(ctx: AppContext, consultationId: string): Promise<ConcludeResult> {
  const consultation = await ctx.store.consultations.byId(consultationId);
  if (!consultation) return { outcome: "not_yet" };
  if (consultation.status !== "open") return { outcome: "already_concluded" };
  const parties = ctx.config.profile.parties.map((p) => p.id);
  const conclusion = conclusionOf(consultation, parties);
  if (!conclusion) return { outcome: "not_yet" };
  const now = ctx.clock.now();
  const incident = (await ctx.store.incidentById(consultation.incidentId))!;
  const result = await ctx.store.transact(now, async (tx) => {
    if (!(await tx.consultations.conclude(consultationId, conclusion.outcome, now))) return null;
    const tasks: Task[] = [];
    const due = endOfLocalDay(addDays(localDateOf(now, ctx.config.timezone), DEFAULT_ITEM_DUE_DAYS), ctx.config.timezone);
    for (const agreed of conclusion.agreed) {
      const owner = ownerOfItem(ctx.config.profile, agreed.itemType, consultation.proposedByParty);
      const assignee = owner === consultation.proposedByParty ? consultation.proposedByUserId : (liaisonsOf(ctx.config.directory, owner)[0]?.userId ?? null);
      const item = consultation.items.find((i) => i.itemType === agreed.itemType)!;
      tasks.push(
        await tx.insertTask(incident.id, {
          dedupeKey: `item:${consultationId}:${agreed.itemType}`,
          kind: "cooperation_item",
          itemType: agreed.itemType,
          consultationId,
          conditions: agreed.conditions.join("\n") || null,
          ownerParty: owner,
          assigneeUserId: assignee,
          params: { ref: incident.ref, requester: consultation.proposedByParty, need: item.need },
          dueAt: due,
        }),
      );
    }
    let state = incident.state;
    if (conclusion.outcome === "cooperate" && incident.state === "open") {
      state = (await tx.updateIncident(incident.id, { state: "cooperation_case" })).state;
    }
    await tx.audit({
      actorUserId: SYSTEM_ACTOR,
      actorParty: null,
      article: ARTICLE,
      action: conclusion.outcome === "cooperate" ? "consultation.concluded_cooperate" : "consultation.concluded_no_cooperation",
      entityType: "consultation",
      entityId: consultationId,
      before: { status: "open", incidentState: incident.state },
      after: { status: "concluded", outcome: conclusion.outcome, agreed: conclusion.agreed, declined: conclusion.declined, incidentState: state, tasks: tasks.map((t) => ({ id: t.id, itemType: t.itemType, ownerParty: t.ownerParty })) },
    });
    await tx.enqueue({ kind: "refresh_consultation_card", payload: { consultationId }, dedupeKey: `consultation-card:${consultationId}:concluded` });
    await tx.enqueue({ kind: "post_conclusion", payload: { consultationId }, dedupeKey: `conclusion:${consultationId}` });
    if (state !== incident.state) {
      const latest = (await tx.findIncident(incident.id))!;
      await tx.enqueue({ kind: "refresh_incident_card", payload: { incidentId: incident.id }, dedupeKey: `card:${incident.id}:v${latest.version}` });
    }
    for (const task of tasks) await tx.enqueue({ kind: "post_task", payload: { taskId: task.id }, dedupeKey: `post-task:${task.id}` });
    return { tasks, state };
  });
  if (!result) return { outcome: "already_concluded" };
  return { outcome: "concluded", consultation: (await ctx.store.consultations.byId(consultationId))!, conclusion, tasks: result.tasks };
}


// Closing, reopening and archiving an incident (issue 15). Each step is one transaction and one
// audit entry under the incident's article; a double click or a Slack retry changes nothing twice
// (conditional writes on the closing's and the incident's version, the closing modal's view id).
import type { Member } from "../domain/parties";
import { localDateOf } from "../domain/time";
import { t } from "../i18n/t";
import type { Incident } from "../domain/incident";
import {
  agreedItems,
  archiveDate,
  closingArticle,
  closingRefusal,
  retentionDue,
  isFullyConfirmed,
  requiredParties,
  validateClosing,
  validateReopenReason,
  validateWithdrawReason,
  withdrawalKind,
  type Closure,
  type ClosingError,
  type ClosingField,
  type ClosingForm,
  type ClosingRefusal,
} from "../domain/closing";
import type { EffectRequest } from "../domain/effects";
import { isoDay, reviewDueOn, reviewRefusal, validateReview, type Review, type ReviewError, type ReviewField, type ReviewForm, type ReviewRefusal } from "../domain/review";
import type { Tx } from "../store/store";
import { SYSTEM_ACTOR, type AppContext } from "./context";

export type ClosingResult =
  | { outcome: "proposed" | "confirmed" | "closed"; incident: Incident; closure: Closure }
  | { outcome: "invalid"; errors: Partial<Record<ClosingField, ClosingError>> }
  | { outcome: "refused"; refusal: ClosingRefusal; closure?: Closure | null }
  | { outcome: "not_found" };

class LostRace extends Error {}

async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof LostRace) || attempt >= 5) throw e;
    }
  }
}

/** The card, the topic and the homes follow a closing step; ended or restored tasks and rounds say so on their cards. */
async function enqueueClosingEffects(tx: Tx, incident: Incident, closure: Closure, touched: { tasks: string[]; consultations: string[]; consents: string[] }): Promise<void> {
  const effects: EffectRequest[] = [
    { kind: "refresh_incident_card", payload: { incidentId: incident.id }, dedupeKey: `card:${incident.id}:v${incident.version}` },
    { kind: "post_closing_card", payload: { closureId: closure.id }, dedupeKey: `closing-card:${closure.id}:v${closure.version}` },
    { kind: "set_incident_topic", payload: { incidentId: incident.id }, dedupeKey: `topic:${incident.id}:v${incident.version}` },
  ];
  for (const taskId of touched.tasks) effects.push({ kind: "refresh_task_card", payload: { taskId }, dedupeKey: `task-card:${taskId}:closing:${closure.id}:v${closure.version}` });
  for (const consultationId of touched.consultations) effects.push({ kind: "refresh_consultation_card", payload: { consultationId }, dedupeKey: `consult-card:${consultationId}:closing:${closure.id}:v${closure.version}` });
  // consent requests asked in advance (Art. 7): the asking DMs say the request ended, or come back with their buttons
  for (const consentId of touched.consents) effects.push({ kind: "refresh_consent_request", payload: { consentId }, dedupeKey: `consent-ask:${consentId}:closing:${closure.id}:v${closure.version}` });
  for (const e of effects) await tx.enqueue(e);
}

/** Closes the incident inside the transaction that made the closing fully confirmed. */
async function close(ctx: AppContext, tx: Tx, incident: Incident, closure: Closure, now: Date): Promise<{ incident: Incident; closure: Closure; ended: Closure["ended"] }> {
  const ended = await tx.closures.openOfIncident(incident.id);
  await tx.closures.setEnded(ended, "end", now);
  const reviewDue = isoDay(reviewDueOn(now, ctx.config.review.dueAfterDays, ctx.config.timezone));
  const closed = await tx.closures.updateIfVersion(closure.id, closure.version, { status: "closed", ended, closedAt: now, archiveAt: archiveDate(now, ctx.config.incidentChannels.archiveAfterDays), reviewDueOn: reviewDue }, now);
  if (!closed) throw new LostRace();
  // both parties are invited to the review in the channel (once per closing round)
  await tx.enqueue({ kind: "post_review_invitation", payload: { closureId: closure.id }, dedupeKey: `review-invitation:${closure.id}` });
  const next = await tx.updateIncidentIfVersion(incident.id, incident.version, { state: "closed" });
  if (!next) throw new LostRace();
  return { incident: next, closure: closed, ended };
}

/** The last required confirmation: the incident closes, audited once under its article, and its card, topic and ended items follow. */
async function closeConfirmed(ctx: AppContext, tx: Tx, actor: Member, incident: Incident, closure: Closure, now: Date, extra: Record<string, unknown> = {}): Promise<{ incident: Incident; closure: Closure }> {
  const { incident: next, closure: closed, ended } = await close(ctx, tx, incident, closure, now);
  await tx.audit({
    actorUserId: actor.userId,
    actorParty: actor.party,
    article: closingArticle(closure.priorState),
    action: "incident.closed",
    entityType: "incident",
    entityId: incident.id,
    before: { state: incident.state },
    after: { state: "closed", ref: incident.ref, closureId: closed.id, round: closed.round, ...extra, confirmedBy: closed.confirmations.map((c) => ({ party: c.party, userId: c.userId })), ended, archiveAt: closed.archiveAt },
  });
  await enqueueClosingEffects(tx, next, closed, ended!);
  return { incident: next, closure: closed };
}

/**
 * A liaison officer proposes closing with the closing summary. Proposing is the proposer's
 * party's confirmation: a plain incident closes at once, a cooperation case waits for the other
 * party's liaison officer.
 */
export async function proposeClosing(ctx: AppContext, actor: Member | undefined, incidentId: string, form: ClosingForm, sourceViewId: string | null = null): Promise<ClosingResult> {
  const now = ctx.clock.now();
  return retrying(async () => {
    const incident = await ctx.store.incidentById(incidentId);
    if (!incident || incident.state === "out_of_scope") return { outcome: "not_found" } as const;
    if (sourceViewId) {
      const done = await ctx.store.closures.idBySourceView(sourceViewId);
      if (done) {
        const closure = (await ctx.store.closures.byId(done))!;
        return { outcome: closure.status === "closed" ? "closed" : "proposed", incident, closure } as const;
      }
    }
    const latest = await ctx.store.closures.latestOfIncident(incidentId);
    const refusal = closingRefusal(actor, incident, latest, "propose");
    if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "role_required", closure: latest } as const;
    const validated = validateClosing(form, agreedItems(await ctx.store.tasksOfIncident(incidentId)));
    if (!validated.ok) return { outcome: "invalid", errors: validated.errors } as const;
    const parties = ctx.config.profile.parties.map((p) => p.id);
    const required = requiredParties(incident, parties, actor.party);
    try {
      return await ctx.store.transact(now, async (tx) => {
        const inserted = await tx.closures.insert(
          {
            incidentId,
            round: (latest?.round ?? 0) + 1,
            priorState: incident.state,
            summary: validated.summary,
            requiredParties: required,
            confirmations: [{ party: actor.party, userId: actor.userId, at: now }],
            proposedByUserId: actor.userId,
            proposedByParty: actor.party,
          },
          sourceViewId,
          now,
        );
        const article = closingArticle(incident.state);
        if (isFullyConfirmed(required, inserted.confirmations)) {
          // one confirmation is enough (not a cooperation case): the proposal closes it, summary in the entry
          const { incident: next, closure } = await closeConfirmed(ctx, tx, actor, incident, inserted, now, { summary: inserted.summary });
          return { outcome: "closed", incident: next, closure } as const;
        }
        await tx.audit({
          actorUserId: actor.userId,
          actorParty: actor.party,
          article,
          action: "incident.closing_proposed",
          entityType: "incident",
          entityId: incidentId,
          before: { state: incident.state },
          after: { ref: incident.ref, closureId: inserted.id, round: inserted.round, summary: inserted.summary, requiredParties: required, confirmedBy: [{ party: actor.party, userId: actor.userId }] },
        });
        await tx.enqueue({ kind: "post_closing_card", payload: { closureId: inserted.id }, dedupeKey: `closing-card:${inserted.id}:v${inserted.version}` });
        return { outcome: "proposed", incident, closure: inserted } as const;
      });
    } catch (e) {
      // The same modal submitted twice at once, or two liaisons proposing at the same moment: decide again.
      if ((e as { code?: string })?.code === "P2002") throw new LostRace();
      throw e;
    }
  });
}

/** The other party's liaison officer confirms a proposed closing of a cooperation case. */
export async function confirmClosing(ctx: AppContext, actor: Member | undefined, closureId: string): Promise<ClosingResult> {
  const now = ctx.clock.now();
  return retrying(async () => {
    const closure = await ctx.store.closures.byId(closureId);
    if (!closure) return { outcome: "not_found" } as const;
    const incident = await ctx.store.incidentById(closure.incidentId);
    if (!incident) return { outcome: "not_found" } as const;
    const refusal = closingRefusal(actor, incident, closure, "confirm");
    if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "role_required", closure } as const;
    return ctx.store.transact(now, async (tx) => {
      const confirmations = [...closure.confirmations, { party: actor.party, userId: actor.userId, at: now }];
      const confirmed = await tx.closures.updateIfVersion(closure.id, closure.version, { confirmations }, now);
      if (!confirmed) throw new LostRace();
      const article = closingArticle(closure.priorState);
      if (isFullyConfirmed(closure.requiredParties, confirmations)) {
        const { incident: next, closure: closed } = await closeConfirmed(ctx, tx, actor, incident, confirmed, now);
        return { outcome: "closed", incident: next, closure: closed } as const;
      }
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article,
        action: "incident.closing_confirmed",
        entityType: "incident",
        entityId: incident.id,
        before: { confirmedBy: closure.confirmations.map((c) => c.party) },
        after: { ref: incident.ref, closureId: closure.id, confirmedBy: confirmations.map((c) => c.party) },
      });
      await tx.enqueue({ kind: "post_closing_card", payload: { closureId: closure.id }, dedupeKey: `closing-card:${closure.id}:v${confirmed.version}` });
      return { outcome: "confirmed", incident, closure: confirmed } as const;
    });
  });
}

export type WithdrawResult =
  | { outcome: "withdrawn" | "declined"; incident: Incident; closure: Closure }
  | { outcome: "invalid"; error: ClosingError }
  | { outcome: "refused"; refusal: ClosingRefusal; closure?: Closure | null }
  | { outcome: "not_found" };

/**
 * A pending closing proposal taken back: withdrawn by a liaison officer of the proposing party, or
 * declined (with the reason) by a liaison officer of a party that must confirm it. Nothing that was
 * open ended (a proposal ends nothing); the card says who took it back and why, and a new proposal
 * can be made. Submitting the same answer again (a double click, a Slack retry) changes nothing.
 */
export async function withdrawClosing(ctx: AppContext, actor: Member | undefined, closureId: string, reasonText: string | null): Promise<WithdrawResult> {
  const now = ctx.clock.now();
  return retrying(async () => {
    const closure = await ctx.store.closures.byId(closureId);
    const incident = closure ? await ctx.store.incidentById(closure.incidentId) : null;
    if (!closure || !incident) return { outcome: "not_found" } as const;
    if ((closure.status === "withdrawn" || closure.status === "declined") && actor && closure.withdrawnByUserId === actor.userId) return { outcome: closure.status, incident, closure } as const;
    const refusal = closingRefusal(actor, incident, closure, "withdraw");
    if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "role_required", closure } as const;
    const kind = withdrawalKind(actor, closure);
    const reason = validateWithdrawReason(kind, reasonText);
    if (!reason.ok) return { outcome: "invalid", error: reason.error } as const;
    return ctx.store.transact(now, async (tx) => {
      const taken = await tx.closures.updateIfVersion(closure.id, closure.version, { status: kind, withdrawnAt: now, withdrawnByUserId: actor.userId, withdrawnByParty: actor.party, withdrawReason: reason.reason || null }, now);
      if (!taken) throw new LostRace();
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: closingArticle(closure.priorState),
        action: kind === "withdrawn" ? "incident.closing_withdrawn" : "incident.closing_declined",
        entityType: "incident",
        entityId: incident.id,
        before: { closureId: closure.id, status: "proposed", confirmedBy: closure.confirmations.map((c) => c.party) },
        after: { ref: incident.ref, closureId: closure.id, round: closure.round, status: kind, reason: reason.reason || null },
      });
      await tx.enqueue({ kind: "post_closing_card", payload: { closureId: closure.id }, dedupeKey: `closing-card:${closure.id}:v${taken.version}` });
      return { outcome: kind, incident, closure: taken } as const;
    });
  });
}

export type ReopenResult =
  | { outcome: "reopened"; incident: Incident; closure: Closure }
  | { outcome: "invalid"; error: ClosingError }
  | { outcome: "refused"; refusal: ClosingRefusal }
  | { outcome: "not_found" };

/** A liaison officer of either party reopens a closed incident with a reason: what ended with the closing is open again. */
export async function reopenIncident(ctx: AppContext, actor: Member | undefined, incidentId: string, reasonText: string | null): Promise<ReopenResult> {
  const now = ctx.clock.now();
  return retrying(async () => {
    const incident = await ctx.store.incidentById(incidentId);
    if (!incident) return { outcome: "not_found" } as const;
    const closure = await ctx.store.closures.latestOfIncident(incidentId);
    const refusal = closingRefusal(actor, incident, closure, "reopen");
    if (refusal || !actor || !closure) return { outcome: "refused", refusal: refusal ?? "not_closed" } as const;
    const reason = validateReopenReason(reasonText);
    if (!reason.ok) return { outcome: "invalid", error: reason.error } as const;
    return ctx.store.transact(now, async (tx) => {
      const reopened = await tx.closures.updateIfVersion(closure.id, closure.version, { status: "reopened", reopenedAt: now, reopenedByUserId: actor.userId, reopenReason: reason.reason }, now);
      if (!reopened) throw new LostRace();
      const next = await tx.updateIncidentIfVersion(incidentId, incident.version, { state: closure.priorState });
      if (!next) throw new LostRace();
      const ended = closure.ended ?? { tasks: [], consultations: [], consents: [] };
      await tx.closures.setEnded(ended, "restore", now);
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: closingArticle(closure.priorState),
        action: "incident.reopened",
        entityType: "incident",
        entityId: incidentId,
        before: { state: "closed", closureId: closure.id },
        after: { state: closure.priorState, ref: incident.ref, reason: reason.reason, restored: ended, channelArchived: closure.archivedAt !== null },
      });
      await enqueueClosingEffects(tx, next, reopened, ended);
      return { outcome: "reopened", incident: next, closure: reopened } as const;
    });
  });
}

/**
 * Someone unarchived an incident channel in Slack (bots cannot unarchive): if the incident was
 * reopened meanwhile, the card and the topic that stayed stale while it was archived are brought up
 * to date. Audited once per unarchiving (`eventTs`); a Slack retry of the same event changes nothing.
 */
export async function channelUnarchived(ctx: AppContext, channelId: string, byUserId: string | null, eventTs: string): Promise<{ resumed: boolean }> {
  const incident = await ctx.store.incidentByChannel(channelId);
  if (!incident || incident.state === "closed" || incident.state === "out_of_scope") return { resumed: false };
  const key = `unarchived:${incident.id}:${eventTs}`;
  if (await ctx.store.effectByKey(`card:${key}`)) return { resumed: false };
  await ctx.store.transact(ctx.clock.now(), async (tx) => {
    await tx.audit({
      actorUserId: byUserId ?? SYSTEM_ACTOR,
      actorParty: byUserId ? (ctx.config.directory.member(byUserId)?.party ?? null) : null,
      article: "4",
      action: "incident.channel_unarchived",
      entityType: "incident",
      entityId: incident.id,
      before: { archived: true },
      after: { archived: false, channelId },
    });
    await tx.enqueue({ kind: "refresh_incident_card", payload: { incidentId: incident.id }, dedupeKey: `card:${key}` });
    await tx.enqueue({ kind: "set_incident_topic", payload: { incidentId: incident.id }, dedupeKey: `topic:${key}` });
  });
  return { resumed: true };
}

/**
 * The archive sweep: channels of incidents closed `archiveAfterDays` ago and not reopened are
 * archived. Each is one change (audited by the bot) that queues the archiving; run again, it
 * finds nothing left to do.
 */
export async function runArchiveSweep(ctx: AppContext): Promise<{ queued: number }> {
  const now = ctx.clock.now();
  let queued = 0;
  for (const due of await ctx.store.closures.archiveDue(now, 100)) {
    const incident = await ctx.store.incidentById(due.incidentId);
    if (!incident) continue;
    const done = await ctx.store.transact(now, async (tx) => {
      const archived = await tx.closures.updateIfVersion(due.id, due.version, { archivedAt: now }, now);
      if (!archived) throw new LostRace(); // reopened meanwhile, or another replica's sweep got there first
      await tx.audit({
        actorUserId: SYSTEM_ACTOR,
        actorParty: null,
        article: closingArticle(due.priorState),
        action: "incident.channel_archived",
        entityType: "incident",
        entityId: incident.id,
        before: { archivedAt: null },
        after: { ref: incident.ref, channelId: incident.channelId, closedAt: due.closedAt, archiveAfterDays: ctx.config.incidentChannels.archiveAfterDays },
      });
      if (incident.channelId) await tx.enqueue({ kind: "archive_incident_channel", payload: { incidentId: incident.id, closureId: due.id }, dedupeKey: `archive:${due.id}` });
      return true;
    }).catch((e: unknown) => {
      if (e instanceof LostRace) return false;
      throw e;
    });
    if (done) queued++;
  }
  return { queued };
}

export type ReviewResult =
  | { outcome: "recorded"; review: Review; incident: Incident }
  | { outcome: "invalid"; errors: Partial<Record<ReviewField, ReviewError>> }
  | { outcome: "refused"; refusal: ReviewRefusal }
  | { outcome: "not_found" };

/**
 * A member of either party records their party's review of a closed incident (once per party and
 * closing round; a retried submission records once). Its card, with the lessons' buttons, goes
 * in the incident channel.
 */
export async function recordReview(ctx: AppContext, actor: Member | undefined, closureId: string, form: ReviewForm, sourceViewId: string | null = null): Promise<ReviewResult> {
  const now = ctx.clock.now();
  return retrying(async () => {
    const closure = await ctx.store.closures.byId(closureId);
    const incident = closure ? await ctx.store.incidentById(closure.incidentId) : null;
    if (!closure || !incident) return { outcome: "not_found" } as const;
    if (sourceViewId) {
      const done = await ctx.store.closures.reviewIdBySourceView(sourceViewId);
      if (done) return { outcome: "recorded", review: (await ctx.store.closures.reviewById(done))!, incident } as const;
    }
    const refusal = reviewRefusal(actor, closure, await ctx.store.closures.reviewsOf(closureId));
    if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member" } as const;
    const validated = validateReview(form);
    if (!validated.ok) return { outcome: "invalid", errors: validated.errors } as const;
    try {
      return await ctx.store.transact(now, async (tx) => {
        const review = await tx.closures.insertReview({ incidentId: incident.id, closureId, party: actor.party, byUserId: actor.userId, ...validated.review }, sourceViewId, now);
        await tx.audit({
          actorUserId: actor.userId,
          actorParty: actor.party,
          article: closingArticle(closure.priorState),
          action: "incident.review_recorded",
          entityType: "incident",
          entityId: incident.id,
          before: null,
          after: { ref: incident.ref, closureId, reviewId: review.id, party: actor.party, worked: review.worked, didNot: review.didNot, lessons: review.lessons },
        });
        await tx.enqueue({ kind: "post_review_card", payload: { reviewId: review.id }, dedupeKey: `review-card:${review.id}` });
        return { outcome: "recorded", review, incident } as const;
      });
    } catch (e) {
      // the same modal submitted twice at once, or two members of one party at the same moment: decide again
      if ((e as { code?: string })?.code === "P2002") throw new LostRace();
      throw e;
    }
  });
}

/**
 * Retention (issue 15): once `retention.eraseAfterYears` have passed since an incident closed (and
 * it was not reopened), its free text is erased and replaced by "(erased after N years on <date>)"
 * in the configured language; the record's skeleton stays, and so does the audit chain (entries
 * chain a hash of their content, kept when the content goes). Each erasure is one change, audited
 * by the bot with what was erased (counts, never the text). Nothing happens without a retention period.
 */
export async function runRetentionSweep(ctx: AppContext): Promise<{ queued: number }> {
  const years = ctx.config.retention.eraseAfterYears;
  if (years === null) return { queued: 0 };
  const now = ctx.clock.now();
  const day = isoDay(localDateOf(now, ctx.config.timezone));
  const note = t(ctx.config.locale, "retention.erased", { years, date: day });
  let erased = 0;
  for (const closure of await ctx.store.closures.notErased(500)) {
    if (!retentionDue(closure, years, now)) continue;
    const incident = await ctx.store.incidentById(closure.incidentId);
    if (!incident || incident.state !== "closed") continue;
    await ctx.store.transact(now, async (tx) => {
      const counts = await tx.closures.eraseIncidentText(incident.id, note, now);
      await tx.audit({ actorUserId: SYSTEM_ACTOR, actorParty: null, article: "7", action: "incident.text_erased", entityType: "retention", entityId: incident.id, before: null, after: { ref: incident.ref, years, erasedOn: day, closedAt: closure.closedAt, counts } });
    });
    erased++;
  }
  return { queued: erased };
}

// Art. 5(3) advice on general standards: the author party asks the other for advice on a draft by
// a due date; members of the other party give advice; the author party's liaison closes the
// request. Each step is one transaction with one audit entry; the card follows.
import type { Activity, ActivityRecord } from "../../domain/activity";
import {
  ADVICE_ARTICLE,
  ADVICE_KIND,
  advisingParty,
  closeAdviceRefusal,
  giveAdviceRefusal,
  validateAdvice,
  validateAdviceRequest,
  type AdviceError,
  type AdviceInput,
  type AdviceRefusal,
  type AdviceRequestError,
  type AdviceRequestInput,
  type CloseRefusal,
} from "../../domain/activities/advice";
import { liaisonsOf, type Member } from "../../domain/parties";
import { isUniqueViolation } from "../../store/consultations";
import type { AppContext } from "../context";
import { queueActivityCardRefresh } from "./normal-times-channel";
import { openActivity } from "./activity-change";

class Duplicate extends Error {}

export type AdviceRequested =
  | { outcome: "recorded"; activity: Activity }
  | { outcome: "refused"; refusal: "not_a_member" }
  | { outcome: "invalid"; errors: AdviceRequestError[] };

/** Any member of a party may ask the other party for advice on their party's draft. */
export async function requestAdvice(ctx: AppContext, actor: Member | undefined, input: AdviceRequestInput, sourceViewId: string): Promise<AdviceRequested> {
  if (!actor) return { outcome: "refused", refusal: "not_a_member" };
  const now = ctx.clock.now();
  const valid = validateAdviceRequest(input, now, ctx.config.timezone);
  if (!valid.data) return { outcome: "invalid", errors: valid.errors };
  const { title, dueAt, ...rest } = valid.data;
  const asked = advisingParty(actor.party, ctx.config.profile.parties.map((p) => p.id));
  const data = { ...rest, advisingParty: asked, advisingLiaisons: asked ? liaisonsOf(ctx.config.directory, asked).map((m) => m.userId) : [] };
  const activity = await openActivity(
    ctx,
    actor,
    { kind: "advice", article: ADVICE_ARTICLE, title, ownerParty: actor.party, data, dueAt },
    {
      action: "activity.advice_requested",
      after: (a) => ({ ref: a.ref, title, authorParty: actor.party, advisingParty: asked, dueAt: dueAt.toISOString(), reference: rest.reference, questions: rest.questions }),
    },
    sourceViewId,
  );
  return { outcome: "recorded", activity };
}

async function adviceRequest(ctx: AppContext, activityId: string): Promise<Activity | null> {
  const activity = await ctx.store.activities.byId(activityId);
  return activity?.kind === "advice" ? activity : null;
}

/** Before the advice modal opens. */
export async function giveAdvicePrecheck(ctx: AppContext, actor: Member | undefined, activityId: string): Promise<{ refusal: AdviceRefusal | "not_found"; activity: Activity | null } | { activity: Activity }> {
  const activity = await adviceRequest(ctx, activityId);
  if (!activity) return { refusal: "not_found", activity: null };
  const refusal = giveAdviceRefusal(actor, activity);
  return refusal ? { refusal, activity } : { activity };
}

export type AdviceGiven =
  | { outcome: "recorded"; record: ActivityRecord | null }
  | { outcome: "refused"; refusal: AdviceRefusal | "not_found"; activity: Activity | null }
  | { outcome: "invalid"; errors: AdviceError[] };

/** A member of the party asked records advice; a retried submission (same view) records once. */
export async function giveAdvice(ctx: AppContext, actor: Member | undefined, activityId: string, input: AdviceInput, sourceViewId: string): Promise<AdviceGiven> {
  const check = await giveAdvicePrecheck(ctx, actor, activityId);
  if ("refusal" in check || !actor) return { outcome: "refused", refusal: "refusal" in check ? check.refusal : "not_a_member", activity: check.activity };
  const valid = validateAdvice(input);
  if (!valid.data) return { outcome: "invalid", errors: valid.errors };
  const data = valid.data;
  const now = ctx.clock.now();
  try {
    return await ctx.store.transact(now, async (tx) => {
      // Still open? The version moves on, so the card is refreshed with this advice.
      const activity = await tx.activities.touchOpen(activityId, now);
      if (!activity) throw new Closed();
      const record = await tx.activities.insertRecord({ activityId, kind: ADVICE_KIND, party: actor.party, byUserId: actor.userId, data, dedupeKey: `advice:${activityId}:${sourceViewId}` }, now);
      if (!record) throw new Duplicate();
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: ADVICE_ARTICLE,
        action: "activity.advice_given",
        entityType: "activity",
        entityId: activityId,
        before: null,
        after: { ref: activity.ref, recordId: record.id, party: actor.party, ...data },
      });
      await queueActivityCardRefresh(tx, activity);
      return { outcome: "recorded" as const, record };
    });
  } catch (e) {
    if (e instanceof Closed) return { outcome: "refused", refusal: "closed", activity: await ctx.store.activities.byId(activityId) };
    if (e instanceof Duplicate || isUniqueViolation(e)) return { outcome: "recorded", record: null };
    throw e;
  }
}

class Closed extends Error {}

export type CloseResult = { outcome: "done"; activity: Activity } | { outcome: "refused"; refusal: CloseRefusal | "not_found"; activity: Activity | null };

/** The author party's liaison closes the request: done. A second click is told it is closed already. */
export async function closeAdvice(ctx: AppContext, actor: Member | undefined, activityId: string): Promise<CloseResult> {
  const activity = await adviceRequest(ctx, activityId);
  if (!activity) return { outcome: "refused", refusal: "not_found", activity: null };
  const refusal = closeAdviceRefusal(actor, activity);
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", activity };
  const now = ctx.clock.now();
  const closed = await ctx.store.transact(now, async (tx) => {
    // Advice given meanwhile moves the version on: read it again rather than refuse.
    const current = await tx.activities.byId(activityId);
    if (!current || current.status !== "open") throw new Duplicate();
    const changed = await tx.activities.updateIf(activityId, current.version, { status: "done", data: { ...current.data, closedByUserId: actor.userId, closedAt: now.toISOString() } }, now);
    if (!changed) throw new Duplicate();
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: ADVICE_ARTICLE,
      action: "activity.advice_closed",
      entityType: "activity",
      entityId: activityId,
      before: { status: "open" },
      after: { ref: changed.ref, status: "done", closedBy: actor.userId },
    });
    await queueActivityCardRefresh(tx, changed);
    return changed;
  }).catch((e: unknown) => {
    if (e instanceof Duplicate) return null;
    throw e;
  });
  if (!closed) return { outcome: "refused", refusal: "already_closed", activity: await ctx.store.activities.byId(activityId) };
  return { outcome: "done", activity: closed };
}

// What the use cases of every kind of activity share: opening an activity once per modal
// submission (a retried submission registers once), and changing one under a row lock so a
// double click or two people at once act once.
import type { Activity, ActivityRecord, NewActivity } from "../../domain/activity";
import type { Member } from "../../domain/parties";
import { yearIn } from "../../domain/time";
import { isUniqueViolation } from "../../store/consultations";
import type { Tx } from "../../store/store";
import type { AppContext } from "../context";
import { queueActivityCard } from "./normal-times-channel";

export class RefusedInActivityChange<R extends string> extends Error {
  constructor(readonly refusal: R) {
    super(refusal);
  }
}

/**
 * Opens an activity: the activity (with the next reference), whatever the kind adds (`extra`, e.g.
 * preparation tasks), one audit entry and its card, in one transaction. The modal's view id makes a
 * retried submission return the activity it already opened.
 */
export async function openActivity(
  ctx: AppContext,
  actor: Member,
  input: Omit<NewActivity, "createdByUserId">,
  audit: { action: string; after: (a: Activity, extra: Record<string, unknown>) => Record<string, unknown> },
  sourceViewId: string | undefined,
  extra: (tx: Tx, activity: Activity) => Promise<Record<string, unknown>> = async () => ({}),
): Promise<Activity> {
  if (sourceViewId) {
    const existing = await ctx.store.activities.bySourceView(sourceViewId);
    if (existing) return existing;
  }
  const now = ctx.clock.now();
  try {
    return await ctx.store.transact(now, async (tx) => {
      const activity = await tx.activities.insert({ ...input, createdByUserId: actor.userId }, now, yearIn(now, ctx.config.timezone), sourceViewId);
      const added = await extra(tx, activity);
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: activity.article,
        action: audit.action,
        entityType: "activity",
        entityId: activity.id,
        before: null,
        after: audit.after(activity, added),
      });
      await queueActivityCard(tx, ctx, activity);
      return activity;
    });
  } catch (e) {
    const existing = sourceViewId && isUniqueViolation(e) ? await ctx.store.activities.bySourceView(sourceViewId) : null;
    if (existing) return existing;
    throw e;
  }
}

/**
 * Changes an activity under a lock: its version is bumped first (a row lock until commit), then it
 * and its records are read fresh for the caller to re-check its rule. Throwing
 * RefusedInActivityChange rolls everything back and reports the refusal.
 */
export async function changeActivity<T, R extends string>(
  ctx: AppContext,
  activityId: string,
  fn: (tx: Tx, activity: Activity, records: ActivityRecord[]) => Promise<T>,
): Promise<{ outcome: "done"; value: T } | { outcome: "refused"; refusal: R }> {
  try {
    const value = await ctx.store.transact(ctx.clock.now(), async (tx) => {
      if (!(await tx.activities.lock(activityId, tx.now))) throw new RefusedInActivityChange("not_open");
      const activity = (await tx.activities.byId(activityId))!;
      return fn(tx, activity, await tx.activities.records(activityId));
    });
    return { outcome: "done", value };
  } catch (e) {
    if (e instanceof RefusedInActivityChange) return { outcome: "refused", refusal: e.refusal as R };
    throw e;
  }
}

// Art. 5(2) information sharing in normal times: a member releases information of a category their
// party provides, with its Art. 7 sharing scope; the receiving party's liaison acknowledges it.
// The share is registered as shared information (basis 5(2)), and its card in the normal-times
// channel becomes the registered message once posted, so forwards outside the scope are warned of.
import type { Activity } from "../../domain/activity";
import { acknowledgeRefusal, categoriesProvidedBy, RECEIVED_KIND, SHARE_ARTICLE, shareStartRefusal, validateShare, type AcknowledgeRefusal, type ShareError, type ShareInput, type ShareRefusal } from "../../domain/activities/share";
import type { SharingCategoryProfile } from "../../config/profiles";
import type { Member } from "../../domain/parties";
import { isUniqueViolation } from "../../store/consultations";
import type { AppContext } from "../context";
import { queueActivityCardRefresh } from "./normal-times-channel";
import { openActivity } from "./activity-change";

export function sharingCategories(ctx: Pick<AppContext, "config">): SharingCategoryProfile[] {
  return ctx.config.profile.normalTimesSharing ?? [];
}

/** Before the modal opens: may this member share, and which categories may they choose from. */
export function sharePrecheck(ctx: Pick<AppContext, "config">, actor: Member | undefined): { refusal: ShareRefusal } | { categories: SharingCategoryProfile[] } {
  const all = sharingCategories(ctx);
  const refusal = shareStartRefusal(actor, all);
  if (refusal || !actor) return { refusal: refusal ?? "not_a_member" };
  return { categories: categoriesProvidedBy(all, actor.party) };
}

export type ShareReleased =
  | { outcome: "recorded"; activity: Activity; sharedInformationId: string | null }
  | { outcome: "refused"; refusal: ShareRefusal }
  | { outcome: "invalid"; errors: ShareError[] };

class AlreadyReleased extends Error {}

/** Releases a share: one activity, its shared information with the designated scope, one audit entry, the card queued. */
export async function releaseShare(ctx: AppContext, actor: Member | undefined, input: ShareInput, sourceViewId: string): Promise<ShareReleased> {
  const check = sharePrecheck(ctx, actor);
  if ("refusal" in check || !actor) return { outcome: "refused", refusal: "refusal" in check ? check.refusal : "not_a_member" };
  const valid = validateShare(sharingCategories(ctx), actor.party, input);
  if (!valid.data) return { outcome: "invalid", errors: valid.errors };
  const { title, ...data } = valid.data;
  const activity = await openActivity(
    ctx,
    actor,
    { kind: "share", article: SHARE_ARTICLE, title, ownerParty: actor.party, data },
    {
      action: "activity.share_released",
      after: (a, added) => ({ ref: a.ref, title, category: data.category, providerParty: actor.party, toParty: data.toParty, scope: data.scope, ...added }),
    },
    sourceViewId,
    async (tx, a) => {
      const sharedInformationId = await tx.sharedItems.insertShare({ activityId: a.id, providerParty: actor.party, summary: title, sharedByUserId: actor.userId, scope: data.scope }, tx.now);
      return { sharedInformationId };
    },
  );
  // A retried submission returns the activity it already opened; its information is registered once.
  return { outcome: "recorded", activity, sharedInformationId: (await ctx.store.sharedItems.ofShareActivity(activity.id))?.id ?? null };
}

/**
 * The card was posted: it becomes the shared information's registered message (Art. 7), so a
 * forward or a pasted link of it is checked against the scope. Once, however often it is called.
 */
export async function registerShareCard(ctx: AppContext, activity: Activity, channelId: string, messageTs: string): Promise<void> {
  if (activity.kind !== "share") return;
  const item = await ctx.store.sharedItems.ofShareActivity(activity.id);
  if (!item || item.messageTs) return;
  const now = ctx.clock.now();
  await ctx.store.transact(now, async (tx) => {
    if (!(await tx.sharedItems.registerShareMessage(item.id, channelId, messageTs, now))) {
      // Registered meanwhile by another runner: the audit entry is theirs, this changes nothing.
      throw new AlreadyReleased();
    }
    await tx.audit({
      actorUserId: item.designatedByUserId ?? item.sharedByUserId,
      actorParty: item.providerParty,
      article: "7",
      action: "sharing_scope.designated",
      entityType: "shared_information",
      entityId: item.id,
      before: null,
      after: { providerParty: item.providerParty, basis: item.basis, scope: item.scope, channelId, messageTs, activityId: activity.id, ref: activity.ref },
    });
  }).catch((e: unknown) => {
    if (!(e instanceof AlreadyReleased)) throw e;
  });
}

export type AcknowledgeResult = { outcome: "done"; activity: Activity } | { outcome: "refused"; refusal: AcknowledgeRefusal | "not_found"; activity: Activity | null };

/** "Received": the receiving party's liaison acknowledges the share; the share is done. Once. */
export async function acknowledgeShare(ctx: AppContext, actor: Member | undefined, activityId: string): Promise<AcknowledgeResult> {
  const activity = await ctx.store.activities.byId(activityId);
  if (!activity || activity.kind !== "share") return { outcome: "refused", refusal: "not_found", activity };
  const refusal = acknowledgeRefusal(actor, activity);
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", activity };
  const now = ctx.clock.now();
  const updated = await ctx.store.transact(now, async (tx) => {
    const record = await tx.activities.insertRecord({ activityId, kind: RECEIVED_KIND, party: actor.party, byUserId: actor.userId, data: {}, dedupeKey: `received:${activityId}` }, now);
    if (!record) throw new AlreadyReleased();
    const changed = await tx.activities.updateIf(activityId, activity.version, { status: "done" }, now);
    if (!changed) throw new AlreadyReleased();
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: SHARE_ARTICLE,
      action: "activity.share_received",
      entityType: "activity",
      entityId: activityId,
      before: { status: activity.status },
      after: { ref: activity.ref, status: "done", receivedBy: actor.userId },
    });
    await queueActivityCardRefresh(tx, changed);
    return changed;
  }).catch((e: unknown) => {
    if (e instanceof AlreadyReleased || isUniqueViolation(e)) return null;
    throw e;
  });
  if (!updated) return { outcome: "refused", refusal: "already_received", activity: await ctx.store.activities.byId(activityId) };
  return { outcome: "done", activity: updated };
}

// Arts. 6 and 8 use cases: open a consultation (the card mentions the other party's liaison
// officers: opening it is contacting them), record a proposed resolution (a new version withdraws
// the confirmations of the earlier one), and confirm the current version for one's party; once
// every party confirmed it, the consultation is resolved. One transaction and one audit entry each.
import type { Activity } from "../../domain/activity";
import {
  CONFIRMATION_KIND,
  confirmationKey,
  confirmationsWithdrawnByNewVersion,
  consultationRefusal,
  RESOLUTION_KIND,
  resolutionKey,
  resolutionStateOf,
  validateResolutionText,
  type ConsultationRefusal,
  type ResolutionState,
} from "../../domain/activities/consultation";
import type { Member } from "../../domain/parties";
import { liaisonsOf } from "../../domain/parties";
import type { AppContext } from "../context";
import { changeActivity, openActivity, RefusedInActivityChange } from "./activity-change";
import { queueActivityCardRefresh } from "./normal-times-channel";

const partiesOf = (ctx: AppContext) => ctx.config.profile.parties.map((p) => p.id);

export async function openConsultationActivity(ctx: AppContext, actor: Member, input: { article: string; title: string; question: string; dueAt: Date | null }, sourceViewId?: string): Promise<Activity> {
  // The other parties' liaison officers at the time of opening: the card mentions them (Art. 8 "consult").
  const contacts = partiesOf(ctx)
    .filter((p) => p !== actor.party)
    .flatMap((p) => liaisonsOf(ctx.config.directory, p).map((m) => m.userId));
  return openActivity(
    ctx,
    actor,
    { kind: "consultation", article: input.article, title: input.title, ownerParty: actor.party, data: { question: input.question, contacts }, dueAt: input.dueAt },
    { action: "activity.consultation_opened", after: (a) => ({ ref: a.ref, title: a.title, article: a.article, question: input.question, dueAt: a.dueAt, contacts }) },
    sourceViewId,
  );
}

export type ConsultationResult =
  | { outcome: "recorded"; activity: Activity; state: ResolutionState }
  | { outcome: "refused"; refusal: ConsultationRefusal; activity: Activity | null; state: ResolutionState | null }
  | { outcome: "invalid"; error: "required" | "too_long" | "changed_meanwhile" };

export async function resolutionState(ctx: AppContext, activityId: string): Promise<ResolutionState> {
  return resolutionStateOf(await ctx.store.activities.records(activityId), partiesOf(ctx));
}

export async function consultationPrecheck(ctx: AppContext, actor: Member | undefined, activityId: string, action: "resolve" | "confirm", version?: number, forParty?: string) {
  const activity = await ctx.store.activities.byId(activityId);
  if (!activity || activity.kind !== "consultation") return { outcome: "refused" as const, refusal: "not_open" as const, activity, state: null };
  const state = await resolutionState(ctx, activityId);
  const refusal = consultationRefusal(actor, activity, state, action, version, forParty);
  return refusal ? { outcome: "refused" as const, refusal, activity, state } : null;
}

async function refusedNow(ctx: AppContext, activityId: string, refusal: ConsultationRefusal): Promise<ConsultationResult> {
  return { outcome: "refused", refusal, activity: await ctx.store.activities.byId(activityId), state: await resolutionState(ctx, activityId) };
}

/**
 * Records the text as the next version of the proposed resolution. `baseVersion` is the version the
 * modal was opened on: if another version was recorded meanwhile, nothing changes and the user is told.
 */
export async function recordResolution(ctx: AppContext, actor: Member | undefined, activityId: string, text: string, baseVersion: number): Promise<ConsultationResult> {
  const refused = await consultationPrecheck(ctx, actor, activityId, "resolve");
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", activity: null, state: null };
  const invalid = validateResolutionText(text);
  if (invalid) return { outcome: "invalid", error: invalid };
  const trimmed = text.trim();
  const result = await changeActivity<ConsultationResult, ConsultationRefusal | "changed_meanwhile">(ctx, activityId, async (tx, activity, records) => {
    const state = resolutionStateOf(records, partiesOf(ctx));
    const refusal = consultationRefusal(actor, activity, state, "resolve");
    if (refusal) throw new RefusedInActivityChange(refusal);
    if ((state.current?.version ?? 0) !== baseVersion) throw new RefusedInActivityChange("changed_meanwhile");
    const version = baseVersion + 1;
    const withdrew = confirmationsWithdrawnByNewVersion(state).map((c) => ({ party: c.party, byUserId: c.byUserId }));
    const record = await tx.activities.insertRecord({ activityId, kind: RESOLUTION_KIND, party: actor.party, byUserId: actor.userId, data: { version, text: trimmed, withdrew }, dedupeKey: resolutionKey(activityId, version) }, tx.now);
    if (!record) throw new RefusedInActivityChange("changed_meanwhile");
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: activity.article,
      action: "activity.resolution_recorded",
      entityType: "activity",
      entityId: activityId,
      before: state.current ? { version: state.current.version, text: state.current.text, confirmedBy: Object.keys(state.confirmations) } : null,
      after: { ref: activity.ref, version, text: trimmed, confirmationsWithdrawn: withdrew },
    });
    await queueActivityCardRefresh(tx, activity);
    return { outcome: "recorded", activity, state: resolutionStateOf(await tx.activities.records(activityId), partiesOf(ctx)) };
  });
  if (result.outcome === "done") return result.value;
  if (result.refusal === "changed_meanwhile") return { outcome: "invalid", error: "changed_meanwhile" };
  return refusedNow(ctx, activityId, result.refusal);
}

/** A liaison officer confirms, for their party, the exact version the card showed. */
export async function confirmResolution(ctx: AppContext, actor: Member | undefined, activityId: string, version: number, forParty: string): Promise<ConsultationResult> {
  const refused = await consultationPrecheck(ctx, actor, activityId, "confirm", version, forParty);
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", activity: null, state: null };
  const result = await changeActivity<ConsultationResult, ConsultationRefusal>(ctx, activityId, async (tx, activity, records) => {
    const state = resolutionStateOf(records, partiesOf(ctx));
    const refusal = consultationRefusal(actor, activity, state, "confirm", version, forParty);
    if (refusal) throw new RefusedInActivityChange(refusal);
    const record = await tx.activities.insertRecord({ activityId, kind: CONFIRMATION_KIND, party: actor.party, byUserId: actor.userId, data: { version }, dedupeKey: confirmationKey(activityId, version, actor.party) }, tx.now);
    if (!record) throw new RefusedInActivityChange("already_confirmed");
    const after = resolutionStateOf(await tx.activities.records(activityId), partiesOf(ctx));
    let current = activity;
    if (after.confirmedByAll) {
      current = (await tx.activities.updateIf(activityId, activity.version, { status: "resolved", data: { ...activity.data, resolvedVersion: version, resolvedAt: tx.now.toISOString() } }, tx.now))!;
    }
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: activity.article,
      action: after.confirmedByAll ? "activity.consultation_resolved" : "activity.resolution_confirmed",
      entityType: "activity",
      entityId: activityId,
      before: { version, confirmedBy: Object.keys(state.confirmations), status: activity.status },
      after: { ref: activity.ref, version, confirmedBy: Object.keys(after.confirmations), status: current.status },
    });
    await queueActivityCardRefresh(tx, current);
    return { outcome: "recorded", activity: current, state: after };
  });
  if (result.outcome === "done") return result.value;
  return refusedNow(ctx, activityId, result.refusal);
}

// Arts. 5, 6 and 8 happen in one channel both parties share. It is either configured
// (normalTimes.channel) or created by the bot the first time someone opens an activity; its
// progress (opened, ready, failed) is recorded like an incident channel's.
import type { Activity, NormalTimesChannelState } from "../../domain/activity";
import type { Tx } from "../../store/store";
import { SYSTEM_ACTOR, type AppContext } from "../context";

export const PROVISION_NORMAL_TIMES_KEY = "provision-normal-times";

/** The channel's ID once it can be posted to; null while the bot is still creating it. */
export async function normalTimesChannelId(ctx: Pick<AppContext, "store" | "config">): Promise<string | null> {
  if (ctx.config.normalTimes.channel) return ctx.config.normalTimes.channel;
  const state = await ctx.store.activities.normalTimesChannel();
  return state?.status === "ready" ? state.channelId : null;
}

/**
 * Inside the transaction that opens an activity: makes sure the channel exists or is being created,
 * and queues the activity's card, which waits for the channel.
 */
export async function queueActivityCard(tx: Tx, ctx: Pick<AppContext, "config">, activity: Activity): Promise<void> {
  if (!ctx.config.normalTimes.channel) {
    const state = await tx.activities.ensureNormalTimesChannel(tx.now);
    // With one installation per organisation, the host party's creates it (and shares it through Slack Connect).
    const hostTeam = ctx.config.partyTeams[ctx.config.normalTimes.host];
    if (state.status !== "ready") await tx.enqueue({ kind: "provision_normal_times_channel", payload: {}, dedupeKey: PROVISION_NORMAL_TIMES_KEY, ...(hostTeam ? { teamId: hostTeam } : {}) });
  }
  await tx.enqueue({ kind: "post_activity_card", payload: { activityId: activity.id }, dedupeKey: `activity-card:${activity.id}` });
}

/** Inside a transaction that changed an activity: its card follows (updated in place). */
export async function queueActivityCardRefresh(tx: Tx, activity: Activity): Promise<void> {
  await tx.enqueue({ kind: "refresh_activity_card", payload: { activityId: activity.id }, dedupeKey: `activity-card:${activity.id}:v${activity.version}` });
}

/** Records the channel's progress; one transaction and one audit entry per step. */
export async function recordNormalTimesChannel(ctx: AppContext, next: NormalTimesChannelState): Promise<void> {
  await ctx.store.transact(ctx.clock.now(), async (tx) => {
    const before = await tx.activities.normalTimesChannel();
    await tx.activities.ensureNormalTimesChannel(tx.now);
    await tx.activities.setNormalTimesChannel(next, tx.now);
    await tx.audit({
      actorUserId: SYSTEM_ACTOR,
      actorParty: null,
      article: "5",
      action: `normal_times.channel_${next.status}`,
      entityType: "normal_times_channel",
      entityId: "normal_times_channel",
      before: before ? { ...before } : null,
      after: { ...next },
    });
  });
}

// The lifecycle of an incident's shared channel, as the Slack side reports its progress: opened,
// ready, failed, retried. Each is one transaction with its audit entry.
import type { Incident } from "../domain/incident";
import type { Member } from "../domain/parties";
import { refusalFor, type Refusal } from "../domain/permissions";
import { SYSTEM_ACTOR, type AppContext } from "./context";

export const provisionKey = (incidentId: string) => `provision:${incidentId}`;

export async function recordChannelOpened(ctx: AppContext, incidentId: string, channelId: string, channelName: string): Promise<Incident> {
  return ctx.store.transact(ctx.clock.now(), async (tx) => {
    const updated = await tx.updateIncident(incidentId, { channelId, channelName });
    await tx.audit({
      actorUserId: SYSTEM_ACTOR,
      actorParty: null,
      article: "4(2)",
      action: "incident.channel_opened",
      entityType: "incident",
      entityId: incidentId,
      before: { channelId: null },
      after: { channelId, channelName },
    });
    return updated;
  });
}

/** The channel is set up: post the incident's open tasks there and tell the submitter. */
export async function recordChannelReady(ctx: AppContext, incidentId: string): Promise<Incident> {
  const tasks = await ctx.store.tasksOfIncident(incidentId);
  return ctx.store.transact(ctx.clock.now(), async (tx) => {
    const before = await tx.findIncident(incidentId);
    const updated = await tx.updateIncident(incidentId, { channelStatus: "ready", channelError: null });
    await tx.audit({
      actorUserId: SYSTEM_ACTOR,
      actorParty: null,
      article: "4(2)",
      action: "incident.channel_ready",
      entityType: "incident",
      entityId: incidentId,
      before: { channelStatus: before?.channelStatus ?? null },
      after: { channelStatus: "ready", channelId: updated.channelId },
    });
    for (const task of tasks) {
      if (!task.messageTs) await tx.enqueue({ kind: "post_task", payload: { taskId: task.id }, dedupeKey: `post-task:${task.id}` });
    }
    await tx.enqueue({ kind: "notify_channel_ready", payload: { incidentId }, dedupeKey: `channel-ready:${incidentId}` });
    return updated;
  });
}

/** Records a failed set-up attempt so users can see it; tells the submitter once per failure. */
export async function recordChannelFailure(ctx: AppContext, incidentId: string, error: string): Promise<Incident | null> {
  return ctx.store.transact(ctx.clock.now(), async (tx) => {
    const before = await tx.findIncident(incidentId);
    if (!before) return null;
    const updated = await tx.updateIncident(incidentId, { channelStatus: "failed", channelError: error });
    await tx.audit({
      actorUserId: SYSTEM_ACTOR,
      actorParty: null,
      article: "4(2)",
      action: "incident.channel_failed",
      entityType: "incident",
      entityId: incidentId,
      before: { channelStatus: before.channelStatus, channelError: before.channelError },
      after: { channelStatus: "failed", channelError: error },
    });
    if (before.channelStatus !== "failed") {
      await tx.enqueue({ kind: "notify_channel_failure", payload: { incidentId }, dedupeKey: `channel-failure:${incidentId}:v${updated.version}` });
    }
    return updated;
  });
}

export type RetryResult = { outcome: "retrying"; incident: Incident } | { outcome: "not_needed"; incident: Incident } | { outcome: "refused"; refusal: Refusal } | { outcome: "not_found" };

/** A user asks to retry a failed set-up now instead of waiting for the automatic retry. */
export async function requestChannelRetry(ctx: AppContext, actor: Member | undefined, incidentId: string): Promise<RetryResult> {
  const incident = await ctx.store.incidentById(incidentId);
  if (!incident) return { outcome: "not_found" };
  const refusal = refusalFor(actor, "channel.retry", { incidentCreatedBy: incident.createdByUserId });
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member" };
  if (incident.channelStatus !== "failed") return { outcome: "not_needed", incident };
  const now = ctx.clock.now();
  const updated = await ctx.store.transact(now, async (tx) => {
    const next = await tx.updateIncident(incidentId, { channelStatus: "pending" });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: "4(2)",
      action: "incident.channel_retry_requested",
      entityType: "incident",
      entityId: incidentId,
      before: { channelStatus: "failed", channelError: incident.channelError },
      after: { channelStatus: "pending" },
    });
    return next;
  });
  await ctx.store.retryEffect(provisionKey(incidentId), now);
  return { outcome: "retrying", incident: updated };
}

// A party's internal channel per incident (Art. 4(2): each party provides what it judges
// appropriate, so it may work privately first). Opened on request by a member of the party; the
// channel is created by an outbox effect, like the joint channel, and the row is unique per
// incident and party, so a double click opens one channel.
import type { Incident } from "../domain/incident";
import type { Member } from "../domain/parties";
import { isUniqueViolation } from "../store/consultations";
import type { InternalChannelRecord } from "../domain/internal-channel";
import { SYSTEM_ACTOR, type AppContext } from "./context";

const ARTICLE = "4(2)";

export const internalProvisionKey = (internalChannelId: string, userId: string) => `internal-channel:${internalChannelId}:${userId}`;

export type InternalChannelResult =
  | { outcome: "requested"; channel: InternalChannelRecord }
  | { outcome: "exists"; channel: InternalChannelRecord; invited: boolean }
  | { outcome: "refused"; refusal: "not_a_member" };

/**
 * A member asks for their party's internal channel of the incident: the first request opens it;
 * a later one by another member of the party invites them. Only the party's own members are ever
 * invited: the requester's party is the channel's party.
 */
export async function requestInternalChannel(ctx: AppContext, actor: Member | undefined, incident: Incident): Promise<InternalChannelResult> {
  if (!actor) return { outcome: "refused", refusal: "not_a_member" };
  const existing = await ctx.store.internalChannels.of(incident.id, actor.party);
  if (existing) return joinExisting(ctx, actor, existing);
  const now = ctx.clock.now();
  try {
    const channel = await ctx.store.transact(now, async (tx) => {
      const c = await tx.internalChannels.insert({ incidentId: incident.id, party: actor.party, requestedByUserId: actor.userId }, now);
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: ARTICLE,
        action: "internal_channel.requested",
        entityType: "internal_channel",
        entityId: c.id,
        before: null,
        after: { incidentId: incident.id, ref: incident.ref, party: actor.party },
      });
      await tx.enqueue({ kind: "provision_internal_channel", payload: { internalChannelId: c.id, userId: actor.userId }, dedupeKey: internalProvisionKey(c.id, actor.userId), ...partyWorkspace(ctx, actor.party) });
      return c;
    });
    return { outcome: "requested", channel };
  } catch (e) {
    // Two clicks at the same moment: the unique (incident, party) keeps one channel.
    if (!isUniqueViolation(e)) throw e;
    return { outcome: "exists", channel: (await ctx.store.internalChannels.of(incident.id, actor.party))!, invited: false };
  }
}

/** With one installation per organisation, a party's internal channel lives in its own workspace: its installation acts. */
const partyWorkspace = (ctx: AppContext, party: string): { teamId?: string } => {
  const teamId = ctx.config.partyTeams[party];
  return teamId ? { teamId } : {};
};

/** Someone else's request (or a double click) got there first: nothing to record. */
class AlreadyAsked extends Error {}

async function joinExisting(ctx: AppContext, actor: Member, channel: InternalChannelRecord): Promise<InternalChannelResult> {
  const key = internalProvisionKey(channel.id, actor.userId);
  const retry = channel.status === "failed";
  const dedupeKey = retry ? `${key}:${ctx.clock.now().getTime()}` : key;
  const now = ctx.clock.now();
  try {
    await ctx.store.transact(now, async (tx) => {
      // Checked inside the transaction (the effect's key is unique, so the invitation is queued once whatever happens).
      if (!retry && (await tx.hasEffect(dedupeKey))) throw new AlreadyAsked();
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: ARTICLE,
        action: retry ? "internal_channel.retry_requested" : "internal_channel.member_requested",
        entityType: "internal_channel",
        entityId: channel.id,
        before: { status: channel.status },
        after: { status: retry ? "pending" : channel.status, userId: actor.userId },
      });
      if (retry) await tx.internalChannels.update(channel.id, { status: "pending", error: null }, now);
      await tx.enqueue({ kind: "provision_internal_channel", payload: { internalChannelId: channel.id, userId: actor.userId }, dedupeKey, ...partyWorkspace(ctx, actor.party) });
    });
  } catch (e) {
    if (e instanceof AlreadyAsked || isUniqueViolation(e)) return { outcome: "exists", channel: (await ctx.store.internalChannels.byId(channel.id))!, invited: false };
    throw e;
  }
  return { outcome: "exists", channel: (await ctx.store.internalChannels.byId(channel.id))!, invited: true };
}

/** The Slack channel exists (recorded before anything else, so a retry never creates a second). */
export async function recordInternalChannelOpened(ctx: AppContext, id: string, channelId: string, channelName: string): Promise<InternalChannelRecord> {
  return ctx.store.transact(ctx.clock.now(), async (tx) => {
    const updated = await tx.internalChannels.update(id, { channelId, channelName }, tx.now);
    await tx.audit({ actorUserId: SYSTEM_ACTOR, actorParty: null, article: ARTICLE, action: "internal_channel.opened", entityType: "internal_channel", entityId: id, before: { channelId: null }, after: { channelId, channelName, party: updated.party } });
    return updated;
  });
}

export async function recordInternalChannelReady(ctx: AppContext, id: string, userId: string, deliveryKey: string): Promise<InternalChannelRecord> {
  return ctx.store.transact(ctx.clock.now(), async (tx) => {
    const updated = await tx.internalChannels.update(id, { status: "ready", error: null }, tx.now);
    await tx.audit({ actorUserId: SYSTEM_ACTOR, actorParty: null, article: ARTICLE, action: "internal_channel.member_added", entityType: "internal_channel", entityId: id, before: null, after: { channelId: updated.channelId, userId } });
    await tx.enqueue({ kind: "notify_internal_channel", payload: { internalChannelId: id, userId }, dedupeKey: `internal-channel-ready:${deliveryKey}` });
    return updated;
  });
}

/** A failed set-up attempt: recorded, and the requester told once per failure (the outbox keeps retrying). */
export async function recordInternalChannelFailure(ctx: AppContext, id: string, userId: string, error: string): Promise<void> {
  const before = await ctx.store.internalChannels.byId(id);
  if (!before || before.status === "failed") return;
  await ctx.store.transact(ctx.clock.now(), async (tx) => {
    const updated = await tx.internalChannels.update(id, { status: "failed", error }, tx.now);
    await tx.audit({ actorUserId: SYSTEM_ACTOR, actorParty: null, article: ARTICLE, action: "internal_channel.failed", entityType: "internal_channel", entityId: id, before: { status: before.status }, after: { status: "failed", error, party: updated.party } });
    await tx.enqueue({ kind: "notify_internal_channel", payload: { internalChannelId: id, userId }, dedupeKey: `internal-channel-failed:${id}:${userId}:${tx.now.getTime()}` });
  });
}

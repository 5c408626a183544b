// An incident channel (or the normal-times channel) shared between two organisations' workspaces
// through Slack Connect: the host's installation invites the other organisation's installation,
// which accepts; where that organisation's admins must approve, the card (the normal-times channel:
// a notice in it) says so until they have; once shared, the other installation invites its own
// people. Each step is one transaction with its audit entry.
import { partyOfTeam } from "../domain/installations";
import { runOutInvites } from "../domain/slack-connect";
import { liaisonsOf, type Member } from "../domain/parties";
import { refusalFor, type Refusal } from "../domain/permissions";
import type { SharedChannelInviteRecord, SharedInviteStatus } from "../store/shared-channel-invites";
import { SYSTEM_ACTOR, type AppContext } from "./context";

const ARTICLE = "4(2)";

/**
 * The subject an invitation of the normal-times channel is recorded under (in the invitation's
 * incidentId, which otherwise names the incident whose channel is shared); the same id the
 * normal-times channel's own audit entries use.
 */
export const NORMAL_TIMES_SUBJECT = "normal_times_channel";

export const isNormalTimes = (invite: Pick<SharedChannelInviteRecord, "incidentId">) => invite.incidentId === NORMAL_TIMES_SUBJECT;

/** How a step of an invitation is audited: under the incident (Art. 4(2)) or the normal-times channel (Art. 5). */
function auditSubject(invite: Pick<SharedChannelInviteRecord, "incidentId">, step: string) {
  return isNormalTimes(invite)
    ? { article: "5", action: `normal_times.${step}`, entityType: "normal_times_channel", entityId: NORMAL_TIMES_SUBJECT }
    : { article: ARTICLE, action: `incident.${step}`, entityType: "incident", entityId: invite.incidentId };
}

/** The follow-up that shows an invitation's new status: the incident card, or a notice in the normal-times channel. */
async function showStatus(tx: Tx, invite: SharedChannelInviteRecord, status: SharedInviteStatus): Promise<void> {
  if (isNormalTimes(invite)) {
    if (status !== "shared") await tx.enqueue({ kind: "notify_normal_times_share", payload: { inviteId: invite.id, status }, dedupeKey: `normal-times-share:${invite.id}:${status}` });
    return;
  }
  await tx.enqueue({ kind: "refresh_incident_card", payload: { incidentId: invite.incidentId }, dedupeKey: `card:${invite.incidentId}:share:${invite.id}:${status === "waiting_approval" ? "waiting" : status}` });
}

/** The host's installation sent the invitation (conversations.inviteShared to the other installation's bot). */
export async function recordSharedInviteSent(ctx: AppContext, i: { inviteId: string; incidentId: string; channelId: string; hostTeamId: string; targetTeamId: string; party: string }): Promise<void> {
  await ctx.store.transact(ctx.clock.now(), async (tx) => {
    await tx.sharedInvites.insert({ id: i.inviteId, incidentId: i.incidentId, channelId: i.channelId, hostTeamId: i.hostTeamId, targetTeamId: i.targetTeamId, party: i.party, status: "invited" }, tx.now);
    await tx.audit({ actorUserId: SYSTEM_ACTOR, actorParty: null, ...auditSubject(i, "channel_share_invited"), before: null, after: { inviteId: i.inviteId, party: i.party, teamId: i.targetTeamId } });
    // A card already posted (an invitation sent again) shows the new one; at provisioning the card is posted after this.
    if (!isNormalTimes(i)) await tx.enqueue({ kind: "refresh_incident_card", payload: { incidentId: i.incidentId }, dedupeKey: `card:${i.incidentId}:share:${i.inviteId}:invited` });
  });
}

/**
 * The other organisation's installation received an invitation (shared_channel_invite_received).
 * Only invitations to renkei's own incident channels, to the workspace invited, are accepted.
 */
export async function acceptIncidentChannelInvite(ctx: AppContext, e: { inviteId: string; channelName: string; teamId: string }): Promise<"accepting" | "ignored"> {
  const invite = await ctx.store.sharedInvites.find(e.inviteId);
  if (!invite || invite.targetTeamId !== e.teamId || invite.status !== "invited") return "ignored";
  return moveOn(ctx, invite, ["invited"], "accepting", "channel_share_accepting", async (tx) => {
    await tx.enqueue({ kind: "accept_shared_invite", payload: { inviteId: invite.id, channelName: e.channelName }, dedupeKey: `accept-invite:${invite.id}`, teamId: invite.targetTeamId });
  }) .then((moved) => (moved ? "accepting" : "ignored"));
}

/** Accepted; the other organisation's admins must still approve: the card says "waiting for approval by <org>". */
export async function recordWaitingApproval(ctx: AppContext, inviteId: string): Promise<boolean> {
  const invite = await ctx.store.sharedInvites.find(inviteId);
  if (!invite) return false;
  return moveOn(ctx, invite, ["invited", "accepting"], "waiting_approval", "channel_share_waiting_approval", async (tx) => {
    await showStatus(tx, invite, "waiting_approval");
    await tellLiaisons(ctx, tx, invite, "waiting_approval");
  });
}

/** The channel is shared with the other workspace: its installation invites its own people; the card updates. */
export async function recordChannelShared(ctx: AppContext, inviteId: string): Promise<boolean> {
  const invite = await ctx.store.sharedInvites.find(inviteId);
  if (!invite) return false;
  return moveOn(ctx, invite, ["invited", "accepting", "waiting_approval"], "shared", "channel_shared", async (tx) => {
    await tx.enqueue({ kind: "join_shared_channel", payload: { incidentId: invite.incidentId, party: invite.party }, dedupeKey: `join-shared:${invite.id}`, teamId: invite.targetTeamId });
    await showStatus(tx, invite, "shared");
  });
}

/** Refused (by the other organisation or its admins) or expired: nothing is shared; the card says so. */
export async function recordShareRefused(ctx: AppContext, inviteId: string, status: "declined" | "expired"): Promise<boolean> {
  const invite = await ctx.store.sharedInvites.find(inviteId);
  if (!invite) return false;
  return moveOn(ctx, invite, ["invited", "accepting", "waiting_approval"], status, `channel_share_${status}`, async (tx) => {
    await showStatus(tx, invite, status);
    await tellLiaisons(ctx, tx, invite, status);
  });
}

export type ResendResult =
  | { outcome: "resending"; invite: SharedChannelInviteRecord }
  | { outcome: "not_needed"; invite: SharedChannelInviteRecord }
  | { outcome: "refused"; refusal: Refusal }
  | { outcome: "not_found" };

/**
 * A liaison officer of either party sends a refused or expired invitation of an incident channel
 * (or of the normal-times channel) again (the card's or the DM's button): the old one is marked replaced and the host's installation
 * invites once more. A second click (or the other party's liaison clicking meanwhile) finds it
 * replaced: nothing more.
 */
export async function requestShareResend(ctx: AppContext, actor: Member | undefined, inviteId: string): Promise<ResendResult> {
  const invite = await ctx.store.sharedInvites.find(inviteId);
  if (!invite) return { outcome: "not_found" };
  const refusal = refusalFor(actor, "channel.share_resend");
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member" };
  if (invite.status !== "declined" && invite.status !== "expired") return { outcome: "not_needed", invite };
  const moved = await moveOn(ctx, invite, ["declined", "expired"], "resent", "channel_share_resend_requested", async (tx) => {
    await tx.enqueue({ kind: "resend_shared_invite", payload: { inviteId: invite.id }, dedupeKey: `share-resend:${invite.id}`, teamId: invite.hostTeamId });
    await showStatus(tx, invite, "resent");
  }, actor);
  const now = (await ctx.store.sharedInvites.find(inviteId)) ?? invite;
  return moved ? { outcome: "resending", invite: now } : { outcome: "not_needed", invite: now };
}

/** The invitations of an incident's channel as the card shows them: the latest one per invited party. */
export function latestInvites(invites: readonly SharedChannelInviteRecord[]): SharedChannelInviteRecord[] {
  // One replaced (resent) is never the latest, even when both were written at the same instant.
  const rank = (i: SharedChannelInviteRecord) => [i.status === "resent" ? 0 : 1, i.createdAt.getTime()] as const;
  const byParty = new Map<string, SharedChannelInviteRecord>();
  for (const i of invites) {
    const seen = byParty.get(i.party);
    const [a, b] = [rank(i), seen ? rank(seen) : null];
    if (!b || a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1])) byParty.set(i.party, i);
  }
  return [...byParty.values()];
}

/**
 * The liaison officers of both parties (the host's and the invited one's) hear of a channel's
 * invitation waiting, refused or expired: an incident channel's, or the normal-times channel's
 * (whose notice in the channel the invited party cannot read until it is shared).
 */
async function tellLiaisons(ctx: AppContext, tx: Tx, invite: SharedChannelInviteRecord, status: "waiting_approval" | "declined" | "expired"): Promise<void> {
  const parties = new Set([partyOfTeam(ctx.config.partyTeams, invite.hostTeamId), invite.party].filter((p): p is string => !!p));
  for (const party of parties) {
    for (const liaison of liaisonsOf(ctx.config.directory, party)) {
      await tx.enqueue({ kind: "notify_share_status", payload: { inviteId: invite.id, status, userId: liaison.userId }, dedupeKey: `share-status:${invite.id}:${status}:${liaison.userId}` });
    }
  }
}

/**
 * Invitations no one accepted within Slack's 14 days are expired (Slack raises no event for it):
 * the card says so and both parties' liaison officers are told, with the button that sends it again.
 */
export async function runShareExpirySweep(ctx: AppContext): Promise<{ queued: number }> {
  let queued = 0;
  for (const invite of runOutInvites(await ctx.store.sharedInvites.unanswered(), ctx.clock.now())) {
    if (await recordShareRefused(ctx, invite.id, "expired")) queued++;
  }
  return { queued };
}

/** The invitation of a channel (for events that name the channel, not the invitation). */
export async function inviteOfChannel(ctx: AppContext, channelId: string, targetTeamId?: string): Promise<SharedChannelInviteRecord | undefined> {
  const all = await ctx.store.sharedInvites.ofChannel(channelId);
  return all.find((i) => !targetTeamId || i.targetTeamId === targetTeamId);
}

type Tx = Parameters<Parameters<AppContext["store"]["transact"]>[1]>[0];

/** One step of an invitation: status from one of `from` to `to`, audited; false (nothing written) when another event moved it first. */
async function moveOn(ctx: AppContext, invite: SharedChannelInviteRecord, from: SharedInviteStatus[], to: SharedInviteStatus, step: string, then: (tx: Tx) => Promise<void>, actor?: Member): Promise<boolean> {
  if (!from.includes(invite.status)) return false;
  try {
    return await ctx.store.transact(ctx.clock.now(), async (tx) => {
      if (!(await tx.sharedInvites.setStatus(invite.id, from, to, tx.now))) throw new NotMoved();
      await tx.audit({ actorUserId: actor?.userId ?? SYSTEM_ACTOR, actorParty: actor?.party ?? null, ...auditSubject(invite, step), before: { inviteId: invite.id, status: invite.status }, after: { inviteId: invite.id, status: to, party: invite.party } });
      await then(tx);
      return true;
    });
  } catch (e) {
    if (e instanceof NotMoved) return false;
    throw e;
  }
}

class NotMoved extends Error {}

// Slack Connect between two organisations' installations: the invited installation accepts the
// invitation to an incident channel, and once the channel is shared invites its own people; the
// liaison officers of both parties hear of an invitation waiting, refused or expired, and one they
// send again goes out through the host's installation.
import { isNormalTimes, NORMAL_TIMES_SUBJECT, recordChannelShared, recordSharedInviteSent, recordShareRefused, recordWaitingApproval } from "../../app/slack-connect";
import { partyOfTeam } from "../../domain/installations";
import { normalTimesCore } from "./activities";
import { liaisonsOf } from "../../domain/parties";
import { PermanentEffectError, type HandlersFor } from "../../effects/runner";
import { describeError } from "../errors";
import { shareStatusNotice, type SharedSubject } from "../views/slack-connect";
import { inviteMissing } from "./channel-members";
import { dm, mustIncident, userRc, type SlackEffectDeps } from "./support";

type Kinds = "accept_shared_invite" | "join_shared_channel" | "notify_share_status" | "resend_shared_invite";

export function slackConnectEffectHandlers(deps: SlackEffectDeps): HandlersFor<Kinds> {
  return {
    // Runs through the invited installation (the effect's teamId).
    accept_shared_invite: async ({ inviteId, channelName }) => {
      let implicit: boolean;
      try {
        const res = await deps.client.conversations.acceptSharedInvite({ invite_id: inviteId, channel_name: channelName });
        implicit = res.implicit_approval !== false;
      } catch (e) {
        const code = describeError(e);
        if (code === "already_in_channel") return; // accepted by an earlier attempt whose answer was lost; events follow
        if (code === "invalid_link" || code === "invite_not_found") {
          await recordShareRefused(deps, inviteId, "expired");
          return;
        }
        throw e;
      }
      if (implicit) await recordChannelShared(deps, inviteId);
      else await recordWaitingApproval(deps, inviteId);
    },
    // Runs through the invited party's own installation: it invites that party's liaison officers (and the registrant if theirs).
    join_shared_channel: async ({ incidentId, party }) => {
      if (incidentId === NORMAL_TIMES_SUBJECT) {
        // The normal-times channel: that party's liaison officers and managers.
        const channel = deps.config.normalTimes.channel ?? (await deps.store.activities.normalTimesChannel())?.channelId;
        if (channel) await inviteMissing(deps.client, channel, deps.config.directory.membersOf(party).filter(normalTimesCore).map((m) => m.userId));
        return;
      }
      const incident = await mustIncident(deps, incidentId);
      if (!incident.channelId) return;
      const wanted = new Set(liaisonsOf(deps.config.directory, party).map((m) => m.userId));
      if (incident.createdByParty === party) wanted.add(incident.createdByUserId);
      await inviteMissing(deps.client, incident.channelId, wanted);
    },
    // To one liaison officer, through their own organisation's installation.
    notify_share_status: async ({ inviteId, status, userId }, effect) => {
      const invite = await deps.store.sharedInvites.find(inviteId);
      if (!invite) throw new PermanentEffectError(`invitation ${inviteId} not found`);
      if (status === "waiting_approval" && invite.status === "shared") return; // approved before this went out: nothing to do any more
      const subject: SharedSubject = isNormalTimes(invite) ? { kind: "normal_times", channelId: invite.channelId } : { kind: "incident", incident: await mustIncident(deps, invite.incidentId) };
      const hostParty = partyOfTeam(deps.config.partyTeams, invite.hostTeamId) ?? null;
      await dm(deps, effect, userId, shareStatusNotice(userRc(deps, userId), subject, { inviteId, party: invite.party, hostParty, status }));
    },
    // Runs through the host's installation (the effect's teamId): the other installation's bot is invited again.
    resend_shared_invite: async ({ inviteId }) => {
      const old = await deps.store.sharedInvites.find(inviteId);
      if (!old) throw new PermanentEffectError(`invitation ${inviteId} not found`);
      const newer = (await deps.store.sharedInvites.ofIncident(old.incidentId)).filter((i) => i.party === old.party && i.id !== old.id && i.createdAt.getTime() >= old.createdAt.getTime());
      if (newer.length > 0) return; // sent by an earlier attempt
      const otherBot = deps.slackConnect?.botUserIdOf(old.targetTeamId);
      // The other organisation has no live installation now: retried (and kept) until it has one.
      if (!otherBot) throw Object.assign(new Error(`renkei is not installed in ${old.targetTeamId}`), { data: { ok: false, error: "not_installed" } });
      const res = await deps.client.conversations.inviteShared({ channel: old.channelId, user_ids: [otherBot], external_limited: false });
      await recordSharedInviteSent(deps, { inviteId: String(res.invite_id), incidentId: old.incidentId, channelId: old.channelId, hostTeamId: old.hostTeamId, targetTeamId: old.targetTeamId, party: old.party });
    },
  };
}

// Slack Connect between two organisations' installations: the invited installation accepts the
// invitation to an incident channel, and once the channel is shared invites its own people.
import { NORMAL_TIMES_SUBJECT, recordChannelShared, recordShareRefused, recordWaitingApproval } from "../../app/slack-connect";
import { normalTimesCore } from "./activities";
import { liaisonsOf } from "../../domain/parties";
import type { HandlersFor } from "../../effects/runner";
import { describeError } from "../errors";
import { inviteMissing } from "./channel-members";
import { mustIncident, type SlackEffectDeps } from "./support";

type Kinds = "accept_shared_invite" | "join_shared_channel";

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
  };
}

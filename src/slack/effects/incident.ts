// The incident's channel: created, set up and told about; its card follows the incident. Every
// step is safe to repeat: a retry after a failure (or a crash) picks up where the last attempt
// stopped and never posts twice.
import { recordChannelFailure, recordChannelOpened, recordChannelReady } from "../../app/channel-provisioning";
import { latestInvites, recordSharedInviteSent } from "../../app/slack-connect";
import { channelNameFor } from "../../domain/channel-name";
import { EXERCISE_CHANNEL_PREFIX, EXERCISE_MARK } from "../../domain/exercise";
import type { StoredEffect } from "../../domain/effects";
import type { Incident } from "../../domain/incident";
import { plainSafe } from "../mrkdwn";
import { liaisonsOf } from "../../domain/parties";
import { type FailureHooks, type HandlersFor } from "../../effects/runner";
import { describeError, isRateLimited } from "../errors";
import { incidentCard } from "../views/incident-card";
import { channelFailureNotice, channelReadyNotice } from "../views/notices";
import { externalParties, inviteMissing } from "./channel-members";
import { postOnce } from "./post-once";
import { channelRc, createChannelNamed, dm, mustIncident, userRc, type SlackEffectDeps } from "./support";

type Kinds = "provision_channel" | "refresh_incident_card" | "notify_channel_ready" | "notify_channel_failure";

export function incidentEffects(deps: SlackEffectDeps): { handlers: HandlersFor<Kinds>; onFailure: FailureHooks } {
  return {
    handlers: {
      provision_channel: ({ incidentId }, effect) => provisionChannel(deps, incidentId, effect),
      refresh_incident_card: ({ incidentId }) => refreshIncidentCard(deps, incidentId),
      notify_channel_ready: async ({ incidentId }, effect) => {
        const incident = await mustIncident(deps, incidentId);
        const external = incident.sharedInvitesSentAt ? externalParties(deps.config, hostTeam(deps, incident)) : [];
        await dm(deps, effect, incident.createdByUserId, channelReadyNotice(userRc(deps, incident.createdByUserId), incident, external));
      },
      notify_channel_failure: async ({ incidentId }, effect) => {
        const incident = await mustIncident(deps, incidentId);
        if (incident.channelStatus !== "failed") return; // already recovered
        await dm(deps, effect, incident.createdByUserId, channelFailureNotice(userRc(deps, incident.createdByUserId), incident));
      },
    },
    onFailure: {
      provision_channel: async ({ incidentId }, error, willRetry) => {
        if (willRetry && isRateLimited(error)) return; // Slack asked us to slow down; the retry follows Retry-After
        await recordChannelFailure(deps, incidentId, describeError(error));
      },
    },
  };
}

/**
 * The workspace the incident channel lives in: the registering party's when each organisation has
 * its own installation (the provisioning effect names it), else the bot's own.
 */
function hostTeam(deps: SlackEffectDeps, incident: Incident, effect?: StoredEffect): string {
  if (!deps.slackConnect) return deps.botTeamId;
  if (effect?.teamId) return effect.teamId;
  return deps.slackConnect ? (deps.config.partyTeams[incident.createdByParty] ?? deps.botTeamId) : deps.botTeamId;
}

async function provisionChannel(deps: SlackEffectDeps, incidentId: string, effect: StoredEffect): Promise<void> {
  const { client, config } = deps;
  let incident = await mustIncident(deps, incidentId);
  const host = hostTeam(deps, incident, effect);
  if (incident.channelStatus === "ready") return;
  if (!incident.channelId) {
    // Art. 5(1): an exercise's case channel says so in its name (exercise-inc-2026-90001-…).
    const prefix = incident.exerciseId ? `${EXERCISE_CHANNEL_PREFIX}-${config.incidentChannels.prefix}` : config.incidentChannels.prefix;
    const nameFor = (attempt: number) => channelNameFor(prefix, incident.ref, incident.title.replace(EXERCISE_MARK, ""), attempt);
    incident = await createChannelNamed(client, nameFor, config.incidentChannels.private, (channelId, name) => recordChannelOpened(deps, incident.id, channelId, name));
  }
  const channel = incident.channelId!;
  const rc = channelRc(deps);
  await inviteOwnWorkspaceMembers(deps, incident, channel, host);
  const topicState = rc.t(`card.state.${incident.state}`);
  await client.conversations.setTopic({ channel, topic: plainSafe(rc.t("channel.topic", { ref: incident.ref, title: incident.title, state: topicState }), 250) });
  await client.conversations.setPurpose({ channel, purpose: plainSafe(rc.t("channel.purpose", { ref: incident.ref, profile: rc.profile.title[rc.locale] }), 250) });
  const cardTs = await postOrUpdateCard(deps, { ...incident, channelStatus: "ready", channelError: null }, channel, effect);
  await ensurePinned(deps, channel, cardTs);
  const external = externalParties(config, host);
  if (external.length > 0 && !incident.sharedInvitesSentAt) {
    const invited = new Set((await deps.store.sharedInvites.ofIncident(incident.id)).map((i) => i.party));
    const people: string[] = [];
    for (const party of external) {
      const team = config.partyTeams[party]!;
      const otherBot = deps.slackConnect?.botUserIdOf(team);
      if (!otherBot) {
        people.push(...liaisonsOf(config.directory, party).map((m) => m.userId));
        continue;
      }
      // The other organisation's installation is invited; it accepts, then invites its own people.
      if (invited.has(party)) continue;
      const res = await client.conversations.inviteShared({ channel, user_ids: [otherBot], external_limited: false });
      await recordSharedInviteSent(deps, { inviteId: String(res.invite_id), incidentId: incident.id, channelId: channel, hostTeamId: host, targetTeamId: team, party });
    }
    if (people.length > 0) await client.conversations.inviteShared({ channel, user_ids: people, external_limited: false });
    await deps.store.setIncidentDelivery(incident.id, { sharedInvitesSentAt: deps.clock.now() });
  }
  await recordChannelReady(deps, incident.id);
}

/** The card and topic follow the incident: updated in place whenever it changes. */
async function refreshIncidentCard(deps: SlackEffectDeps, incidentId: string): Promise<void> {
  const incident = await mustIncident(deps, incidentId);
  if (!incident.channelId || !incident.summaryTs) return; // provisioning posts the current card
  await postOrUpdateCard(deps, incident, incident.channelId);
}

async function inviteOwnWorkspaceMembers(deps: SlackEffectDeps, incident: Incident, channel: string, host: string): Promise<void> {
  const external = new Set(externalParties(deps.config, host));
  const wanted = new Set<string>([incident.createdByUserId]);
  for (const party of deps.config.profile.parties) {
    if (!external.has(party.id)) for (const m of liaisonsOf(deps.config.directory, party.id)) wanted.add(m.userId);
  }
  await inviteMissing(deps.client, channel, wanted);
}

/** Posts the card once, then only updates it; returns its ts. */
async function postOrUpdateCard(deps: SlackEffectDeps, incident: Incident, channel: string, effect?: StoredEffect): Promise<string> {
  const invites = deps.slackConnect ? await deps.store.sharedInvites.ofIncident(incident.id) : [];
  const card = incidentCard(channelRc(deps), incident, latestInvites(invites).map((i) => ({ party: i.party, inviteId: i.id, status: i.status })));
  if (incident.summaryTs) {
    await deps.client.chat.update({ channel, ts: incident.summaryTs, text: card.text, blocks: card.blocks });
    return incident.summaryTs;
  }
  const res = await postOnce(deps.client, effect, channel, card, "card");
  await deps.store.setIncidentDelivery(incident.id, { summaryTs: res.ts });
  return res.ts;
}

async function ensurePinned(deps: SlackEffectDeps, channel: string, ts: string): Promise<void> {
  try {
    await deps.client.pins.add({ channel, timestamp: ts });
  } catch (e) {
    if (describeError(e) !== "already_pinned") throw e;
  }
}

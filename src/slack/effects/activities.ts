// Side effects of normal-times cooperation (Arts. 5, 6, 8): creating the normal-times channel when
// none is configured, and posting or updating each activity's card there. Each is safe to repeat.
import { normalTimesChannelId, recordNormalTimesChannel } from "../../app/activities/normal-times-channel";
import { NORMAL_TIMES_SUBJECT, recordSharedInviteSent } from "../../app/slack-connect";
import { normalTimesShareNotice } from "../views/notices";
import { registerShareCard } from "../../app/activities/share";
import type { Activity } from "../../domain/activity";
import { plainSafe } from "../mrkdwn";
import { hasRole, type Member } from "../../domain/parties";
import { PermanentEffectError, type EffectHandler, type FailureHook, type FailureHooks, type HandlersFor } from "../../effects/runner";
import { describeError, isRateLimited } from "../errors";
import { activityCard } from "../views/activities";
import { externalParties, inviteMissing } from "./channel-members";
import { postOnce } from "./post-once";
import { allLiaisons, channelRc as channelRcOf, createChannelNamed, refreshHomes, type SlackEffectDeps } from "./support";

type Kinds = "provision_normal_times_channel" | "post_activity_card" | "refresh_activity_card" | "notify_normal_times_share";

/** Who works in the normal-times channel: each party's liaison officers and managers. */
export const normalTimesCore = (m: Member) => hasRole(m, "liaison", "manager");

export function activityEffectHandlers(deps: SlackEffectDeps): { handlers: HandlersFor<Kinds>; onFailure: FailureHooks } {
  const { client, store, config } = deps;
  const channelRc = () => channelRcOf(deps);
  const partiesLabel = () => {
    const rc = channelRc();
    return rc.profile.parties.map((p) => p.short[rc.locale]).join(rc.locale === "ja" ? "・" : " and ");
  };

  const mustActivity = async (id: string): Promise<Activity> => {
    const activity = await store.activities.byId(id);
    if (!activity) throw new PermanentEffectError(`activity ${id} not found`);
    return activity;
  };

  /**
   * The workspace the channel lives in: with one installation per organisation, the host party's
   * (normalTimes.host, whose installation creates it and shares it through Slack Connect); else the bot's.
   */
  const hostTeam = (): string => (deps.slackConnect ? (config.partyTeams[config.normalTimes.host] ?? deps.botTeamId) : deps.botTeamId);

  /** Liaison officers and managers of the parties in the channel's workspace: normal-times cooperation is theirs to run. */
  const coreMembers = (): string[] => {
    const external = new Set(externalParties(config, hostTeam()));
    return config.directory
      .all()
      .filter((m) => !external.has(m.party) && normalTimesCore(m))
      .map((m) => m.userId);
  };

  const createChannel = (): Promise<string> =>
    createChannelNamed(
      client,
      (attempt) => (attempt === 1 ? config.normalTimes.name : `${config.normalTimes.name.slice(0, 76)}-${attempt}`),
      config.normalTimes.private,
      async (channelId) => {
        await recordNormalTimesChannel(deps, { status: "opened", channelId, error: null });
        return channelId;
      },
    );

  const provisionNormalTimesChannel: EffectHandler<"provision_normal_times_channel"> = async (_payload, effect) => {
    if (config.normalTimes.channel) return;
    const state = await store.activities.normalTimesChannel();
    if (state?.status === "ready") return;
    const channel = state?.channelId ?? (await createChannel());
    await inviteMissing(client, channel, coreMembers());
    const rc = channelRc();
    await client.conversations.setTopic({ channel, topic: plainSafe(rc.t("normal_times.topic", { profile: rc.profile.title[rc.locale] }), 250) });
    await client.conversations.setPurpose({ channel, purpose: plainSafe(rc.t("normal_times.purpose", { parties: partiesLabel() }), 250) });
    const host = hostTeam();
    const external = externalParties(config, host);
    if (external.length > 0) {
      const invited = new Set((await store.sharedInvites.ofChannel(channel)).map((i) => i.party));
      const people: string[] = [];
      for (const party of external) {
        const team = config.partyTeams[party]!;
        const otherBot = deps.slackConnect?.botUserIdOf(team);
        if (!otherBot) {
          people.push(...config.directory.membersOf(party).filter(normalTimesCore).map((m) => m.userId));
          continue;
        }
        // The other organisation's installation is invited; it accepts, then invites its own people.
        if (invited.has(party)) continue;
        const res = await client.conversations.inviteShared({ channel, user_ids: [otherBot], external_limited: false });
        await recordSharedInviteSent(deps, { inviteId: String(res.invite_id), incidentId: NORMAL_TIMES_SUBJECT, channelId: channel, hostTeamId: host, targetTeamId: team, party });
      }
      if (people.length > 0) await client.conversations.inviteShared({ channel, user_ids: people, external_limited: false });
    }
    const welcome = rc.t("normal_times.welcome", { parties: partiesLabel() });
    await postOnce(client, effect, channel, { text: welcome }, "welcome");
    await recordNormalTimesChannel(deps, { status: "ready", channelId: channel, error: null });
  };

  const onProvisionFailure: FailureHook<"provision_normal_times_channel"> = async (_payload, error, willRetry) => {
    if (willRetry && isRateLimited(error)) return;
    const state = await store.activities.normalTimesChannel();
    if (state?.status === "failed" && state.error === describeError(error)) return;
    await recordNormalTimesChannel(deps, { status: "failed", channelId: state?.channelId ?? null, error: describeError(error) });
  };

  const postActivityCard: EffectHandler<"post_activity_card"> = async (payload, effect) => {
    const activity = await mustActivity(payload.activityId);
    if (activity.messageTs) return;
    // Retryable: the card waits while the bot is still creating the channel.
    const channel = await normalTimesChannelId(deps);
    if (!channel) throw new Error("the normal-times channel is not ready yet");
    const creator = config.directory.member(activity.createdByUserId);
    if (!config.normalTimes.channel && creator && !externalParties(config, hostTeam()).includes(creator.party)) {
      await inviteMissing(client, channel, [creator.userId]);
    }
    const card = activityCard(channelRc(), activity, await store.activities.records(activity.id));
    const res = await postOnce(client, effect, channel, card, "card");
    // Art. 5(2): a share's card becomes its registered message (Art. 7) before the delivery is recorded.
    await registerShareCard(deps, activity, res.channel, res.ts);
    await store.activities.setDelivery(activity.id, res.channel, res.ts);
    await queueActivityTaskCards(activity.id);
    await refreshHomes(deps, allLiaisons(deps));
  };

  /** Tasks of an activity (Art. 5(1) preparation) are posted in its card's thread once the card is there. */
  const queueActivityTaskCards = async (activityId: string) => {
    const taskIds = await store.activities.unpostedTaskIds(activityId);
    const now = deps.clock.now();
    for (const id of taskIds) await store.enqueueEffect({ kind: "post_task", payload: { taskId: id }, dedupeKey: `post-task:${id}` }, now);
  };

  const refreshActivityCard: EffectHandler<"refresh_activity_card"> = async (payload) => {
    const activity = await mustActivity(payload.activityId);
    if (!activity.channelId || !activity.messageTs) return; // the post shows the current state
    const card = activityCard(channelRc(), activity, await store.activities.records(activity.id));
    await client.chat.update({ channel: activity.channelId, ts: activity.messageTs, text: card.text, blocks: card.blocks });
    await refreshHomes(deps, allLiaisons(deps));
  };

  /** The channel's invitation to the other organisation waits for its admins, or was refused: said in the channel (once per step). */
  const notifyNormalTimesShare: EffectHandler<"notify_normal_times_share"> = async ({ inviteId, status }, effect) => {
    const invite = await store.sharedInvites.find(inviteId);
    if (!invite || invite.status === "shared") return; // shared meanwhile: nothing to say any more
    await postOnce(client, effect, invite.channelId, normalTimesShareNotice(channelRc(), invite, status ?? invite.status));
  };

  return {
    handlers: {
      notify_normal_times_share: notifyNormalTimesShare,
      provision_normal_times_channel: provisionNormalTimesChannel,
      post_activity_card: postActivityCard,
      refresh_activity_card: refreshActivityCard,
    },
    onFailure: { provision_normal_times_channel: onProvisionFailure },
  };
}

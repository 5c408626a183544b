// What each queued side effect does in Slack. Every step is safe to repeat: a retry after a
// failure (or after a crash) picks up where the last attempt stopped and never posts twice.
import type { WebClient } from "@slack/web-api";
import { recordChannelFailure, recordChannelOpened, recordChannelReady } from "../../app/channel-provisioning";
import { channelNameFor } from "../../domain/channel-name";
import { EXERCISE_CHANNEL_PREFIX, EXERCISE_MARK } from "../../domain/exercise";
import type { Incident } from "../../domain/incident";
import { plainSafe } from "../../domain/mrkdwn";
import { liaisonsOf } from "../../domain/parties";
import { describeError, isRateLimited, PermanentEffectError, type EffectHandler, type FailureHook } from "../../effects/runner";
import type { SlackDeps } from "../listener-context";
import type { StoredEffect } from "../../store/store";
import { postOnce } from "./post-once";
import { allLiaisons as allLiaisonsOf, refreshHomes as refreshHomesOf } from "./home-refresh";
import { externalParties as externalPartiesOf, inviteMissing } from "./channel-members";
import { personalContext, renderContext } from "../render-context";
import { incidentCard } from "../views/incident-card";
import { channelFailureNotice, channelReadyNotice, plainNotice } from "../views/notices";
import { taskCard, taskTitle } from "../views/task-card";
import { consultationCard, conclusionMessage } from "../views/consultation";
import { concludeIfComplete } from "../../app/consultation";
import { otherParty } from "../../domain/consultation";
import { mentionUser, partyShort } from "../render-context";

export type SlackEffectDeps = SlackDeps & { client: WebClient; botTeamId: string };

const MAX_NAME_ATTEMPTS = 20;

export function slackEffectHandlers(deps: SlackEffectDeps): { handlers: Record<string, EffectHandler>; onFailure: Record<string, FailureHook> } {
  const { client, store, config } = deps;
  const channelRc = () => renderContext(config);

  const mustIncident = async (id: unknown): Promise<Incident> => {
    const incident = await store.incidentById(String(id));
    if (!incident) throw new PermanentEffectError(`incident ${String(id)} not found`);
    return incident;
  };

  const externalParties = () => externalPartiesOf(config, deps.botTeamId);

  async function createChannel(incident: Incident): Promise<Incident> {
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      // Art. 5(1): an exercise's case channel says so in its name (exercise-incident-2026-90001-…).
      const prefix = incident.exerciseId ? `${EXERCISE_CHANNEL_PREFIX}-${config.incidentChannels.prefix}` : config.incidentChannels.prefix;
      const name = channelNameFor(prefix, incident.ref, incident.title.replace(EXERCISE_MARK, ""), attempt);
      try {
        const res = await client.conversations.create({ name, is_private: config.incidentChannels.private });
        return recordChannelOpened(deps, incident.id, res.channel!.id!, name);
      } catch (e) {
        if (describeError(e) !== "name_taken") throw e;
      }
    }
    throw new PermanentEffectError("name_taken");
  }

  async function inviteOwnWorkspaceMembers(incident: Incident, channel: string): Promise<void> {
    const external = new Set(externalParties());
    const wanted = new Set<string>([incident.createdByUserId]);
    for (const party of config.profile.parties) {
      if (!external.has(party.id)) for (const m of liaisonsOf(config.directory, party.id)) wanted.add(m.userId);
    }
    await inviteMissing(client, channel, wanted);
  }

  /** Posts the card once, then only updates it; returns its ts. */
  async function postOrUpdateCard(incident: Incident, channel: string, effect?: StoredEffect): Promise<string> {
    const card = incidentCard(channelRc(), incident);
    if (incident.summaryTs) {
      await client.chat.update({ channel, ts: incident.summaryTs, text: card.text, blocks: card.blocks });
      return incident.summaryTs;
    }
    const res = await postOnce(client, effect, channel, card, "card");
    await store.setIncidentDelivery(incident.id, { summaryTs: res.ts });
    return res.ts;
  }

  async function ensurePinned(channel: string, ts: string): Promise<void> {
    try {
      await client.pins.add({ channel, timestamp: ts });
    } catch (e) {
      if (describeError(e) !== "already_pinned") throw e;
    }
  }

  const provisionChannel: EffectHandler = async (payload, effect) => {
    let incident = await mustIncident(payload.incidentId);
    if (incident.channelStatus === "ready") return;
    if (!incident.channelId) incident = await createChannel(incident);
    const channel = incident.channelId!;
    const rc = channelRc();
    await inviteOwnWorkspaceMembers(incident, channel);
    const topicState = rc.t(`card.state.${incident.state}`);
    await client.conversations.setTopic({ channel, topic: plainSafe(rc.t("channel.topic", { ref: incident.ref, title: incident.title, state: topicState }), 250) });
    await client.conversations.setPurpose({ channel, purpose: plainSafe(rc.t("channel.purpose", { ref: incident.ref, profile: rc.profile.title[rc.locale] }), 250) });
    const cardTs = await postOrUpdateCard({ ...incident, channelStatus: "ready", channelError: null }, channel, effect);
    await ensurePinned(channel, cardTs);
    const external = externalParties();
    if (external.length > 0 && !incident.sharedInvitesSentAt) {
      const userIds = external.flatMap((p) => liaisonsOf(config.directory, p).map((m) => m.userId));
      await client.conversations.inviteShared({ channel, user_ids: userIds, external_limited: false });
      await store.setIncidentDelivery(incident.id, { sharedInvitesSentAt: deps.clock.now() });
    }
    await recordChannelReady(deps, incident.id);
  };

  /** The card and topic follow the incident: updated in place whenever it changes. */
  const refreshIncidentCard: EffectHandler = async (payload) => {
    const incident = await mustIncident(payload.incidentId);
    if (!incident.channelId || !incident.summaryTs) return; // provisioning posts the current card
    await postOrUpdateCard(incident, incident.channelId);
  };

  const onProvisionFailure: FailureHook = async (payload, error, willRetry) => {
    if (willRetry && isRateLimited(error)) return; // Slack asked us to slow down; the retry follows Retry-After
    await recordChannelFailure(deps, String(payload.incidentId), describeError(error));
  };

  const channelOf = async (incidentId: string): Promise<{ incident: Incident; channel: string }> => {
    const incident = await mustIncident(incidentId);
    // Retryable: a consultation proposed while the channel is still being set up waits for it.
    if (!incident.channelId || incident.channelStatus !== "ready") throw new Error("the incident channel is not ready yet");
    return { incident, channel: incident.channelId };
  };

  const mustConsultation = async (id: unknown) => {
    const c = await store.consultations.byId(String(id));
    if (!c) throw new PermanentEffectError(`consultation ${String(id)} not found`);
    return c;
  };

  /** Art. 4(2) "contacts the other party": the card in the channel, then a DM to each of its liaisons. */
  const postConsultationCard: EffectHandler = async (payload, effect) => {
    const c = await mustConsultation(payload.consultationId);
    const { incident, channel } = await channelOf(c.incidentId);
    if (!c.cardTs) {
      const card = consultationCard(channelRc(), config, incident, c);
      const res = await postOnce(client, effect, channel, card);
      await store.setConsultationDelivery(c.id, channel, res.ts);
    }
    const other = otherParty(config.profile, c.proposedByParty);
    for (const liaison of liaisonsOf(config.directory, other)) {
      await store.enqueueEffect({ kind: "notify_consultation", payload: { consultationId: c.id, userId: liaison.userId }, dedupeKey: `consult-dm:${c.id}:${liaison.userId}` }, deps.clock.now());
    }
    await refreshHomes(allLiaisons());
  };

  const notifyConsultation: EffectHandler = async (payload, effect) => {
    const c = await mustConsultation(payload.consultationId);
    if (!c.cardTs || !c.channelId) throw new Error("the consultation card is not posted yet");
    const incident = await mustIncident(c.incidentId);
    const userId = String(payload.userId);
    const member = config.directory.member(userId);
    const rc = personalContext(config, member);
    const { permalink } = await client.chat.getPermalink({ channel: c.channelId, message_ts: c.cardTs });
    const text = rc.t("consult.dm", {
      user: mentionUser(c.proposedByUserId),
      party: partyShort(rc, c.proposedByParty),
      ref: incident.ref,
      party_self: partyShort(rc, member?.party ?? otherParty(config.profile, c.proposedByParty)),
      link: permalink ?? `<#${c.channelId}>`,
    });
    await dm(userId, plainNotice(text), effect);
  };

  const refreshConsultationCard: EffectHandler = async (payload) => {
    const c = await mustConsultation(payload.consultationId);
    if (!c.cardTs || !c.channelId) throw new Error("the consultation card is not posted yet");
    const incident = await mustIncident(c.incidentId);
    const card = consultationCard(channelRc(), config, incident, c);
    await client.chat.update({ channel: c.channelId, ts: c.cardTs, text: card.text, blocks: card.blocks });
    await refreshHomes(allLiaisons());
  };

  const concludeConsultationEffect: EffectHandler = async (payload) => {
    await concludeIfComplete(deps, String(payload.consultationId));
  };

  const postConclusion: EffectHandler = async (payload, effect) => {
    const c = await mustConsultation(payload.consultationId);
    const { incident, channel } = await channelOf(c.incidentId);
    const message = conclusionMessage(channelRc(), incident, c);
    await postOnce(client, effect, channel, message);
  };

  const notifyAssignee: EffectHandler = async (payload, effect) => {
    const task = await store.taskById(String(payload.taskId));
    if (!task) throw new PermanentEffectError(`task ${String(payload.taskId)} not found`);
    const userId = String(payload.userId);
    const rc = personalContext(config, config.directory.member(userId));
    const incident = task.incidentId ? await store.incidentById(task.incidentId) : null;
    const link = task.channelId && task.messageTs ? ((await client.chat.getPermalink({ channel: task.channelId, message_ts: task.messageTs })).permalink ?? "") : "";
    const text = rc.t("task.assigned_dm", { ref: incident?.ref ?? task.params.ref ?? "", title: taskTitle(rc, task), link });
    await dm(userId, plainNotice(text), effect);
  };

  const postTask: EffectHandler = async (payload, effect) => {
    const task = await store.taskById(String(payload.taskId));
    if (!task) throw new PermanentEffectError(`task ${String(payload.taskId)} not found`);
    if (task.messageTs) return;
    if (task.activityId) {
      // Normal-times (Art. 5(1)): in the thread of the activity's card, once that is posted.
      const activity = await store.activities.byId(task.activityId);
      if (!activity) throw new PermanentEffectError(`activity ${task.activityId} not found`);
      if (!activity.channelId || !activity.messageTs) throw new Error("the activity card is not posted yet");
      const res = await postOnce(client, effect, activity.channelId, taskCard(channelRc(), task, []), "", { threadTs: activity.messageTs });
      await store.setTaskDelivery(task.id, activity.channelId, res.ts);
      await refreshHomes([task.assigneeUserId]);
      return;
    }
    const incident = task.incidentId ? await store.incidentById(task.incidentId) : null;
    if (!incident?.channelId) throw new PermanentEffectError("the task's incident has no channel");
    const card = taskCard(channelRc(), task, await store.recordsOfTask(task.id));
    const res = await postOnce(client, effect, incident.channelId, card);
    await store.setTaskDelivery(task.id, incident.channelId, res.ts);
    await refreshHomes([task.assigneeUserId]);
  };

  const refreshTaskCard: EffectHandler = async (payload) => {
    const task = await store.taskById(String(payload.taskId));
    if (!task) return;
    if (!task.channelId || !task.messageTs) throw new Error("the task card is not posted yet");
    const card = taskCard(channelRc(), task, await store.recordsOfTask(task.id));
    await client.chat.update({ channel: task.channelId, ts: task.messageTs, text: card.text, blocks: card.blocks });
    await refreshHomes([task.assigneeUserId, task.doneByUserId]);
  };

  const refreshHomes = (userIds: Array<string | null | undefined>) => refreshHomesOf(deps, userIds);
  const allLiaisons = () => allLiaisonsOf(deps);

  const dm = async (userId: string, message: { text: string; blocks: unknown[] }, effect: StoredEffect) => {
    await postOnce(client, effect, userId, message, userId);
  };

  const notifyChannelReady: EffectHandler = async (payload, effect) => {
    const incident = await mustIncident(payload.incidentId);
    const rc = personalContext(config, config.directory.member(incident.createdByUserId));
    await dm(incident.createdByUserId, channelReadyNotice(rc, incident, incident.sharedInvitesSentAt ? externalParties() : []), effect);
  };

  const notifyChannelFailure: EffectHandler = async (payload, effect) => {
    const incident = await mustIncident(payload.incidentId);
    if (incident.channelStatus !== "failed") return; // already recovered
    const rc = personalContext(config, config.directory.member(incident.createdByUserId));
    await dm(incident.createdByUserId, channelFailureNotice(rc, incident), effect);
  };

  return {
    handlers: {
      provision_channel: provisionChannel,
      refresh_incident_card: refreshIncidentCard,
      post_task: postTask,
      refresh_task_card: refreshTaskCard,
      notify_channel_ready: notifyChannelReady,
      notify_channel_failure: notifyChannelFailure,
      post_consultation_card: postConsultationCard,
      notify_consultation: notifyConsultation,
      refresh_consultation_card: refreshConsultationCard,
      conclude_consultation: concludeConsultationEffect,
      post_conclusion: postConclusion,
      notify_assignee: notifyAssignee,
    },
    onFailure: { provision_channel: onProvisionFailure },
  };
}

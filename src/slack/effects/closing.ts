// Slack side of closing, reopening and archiving an incident (issue 15): the closing card in the
// incident channel (posted once, then updated in place), the channel topic that says whether it is
// closed, and archiving the channel (with a last message saying why).
import type { StoredEffect } from "../../domain/effects";
import { PermanentEffectError, type HandlersFor } from "../../effects/runner";
import { describeError } from "../errors";
import { plainSafe } from "../mrkdwn";
import { archivingNotice, closingCard, reviewCard, reviewInvitation } from "../views/closing";
import { postOnce } from "./post-once";
import { allLiaisons, channelRc, mustIncident, refreshHomes, type SlackEffectDeps } from "./support";

type Kinds = "post_closing_card" | "set_incident_topic" | "archive_incident_channel" | "post_review_invitation" | "post_review_card";

export function closingEffects(deps: SlackEffectDeps): { handlers: HandlersFor<Kinds> } {
  return {
    handlers: {
      post_closing_card: ({ closureId }, effect) => postClosingCard(deps, closureId, effect),
      set_incident_topic: ({ incidentId }) => setIncidentTopic(deps, incidentId),
      archive_incident_channel: ({ incidentId, closureId }, effect) => archiveIncidentChannel(deps, incidentId, closureId, effect),
      post_review_invitation: ({ closureId }, effect) => postReviewInvitation(deps, closureId, effect),
      post_review_card: ({ reviewId }, effect) => postReviewCard(deps, reviewId, effect),
    },
  };
}

/** Posts the closing card once, then updates it. */
async function postClosingCard(deps: SlackEffectDeps, closureId: string, effect: StoredEffect): Promise<void> {
  const { client, store } = deps;
  const closure = await store.closures.byId(closureId);
  if (!closure) throw new PermanentEffectError(`closing ${closureId} not found`);
  const incident = await mustIncident(deps, closure.incidentId);
  if (!incident.channelId || incident.channelStatus !== "ready") return; // no channel: `/renkei status` shows the closing
  if (closure.archivedAt && incident.state === "closed") return; // an archived channel takes no messages
  const card = closingCard(channelRc(deps), incident, closure);
  try {
    if (closure.cardTs) await client.chat.update({ channel: incident.channelId, ts: closure.cardTs, text: card.text, blocks: card.blocks });
    else {
      const res = await postOnce(client, effect, incident.channelId, card, "closing");
      await store.closures.setCardTs(closure.id, res.ts);
    }
  } catch (e) {
    if (describeError(e) === "is_archived") return; // reopened after archiving: nothing to update until someone unarchives it
    throw e;
  }
  await refreshHomes(deps, allLiaisons(deps));
}

/** The topic says the incident's state (closed, or open again). */
async function setIncidentTopic(deps: SlackEffectDeps, incidentId: string): Promise<void> {
  const incident = await mustIncident(deps, incidentId);
  if (!incident.channelId || incident.channelStatus !== "ready") return;
  const rc = channelRc(deps);
  try {
    await deps.client.conversations.setTopic({ channel: incident.channelId, topic: plainSafe(rc.t("channel.topic", { ref: incident.ref, title: incident.title, state: rc.t(`card.state.${incident.state}`) }), 250) });
  } catch (e) {
    if (describeError(e) !== "is_archived") throw e;
  }
}

/** Archives the channel of an incident still closed, after a last message. */
async function archiveIncidentChannel(deps: SlackEffectDeps, incidentId: string, closureId: string, effect: StoredEffect): Promise<void> {
  const { client, store, config } = deps;
  const incident = await mustIncident(deps, incidentId);
  const closure = await store.closures.byId(closureId);
  if (!closure || closure.status !== "closed" || incident.state !== "closed" || !incident.channelId) return; // reopened meanwhile
  try {
    await postOnce(client, effect, incident.channelId, archivingNotice(channelRc(deps), incident, closure, config.incidentChannels.archiveAfterDays ?? 0), "notice");
    if (closure.cardTs) {
      const card = closingCard(channelRc(deps), incident, closure);
      await client.chat.update({ channel: incident.channelId, ts: closure.cardTs, text: card.text, blocks: card.blocks });
    }
    await client.conversations.archive({ channel: incident.channelId });
  } catch (e) {
    const error = describeError(e);
    if (error === "already_archived" || error === "is_archived") return;
    throw e;
  }
}

/** Invites both parties to the review in the channel (after the closing card). */
async function postReviewInvitation(deps: SlackEffectDeps, closureId: string, effect: StoredEffect): Promise<void> {
  const closure = await deps.store.closures.byId(closureId);
  if (!closure) throw new PermanentEffectError(`closing ${closureId} not found`);
  const incident = await mustIncident(deps, closure.incidentId);
  if (!incident.channelId || incident.channelStatus !== "ready" || closure.archivedAt) return;
  if (!closure.cardTs) throw new Error("the closing card is not posted yet"); // retried: the invitation follows the card
  await postOnce(deps.client, effect, incident.channelId, reviewInvitation(channelRc(deps), incident, closure, allLiaisons(deps)), "invitation");
}

/** A party's review as a card in the channel, with its lessons' buttons. */
async function postReviewCard(deps: SlackEffectDeps, reviewId: string, effect: StoredEffect): Promise<void> {
  const review = await deps.store.closures.reviewById(reviewId);
  if (!review) throw new PermanentEffectError(`review ${reviewId} not found`);
  if (review.cardTs) return;
  const incident = await mustIncident(deps, review.incidentId);
  if (!incident.channelId || incident.channelStatus !== "ready") return;
  try {
    const res = await postOnce(deps.client, effect, incident.channelId, reviewCard(channelRc(deps), incident, review), "review");
    await deps.store.closures.setReviewCardTs(review.id, res.ts);
  } catch (e) {
    if (describeError(e) !== "is_archived") throw e; // archived: the review is kept and shown by the case file
  }
}

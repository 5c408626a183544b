// Slack side of closing, reopening and archiving an incident (issue 15): the closing card in the
// incident channel (posted once, then updated in place), the channel topic that says whether it is
// closed, and archiving the channel (with a last message saying why).
import { PermanentEffectError, describeError, type EffectHandler } from "../../effects/runner";
import { plainSafe } from "../../domain/mrkdwn";
import { renderContext } from "../render-context";
import { archivingNotice, closingCard } from "../views/closing";
import { postOnce } from "./post-once";
import { allLiaisons, refreshHomes } from "./home-refresh";
import type { SlackEffectDeps } from "./handlers";

export function closingEffectHandlers(deps: SlackEffectDeps): { handlers: Record<string, EffectHandler> } {
  const { client, store, config } = deps;
  const channelRc = () => renderContext(config);

  const mustIncident = async (id: unknown) => {
    const incident = await store.incidentById(String(id));
    if (!incident) throw new PermanentEffectError(`incident ${String(id)} not found`);
    return incident;
  };

  /** Posts the closing card once, then updates it. */
  const postClosingCard: EffectHandler = async (payload, effect) => {
    const closure = await store.closures.byId(String(payload.closureId));
    if (!closure) throw new PermanentEffectError(`closing ${String(payload.closureId)} not found`);
    const incident = await mustIncident(closure.incidentId);
    if (!incident.channelId || incident.channelStatus !== "ready") return; // no channel: the status shows the closing
    if (closure.archivedAt && incident.state === "closed") return; // an archived channel takes no messages
    const card = closingCard(channelRc(), incident, closure);
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
  };

  /** The topic says the incident's state (closed, or open again). */
  const setIncidentTopic: EffectHandler = async (payload) => {
    const incident = await mustIncident(payload.incidentId);
    if (!incident.channelId || incident.channelStatus !== "ready") return;
    const rc = channelRc();
    try {
      await client.conversations.setTopic({ channel: incident.channelId, topic: plainSafe(rc.t("channel.topic", { ref: incident.ref, title: incident.title, state: rc.t(`card.state.${incident.state}`) }), 250) });
    } catch (e) {
      if (describeError(e) !== "is_archived") throw e;
    }
  };

  /** Archives the channel of an incident still closed, after a last message. */
  const archiveIncidentChannel: EffectHandler = async (payload, effect) => {
    const incident = await mustIncident(payload.incidentId);
    const closure = await store.closures.byId(String(payload.closureId));
    if (!closure || closure.status !== "closed" || incident.state !== "closed" || !incident.channelId) return; // reopened meanwhile
    try {
      await postOnce(client, effect, incident.channelId, archivingNotice(channelRc(), incident, closure, config.incidentChannels.archiveAfterDays ?? 0), "notice");
      if (closure.cardTs) {
        const card = closingCard(channelRc(), incident, closure);
        await client.chat.update({ channel: incident.channelId, ts: closure.cardTs, text: card.text, blocks: card.blocks });
      }
      await client.conversations.archive({ channel: incident.channelId });
    } catch (e) {
      const error = describeError(e);
      if (error === "already_archived" || error === "is_archived") return;
      throw e;
    }
  };

  return { handlers: { post_closing_card: postClosingCard, set_incident_topic: setIncidentTopic, archive_incident_channel: archiveIncidentChannel } };
}

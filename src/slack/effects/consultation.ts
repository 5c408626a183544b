// Art. 4(2) consultations: "contacts the other party" (the card in the channel, then a DM to each
// of its liaisons), the card following the positions, and the conclusion.
import { concludeIfComplete } from "../../app/consultation";
import { otherParty, type Consultation } from "../../domain/consultation";
import type { Incident } from "../../domain/incident";
import { liaisonsOf } from "../../domain/parties";
import { PermanentEffectError, type HandlersFor } from "../../effects/runner";
import { mentionUser, partyShort } from "../render-context";
import { conclusionMessage, consultationCard } from "../views/consultation";
import { postOnce } from "./post-once";
import { allLiaisons, channelRc, dm, mustIncident, refreshHomes, userRc, type SlackEffectDeps } from "./support";
import { plainNotice } from "../views/notices";

type Kinds = "post_consultation_card" | "notify_consultation" | "refresh_consultation_card" | "conclude_consultation" | "post_conclusion";

export function consultationEffects(deps: SlackEffectDeps): { handlers: HandlersFor<Kinds> } {
  const { client, config, store } = deps;
  return {
    handlers: {
      post_consultation_card: async ({ consultationId }, effect) => {
        const c = await mustConsultation(deps, consultationId);
        const { incident, channel } = await channelOf(deps, c.incidentId);
        if (!c.cardTs) {
          const res = await postOnce(client, effect, channel, consultationCard(channelRc(deps), config, incident, c));
          await store.setConsultationDelivery(c.id, channel, res.ts);
        }
        for (const liaison of liaisonsOf(config.directory, otherParty(config.profile, c.proposedByParty))) {
          await store.enqueueEffect({ kind: "notify_consultation", payload: { consultationId: c.id, userId: liaison.userId }, dedupeKey: `consult-dm:${c.id}:${liaison.userId}` }, deps.clock.now());
        }
        await refreshHomes(deps, allLiaisons(deps));
      },
      notify_consultation: async ({ consultationId, userId }, effect) => {
        const c = await mustConsultation(deps, consultationId);
        if (!c.cardTs || !c.channelId) throw new Error("the consultation card is not posted yet");
        const incident = await mustIncident(deps, c.incidentId);
        const member = config.directory.member(userId);
        const rc = userRc(deps, userId);
        const { permalink } = await client.chat.getPermalink({ channel: c.channelId, message_ts: c.cardTs });
        const text = rc.t("consult.dm", {
          user: mentionUser(c.proposedByUserId),
          party: partyShort(rc, c.proposedByParty),
          ref: incident.ref,
          party_self: partyShort(rc, member?.party ?? otherParty(config.profile, c.proposedByParty)),
          link: permalink ?? `<#${c.channelId}>`,
        });
        await dm(deps, effect, userId, plainNotice(text));
      },
      refresh_consultation_card: async ({ consultationId }) => {
        const c = await mustConsultation(deps, consultationId);
        if (!c.cardTs || !c.channelId) throw new Error("the consultation card is not posted yet");
        const card = consultationCard(channelRc(deps), config, await mustIncident(deps, c.incidentId), c);
        await client.chat.update({ channel: c.channelId, ts: c.cardTs, text: card.text, blocks: card.blocks });
        await refreshHomes(deps, allLiaisons(deps));
      },
      conclude_consultation: async ({ consultationId }) => {
        await concludeIfComplete(deps, consultationId);
      },
      post_conclusion: async ({ consultationId }, effect) => {
        const c = await mustConsultation(deps, consultationId);
        const { incident, channel } = await channelOf(deps, c.incidentId);
        await postOnce(client, effect, channel, conclusionMessage(channelRc(deps), incident, c));
      },
    },
  };
}

async function mustConsultation(deps: SlackEffectDeps, id: string): Promise<Consultation> {
  const c = await deps.store.consultations.byId(id);
  if (!c) throw new PermanentEffectError(`consultation ${id} not found`);
  return c;
}

async function channelOf(deps: SlackEffectDeps, incidentId: string): Promise<{ incident: Incident; channel: string }> {
  const incident = await mustIncident(deps, incidentId);
  // Retryable: a consultation proposed while the channel is still being set up waits for it.
  if (!incident.channelId || incident.channelStatus !== "ready") throw new Error("the incident channel is not ready yet");
  return { incident, channel: incident.channelId };
}

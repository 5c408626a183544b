// Side effects of internal channels, releases and consent asked in advance. Each is safe to
// repeat: the channel is recorded as soon as it exists, posts go through postOnce, invitations
// skip people already in the channel.
import { recordInternalChannelFailure, recordInternalChannelOpened, recordInternalChannelReady } from "../../app/internal-channel";
import { otherParty } from "../../domain/consultation";
import { internalChannelMembers, internalChannelName, internalChannelRefusal } from "../../domain/internal-channel";
import { plainSafe } from "../mrkdwn";
import { liaisonsOf } from "../../domain/parties";
import { PermanentEffectError, type EffectHandler, type FailureHook, type FailureHooks, type HandlersFor } from "../../effects/runner";
import { describeError, isRateLimited } from "../errors";
import type { InternalChannelRecord } from "../../domain/internal-channel";
import type { SharedItem } from "../../domain/sharing-scope";
import { partyShort } from "../render-context";
import { consentOutcome, consentRequestAsk, internalChannelIntro, releasePost } from "../views/release";
import { postOnce } from "./post-once";
import { channelMembers, externalParties } from "./channel-members";
import { channelRc as channelRcOf, createChannelNamed, dm, userRc as userRcOf, type SlackEffectDeps } from "./support";
import { plainNotice } from "../views/notices";

type Kinds = "provision_internal_channel" | "notify_internal_channel" | "post_release" | "post_shared_result" | "notify_consent_request" | "notify_consent_outcome" | "refresh_consent_request";

export function releaseEffectHandlers(deps: SlackEffectDeps): { handlers: HandlersFor<Kinds>; onFailure: FailureHooks } {
  const { client, store, config } = deps;
  const channelRc = () => channelRcOf(deps);
  const userRc = (userId: string) => userRcOf(deps, userId);

  const mustInternal = async (id: string): Promise<InternalChannelRecord> => {
    const c = await store.internalChannels.byId(id);
    if (!c) throw new PermanentEffectError(`internal channel ${id} not found`);
    return c;
  };
  const mustItem = async (id: string): Promise<SharedItem> => {
    const item = await store.sharedItems.byId(id);
    if (!item || !item.scope || !item.channelId) throw new PermanentEffectError(`shared information ${id} has no scope`);
    return item;
  };
  /**
   * Parties whose members are in another workspace renkei cannot act in: with one installation per
   * organisation (OAuth) a party with its own live installation is not — its internal channel is
   * created in its own workspace by its own installation (the effect names that workspace).
   */
  const isExternal = (party: string) => externalParties(config, deps.botTeamId).includes(party) && !deps.slackConnect?.botUserIdOf(config.partyTeams[party]!);
  const members = (channel: string) => channelMembers(client, channel);

  /** Creates the private channel, sets it up and posts its intro: once, whichever attempt gets there. */
  async function createInternalChannel(ic: InternalChannelRecord): Promise<InternalChannelRecord> {
    const incident = await store.incidentById(ic.incidentId);
    if (!incident) throw new PermanentEffectError(`incident ${ic.incidentId} not found`);
    const nameFor = (attempt: number) => internalChannelName(config.incidentChannels.prefix, incident.ref, ic.party, attempt);
    return createChannelNamed(client, nameFor, true, (channelId, name) => recordInternalChannelOpened(deps, ic.id, channelId, name));
  }

  const provisionInternalChannel: EffectHandler<"provision_internal_channel"> = async ({ internalChannelId, userId }, effect) => {
    let ic = await mustInternal(internalChannelId);
    const requester = config.directory.member(userId);
    const refusal = internalChannelRefusal(requester, isExternal(ic.party));
    if (refusal) throw new PermanentEffectError(refusal);
    // Only the channel's own party is ever invited, whoever's request queued this.
    if (requester?.party !== ic.party) throw new PermanentEffectError("requester is not a member of the channel's party");
    if (!ic.channelId) ic = await createInternalChannel(ic);
    const channel = ic.channelId!;
    const incident = (await store.incidentById(ic.incidentId))!;
    const rc = channelRc();
    await client.conversations.setTopic({ channel, topic: plainSafe(rc.t("internal.topic", { ref: incident.ref, party: partyShort(rc, ic.party) }), 250) });
    // Always looked up first (attempts > 1): a later request for the same channel must not post it again.
    await postOnce(client, { dedupeKey: `internal-intro:${ic.id}`, attempts: 2 }, channel, internalChannelIntro(rc, { party: ic.party, other: otherParty(config.profile, ic.party), ref: incident.ref, jointChannelId: incident.channelId }));
    const present = await members(channel);
    const missing = internalChannelMembers(liaisonsOf(config.directory, ic.party), [userId]).filter((id) => !present.has(id));
    for (let i = 0; i < missing.length; i += 100) await client.conversations.invite({ channel, users: missing.slice(i, i + 100).join(",") });
    await recordInternalChannelReady(deps, ic.id, userId, effect.dedupeKey);
  };

  const onProvisionFailure: FailureHook<"provision_internal_channel"> = async ({ internalChannelId, userId }, error, willRetry) => {
    if (willRetry && isRateLimited(error)) return;
    await recordInternalChannelFailure(deps, internalChannelId, userId, describeError(error));
  };

  const notifyInternalChannel: EffectHandler<"notify_internal_channel"> = async ({ internalChannelId, userId }, effect) => {
    const ic = await mustInternal(internalChannelId);
    const incident = await store.incidentById(ic.incidentId);
    const rc = userRc(userId);
    const p = { party: partyShort(rc, ic.party), ref: incident?.ref ?? "", channel: ic.channelId ?? "", error: ic.error ?? "" };
    const text = ic.status === "ready" ? rc.t("internal.ready", p) : ic.error === "external_party" ? rc.t("internal.failed.external_party", p) : rc.t("internal.failed", p);
    await dm(deps, effect, userId, plainNotice(text));
  };

  /** The release in the joint channel; it becomes the registered message (forwards of it are checked). */
  const postRelease: EffectHandler<"post_release" | "post_shared_result"> = async (payload, effect) => {
    const item = await mustItem(payload.sharedInformationId);
    if (item.messageTs) return;
    // A release links back to its source; a result the bot shares for its provider has none.
    const source = await store.sharedItems.releaseSourceOf(item.id);
    const permalink = source ? (await client.chat.getPermalink({ channel: source.channelId, message_ts: source.messageTs })).permalink : undefined;
    const res = await postOnce(client, effect, item.channelId!, releasePost(channelRc(), item, permalink ?? ""));
    await store.sharedItems.setReleaseDelivery(item.id, res.ts);
  };

  const consentContext = async (id: string) => {
    const consent = await store.scopeConsents.byId(id);
    if (!consent) throw new PermanentEffectError(`consent ${id} not found`);
    const item = await mustItem(consent.sharedInformationId);
    if (!item.messageTs) throw new PermanentEffectError(`shared information ${item.id} has no message`);
    const { permalink } = await client.chat.getPermalink({ channel: item.channelId!, message_ts: item.messageTs });
    return { consent, item, link: permalink ?? `<#${item.channelId}>` };
  };

  const notifyConsentRequest: EffectHandler<"notify_consent_request"> = async ({ consentId, userId }, effect) => {
    const { consent, item, link } = await consentContext(consentId);
    const requesterParty = consent.requestedByUserId ? (config.directory.member(consent.requestedByUserId)?.party ?? null) : null;
    const asked = await dm(deps, effect, userId, consentRequestAsk(userRc(userId), item, consent, requesterParty, link));
    await store.scopeConsents.recordAsk(consentId, userId, asked.channel, asked.ts);
  };

  /** Each asking DM shows the request as it now is: ended with the incident's closing (no buttons), or open again. */
  const refreshConsentRequest: EffectHandler<"refresh_consent_request"> = async ({ consentId }) => {
    const { consent, item, link } = await consentContext(consentId);
    const requesterParty = consent.requestedByUserId ? (config.directory.member(consent.requestedByUserId)?.party ?? null) : null;
    const incident = item.incidentId ? await store.incidentById(item.incidentId) : null;
    const closure = incident && consent.status === "ended" ? await store.closures.latestOfIncident(incident.id) : null;
    for (const ask of await store.scopeConsents.asks(consentId)) {
      const rc = userRc(ask.userId);
      const ended = incident && consent.status === "ended" ? { ref: incident.ref, closedAt: closure?.closedAt ?? null } : null;
      const card = consentRequestAsk(rc, item, consent, requesterParty, link, ended);
      await client.conversations.open({ users: ask.userId }); // the DM is in that person's own workspace
      await client.chat.update({ channel: ask.channelId, ts: ask.ts, text: card.text, blocks: card.blocks as never });
    }
  };

  const notifyConsentOutcome: EffectHandler<"notify_consent_outcome"> = async ({ consentId }, effect) => {
    const { consent, item, link } = await consentContext(consentId);
    if (!consent.requestedByUserId) return;
    await dm(deps, effect, consent.requestedByUserId, consentOutcome(userRc(consent.requestedByUserId), item, consent, link));
  };

  return {
    handlers: {
      provision_internal_channel: provisionInternalChannel,
      notify_internal_channel: notifyInternalChannel,
      post_release: postRelease,
      post_shared_result: postRelease,
      notify_consent_request: notifyConsentRequest,
      notify_consent_outcome: notifyConsentOutcome,
      refresh_consent_request: refreshConsentRequest,
    },
    onFailure: { provision_internal_channel: onProvisionFailure },
  };
}

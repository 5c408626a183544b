// Art. 7 "without the other party's consent", asked in advance: a member of the receiving party
// asks the provider to share a registered item with a channel or people beyond its scope; the
// provider's liaison officers approve or decline. Approval widens the scope for that audience
// (a later forward there passes silently). Each step is one transaction with one audit entry.
import { consentDecisionRefusal, consentRequestRefusal, type ConsentDecisionRefusal, type ConsentRequestRefusal } from "../domain/sharing-scope";
import { liaisonsOf, type Member } from "../domain/parties";
import { isUniqueViolation } from "../store/consultations";
import type { ScopeConsentRecord, SharedItem } from "../domain/sharing-scope";
import type { AppContext } from "./context";

const ARTICLE = "7";
export const REASON_MAX = 1000;

export type ConsentRequestCheck = { outcome: "ok"; item: SharedItem } | { outcome: "refused"; refusal: ConsentRequestRefusal | "unregistered"; item: SharedItem | null };

/** The message must be registered shared information with a scope, and the asker of the receiving party. */
export async function consentRequestPrecheck(ctx: AppContext, actor: Member | undefined, channelId: string, messageTs: string): Promise<ConsentRequestCheck> {
  const item = await ctx.store.sharedItems.byMessage(channelId, messageTs);
  if (!actor) return { outcome: "refused", refusal: "not_a_member", item };
  if (!item) return { outcome: "refused", refusal: "unregistered", item: null };
  const refusal = consentRequestRefusal(actor, item);
  return refusal ? { outcome: "refused", refusal, item } : { outcome: "ok", item };
}

export type ConsentRequestInput = { sharedInformationId: string; channelId: string | null; users: string[]; reason: string; requestKey: string };

export type ConsentRequestResult =
  | { outcome: "requested"; consent: ScopeConsentRecord; item: SharedItem }
  | { outcome: "duplicate"; consentId: string }
  | { outcome: "invalid"; field: "audience" | "reason" }
  | { outcome: "refused"; refusal: ConsentRequestRefusal | "unregistered" };

export async function requestConsent(ctx: AppContext, actor: Member | undefined, input: ConsentRequestInput): Promise<ConsentRequestResult> {
  const item = await ctx.store.sharedItems.byId(input.sharedInformationId);
  if (!item) return { outcome: "refused", refusal: "unregistered" };
  const refusal = consentRequestRefusal(actor, item);
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member" };
  if (!input.channelId && input.users.length === 0) return { outcome: "invalid", field: "audience" };
  const reason = input.reason.trim();
  if (!reason || reason.length > REASON_MAX) return { outcome: "invalid", field: "reason" };
  const seen = await ctx.store.scopeConsents.idByRequestKey(input.requestKey);
  if (seen) return { outcome: "duplicate", consentId: seen };
  const now = ctx.clock.now();
  try {
    const consent = await ctx.store.transact(now, async (tx) => {
      const c = await tx.scopeConsents.insertRequest({ sharedInformationId: item.id, channelId: input.channelId, users: input.users, requestedByUserId: actor.userId, reason, requestKey: input.requestKey }, now);
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: ARTICLE,
        action: "sharing_scope.consent_requested",
        entityType: "shared_information",
        entityId: item.id,
        before: null,
        after: { consentId: c.id, status: "requested", channelId: c.channelId, users: c.users, reason, providerParty: item.providerParty },
      });
      for (const liaison of liaisonsOf(ctx.config.directory, item.providerParty)) {
        await tx.enqueue({ kind: "notify_consent_request", payload: { consentId: c.id, userId: liaison.userId }, dedupeKey: `consent-request:${c.id}:${liaison.userId}` });
      }
      return c;
    });
    return { outcome: "requested", consent, item };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return { outcome: "duplicate", consentId: (await ctx.store.scopeConsents.idByRequestKey(input.requestKey))! };
  }
}

export type ConsentDecisionResult =
  | { outcome: "done"; consent: ScopeConsentRecord }
  | { outcome: "refused"; refusal: ConsentDecisionRefusal | "unknown"; consent: ScopeConsentRecord | null; endedWith?: EndedWith };

/** The closing a consent request ended with: its incident's reference and when it closed. */
export type EndedWith = { ref: string; closedAt: Date | null };

async function endedWith(ctx: AppContext, incidentId: string | null): Promise<EndedWith | undefined> {
  const incident = incidentId ? await ctx.store.incidentById(incidentId) : null;
  if (!incident) return undefined;
  const closure = await ctx.store.closures.latestOfIncident(incident.id);
  return { ref: incident.ref, closedAt: closure?.closedAt ?? null };
}

/** A liaison of the provider approves (granted: the scope widens for that audience) or declines. */
export async function decideConsent(ctx: AppContext, actor: Member | undefined, consentId: string, decision: "granted" | "declined"): Promise<ConsentDecisionResult> {
  const consent = await ctx.store.scopeConsents.byId(consentId);
  const item = consent ? await ctx.store.sharedItems.byId(consent.sharedInformationId) : null;
  if (!consent || !item) return { outcome: "refused", refusal: "unknown", consent };
  const refusal = consentDecisionRefusal(actor, item.providerParty, consent.status);
  if (refusal === "ended") return { outcome: "refused", refusal, consent, endedWith: await endedWith(ctx, item.incidentId) };
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", consent };
  const now = ctx.clock.now();
  // Lost to another click: nothing to audit, so the transaction is abandoned (transact needs an entry).
  class AnsweredFirst extends Error {}
  const done = await ctx.store.transact(now, async (tx) => {
    if (!(await tx.scopeConsents.decideIf(consent.id, decision, actor.userId, now))) throw new AnsweredFirst();
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: ARTICLE,
      action: decision === "granted" ? "sharing_scope.consent_granted" : "sharing_scope.consent_declined",
      entityType: "shared_information",
      entityId: item.id,
      before: { consentId: consent.id, status: "requested" },
      after: { consentId: consent.id, status: decision, channelId: consent.channelId, users: consent.users, requestedBy: consent.requestedByUserId },
    });
    if (consent.requestedByUserId) {
      await tx.enqueue({ kind: "notify_consent_outcome", payload: { consentId: consent.id }, dedupeKey: `consent-outcome:${consent.id}` });
    }
    return true;
  }).catch((e: unknown) => {
    if (e instanceof AnsweredFirst) return false;
    throw e;
  });
  const after = await ctx.store.scopeConsents.byId(consentId);
  if (!done && after?.status === "ended") return { outcome: "refused", refusal: "ended", consent: after, endedWith: await endedWith(ctx, item.incidentId) };
  if (!done) return { outcome: "refused", refusal: "already_answered", consent: after };
  return { outcome: "done", consent: after! };
}

// Art. 7 use cases: designate a message's sharing scope, record a forward outside it, and the
// provider's answer (consent, or a removal request tracked until the forwarder confirms). Each is
// one transaction with one audit entry; Slack messages follow through the outbox.
import { hasRole, liaisonsOf, type Member } from "../domain/parties";
import {
  designationRefusal,
  isScopeLevel,
  providerOf,
  SCOPE_LIMITS,
  type DesignationRefusal,
  type ScopeAllowances,
  type ScopeLevel,
} from "../domain/sharing-scope";
import { releaseBases } from "../domain/internal-channel";
import { isUniqueViolation } from "../store/consultations";
import type { ScopeWarningRecord, SharedItem } from "../domain/sharing-scope";
import { SYSTEM_ACTOR, type AppContext } from "./context";
import { queueActivityCardRefresh } from "./activities/normal-times-channel";
import type { Tx } from "../store/store";

const ARTICLE = "7";

export type MessageToDesignate = { channelId: string; messageTs: string; threadTs: string | null; authorUserId: string | null; summary: string };

/** The providing party of a message and whether `actor` may designate its scope (null: allowed). */
export async function designationPrecheck(
  ctx: AppContext,
  actor: Member | undefined,
  message: MessageToDesignate,
  botUserId: string | null,
): Promise<{ providerParty: string | null; refusal: DesignationRefusal | null; existing: SharedItem | null; incidentId: string | null; bases: string[] }> {
  const existing = await ctx.store.sharedItems.byMessage(message.channelId, message.messageTs);
  const providerParty = providerOf(ctx.config.directory, message.authorUserId, existing?.providerParty ?? null, botUserId);
  const incidentId = existing?.incidentId ?? (await ctx.store.sharedItems.incidentIdByChannel(message.channelId));
  return { providerParty, refusal: designationRefusal(actor, providerParty), existing, incidentId, bases: await designationBases(ctx, incidentId, existing) };
}

/**
 * The bases a designation may give, as the release form offers them: the Art. 4(2) items the case
 * agreed (its cooperation-item tasks) and Art. 5(2); a message outside a case has Art. 5(2) only.
 * A scope being changed keeps its basis available.
 */
async function designationBases(ctx: AppContext, incidentId: string | null, existing: SharedItem | null): Promise<string[]> {
  const agreed = incidentId ? (await ctx.store.tasksOfIncident(incidentId)).filter((t) => t.kind === "cooperation_item" && t.itemType).map((t) => t.itemType!) : [];
  const bases = releaseBases(ctx.config.profile.cooperationItems, agreed);
  if (existing?.basis && !bases.includes(existing.basis)) bases.splice(bases.length - 1, 0, existing.basis);
  return bases;
}

export type ScopeField = "level" | "basis" | "organisations" | "users" | "channels";

/** The first field of a scope choice that is not acceptable (null: all are). */
export function invalidScopeChoice(choice: { level: string | null; basis: string | null; allow: ScopeAllowances }, bases: string[]): ScopeField | null {
  if (!isScopeLevel(choice.level)) return "level";
  if (!choice.basis || !bases.includes(choice.basis)) return "basis";
  if (choice.allow.organisations.join(", ").length > SCOPE_LIMITS.organisations) return "organisations";
  if (choice.allow.users.length > SCOPE_LIMITS.users) return "users";
  if (choice.allow.channels.length > SCOPE_LIMITS.channels) return "channels";
  return null;
}

/** Puts the new scope on the share's activity and redraws its card; false if the activity is gone. */
async function showScopeOnActivityCard(tx: Tx, item: SharedItem): Promise<boolean> {
  const activity = item.activityId ? await tx.activities.byId(item.activityId) : null;
  if (!activity || !item.scope) return false;
  const changed = await tx.activities.updateIf(activity.id, activity.version, { data: { ...activity.data, scope: item.scope } }, tx.now);
  if (!changed) return false;
  await queueActivityCardRefresh(tx, changed);
  return true;
}

export type DesignateResult =
  | { outcome: "designated"; item: SharedItem }
  | { outcome: "refused"; refusal: DesignationRefusal; providerParty: string | null }
  | { outcome: "invalid"; field: ScopeField };

export async function designateScope(
  ctx: AppContext,
  actor: Member | undefined,
  message: MessageToDesignate,
  choice: { level: string | null; basis: string | null; allow: ScopeAllowances },
  botUserId: string | null,
): Promise<DesignateResult> {
  const { providerParty, refusal, existing, incidentId, bases } = await designationPrecheck(ctx, actor, message, botUserId);
  if (refusal || !actor || !providerParty) return { outcome: "refused", refusal: refusal ?? "not_a_member", providerParty };
  const invalid = invalidScopeChoice(choice, bases);
  if (invalid) return { outcome: "invalid", field: invalid };
  const level = choice.level as ScopeLevel;
  const basis = choice.basis!;
  const now = ctx.clock.now();
  const item = await ctx.store.transact(now, async (tx) => {
    const saved = await tx.sharedItems.upsertDesignation({
        incidentId,
        channelId: message.channelId,
        messageTs: message.messageTs,
        threadTs: message.threadTs,
        basis,
        providerParty,
        summary: message.summary,
        authorUserId: message.authorUserId ?? actor.userId,
        scope: { level, allow: choice.allow },
        designatedByUserId: actor.userId,
      },
      now,
    );
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: ARTICLE,
      action: existing?.scope ? "sharing_scope.changed" : "sharing_scope.designated",
      entityType: "shared_information",
      entityId: saved.id,
      before: existing ? { basis: existing.basis, scope: existing.scope } : null,
      after: { providerParty, basis, scope: saved.scope, channelId: message.channelId, messageTs: message.messageTs, incidentId },
    });
    // An Art. 5(2) share's card shows its scope itself: the card is redrawn instead of a label in its thread.
    if (!(saved.activityId && (await showScopeOnActivityCard(tx, saved)))) {
      await tx.enqueue({ kind: "post_scope_label", payload: { sharedInformationId: saved.id }, dedupeKey: `scope-label:${saved.id}:v${saved.version}` });
    }
    return saved;
  });
  return { outcome: "designated", item };
}

/** A forward (or pasted link) seen in a destination: the warning's facts, before it is recorded. */
export type Forward = { item: SharedItem } & Pick<ScopeWarningRecord, "channelId" | "messageTs" | "threadTs" | "via" | "forwardedByUserId" | "outsiders"> & {
  /** The workspace the event came from (the destination's): its installation posts the warning there. */
  teamId?: string | null;
};

/** Effects posting in the warning's destination act through the installation of the workspace it is in. */
const inWorkspaceOf = (w: Pick<ScopeWarningRecord, "teamId">): { teamId?: string } => (w.teamId ? { teamId: w.teamId } : {});

/** Records a forward outside the scope and queues the warning, the note and the liaisons' question. Once per forward. */
export async function recordScopeWarning(ctx: AppContext, forward: Forward): Promise<{ outcome: "recorded" | "duplicate"; warning: ScopeWarningRecord }> {
  const seen = await ctx.store.scopeWarnings.bySource(forward.item.id, forward.channelId, forward.messageTs);
  if (seen) return { outcome: "duplicate", warning: seen };
  const now = ctx.clock.now();
  try {
    const warning = await ctx.store.transact(now, async (tx) => {
      const w = await tx.scopeWarnings.insert({ sharedInformationId: forward.item.id, channelId: forward.channelId, messageTs: forward.messageTs, threadTs: forward.threadTs, via: forward.via, forwardedByUserId: forward.forwardedByUserId, outsiders: forward.outsiders, teamId: forward.teamId ?? null }, now);
      const forwarder = ctx.config.directory.member(forward.forwardedByUserId);
      await tx.audit({
        actorUserId: SYSTEM_ACTOR,
        actorParty: null,
        article: ARTICLE,
        action: "sharing_scope.outside_scope_seen",
        entityType: "shared_information",
        entityId: forward.item.id,
        before: null,
        after: { warningId: w.id, via: forward.via, channelId: forward.channelId, messageTs: forward.messageTs, forwardedBy: forward.forwardedByUserId, forwarderParty: forwarder?.party ?? null, outsiders: forward.outsiders, scope: forward.item.scope },
      });
      await tx.enqueue({ kind: "post_scope_warning", payload: { warningId: w.id }, dedupeKey: `scope-warning:${w.id}`, ...inWorkspaceOf(w) });
      // The forwarder is in that workspace too (someone renkei.yml does not list is reached through it).
      await tx.enqueue({ kind: "notify_scope_forwarder", payload: { warningId: w.id }, dedupeKey: `scope-forwarder:${w.id}`, ...inWorkspaceOf(w) });
      for (const liaison of liaisonsOf(ctx.config.directory, forward.item.providerParty)) {
        await tx.enqueue({ kind: "notify_scope_liaison", payload: { warningId: w.id, userId: liaison.userId }, dedupeKey: `scope-liaison:${w.id}:${liaison.userId}` });
      }
      return w;
    });
    return { outcome: "recorded", warning };
  } catch (e) {
    // The same event delivered twice at the same moment: the unique (item, destination, message) keeps one.
    if (!isUniqueViolation(e)) throw e;
    return { outcome: "duplicate", warning: (await ctx.store.scopeWarnings.bySource(forward.item.id, forward.channelId, forward.messageTs))! };
  }
}

/** Another click changed it first: nothing to audit, so the transaction is abandoned (transact requires an entry). */
class AnsweredFirst extends Error {}
const answeredFirstAsNull = (e: unknown): null => {
  if (e instanceof AnsweredFirst) return null;
  throw e;
};

export type AnswerRefusal = "not_a_member" | "not_provider_liaison" | "not_forwarder" | "already_answered" | "unknown";
export type AnswerResult = { outcome: "done"; warning: ScopeWarningRecord } | { outcome: "refused"; refusal: AnswerRefusal; warning: ScopeWarningRecord | null };

async function providerAnswerCheck(ctx: AppContext, actor: Member | undefined, warningId: string): Promise<{ warning: ScopeWarningRecord; item: SharedItem } | AnswerResult> {
  const warning = await ctx.store.scopeWarnings.byId(warningId);
  const item = warning ? await ctx.store.sharedItems.byId(warning.sharedInformationId) : null;
  if (!warning || !item) return { outcome: "refused", refusal: "unknown", warning };
  if (!actor) return { outcome: "refused", refusal: "not_a_member", warning };
  if (actor.party !== item.providerParty || !hasRole(actor, "liaison")) return { outcome: "refused", refusal: "not_provider_liaison", warning };
  if (warning.status !== "open") return { outcome: "refused", refusal: "already_answered", warning };
  return { warning, item };
}

/** The provider consents to this sharing: the scope widens for the people outside it in that destination. */
export async function consentToSharing(ctx: AppContext, actor: Member | undefined, warningId: string): Promise<AnswerResult> {
  const checked = await providerAnswerCheck(ctx, actor, warningId);
  if ("outcome" in checked) return checked;
  const { warning, item } = checked;
  const now = ctx.clock.now();
  const updated = await ctx.store.transact(now, async (tx) => {
    const w = await tx.scopeWarnings.updateIf(warning.id, "open", { status: "consented", decidedByUserId: actor!.userId, decidedAt: now }, now);
    if (!w) throw new AnsweredFirst();
    const consent = await tx.scopeConsents.insert({ sharedInformationId: item.id, channelId: w.channelId, users: w.outsiders, warningId: w.id, status: "granted", decidedByUserId: actor!.userId, decidedAt: now }, now);
    await tx.audit({
      actorUserId: actor!.userId,
      actorParty: actor!.party,
      article: ARTICLE,
      action: "sharing_scope.consented",
      entityType: "shared_information",
      entityId: item.id,
      before: { warningId: w.id, status: "open" },
      after: { warningId: w.id, status: "consented", consentId: consent.id, channelId: consent.channelId, users: consent.users },
    });
    await tx.enqueue({ kind: "refresh_scope_warning", payload: { warningId: w.id }, dedupeKey: `scope-warning:${w.id}:consented`, ...inWorkspaceOf(w) });
    return w;
  }).catch(answeredFirstAsNull);
  if (!updated) return { outcome: "refused", refusal: "already_answered", warning: await ctx.store.scopeWarnings.byId(warningId) };
  return { outcome: "done", warning: updated };
}

/** The provider asks for removal: the forwarder is asked to remove it, and it stays open until they confirm. */
export async function requestRemoval(ctx: AppContext, actor: Member | undefined, warningId: string): Promise<AnswerResult> {
  const checked = await providerAnswerCheck(ctx, actor, warningId);
  if ("outcome" in checked) return checked;
  const { warning, item } = checked;
  const now = ctx.clock.now();
  const updated = await ctx.store.transact(now, async (tx) => {
    const w = await tx.scopeWarnings.updateIf(warning.id, "open", { status: "removal_requested", decidedByUserId: actor!.userId, decidedAt: now }, now);
    if (!w) throw new AnsweredFirst();
    await tx.audit({
      actorUserId: actor!.userId,
      actorParty: actor!.party,
      article: ARTICLE,
      action: "sharing_scope.removal_requested",
      entityType: "shared_information",
      entityId: item.id,
      before: { warningId: w.id, status: "open" },
      after: { warningId: w.id, status: "removal_requested", forwarder: w.forwardedByUserId, channelId: w.channelId },
    });
    await tx.enqueue({ kind: "notify_scope_removal", payload: { warningId: w.id }, dedupeKey: `scope-removal:${w.id}`, ...inWorkspaceOf(w) });
    await tx.enqueue({ kind: "refresh_scope_warning", payload: { warningId: w.id }, dedupeKey: `scope-warning:${w.id}:removal_requested`, ...inWorkspaceOf(w) });
    return w;
  }).catch(answeredFirstAsNull);
  if (!updated) return { outcome: "refused", refusal: "already_answered", warning: await ctx.store.scopeWarnings.byId(warningId) };
  return { outcome: "done", warning: updated };
}

/** The forwarder confirms they removed it. */
export async function confirmRemoval(ctx: AppContext, actor: Member | undefined, warningId: string, actorUserId: string): Promise<AnswerResult> {
  const warning = await ctx.store.scopeWarnings.byId(warningId);
  if (!warning) return { outcome: "refused", refusal: "unknown", warning: null };
  if (actorUserId !== warning.forwardedByUserId) return { outcome: "refused", refusal: "not_forwarder", warning };
  if (warning.status !== "removal_requested") return { outcome: "refused", refusal: "already_answered", warning };
  const now = ctx.clock.now();
  const updated = await ctx.store.transact(now, async (tx) => {
    const w = await tx.scopeWarnings.updateIf(warning.id, "removal_requested", { status: "removed", removedAt: now }, now);
    if (!w) throw new AnsweredFirst();
    await tx.audit({
      actorUserId,
      actorParty: actor?.party ?? null,
      article: ARTICLE,
      action: "sharing_scope.removal_confirmed",
      entityType: "shared_information",
      entityId: w.sharedInformationId,
      before: { warningId: w.id, status: "removal_requested" },
      after: { warningId: w.id, status: "removed", channelId: w.channelId, messageTs: w.messageTs },
    });
    await tx.enqueue({ kind: "refresh_scope_warning", payload: { warningId: w.id }, dedupeKey: `scope-warning:${w.id}:removed`, ...inWorkspaceOf(w) });
    return w;
  }).catch(answeredFirstAsNull);
  if (!updated) return { outcome: "refused", refusal: "already_answered", warning: await ctx.store.scopeWarnings.byId(warningId) };
  return { outcome: "done", warning: updated };
}

/** A result is shared AMBER+STRICT unless the provider chooses otherwise (the two parties in this case only). */
export const DEFAULT_RESULT_LEVEL: ScopeLevel = "amber_strict";

/**
 * Inside the transaction that records a result an agreed item shares for its provider (Art. 4(2)(ii),
 * (iv), (v)): registers it as shared information with the scope the provider chose in the form, and
 * queues the result's own post in the joint channel, which becomes the registered message (so
 * forwards of it are checked).
 */
export async function shareResultInTx(
  tx: Tx,
  r: { task: { id: string; incidentId: string | null }; basis: string; summary: string; level: string | null | undefined; actor: Member },
): Promise<{ sharedInformationId: string; scope: ScopeLevel }> {
  const level: ScopeLevel = isScopeLevel(r.level) ? r.level : DEFAULT_RESULT_LEVEL;
  const sharedInformationId = await tx.insertSharedInformation({ incidentId: r.task.incidentId, taskId: r.task.id, basis: r.basis, providerParty: r.actor.party, summary: r.summary, sharedByUserId: r.actor.userId });
  const incident = r.task.incidentId ? await tx.findIncident(r.task.incidentId) : null;
  const channelId = incident?.channelId ?? null;
  await tx.sharedItems.scopeResult(sharedInformationId, { channelId, scope: { level, allow: { users: [], channels: [], organisations: [] } }, designatedByUserId: r.actor.userId }, tx.now);
  if (channelId) await tx.enqueue({ kind: "post_shared_result", payload: { sharedInformationId }, dedupeKey: `shared-result:${sharedInformationId}` });
  return { sharedInformationId, scope: level };
}

// "Share with <other party>": a member releases a message from their party's internal channel
// into the incident's joint channel. The provider chooses the basis (an Art. 4(2) item the case
// agreed, or Art. 5(2)) and the Art. 7 sharing scope; the item is registered with provider,
// designator and time, and the repost (text, scope label, link back) follows through the outbox.
// Nothing from an internal channel reaches the other party through the bot any other way.
import type { Incident } from "../domain/incident";
import { releaseBases, releaseRefusal, type ReleaseRefusal } from "../domain/internal-channel";
import type { Member } from "../domain/parties";
import type { ScopeAllowances, ScopeLevel } from "../domain/sharing-scope";
import { isUniqueViolation } from "../store/consultations";
import type { InternalChannelRecord } from "../domain/internal-channel";
import type { SharedItem } from "../domain/sharing-scope";
import type { AppContext } from "./context";
import { invalidScopeChoice, type ScopeField } from "./sharing-scope";

/** The message to release, as the shortcut saw it. */
export type SourceMessage = { channelId: string; messageTs: string; text: string };

/** A release keeps its text (up to what one repost can show), so the repost can be re-rendered when its scope changes. */
export const RELEASE_TEXT_CHARS = 2700;

export type ReleaseCheck =
  | { outcome: "ok"; internal: InternalChannelRecord; incident: Incident; bases: string[] }
  | { outcome: "refused"; refusal: ReleaseRefusal; party: string | null }
  | { outcome: "already"; item: SharedItem }
  | { outcome: "no_joint_channel"; incident: Incident | null }
  | { outcome: "no_text" };

/** Bases the case allows: the Art. 4(2) items agreed in it (its cooperation-item tasks) and Art. 5(2). */
async function basesOf(ctx: AppContext, incidentId: string): Promise<string[]> {
  const agreed = (await ctx.store.tasksOfIncident(incidentId)).filter((t) => t.kind === "cooperation_item" && t.itemType).map((t) => t.itemType!);
  return releaseBases(ctx.config.profile.cooperationItems, agreed);
}

export async function releasePrecheck(ctx: AppContext, actor: Member | undefined, message: SourceMessage): Promise<ReleaseCheck> {
  const internal = await ctx.store.internalChannels.bySlackId(message.channelId);
  const refusal = releaseRefusal(actor, internal?.party ?? null);
  if (refusal || !internal) return { outcome: "refused", refusal: refusal ?? "not_internal_channel", party: internal?.party ?? null };
  const existing = await ctx.store.sharedItems.releaseBySource(message.channelId, message.messageTs);
  if (existing) return { outcome: "already", item: existing };
  if (!message.text.trim()) return { outcome: "no_text" };
  const incident = await ctx.store.incidentById(internal.incidentId);
  if (!incident?.channelId || incident.channelStatus !== "ready") return { outcome: "no_joint_channel", incident };
  return { outcome: "ok", internal, incident, bases: await basesOf(ctx, incident.id) };
}

export type ReleaseResult = ReleaseCheck | { outcome: "invalid"; field: ScopeField } | { outcome: "released"; item: SharedItem };

export async function releaseToOtherParty(
  ctx: AppContext,
  actor: Member | undefined,
  message: SourceMessage,
  choice: { level: string | null; basis: string | null; allow: ScopeAllowances },
): Promise<ReleaseResult> {
  const check = await releasePrecheck(ctx, actor, message);
  if (check.outcome !== "ok" || !actor) return check;
  const invalid = invalidScopeChoice(choice, check.bases);
  if (invalid) return { outcome: "invalid", field: invalid };
  const { incident, internal } = check;
  const scope = { level: choice.level as ScopeLevel, allow: choice.allow };
  const basis = choice.basis!;
  const now = ctx.clock.now();
  try {
    const item = await ctx.store.transact(now, async (tx) => {
      const saved = await tx.sharedItems.insertRelease({
          incidentId: incident.id,
          jointChannelId: incident.channelId!,
          basis,
          providerParty: internal.party,
          summary: Array.from(message.text).slice(0, RELEASE_TEXT_CHARS).join(""),
          sharedByUserId: actor.userId,
          sourceChannelId: message.channelId,
          sourceMessageTs: message.messageTs,
          scope,
        },
        now,
      );
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: basis,
        action: "shared_information.released",
        entityType: "shared_information",
        entityId: saved.id,
        before: null,
        after: { incidentId: incident.id, providerParty: internal.party, basis, scope, sourceChannelId: message.channelId, sourceMessageTs: message.messageTs, jointChannelId: incident.channelId },
      });
      // The text is what the provider released at that moment (kept in the item), not a later edit.
      await tx.enqueue({ kind: "post_release", payload: { sharedInformationId: saved.id }, dedupeKey: `release:${saved.id}` });
      return saved;
    });
    return { outcome: "released", item };
  } catch (e) {
    // Submitted twice at the same moment: the unique source keeps one release.
    if (!isUniqueViolation(e)) throw e;
    return { outcome: "already", item: (await ctx.store.sharedItems.releaseBySource(message.channelId, message.messageTs))! };
  }
}

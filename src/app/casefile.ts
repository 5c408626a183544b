// The case file of an incident (issue 15): everything recorded about it, read for one member of
// either party. Content whose Art. 7 sharing scope leaves the reader out is replaced by the same
// "(withheld: …)" note the export uses (scopeCheck), never shown. `/renkei casefile <ref>` queues
// its delivery (audited: the file reads both parties' records); the send_casefile effect builds it.
import type { Closure } from "../domain/closing";
import type { Consultation } from "../domain/consultation";
import type { Incident } from "../domain/incident";
import type { ItemRecord } from "../domain/item-records";
import type { Locale } from "../domain/locale";
import type { Review } from "../domain/review";
import type { ScopeWarningRecord, SharedItem } from "../domain/sharing-scope";
import type { Task } from "../domain/tasks";
import type { AppContext } from "./context";
import { scopeCheck } from "./export";

export type CaseFileEntry = { at: Date; action: string; article: string | null; actorUserId: string; actorParty: string | null; withheld: string | null };

export type CaseFileData = {
  incident: Incident;
  timeline: CaseFileEntry[];
  consultations: Consultation[];
  tasks: Array<{ task: Task; records: Array<ItemRecord & { withheld: string | null }> }>;
  shared: Array<{ item: SharedItem; withheld: string | null; warnings: ScopeWarningRecord[] }>;
  closures: Closure[];
  reviews: Review[];
  withheldCount: number;
  generatedAt: Date;
};

export async function buildCaseFile(ctx: AppContext, incidentId: string, reader: { userId: string; locale: Locale; channelMembers?: (channelId: string) => Promise<string[]> }): Promise<CaseFileData | null> {
  const { store } = ctx;
  const incident = await store.incidentById(incidentId);
  if (!incident) return null;
  const now = ctx.clock.now();
  const scopes = await scopeCheck(ctx, new Date(now.getTime() + 1), { requester: { kind: "member", userId: reader.userId }, locale: reader.locale, ...(reader.channelMembers ? { channelMembers: reader.channelMembers } : {}) });
  const [consultations, tasks, items, closures, reviews] = await Promise.all([
    store.consultations.ofIncident(incidentId),
    store.tasksOfIncident(incidentId),
    store.sharedItems.ofIncident(incidentId),
    store.closures.ofIncident(incidentId),
    store.closures.reviewsOfIncident(incidentId),
  ]);
  const withRecords = [];
  for (const task of tasks) {
    const records = await store.recordsOfTask(task.id);
    withRecords.push({ task, records: records.map((r) => ({ ...r, withheld: ((w) => (w ? scopes.text(w) : null))(scopes.record(r.id)) })) });
  }
  const warnings = await store.scopeWarnings.ofItems(items.map((i) => i.id));
  const shared = items.map((item) => {
    const w = scopes.item(item.id);
    return { item, withheld: w ? scopes.text(w) : null, warnings: warnings.filter((x) => x.sharedInformationId === item.id) };
  });
  const ids = [incidentId, ...consultations.map((c) => c.id), ...tasks.map((t) => t.id), ...items.map((i) => i.id), ...withRecords.flatMap((t) => t.records.map((r) => r.id)), ...warnings.map((w) => w.id)];
  const timeline = (await store.auditEntriesFor(ids)).map((e) => {
    const w = scopes.audit(e);
    return { at: e.at, action: e.action, article: e.article, actorUserId: e.actorUserId, actorParty: e.actorParty, withheld: w ? scopes.text(w) : null };
  });
  return { incident, timeline, consultations, tasks: withRecords, shared, closures, reviews, withheldCount: scopes.count(), generatedAt: now };
}

/**
 * `/renkei casefile <ref>`: audited (the file reads both parties' records), delivered to the
 * member's DM by the send_casefile effect. The same request within the same minute queues nothing more.
 */
export async function requestCaseFile(ctx: AppContext, actor: { userId: string; party: string }, incident: Pick<Incident, "id" | "ref">): Promise<{ queued: boolean }> {
  const now = ctx.clock.now();
  const dedupeKey = `casefile:${actor.userId}:${incident.id}:${Math.floor(now.getTime() / 60_000)}`;
  if (await ctx.store.effectByKey(dedupeKey)) return { queued: false };
  await ctx.store.transact(now, async (tx) => {
    await tx.audit({ actorUserId: actor.userId, actorParty: actor.party, article: "7", action: "incident.casefile_requested", entityType: "incident", entityId: incident.id, before: null, after: { ref: incident.ref } });
    await tx.enqueue({ kind: "send_casefile", payload: { userId: actor.userId, incidentId: incident.id }, dedupeKey });
  });
  return { queued: true };
}

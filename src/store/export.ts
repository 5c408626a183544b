// The reads behind the export of the cooperation record (issue 6): each table's rows whose own
// time falls in [start, end), one query per table, and the references of the incidents they
// belong to. Read-only; nothing here is audited.
import type { Consultation } from "../domain/consultation";
import type { Incident } from "../domain/incident";
import type { ItemRecord } from "../domain/item-records";
import type { Task } from "../domain/tasks";
import type { ChainedAuditRecord } from "../domain/audit";
import { verifyChain, type ChainVerdict } from "../domain/audit";
import { toConsultation } from "./consultations";
import { toIncident, toItemRecord, toTask } from "./mapping";
import { parseScope, type SharingScope } from "../domain/sharing-scope";
import type { Store } from "./store";
import type { Activity, ActivityRecord } from "../domain/activity";
import { toActivity } from "./activities";
import { exerciseIncidentIds, notExerciseIncident, notExerciseIncidentRequired } from "./exercises";

// Art. 5(1): what tabletop exercises created is never part of the record (their incidents carry
// exerciseId; rows hanging off them are left out by incidentId).
const exerciseIds = (store: Store) => exerciseIncidentIds(store.db);

export type Range = { start: Date; end: Date };
const within = (r: Range) => ({ gte: r.start, lt: r.end });

export async function incidentsRegisteredIn(store: Store, r: Range): Promise<Incident[]> {
  return (await store.db.incident.findMany({ where: { createdAt: within(r), exerciseId: null }, orderBy: { ref: "asc" } })).map(toIncident);
}

export async function consultationsContactedIn(store: Store, r: Range): Promise<Consultation[]> {
  const rows = await store.db.consultation.findMany({ where: { contactedAt: within(r), ...notExerciseIncidentRequired(await exerciseIds(store)) }, include: { items: { include: { positions: true } } }, orderBy: [{ contactedAt: "asc" }, { round: "asc" }] });
  return rows.map((row) => toConsultation(row as Parameters<typeof toConsultation>[0]));
}

export async function tasksCreatedIn(store: Store, r: Range): Promise<Task[]> {
  return (await store.db.task.findMany({ where: { createdAt: within(r), ...notExerciseIncident(await exerciseIds(store)) }, orderBy: { createdAt: "asc" } })).map(toTask);
}

export type ExportItemRecord = ItemRecord & { incidentId: string | null; itemType: string | null };

export async function itemRecordsCreatedIn(store: Store, r: Range): Promise<ExportItemRecord[]> {
  const rows = await store.db.itemRecord.findMany({ where: { createdAt: within(r), task: notExerciseIncident(await exerciseIds(store)) }, include: { task: { select: { incidentId: true, itemType: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map(({ task, ...row }) => ({ ...toItemRecord(row), incidentId: task.incidentId, itemType: task.itemType }));
}

export type ExportSharedItem = {
  id: string;
  incidentId: string | null;
  activityId: string | null;
  taskId: string | null;
  basis: string;
  providerParty: string;
  sharedByUserId: string;
  channelId: string | null;
  messageTs: string | null;
  scope: SharingScope | null;
  designatedByUserId: string | null;
  designatedAt: Date | null;
  createdAt: Date;
  warnings: { total: number; open: number };
  consents: number;
};

/** Registered shared information (without its content: Art. 7 scopes may be narrower than the review). */
export async function sharedInformationRegisteredIn(store: Store, r: Range): Promise<ExportSharedItem[]> {
  const rows = await store.db.sharedInformation.findMany({
    where: { createdAt: within(r), ...notExerciseIncident(await exerciseIds(store)) },
    include: { warnings: { select: { status: true } }, consents: { select: { id: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((s) => ({
    id: s.id,
    incidentId: s.incidentId,
    activityId: s.activityId,
    taskId: s.taskId,
    basis: s.basis,
    providerParty: s.providerParty,
    sharedByUserId: s.sharedByUserId,
    channelId: s.channelId,
    messageTs: s.messageTs,
    scope: parseScope(s.scope),
    designatedByUserId: s.designatedByUserId,
    designatedAt: s.designatedAt,
    createdAt: s.createdAt,
    warnings: { total: s.warnings.length, open: s.warnings.filter((w) => w.status === "open" || w.status === "removal_requested").length },
    consents: s.consents.length,
  }));
}

const jsonList = (raw: string): string[] => {
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

export type ExportScopeWarning = {
  id: string;
  sharedInformationId: string;
  incidentId: string | null;
  activityId: string | null;
  providerParty: string;
  level: string | null;
  channelId: string;
  messageTs: string;
  via: string;
  forwardedByUserId: string;
  outsiders: string[];
  status: string;
  decidedByUserId: string | null;
  decidedAt: Date | null;
  removedAt: Date | null;
  createdAt: Date;
};

export async function scopeWarningsRaisedIn(store: Store, r: Range): Promise<ExportScopeWarning[]> {
  const rows = await store.db.scopeWarning.findMany({
    where: { createdAt: within(r), sharedInformation: notExerciseIncident(await exerciseIds(store)) },
    include: { sharedInformation: { select: { incidentId: true, activityId: true, providerParty: true, scope: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((w) => ({
    id: w.id,
    sharedInformationId: w.sharedInformationId,
    incidentId: w.sharedInformation.incidentId,
    activityId: w.sharedInformation.activityId,
    providerParty: w.sharedInformation.providerParty,
    level: parseScope(w.sharedInformation.scope)?.level ?? null,
    channelId: w.channelId,
    messageTs: w.messageTs,
    via: w.via,
    forwardedByUserId: w.forwardedByUserId,
    outsiders: jsonList(w.outsiders),
    status: w.status,
    decidedByUserId: w.decidedByUserId,
    decidedAt: w.decidedAt,
    removedAt: w.removedAt,
    createdAt: w.createdAt,
  }));
}

export type ExportScopeConsent = {
  id: string;
  sharedInformationId: string;
  incidentId: string | null;
  providerParty: string;
  activityId: string | null;
  channelId: string | null;
  reason: string | null;
  users: string[];
  warningId: string | null;
  requestedByUserId: string | null;
  status: string;
  decidedByUserId: string | null;
  decidedAt: Date | null;
  createdAt: Date;
};

export async function scopeConsentsIn(store: Store, r: Range): Promise<ExportScopeConsent[]> {
  const rows = await store.db.scopeConsent.findMany({
    where: { createdAt: within(r), sharedInformation: notExerciseIncident(await exerciseIds(store)) },
    include: { sharedInformation: { select: { incidentId: true, activityId: true, providerParty: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((c) => ({
    id: c.id,
    sharedInformationId: c.sharedInformationId,
    incidentId: c.sharedInformation.incidentId,
    activityId: c.sharedInformation.activityId,
    providerParty: c.sharedInformation.providerParty,
    channelId: c.channelId,
    users: jsonList(c.users),
    warningId: c.warningId,
    requestedByUserId: c.requestedByUserId,
    reason: c.reason,
    status: c.status,
    decidedByUserId: c.decidedByUserId,
    decidedAt: c.decidedAt,
    createdAt: c.createdAt,
  }));
}

/**
 * The audit entries of the period, and the verdict on the whole chain (a chain verifies only from
 * its first entry, so every entry is read, in batches, as `npm run audit:verify` does). The entries
 * are one unbroken stretch of the chain, from the first of the period to its last, so the export's
 * own links can be checked: an entry between them timed outside the period (a clock set back) is kept.
 */
export async function auditEntriesIn(store: Store, r: Range): Promise<{ entries: ChainedAuditRecord[]; verdict: ChainVerdict }> {
  const all: ChainedAuditRecord[] = [];
  for await (const entry of store.auditEntries()) all.push(entry);
  const verdict = verifyChain(all);
  const inside = (e: ChainedAuditRecord) => e.at.getTime() >= r.start.getTime() && e.at.getTime() < r.end.getTime();
  const first = all.findIndex(inside);
  if (first < 0) return { entries: [], verdict };
  let last = all.length - 1;
  while (!inside(all[last]!)) last--;
  return { entries: all.slice(first, last + 1), verdict };
}

/** Incident references by id (any time: a record of the period may belong to an earlier incident). */
export async function incidentRefs(store: Store, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  const refs = new Map<string, string>();
  for (let i = 0; i < wanted.length; i += 500) {
    for (const row of await store.db.incident.findMany({ where: { id: { in: wanted.slice(i, i + 500) } }, select: { id: true, ref: true } })) refs.set(row.id, row.ref);
  }
  return refs;
}

/** The references of every incident registered before `end` (the period's and earlier ones its records name). */
export async function incidentRefsBefore(store: Store, end: Date): Promise<Map<string, string>> {
  const rows = await store.db.incident.findMany({ where: { createdAt: { lt: end }, exerciseId: null }, select: { id: true, ref: true } });
  return new Map(rows.map((r) => [r.id, r.ref]));
}

/** Normal-times activities (Arts. 5, 6, 8) opened in the period. */
export async function activitiesOpenedIn(store: Store, r: Range): Promise<Activity[]> {
  return (await store.db.activity.findMany({ where: { createdAt: within(r) }, orderBy: { ref: "asc" } })).map(toActivity);
}

export type ExportActivityRecord = ActivityRecord & { activityRef: string; activityKind: string; article: string };

/** What the parties recorded on activities (advice, resolutions, confirmations, receipts) in the period. */
export async function activityRecordsCreatedIn(store: Store, r: Range): Promise<ExportActivityRecord[]> {
  const rows = await store.db.activityRecord.findMany({ where: { createdAt: within(r) }, include: { activity: { select: { ref: true, kind: true, article: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map(({ activity, ...row }) => ({
    id: row.id, activityId: row.activityId, kind: row.kind, party: row.party, byUserId: row.byUserId, data: JSON.parse(row.data) as Record<string, unknown>, createdAt: row.createdAt,
    activityRef: activity.ref, activityKind: activity.kind, article: activity.article,
  }));
}

/** Reference and article of every activity opened before `end` (the period's and earlier ones its records name). */
export async function activityRefsBefore(store: Store, end: Date): Promise<Map<string, { ref: string; article: string }>> {
  const rows = await store.db.activity.findMany({ where: { createdAt: { lt: end } }, select: { id: true, ref: true, article: true } });
  return new Map(rows.map((r) => [r.id, { ref: r.ref, article: r.article }]));
}

/** Consultation rounds by id, for tasks that came from one. */
export async function consultationRounds(store: Store, ids: Iterable<string | null>): Promise<Map<string, number>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  const out = new Map<string, number>();
  for (let i = 0; i < wanted.length; i += 500) {
    for (const row of await store.db.consultation.findMany({ where: { id: { in: wanted.slice(i, i + 500) } }, select: { id: true, round: true } })) out.set(row.id, row.round);
  }
  return out;
}

/** Shared information with a designated scope, as the export's Art. 7 check reads it (issue 12). */
export type ExportScopedItem = {
  id: string;
  incidentId: string | null;
  activityId: string | null;
  taskId: string | null;
  basis: string;
  providerParty: string;
  /** The text it was registered with (a result's summary, the advice, the overseas results): matches the record it came from. */
  summary: string;
  scope: SharingScope;
  /** The channel both parties share for it: the incident's joint channel, or the normal-times channel of an Art. 5(2) share. */
  jointChannelId: string | null;
  /** Consents the provider granted: the people each covers. */
  consents: Array<{ channelId: string | null; users: string[] }>;
};

/**
 * Every scoped item registered before `end` (records of the period name earlier ones too), with the
 * granted consents and the joint channel of its incident. Three queries whatever the number.
 */
export async function scopedItemsBefore(store: Store, end: Date): Promise<ExportScopedItem[]> {
  const rows = await store.db.sharedInformation.findMany({
    where: { createdAt: { lt: end }, scope: { not: null }, ...notExerciseIncident(await exerciseIds(store)) },
    include: { consents: { where: { status: "granted" }, select: { channelId: true, users: true } } },
    orderBy: { createdAt: "asc" },
  });
  const incidentIds = [...new Set(rows.map((r) => r.incidentId).filter((id): id is string => !!id))];
  const channels = new Map<string, string | null>();
  for (let i = 0; i < incidentIds.length; i += 500) {
    for (const row of await store.db.incident.findMany({ where: { id: { in: incidentIds.slice(i, i + 500) } }, select: { id: true, channelId: true } })) channels.set(row.id, row.channelId);
  }
  const out: ExportScopedItem[] = [];
  for (const r of rows) {
    const scope = parseScope(r.scope);
    if (!scope) continue;
    out.push({
      id: r.id,
      incidentId: r.incidentId,
      activityId: r.activityId,
      taskId: r.taskId,
      basis: r.basis,
      providerParty: r.providerParty,
      summary: r.summary,
      scope,
      jointChannelId: r.incidentId ? (channels.get(r.incidentId) ?? null) : r.basis === "5(2)" ? r.channelId : null,
      consents: r.consents.map((c) => ({ channelId: c.channelId, users: jsonList(c.users) })),
    });
  }
  return out;
}

/** Item records that are, or hold, content a provider shared (results, advice, overseas results, alert drafts), created before `end`. */
export async function contentRecordsBefore(store: Store, end: Date, kinds: string[]): Promise<Array<ItemRecord & { incidentId: string | null }>> {
  const rows = await store.db.itemRecord.findMany({ where: { createdAt: { lt: end }, kind: { in: kinds }, task: notExerciseIncident(await exerciseIds(store)) }, include: { task: { select: { incidentId: true } } }, orderBy: { createdAt: "asc" } });
  return rows.map(({ task, ...row }) => ({ ...toItemRecord(row), incidentId: task.incidentId }));
}

/** The joint channel of each incident (for AMBER+STRICT content outside a shared item, e.g. an alert draft). */
export async function incidentChannels(store: Store, ids: Iterable<string | null>): Promise<Map<string, string | null>> {
  const wanted = [...new Set([...ids].filter((id): id is string => !!id))];
  const out = new Map<string, string | null>();
  for (let i = 0; i < wanted.length; i += 500) {
    for (const row of await store.db.incident.findMany({ where: { id: { in: wanted.slice(i, i + 500) } }, select: { id: true, channelId: true } })) out.set(row.id, row.channelId);
  }
  return out;
}

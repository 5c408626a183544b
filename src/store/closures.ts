// Persistence of incident closings (issue 15): the closing rounds, and what ended with a closing
// (open tasks, open consultation rounds, consent requests) so that reopening restores it.
import { randomUUID } from "node:crypto";
import type { Closure, Confirmation, EndedWithClosing } from "../domain/closing";
import type { Incident } from "../domain/incident";
import type { Review } from "../domain/review";
import { placeholder, type DirectReads } from "./direct-sql";
import type { Db, DbTx } from "./prisma";
import { toIncident } from "./mapping";

type Row = NonNullable<Awaited<ReturnType<Db["incidentClosure"]["findFirst"]>>>;

export function toClosure(row: Row): Closure {
  const confirmations = (JSON.parse(row.confirmations) as Array<Omit<Confirmation, "at"> & { at: string }>).map((c) => ({ ...c, at: new Date(c.at) }));
  return {
    id: row.id,
    incidentId: row.incidentId,
    round: row.round,
    status: row.status as Closure["status"],
    priorState: row.priorState as Closure["priorState"],
    summary: JSON.parse(row.summary) as Closure["summary"],
    requiredParties: JSON.parse(row.requiredParties) as string[],
    confirmations,
    proposedByUserId: row.proposedByUserId,
    proposedByParty: row.proposedByParty,
    ended: row.ended ? (JSON.parse(row.ended) as EndedWithClosing) : null,
    closedAt: row.closedAt,
    archiveAt: row.archiveAt,
    archivedAt: row.archivedAt,
    reopenedAt: row.reopenedAt,
    reopenedByUserId: row.reopenedByUserId,
    reopenReason: row.reopenReason,
    withdrawnAt: row.withdrawnAt,
    withdrawnByUserId: row.withdrawnByUserId,
    withdrawnByParty: row.withdrawnByParty,
    withdrawReason: row.withdrawReason,
    cardTs: row.cardTs,
    reviewDueOn: row.reviewDueOn,
    version: row.version,
    createdAt: row.createdAt,
  };
}

/** The incident's latest closing round, or null. */
async function latestOfIncident(db: Db | DbTx, incidentId: string): Promise<Closure | null> {
  const row = await db.incidentClosure.findFirst({ where: { incidentId }, orderBy: { round: "desc" } });
  return row ? toClosure(row) : null;
}

async function byId(db: Db | DbTx, id: string): Promise<Closure | null> {
  const row = await db.incidentClosure.findFirst({ where: { id } });
  return row ? toClosure(row) : null;
}

async function insert(db: DbTx, c: Pick<Closure, "incidentId" | "round" | "priorState" | "summary" | "requiredParties" | "confirmations" | "proposedByUserId" | "proposedByParty">, sourceViewId: string | null, now: Date): Promise<Closure> {
  const row = await db.incidentClosure.create({
    data: {
      id: randomUUID(),
      incidentId: c.incidentId,
      round: c.round,
      status: "proposed",
      priorState: c.priorState,
      summary: JSON.stringify(c.summary),
      requiredParties: JSON.stringify(c.requiredParties),
      confirmations: JSON.stringify(c.confirmations),
      proposedByUserId: c.proposedByUserId,
      proposedByParty: c.proposedByParty,
      sourceViewId,
      createdAt: now,
      updatedAt: now,
    },
  });
  return toClosure(row);
}

/**
 * Changes a closing only while it is still at `version` (bumping it); null when another request
 * changed it first (a double click, a Slack retry, the other party confirming at the same moment).
 */
async function updateIfVersion(
  db: DbTx,
  id: string,
  version: number,
  patch: Partial<Pick<Closure, "status" | "confirmations" | "ended" | "closedAt" | "archiveAt" | "archivedAt" | "reopenedAt" | "reopenedByUserId" | "reopenReason" | "withdrawnAt" | "withdrawnByUserId" | "withdrawnByParty" | "withdrawReason" | "reviewDueOn">>,
  now: Date,
): Promise<Closure | null> {
  const data: Record<string, unknown> = { updatedAt: now, version: { increment: 1 } };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    data[k] = k === "confirmations" || k === "ended" ? (v === null ? null : JSON.stringify(v)) : v;
  }
  const { count } = await db.incidentClosure.updateMany({ where: { id, version }, data });
  return count === 1 ? byId(db, id) : null;
}

async function idBySourceView(db: Db | DbTx, sourceViewId: string): Promise<string | null> {
  return (await db.incidentClosure.findFirst({ where: { sourceViewId }, select: { id: true } }))?.id ?? null;
}

/** Closings whose channel is due for archiving (at most `limit`). */
async function archiveDue(db: Db | DbTx, now: Date, limit: number): Promise<Closure[]> {
  const rows = await db.incidentClosure.findMany({ where: { status: "closed", archivedAt: null, archiveAt: { not: null, lte: now } }, orderBy: { archiveAt: "asc" }, take: limit });
  return rows.map(toClosure);
}

/** What is still open of an incident and ends with its closing. */
async function openOfIncident(db: DbTx, incidentId: string): Promise<EndedWithClosing> {
  // One after the other: these run inside a transaction (one connection).
  const tasks = await db.task.findMany({ where: { incidentId, status: "open" }, select: { id: true } });
  const consultations = await db.consultation.findMany({ where: { incidentId, status: "open" }, select: { id: true } });
  const items = await db.sharedInformation.findMany({ where: { incidentId }, select: { id: true } });
  const consents = items.length === 0 ? [] : await db.scopeConsent.findMany({ where: { sharedInformationId: { in: items.map((i) => i.id) }, status: "requested" }, select: { id: true } });
  return { tasks: tasks.map((t) => t.id), consultations: consultations.map((c) => c.id), consents: consents.map((c) => c.id) };
}

/** Ends what was open (closing) or makes it open again (reopening); only rows still in the expected state change. */
async function setEnded(db: DbTx, ended: EndedWithClosing, direction: "end" | "restore", now: Date): Promise<void> {
  const [from, to] = direction === "end" ? ["open", "ended"] : ["ended", "open"];
  const [consentFrom, consentTo] = direction === "end" ? ["requested", "ended"] : ["ended", "requested"];
  if (ended.tasks.length > 0) await db.task.updateMany({ where: { id: { in: ended.tasks }, status: from }, data: { status: to, version: { increment: 1 }, updatedAt: now } });
  if (ended.consultations.length > 0) await db.consultation.updateMany({ where: { id: { in: ended.consultations }, status: from }, data: { status: to, updatedAt: now } });
  if (ended.consents.length > 0) await db.scopeConsent.updateMany({ where: { id: { in: ended.consents }, status: consentFrom }, data: { status: consentTo } });
}

/** Closed incidents, newest first (`/renkei list --closed`). */
async function closedIncidents(db: Db, limit: number): Promise<{ incidents: Incident[]; total: number }> {
  const where = { state: "closed" };
  const [rows, total] = await Promise.all([db.incident.findMany({ where, orderBy: { ref: "desc" }, take: limit }), db.incident.count({ where })]);
  return { incidents: rows.map(toIncident), total };
}

type ReviewRow = NonNullable<Awaited<ReturnType<Db["incidentReview"]["findFirst"]>>>;
const toReview = (r: ReviewRow): Review => ({ ...r, lessons: JSON.parse(r.lessons) as string[] });

async function insertReview(db: DbTx, r: Omit<Review, "id" | "cardTs" | "createdAt">, sourceViewId: string | null, now: Date): Promise<Review> {
  return toReview(await db.incidentReview.create({ data: { id: randomUUID(), ...r, lessons: JSON.stringify(r.lessons), sourceViewId, createdAt: now } }));
}

/**
 * Retention (issue 15): replaces the free text of an incident that may hold personal data —
 * summaries, reasons, needs, conditions, results, review text, the closing summary — by `note`,
 * keeping the skeleton (dates, parties, references, states), and empties the content of its audit
 * entries (their content hash stays, so the chain still verifies). Returns what was erased.
 */
async function eraseIncidentText(db: DbTx, incidentId: string, note: string, now: Date): Promise<Record<string, number>> {
  const consultations = await db.consultation.findMany({ where: { incidentId }, select: { id: true } });
  const cIds = consultations.map((c) => c.id);
  const items = await db.consultationItem.findMany({ where: { consultationId: { in: cIds } }, select: { id: true } });
  const tasks = await db.task.findMany({ where: { incidentId }, select: { id: true } });
  const tIds = tasks.map((t) => t.id);
  const shared = await db.sharedInformation.findMany({ where: { incidentId }, select: { id: true } });
  const sIds = shared.map((x) => x.id);
  const records = await db.itemRecord.findMany({ where: { taskId: { in: tIds } }, select: { id: true } });
  const closures = await db.incidentClosure.findMany({ where: { incidentId }, select: { id: true } });
  const erasedSummary = JSON.stringify({ whatHappened: note, items: [], reports: note, openTasks: note });
  const counts: Record<string, number> = {};
  counts.incident = (await db.incident.updateMany({ where: { id: incidentId }, data: { summary: note, reporterName: note, updatedAt: now } })).count;
  counts.consultations = (await db.consultation.updateMany({ where: { id: { in: cIds } }, data: { impactOnDuties: note } })).count;
  counts.items = (await db.consultationItem.updateMany({ where: { consultationId: { in: cIds } }, data: { need: note } })).count;
  counts.positionReasons = (await db.position.updateMany({ where: { consultationItemId: { in: items.map((i) => i.id) }, reason: { not: null } }, data: { reason: note } })).count;
  counts.positionConditions = (await db.position.updateMany({ where: { consultationItemId: { in: items.map((i) => i.id) }, conditions: { not: null } }, data: { conditions: note } })).count;
  counts.taskConditions = (await db.task.updateMany({ where: { id: { in: tIds }, conditions: { not: null } }, data: { conditions: note } })).count;
  counts.records = (await db.itemRecord.updateMany({ where: { id: { in: records.map((r) => r.id) } }, data: { data: JSON.stringify({ erased: note }), updatedAt: now } })).count;
  counts.shared = (await db.sharedInformation.updateMany({ where: { id: { in: sIds } }, data: { summary: note } })).count;
  counts.closings = (await db.incidentClosure.updateMany({ where: { incidentId }, data: { summary: erasedSummary, erasedAt: now, updatedAt: now } })).count;
  await db.incidentClosure.updateMany({ where: { incidentId, reopenReason: { not: null } }, data: { reopenReason: note } });
  await db.incidentClosure.updateMany({ where: { incidentId, withdrawReason: { not: null } }, data: { withdrawReason: note } });
  counts.reviews = (await db.incidentReview.updateMany({ where: { incidentId }, data: { worked: note, didNot: note, lessons: JSON.stringify([]) } })).count;
  const entityIds = [incidentId, ...cIds, ...tIds, ...sIds, ...records.map((r) => r.id), ...closures.map((c) => c.id)];
  counts.auditEntries = (await db.auditEntry.updateMany({ where: { entityId: { in: entityIds }, erasedAt: null }, data: { before: null, after: null, erasedAt: now } })).count;
  return counts;
}

export function closureRepository(db: DbTx, direct?: DirectReads) {
  return {
    byId: (id: string) => byId(db, id),
    // Outside a change on the driver (every `/renkei status` answer reads it).
    latestOfIncident: direct
      ? async (incidentId: string) => {
          const rows = await direct.sql.all<Row>(`SELECT * FROM "IncidentClosure" WHERE "incidentId" = ${placeholder(direct.provider, 1)} ORDER BY "round" DESC LIMIT 1`, [incidentId]);
          return rows[0] ? toClosure({ ...rows[0], round: Number(rows[0].round), version: Number(rows[0].version) }) : null;
        }
      : (incidentId: string) => latestOfIncident(db, incidentId),
    ofIncident: async (incidentId: string) => (await db.incidentClosure.findMany({ where: { incidentId }, orderBy: { round: "asc" } })).map(toClosure),
    idBySourceView: (sourceViewId: string) => idBySourceView(db, sourceViewId),
    insert: (c: Parameters<typeof insert>[1], sourceViewId: string | null, now: Date) => insert(db, c, sourceViewId, now),
    updateIfVersion: (id: string, version: number, patch: Parameters<typeof updateIfVersion>[3], now: Date) => updateIfVersion(db, id, version, patch, now),
    archiveDue: (now: Date, limit: number) => archiveDue(db, now, limit),
    /** Closed and not yet erased (retention): the candidates, oldest closing first. */
    notErased: async (limit: number) => (await db.incidentClosure.findMany({ where: { status: "closed", erasedAt: null }, orderBy: { closedAt: "asc" }, take: limit })).map(toClosure),
    eraseIncidentText: (incidentId: string, note: string, now: Date) => eraseIncidentText(db, incidentId, note, now),
    openOfIncident: (incidentId: string) => openOfIncident(db, incidentId),
    setEnded: (ended: EndedWithClosing, direction: "end" | "restore", now: Date) => setEnded(db, ended, direction, now),
    closedIncidents: (limit: number) => closedIncidents(db as Db, limit),
    insertReview: (r: Omit<Review, "id" | "cardTs" | "createdAt">, sourceViewId: string | null, now: Date) => insertReview(db, r, sourceViewId, now),
    reviewsOf: async (closureId: string) => (await db.incidentReview.findMany({ where: { closureId }, orderBy: { createdAt: "asc" } })).map(toReview),
    reviewsOfIncident: async (incidentId: string) => (await db.incidentReview.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } })).map(toReview),
    reviewById: async (id: string) => {
      const row = await db.incidentReview.findFirst({ where: { id } });
      return row ? toReview(row) : null;
    },
    reviewIdBySourceView: async (sourceViewId: string) => (await db.incidentReview.findFirst({ where: { sourceViewId }, select: { id: true } }))?.id ?? null,
    /** Delivery bookkeeping: where a review card was posted (not audited). */
    setReviewCardTs: async (id: string, cardTs: string) => void (await db.incidentReview.update({ where: { id }, data: { cardTs } })),
    /** Delivery bookkeeping: where the closing card was posted (not audited). */
    setCardTs: async (id: string, cardTs: string) => void (await db.incidentClosure.update({ where: { id }, data: { cardTs } })),
  };
}
export type ClosureRepository = ReturnType<typeof closureRepository>;

// Persistence of Art. 4(2) consultations: rounds, proposed items and each party's positions.
import { randomUUID } from "node:crypto";
import type { Consultation, PositionRecord, Proposal } from "../domain/consultation";
import { placeholder, type DirectReads, type SqlConn, type SqlValue } from "./direct-sql";
import type { Db, DbTx } from "./prisma";

const WITH_ITEMS = { items: { include: { positions: true } } } as const;

type Row = NonNullable<Awaited<ReturnType<Db["consultation"]["findFirst"]>>> & {
  items: Array<{ id: string; itemType: string; need: string; positions: Array<Omit<PositionRecord, "position"> & { position: string; id: string; consultationItemId: string }> }>;
};

export function toConsultation(row: Row): Consultation {
  return {
    id: row.id,
    incidentId: row.incidentId,
    round: row.round,
    proposedByParty: row.proposedByParty,
    proposedByUserId: row.proposedByUserId,
    impactOnDuties: row.impactOnDuties,
    status: row.status as Consultation["status"],
    outcome: row.outcome as Consultation["outcome"],
    contactedAt: row.contactedAt,
    concludedAt: row.concludedAt,
    channelId: row.channelId,
    cardTs: row.cardTs,
    items: row.items.map((i) => ({
      id: i.id,
      itemType: i.itemType,
      need: i.need,
      positions: i.positions
        .map((p) => ({ party: p.party, position: p.position as PositionRecord["position"], reason: p.reason, conditions: p.conditions, decidedByUserId: p.decidedByUserId, decidedAt: p.decidedAt }))
        .sort((a, b) => a.decidedAt.getTime() - b.decidedAt.getTime()),
    })),
  };
}

/**
 * Consultations with their items and positions in one statement on the driver (./direct-sql),
 * in the order `orderBy` gives (items by type, as the unique index orders them): a row per
 * position, or per item without one. `where` selects the consultations (`c` is Consultation).
 */
export async function consultationsJoined(sql: SqlConn, where: string, args: SqlValue[], orderBy: string): Promise<Consultation[]> {
  const rows = await sql.all<ConsultationJoinRow>(
    `SELECT c."id", c."incidentId", c."round", c."proposedByParty", c."proposedByUserId", c."impactOnDuties", c."status", c."outcome", c."contactedAt", c."concludedAt", c."channelId", c."cardTs", ` +
      `i."id" AS "i_id", i."itemType" AS "i_itemType", i."need" AS "i_need", ` +
      `p."id" AS "p_id", p."party" AS "p_party", p."position" AS "p_position", p."reason" AS "p_reason", p."conditions" AS "p_conditions", p."decidedByUserId" AS "p_decidedByUserId", p."decidedAt" AS "p_decidedAt" ` +
      `FROM "Consultation" c LEFT JOIN "ConsultationItem" i ON i."consultationId" = c."id" LEFT JOIN "Position" p ON p."consultationItemId" = i."id" ` +
      `WHERE ${where} ORDER BY ${orderBy}, c."id" ASC, i."itemType" ASC`,
    args,
  );
  const byId = new Map<string, Row>();
  const items = new Map<string, Row["items"][number]>();
  for (const r of rows) {
    let c = byId.get(r.id);
    if (!c) {
      c = { id: r.id, incidentId: r.incidentId, round: Number(r.round), proposedByParty: r.proposedByParty, proposedByUserId: r.proposedByUserId, impactOnDuties: r.impactOnDuties, status: r.status, outcome: r.outcome, contactedAt: r.contactedAt, concludedAt: r.concludedAt, channelId: r.channelId, cardTs: r.cardTs, items: [] } as unknown as Row;
      byId.set(r.id, c);
    }
    if (r.i_id === null) continue;
    let item = items.get(r.i_id);
    if (!item) {
      item = { id: r.i_id, itemType: r.i_itemType!, need: r.i_need!, positions: [] };
      items.set(r.i_id, item);
      c.items.push(item);
    }
    if (r.p_id !== null) item.positions.push({ id: r.p_id, consultationItemId: r.i_id, party: r.p_party!, position: r.p_position!, reason: r.p_reason, conditions: r.p_conditions, decidedByUserId: r.p_decidedByUserId!, decidedAt: r.p_decidedAt! });
  }
  return [...byId.values()].map(toConsultation);
}

type ConsultationJoinRow = {
  id: string; incidentId: string; round: number; proposedByParty: string; proposedByUserId: string; impactOnDuties: string; status: string; outcome: string | null;
  contactedAt: Date; concludedAt: Date | null; channelId: string | null; cardTs: string | null;
  i_id: string | null; i_itemType: string | null; i_need: string | null;
  p_id: string | null; p_party: string | null; p_position: string | null; p_reason: string | null; p_conditions: string | null; p_decidedByUserId: string | null; p_decidedAt: Date | null;
};

export async function findConsultation(db: Db | DbTx, id: string): Promise<Consultation | null> {
  const row = await db.consultation.findFirst({ where: { id }, include: WITH_ITEMS });
  return row ? toConsultation(row as Row) : null;
}

export async function consultationsOfIncident(db: Db | DbTx, incidentId: string): Promise<Consultation[]> {
  const rows = await db.consultation.findMany({ where: { incidentId }, include: WITH_ITEMS, orderBy: { round: "asc" } });
  return rows.map((r) => toConsultation(r as Row));
}

export async function insertConsultation(
  db: DbTx,
  data: { incidentId: string; round: number; proposedByParty: string; proposedByUserId: string; proposal: Proposal; now: Date; channelId: string | null; sourceViewId?: string | undefined },
): Promise<Consultation> {
  const id = randomUUID();
  await db.consultation.create({
    data: {
      id,
      incidentId: data.incidentId,
      round: data.round,
      proposedByParty: data.proposedByParty,
      proposedByUserId: data.proposedByUserId,
      impactOnDuties: data.proposal.impactOnDuties.trim(),
      status: "open",
      contactedAt: data.now,
      channelId: data.channelId,
      sourceViewId: data.sourceViewId ?? null,
      createdAt: data.now,
      updatedAt: data.now,
      items: { create: data.proposal.items.map((i) => ({ id: randomUUID(), itemType: i.itemType, need: i.need.trim() })) },
    },
  });
  return (await findConsultation(db, id))!;
}

/** Inserts a position; the unique (item, party) index makes a second one fail (P2002). */
export async function insertPosition(db: DbTx, consultationItemId: string, p: PositionRecord): Promise<void> {
  await db.position.create({
    data: {
      id: randomUUID(),
      consultationItemId,
      party: p.party,
      position: p.position,
      reason: p.reason,
      conditions: p.conditions,
      decidedByUserId: p.decidedByUserId,
      decidedAt: p.decidedAt,
    },
  });
}

/** Concludes an open round; false if it was already concluded (another request got there first). */
export async function concludeConsultation(db: DbTx, id: string, outcome: string, now: Date): Promise<boolean> {
  const { count } = await db.consultation.updateMany({ where: { id, status: "open" }, data: { status: "concluded", outcome, concludedAt: now, updatedAt: now } });
  return count === 1;
}

export function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string })?.code === "P2002";
}

export async function consultationIdBySourceView(db: Db | DbTx, sourceViewId: string): Promise<string | null> {
  return (await db.consultation.findFirst({ where: { sourceViewId }, select: { id: true } }))?.id ?? null;
}

/**
 * Consultations through one handle: `store.consultations` outside a change, `tx.consultations`
 * inside one. `direct`: outside a change, the reads every click asks for go to the driver (a
 * decision click reads its consultation first).
 */
export function consultationRepository(db: DbTx, direct?: DirectReads) {
  return {
    byId: direct
      ? async (id: string) => (await consultationsJoined(direct.sql, `c."id" = ${placeholder(direct.provider, 1)}`, [id], `c."round" ASC`))[0] ?? null
      : (id: string) => findConsultation(db, id),
    ofIncident: (incidentId: string) => consultationsOfIncident(db, incidentId),
    idBySourceView: (sourceViewId: string) => consultationIdBySourceView(db, sourceViewId),
    insert: (data: Parameters<typeof insertConsultation>[1]) => insertConsultation(db, data),
    insertPosition: (consultationItemId: string, p: PositionRecord) => insertPosition(db, consultationItemId, p),
    conclude: (id: string, outcome: string, now: Date) => concludeConsultation(db, id, outcome, now),
  };
}
export type ConsultationRepository = ReturnType<typeof consultationRepository>;

// Persistence of Art. 4(2) consultations: rounds, proposed items and each party's positions.
import { randomUUID } from "node:crypto";
import type { Consultation, PositionRecord, Proposal } from "../domain/consultation";
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

/** Consultations through one handle: `store.consultations` outside a change, `tx.consultations` inside one. */
export function consultationRepository(db: DbTx) {
  return {
    byId: (id: string) => findConsultation(db, id),
    ofIncident: (incidentId: string) => consultationsOfIncident(db, incidentId),
    idBySourceView: (sourceViewId: string) => consultationIdBySourceView(db, sourceViewId),
    insert: (data: Parameters<typeof insertConsultation>[1]) => insertConsultation(db, data),
    insertPosition: (consultationItemId: string, p: PositionRecord) => insertPosition(db, consultationItemId, p),
    conclude: (id: string, outcome: string, now: Date) => concludeConsultation(db, id, outcome, now),
  };
}
export type ConsultationRepository = ReturnType<typeof consultationRepository>;

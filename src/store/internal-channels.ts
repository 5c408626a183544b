// Persistence of a party's internal channel per incident (one per incident and party).
import { randomUUID } from "node:crypto";
import type { InternalChannelRecord, InternalChannelStatus } from "../domain/internal-channel";
import type { Db, DbTx } from "./prisma";

export type { InternalChannelRecord, InternalChannelStatus };

type Row = NonNullable<Awaited<ReturnType<Db["internalChannel"]["findFirst"]>>>;

const toRecord = (r: Row): InternalChannelRecord => ({
  id: r.id,
  incidentId: r.incidentId,
  party: r.party,
  channelId: r.channelId,
  channelName: r.channelName,
  status: r.status as InternalChannelStatus,
  error: r.error,
  requestedByUserId: r.requestedByUserId,
  createdAt: r.createdAt,
});

export async function internalChannelById(db: Db | DbTx, id: string): Promise<InternalChannelRecord | null> {
  const row = await db.internalChannel.findFirst({ where: { id } });
  return row ? toRecord(row) : null;
}

export async function internalChannelOf(db: Db | DbTx, incidentId: string, party: string): Promise<InternalChannelRecord | null> {
  const row = await db.internalChannel.findFirst({ where: { incidentId, party } });
  return row ? toRecord(row) : null;
}

/** The internal channel a Slack channel is, if any. */
export async function internalChannelBySlackId(db: Db | DbTx, channelId: string): Promise<InternalChannelRecord | null> {
  const row = await db.internalChannel.findFirst({ where: { channelId } });
  return row ? toRecord(row) : null;
}

export async function insertInternalChannel(db: DbTx, c: { incidentId: string; party: string; requestedByUserId: string }, now: Date): Promise<InternalChannelRecord> {
  return toRecord(await db.internalChannel.create({ data: { id: randomUUID(), ...c, status: "pending", createdAt: now, updatedAt: now } }));
}

export async function updateInternalChannel(db: DbTx | Db, id: string, patch: Partial<Pick<InternalChannelRecord, "channelId" | "channelName" | "status" | "error">>, now: Date): Promise<InternalChannelRecord> {
  return toRecord(await db.internalChannel.update({ where: { id }, data: { ...patch, updatedAt: now } }));
}

/** Internal channels through one handle: `store.internalChannels` / `tx.internalChannels`. */
export function internalChannelRepository(db: DbTx) {
  return {
    byId: (id: string) => internalChannelById(db, id),
    of: (incidentId: string, party: string) => internalChannelOf(db, incidentId, party),
    bySlackId: (channelId: string) => internalChannelBySlackId(db, channelId),
    insert: (c: Parameters<typeof insertInternalChannel>[1], now: Date) => insertInternalChannel(db, c, now),
    update: (id: string, patch: Parameters<typeof updateInternalChannel>[2], now: Date) => updateInternalChannel(db, id, patch, now),
  };
}
export type InternalChannelRepository = ReturnType<typeof internalChannelRepository>;

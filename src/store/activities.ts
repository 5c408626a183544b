// Persistence of normal-times cooperation (Arts. 5, 6, 8): activities, what each party recorded on
// them, and the normal-times channel the bot created.
import { randomUUID } from "node:crypto";
import { formatActivityRef, type Activity, type ActivityKind, type ActivityRecord, type NewActivity, type NormalTimesChannelState } from "../domain/activity";
import { isUniqueViolation } from "./consultations";
import type { Db, DbTx } from "./prisma";

type ActivityRow = NonNullable<Awaited<ReturnType<Db["activity"]["findFirst"]>>>;
type RecordRow = NonNullable<Awaited<ReturnType<Db["activityRecord"]["findFirst"]>>>;

export function toActivity(row: ActivityRow): Activity {
  return {
    id: row.id,
    ref: row.ref,
    kind: row.kind as ActivityKind,
    article: row.article,
    title: row.title,
    ownerParty: row.ownerParty,
    status: row.status,
    data: JSON.parse(row.data) as Record<string, unknown>,
    scheduledAt: row.scheduledAt,
    dueAt: row.dueAt,
    channelId: row.channelId,
    messageTs: row.messageTs,
    createdByUserId: row.createdByUserId,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toActivityRecord(row: RecordRow): ActivityRecord {
  return { id: row.id, activityId: row.activityId, kind: row.kind, party: row.party, byUserId: row.byUserId, data: JSON.parse(row.data) as Record<string, unknown>, createdAt: row.createdAt };
}

/** Inserts an activity with the next reference of its year (the counter row stays locked until commit). */
export async function insertActivity(db: DbTx, input: NewActivity, now: Date, year: number, sourceViewId?: string): Promise<Activity> {
  const counter = await db.counter.upsert({ where: { name: `activity:${year}` }, create: { name: `activity:${year}`, last: 1 }, update: { last: { increment: 1 } } });
  const row = await db.activity.create({
    data: {
      id: randomUUID(),
      ref: formatActivityRef(year, counter.last),
      kind: input.kind,
      article: input.article,
      title: input.title,
      ownerParty: input.ownerParty,
      status: input.status ?? "open",
      data: JSON.stringify(input.data),
      scheduledAt: input.scheduledAt ?? null,
      dueAt: input.dueAt ?? null,
      createdByUserId: input.createdByUserId,
      sourceViewId: sourceViewId ?? null,
      createdAt: now,
      updatedAt: now,
    },
  });
  return toActivity(row);
}

export async function activityById(db: Db | DbTx, id: string): Promise<Activity | null> {
  const row = await db.activity.findFirst({ where: { id } });
  return row ? toActivity(row) : null;
}

export async function activityByRef(db: Db | DbTx, ref: string): Promise<Activity | null> {
  const row = await db.activity.findFirst({ where: { ref } });
  return row ? toActivity(row) : null;
}

export async function activityBySourceView(db: Db | DbTx, sourceViewId: string): Promise<Activity | null> {
  const row = await db.activity.findFirst({ where: { sourceViewId } });
  return row ? toActivity(row) : null;
}

/** Open activities, soonest first (scheduled or due), then newest. */
export async function openActivities(db: Db | DbTx, limit: number, kind?: ActivityKind): Promise<{ activities: Activity[]; total: number }> {
  const where = { status: "open", ...(kind ? { kind } : {}) };
  const rows = await db.activity.findMany({ where, orderBy: [{ createdAt: "desc" }], take: limit });
  // Counted only when the page is full: fewer rows than the limit are all there are.
  const total = rows.length < limit ? rows.length : await db.activity.count({ where });
  const activities = rows.map(toActivity);
  const when = (a: Activity) => (a.scheduledAt ?? a.dueAt)?.getTime() ?? Number.MAX_SAFE_INTEGER;
  activities.sort((a, b) => when(a) - when(b) || b.createdAt.getTime() - a.createdAt.getTime());
  return { activities, total };
}

/**
 * Changes an activity only if it is still at `expectedVersion`; null when another request changed it
 * first (a double click, a Slack retry), so the caller reports instead of changing twice.
 */
export async function updateActivityIf(
  db: DbTx,
  id: string,
  expectedVersion: number,
  patch: Partial<Pick<Activity, "status" | "title" | "data" | "scheduledAt" | "dueAt">>,
  now: Date,
): Promise<Activity | null> {
  const { data, ...rest } = patch;
  const { count } = await db.activity.updateMany({
    where: { id, version: expectedVersion },
    data: { ...rest, ...(data ? { data: JSON.stringify(data) } : {}), version: { increment: 1 }, updatedAt: now },
  });
  return count === 1 ? activityById(db, id) : null;
}

/** Moves an activity's version on whatever its status: the row stays locked until commit. False when it does not exist. */
export async function lockActivity(db: DbTx, id: string, now: Date): Promise<boolean> {
  const { count } = await db.activity.updateMany({ where: { id }, data: { version: { increment: 1 }, updatedAt: now } });
  return count === 1;
}

/** Moves an open activity's version on (something was recorded on it); null when it is no longer open. */
export async function touchOpenActivity(db: DbTx, id: string, now: Date): Promise<Activity | null> {
  const { count } = await db.activity.updateMany({ where: { id, status: "open" }, data: { version: { increment: 1 }, updatedAt: now } });
  return count === 1 ? activityById(db, id) : null;
}

/** Where the activity's card was posted (delivery bookkeeping, not a state change). */
export async function setActivityDelivery(db: Db, id: string, channelId: string, messageTs: string): Promise<void> {
  await db.activity.update({ where: { id }, data: { channelId, messageTs } });
}

/** Adds a record; with a dedupeKey, a second identical record (double click) returns null. */
export async function insertActivityRecord(db: DbTx, rec: Omit<ActivityRecord, "id" | "createdAt"> & { dedupeKey?: string }, now: Date): Promise<ActivityRecord | null> {
  const existing = rec.dedupeKey ? await db.activityRecord.findFirst({ where: { dedupeKey: rec.dedupeKey } }) : null;
  if (existing) return null;
  try {
    const row = await db.activityRecord.create({
      data: { id: randomUUID(), activityId: rec.activityId, kind: rec.kind, party: rec.party, byUserId: rec.byUserId, data: JSON.stringify(rec.data), dedupeKey: rec.dedupeKey ?? null, createdAt: now },
    });
    return toActivityRecord(row);
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

/** The records of several activities, by activity (one query). */
export async function recordsOfActivities(db: Db | DbTx, activityIds: string[]): Promise<Map<string, ActivityRecord[]>> {
  const byActivity = new Map<string, ActivityRecord[]>();
  const rows = activityIds.length > 0 ? await db.activityRecord.findMany({ where: { activityId: { in: activityIds } }, orderBy: { createdAt: "asc" } }) : [];
  for (const row of rows) {
    const list = byActivity.get(row.activityId) ?? [];
    list.push(toActivityRecord(row));
    byActivity.set(row.activityId, list);
  }
  return byActivity;
}

export async function recordsOfActivity(db: Db | DbTx, activityId: string): Promise<ActivityRecord[]> {
  return (await db.activityRecord.findMany({ where: { activityId }, orderBy: { createdAt: "asc" } })).map(toActivityRecord);
}

const NORMAL_TIMES_CHANNEL = "normal_times_channel";

export async function normalTimesChannelState(db: Db | DbTx): Promise<NormalTimesChannelState | null> {
  const row = await db.setting.findFirst({ where: { key: NORMAL_TIMES_CHANNEL } });
  return row ? (JSON.parse(row.value) as NormalTimesChannelState) : null;
}

/** Creates the state row as pending unless it exists; returns the state either way. */
export async function ensureNormalTimesChannelState(db: DbTx, now: Date): Promise<NormalTimesChannelState> {
  const pending: NormalTimesChannelState = { status: "pending", channelId: null, error: null };
  const row = await db.setting.upsert({
    where: { key: NORMAL_TIMES_CHANNEL },
    create: { key: NORMAL_TIMES_CHANNEL, value: JSON.stringify(pending), updatedAt: now },
    update: {},
  });
  return JSON.parse(row.value) as NormalTimesChannelState;
}

export async function setNormalTimesChannelState(db: DbTx, state: NormalTimesChannelState, now: Date): Promise<void> {
  await db.setting.update({ where: { key: NORMAL_TIMES_CHANNEL }, data: { value: JSON.stringify(state), updatedAt: now } });
}

/** Preparation tasks of an activity whose cards are not posted yet, oldest first. */
export async function unpostedTaskIdsOfActivity(db: Db | DbTx, activityId: string): Promise<string[]> {
  return (await db.task.findMany({ where: { activityId, messageTs: null }, select: { id: true }, orderBy: { createdAt: "asc" } })).map((t) => t.id);
}

/** Normal-times activities through one handle: `store.activities` outside a change, `tx.activities` inside one. */
export function activityRepository(db: DbTx) {
  return {
    byId: (id: string) => activityById(db, id),
    byRef: (ref: string) => activityByRef(db, ref),
    bySourceView: (sourceViewId: string) => activityBySourceView(db, sourceViewId),
    open: (limit: number, kind?: ActivityKind) => openActivities(db, limit, kind),
    insert: (input: NewActivity, now: Date, year: number, sourceViewId?: string) => insertActivity(db, input, now, year, sourceViewId),
    updateIf: (id: string, expectedVersion: number, patch: Parameters<typeof updateActivityIf>[3], now: Date) => updateActivityIf(db, id, expectedVersion, patch, now),
    lock: (id: string, now: Date) => lockActivity(db, id, now),
    touchOpen: (id: string, now: Date) => touchOpenActivity(db, id, now),
    setDelivery: (id: string, channelId: string, messageTs: string) => setActivityDelivery(db as Db, id, channelId, messageTs),
    insertRecord: (rec: Parameters<typeof insertActivityRecord>[1], now: Date) => insertActivityRecord(db, rec, now),
    records: (activityId: string) => recordsOfActivity(db, activityId),
    recordsOfMany: (activityIds: string[]) => recordsOfActivities(db, activityIds),
    unpostedTaskIds: (activityId: string) => unpostedTaskIdsOfActivity(db, activityId),
    normalTimesChannel: () => normalTimesChannelState(db),
    ensureNormalTimesChannel: (now: Date) => ensureNormalTimesChannelState(db, now),
    setNormalTimesChannel: (state: NormalTimesChannelState, now: Date) => setNormalTimesChannelState(db, state, now),
  };
}
export type ActivityRepository = ReturnType<typeof activityRepository>;

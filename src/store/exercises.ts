// Persistence of Art. 5(1) tabletop exercises, and the filter that keeps what an exercise created
// out of the real record: real lists, digests, reminders, exports and reports read incidents with
// `exerciseId: null`, and rows hanging off an incident (tasks, consultations, shared information)
// through `notExerciseIncident(ids)`.
import { localDateOf } from "../domain/time";
import type { ExerciseObservations, ExerciseRecord, ExerciseStatus } from "../domain/exercise";
import type { DirectReads } from "./direct-sql";
import type { Db, DbTx } from "./prisma";

export type { ExerciseRecord, ExerciseStatus };

type Row = NonNullable<Awaited<ReturnType<Db["exercise"]["findFirst"]>>>;

const toRecord = (r: Row): ExerciseRecord => ({
  id: r.id,
  name: r.name,
  title: r.title,
  status: r.status as ExerciseStatus,
  speed: r.speed,
  definition: JSON.parse(r.definition) as unknown,
  cast: JSON.parse(r.cast) as Record<string, string>,
  startedAt: r.startedAt,
  startedByUserId: r.startedByUserId,
  startedByParty: r.startedByParty,
  endedAt: r.endedAt,
  endedByUserId: r.endedByUserId,
  channelId: r.channelId,
  channelName: r.channelName,
  score: r.score ? (JSON.parse(r.score) as unknown) : null,
  activityId: r.activityId,
  version: r.version,
});

export const RUNNING_KEY = "running";

export async function insertExercise(db: DbTx, e: Pick<ExerciseRecord, "id" | "name" | "title" | "speed" | "definition" | "cast" | "startedByUserId" | "startedByParty">, now: Date): Promise<ExerciseRecord> {
  return toRecord(
    await db.exercise.create({
      data: { ...e, definition: JSON.stringify(e.definition), cast: JSON.stringify(e.cast), status: "running", runningKey: RUNNING_KEY, startedAt: now, createdAt: now, updatedAt: now },
    }),
  );
}

export async function runningExercise(db: Db | DbTx): Promise<ExerciseRecord | null> {
  const row = await db.exercise.findFirst({ where: { runningKey: RUNNING_KEY } });
  return row ? toRecord(row) : null;
}

export async function exerciseById(db: Db | DbTx, id: string): Promise<ExerciseRecord | null> {
  const row = await db.exercise.findFirst({ where: { id } });
  return row ? toRecord(row) : null;
}

/** Changes an exercise only if it is still at `version`; null when another request changed it first. */
export async function updateExerciseIf(
  db: DbTx,
  id: string,
  version: number,
  patch: Partial<Pick<ExerciseRecord, "status" | "endedAt" | "endedByUserId" | "channelId" | "channelName" | "score" | "activityId">>,
  now: Date,
): Promise<ExerciseRecord | null> {
  const { score, ...rest } = patch;
  const ending = patch.status === "ended" ? { runningKey: null } : {};
  const { count } = await db.exercise.updateMany({
    where: { id, version },
    data: { ...rest, ...ending, ...(score !== undefined ? { score: JSON.stringify(score) } : {}), version: { increment: 1 }, updatedAt: now },
  });
  return count === 1 ? exerciseById(db, id) : null;
}

/** Incidents registered in exercises (all of them, for the filters below). */
export async function exerciseIncidentIds(db: Db | DbTx, exerciseId?: string): Promise<string[]> {
  // `>= ''` rather than IS NOT NULL: the same rows (every id is a string), and SQLite then reads
  // the exerciseId index instead of scanning every incident (Home, reminders and digests ask).
  return (await db.incident.findMany({ where: exerciseId ? { exerciseId } : { exerciseId: { gte: "" } }, select: { id: true } })).map((r) => r.id);
}

/** A where-clause part for rows with an optional incidentId: those not of an exercise incident. */
export function notExerciseIncident(ids: readonly string[]): Record<string, unknown> {
  if (ids.length === 0) return {};
  return { OR: [{ incidentId: null }, { incidentId: { notIn: [...ids] } }] };
}

/** The same in raw SQL (Art. 5(1)): `<column> NOT IN` the exercise incidents, read in the statement. */
export const NOT_EXERCISE_INCIDENT = `NOT IN (SELECT "id" FROM "Incident" WHERE "exerciseId" >= '')`;

/** The same, for rows whose incidentId is required. */
export function notExerciseIncidentRequired(ids: readonly string[]): Record<string, unknown> {
  return ids.length === 0 ? {} : { incidentId: { notIn: [...ids] } };
}

/** What happened in an exercise, for its score. */
export async function exerciseObservations(db: Db | DbTx, exerciseId: string, timeZone: string): Promise<ExerciseObservations> {
  const incidents = await db.incident.findMany({ where: { exerciseId }, orderBy: { createdAt: "asc" } });
  const ids = incidents.map((i) => i.id);
  const [consultations, shared] = await Promise.all([
    ids.length ? db.consultation.findMany({ where: { incidentId: { in: ids } } }) : Promise.resolve([]),
    ids.length ? db.sharedInformation.findMany({ where: { incidentId: { in: ids } }, select: { id: true, designatedAt: true, providerParty: true, scope: true } }) : Promise.resolve([]),
  ]);
  const warnings = shared.length ? await db.scopeWarning.count({ where: { sharedInformationId: { in: shared.map((s) => s.id) } } }) : 0;
  const day = (d: Date | null) => {
    if (!d) return null;
    const l = localDateOf(d, timeZone);
    return `${l.year}-${String(l.month).padStart(2, "0")}-${String(l.day).padStart(2, "0")}`;
  };
  return {
    registered: incidents.map((i) => ({ at: i.createdAt, party: i.createdByParty })),
    contacted: consultations.map((c) => ({ at: c.contactedAt, party: c.proposedByParty })),
    decided: consultations.filter((c) => c.concludedAt).map((c) => ({ at: c.concludedAt! })),
    deadlines: incidents.map((i) => ({ preliminaryDueAt: i.preliminaryDueAt, finalDueAt: i.finalDueAt, finalDueDay: day(i.finalDueAt) })),
    scopes: shared.filter((s) => s.designatedAt && s.scope).map((s) => ({ at: s.designatedAt!, party: s.providerParty })),
    scopeWarnings: warnings,
    shared: shared.length,
  };
}

/** Channels of an exercise's incidents (archived when it ends). */
export async function exerciseIncidentChannels(db: Db | DbTx, exerciseId: string): Promise<string[]> {
  const incidents = await db.incident.findMany({ where: { exerciseId, channelId: { not: null } }, select: { id: true, channelId: true } });
  const internal = incidents.length ? await db.internalChannel.findMany({ where: { incidentId: { in: incidents.map((i) => i.id) }, channelId: { not: null } }, select: { channelId: true } }) : [];
  return [...incidents.map((i) => i.channelId!), ...internal.map((c) => c.channelId!)];
}

/** The next reference of an exercise incident: its own sequence (90001…), so real numbering has no gaps. */
export async function allocateExerciseReference(db: DbTx, year: number): Promise<number> {
  const row = await db.counter.upsert({ where: { name: `exercise-incident:${year}` }, create: { name: `exercise-incident:${year}`, last: 1 }, update: { last: { increment: 1 } } });
  return 90_000 + row.last;
}

/** Exercises through one handle: `store.exercises` outside a change, `tx.exercises` inside one. */
export function exerciseRepository(db: DbTx, direct?: DirectReads) {
  return {
    insert: (e: Parameters<typeof insertExercise>[1], now: Date) => insertExercise(db, e, now),
    // Outside a change on the driver (`/renkei new` and every intake read it).
    running: direct
      ? async () => {
          const rows = await direct.sql.all<Row>(`SELECT * FROM "Exercise" WHERE "runningKey" = '${RUNNING_KEY}' LIMIT 1`);
          return rows[0] ? toRecord({ ...rows[0], speed: Number(rows[0].speed), version: Number(rows[0].version) }) : null;
        }
      : () => runningExercise(db),
    byId: (id: string) => exerciseById(db, id),
    updateIf: (id: string, version: number, patch: Parameters<typeof updateExerciseIf>[3], now: Date) => updateExerciseIf(db, id, version, patch, now),
    incidentIds: (exerciseId?: string) => exerciseIncidentIds(db, exerciseId),
    observations: (exerciseId: string, timeZone: string) => exerciseObservations(db, exerciseId, timeZone),
    incidentChannels: (exerciseId: string) => exerciseIncidentChannels(db, exerciseId),
    allocateReference: (year: number) => allocateExerciseReference(db, year),
  };
}
export type ExerciseRepository = ReturnType<typeof exerciseRepository>;

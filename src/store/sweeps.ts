// The reads behind the reminder sweep, the digest and App Home. Each is a fixed number of
// queries, whatever the number of incidents (no query per row).
import type { Consultation } from "../domain/consultation";
import { partiesAwaited } from "../domain/consultation";
import type { DigestChange, DigestScopeWarning } from "../domain/digest";
import { OPEN_WARNING_STATUSES } from "../domain/digest";
import { parseScope } from "../domain/sharing-scope";
import type { Incident } from "../domain/incident";
import type { ConsultationDue, ReminderSettings, ReminderSnapshot, ReviewDue } from "../domain/reminders";
import { localDateOf } from "../domain/time";
import { resolutionStateOf } from "../domain/activities/consultation";
import { recordsOfActivities } from "./activities";
import { taskWindowEnd } from "../domain/reminders";
import { advisingParty } from "../domain/activities/advice";
import type { Task } from "../domain/tasks";
import { consultationsJoined } from "./consultations";
import { toIncident, toTask } from "./mapping";
import type { Store } from "./store";
import { openActivitiesWithResolutions, type ActivityWithRecords } from "./activity-rows";
import { exerciseIncidentIds, notExerciseIncident, NOT_EXERCISE_INCIDENT } from "./exercises";
import { placeholder } from "./direct-sql";

const OPEN_STATES = ["open", "cooperation_case"];
/** Art. 5(1): leaves out rows of an exercise's incidents (when there are any). */
const notExerciseSql = (column: string, exercises: boolean) => (exercises ? ` AND (${column} IS NULL OR ${column} ${NOT_EXERCISE_INCIDENT})` : "");

/**
 * Open consultations of real incidents (an exercise's stay out of reminders and digests, Art.
 * 5(1)), with their items and positions, oldest first: one statement on the driver whatever
 * their number (consultationsJoined, as App Home reads its page of them).
 */
export async function openConsultations(store: Store): Promise<Consultation[]> {
  const consultations = await consultationsJoined(store.sql, `c."status" = 'open'${notExerciseSql('c."incidentId"', true)}`, [], `c."contactedAt" ASC`);
  return consultations.filter((c) => c.items.length > 0); // every consultation proposes at least one item
}

/**
 * The reminder sweep's open tasks due by a date (`$1`): only columns of the index on
 * (status, dueAt, id, ownerParty, assigneeUserId, incidentId), so they are read from it alone.
 */
export const openTasksDueSql = (provider: "sqlite" | "postgres", exercises: boolean): string =>
  `SELECT "id", "ownerParty", "assigneeUserId", "dueAt" FROM "Task" WHERE "status" = 'open' AND "dueAt" IS NOT NULL AND "dueAt" <= ${placeholder(provider, 1)}${notExerciseSql('"incidentId"', exercises)}`;

export async function reminderSnapshot(store: Store, now: Date, settings: ReminderSettings, timeZone: string, parties: string[], reportRecipient: string | null = null): Promise<ReminderSnapshot> {
  // A report-deadline reminder that would fall on closed days goes out on the last open day
  // before them (Golden Week and the year end close offices for up to 9 days): look further ahead
  // and let the domain decide exactly.
  const deadlineWindow = new Date(now.getTime() + (settings.deadlineLeadDays + 1 + 14) * 86_400_000);
  // Art. 5(1): nothing of a tabletop exercise reminds anyone.
  const exerciseIds = await exerciseIncidentIds(store.db);
  const p = (n: number) => placeholder(store.provider, n);
  // Tasks and incidents are the sweep's tens of thousands of rows: read on the driver without the
  // Prisma client (./direct-sql), whose result mapping cost ~50 MB of short-lived objects at
  // 50,000 incidents, and kept as plain rows of the fields the rule reads. Put in id order (below).
  const notExercise = (column: string) => notExerciseSql(column, exerciseIds.length > 0);
  // One read after another, on one connection: a sweep leaves the pool's other connections to the
  // people clicking meanwhile, and opens none. Read in parallel, the seven reads opened up to six
  // connections of a pool idle since the last sweep (a server process each, every statement
  // planned again): at 10,000 incidents on PostgreSQL that cost more than the parallelism gave
  // (730–810 ms against 630–720 ms for the whole sweep).
  const tasks = await store.sql.all<ReminderSnapshot["tasks"][number]>(openTasksDueSql(store.provider, exerciseIds.length > 0), [taskWindowEnd(now, settings, timeZone)]);
  // Only what says which parties are awaited: each item's positions' parties, one row per item
  // and position (one statement; Prisma's nested read split the ids at 999 parameters on SQLite).
  const consultations = await store.sql.all<{ id: string; contactedAt: Date; itemId: string; party: string | null }>(
    `SELECT c."id", c."contactedAt", i."id" AS "itemId", p."party" FROM "Consultation" c
     JOIN "ConsultationItem" i ON i."consultationId" = c."id" LEFT JOIN "Position" p ON p."consultationItemId" = i."id"
     WHERE c."status" = 'open' AND c."contactedAt" <= ${p(1)}${notExercise('c."incidentId"')}`,
    [new Date(now.getTime() - settings.positionAfterHours * 3_600_000)],
  );
  const notices = await store.db.itemRecord.findMany({ where: { kind: "power_notice", status: "planned", task: { status: "open", ...notExerciseIncident(exerciseIds) } }, select: { id: true, taskId: true, party: true, data: true } });
  // Deadlines ahead within the window, and past ones whose report has not been received (overdue notices).
  const incidentRows = await store.sql.all<{ id: string; channelId: string | null; preliminaryDueAt: Date | null; finalDueAt: Date | null; preliminaryReceived: unknown; finalReceived: unknown }>(
    `SELECT "id", "channelId", "preliminaryDueAt", "finalDueAt", "preliminaryReceivedOn" IS NOT NULL AS "preliminaryReceived", "finalReceivedOn" IS NOT NULL AS "finalReceived" FROM "Incident"
     WHERE "state" IN ('open', 'cooperation_case') AND "exerciseId" IS NULL
       AND (("preliminaryDueAt" <= ${p(1)} AND "preliminaryReceivedOn" IS NULL) OR ("finalDueAt" <= ${p(1)} AND "finalReceivedOn" IS NULL))`,
    store.provider === "postgres" ? [deadlineWindow] : [deadlineWindow, deadlineWindow],
  );
  // Art. 5(3): open requests for advice within the same lead window as tasks
  const advice = await store.db.activity.findMany({
    where: { kind: "advice", status: "open", dueAt: { not: null, lte: taskWindowEnd(now, settings, timeZone) } },
    select: { id: true, ownerParty: true, dueAt: true },
  });
  // Arts. 6, 8: open consultations with an answer date in the same window, with their resolutions and confirmations
  const consultationsDue = await consultationsAwaitingAnswer(store, taskWindowEnd(now, settings, timeZone), parties);
  const reviewsDue = await reviewsOverdue(store, now, timeZone, parties, exerciseIds);
  // In the order read: the reminders' keys are put in order by the INSERT that records them
  // (Store.recordReminders), not here.
  return {
    tasks,
    consultations: consultationsAwaitingPositions(consultations, parties),
    powerNotices: notices
      .map((n) => ({ id: n.id, taskId: n.taskId, party: n.party, plannedDate: String((JSON.parse(n.data) as { plannedDate?: string }).plannedDate ?? "") }))
      .filter((n) => /^\d{4}-\d{2}-\d{2}$/.test(n.plannedDate)),
    // SQLite gives the IS NOT NULL as 0 or 1, PostgreSQL as a boolean.
    incidents: incidentRows.map((i) => ({ id: i.id, channelId: i.channelId, preliminaryDueAt: i.preliminaryDueAt, finalDueAt: i.finalDueAt, preliminaryReceived: Boolean(i.preliminaryReceived), finalReceived: Boolean(i.finalReceived) })),
    advice: advice.flatMap((a) => {
      const party = advisingParty(a.ownerParty, parties);
      return party && a.dueAt ? [{ id: a.id, advisingParty: party, dueAt: a.dueAt }] : [];
    }),
    consultationsDue,
    reviewsDue,
    reportRecipient,
  };
}

/** Open consultations (rows of consultation, item and position) with the parties still awaited on some item. */
function consultationsAwaitingPositions(rows: Array<{ id: string; contactedAt: Date; itemId: string; party: string | null }>, parties: string[]): ReminderSnapshot["consultations"] {
  const byId = new Map<string, { contactedAt: Date; items: Map<string, Array<{ party: string }>> }>();
  for (const r of rows) {
    let c = byId.get(r.id);
    if (!c) byId.set(r.id, (c = { contactedAt: r.contactedAt, items: new Map() }));
    let positions = c.items.get(r.itemId);
    if (!positions) c.items.set(r.itemId, (positions = []));
    if (r.party !== null) positions.push({ party: r.party });
  }
  return [...byId].map(([id, c]) => {
    // partiesAwaited reads the status and the positions' parties only (what was read).
    const items = [...c.items.values()].map((positions) => ({ positions }));
    const awaited = partiesAwaited({ status: "open", items } as unknown as Parameters<typeof partiesAwaited>[0], parties);
    return { id, contactedAt: c.contactedAt, awaitedParties: awaited };
  });
}

/** Closed incidents (not exercises, not erased) whose review due date has passed, with the parties still to review (two queries). */
async function reviewsOverdue(store: Store, now: Date, timeZone: string, parties: string[], exerciseIds: string[]): Promise<ReviewDue[]> {
  const d = localDateOf(now, timeZone);
  const today = `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
  const closures = await store.db.incidentClosure.findMany({
    where: { status: "closed", erasedAt: null, reviewDueOn: { not: null, lt: today }, ...(exerciseIds.length > 0 ? { incidentId: { notIn: exerciseIds } } : {}) },
    select: { id: true, reviewDueOn: true },
  });
  if (closures.length === 0) return [];
  const reviews = await store.db.incidentReview.findMany({ where: { closureId: { in: closures.map((c) => c.id) } }, select: { closureId: true, party: true } });
  return closures.map((c) => ({ closureId: c.id, dueOn: c.reviewDueOn!, awaitingParties: parties.filter((p) => !reviews.some((r) => r.closureId === c.id && r.party === p)) })).filter((r) => r.awaitingParties.length > 0);
}

/** Open Art. 6/8 consultations due by `windowEnd` and the parties that have not confirmed their current resolution (two queries). */
async function consultationsAwaitingAnswer(store: Store, windowEnd: Date, parties: string[]): Promise<ConsultationDue[]> {
  const due = await store.db.activity.findMany({ where: { kind: "consultation", status: "open", dueAt: { not: null, lte: windowEnd } }, select: { id: true, dueAt: true } });
  if (due.length === 0) return [];
  const records = await recordsOfActivities(store.db, due.map((a) => a.id));
  return due.map((a) => ({ id: a.id, dueAt: a.dueAt!, awaitingParties: resolutionStateOf(records.get(a.id) ?? [], parties).awaiting }));
}

/** Art. 7 warnings as the digest reads them; the forwarder's party is filled in from the directory by the caller. */
export type StoredScopeWarning = Omit<DigestScopeWarning, "forwarderParty">;

export type DigestRows = { openIncidents: Incident[]; openConsultations: Consultation[]; tasks: Task[]; changes: DigestChange[]; scopeWarnings: StoredScopeWarning[]; openActivities: ActivityWithRecords[] };

type PartyRows = {
  /** Incidents of tabletop exercises (Art. 5(1)): their changes stay out of the digest. */
  exerciseIds: string[];
  /** Mapped once per party and minute, shared by the party's managers' digests (read-only). */
  incidents: Incident[];
  consultations: Consultation[];
  tasks: Task[];
  scopeWarnings: StoredScopeWarning[];
  /** Normal-times activities (Arts. 5, 6, 8): both parties see them all. */
  activities: ActivityWithRecords[];
};

/** How far back "raised since the last digest" looks for warnings already answered (a long absence shows the open ones only). */
export const DIGEST_WARNING_LOOKBACK_DAYS = 14;

/**
 * Art. 7 warnings the digests may show: every open one, and those raised in the lookback window.
 * Two queries whatever the number of warnings (the warnings with their item, then the refs of
 * incidents that are no longer open).
 */
async function scopeWarningRows(store: Store, now: Date, openIncidentRefs: Map<string, string>, exerciseIds: string[]): Promise<StoredScopeWarning[]> {
  const rows = await store.db.scopeWarning.findMany({
    where: { OR: [{ status: { in: [...OPEN_WARNING_STATUSES] } }, { createdAt: { gt: new Date(now.getTime() - DIGEST_WARNING_LOOKBACK_DAYS * 86_400_000) } }], sharedInformation: notExerciseIncident(exerciseIds) },
    include: { sharedInformation: { select: { providerParty: true, incidentId: true, scope: true } } },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  const missing = [...new Set(rows.map((r) => r.sharedInformation.incidentId).filter((id): id is string => !!id && !openIncidentRefs.has(id)))];
  const refs = new Map(openIncidentRefs);
  if (missing.length > 0) for (const i of await store.db.incident.findMany({ where: { id: { in: missing } }, select: { id: true, ref: true } })) refs.set(i.id, i.ref);
  return rows.map((r) => {
    let outsiderCount = 0;
    try {
      const list = JSON.parse(r.outsiders) as unknown;
      outsiderCount = Array.isArray(list) ? list.length : 0;
    } catch {
      outsiderCount = 0;
    }
    return {
      id: r.id,
      ref: r.sharedInformation.incidentId ? (refs.get(r.sharedInformation.incidentId) ?? null) : null,
      providerParty: r.sharedInformation.providerParty,
      forwardedByUserId: r.forwardedByUserId,
      channelId: r.channelId,
      via: r.via === "permalink" ? "permalink" : "forward",
      level: parseScope(r.sharedInformation.scope)?.level ?? null,
      outsiderCount,
      status: r.status as StoredScopeWarning["status"],
      createdAt: r.createdAt,
    };
  });
}

// Every manager of a party gets the same incidents, consultations and tasks; only the changes
// since their own last digest differ. A digest sweep builds them once per party and minute.
const PARTY_ROWS = new WeakMap<Store, Map<string, Promise<PartyRows>>>();

function partyRows(store: Store, party: string, now: Date, horizonDays: number): Promise<PartyRows> {
  const minute = Math.floor(now.getTime() / 60_000);
  const key = `${minute}|${party}|${horizonDays}`;
  let cache = PARTY_ROWS.get(store);
  if (!cache) PARTY_ROWS.set(store, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  for (const k of cache.keys()) if (!k.startsWith(`${minute}|`)) cache.delete(k); // older minutes

  const horizon = new Date(now.getTime() + horizonDays * 86_400_000);
  const rows = exerciseIncidentIds(store.db).then((exerciseIds) => Promise.all([
    store.db.incident.findMany({ where: { state: { in: OPEN_STATES }, exerciseId: null }, orderBy: { ref: "asc" }, take: 500 }),
    openConsultations(store),
    store.db.task.findMany({ where: { ownerParty: party, status: "open", dueAt: { not: null, lte: horizon }, ...notExerciseIncident(exerciseIds) }, orderBy: { dueAt: "asc" }, take: 200 }),
    openActivitiesWithResolutions(store.sql, store.provider, 200),
  ]).then(async ([incidents, consultations, tasks, activities]) => ({ incidents: incidents.map(toIncident), consultations, tasks: tasks.map(toTask), activities, exerciseIds, scopeWarnings: await scopeWarningRows(store, now, new Map(incidents.map((i) => [i.id, i.ref])), exerciseIds) })));
  rows.catch(() => cache!.delete(key));
  cache.set(key, rows);
  return rows;
}

type ChangeRows = {
  audit: Array<{ at: Date; action: string; article: string | null; actorUserId: string; actorParty: string | null; entityType: string; entityId: string; after: string | null }>;
  consultationRows: Array<{ id: string; incidentId: string }>;
  taskRows: Array<{ id: string; incidentId: string | null }>;
  closedIncidents: Array<{ id: string; ref: string; state: string; createdByParty: string }>;
};

// Every manager's digest reads the changes since their own last digest: in a sweep those start
// within the same hour or so for everyone, so the changes are read once per sweep minute and
// starting hour, and each digest keeps those after its own `since` (four queries per sweep, not
// four per manager).
const CHANGES = new WeakMap<Store, Map<string, Promise<ChangeRows>>>();

function changeRows(store: Store, now: Date, from: Date): Promise<ChangeRows> {
  const minute = Math.floor(now.getTime() / 60_000);
  const hour = new Date(Math.floor(from.getTime() / 3_600_000) * 3_600_000);
  const key = `${minute}|${hour.getTime()}`;
  let cache = CHANGES.get(store);
  if (!cache) CHANGES.set(store, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  for (const k of cache.keys()) if (!k.startsWith(`${minute}|`)) cache.delete(k); // older minutes
  const rows = (async () => {
    // The latest 500 changes since the start of that hour (newest first here, put back in order by the caller).
    const audit = await store.db.auditEntry.findMany({
      where: { at: { gt: hour } },
      orderBy: { seq: "desc" },
      take: 500,
      select: { at: true, action: true, article: true, actorUserId: true, actorParty: true, entityType: true, entityId: true, after: true },
    });
    // Changes name their incident: consultations and tasks are mapped to it in two more queries.
    const ids = [...new Set(audit.map((a) => a.entityId))];
    const [consultationRows, taskRows, closedIncidents] = await Promise.all([
      store.db.consultation.findMany({ where: { id: { in: ids } }, select: { id: true, incidentId: true } }),
      store.db.task.findMany({ where: { id: { in: ids } }, select: { id: true, incidentId: true } }),
      store.db.incident.findMany({ where: { id: { in: ids }, state: { notIn: OPEN_STATES } }, select: { id: true, ref: true, state: true, createdByParty: true } }),
    ]);
    return { audit, consultationRows, taskRows, closedIncidents };
  })();
  rows.catch(() => cache!.delete(key));
  cache.set(key, rows);
  return rows;
}

/** Everything a party's digest needs: the party's rows (shared by its managers) and the changes (shared by every digest of the sweep). */
export async function digestRows(store: Store, party: string, now: Date, since: Date | null, horizonDays: number): Promise<DigestRows> {
  const from = since ?? new Date(now.getTime() - 86_400_000);
  const [{ incidents, consultations, tasks, scopeWarnings, activities, exerciseIds }, changes] = await Promise.all([partyRows(store, party, now, horizonDays), changeRows(store, now, from)]);
  const { consultationRows, taskRows, closedIncidents } = changes;
  const audit = changes.audit.filter((a) => a.at.getTime() > from.getTime()).reverse();
  // Art. 5(1): changes of an exercise (its incidents, their consultations and tasks, the exercise itself) are not news.
  const exercised = new Set(exerciseIds);
  for (const row of [...consultationRows, ...taskRows]) if (row.incidentId && exercised.has(row.incidentId)) exercised.add(row.id);
  const realAudit = audit.filter((a) => a.entityType !== "exercise" && !exercised.has(a.entityId));
  // An intake recorded as outside the memorandum is the recording party's alone (Art. 2).
  const ownerOf = new Map(closedIncidents.filter((i) => i.state === "out_of_scope").map((i) => [i.id, i.createdByParty]));
  const refById = new Map([...incidents, ...closedIncidents].map((i) => [i.id, i.ref]));
  for (const row of [...consultationRows, ...taskRows]) {
    const ref = row.incidentId ? refById.get(row.incidentId) : undefined;
    if (ref) refById.set(row.id, ref);
  }
  return {
    openIncidents: incidents,
    openConsultations: consultations,
    tasks,
    scopeWarnings,
    openActivities: activities,
    changes: realAudit.map((a) => {
      const after = a.after ? (JSON.parse(a.after) as { ref?: string; incident?: string }) : {};
      return {
        at: a.at, action: a.action, article: a.article, actorUserId: a.actorUserId, actorParty: a.actorParty, entityType: a.entityType, entityId: a.entityId,
        ref: refById.get(a.entityId) ?? after.ref ?? after.incident ?? null, ownerParty: ownerOf.get(a.entityId) ?? null,
      };
    }),
  };
}

/** How many days back `lastDigestAt` looks up the digests by their exact keys before searching them all. */
export const LAST_DIGEST_LOOKUP_DAYS = 62;

/**
 * When this user's last digest went out (its effect completed), or null. The digests of the last
 * LAST_DIGEST_LOOKUP_DAYS days are looked up by their keys (`digest:<user>:<local day>`, every
 * day around `now` whatever the zone): index lookups, where a search by key prefix reads every
 * effect (neither SQLite's LIKE nor PostgreSQL's under most collations uses the index). Only a
 * manager without a digest in that time costs the search.
 */
export async function lastDigestAt(store: Store, userId: string, now: Date = new Date()): Promise<Date | null> {
  const keys: string[] = [];
  for (let d = -1; d <= LAST_DIGEST_LOOKUP_DAYS + 1; d++) keys.push(`digest:${userId}:${new Date(now.getTime() - d * 86_400_000).toISOString().slice(0, 10)}`);
  // By key alone (at most one row per key), filtered here: with nothing else in the WHERE, no
  // planner (SQLite without statistics included) picks the status index and reads every done effect.
  // On the driver without the Prisma client (./direct-sql): one statement per digest, prepared once
  // (the key count is fixed), where the client compiled and interpreted a plan of 65 parameters each time.
  const recent = await store.sql.all<{ kind: string; status: string; updatedAt: Date }>(
    `SELECT "kind", "status", "updatedAt" FROM "Effect" WHERE "dedupeKey" IN (${keys.map((_, i) => placeholder(store.provider, i + 1)).join(", ")})`,
    keys,
  );
  let latest: Date | null = null;
  for (const e of recent) if (e.kind === "send_digest" && e.status === "done" && (!latest || e.updatedAt > latest)) latest = e.updatedAt;
  if (latest) return latest;
  const row = await store.db.effect.findFirst({ where: { kind: "send_digest", status: "done", dedupeKey: { startsWith: `digest:${userId}:` } }, orderBy: { updatedAt: "desc" }, select: { updatedAt: true } });
  return row?.updatedAt ?? null;
}

/** How many open consultations App Home reads at most (the oldest first: those waiting longest). */
export const HOME_CONSULTATIONS = 50;



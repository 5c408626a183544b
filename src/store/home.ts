// What a person's App Home shows, read for every Home rebuild (each Done click causes one, shared
// by a burst of clicks): a few cheap statements. The
// exercise incidents are left out by a subquery in each read instead of a read of their ids first,
// and the person's tasks and the consultation heads are read with raw SQL.
import type { Consultation } from "../domain/consultation";
import type { Incident } from "../domain/incident";
import type { Task } from "../domain/tasks";
import type { Task as TaskRow } from "../generated/sqlite/client";
import { openActivitiesWithResolutions, type ActivityWithRecords } from "./activity-rows";
import { toConsultation } from "./consultations";
import { toIncident } from "./mapping";
import { rawTask, TASK_COLUMNS, type Store } from "./store";
import { HOME_CONSULTATIONS } from "./sweeps";

/** As many of each kind as Home shows. */
const HOME_TASKS = 20;
const HOME_INCIDENTS = 20;
const HOME_ACTIVITIES = 20;

const NOT_EXERCISE = `NOT IN (SELECT "id" FROM "Incident" WHERE "exerciseId" >= '')`;

export type HomeRows = { tasks: Task[]; consultations: Consultation[]; consultationsTruncated: boolean; incidents: Incident[]; activities: ActivityWithRecords[] };

/** App Home: the user's open tasks, the open consultations, the open incidents, open normal-times activities. */
export async function homeRowsOf(store: Store, userId: string): Promise<HomeRows> {
  const p = (n: number) => (store.provider === "postgres" ? `$${n}` : "?");
  const [tasks, consultations, incidents, activities] = await Promise.all([
    store.db.$queryRawUnsafe<TaskRow[]>(
      `SELECT ${TASK_COLUMNS} FROM "Task" WHERE "assigneeUserId" = ${p(1)} AND "status" = 'open' AND ("incidentId" IS NULL OR "incidentId" ${NOT_EXERCISE}) ORDER BY "dueAt" ASC, "createdAt" ASC LIMIT ${HOME_TASKS}`,
      userId,
    ),
    openConsultations(store),
    store.db.incident.findMany({ where: { state: { in: ["open", "cooperation_case"] }, exerciseId: null }, orderBy: { ref: "desc" }, take: HOME_INCIDENTS }),
    openActivitiesWithResolutions(store.db, HOME_ACTIVITIES),
  ]);
  return { tasks: tasks.map(rawTask), consultations: consultations.consultations, consultationsTruncated: consultations.truncated, incidents: incidents.map(toIncident), activities };
}

/** The oldest open consultations (not of an exercise), and whether there are more. */
async function openConsultations(store: Store): Promise<{ consultations: Consultation[]; truncated: boolean }> {
  // One more than shown: whether there are more, without counting them all.
  const heads = await store.db.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT "id" FROM "Consultation" WHERE "status" = 'open' AND "incidentId" ${NOT_EXERCISE} ORDER BY "contactedAt" ASC LIMIT ${HOME_CONSULTATIONS + 1}`,
  );
  if (heads.length === 0) return { consultations: [], truncated: false };
  const ids = heads.slice(0, HOME_CONSULTATIONS).map((h) => h.id);
  const rows = await store.db.consultation.findMany({ where: { id: { in: ids } }, include: { items: { include: { positions: true } } }, orderBy: { contactedAt: "asc" } });
  return { consultations: rows.map((r) => toConsultation(r as Parameters<typeof toConsultation>[0])), truncated: heads.length > HOME_CONSULTATIONS };
}

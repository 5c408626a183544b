// What a person's App Home shows, read for every Home rebuild (each Done click causes one, shared
// by a burst of clicks): a few cheap statements, sent to the driver without the Prisma client
// (store.sql, see direct-sql.ts): a rebuild runs on the same event loop as the clicks, and through
// the client the 50 open consultations with their items and positions alone cost ~20 ms of CPU
// (three statements and their plans), which a click arriving meanwhile waited for. The exercise
// incidents are left out by a subquery in each read instead of a read of their ids first.
import type { Consultation } from "../domain/consultation";
import type { IncidentListItem } from "../domain/incident";
import type { Task } from "../domain/tasks";
import type { Task as TaskRow } from "../generated/sqlite/client";
import { openActivitiesWithResolutions, type ActivityWithRecords } from "./activity-rows";
import { consultationsJoined } from "./consultations";
import { rawTask, TASK_COLUMNS, type Store } from "./store";
import { HOME_CONSULTATIONS } from "./sweeps";
import { placeholder } from "./direct-sql";
import { NOT_EXERCISE_INCIDENT } from "./exercises";

/** As many of each kind as Home shows. */
const HOME_TASKS = 20;
const HOME_INCIDENTS = 20;
const HOME_ACTIVITIES = 20;

export type HomeRows = { tasks: Task[]; consultations: Consultation[]; consultationsTruncated: boolean; incidents: IncidentListItem[]; activities: ActivityWithRecords[] };

/** App Home: the user's open tasks, the open consultations, the open incidents, open normal-times activities. */
export async function homeRowsOf(store: Store, userId: string): Promise<HomeRows> {
  const p = (n: number) => placeholder(store.provider, n);
  const [tasks, consultations, incidents, activities] = await Promise.all([
    store.sql.all<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM "Task" WHERE "assigneeUserId" = ${p(1)} AND "status" = 'open' AND ("incidentId" IS NULL OR "incidentId" ${NOT_EXERCISE_INCIDENT}) ORDER BY "dueAt" ASC, "createdAt" ASC LIMIT ${HOME_TASKS}`,
      [userId],
    ),
    openConsultations(store),
    store.openIncidentList(HOME_INCIDENTS),
    openActivitiesWithResolutions(store.sql, store.provider, HOME_ACTIVITIES),
  ]);
  return { tasks: tasks.map(rawTask), consultations: consultations.consultations, consultationsTruncated: consultations.truncated, incidents, activities };
}

/** The oldest open consultations (not of an exercise) with their items and positions, and whether there are more. */
async function openConsultations(store: Store): Promise<{ consultations: Consultation[]; truncated: boolean }> {
  const open = `"status" = 'open' AND "incidentId" ${NOT_EXERCISE_INCIDENT}`;
  const consultations = await consultationsJoined(store.sql, `c."id" IN (SELECT "id" FROM "Consultation" WHERE ${open} ORDER BY "contactedAt" ASC LIMIT ${HOME_CONSULTATIONS})`, [], `c."contactedAt" ASC`);
  // More than shown? Asked only when the page is full.
  const truncated = consultations.length === HOME_CONSULTATIONS && (await store.sql.all(`SELECT 1 FROM "Consultation" WHERE ${open} ORDER BY "contactedAt" ASC LIMIT 1 OFFSET ${HOME_CONSULTATIONS}`)).length > 0;
  return { consultations, truncated };
}

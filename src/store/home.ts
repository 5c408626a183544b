// What a person's App Home shows, read for every Home rebuild (each Done click causes one, shared
// by a burst of clicks): a few cheap statements, sent to the driver without the Prisma client
// (store.sql, see direct-sql.ts): a rebuild runs on the same event loop as the clicks, and through
// the client the 50 open consultations with their items and positions alone cost ~20 ms of CPU
// (three statements and their plans), which a click arriving meanwhile waited for. The exercise
// incidents are left out by a subquery in each read instead of a read of their ids first.
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
    store.sql.all<TaskRow>(
      `SELECT ${TASK_COLUMNS} FROM "Task" WHERE "assigneeUserId" = ${p(1)} AND "status" = 'open' AND ("incidentId" IS NULL OR "incidentId" ${NOT_EXERCISE}) ORDER BY "dueAt" ASC, "createdAt" ASC LIMIT ${HOME_TASKS}`,
      [userId],
    ),
    openConsultations(store),
    // Every column of Incident (column names are the model's field names).
    store.openIncidentRows(HOME_INCIDENTS),
    openActivitiesWithResolutions(store.sql, store.provider, HOME_ACTIVITIES),
  ]);
  return { tasks: tasks.map(rawTask), consultations: consultations.consultations, consultationsTruncated: consultations.truncated, incidents: incidents.map(toIncident), activities };
}

/** The oldest open consultations (not of an exercise) with their items and positions, and whether there are more. */
async function openConsultations(store: Store): Promise<{ consultations: Consultation[]; truncated: boolean }> {
  const open = `"status" = 'open' AND "incidentId" ${NOT_EXERCISE}`;
  // One statement: the consultations, each item (by type, as the unique index orders them) and
  // each of its positions, a row per position (or per item without one).
  const rows = await store.sql.all<ConsultationJoinRow>(
    `SELECT c."id", c."incidentId", c."round", c."proposedByParty", c."proposedByUserId", c."impactOnDuties", c."status", c."outcome", c."contactedAt", c."concludedAt", c."channelId", c."cardTs", ` +
      `i."id" AS "i_id", i."itemType" AS "i_itemType", i."need" AS "i_need", ` +
      `p."id" AS "p_id", p."party" AS "p_party", p."position" AS "p_position", p."reason" AS "p_reason", p."conditions" AS "p_conditions", p."decidedByUserId" AS "p_decidedByUserId", p."decidedAt" AS "p_decidedAt" ` +
      `FROM "Consultation" c LEFT JOIN "ConsultationItem" i ON i."consultationId" = c."id" LEFT JOIN "Position" p ON p."consultationItemId" = i."id" ` +
      `WHERE c."id" IN (SELECT "id" FROM "Consultation" WHERE ${open} ORDER BY "contactedAt" ASC LIMIT ${HOME_CONSULTATIONS}) ` +
      `ORDER BY c."contactedAt" ASC, c."id" ASC, i."itemType" ASC`,
  );
  const byId = new Map<string, Parameters<typeof toConsultation>[0]>();
  const items = new Map<string, Parameters<typeof toConsultation>[0]["items"][number]>();
  for (const r of rows) {
    let c = byId.get(r.id);
    if (!c) {
      c = { id: r.id, incidentId: r.incidentId, round: Number(r.round), proposedByParty: r.proposedByParty, proposedByUserId: r.proposedByUserId, impactOnDuties: r.impactOnDuties, status: r.status, outcome: r.outcome, contactedAt: r.contactedAt, concludedAt: r.concludedAt, channelId: r.channelId, cardTs: r.cardTs, items: [] } as unknown as Parameters<typeof toConsultation>[0];
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
  const consultations = [...byId.values()].map(toConsultation);
  // More than shown? Asked only when the page is full.
  const truncated = consultations.length === HOME_CONSULTATIONS && (await store.sql.all(`SELECT 1 FROM "Consultation" WHERE ${open} ORDER BY "contactedAt" ASC LIMIT 1 OFFSET ${HOME_CONSULTATIONS}`)).length > 0;
  return { consultations, truncated };
}

type ConsultationJoinRow = {
  id: string; incidentId: string; round: number; proposedByParty: string; proposedByUserId: string; impactOnDuties: string; status: string; outcome: string | null;
  contactedAt: Date; concludedAt: Date | null; channelId: string | null; cardTs: string | null;
  i_id: string | null; i_itemType: string | null; i_need: string | null;
  p_id: string | null; p_party: string | null; p_position: string | null; p_reason: string | null; p_conditions: string | null; p_decidedByUserId: string | null; p_decidedAt: Date | null;
};

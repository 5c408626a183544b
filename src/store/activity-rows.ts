// The normal-times rows the digest and App Home show: open activities (soonest first) with the
// records that decide a consultation's resolution. Two queries, whatever the number of activities,
// sent to the driver without the Prisma client (every Home rebuild reads them; see direct-sql.ts).
import type { Activity, ActivityRecord } from "../domain/activity";
import { CONFIRMATION_KIND, RESOLUTION_KIND } from "../domain/activities/consultation";
import type { Activity as ActivityRow, ActivityRecord as ActivityRecordRow } from "../generated/sqlite/client";
import { toActivity } from "./activities";
import { placeholder, type SqlConn } from "./direct-sql";

export type ActivityWithRecords = { activity: Activity; records: ActivityRecord[] };

/** The `limit` latest open activities (as openActivities orders them: soonest first) with their resolution records. */
export async function openActivitiesWithResolutions(sql: SqlConn, provider: "sqlite" | "postgres", limit: number): Promise<ActivityWithRecords[]> {
  const p = (n: number) => placeholder(provider, n);
  // Every column of Activity (column names are the model's field names); the latest open ones.
  const activities = (await sql.all<ActivityRow>(`SELECT * FROM "Activity" WHERE "status" = 'open' ORDER BY "createdAt" DESC LIMIT ${Math.floor(limit)}`)).map((r) => toActivity({ ...r, version: Number(r.version) }));
  const when = (a: Activity) => (a.scheduledAt ?? a.dueAt)?.getTime() ?? Number.MAX_SAFE_INTEGER;
  activities.sort((a, b) => when(a) - when(b) || b.createdAt.getTime() - a.createdAt.getTime());
  const consultations = activities.filter((a) => a.kind === "consultation").map((a) => a.id);
  const rows = consultations.length
    ? await sql.all<ActivityRecordRow>(
        // The parameters in the order they appear (SQLite's ? are taken in that order).
        `SELECT * FROM "ActivityRecord" WHERE "kind" IN (${p(1)}, ${p(2)}) AND "activityId" IN (${consultations.map((_, i) => p(i + 3)).join(", ")}) ORDER BY "createdAt" ASC`,
        [RESOLUTION_KIND, CONFIRMATION_KIND, ...consultations],
      )
    : [];
  const byActivity = new Map<string, ActivityRecord[]>();
  for (const r of rows) {
    const list = byActivity.get(r.activityId) ?? [];
    list.push({ id: r.id, activityId: r.activityId, kind: r.kind, party: r.party, byUserId: r.byUserId, data: JSON.parse(r.data) as Record<string, unknown>, createdAt: r.createdAt });
    byActivity.set(r.activityId, list);
  }
  return activities.map((activity) => ({ activity, records: byActivity.get(activity.id) ?? [] }));
}

// The normal-times rows the digest and App Home show: open activities (soonest first) with the
// records that decide a consultation's resolution. Two queries, whatever the number of activities.
import type { Activity, ActivityRecord } from "../domain/activity";
import { CONFIRMATION_KIND, RESOLUTION_KIND } from "../domain/activities/consultation";
import { openActivities } from "./activities";
import type { Db } from "./prisma";

export type ActivityWithRecords = { activity: Activity; records: ActivityRecord[] };

export async function openActivitiesWithResolutions(db: Db, limit: number): Promise<ActivityWithRecords[]> {
  const { activities } = await openActivities(db, limit);
  const consultations = activities.filter((a) => a.kind === "consultation").map((a) => a.id);
  const rows = consultations.length
    ? await db.activityRecord.findMany({ where: { activityId: { in: consultations }, kind: { in: [RESOLUTION_KIND, CONFIRMATION_KIND] } }, orderBy: { createdAt: "asc" } })
    : [];
  const byActivity = new Map<string, ActivityRecord[]>();
  for (const r of rows) {
    const list = byActivity.get(r.activityId) ?? [];
    list.push({ id: r.id, activityId: r.activityId, kind: r.kind, party: r.party, byUserId: r.byUserId, data: JSON.parse(r.data) as Record<string, unknown>, createdAt: r.createdAt });
    byActivity.set(r.activityId, list);
  }
  return activities.map((activity) => ({ activity, records: byActivity.get(activity.id) ?? [] }));
}

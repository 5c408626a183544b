// The reads behind the annual report (src/domain/annual-report.ts): timestamps, parties and kinds
// of what happened in [start, end) — never free text. One query per table; read-only. What a
// tabletop exercise created (Art. 5(1)) is left out; the exercise itself counts as an event held.
import type { ReportActivity, ReportIncident, ReportItem, ReportScopeEvent } from "../domain/annual-report";
import type { Range } from "./export";
import { exerciseIncidentIds, notExerciseIncident } from "./exercises";
import type { Store } from "./store";

const within = (r: Range) => ({ gte: r.start, lt: r.end });

/** The facts of a period; warnings carry the forwarder's user id (the caller knows their party). */
export type ReportRows = {
  incidents: ReportIncident[];
  items: ReportItem[];
  designations: ReportScopeEvent[];
  warnings: Array<{ forwardedByUserId: string; at: Date }>;
  consents: ReportScopeEvent[];
  activitiesHeld: ReportActivity[];
};

export async function reportRows(store: Store, r: Range): Promise<ReportRows> {
  const db = store.db;
  const exercise = notExerciseIncident(await exerciseIncidentIds(db));
  const incidents = await db.incident.findMany({
    where: { createdAt: within(r), exerciseId: null },
    select: { id: true, createdByParty: true, createdAt: true, preliminaryDueAt: true, preliminaryReceivedOn: true, finalDueAt: true, finalReceivedOn: true },
    orderBy: { createdAt: "asc" },
  });
  const rounds = await db.consultation.findMany({
    where: { incidentId: { in: incidents.map((i) => i.id) } },
    select: { incidentId: true, round: true, contactedAt: true, concludedAt: true, outcome: true },
    orderBy: [{ incidentId: "asc" }, { round: "asc" }],
  });
  const first = new Map<string, (typeof rounds)[number]>();
  const cooperating = new Set<string>();
  for (const c of rounds) {
    if (!first.has(c.incidentId)) first.set(c.incidentId, c);
    if (c.outcome === "cooperate") cooperating.add(c.incidentId);
  }
  const tasks = await db.task.findMany({
    where: { kind: "cooperation_item", createdAt: within(r), itemType: { not: null }, ...exercise },
    select: { itemType: true, ownerParty: true, createdAt: true, dueAt: true, doneAt: true },
  });
  const designations = await db.sharedInformation.findMany({ where: { designatedAt: within(r), ...exercise }, select: { providerParty: true, designatedAt: true } });
  const warnings = await db.scopeWarning.findMany({ where: { createdAt: within(r), sharedInformation: exercise }, select: { forwardedByUserId: true, createdAt: true } });
  const consents = await db.scopeConsent.findMany({
    where: { status: "granted", decidedAt: within(r), sharedInformation: exercise },
    select: { decidedAt: true, sharedInformation: { select: { providerParty: true } } },
  });
  const events = await db.activity.findMany({
    where: { kind: "event", status: "done", OR: [{ scheduledAt: within(r) }, { scheduledAt: null, updatedAt: within(r) }] },
    select: { ownerParty: true, article: true, scheduledAt: true, updatedAt: true },
  });
  return {
    incidents: incidents.map((i) => {
      const c = first.get(i.id);
      return {
        id: i.id,
        party: i.createdByParty,
        registeredAt: i.createdAt,
        contactedAt: c?.contactedAt ?? null,
        decidedAt: c?.concludedAt ?? null,
        cooperation: cooperating.has(i.id),
        preliminary: { dueAt: i.preliminaryDueAt, receivedOn: i.preliminaryReceivedOn },
        final: { dueAt: i.finalDueAt, receivedOn: i.finalReceivedOn },
      };
    }),
    items: tasks.map((t) => ({ itemType: t.itemType!, ownerParty: t.ownerParty, agreedAt: t.createdAt, dueAt: t.dueAt, doneAt: t.doneAt })),
    designations: designations.map((d) => ({ party: d.providerParty, at: d.designatedAt! })),
    warnings: warnings.map((w) => ({ forwardedByUserId: w.forwardedByUserId, at: w.createdAt })),
    consents: consents.map((c) => ({ party: c.sharedInformation.providerParty, at: c.decidedAt! })),
    activitiesHeld: events.map((e) => ({ ownerParty: e.ownerParty, article: e.article, heldAt: e.scheduledAt ?? e.updatedAt })),
  };
}

// What the reminder sweep reads (reminderSnapshot, src/store/sweeps.ts): open tasks due within
// the lead window, open consultations awaiting positions and open incidents with report deadlines
// not yet received, read on the driver without the Prisma client. Art. 5(1): nothing of a tabletop exercise is read, so nothing of it
// reminds anyone; tasks without an incident (normal-times) are read.
import { describe, expect, it } from "vitest";
import { Store } from "../src/store/store";
import { reminderSnapshot } from "../src/store/sweeps";
import type { ReminderSettings } from "../src/domain/reminders";
import { storeForSuite, testDatabases } from "./support/databases";

const NOW = new Date("2026-11-25T02:00:00.000Z"); // Wednesday 11:00 in Tokyo
const SETTINGS: ReminderSettings = { taskLeadDays: 2, escalateAfterDays: 2, positionAfterHours: 24, deadlineLeadDays: 1, quietHours: { start: "20:00", end: "08:00" }, businessDaysOnly: true };
const DAY = 86_400_000;

describe.each(testDatabases())("the reminder sweep's snapshot on %s", (database) => {
  let store: Store;
  storeForSuite(database, (s) => (store = s));

  it("reads real open tasks and incidents due, with their received reports, and nothing of an exercise", async () => {
    const incident = (id: string, over: Record<string, unknown> = {}) => ({
      id, ref: id, title: id, state: "open", reporterName: "r", reporterCategory: 1, supervisingAgency: "a", awareAt: new Date(NOW.getTime() - 40 * DAY), appiRegime: "art26",
      unlawfulPurposeSuspected: false, affectedCount: 1, specialCareData: false, financialRiskData: false, summary: "s", personalData: "[]", providedByAdminBody: false, createdByUserId: "U1", createdByParty: "ppc",
      channelStatus: "ready", channelId: `C-${id}`, preliminaryDueAt: new Date(NOW.getTime() - 30 * DAY), finalDueAt: new Date(NOW.getTime() - DAY), createdAt: NOW, updatedAt: NOW, ...over,
    });
    await store.db.incident.createMany({
      data: [
        incident("real"),
        incident("received", { preliminaryReceivedOn: "2026-10-27", channelId: null }),
        incident("both-received", { preliminaryReceivedOn: "2026-10-27", finalReceivedOn: "2026-11-24" }),
        incident("later", { preliminaryDueAt: new Date(NOW.getTime() + 30 * DAY), finalDueAt: new Date(NOW.getTime() + 60 * DAY) }),
        incident("closed", { state: "closed" }),
        incident("drill", { exerciseId: "X1" }),
      ],
    });
    const task = (id: string, incidentId: string | null, dueAt: Date | null, over: Record<string, unknown> = {}) => ({
      id, dedupeKey: id, incidentId, kind: "cooperation_item", ownerParty: "ppc", params: "{}", dueAt, status: "open", createdAt: NOW, updatedAt: NOW, ...over,
    });
    await store.db.task.createMany({
      data: [
        task("t-overdue", "real", new Date(NOW.getTime() - DAY), { assigneeUserId: "U7" }),
        task("t-soon", "real", new Date(NOW.getTime() + DAY)),
        task("t-normal-times", null, new Date(NOW.getTime() - DAY), { ownerParty: "nisc" }),
        task("t-far", "real", new Date(NOW.getTime() + 20 * DAY)),
        task("t-undated", "real", null),
        task("t-done", "real", new Date(NOW.getTime() - DAY), { status: "done" }),
        task("t-drill", "drill", new Date(NOW.getTime() - DAY)),
      ],
    });
    const consultation = (id: string, incidentId: string, hoursAgo: number, status = "open") => ({ id, incidentId, round: id.length, proposedByParty: "ppc", proposedByUserId: "U1", impactOnDuties: "none", status, contactedAt: new Date(NOW.getTime() - hoursAgo * 3_600_000), createdAt: NOW, updatedAt: NOW });
    await store.db.consultation.createMany({ data: [consultation("c-nisc", "real", 48), consultation("c-ppc", "later", 30), consultation("c-none", "received", 100), consultation("c-recent", "real", 1), consultation("c-drill", "drill", 48), consultation("c-concluded", "later", 48, "concluded")] });
    const items = ["c-nisc", "c-ppc", "c-none", "c-recent", "c-drill", "c-concluded"].flatMap((c) => ["advice", "joint_investigation"].map((itemType) => ({ id: `${c}/${itemType}`, consultationId: c, itemType, need: "n" })));
    await store.db.consultationItem.createMany({ data: items });
    const position = (item: string, party: string) => ({ id: `${item}/${party}`, consultationItemId: item, party, position: "agree", decidedByUserId: "U1", decidedAt: NOW });
    await store.db.position.createMany({
      data: [position("c-nisc/advice", "ppc"), position("c-nisc/joint_investigation", "ppc"), position("c-nisc/advice", "nisc"), position("c-ppc/advice", "nisc"), position("c-ppc/joint_investigation", "nisc"), ...items.filter((i) => i.consultationId === "c-none").flatMap((i) => [position(i.id, "ppc"), position(i.id, "nisc")])],
    });
    const snapshot = await reminderSnapshot(store, NOW, SETTINGS, "Asia/Tokyo", ["ppc", "nisc"], "ppc");
    expect(snapshot.tasks.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: "t-normal-times", ownerParty: "nisc", assigneeUserId: null, dueAt: new Date(NOW.getTime() - DAY) },
      { id: "t-overdue", ownerParty: "ppc", assigneeUserId: "U7", dueAt: new Date(NOW.getTime() - DAY) },
      { id: "t-soon", ownerParty: "ppc", assigneeUserId: null, dueAt: new Date(NOW.getTime() + DAY) },
    ]);
    // Art. 4(2): a party is awaited while it has not taken a position on every proposed item
    expect(snapshot.consultations.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: "c-nisc", contactedAt: new Date(NOW.getTime() - 48 * 3_600_000), awaitedParties: ["nisc"] },
      { id: "c-none", contactedAt: new Date(NOW.getTime() - 100 * 3_600_000), awaitedParties: [] },
      { id: "c-ppc", contactedAt: new Date(NOW.getTime() - 30 * 3_600_000), awaitedParties: ["ppc"] },
    ]);
    expect(snapshot.incidents.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: "real", channelId: "C-real", preliminaryDueAt: new Date(NOW.getTime() - 30 * DAY), finalDueAt: new Date(NOW.getTime() - DAY), preliminaryReceived: false, finalReceived: false },
      { id: "received", channelId: null, preliminaryDueAt: new Date(NOW.getTime() - 30 * DAY), finalDueAt: new Date(NOW.getTime() - DAY), preliminaryReceived: true, finalReceived: false },
    ]);
  });
});

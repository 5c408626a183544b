// Issue 14: the reads a click or command makes outside a change go to the driver without the
// Prisma client (one raw statement, prepared once) — a decision click's consultation, the closing
// round `/renkei status` shows, the running exercise `/renkei new` looks for. Each returns what
// the Prisma client returns for the same row, on both databases, in one statement.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findConsultation } from "../src/store/consultations";
import { toClosure } from "../src/store/closures";
import { runningExercise } from "../src/store/exercises";
import { testDatabases } from "./support/databases";
import { intakeValues, startHarness, submitIntake, U, type Harness } from "./support/harness";

describe.each(testDatabases())("reads on the driver, on %s", (database) => {
  let h: Harness;
  let incidentId: string;
  let consultationId: string;
  beforeAll(async () => {
    h = await startHarness({ database, countQueries: true });
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Direct reads" }));
    await h.settle();
    incidentId = (await h.store.incidentByRef(ref!))!.id;
    const now = h.clock.now();
    consultationId = await h.store.transact(now, async (tx) => {
      const c = await tx.consultations.insert({
        incidentId,
        round: 1,
        proposedByParty: "ppc",
        proposedByUserId: U.ppcLiaison,
        proposal: { impactOnDuties: "None", items: [{ itemType: "sharing_results", need: "Share the logs" }, { itemType: "joint_investigation", need: "Look together" }] },
        now,
        channelId: null,
      });
      const item = c.items.find((i) => i.itemType === "joint_investigation")!;
      await tx.consultations.insertPosition(item.id, { party: "ppc", position: "agree", reason: null, conditions: "Within a week", decidedByUserId: U.ppcLiaison, decidedAt: now });
      await tx.consultations.insertPosition(item.id, { party: "nisc", position: "decline", reason: "No staff", conditions: null, decidedByUserId: U.niscLiaison, decidedAt: new Date(now.getTime() + 1000) });
      await tx.closures.insert(
        { incidentId, round: 1, priorState: "open", summary: { whatHappened: "Phishing", items: [], reports: { preliminary: null, final: null }, openTasks: 0 } as never, requiredParties: ["ppc", "nisc"], confirmations: [{ party: "ppc", userId: U.ppcLiaison, at: now }] as never, proposedByUserId: U.ppcLiaison, proposedByParty: "ppc" },
        null,
        now,
      );
      await tx.exercises.insert({ id: "exercise-direct", name: "drill", title: "Drill 【訓練】", speed: 2.5, definition: { steps: [1, 2] }, cast: { ppc: U.ppcStaff }, startedByUserId: U.ppcLiaison, startedByParty: "ppc" }, now);
      await tx.audit({ actorUserId: U.ppcLiaison, actorParty: "ppc", article: null, action: "test.rows_added", entityType: "incident", entityId: incidentId, before: null, after: null });
      return c.id;
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  /** The statements `read` sent, and its result. */
  async function counted<T>(read: () => Promise<T>): Promise<{ result: T; statements: number }> {
    const before = h.store.queryCount;
    const result = await read();
    return { result, statements: h.store.queryCount - before };
  }

  it("a consultation with its items and positions, as the Prisma client reads it, in one statement", async () => {
    const { result, statements } = await counted(() => h.store.consultations.byId(consultationId));
    expect(statements).toBe(1);
    const viaClient = await findConsultation(h.store.db, consultationId);
    expect(result).not.toBeNull();
    // Items by type (the direct read's order), positions by decision time (both).
    const byType = (c: typeof result) => ({ ...c!, items: [...c!.items].sort((a, b) => a.itemType.localeCompare(b.itemType)) });
    expect(byType(result)).toEqual(byType(viaClient));
    expect(result!.items.map((i) => i.itemType)).toEqual(["joint_investigation", "sharing_results"]);
    expect(result!.items[0]!.positions.map((p) => p.position)).toEqual(["agree", "decline"]);
    expect(await h.store.consultations.byId("no-such-consultation")).toBeNull();
  });

  it("an incident's latest closing round, as the Prisma client reads it, in one statement", async () => {
    const { result, statements } = await counted(() => h.store.closures.latestOfIncident(incidentId));
    expect(statements).toBe(1);
    const row = await h.store.db.incidentClosure.findFirst({ where: { incidentId }, orderBy: { round: "desc" } });
    expect(result).toEqual(toClosure(row!));
    expect(result!.confirmations[0]!.at).toBeInstanceOf(Date);
    expect(await h.store.closures.latestOfIncident("no-such-incident")).toBeNull();
  });

  it("the running exercise, as the Prisma client reads it, in one statement", async () => {
    const { result, statements } = await counted(() => h.store.exercises.running());
    expect(statements).toBe(1);
    expect(result).toEqual(await runningExercise(h.store.db));
    expect(result).toMatchObject({ id: "exercise-direct", speed: 2.5, definition: { steps: [1, 2] }, cast: { ppc: U.ppcStaff }, version: 1 });
    expect(result!.startedAt).toBeInstanceOf(Date);
  });
});

// Issue 14: effects are delivered concurrently, each in its lane. Two cards (or a card and a Home)
// update at the same time; two updates of the same card never reorder; an effect without a lane
// (it creates what others use, e.g. a channel) runs alone, after what was claimed before it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EffectRequest, StoredEffect } from "../src/domain/effects";
import { EffectRunner, laneOf, type EffectHandlers } from "../src/effects/runner";
import { silentLogger } from "../src/logger";
import { Store } from "../src/store/store";
import { freshDatabase, testDatabases, type FreshDatabase } from "./support/databases";
import { until } from "./support/harness";

describe("laneOf", () => {
  it("puts card refreshes by card, Homes by person, and creations in no lane", () => {
    expect(laneOf({ kind: "refresh_task_card", payload: { taskId: "T1" }, dedupeKey: "a" })).toBe("task:T1");
    expect(laneOf({ kind: "refresh_home", payload: { userId: "U1" }, dedupeKey: "b" })).toBe("home:U1");
    expect(laneOf({ kind: "provision_channel", payload: { incidentId: "I1" }, dedupeKey: "c" })).toBeNull();
    expect(laneOf({ kind: "post_task", payload: { taskId: "T1" }, dedupeKey: "d" })).toBeNull();
  });
});

describe.each(testDatabases())("effect lanes on %s", (database) => {
  let db: FreshDatabase;
  let store: Store;
  const started: string[] = [];
  const finished: string[] = [];
  const gates = new Map<string, () => void>();
  // Every handler records its start, then waits until the test opens its gate.
  const handlers = new Proxy({} as EffectHandlers, {
    get: () => async (_payload: unknown, effect: StoredEffect) => {
      started.push(effect.dedupeKey);
      await new Promise<void>((open) => gates.set(effect.dedupeKey, open));
      finished.push(effect.dedupeKey);
    },
  });
  const open = async (key: string) => {
    await until(async () => gates.has(key), `${key} did not start`);
    gates.get(key)!();
    gates.delete(key);
  };
  let runner: EffectRunner;

  beforeAll(async () => {
    db = await freshDatabase(database);
    store = await Store.open(db.url);
    runner = new EffectRunner(store, { now: () => new Date() }, handlers, {}, silentLogger, { concurrency: 4, homeSpacingMs: 0 });
  });
  afterAll(async () => {
    await store?.close();
    await db?.dispose();
  });

  const queue = async (effects: EffectRequest[]) => {
    const t = Date.now();
    // Queued in this order (due times one millisecond apart: claims take the oldest first).
    for (const [i, e] of effects.entries()) await store.enqueueEffect({ ...e, runAfter: new Date(t - 1000 + i) }, new Date());
  };

  it("runs different cards at once, the same card in order, and a creation alone", async () => {
    await queue([
      { kind: "refresh_task_card", payload: { taskId: "A" }, dedupeKey: "A1" },
      { kind: "refresh_task_card", payload: { taskId: "B" }, dedupeKey: "B1" },
      // A second refresh of A's card, of another kind of change (an identical one would be covered by A1).
      { kind: "refresh_task_card", payload: { taskId: "A", homesQueued: true }, dedupeKey: "A2" },
      { kind: "refresh_home", payload: { userId: "U" }, dedupeKey: "H1" },
      { kind: "provision_channel", payload: { incidentId: "I" }, dedupeKey: "P1" },
      { kind: "refresh_task_card", payload: { taskId: "C" }, dedupeKey: "C1" },
    ]);
    const ran = runner.runDue(10);
    // A1, B1 and H1 run together; A2 waits for A1; P1 for everything before it; C1 for P1.
    await until(async () => started.length === 3, "three lanes did not start together");
    expect([...started].sort()).toEqual(["A1", "B1", "H1"]);
    await open("B1");
    await open("A1");
    await until(async () => started.includes("A2"), "A2 did not follow A1");
    expect(started).not.toContain("P1");
    await open("H1");
    await open("A2");
    await open("P1");
    expect(started.indexOf("P1")).toBeLessThan(started.indexOf("C1") === -1 ? Infinity : started.indexOf("C1"));
    await open("C1");
    expect(await ran).toBe(6);
    expect(finished.indexOf("A1")).toBeLessThan(finished.indexOf("A2"));
    expect(finished.indexOf("P1")).toBe(4); // after A1, B1, H1, A2
    expect(finished.at(-1)).toBe("C1");
    for (const key of ["A1", "A2", "B1", "H1", "P1", "C1"]) expect((await store.effectByKey(key))?.status).toBe("done");
  });

  it("runs one Home rebuild for those claimed while another waits: the waiting one covers them", async () => {
    started.length = 0;
    finished.length = 0;
    await queue([{ kind: "refresh_home", payload: { userId: "V" }, dedupeKey: "V1" }]);
    const first = runner.runDue(10);
    await until(async () => started.includes("V1"), "V1 did not start");
    // While V1 runs (it may have read before the latest change), three more changes queue rebuilds.
    await queue([
      { kind: "refresh_home", payload: { userId: "V" }, dedupeKey: "V2" },
      { kind: "refresh_home", payload: { userId: "V" }, dedupeKey: "V3" },
      { kind: "refresh_home", payload: { userId: "V" }, dedupeKey: "V4" },
    ]);
    const more = runner.runDue(10);
    await until(async () => (await store.effectByKey("V4"))?.status === "done", "V4 was not covered");
    expect((await store.effectByKey("V3"))?.status).toBe("done");
    await open("V1");
    await open("V2"); // one more rebuild, after V1: it reads the latest state
    expect(await more).toBe(3);
    await first;
    expect(started).toEqual(["V1", "V2"]);
  });

  it("delivers a sweep's digests and reminder lists one at a time, and a card clicked meanwhile at once", async () => {
    started.length = 0;
    finished.length = 0;
    await queue([
      { kind: "send_digest", payload: { userId: "M1", party: "ppc", day: "2026-12-02" }, dedupeKey: "D1" },
      { kind: "send_digest", payload: { userId: "M2", party: "ppc", day: "2026-12-02" }, dedupeKey: "D2" },
      { kind: "send_reminders", payload: { messages: [] }, dedupeKey: "R1" },
      { kind: "refresh_task_card", payload: { taskId: "K" }, dedupeKey: "K1" },
    ]);
    const ran = runner.runDue(10);
    // Four slots, three of them free: the card and one delivery start; the other deliveries wait.
    await until(async () => started.length === 2, "the card and the first digest did not start");
    expect([...started].sort()).toEqual(["D1", "K1"]);
    await open("K1");
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toEqual(["D1", "K1"]);
    await open("D1");
    await until(async () => started.length === 3, "the second digest did not follow the first");
    expect(started[2]).toBe("D2");
    await open("D2");
    await open("R1");
    expect(await ran).toBe(4);
    expect(finished).toEqual(["K1", "D1", "D2", "R1"]);
  });
});

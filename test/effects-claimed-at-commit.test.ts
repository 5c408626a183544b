// Issue 14: a Done click's card is queued already claimed by this process's effect runner and
// handed to it at commit (no claim statement before the card's update). It stays exactly once as
// any claimed effect: run once by the runner it was claimed for; if that runner's process dies
// before running it, another runner takes it once its lease ran out, and the first can no longer
// complete it; a key queued before is not handed over again.
import { describe, expect, it } from "vitest";
import type { StoredEffect } from "../src/domain/effects";
import { EffectRunner, type EffectHandlers } from "../src/effects/runner";
import { silentLogger } from "../src/logger";
import { Store, type ClaimedEffect } from "../src/store/store";
import { storeForSuite, testDatabases } from "./support/databases";
import { until } from "./support/harness";
import { homeRefreshes } from "../src/app/home-refresh";

describe.each(testDatabases())("effects claimed as they are queued, on %s", (database) => {
  let store: Store;
  const ran: Array<{ key: string; attempt: number; by: string }> = [];
  const handlersOf = (by: string) =>
    new Proxy({} as EffectHandlers, {
      get: () => async (_payload: unknown, effect: StoredEffect) => {
        ran.push({ key: effect.dedupeKey, attempt: effect.attempts, by });
      },
    });

  storeForSuite(database, (s) => (store = s), { countQueries: true });

  /** A change queuing a card claimed for this process's runner (as a Done click does). */
  const change = (key: string) =>
    store.transactDirect(new Date(), async (tx) => {
      await tx.audit({ actorUserId: "U1", actorParty: "ppc", article: null, action: "test.change", entityType: "task", entityId: key, before: null, after: null });
      await tx.enqueueAll([{ kind: "refresh_task_card", payload: { taskId: key }, dedupeKey: key }], [], { runHere: true });
    });

  it("runs the card once, right after commit, as the runner's own claim; a key queued before is not run again", async () => {
    const runner = new EffectRunner(store, { now: () => new Date() }, handlersOf("here"), {}, silentLogger);
    runner.wakeOnCommit();
    try {
      await change("card-1");
      await runner.idle();
      expect(ran.filter((r) => r.key === "card-1")).toEqual([{ key: "card-1", attempt: 1, by: "here" }]);
      expect((await store.effectByKey("card-1"))?.status).toBe("done");
      await change("card-1");
      await runner.idle();
      expect(ran.filter((r) => r.key === "card-1")).toHaveLength(1);
    } finally {
      await runner.stop();
    }
  });

  it("a burst of changes queues one Home rebuild per person: the runner waits before claiming it, so the next changes find it pending", async () => {
    const runner = new EffectRunner(store, { now: () => new Date() }, handlersOf("here"), {}, silentLogger, { homeSpacingMs: 10_000 });
    runner.wakeOnCommit();
    const homeChange = (key: string) =>
      store.transactDirect(new Date(), async (tx) => {
        await tx.audit({ actorUserId: "UH", actorParty: "ppc", article: null, action: "test.change", entityType: "task", entityId: key, before: null, after: null });
        await tx.enqueueAll([{ kind: "refresh_task_card", payload: { taskId: key }, dedupeKey: key }], homeRefreshes(new Date(), ["UH"]), { runHere: true });
      });
    try {
      for (let i = 1; i <= 5; i++) await homeChange(`card-h${i}`);
      // Each card ran at once; the Home rebuild waits (here 10 s), unless someone waits for everything.
      await until(async () => ran.filter((r) => r.key.startsWith("card-h")).length === 5 || undefined, "the cards did not run");
      expect(ran.filter((r) => r.key.startsWith("home:UH:"))).toEqual([]);
      await runner.idle();
      expect(ran.filter((r) => r.key.startsWith("home:UH:"))).toHaveLength(1);
      const homes = await store.db.effect.findMany({ where: { kind: "refresh_home", dedupeKey: { startsWith: "home:UH:" } } });
      expect(homes.map((e) => e.status)).toEqual(["done"]);
    } finally {
      await runner.stop();
    }
  });

  it("a card claimed for a runner that died is run once by another runner after the lease, and the dead one cannot complete it", async () => {
    const handed: ClaimedEffect[] = [];
    // A replica that claims and then dies before running what it was handed.
    const unregister = store.claimLocally({ owner: "dead-replica", leaseMs: 300, leaseNow: () => new Date(), accept: (e) => handed.push(...e) });
    try {
      await change("card-2");
    } finally {
      unregister();
    }
    expect(handed.map((e) => e.dedupeKey)).toEqual(["card-2"]);
    const other = new EffectRunner(store, { now: () => new Date() }, handlersOf("other"), {}, silentLogger, { leaseMs: 5_000 });
    // Within the lease: not another runner's to take.
    await other.runDue();
    expect(ran.filter((r) => r.key === "card-2")).toEqual([]);
    await until(async () => (await other.runDue()) > 0, "the card was not taken over after its lease", 5_000);
    expect(ran.filter((r) => r.key === "card-2")).toEqual([{ key: "card-2", attempt: 2, by: "other" }]);
    expect((await store.effectByKey("card-2"))?.status).toBe("done");
    // Fenced: the replica that lost its lease changes nothing.
    expect(await store.completeEffect(handed[0]!.id, new Date(), handed[0]!.fence)).toBe(false);
    await other.runDue();
    expect(ran.filter((r) => r.key === "card-2")).toHaveLength(1);
  });

  it("wakes no claim when a change queued only what it handed to this runner (its Home rebuild covered by one pending)", async () => {
    const runner = new EffectRunner(store, { now: () => new Date() }, handlersOf("here"), {}, silentLogger);
    const home = (key: string) => ({ effect: { kind: "refresh_home" as const, payload: { userId: "U1" }, dedupeKey: `home:U1:${key}`, runAfter: new Date("2100-01-01T00:00:00Z") }, prefix: "home:U1:" });
    const click = (key: string) =>
      store.transactDirect(new Date(), async (tx) => {
        await tx.audit({ actorUserId: "U1", actorParty: "ppc", article: null, action: "test.change", entityType: "task", entityId: key, before: null, after: null });
        await tx.enqueueAll([{ kind: "refresh_task_card", payload: { taskId: key }, dedupeKey: key }], [home(key)], { runHere: true });
      });
    const claims = () => store.recentQueries.filter((q) => /SET "status" = 'running'/.test(q)).length;
    runner.wakeOnCommit();
    try {
      // The first click's Home rebuild goes in (pending, due later here): its commit wakes the runner, which claims.
      await click("card-3");
      await runner.idle();
      expect((await store.effectByKey("home:U1:card-3"))?.status).toBe("pending");
      store.recentQueries.length = 0;
      // The next clicks' rebuilds are covered by it: their cards are run, and nothing is claimed.
      await Promise.all([click("card-4"), click("card-5")]);
      await runner.idle();
      expect(ran.filter((r) => ["card-4", "card-5"].includes(r.key)).map((r) => r.key).sort()).toEqual(["card-4", "card-5"]);
      expect(await store.effectByKey("home:U1:card-4")).toBeNull();
      expect(claims(), store.recentQueries.join("\n")).toBe(0);
    } finally {
      await runner.stop();
    }
  });
});

// Concurrent writers: the audit chain never forks, reference numbers never repeat, and a queued
// side effect is claimed by exactly one claimer. On PostgreSQL the writers are two replicas (two
// stores, as two bot processes would have); SQLite is the single-process embedded default, so
// there they are concurrent requests in one process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChain } from "../src/domain/audit";
import { Store } from "../src/store/store";
import { freshDatabase, testDatabases, type FreshDatabase } from "./support/databases";

describe.each(testDatabases())("concurrent writers on %s", (database) => {
  let db: FreshDatabase;
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    db = await freshDatabase(database);
    a = await Store.open(db.url);
    b = database === "postgres" ? await Store.open(db.url) : a;
  });
  afterAll(async () => {
    await a?.close();
    if (b !== a) await b?.close();
    await db?.dispose();
  });

  const change = (store: Store, i: number) =>
    store.transact(new Date(), async (tx) => {
      const ref = await tx.allocateReference(2026);
      await tx.audit({ actorUserId: `U${i}`, actorParty: null, article: null, action: "test.change", entityType: "test", entityId: ref, before: null, after: { i } });
      await tx.enqueue({ kind: "post_task", payload: { taskId: `T${i}` }, dedupeKey: `same-effect` });
      return ref;
    });

  it("keeps one unbroken audit chain and unique references under concurrent writes", async () => {
    const refs = await Promise.all(Array.from({ length: 20 }, (_, i) => change(i % 2 ? a : b, i)));
    expect(new Set(refs).size).toBe(20);
    const entries = [];
    for await (const e of a.auditEntries()) entries.push(e);
    expect(entries).toHaveLength(20);
    expect(verifyChain(entries)).toMatchObject({ ok: true, entries: 20 });
  });

  it("lets only one replica claim a queued effect", async () => {
    const now = new Date(Date.now() + 1000);
    const [fromA, fromB] = await Promise.all([a.claimEffects(now, 60_000, 10), b.claimEffects(now, 60_000, 10)]);
    expect(fromA.length + fromB.length).toBe(1); // 20 enqueues of one dedupeKey are one effect
    const again = await a.claimEffects(now, 60_000, 10);
    expect(again).toEqual([]); // leased
  });

  it("fences completion on the lease: a replica whose lease another took can neither complete, fail nor renew", async () => {
    const now = new Date(Date.now() + 1000);
    await a.enqueueEffect({ kind: "refresh_task_card", payload: { taskId: "T-test" }, dedupeKey: "fenced" }, now);
    const t0 = new Date("2026-12-01T00:00:00Z");
    const [byA] = await a.claimEffects(now, 15_000, 10, { owner: "replica-a", leaseNow: t0 });
    expect(byA).toMatchObject({ dedupeKey: "fenced", attempts: 1, fence: { owner: "replica-a", attempt: 1 } });
    expect(await b.claimEffects(now, 15_000, 10, { owner: "replica-b", leaseNow: new Date(t0.getTime() + 14_000) })).toEqual([]);
    expect(await a.renewEffectLeases("replica-a", [byA!.id], new Date(t0.getTime() + 30_000))).toEqual([byA!.id]);
    // A stalls past its renewed lease; B takes the effect over.
    const [byB] = await b.claimEffects(now, 15_000, 10, { owner: "replica-b", leaseNow: new Date(t0.getTime() + 31_000) });
    expect(byB).toMatchObject({ id: byA!.id, attempts: 2, fence: { owner: "replica-b", attempt: 2 } });
    expect(await a.renewEffectLeases("replica-a", [byA!.id], new Date(t0.getTime() + 60_000))).toEqual([]);
    expect(await a.completeEffect(byA!.id, now, byA!.fence)).toBe(false);
    expect(await a.failEffect(byA!.id, now, "late", new Date(now.getTime() + 10_000), byA!.fence)).toBe(false);
    expect(await a.releaseEffect(byA!.id, now, byA!.fence)).toBe(false);
    expect(await a.effectByKey("fenced")).toMatchObject({ status: "running", attempts: 2 });
    expect(await b.completeEffect(byB!.id, now, byB!.fence)).toBe(true);
    expect(await a.effectByKey("fenced")).toMatchObject({ status: "done", attempts: 2, lastError: null });
  });

  it("marks several effects done in one statement, each fenced on its own lease", async () => {
    const now = new Date(Date.now() + 1000);
    for (const key of ["batch-1", "batch-2", "batch-3"]) await a.enqueueEffect({ kind: "refresh_task_card", payload: { taskId: key }, dedupeKey: key }, now);
    const t0 = new Date("2026-12-02T00:00:00Z");
    const ours = (c: { dedupeKey: string }) => c.dedupeKey.startsWith("batch-");
    const claimed = (await a.claimEffects(now, 15_000, 10, { owner: "replica-a", leaseNow: t0 })).filter(ours);
    expect(claimed.map((c) => c.dedupeKey).sort()).toEqual(["batch-1", "batch-2", "batch-3"]);
    // A stalls; B takes all three over and completes the second; A's batch completes none of them.
    const taken = (await b.claimEffects(now, 15_000, 10, { owner: "replica-b", leaseNow: new Date(t0.getTime() + 16_000) })).filter(ours);
    expect(taken).toHaveLength(3);
    const second = taken.find((c) => c.dedupeKey === "batch-2")!;
    expect(await b.completeEffect(second.id, now, second.fence)).toBe(true);
    expect((await a.completeEffects(claimed, now)).size).toBe(0);
    for (const key of ["batch-1", "batch-3"]) expect(await a.effectByKey(key)).toMatchObject({ status: "running", attempts: 2 });
    // B's batch completes the two it still holds, and not a stale fence of the one done.
    const done = await b.completeEffects([...taken.filter((c) => c !== second), { id: second.id, fence: { owner: "replica-b", attempt: 1 } }], now);
    expect([...done].sort()).toEqual(taken.filter((c) => c !== second).map((c) => c.id).sort());
    for (const key of ["batch-1", "batch-2", "batch-3"]) expect(await a.effectByKey(key)).toMatchObject({ status: "done", attempts: 2 });
  });

  it("keeps the audit chain unbroken when concurrent task changes read its head in their update", async () => {
    const now = new Date();
    const ids: string[] = [];
    await a.transact(now, async (tx) => {
      for (let i = 0; i < 12; i++) ids.push((await tx.insertTask(null, { dedupeKey: `head:${i}`, kind: "introduce_leak_report_system", ownerParty: "nisc", assigneeUserId: "U1", params: {}, dueAt: null })).id);
      await tx.audit({ actorUserId: "U1", actorParty: "nisc", article: null, action: "test.tasks_added", entityType: "test", entityId: "head", before: null, after: null });
    });
    // Each task completed twice at once (a double click), on both replicas: one completion each.
    const complete = (store: Store, id: string) =>
      store.transact(new Date(), async (tx) => {
        const updated = await tx.updateTaskIf(id, "open", { status: "done", doneByUserId: "U1", doneAt: new Date() }, { readAuditHead: true });
        if (!updated) throw new Error("already done");
        await tx.audit({ actorUserId: "U1", actorParty: "nisc", article: null, action: "task.completed", entityType: "task", entityId: id, before: { status: "open" }, after: { status: "done" } });
        return true;
      }).catch((e: Error) => (e.message === "already done" ? false : Promise.reject(e)));
    const results = await Promise.all(ids.flatMap((id, i) => [complete(i % 2 ? a : b, id), complete(i % 2 ? b : a, id)]));
    expect(results.filter(Boolean)).toHaveLength(12);
    const entries = [];
    for await (const e of a.auditEntries()) entries.push(e);
    expect(entries.filter((e) => e.action === "task.completed")).toHaveLength(12);
    expect(verifyChain(entries)).toMatchObject({ ok: true, entries: entries.length });
  });

  /** A Done click's change on the driver (as complete-task makes it), with whatever `meanwhile` does before it commits. */
  const completeOnDriver = (store: Store, id: string, meanwhile: () => Promise<void> = async () => {}) =>
    store.transactDirect(new Date(), async (tx) => {
      const updated = await tx.updateTaskIf(id, "open", { status: "done", doneByUserId: "U1", doneAt: tx.now }, { readAuditHead: true });
      if (!updated) throw new Error("already done");
      // Not ASCII: the entry's hash is computed by the database on PostgreSQL, over the same UTF-8 bytes.
      await tx.audit({ actorUserId: "U1", actorParty: "nisc", article: "4(1)", action: "task.completed", entityType: "task", entityId: id, before: { status: "open" }, after: { status: "done", 備考: "完了 \"済\" \\ 'ok'" } });
      // Due far ahead: not for the claims of the tests below.
      const runAfter = new Date("2100-01-01T00:00:00Z");
      await tx.enqueueAll([{ kind: "refresh_task_card", payload: { taskId: id }, dedupeKey: `task-card:${id}:done`, runAfter }], [{ effect: { kind: "refresh_home", payload: { userId: "U1" }, dedupeKey: `home:U1:${id}`, runAfter }, prefix: "home:U1:" }]);
      await meanwhile();
      return true;
    }).catch((e: Error) => (e.message === "already done" ? false : Promise.reject(e)));

  const newTasks = async (prefix: string, n: number) => {
    const ids: string[] = [];
    await a.transact(new Date(), async (tx) => {
      for (let i = 0; i < n; i++) ids.push((await tx.insertTask(null, { dedupeKey: `${prefix}:${i}`, kind: "introduce_leak_report_system", ownerParty: "nisc", assigneeUserId: "U1", params: {}, dueAt: null })).id);
      await tx.audit({ actorUserId: "U1", actorParty: "nisc", article: null, action: "test.tasks_added", entityType: "test", entityId: prefix, before: null, after: null });
    });
    return ids;
  };

  it("keeps the audit chain unbroken with Done clicks on the driver and other changes at once, on both replicas", async () => {
    const ids = await newTasks("driver", 12);
    const results = await Promise.all([...ids.flatMap((id, i) => [completeOnDriver(i % 2 ? a : b, id), completeOnDriver(i % 2 ? b : a, id)]), ...Array.from({ length: 6 }, (_, i) => change(i % 2 ? a : b, 100 + i).then(() => null))]);
    expect(results.filter((r) => r === true)).toHaveLength(12);
    const entries = [];
    for await (const e of a.auditEntries()) entries.push(e);
    expect(entries.filter((e) => e.action === "task.completed" && ids.includes(e.entityId))).toHaveLength(12);
    expect(verifyChain(entries)).toMatchObject({ ok: true, entries: entries.length });
    // Each click's card and its Home queued with it, once.
    for (const id of ids) expect(await a.effectByKey(`task-card:${id}:done`)).toMatchObject({ status: "pending" });
  });

  it.runIf(database === "postgres")("holds the audit chain's lock only while the server commits a change on the driver: another replica's change commits meanwhile", async () => {
    const [id] = await newTasks("lock", 1);
    let inside!: () => void;
    const reached = new Promise<void>((r) => (inside = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // A's click has written its task, its audit entry and its effects, and is not committed yet
    // (its process busy elsewhere): B's change must not wait for it.
    const slow = completeOnDriver(a, id!, async () => {
      inside();
      await gate;
    });
    await reached;
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("B's change waited for A's uncommitted change")), 5_000));
    try {
      await Promise.race([change(b, 200), timeout]);
    } finally {
      release();
    }
    expect(await slow).toBe(true);
    const entries = [];
    for await (const e of a.auditEntries()) entries.push(e);
    // B's entry first, A's linked after it.
    expect(entries.slice(-2).map((e) => e.action)).toEqual(["test.change", "task.completed"]);
    expect(verifyChain(entries)).toMatchObject({ ok: true, entries: entries.length });
  });

  it("takes back the attempt of an effect handed back before any Slack call", async () => {
    const now = new Date(Date.now() + 1000);
    await a.enqueueEffect({ kind: "refresh_task_card", payload: { taskId: "T-test" }, dedupeKey: "handed-back" }, now);
    const [first] = await a.claimEffects(now, 15_000, 10, { owner: "replica-a" });
    expect(await a.releaseEffect(first!.id, now, first!.fence, true)).toBe(true);
    const [second] = await b.claimEffects(now, 15_000, 10, { owner: "replica-b" });
    expect(second).toMatchObject({ id: first!.id, attempts: 1 });
    expect(await b.completeEffect(second!.id, now, second!.fence)).toBe(true);
  });
});

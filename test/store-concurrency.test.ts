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
});

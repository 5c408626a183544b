// The outbox: a committed change that queues an effect wakes the running effect runner (no kick by
// hand), the effect reaches the handler of its kind with its typed payload and the workspace it acts
// through; a change that queues nothing, or rolls back, runs nothing. A handler map that leaves out a
// kind, or reads a field its payload does not have, does not type-check.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredEffect } from "../src/domain/effects";
import { EffectRunner, type EffectHandlers } from "../src/effects/runner";
import { silentLogger } from "../src/logger";
import { Store, type Tx } from "../src/store/store";
import { freshDatabase, testDatabases, type FreshDatabase } from "./support/databases";

const audit = (tx: Tx, entityId: string) =>
  tx.audit({ actorUserId: "U1", actorParty: "ppc", article: null, action: "test.change", entityType: "test", entityId, before: null, after: null });

describe.each(testDatabases())("the outbox on %s", (database) => {
  let db: FreshDatabase;
  let store: Store;
  const ran: StoredEffect[] = [];
  // Every kind records what it was given.
  const handlers = new Proxy({} as EffectHandlers, { get: () => async (_payload: unknown, effect: StoredEffect) => void ran.push(effect) });
  let runner: EffectRunner;

  beforeAll(async () => {
    db = await freshDatabase(database);
    store = await Store.open(db.url);
    runner = new EffectRunner(store, { now: () => new Date() }, handlers, {}, silentLogger);
    runner.start(0);
  });
  afterAll(async () => {
    await runner?.stop();
    await store?.close();
    await db?.dispose();
  });

  it("runs an effect once its change commits, without a kick, with its payload and team", async () => {
    await store.transact(new Date(), async (tx) => {
      await audit(tx, "a");
      await tx.enqueue({ kind: "notify_assignee", payload: { taskId: "T1", userId: "U2" }, dedupeKey: "outbox:a", teamId: "T0OTHER" });
    });
    await runner.idle();
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatchObject({ kind: "notify_assignee", payload: { taskId: "T1", userId: "U2" }, teamId: "T0OTHER", attempts: 1 });
    expect(await store.effectByKey("outbox:a")).toMatchObject({ status: "done" });
  });

  it("runs nothing for a change that rolled back, and carries no team when none was named", async () => {
    ran.length = 0;
    await expect(
      store.transact(new Date(), async (tx) => {
        await audit(tx, "b");
        await tx.enqueue({ kind: "refresh_home", payload: { userId: "U3" }, dedupeKey: "outbox:b" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await runner.idle();
    expect(ran).toHaveLength(0);
    expect(await store.effectByKey("outbox:b")).toBeNull();

    await store.transact(new Date(), async (tx) => {
      await audit(tx, "c");
      await tx.enqueue({ kind: "refresh_home", payload: { userId: "U3" }, dedupeKey: "outbox:c" });
    });
    await runner.idle();
    expect(ran.map((e) => [e.kind, e.teamId])).toEqual([["refresh_home", null]]);
  });

  it("is woken by a follow-up queued outside a change", async () => {
    ran.length = 0;
    await store.enqueueEffect({ kind: "post_task", payload: { taskId: "T9" }, dedupeKey: "outbox:d" }, new Date());
    await runner.idle();
    expect(ran.map((e) => e.payload)).toEqual([{ taskId: "T9" }]);
  });
});

// Compile-time checks (`npm run typecheck`): these lines must stay errors.
export function handlerTypesAreChecked(all: EffectHandlers): void {
  // @ts-expect-error a handler map without every kind is refused
  const missing: EffectHandlers = { post_task: all.post_task };
  // @ts-expect-error a handler reading a field its payload does not have is refused
  const misread: EffectHandlers = { ...all, post_task: async (payload) => void payload.incidentId };
  // @ts-expect-error a request with another kind's payload is refused
  const wrong: Parameters<Tx["enqueue"]>[0] = { kind: "post_task", payload: { incidentId: "I1" }, dedupeKey: "k" };
  void missing;
  void misread;
  void wrong;
}

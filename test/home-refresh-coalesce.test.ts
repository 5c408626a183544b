// A burst of changes for one person (clicks on Done, decisions) queues one Home rebuild while one
// is still waiting to run; once it has run, the next change queues a new one (never a stale Home).
import { describe, expect, it } from "vitest";
import { Store } from "../src/store/store";
import { refreshHomes } from "../src/slack/effects/support";
import { storeForSuite, testDatabases } from "./support/databases";
import { testClock, U } from "./support/harness";

describe.each(testDatabases())("refresh_home coalescing on %s", (database) => {
  let store: Store;
  const clock = testClock("2026-12-01T10:00:00+09:00");
  storeForSuite(database, (s) => (store = s));

  const homes = async () => (await store.db.effect.findMany({ where: { kind: "refresh_home" }, select: { payload: true, status: true } })).map((r) => [JSON.parse(r.payload).userId, r.status]);

  it("one pending rebuild per person; a new one once it has run", async () => {
    for (let i = 0; i < 5; i++) await refreshHomes({ store, clock }, [U.ppcLiaison, U.ppcLiaison, U.niscLiaison]);
    expect((await homes()).sort()).toEqual([[U.niscLiaison, "pending"], [U.ppcLiaison, "pending"]]);

    // The rebuilds run; the next change (same millisecond on this test clock) queues a fresh one.
    const claimed = await store.claimEffects(clock.now(), 15_000, 10, { owner: "t" });
    for (const e of claimed) await store.completeEffect(e.id, clock.now(), e.fence);
    await refreshHomes({ store, clock }, [U.ppcLiaison]);
    expect((await homes()).sort()).toEqual([[U.niscLiaison, "done"], [U.ppcLiaison, "done"], [U.ppcLiaison, "pending"]]);
  });
});

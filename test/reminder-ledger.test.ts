// Store.recordReminders: each key recorded once, whichever sweep (or replica) offered it first;
// a key offered twice in one slice is recorded once, for its first reminder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EffectRequest } from "../src/domain/effects";
import { Store } from "../src/store/store";
import { freshDatabase, testDatabases, type FreshDatabase } from "./support/databases";

describe.each(testDatabases())("the reminder ledger on %s", (database) => {
  let db: FreshDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await freshDatabase(database);
    store = await Store.open(db.url);
  });
  afterAll(async () => {
    await store?.close();
    await db?.dispose();
  });

  const now = new Date("2026-12-02T01:00:00Z");
  const record = async (slices: Array<Array<{ key: string; n: number }>>) => {
    const got: number[] = [];
    const asked: boolean[] = [];
    const messages = (last: boolean): EffectRequest[] => {
      asked.push(last);
      return last && got.length > 0 ? [{ kind: "send_reminders", payload: { messages: [] }, dedupeKey: `remind:to:test:${got.join(",")}` }] : [];
    };
    const count = await store.recordReminders(slices, (r) => got.push(r.n), messages, now);
    return { count, got, asked };
  };

  it("records new keys, leaves out those recorded before and the second of a key given twice", async () => {
    const first = await record([[{ key: "k:a", n: 1 }, { key: "k:b", n: 2 }, { key: "k:a", n: 3 }], [{ key: "k:c", n: 4 }]]);
    expect(first).toEqual({ count: 3, got: [1, 2, 4], asked: [false, false, true] });
    const second = await record([[{ key: "k:b", n: 5 }, { key: "k:d", n: 6 }, { key: "k:d", n: 7 }], [], [{ key: "k:a", n: 8 }, { key: "k:e", n: 9 }]]);
    expect(second).toEqual({ count: 2, got: [6, 9], asked: [false, false, true] });
    const again = await record([[{ key: "k:a", n: 10 }, { key: "k:e", n: 11 }]]);
    expect(again.count).toBe(0);
    expect(await store.remindersRecorded(["k:f", "k:e", "k:d", "k:c", "k:b", "k:a", "k:"])).toEqual(["k:e", "k:d", "k:c", "k:b", "k:a"]);
    // One row per key: the key itself on SQLite, its digest on PostgreSQL (and nothing in the other table).
    const [keys, digests] = await Promise.all([store.db.reminderSent.count(), store.db.reminderSentDigest.count()]);
    expect([keys, digests]).toEqual(database === "postgres" ? [0, 5] : [5, 0]);
    expect((await store.db.effect.findMany({ select: { dedupeKey: true }, orderBy: { dedupeKey: "asc" } })).map((e) => e.dedupeKey)).toEqual(["remind:to:test:1,2,4", "remind:to:test:6,9"]);
  });

  it("tells a reminder recorded by another replica's sweep from one never sent, for keys of any characters", async () => {
    const keys = ["remind:position:c1:個人情報保護委員会:2026-12-02", "remind:it's:\\:\"q\"", "remind:task-overdue:t9:2026-12-02"];
    const other = await Store.open(db.url);
    try {
      expect((await other.recordReminders([keys.slice(0, 2).map((key, n) => ({ key, n }))], () => undefined, () => [], now))).toBe(2);
    } finally {
      await other.close();
    }
    expect(await store.remindersRecorded(keys)).toEqual(keys.slice(0, 2));
    expect((await record([keys.map((key, n) => ({ key, n }))])).got).toEqual([2]);
  });

  it.runIf(database === "postgres")("during a rolling upgrade, a replica of the previous version (keys in ReminderSent) and this one send each reminder once", async () => {
    // The previous version's statement, as it recorded a slice: it answers with the keys recorded before.
    const previousVersion = (keys: string[]) =>
      store.sql.all<{ key: string }>(
        'WITH offered AS (SELECT k FROM json_array_elements_text(CAST($1 AS json)) AS k), added AS (INSERT INTO "ReminderSent" ("key") SELECT k FROM offered ORDER BY k ON CONFLICT DO NOTHING RETURNING "key") SELECT k AS "key" FROM offered WHERE k NOT IN (SELECT "key" FROM added)',
        [JSON.stringify(keys)],
      );
    // This version recorded u:1; the previous one then offers u:1 and u:2: u:1 counts as recorded before, u:2 is its to send.
    expect((await record([[{ key: "u:1", n: 1 }]])).got).toEqual([1]);
    expect((await previousVersion(["u:1", "u:2"])).map((r) => r.key)).toEqual(["u:1"]);
    // ...and this version, offered both, sends neither again.
    expect((await record([[{ key: "u:1", n: 2 }, { key: "u:2", n: 3 }, { key: "u:3", n: 4 }]])).got).toEqual([4]);
    expect((await previousVersion(["u:3"])).map((r) => r.key)).toEqual(["u:3"]);
  });
});

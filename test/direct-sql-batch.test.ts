// PostgreSQL, a transaction on the driver (src/store/direct-sql.ts): its first statement goes with
// BEGIN and the statements kept for the commit with COMMIT, each a query of several statements
// whose values are written in as literals. What is stored and read back is what the values were,
// whatever characters they hold, and a batch that failed leaves no connection in an unknown state.
import { describe, expect, it } from "vitest";
import type { Store } from "../src/store/store";
import { storeForSuite, testDatabases } from "./support/databases";

describe.runIf(testDatabases().includes("postgres"))("statements sent with BEGIN and with COMMIT, on postgres", () => {
  let store: Store;
  storeForSuite("postgres", (s) => (store = s));

  const tricky = ["O'Brien said \"hi\"", "back\\slash \\x41 \\\\ E'\\n'", "$1 and $2 stay; -- not a comment /* nor this */", "日本語の本文\nline 2\ttab", "", "''"];
  const insert = `INSERT INTO "Effect" ("id", "dedupeKey", "kind", "payload", "status", "runAfter", "createdAt", "updatedAt", "attempts") VALUES ($1, $2, 'post_task', $3, 'pending', $4, $4, $4, $5) RETURNING "dedupeKey", "payload", "runAfter", "attempts"`;

  it("stores and returns the values as they were, in the first statement and in the commit's", async () => {
    const at = new Date("2026-12-01T12:34:56.789Z");
    let atCommit: Array<Record<string, unknown>> = [];
    const first = await store.sql.transaction(async (conn) => {
      expect(conn.atCommit).toBeTypeOf("function");
      const rows = await conn.all(insert, [`id-first`, `key-first`, tricky.join("|"), at, -3]);
      conn.atCommit!(insert, [`id-commit`, `key-commit`, tricky.join("#"), at, 7], (r) => (atCommit = r));
      // Not sent yet: the commit sends it.
      expect(atCommit).toEqual([]);
      return rows;
    });
    expect(first).toEqual([{ dedupeKey: "key-first", payload: tricky.join("|"), runAfter: at, attempts: -3 }]);
    expect(atCommit).toEqual([{ dedupeKey: "key-commit", payload: tricky.join("#"), runAfter: at, attempts: 7 }]);
    const stored = await store.sql.all<{ payload: string }>(`SELECT "payload" FROM "Effect" WHERE "dedupeKey" IN ('key-first', 'key-commit') ORDER BY "dedupeKey" DESC`);
    expect(stored.map((r) => r.payload)).toEqual([tricky.join("|"), tricky.join("#")]);
  });

  it("rolls back a transaction whose commit batch failed, and the next transactions run the same statements", async () => {
    const at = new Date();
    // The second row's key is taken: the batch fails, nothing of the transaction stays.
    await expect(
      store.sql.transaction(async (conn) => {
        await conn.run(`UPDATE "Effect" SET "attempts" = "attempts" + 1 WHERE "dedupeKey" = $1`, ["key-first"]);
        conn.atCommit!(insert.replace(" RETURNING", " ON CONFLICT DO NOTHING RETURNING"), [`id-x`, `key-x`, "x", at, 0]);
        conn.atCommit!(insert, [`id-y`, `key-commit`, "y", at, 0]);
      }),
    ).rejects.toThrow(/unique|duplicate/i);
    expect(await store.sql.all(`SELECT "attempts" FROM "Effect" WHERE "dedupeKey" IN ('key-first', 'key-x')`)).toEqual([{ attempts: -3 }]);
    // More transactions than the pool has connections, the same statements each time.
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        store.sql.transaction(async (conn) => {
          await conn.run(`UPDATE "Effect" SET "attempts" = "attempts" + 1 WHERE "dedupeKey" = $1`, [`none-${i}`]);
          conn.atCommit!(insert.replace(" RETURNING", " ON CONFLICT DO NOTHING RETURNING"), [`id-z${i}`, `key-z${i}`, "z", at, i]);
        }),
      ),
    );
    expect((await store.sql.all(`SELECT "dedupeKey" FROM "Effect" WHERE "dedupeKey" LIKE 'key-z%'`)).length).toBe(15);
  });
});

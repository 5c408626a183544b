// Issue 14: the reminder sweep reads the open tasks due from an index that holds every column it
// reads, never from the table: at 50,000 incidents the open tasks lie one to a page, and reading
// those pages cost PostgreSQL ~600 ms on a cold cache (~25 ms from the index alone).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../src/store/store";
import { openTasksDueSql } from "../src/store/sweeps";
import { freshDatabase, testDatabases, type FreshDatabase } from "./support/databases";

const INDEX = "Task_status_dueAt_id_ownerParty_assigneeUserId_incidentId_idx";

describe.each(testDatabases())("the reminder sweep's open tasks on %s", (database) => {
  let db: FreshDatabase;
  beforeAll(async () => {
    db = await freshDatabase(database);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  /** The plan of the sweep's statement, the planner kept from reading the whole table. */
  async function plan(exercises: boolean): Promise<string> {
    const sql = openTasksDueSql(database, exercises);
    if (database === "sqlite") {
      const store = await Store.open(db.url);
      try {
        const rows = await store.db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${sql}`, "2026-12-01T00:00:00.000+00:00");
        return rows.map((r) => r.detail).join("\n");
      } finally {
        await store.close();
      }
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // An empty table is cheapest to read whole: the planner is told not to, as it would not at scale.
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      await client.query("SET LOCAL enable_bitmapscan = off");
      const rows = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`, [new Date("2026-12-01T00:00:00Z")]);
      await client.query("ROLLBACK");
      return rows.rows.map((r) => r["QUERY PLAN"]).join("\n");
    } finally {
      await client.end();
    }
  }

  it.each([false, true])("are read from the index alone (exercises present: %s)", async (exercises) => {
    const text = await plan(exercises);
    if (database === "sqlite") expect(text).toContain(`SEARCH Task USING COVERING INDEX ${INDEX}`);
    else expect(text).toMatch(new RegExp(`Index Only Scan using "?${INDEX}"? on "?Task"?`));
  });
});

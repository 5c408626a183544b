// Issue 14: on PostgreSQL the connections a wave of clicks opened are still open for the next
// wave. pg closes a connection idle for 10 s by default, and opening one again (a server process,
// authentication, every statement prepared again) put tens of milliseconds in front of a request.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Store } from "../src/store/store";
import { reminderSnapshot } from "../src/store/sweeps";
import { freshDatabase, testDatabases, type FreshDatabase } from "./support/databases";

const onPostgres = testDatabases().includes("postgres") ? describe : describe.skip;

onPostgres("PostgreSQL connections between two waves of requests", () => {
  let db: FreshDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await freshDatabase("postgres");
  });
  afterAll(async () => {
    vi.useRealTimers();
    await store?.close();
    await db?.dispose();
  });

  /** Connections to the suite's database, as the server counts them (this question's own left out). */
  async function serverConnections(): Promise<number> {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const r = await client.query<{ n: string }>("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
      return Number(r.rows[0]!.n);
    } finally {
      await client.end();
    }
  }

  it("the reminder sweep reads on the one connection it finds open, and opens none", async () => {
    const sweeping = await Store.open(db.url);
    try {
      await sweeping.ping();
      const before = await serverConnections();
      const settings = { taskLeadDays: 1, escalateAfterDays: 2, positionAfterHours: 24, deadlineLeadDays: 1, quietHours: null, businessDaysOnly: false };
      await reminderSnapshot(sweeping, new Date("2026-12-02T01:00:00Z"), settings, "Asia/Tokyo", ["ppc", "nisc"], "ppc");
      // Read in parallel, its seven reads opened six more (a server process each, every statement planned again).
      expect(await serverConnections()).toBe(before);
    } finally {
      await sweeping.close();
    }
  });

  it("stay open a minute after a wave of four at once", async () => {
    // The pool's idle timers are set when a connection is given back: on the test's clock from here.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    store = await Store.open(db.url);
    await Promise.all(Array.from({ length: 4 }, () => store.sql.all("SELECT pg_sleep(0.05)")));
    expect(await serverConnections()).toBeGreaterThanOrEqual(4);
    vi.advanceTimersByTime(60_000);
    vi.useRealTimers();
    await new Promise((r) => setTimeout(r, 300)); // a connection closed would be gone from the server by now
    expect(await serverConnections()).toBeGreaterThanOrEqual(4);
  });
});

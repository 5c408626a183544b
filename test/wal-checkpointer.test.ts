// Issue 14: SQLite's log is copied into the database by a thread of its own under sustained
// writes, not by the commit that happens to take it past 1,000 pages (17–20 ms on the one event
// loop). Quiet again, the thread stops and SQLite's automatic checkpoints come back; a thread that
// fails gives them back for good.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../src/store/store";
import { SQLITE_AUTOCHECKPOINT_PAGES, WalCheckpointer } from "../src/store/wal-checkpointer";
import { freshDatabase, type FreshDatabase } from "./support/databases";

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("SQLite checkpoints off the event loop", () => {
  let db: FreshDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await freshDatabase("sqlite");
    store = await Store.open(db.url);
    await store.useWriteAheadLog();
  });
  afterAll(async () => {
    await store?.close();
    await db?.dispose();
  });

  const autoCheckpoint = async () => Number((await store.db.$queryRawUnsafe<Array<{ wal_autocheckpoint: number | bigint }>>("PRAGMA wal_autocheckpoint"))[0]!.wal_autocheckpoint);
  const change = (i: number) =>
    store.transact(new Date(), async (tx) => {
      await tx.audit({ actorUserId: "U1", actorParty: "ppc", article: null, action: "test.change", entityType: "incident", entityId: `i-${i}`, before: null, after: { i } });
    });
  const filePath = () => db.url.slice("file:".length);

  it("a quiet bot leaves checkpoints to SQLite and runs no thread", async () => {
    await change(0);
    expect(store.checkpointer).not.toBeNull();
    expect(store.checkpointer!.running).toBe(false);
    expect(await autoCheckpoint()).toBe(SQLITE_AUTOCHECKPOINT_PAGES);
  });

  it("under sustained changes a thread checkpoints the whole log and the committing connection does not", async () => {
    for (let i = 1; i <= 30; i++) await change(i);
    expect(store.checkpointer!.running).toBe(true);
    expect(await autoCheckpoint()).toBe(0);
    await until("a checkpoint of the whole log", () => {
      const last = store.checkpointer!.lastCheckpoint;
      return !!last && last.log > 0 && last.checkpointed === last.log;
    });
    // Every change is there, read on renkei's connection after the checkpoints.
    const rows = await store.db.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT COUNT(*) AS n FROM "AuditEntry" WHERE "action" = 'test.change'`);
    expect(Number(rows[0]!.n)).toBe(31);
  });

  it("writes on the driver outside a change (the effect runner's) count as load too", async () => {
    const other = await freshDatabase("sqlite");
    const s = await Store.open(other.url);
    try {
      await s.useWriteAheadLog();
      for (let i = 0; i < 30; i++) await s.sql.run(`DELETE FROM "Effect" WHERE "id" = 'none'`);
      expect(s.checkpointer!.running).toBe(true);
    } finally {
      await s.close();
      await other.dispose();
    }
    expect(s.checkpointer!.running).toBe(false);
  });

  it("stops after a quiet spell, with a last checkpoint, and automatic checkpoints come back", async () => {
    const pages: number[] = [];
    const c = new WalCheckpointer({ filePath: filePath(), setAutoCheckpoint: (p) => pages.push(p), startAfterCommits: 3, idleMs: 300, intervalMs: 50 });
    for (let i = 0; i < 3; i++) c.noteCommit();
    expect(c.running).toBe(true);
    expect(pages).toEqual([0]);
    await until("the thread's first checkpoint", () => c.checkpoints > 0);
    await until("the thread stopped", () => !c.running && pages.length === 2);
    expect(pages).toEqual([0, SQLITE_AUTOCHECKPOINT_PAGES]);
    // Busy again: it starts again.
    for (let i = 0; i < 3; i++) c.noteCommit();
    expect(c.running).toBe(true);
    await c.close();
    expect(c.running).toBe(false);
    expect(pages).toEqual([0, SQLITE_AUTOCHECKPOINT_PAGES, 0, SQLITE_AUTOCHECKPOINT_PAGES]);
  });

  it("a thread that fails gives the checkpoints back to SQLite for good, and says so once", async () => {
    const pages: number[] = [];
    const errors: Error[] = [];
    const c = new WalCheckpointer({ filePath: filePath(), setAutoCheckpoint: (p) => pages.push(p), startAfterCommits: 2, driverPath: "/nonexistent/better-sqlite3", onError: (e) => errors.push(e) });
    c.noteCommit();
    c.noteCommit();
    await until("the failure reported", () => errors.length > 0);
    expect(c.running).toBe(false);
    expect(pages).toEqual([0, SQLITE_AUTOCHECKPOINT_PAGES]);
    for (let i = 0; i < 5; i++) c.noteCommit();
    expect(c.running).toBe(false);
    expect(errors).toHaveLength(1);
    await c.close();
  });
});

// A fresh, migrated database for one test suite, copied from the run's template.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { Store } from "../../src/store/store";
import { pgAdminUrl, pgUrlFor, testDatabases, type TestDatabase } from "./database-names";

export { testDatabases, type TestDatabase };

export type FreshDatabase = { kind: TestDatabase; url: string; dispose(): Promise<void> };

export async function freshDatabase(kind: TestDatabase): Promise<FreshDatabase> {
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-db-"));
    const file = path.join(dir, "renkei.db");
    fs.copyFileSync(inject("sqliteTemplate"), file);
    return { kind, url: `file:${file}`, dispose: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const template = inject("pgTemplate");
  if (!template) throw new Error("PostgreSQL template missing: is postgres in RENKEI_TEST_DATABASES?");
  const name = `renkei_t_${process.ppid}_${randomBytes(4).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return { kind, url: pgUrlFor(name), dispose: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A Store on a fresh database for the enclosing describe block: opened before its tests (handed
 * to `use`), closed and the database dropped after them.
 */
export function storeForSuite(kind: TestDatabase, use: (store: Store) => void, opts: { countQueries?: boolean } = {}): void {
  let db: FreshDatabase | undefined;
  let store: Store | undefined;
  beforeAll(async () => {
    db = await freshDatabase(kind);
    store = await Store.open(db.url, opts);
    use(store);
  });
  afterAll(async () => {
    await store?.close();
    await db?.dispose();
  });
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgAdminUrl() });
  await client.connect();
  try {
    // CREATE DATABASE ... TEMPLATE fails while another session copies the same template: retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (e) {
        if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  } finally {
    await client.end();
  }
}

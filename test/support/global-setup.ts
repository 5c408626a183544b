// Once per test run: migrate a template database per provider as `npm start` does
// (src/store/migrate.ts); each test suite then copies the template (a file copy for SQLite,
// CREATE DATABASE ... TEMPLATE for PostgreSQL), which takes milliseconds.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../src/store/migrate";
import { pgAdminUrl, pgUrlFor, testDatabases } from "./database-names";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    pgTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-test-"));
  const sqliteTemplate = path.join(dir, "template.db");
  await applyMigrations(`file:${sqliteTemplate}`);
  project.provide("sqliteTemplate", sqliteTemplate);

  let pgTemplate: string | null = null;
  if (testDatabases().includes("postgres")) {
    pgTemplate = `renkei_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgAdminUrl() });
    try {
      await admin.connect();
    } catch (e) {
      throw new Error(
        `PostgreSQL is not reachable at ${pgAdminUrl()} (${(e as Error).message}). Start it, set RENKEI_TEST_PG_URL, or run only SQLite with RENKEI_TEST_DATABASES=sqlite.`,
      );
    }
    await admin.query(`DROP DATABASE IF EXISTS ${pgTemplate}`);
    await admin.query(`CREATE DATABASE ${pgTemplate}`);
    await admin.end();
    await applyMigrations(pgUrlFor(pgTemplate));
  }
  project.provide("pgTemplate", pgTemplate);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!pgTemplate) return;
    const admin = new pg.Client({ connectionString: pgAdminUrl() });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`, [`renkei_t_${process.pid}_%`, pgTemplate]);
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await admin.end();
  };
}

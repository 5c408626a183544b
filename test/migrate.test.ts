// renkei applies its migrations itself (src/store/migrate.ts) but keeps Prisma Migrate's ledger:
// what it builds must be what `prisma migrate deploy` builds, and each tool must see the other's
// work as done. The Prisma CLI is run for real here (a few seconds a call).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, prismaConfigFor, shippedMigrations } from "../src/store/migrate";
import { reminderKeyDigest } from "../src/store/reminder-ledger";
import { pgAdminUrl, pgUrlFor, testDatabases, type TestDatabase } from "./support/database-names";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Runs the Prisma CLI as an operator would (`npx prisma migrate … --config …`). */
function prismaCli(args: string[], databaseUrl: string): Promise<{ code: number | null; output: string; stdout: string }> {
  const cli = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
  // The preload lets the CLI exit when done instead of ~10 s later on PostgreSQL (see the file).
  const argv = ["--require", path.join(ROOT, "prisma", "unref-engine-timers.cjs"), cli, ...args, "--config", prismaConfigFor(databaseUrl)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" } });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (d) => ((output += String(d)), (stdout += String(d))));
    child.stderr.on("data", (d) => (output += String(d)));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output, stdout }));
  });
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A new, empty database (no tables at all). */
async function emptyDatabase(kind: TestDatabase, tag: string): Promise<string> {
  if (kind === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-migrate-"));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return `file:${path.join(dir, `${tag}.db`)}`;
  }
  const name = `renkei_t_${process.ppid}_mig_${tag}_${Math.random().toString(16).slice(2, 8)}`;
  await admin(`CREATE DATABASE ${name}`);
  cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return pgUrlFor(name);
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: pgAdminUrl() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function query<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length), { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Runs a script of statements on the database, writing. */
async function execute(url: string, script: string): Promise<void> {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length));
    try {
      db.exec(script);
    } finally {
      db.close();
    }
  } else {
    await query(url, script);
  }
}

/**
 * Tables, columns, indexes and constraints, in a form two databases can be compared by: the
 * application's (`ledger: false`, what schema.prisma describes) or Prisma Migrate's ledger table's.
 */
async function schemaOf(kind: TestDatabase, url: string, { ledger = false } = {}): Promise<unknown> {
  const table = (column: string) => (ledger ? `${column} = '_prisma_migrations'` : `${column} <> '_prisma_migrations'`);
  if (kind === "sqlite") return query(url, `SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND ${table("tbl_name")} ORDER BY type, name`);
  return {
    columns: await query(url, `SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND ${table("table_name")} ORDER BY 1, 2`),
    indexes: await query(url, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND ${table("tablename")} ORDER BY 1`),
    constraints: await query(url, `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND ${table("conrelid::regclass::text")} ORDER BY 1`),
  };
}

const ledgerOf = (url: string) =>
  query<{ migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown; logs: unknown; applied_steps_count: number }>(
    url,
    `SELECT migration_name, checksum, finished_at, rolled_back_at, logs, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
  );

describe.each(testDatabases())("migrations on %s", (kind) => {
  const shipped = () => shippedMigrations(kind === "sqlite" ? "file:x.db" : pgAdminUrl());

  it("builds what `prisma migrate deploy` builds, and each sees the other's work as done", async () => {
    const ours = await emptyDatabase(kind, "ours");
    const theirs = await emptyDatabase(kind, "theirs");
    expect(await applyMigrations(ours)).toEqual({ applied: shipped().map((m) => m.name) });
    const deploy = await prismaCli(["migrate", "deploy"], theirs);
    expect(deploy.code, deploy.output).toBe(0);

    expect(await schemaOf(kind, ours)).toEqual(await schemaOf(kind, theirs));
    expect(await schemaOf(kind, ours, { ledger: true })).toEqual(await schemaOf(kind, theirs, { ledger: true }));
    const strip = (rows: Awaited<ReturnType<typeof ledgerOf>>) => rows.map(({ finished_at, ...r }) => ({ ...r, finished: finished_at != null }));
    expect(strip(await ledgerOf(ours))).toEqual(strip(await ledgerOf(theirs)));
    expect((await ledgerOf(ours)).map((r) => r.checksum)).toEqual(shipped().map((m) => m.checksum));

    // Prisma finds nothing to do on our database; we find nothing to do on Prisma's.
    const status = await prismaCli(["migrate", "status"], ours);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date");
    expect(await applyMigrations(theirs)).toEqual({ applied: [] });
    expect(await applyMigrations(ours)).toEqual({ applied: [] });
    expect(await ledgerOf(ours)).toHaveLength(shipped().length);
  }, 120_000);

  it("the shipped migrations build what schema.prisma describes (a schema change without its migration fails here)", async () => {
    const migrated = await emptyDatabase(kind, "migrated");
    await applyMigrations(migrated);
    // What Prisma would create from nothing for today's schema, applied to another empty database.
    const schema = path.join(ROOT, "prisma", kind, "schema.prisma");
    const diff = await prismaCli(["migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"], kind === "sqlite" ? "file:./data/diff-only.db" : pgAdminUrl());
    expect(diff.code, diff.output).toBe(0);
    const script = diff.stdout.replace(/^-- CreateSchema\n[^\n]*\n/m, "");
    const fromSchema = await emptyDatabase(kind, "fromschema");
    await execute(fromSchema, script);
    expect(await schemaOf(kind, migrated)).toEqual(await schemaOf(kind, fromSchema));
  }, 120_000);

  it("applies nothing when a migration fails, and says which one", async () => {
    const url = await emptyDatabase(kind, "broken");
    const broken = { name: "29991231000000_broken", sql: 'CREATE TABLE "Broken" ("id" TEXT NOT NULL);\nCREATE TABLE "Broken" ("id" TEXT NOT NULL);\n', checksum: "0".repeat(64) };
    await expect(applyMigrations(url, [...shipped(), broken])).rejects.toThrow(/migration 29991231000000_broken failed; the database was left as it was/);
    const tables = kind === "sqlite" ? await query(url, `SELECT name FROM sqlite_master WHERE type = 'table'`) : await query(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(tables).toEqual([]);
    // The shipped ones alone then apply as usual.
    expect(await applyMigrations(url)).toEqual({ applied: shipped().map((m) => m.name) });
  });

  it("an upgrade records the reminders queued one by one before as sent, so none goes out twice that day", async () => {
    const url = await emptyDatabase(kind, "ledger");
    const before = shipped().filter((m) => m.name < "20261202000000_reminder_ledger");
    await applyMigrations(url, before);
    const effect = (id: string, kind: string, key: string) =>
      `INSERT INTO "Effect" ("id", "dedupeKey", "kind", "payload", "status", "runAfter", "createdAt", "updatedAt") VALUES ('${id}', '${key}', '${kind}', '{}', 'done', '2026-12-01 00:00:00', '2026-12-01 00:00:00', '2026-12-01 00:00:00');`;
    await execute(url, [effect("e1", "send_reminder", "remind:task-overdue:t1:2026-12-01"), effect("e2", "send_digest", "digest:U1:2026-12-01")].join("\n"));
    const upTo = shipped().filter((m) => m.name <= "20261202000000_reminder_ledger");
    expect((await applyMigrations(url, upTo)).applied).toContain("20261202000000_reminder_ledger");
    expect(await query(url, `SELECT "key" FROM "ReminderSent"`)).toEqual([{ key: "remind:task-overdue:t1:2026-12-01" }]);
  });

  it("an upgrade to the digest ledger keeps every reminder recorded before as sent, by the digest the sweep computes", async () => {
    const url = await emptyDatabase(kind, "digest");
    await applyMigrations(url, shipped().filter((m) => m.name < "20261205000000_reminder_ledger_digest"));
    const keys = ["remind:task-overdue:t1:2026-12-01", "remind:report-overdue-escalation:cm9x:preliminary:2026-11-20T09:00:00.000Z", "remind:position:c1:個人情報保護委員会:2026-12-01"];
    await execute(url, keys.map((k) => `INSERT INTO "ReminderSent" ("key") VALUES ('${k}');`).join("\n"));
    expect((await applyMigrations(url)).applied).toContain("20261205000000_reminder_ledger_digest");
    const digests = await query<{ digest: string }>(url, `SELECT CAST("digest" AS TEXT) AS "digest" FROM "ReminderSentDigest" ORDER BY "digest"`);
    const keysLeft = await query<{ key: string }>(url, `SELECT "key" FROM "ReminderSent" ORDER BY "key"`);
    if (kind === "postgres") {
      // PostgreSQL records digests now: the keys are carried over as the digests the sweep computes.
      expect(digests.map((d) => d.digest).sort()).toEqual(keys.map(reminderKeyDigest).sort());
      expect(keysLeft).toEqual([]);
    } else {
      // SQLite keeps the keys themselves.
      expect(digests).toEqual([]);
      expect(keysLeft.map((k) => k.key)).toEqual([...keys].sort());
    }
  });

  it("refuses to go on from a migration Prisma recorded as failed, and names the way out", async () => {
    const url = await emptyDatabase(kind, "failed");
    await applyMigrations(url);
    const later = { name: "29991231000000_later", sql: 'CREATE TABLE "Later" ("id" TEXT NOT NULL);\n', checksum: "1".repeat(64) };
    const insert = `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "applied_steps_count") VALUES ('f0f0f0f0-0000-4000-8000-000000000000', '${"2".repeat(64)}', '29991230000000_half', 0)`;
    await execute(url, insert);
    await expect(applyMigrations(url, [...shipped(), later])).rejects.toThrow(/migration 29991230000000_half is recorded as failed.*prisma migrate resolve --rolled-back 29991230000000_half/);
    expect((await ledgerOf(url)).map((r) => r.migration_name)).not.toContain(later.name);
  });

  if (kind === "postgres") {
    it("two replicas starting at once on a new database: one applies, the other finds it done", async () => {
      const url = await emptyDatabase(kind, "race");
      const outcomes = await Promise.all([applyMigrations(url), applyMigrations(url), applyMigrations(url)]);
      expect(outcomes.map((o) => o.applied.length).sort()).toEqual([0, 0, shipped().length]);
      expect(await ledgerOf(url)).toHaveLength(shipped().length);
    });
  }
});

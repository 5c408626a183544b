// Applies the shipped migrations (prisma/<provider>/migrations/*/migration.sql) in this process,
// keeping Prisma Migrate's own ledger, `_prisma_migrations`, exactly as `prisma migrate deploy`
// keeps it: same table, same checksum (SHA-256 of the file), same PostgreSQL advisory lock. Either
// tool can take over from the other, and `prisma migrate status` agrees with what is applied
// (test/migrate.test.ts checks all three against the real CLI).
//
// Why not run `prisma migrate deploy` itself: it is a process of its own that loads the whole CLI
// and its WebAssembly schema engine, 2–2.5 s even with nothing to apply (3.5 s on PostgreSQL),
// which alone broke the start-up target on a new database (issue 14). Here a migration costs what
// its SQL costs, and the pending ones run in one transaction with their ledger rows, so a failed
// migration leaves nothing half-applied (Prisma records it as failed and stops; we roll back and stop).
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDatabaseUrl, type DatabaseTarget } from "../config/database-url";

/** The project's directory (prisma/, node_modules/): up from this module, in src/ or in a build. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "prisma", "sqlite", "migrations"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error("renkei's prisma/ folder was not found above " + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

const ROOT = projectRoot();

/** The Prisma config file of this database's provider (for the Prisma CLI: generate, diff, status). */
export function prismaConfigFor(databaseUrl: string | undefined): string {
  return parseDatabaseUrl(databaseUrl).provider === "sqlite" ? "prisma.config.ts" : "prisma.postgres.config.ts";
}

export type ShippedMigration = { name: string; sql: string; checksum: string };

/** The migrations shipped for this database's provider, oldest first (folder names sort by date). */
export function shippedMigrations(databaseUrl: string): ShippedMigration[] {
  const dir = path.join(ROOT, "prisma", parseDatabaseUrl(databaseUrl).provider, "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d+_/.test(e.name))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    });
}

/** Prisma Migrate's key for its advisory lock: it and we never migrate one database at once. */
const PRISMA_MIGRATE_LOCK = 72707369;

// `_prisma_migrations` as Prisma Migrate creates it (same columns, types and defaults).
const LEDGER = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgres: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`,
} as const;

type LedgerRow = { migration_name: string; finished_at: unknown; rolled_back_at: unknown };

/** One database, as the migrator needs it: plain SQL in one transaction at a time. */
type Connection = {
  /** Runs `work` in a transaction that excludes every other migrator of this database. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Runs a script of several statements (a migration file). */
  script(sql: string): Promise<void>;
  /** `$1`, `$2`… parameters on both databases. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A ledger time as Prisma Migrate writes it on this database. */
  timestamp(at: Date): unknown;
  close(): Promise<void>;
};

export type MigrationOutcome = { applied: string[] };

/**
 * Applies the shipped migrations the database lacks, oldest first, in one transaction with their
 * ledger rows: all of them or, when one fails, none (the error names it). Stops before applying
 * anything when Prisma recorded a migration as failed earlier, with the way out.
 */
export async function applyMigrations(databaseUrl: string, shipped: ShippedMigration[] = shippedMigrations(databaseUrl)): Promise<MigrationOutcome> {
  const target = parseDatabaseUrl(databaseUrl);
  const db = await connect(target);
  try {
    return await db.exclusive(async () => {
      await db.script(LEDGER[target.provider]);
      const rows = await db.query<LedgerRow>(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`);
      const failed = rows.find((r) => r.finished_at == null && r.rolled_back_at == null);
      if (failed) {
        throw new Error(
          `migration ${failed.migration_name} is recorded as failed in _prisma_migrations; repair the database, then mark it with ` +
            `\`npx prisma migrate resolve --rolled-back ${failed.migration_name} --config ${prismaConfigFor(databaseUrl)}\` (or --applied) and start again`,
        );
      }
      const done = new Set(rows.filter((r) => r.finished_at != null && r.rolled_back_at == null).map((r) => r.migration_name));
      const applied: string[] = [];
      for (const m of shipped) {
        if (done.has(m.name)) continue;
        const startedAt = db.timestamp(new Date());
        try {
          await db.script(m.sql);
        } catch (e) {
          throw new Error(`migration ${m.name} failed; the database was left as it was (no migration of this run is applied): ${(e as Error).message}`);
        }
        await db.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count") VALUES ($1, $2, $3, $4, NULL, NULL, $5, 1)`,
          [randomUUID(), m.checksum, db.timestamp(new Date()), m.name, startedAt],
        );
        applied.push(m.name);
      }
      return { applied };
    });
  } finally {
    await db.close();
  }
}

async function connect(target: DatabaseTarget): Promise<Connection> {
  if (target.provider === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const file = target.filePath === ":memory:" ? target.filePath : path.resolve(target.filePath);
    if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file, { timeout: 30_000 });
    return {
      async exclusive(work) {
        // IMMEDIATE: the write lock from the start, so two processes never read the same ledger and
        // both apply; the other waits (busy timeout) and then finds the migration done. (Within one
        // process, call it once at a time: better-sqlite3 waits synchronously.)
        db.exec("BEGIN IMMEDIATE");
        try {
          const out = await work();
          db.exec("COMMIT");
          return out;
        } catch (e) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw e;
        }
      },
      async script(sql) {
        db.exec(sql);
      },
      async query<T>(sql: string, params: unknown[] = []) {
        // The parameters come in order: `$n` becomes SQLite's positional `?`.
        const st = db.prepare(sql.replace(/\$\d+/g, "?"));
        return (st.reader ? st.all(...params) : (st.run(...params), [])) as T[];
      },
      // Prisma Migrate's text form in SQLite: 2026-12-01T19:50:15.343+00:00
      timestamp: (at) => at.toISOString().replace("Z", "+00:00"),
      async close() {
        db.close();
      },
    };
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  return {
    async exclusive(work) {
      await client.query("BEGIN");
      try {
        // Held to the end of the transaction: the same lock Prisma Migrate takes.
        await client.query(`SELECT pg_advisory_xact_lock(${PRISMA_MIGRATE_LOCK})`);
        if (target.schema) {
          // ?schema=… as Prisma reads it: the migrations and their ledger live in that schema.
          const schema = `"${target.schema.replace(/"/g, '""')}"`;
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
          await client.query(`SET LOCAL search_path TO ${schema}`);
        }
        const out = await work();
        await client.query("COMMIT");
        return out;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      }
    },
    async script(sql) {
      await client.query(sql); // no parameters: the simple protocol, which runs several statements
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    timestamp: (at) => at,
    async close() {
      await client.end();
    },
  };
}

/**
 * Applies migrations only when some are missing; `applied` lists the migrations the store found
 * finished in the database (null when the ledger does not exist yet), so a restart with an
 * up-to-date database opens no second connection.
 */
export async function migrateIfNeeded(databaseUrl: string, applied: () => Promise<string[] | null>): Promise<"applied" | "up_to_date"> {
  const done = new Set((await applied()) ?? []);
  if (shippedMigrations(databaseUrl).every((m) => done.has(m.name))) return "up_to_date";
  await applyMigrations(databaseUrl);
  return "applied";
}

// A second, plain connection for bulk writes whose parameters are large (the reminder sweep's
// effects, megabytes of JSON per statement). Through Prisma each megabyte of parameters costs
// ~25 ms in its query compiler before the database sees it (most of the sweep's time); the
// driver itself takes them as they are. Opened on first use, closed with the Store.
import type { DatabaseTarget } from "../config/database-url";

export type BulkWriter = {
  /** Runs one statement (SQLite `?` / PostgreSQL `$n` parameters); returns the rows changed. Dates are written as Prisma writes them. */
  run(sql: string, args: unknown[]): Promise<number>;
  close(): Promise<void>;
};

/** Null for an in-memory SQLite database (a second connection would see another database). */
export async function openBulkWriter(target: DatabaseTarget): Promise<BulkWriter | null> {
  if (target.provider === "sqlite") {
    if (target.filePath === ":memory:" || target.filePath === "") return null;
    const { default: Database } = await import("better-sqlite3");
    // busy timeout as the Prisma adapter's: a writer on the other connection holds the lock for a moment.
    const db = new Database(target.filePath, { timeout: 5000 });
    // Prisma's SQLite adapter writes DateTime as ISO 8601 text with an explicit +00:00.
    const arg = (v: unknown) => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : v);
    return {
      run: async (sql, args) => db.prepare(sql).run(...args.map(arg)).changes,
      close: async () => {
        db.close();
      },
    };
  }
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: target.url, max: 1, ...(target.schema ? { options: `-c search_path="${target.schema.replace(/"/g, '""')}"` } : {}) });
  pool.on("error", () => undefined); // an idle connection dropped by the server: the next query opens another
  // timestamp(3) columns hold UTC wall-clock time, as Prisma writes them: never the process's zone.
  const arg = (v: unknown) => (v instanceof Date ? v.toISOString().replace("Z", "") : v);
  return {
    run: async (sql, args) => (await pool.query(sql, args.map(arg))).rowCount ?? 0,
    close: () => pool.end(),
  };
}

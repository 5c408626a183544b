// Opens a Prisma client for DATABASE_URL with the matching driver adapter. Both generated
// clients come from schemas with identical models (see scripts/sync-postgres-schema.ts), so the
// SQLite client's type describes both. Only the provider in use is loaded (its client, adapter
// and driver): dynamic imports, separate chunks in the build.
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { parseDatabaseUrl, sqliteFileUrl, type DatabaseTarget } from "../config/database-url";
import { pgDirect, sqliteDirect, type DirectSql } from "./direct-sql";

export type Db = SqliteClient;
export type DbTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * PostgreSQL connections of one process: up to 10 at a time, each kept 10 minutes after its last
 * use (pg closes an idle connection after 10 s by default). Clicks come in waves during an
 * incident; a connection closed between two waves is opened again in the next one — a new server
 * process, authentication and every statement prepared again, tens of milliseconds in front of
 * the request that waits for it (the open loop's single slow requests on PostgreSQL).
 */
export const PG_POOL = { max: 10, idleTimeoutMillis: 10 * 60_000 } as const;

/** Prisma's query events: one per SQL statement sent (only when asked for: they cost a little each). */
const QUERY_EVENTS = { log: [{ emit: "event", level: "query" }] } as const;

/**
 * The Prisma client, and raw SQL on the same connection without the client (./direct-sql): the
 * adapter the client connects is kept (its factory is subclassed to see it), and the client is
 * connected at once so it is there.
 */
export async function openPrisma(databaseUrl: string | undefined, opts: { onQuery?: (sql: string) => void } = {}): Promise<{ db: Db; target: DatabaseTarget; sql: DirectSql }> {
  const target = parseDatabaseUrl(databaseUrl);
  // Typed as the options without events: the client's type stays the plain one.
  const log = (opts.onQuery ? { log: [...QUERY_EVENTS.log] } : {}) as object;
  const counted = <T extends object>(db: T): T => {
    const onQuery = opts.onQuery;
    if (onQuery) (db as unknown as { $on(event: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => onQuery(e.query));
    return db;
  };
  if (target.provider === "sqlite") {
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([import("../generated/sqlite/client"), import("@prisma/adapter-better-sqlite3")]);
    // busy timeout: a CLI job and the bot may touch the same file for a moment.
    const { Factory, connected } = capturingConnection<Parameters<typeof sqliteDirect>[0], typeof PrismaBetterSQLite3>(PrismaBetterSQLite3);
    const adapter = new Factory({ url: sqliteFileUrl(target.url), timeout: 5000 });
    const db = counted(new PrismaClient({ adapter, ...log }));
    await db.$connect();
    return { db, target, sql: sqliteDirect(connected("SQLite"), opts.onQuery) };
  }
  const [{ PrismaClient }, { PrismaPg }, { default: pg }] = await Promise.all([import("../generated/postgres/client"), import("@prisma/adapter-pg"), import("pg")]);
  const { Factory, connected } = capturingConnection<Parameters<typeof pgDirect>[0], typeof PrismaPg>(PrismaPg);
  const adapter = new Factory({ connectionString: target.url, ...PG_POOL }, target.schema ? { schema: target.schema } : undefined);
  const db = counted(new PrismaClient({ adapter, ...log })) as unknown as Db;
  await db.$connect();
  return { db, target, sql: pgDirect(connected("PostgreSQL"), pg.types, opts.onQuery) };
}

/**
 * A driver adapter factory that keeps the adapter Prisma connects (its connection or pool), on
 * which the direct statements run (./direct-sql). `connected` throws when Prisma has not connected it.
 */
// A mixin: its base takes any constructor arguments (TypeScript requires `any[]` there).
function capturingConnection<Conn, Base extends new (...args: any[]) => { connect(): Promise<unknown> }>(base: Base): { Factory: Base; connected: (driver: string) => Conn } {
  let conn: Conn | undefined;
  const Factory = class extends base {
    override async connect() {
      const adapter = await super.connect();
      conn = adapter as Conn;
      return adapter;
    }
  };
  return {
    Factory,
    connected: (driver) => {
      if (!conn) throw new Error(`the ${driver} driver adapter did not connect`);
      return conn;
    },
  };
}

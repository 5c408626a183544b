// Opens a Prisma client for DATABASE_URL with the matching driver adapter. Both generated
// clients come from schemas with identical models (see scripts/sync-postgres-schema.ts), so the
// SQLite client's type describes both. Only the provider in use is loaded (its client, adapter
// and driver): dynamic imports, separate chunks in the build.
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client";
import { parseDatabaseUrl, sqliteFileUrl, type DatabaseTarget } from "../config/database-url";

export type Db = SqliteClient;
export type DbTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export async function openPrisma(databaseUrl: string | undefined): Promise<{ db: Db; target: DatabaseTarget }> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.provider === "sqlite") {
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([import("../generated/sqlite/client"), import("@prisma/adapter-better-sqlite3")]);
    // busy timeout: a CLI job and the bot may touch the same file for a moment.
    const adapter = new PrismaBetterSQLite3({ url: sqliteFileUrl(target.url), timeout: 5000 });
    return { db: new PrismaClient({ adapter }), target };
  }
  const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import("../generated/postgres/client"), import("@prisma/adapter-pg")]);
  const adapter = new PrismaPg({ connectionString: target.url, max: 10 }, target.schema ? { schema: target.schema } : undefined);
  return { db: new PrismaClient({ adapter }) as unknown as Db, target };
}

// Which database DATABASE_URL names. SQLite ("file:...") is the embedded default; PostgreSQL
// ("postgres://" or "postgresql://") is the path for several bot replicas sharing one database.
import fs from "node:fs";
import path from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/renkei.db";

export type DatabaseTarget =
  | { provider: "sqlite"; url: string; filePath: string }
  | { provider: "postgres"; url: string; schema: string | undefined };

export function parseDatabaseUrl(raw: string | undefined): DatabaseTarget {
  const url = raw && raw.trim() !== "" ? raw.trim() : DEFAULT_DATABASE_URL;
  if (url.startsWith("file:")) {
    const filePath = url.slice("file:".length).split("?")[0] ?? "";
    if (filePath === "") throw new Error(`DATABASE_URL "${url}" names no file; use e.g. ${DEFAULT_DATABASE_URL}`);
    return { provider: "sqlite", url, filePath };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const schema = new URL(url).searchParams.get("schema") ?? undefined;
    return { provider: "postgres", url, schema };
  }
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgres://" (PostgreSQL); got "${url.split(":")[0]}:..."`,
  );
}

/** The SQLite URL with its directory created, for the driver adapter and the Prisma CLI. */
export function sqliteFileUrl(raw: string | undefined): string {
  const target = parseDatabaseUrl(raw);
  if (target.provider !== "sqlite") throw new Error("this Prisma config is for SQLite; use prisma.postgres.config.ts");
  if (target.filePath !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(target.filePath)), { recursive: true });
  return target.url;
}

// Prisma CLI configuration for the embedded SQLite database (the default).
// engine "js" + a driver adapter keeps `migrate` and `generate` offline: no engine binaries are
// downloaded (see README, "Why Prisma 6 with the JS engine"). Prisma's config skips .env loading,
// so DATABASE_URL is read here directly. Self-contained (no import from src/): the container image
// runs migrations with prisma/, this file and node_modules only.
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

/** The SQLite URL with its directory created (the same default as src/config/database-url.ts). */
function sqliteFileUrl(raw: string | undefined): string {
  const url = raw?.trim() || "file:./data/renkei.db";
  if (!url.startsWith("file:")) throw new Error("this Prisma config is for SQLite; use prisma.postgres.config.ts");
  const file = url.slice("file:".length).split("?")[0] ?? "";
  if (file !== "" && file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  return url;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "sqlite", "schema.prisma"),
  migrations: { path: path.join("prisma", "sqlite", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: sqliteFileUrl(process.env.DATABASE_URL) });
  },
});

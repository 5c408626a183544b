// Prisma CLI configuration for the embedded SQLite database (the default).
// engine "js" + a driver adapter keeps `migrate` and `generate` offline: no engine binaries are
// downloaded (see README, "Why Prisma 6 with the JS engine"). Prisma's config skips .env loading,
// so DATABASE_URL is read here directly.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { sqliteFileUrl } from "./src/config/database-url";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "sqlite", "schema.prisma"),
  migrations: { path: path.join("prisma", "sqlite", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url: sqliteFileUrl(process.env.DATABASE_URL) });
  },
});

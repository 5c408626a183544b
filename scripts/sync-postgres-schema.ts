// Writes prisma/postgres/schema.prisma from prisma/sqlite/schema.prisma (the source of truth):
// Prisma cannot switch provider by environment, so each database has its own schema file and
// migrations folder with identical models. `--check` exits 1 when the copy is stale.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sqlitePath = path.join(root, "prisma", "sqlite", "schema.prisma");
const postgresPath = path.join(root, "prisma", "postgres", "schema.prisma");

export function postgresSchemaFrom(sqliteSchema: string): string {
  return sqliteSchema
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output     = "../../src/generated/sqlite"', 'output     = "../../src/generated/postgres"')
    .replace(/^\/\/ renkei data model\..*?\n\n/s, "// GENERATED from prisma/sqlite/schema.prisma by `npm run db:sync-schemas`. Do not edit.\n\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = postgresSchemaFrom(fs.readFileSync(sqlitePath, "utf8"));
  const current = fs.existsSync(postgresPath) ? fs.readFileSync(postgresPath, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (wanted !== current) {
      console.error("prisma/postgres/schema.prisma is stale: run `npm run db:sync-schemas`");
      process.exit(1);
    }
  } else if (wanted !== current) {
    fs.writeFileSync(postgresPath, wanted);
    console.log("wrote prisma/postgres/schema.prisma");
  }
}

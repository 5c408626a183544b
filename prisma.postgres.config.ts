// Prisma CLI configuration for PostgreSQL (DATABASE_URL=postgres://...): same models as SQLite,
// its own schema file and migrations folder. Use with `--config prisma.postgres.config.ts`.
import path from "node:path";
import { createRequire } from "node:module";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Workaround for prisma/orm#27403: @prisma/adapter-pg cannot deserialize the catalog types
// `name` (OID 19) and `char` (OID 18) that `migrate deploy` reads, failing with "Column type
// 'name' could not be deserialized from the database". Report them as text (OID 25). This patch
// lives in the CLI process only; remove it when the upstream issue is fixed.
const require = createRequire(import.meta.url);
const Result = require("pg/lib/result.js") as {
  prototype: { addFields(fields: Array<{ dataTypeID: number }>): void };
};
const addFields = Result.prototype.addFields;
Result.prototype.addFields = function patchedAddFields(fields) {
  for (const field of fields) if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
  return addFields.call(this, fields);
};

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "postgres", "schema.prisma"),
  migrations: { path: path.join("prisma", "postgres", "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL ?? "";
    const schema = url.startsWith("postgres") ? (new URL(url).searchParams.get("schema") ?? undefined) : undefined;
    // allowExitOnIdle: the CLI exits as soon as it is done instead of waiting ~10 s for the
    // pool's idle connection to time out (measured by `npm run bench`, start-up section).
    return new PrismaPg({ connectionString: url, allowExitOnIdle: true, idleTimeoutMillis: 500 }, schema ? { schema } : undefined);
  },
});

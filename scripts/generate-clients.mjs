// Generates both Prisma clients (SQLite and PostgreSQL) into src/generated/. Run by postinstall,
// so plain JavaScript: an install without dev dependencies has no TypeScript runner.
// The schemas read DATABASE_URL only to know the provider's URL shape; nothing is connected.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prisma = path.join(root, "node_modules", "prisma", "build", "index.js");
const run = (config, url) =>
  execFileSync(process.execPath, [prisma, "generate", "--config", config], { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" } });

run("prisma.config.ts", "file:./data/generate-only.db");
run("prisma.postgres.config.ts", "postgres://localhost:5432/generate-only");
console.log("generated Prisma clients for SQLite and PostgreSQL in src/generated/");

// Applies pending migrations with Prisma's own `migrate deploy` (JS schema engine: offline).
// SQLite and PostgreSQL each have their migrations folder and Prisma config file.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDatabaseUrl } from "../config/database-url";

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

export function prismaConfigFor(databaseUrl: string | undefined): string {
  return parseDatabaseUrl(databaseUrl).provider === "sqlite" ? "prisma.config.ts" : "prisma.postgres.config.ts";
}

export async function migrateDeploy(databaseUrl: string): Promise<void> {
  const cli = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
  // The preload lets the CLI exit when done instead of ~10 s later on PostgreSQL (see the file).
  const args = ["--require", path.join(ROOT, "prisma", "unref-engine-timers.cjs"), cli, "migrate", "deploy", "--config", prismaConfigFor(databaseUrl)];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => output.push(String(d)));
    child.stderr.on("data", (d) => output.push(String(d)));
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit ${code}):\n${output.join("").trim()}`);
}

/** The migrations shipped for this database's provider, by folder name. */
export function shippedMigrations(databaseUrl: string): string[] {
  const dir = path.join(ROOT, "prisma", parseDatabaseUrl(databaseUrl).provider, "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d+_/.test(e.name))
    .map((e) => e.name)
    .sort();
}

/**
 * Applies migrations only when some are missing. `prisma migrate deploy` is a separate process
 * that takes over a second even with nothing to do, so a restart with an up-to-date database
 * skips it. `applied` lists the
 * migrations recorded as finished in the database (null when the table does not exist yet).
 */
export async function migrateIfNeeded(databaseUrl: string, applied: () => Promise<string[] | null>, beforeDeploy: () => Promise<void> = async () => {}): Promise<"applied" | "up_to_date"> {
  const done = new Set((await applied()) ?? []);
  if (shippedMigrations(databaseUrl).every((m) => done.has(m))) return "up_to_date";
  await beforeDeploy();
  await migrateDeploy(databaseUrl);
  return "applied";
}

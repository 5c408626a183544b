// Applies pending migrations with Prisma's own `migrate deploy` (JS schema engine: offline).
// SQLite and PostgreSQL each have their migrations folder and Prisma config file.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDatabaseUrl } from "./database-url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

export function prismaConfigFor(databaseUrl: string | undefined): string {
  return parseDatabaseUrl(databaseUrl).provider === "sqlite" ? "prisma.config.ts" : "prisma.postgres.config.ts";
}

export async function migrateDeploy(databaseUrl: string): Promise<void> {
  const bin = path.join(ROOT, "node_modules", ".bin", "prisma");
  const args = ["migrate", "deploy", "--config", prismaConfigFor(databaseUrl)];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(bin, args, { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d) => output.push(String(d)));
    child.stderr.on("data", (d) => output.push(String(d)));
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit ${code}):\n${output.join("").trim()}`);
}

// Sandbox mode: the real renkei bot on a fresh embedded SQLite database, against the project's
// Slack emulator in the same process, with the web console in front. Nothing reaches Slack.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../config/config-error";
import { ZLogFormat, ZLogLevel, ZPort } from "../config/env";
import { startEmulatedStack, type EmulatedStack } from "../dev/emulated-stack";
import { silentLogger, type Logger } from "../logger";
import { applyMigrations } from "../store/migrate";
import { sandboxCast } from "./cast";
import { projectRoot } from "./project-root";
import { startConsoleServer, type ConsoleServer } from "./console-server";

const ZSandboxEnv = z.object({
  PORT: ZPort,
  /** Where the console listens: 127.0.0.1 unless told otherwise (e.g. 0.0.0.0 in a container). */
  RENKEI_CONSOLE_HOST: z.string().min(1).default("127.0.0.1"),
  RENKEI_CONFIG: z.string().min(1).default("./renkei.yml"),
  LOG_LEVEL: ZLogLevel,
  LOG_FORMAT: ZLogFormat,
});
export type SandboxEnv = z.infer<typeof ZSandboxEnv>;

export function parseSandboxEnv(source: Record<string, string | undefined>): SandboxEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const result = ZSandboxEnv.safeParse(cleaned);
  if (!result.success) throw ConfigError.fromZod("the environment", result.error);
  return result.data;
}

export type Sandbox = {
  console: ConsoleServer;
  stack: EmulatedStack;
  databaseUrl: string;
  castSource: "renkei.yml" | "built-in";
  stop(): Promise<void>;
};

export async function startSandbox(opts: {
  port: number;
  host: string;
  configPath: string;
  log?: Logger;
  /** Run the reminder and digest schedules (default true: the real bot). */
  schedules?: boolean;
  /** An empty, migrated database to use instead of a fresh temporary SQLite file (tests). */
  databaseUrl?: string;
}): Promise<Sandbox> {
  const { config, people, source } = sandboxCast(opts.configPath);
  // The exercises "Start exercise" offers: the project's own folder unless told otherwise.
  process.env.RENKEI_EXERCISES_DIR ||= path.join(projectRoot(), "exercises");
  // A fresh database each run: the emulated workspace lives in memory, so incidents kept from an
  // earlier run would point at channels that no longer exist.
  const dir = opts.databaseUrl ? null : fs.mkdtempSync(path.join(os.tmpdir(), "renkei-sandbox-"));
  const databaseUrl = opts.databaseUrl ?? `file:${path.join(dir!, "sandbox.db")}`;
  if (dir) await applyMigrations(databaseUrl);
  const teams = Object.values(config.partyTeams).filter((t): t is string => !!t);
  const stack = await startEmulatedStack({
    databaseUrl, config, users: people, log: opts.log ?? silentLogger, schedules: opts.schedules ?? true,
    signingSecret: randomBytes(16).toString("hex"),
    // The outbox polls on its own (exercise injects fall due on a timeline; retries wait for their time).
    effectSweepMs: 2000,
    ...(teams[0] ? { emulatorTeamId: teams[0] } : {}),
  });
  let consoleServer: ConsoleServer;
  try {
    consoleServer = await startConsoleServer({ emu: stack.emu, driver: stack.driver, config, settle: () => stack.settle(), castSource: source }, { port: opts.port, host: opts.host });
  } catch (e) {
    await stack.stop();
    throw e;
  }
  return {
    console: consoleServer,
    stack,
    databaseUrl,
    castSource: source,
    async stop() {
      await consoleServer.stop();
      await stack.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

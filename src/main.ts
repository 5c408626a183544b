// `npm start`: validate configuration, apply migrations, serve Slack. Without any Slack
// credential (outside production), or with `--sandbox`, start the sandbox instead: the real bot
// against the local Slack emulator, with the web console (src/sandbox).
import { parseEnv } from "./config/env";
import { ConfigError } from "./config/config-error";
import { loadRenkeiConfig } from "./config/renkei-config";
import { createLogger } from "./logger";
import { migrateIfNeeded } from "./store/migrate";
import { Store } from "./store/store";
import { composeRenkei } from "./compose";
import { chooseStartMode } from "./sandbox/mode";

/** After a start, the sweeps' catch-up (today's missed digest, reminders) waits this long: people's requests first. */
const CATCH_UP_AFTER_MS = 3_000;

async function main(): Promise<void> {
  const mode = chooseStartMode(process.env, process.argv.slice(2));
  if (mode.kind === "sandbox") return sandbox(mode.reason);
  const env = parseEnv(process.env);
  const config = loadRenkeiConfig(env.RENKEI_CONFIG);
  const log = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT ? { format: env.LOG_FORMAT } : {});
  const store = await Store.open(env.DATABASE_URL);
  const migrations = await migrateIfNeeded(env.DATABASE_URL, () => store.appliedMigrations());
  await store.useWriteAheadLog({ onCheckpointError: (error) => log.warn("SQLite's log is checkpointed on commit again: the checkpoint thread failed", { error }) });
  const renkei = await composeRenkei({ env, config, store, log, catchUpAfterMs: CATCH_UP_AFTER_MS });
  const port = await renkei.start();
  log.info("renkei is running", { mode: env.mode, port, database: store.provider, migrations, profile: config.profile.id });
  const shutdown = async (signal: string) => {
    log.info("stopping", { signal });
    await renkei.stop();
    await store.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

async function sandbox(reason: "asked" | "no_credentials"): Promise<void> {
  // Loaded only here: the emulator, the console and their parts are not the bot's to carry.
  const { parseSandboxEnv, startSandbox } = await import("./sandbox/start");
  const env = parseSandboxEnv(process.env);
  const log = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT ? { format: env.LOG_FORMAT } : {});
  const sb = await startSandbox({ port: env.PORT, host: env.RENKEI_CONSOLE_HOST, configPath: env.RENKEI_CONFIG, log });
  log.info("renkei is running in SANDBOX mode", { reason, console: sb.console.url, cast: sb.castSource, database: sb.databaseUrl });
  process.stderr.write(
    [
      "",
      "  renkei sandbox — the real bot against a local Slack emulator. Nothing reaches Slack.",
      reason === "no_credentials" ? "  (No Slack credentials are set; set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET to serve Slack.)" : "",
      `  Open the console: ${sb.console.url}`,
      "",
      "",
    ].filter((l, i) => l !== "" || i === 0).join("\n") + "\n\n",
  );
  const shutdown = async (signal: string) => {
    log.info("stopping", { signal });
    await sb.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\nrenkei did not start. Fix the fields above and start again.\n`);
  } else {
    process.stderr.write(`renkei failed to start: ${(e as Error)?.stack ?? String(e)}\n`);
  }
  process.exit(1);
});

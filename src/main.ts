// `npm start`: validate configuration, apply migrations, serve Slack.
import { parseEnv } from "./config/env";
import { ConfigError } from "./config/config-error";
import { loadRenkeiConfig } from "./config/renkei-config";
import { createLogger } from "./logger";
import { migrateIfNeeded } from "./store/migrate";
import { Store } from "./store/store";
import { createRenkeiApp } from "./slack/app";

async function main(): Promise<void> {
  const env = parseEnv(process.env);
  const config = loadRenkeiConfig(env.RENKEI_CONFIG);
  const log = createLogger(env.LOG_LEVEL);
  const store = await Store.open(env.DATABASE_URL);
  const migrations = await migrateIfNeeded(env.DATABASE_URL, () => store.appliedMigrations());
  const renkei = await createRenkeiApp({ env, config, store, log });
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

main().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\nrenkei did not start. Fix the fields above and start again.\n`);
  } else {
    process.stderr.write(`renkei failed to start: ${(e as Error)?.stack ?? String(e)}\n`);
  }
  process.exit(1);
});

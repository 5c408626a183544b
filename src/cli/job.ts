// `npm run job -- <reminders|digest|archive|effects> [--force]`: runs one sweep now, delivers what it
// queued, and exits — for operators who drive schedules from outside (cron, Kubernetes).
import { systemClock } from "../app/context";
import { parseEnv } from "../config/env";
import { ConfigError } from "../config/config-error";
import { loadRenkeiConfig } from "../config/renkei-config";
import { runDigestSweep } from "../app/sweeps";
import { jobNamed } from "../jobs/schedules";
import { boltLogger, createLogger } from "../logger";
import { buildEffectRunner } from "../slack/effects";
import { effectWebClient } from "../slack/effects/client";
import { Store } from "../store/store";
import { runCli } from "./cli";

async function main(): Promise<number> {
  const [name, ...flags] = process.argv.slice(2);
  if (!name || !["reminders", "digest", "archive", "effects"].includes(name)) {
    console.error("usage: npm run job -- reminders | digest [--force] | archive | effects");
    return 2;
  }
  const env = parseEnv(process.env);
  const config = loadRenkeiConfig(env.RENKEI_CONFIG);
  const log = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT ? { format: env.LOG_FORMAT } : {});
  if (env.slackAuth === "oauth") {
    throw new ConfigError("the environment", [{ field: "SLACK_CLIENT_ID", problem: "jobs run by hand need SLACK_BOT_TOKEN; with OAuth installs the server runs the schedules itself (leave npm start running)" }]);
  }
  const store = await Store.open(env.DATABASE_URL);
  try {
    const client = effectWebClient(env.SLACK_BOT_TOKEN!, { ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}), logger: boltLogger(log, env.LOG_LEVEL) });
    const auth = await client.auth.test();
    const ctx = { store, config, clock: systemClock };
    const effects = buildEffectRunner({ ...ctx, log, client, botTeamId: auth.team_id ?? "" });
    let queued = 0;
    if (name === "digest" && flags.includes("--force")) queued = (await runDigestSweep(ctx, { force: true })).queued;
    else if (name !== "effects") {
      const result = await jobNamed(ctx, name)!.run(ctx);
      queued = result.queued;
      if (result.skipped) console.log(`${name}: nothing queued (${result.skipped.replace(/_/g, " ")})`);
    }
    let delivered = 0;
    for (let n = await effects.runDue(); n > 0; n = await effects.runDue()) delivered += n;
    console.log(`${name}: ${queued} queued, ${delivered} effects run`);
    return 0;
  } finally {
    await store.close();
  }
}

runCli("job", main);

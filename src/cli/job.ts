// `npm run job -- <reminders|digest|archive|retention|invitations|effects> [--force]`: runs one sweep now, delivers what it
// queued, and exits — for operators who drive schedules from outside (cron, Kubernetes). Works with
// one bot token and with OAuth installs (each effect through its organisation's installation).
import { systemClock } from "../app/context";
import { parseEnv } from "../config/env";
import { loadRenkeiConfig } from "../config/renkei-config";
import { createLogger } from "../logger";
import { Store } from "../store/store";
import { runCli } from "./cli";
import { JOB_NAMES, runJob, type JobName } from "./job-run";

async function main(): Promise<number> {
  const [name, ...flags] = process.argv.slice(2);
  if (!name || !(JOB_NAMES as readonly string[]).includes(name)) {
    console.error("usage: npm run job -- reminders | digest [--force] | archive | retention | invitations | effects");
    return 2;
  }
  const env = parseEnv(process.env);
  const config = loadRenkeiConfig(env.RENKEI_CONFIG);
  const log = createLogger(env.LOG_LEVEL, undefined, env.LOG_FORMAT ? { format: env.LOG_FORMAT } : {});
  const store = await Store.open(env.DATABASE_URL);
  try {
    const r = await runJob({ env, config, store, clock: systemClock, log, name: name as JobName, force: flags.includes("--force") });
    for (const w of r.warnings) console.error(`warning: ${w}`);
    if (r.skipped) console.log(`${name}: nothing queued (${r.skipped.replace(/_/g, " ")})`);
    console.log(`${name}: ${r.queued} queued in ${r.sweepSeconds.toFixed(2)} s, ${r.delivered} effects run in ${r.deliverySeconds.toFixed(2)} s`);
    return 0;
  } finally {
    await store.close();
  }
}

runCli("job", main);

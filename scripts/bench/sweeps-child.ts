// One measurement of a sweep at scale, in its own process so its peak memory is its own. The
// bench compiles it as `npm run build` compiles the app (scripts/bench/index.ts, buildSweepsChild)
// and runs it with node, as production runs a sweep (no transpiler in its memory):
//   node <bundle>/sweeps-child.js <digest|reminders|reminders-again|reminder-read> <DATABASE_URL>
// Prints one JSON line: wall time, database queries (Prisma query events), what it produced,
// RSS before, and the process's peak RSS (VmHWM).
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import type { AppContext } from "../../src/app/context";
import { runReminderSweep } from "../../src/app/sweeps";
import { buildDigest, DIGEST_HORIZON_DAYS } from "../../src/domain/digest";
import { dueReminders } from "../../src/domain/reminders";
import { personalContext } from "../../src/slack/render-context";
import { digestMessage } from "../../src/slack/views/digest";
import { Store } from "../../src/store/store";
import { digestRows, lastDigestAt, reminderSnapshot } from "../../src/store/sweeps";
import { BENCH_NOW, benchConfig } from "./seed";

export type SweepMeasurement = {
  mode: string;
  ms: number;
  queries: number;
  produced: number;
  rssBeforeMb: number;
  peakRssMb: number;
};

/** The quiet between the first reminder sweep and the one measured in `reminders-again`, ms. */
const AGAIN_IDLE_MS = 20_000;

const status = () => fs.readFileSync("/proc/self/status", "utf8");
const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status())?.[1] ?? NaN);

/** The Store as the app opens it (Store.open), counting every statement: Prisma's, the direct driver's and the bulk connection's. */
async function countingStore(url: string): Promise<{ store: Store; count: () => number }> {
  const store = await Store.open(url, { countQueries: true });
  return { store, count: () => store.queryCount };
}

async function main(): Promise<void> {
  const [mode, url] = process.argv.slice(2);
  if (!mode || !url) throw new Error("usage: sweeps-child.js <digest|reminders|reminders-again|reminder-read> <DATABASE_URL>");
  const config = benchConfig();
  const { store, count } = await countingStore(url);
  await store.useWriteAheadLog(); // SQLite as the bot runs it (src/main.ts): a commit appends to the log
  const ctx: AppContext = { store, config, clock: { now: () => BENCH_NOW } };
  await store.ping(); // a running bot has its connection open already
  const parties = config.profile.parties.map((p) => p.id);
  // The day's later sweeps run in the bot's process after its first one: that one, not measured,
  // then the quiet between two sweeps (15 minutes by default; here AGAIN_IDLE_MS, long enough for
  // V8's memory reducer to return the first sweep's garbage to the system, as it does when the
  // process goes quiet) and the peak RSS reset, so the peak is the later sweep's own.
  if (mode === "reminders-again") {
    await runReminderSweep(ctx);
    await new Promise((r) => setTimeout(r, Number(process.env.RENKEI_BENCH_AGAIN_IDLE_MS ?? AGAIN_IDLE_MS)));
    fs.writeFileSync("/proc/self/clear_refs", "5"); // resets VmHWM to the current RSS (Linux)
  }
  const rssBeforeMb = kb("VmRSS") / 1024;
  const q0 = count();
  const t0 = performance.now();
  let produced = 0;
  switch (mode) {
    case "digest": {
      // What each manager's send_digest effect computes (src/slack/effects/scheduled.ts), minus
      // the Slack calls: since, rows, the digest and its Block Kit message.
      const day = BENCH_NOW.toISOString().slice(0, 10);
      for (const member of config.directory.all()) {
        if (!member.roles.includes("manager")) continue;
        const since = await lastDigestAt(store, member.userId, BENCH_NOW);
        const rows = await digestRows(store, member.party, BENCH_NOW, since, DIGEST_HORIZON_DAYS);
        const digest = buildDigest({ party: member.party, parties, now: BENCH_NOW, since, ...rows });
        const message = digestMessage(personalContext(config, member), digest, day, new Map());
        if (message.blocks.length > 0) produced++;
      }
      break;
    }
    case "reminder-read": {
      // The read half of the reminder sweep: the snapshot and the pure rule.
      const snapshot = await reminderSnapshot(store, BENCH_NOW, config.reminders, config.timezone, parties);
      produced = dueReminders(BENCH_NOW, snapshot, config.reminders, config.directory, config.timezone).length;
      break;
    }
    case "reminders":
    case "reminders-again": {
      const result = await runReminderSweep(ctx);
      if (result.skipped) throw new Error(`the reminder sweep was skipped (${result.skipped}): BENCH_NOW must be a business-day hour`);
      produced = result.queued;
      break;
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
  const ms = performance.now() - t0;
  const queries = count() - q0;
  await store.close();
  const out: SweepMeasurement = { mode, ms, queries, produced, rssBeforeMb, peakRssMb: kb("VmHWM") / 1024 };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);

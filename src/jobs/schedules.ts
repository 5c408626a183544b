// Schedules are thin wrappers around sweeps: node-cron only triggers them (in the configured time
// zone), and `npm run job -- <name>` runs the same sweep once from the command line.
import cron, { type ScheduledTask } from "node-cron";
import type { AppContext } from "../app/context";
import { runDigestSweep, runReminderSweep, type SweepResult } from "../app/sweeps";
import { runArchiveSweep, runRetentionSweep } from "../app/closing";
import { runShareExpirySweep } from "../app/slack-connect";
import { errorCode, type Logger } from "../logger";
import type { Metrics } from "../metrics/metrics";

export type Job = { name: string; cron: string; run(ctx: AppContext): Promise<SweepResult> };

export function jobs(ctx: AppContext): Job[] {
  const [hh, mm] = ctx.config.digest.time.split(":");
  return [
    { name: "reminders", cron: ctx.config.reminders.cron, run: (c) => runReminderSweep(c) },
    // Every 15 minutes from the digest time on: the sweep queues today's digest once (its key is
    // per day), so a bot that was down at the digest time catches up when it is back.
    { name: "digest", cron: `${Number(mm)}-59/15 ${Number(hh)}-23 * * *`, run: (c) => runDigestSweep(c) },
    // Issue 15: channels of incidents closed incidentChannels.archiveAfterDays ago (and not reopened)
    { name: "archive", cron: "23 * * * *", run: (c) => runArchiveSweep(c) },
    // Issue 15: free text of incidents closed retention.eraseAfterYears ago (nothing without a period)
    { name: "retention", cron: "41 3 * * *", run: (c) => runRetentionSweep(c) },
    // Issue 11: Slack Connect invitations of incident channels no one accepted within Slack's 14 days
    { name: "invitations", cron: "37 * * * *", run: (c) => runShareExpirySweep(c) },
  ];
}

export function jobNamed(ctx: AppContext, name: string): Job | undefined {
  return jobs(ctx).find((j) => j.name === name);
}

/**
 * Starts the in-process schedules; runs each sweep once (catch-up after a restart) now, or
 * `catchUpAfterMs` later: the bot started by a deploy answers Slack (and its health check) first,
 * instead of compiling and running five sweeps while the first requests wait. The returned stop
 * function waits for sweeps still running, so the database is not closed under them; a catch-up
 * not started yet is left to the next start.
 */
export function startSchedules(ctx: AppContext, log: Logger, metrics?: Pick<Metrics, "sweep">, opts: { catchUpAfterMs?: number } = {}): () => Promise<void> {
  const running = new Set<Promise<void>>();
  const run = (job: Job) => {
    const p = sweep(job).finally(() => running.delete(p));
    running.add(p);
    return p;
  };
  const sweep = async (job: Job) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await job.run(ctx);
      metrics?.sweep(job.name, seconds(), true);
      log.debug("sweep ran", { job: job.name, seconds: Math.round(seconds() * 1000) / 1000, ...result });
    } catch (e) {
      metrics?.sweep(job.name, seconds(), false);
      log.error("sweep failed", { job: job.name, error: errorCode(e) });
    }
  };
  const tasks: ScheduledTask[] = jobs(ctx).map((job) => cron.schedule(job.cron, () => run(job), { timezone: ctx.config.timezone, noOverlap: true }));
  const catchUp = () => {
    for (const job of jobs(ctx)) void run(job);
  };
  const catchUpTimer = opts.catchUpAfterMs ? setTimeout(catchUp, opts.catchUpAfterMs) : null;
  if (!catchUpTimer) catchUp();
  return async () => {
    if (catchUpTimer) clearTimeout(catchUpTimer);
    for (const t of tasks) await t.destroy();
    await Promise.all([...running]);
  };
}

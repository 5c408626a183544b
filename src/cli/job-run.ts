// One sweep run now (`npm run job`), then everything it queued delivered — with one bot token
// (SLACK_BOT_TOKEN), or with one installation per organisation (OAuth): each effect then goes out
// through the installation it must act through, exactly as in the server.
import { performance } from "node:perf_hooks";
import type { Clock } from "../app/context";
import { runDigestSweep } from "../app/sweeps";
import type { Env } from "../config/env";
import { ConfigError } from "../config/config-error";
import type { RenkeiConfig } from "../config/renkei-config";
import { jobNamed } from "../jobs/schedules";
import { boltLogger, type Logger } from "../logger";
import { buildEffectRunner } from "../slack/effects";
import { effectWebClient } from "../slack/effects/client";
import { describeCoverage, InstallationRegistry, routedDelivery } from "../slack/installations";
import { slackConnection } from "../slack/transport";
import type { Store } from "../store/store";
import { TokenCipher } from "../store/token-cipher";

const round3 = (s: number) => Math.round(s * 1000) / 1000;

export const JOB_NAMES = ["reminders", "digest", "archive", "retention", "invitations", "effects"] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** What a job did, and how long its sweep and the delivery of what it queued took (seconds). */
export type JobOutcome = { queued: number; delivered: number; skipped?: string; warnings: string[]; sweepSeconds: number; deliverySeconds: number };

export async function runJob(opts: { env: Env; config: RenkeiConfig; store: Store; clock: Clock; log: Logger; name: JobName; force?: boolean }): Promise<JobOutcome> {
  const { env, config, store, clock, log, name } = opts;
  const ctx = { store, config, clock };
  const clientOptions = { ...slackConnection(env).clientOptions, logger: boltLogger(log, env.LOG_LEVEL) };
  const warnings: string[] = [];
  let delivery: Pick<Parameters<typeof buildEffectRunner>[0], "client" | "botTeamId" | "slackConnect">;
  if (env.slackAuth === "oauth") {
    const installations = new InstallationRegistry(ctx, TokenCipher.fromKeyText(env.RENKEI_TOKEN_KEY!), log);
    await installations.load();
    const coverage = installations.coverage();
    if (!coverage.some((c) => c.status === "installed")) {
      throw new ConfigError("the installations", coverage.map((c) => ({ field: `parties.${c.party}`, problem: describeCoverage(c) })));
    }
    for (const c of coverage) if (c.status !== "installed") warnings.push(`party ${c.party}: ${describeCoverage(c)}`);
    delivery = routedDelivery(installations, ctx, clientOptions);
  } else {
    const client = effectWebClient(env.SLACK_BOT_TOKEN!, clientOptions);
    const auth = await client.auth.test();
    delivery = { client, botTeamId: auth.team_id ?? "" };
  }
  const effects = buildEffectRunner({ ...ctx, log, ...delivery });
  let queued = 0;
  let skipped: string | undefined;
  const started = performance.now();
  if (name === "digest" && opts.force) queued = (await runDigestSweep(ctx, { force: true })).queued;
  else if (name !== "effects") {
    const result = await jobNamed(ctx, name)!.run(ctx);
    queued = result.queued;
    skipped = result.skipped;
  }
  const sweepSeconds = (performance.now() - started) / 1000;
  let delivered = 0;
  for (let n = await effects.runDue(); n > 0; n = await effects.runDue()) delivered += n;
  const deliverySeconds = (performance.now() - started) / 1000 - sweepSeconds;
  // As the in-process schedules log theirs: how long the sweep and its deliveries took.
  log.info("job ran", { job: name, queued, delivered, sweepSeconds: round3(sweepSeconds), deliverySeconds: round3(deliverySeconds), ...(skipped ? { skipped } : {}) });
  return { queued, delivered, ...(skipped ? { skipped } : {}), warnings, sweepSeconds, deliverySeconds };
}

// The composition root: the Slack surface (Bolt app, listeners, the effect runner with its Slack
// handlers) and the in-process schedules, started and stopped together. `main.ts`, the sandbox and
// the emulated stack of tests and the demo all start renkei through here.
import { systemClock } from "./app/context";
import { startSchedules } from "./jobs/schedules";
import { silentLogger } from "./logger";
import { createRenkeiApp, type RenkeiApp, type RenkeiAppOptions } from "./slack/app";

export type ComposeOptions = RenkeiAppOptions & {
  /** Run the reminder and digest schedules in this process (default true; tests drive sweeps by hand). */
  schedules?: boolean;
  /** Run the schedules' catch-up this long after start (default at once; see startSchedules). */
  catchUpAfterMs?: number;
};

export async function composeRenkei(opts: ComposeOptions): Promise<RenkeiApp> {
  const { schedules, catchUpAfterMs, ...appOptions } = opts;
  const renkei = await createRenkeiApp(appOptions);
  const ctx = { store: opts.store, config: opts.config, clock: opts.clock ?? systemClock };
  const log = opts.log ?? silentLogger;
  let stopSchedules: (() => Promise<void>) | null = null;
  return {
    ...renkei,
    async start() {
      const port = await renkei.start();
      if (schedules !== false) stopSchedules = startSchedules(ctx, log, renkei.metrics, catchUpAfterMs ? { catchUpAfterMs } : {});
      return port;
    },
    async stop() {
      await stopSchedules?.();
      stopSchedules = null;
      await renkei.stop();
    },
  };
}

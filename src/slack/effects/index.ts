// The effect runner with every Slack handler, for the bot and for one-shot jobs alike. Each
// feature file handles its own kinds; `handlers` must name every kind of src/domain/effects.ts,
// so a kind without a handler fails the type check here.
import type { WebClient } from "@slack/web-api";
import type { AppContext } from "../../app/context";
import { EffectRunner, type EffectHandlers, type EffectRunnerOptions, type FailureHooks } from "../../effects/runner";
import type { Logger } from "../../logger";
import { describeError } from "../errors";
import { activityEffectHandlers } from "./activities";
import { EffectWebClient } from "./client";
import type { SlackEffectDeps } from "./support";
import { consultationEffects } from "./consultation";
import { exportEffectHandlers } from "./export";
import { incidentEffects } from "./incident";
import { releaseEffectHandlers } from "./release";
import { reportEffectHandlers } from "./report";
import { scheduledEffectHandlers } from "./scheduled";
import { sharingScopeEffectHandlers } from "./sharing-scope";
import { RoutedEffectWebClient } from "./routing";
import { slackConnectEffectHandlers } from "./slack-connect";
import { installationEffectHandlers } from "./installations";
import { taskEffects } from "./tasks";
import { exerciseEffectHandlers } from "./exercise";
import { closingEffects } from "./closing";
import { caseFileEffects } from "./casefile";

/** `client` should be an effectWebClient (./client): no retries of its own, calls fenced on the lease. */
export function buildEffectRunner(ctx: AppContext & { log: Logger; client: WebClient; botTeamId: string; slackConnect?: SlackEffectDeps["slackConnect"] }, opts: EffectRunnerOptions = {}): EffectRunner {
  const { log, ...deps } = ctx;
  const incident = incidentEffects(deps);
  const activities = activityEffectHandlers(deps);
  const exports = exportEffectHandlers(deps);
  const release = releaseEffectHandlers(deps);
  const reports = reportEffectHandlers(deps);
  // Exercise effects wake the runner for injects queued later on the timeline (it exists once built below).
  let runner: EffectRunner | null = null;
  const exercises = exerciseEffectHandlers({ ...deps, effects: { wakeFor: (times: readonly Date[]) => runner?.wakeFor(times) } });
  const handlers: EffectHandlers = {
    ...incident.handlers,
    ...taskEffects(deps).handlers,
    ...consultationEffects(deps).handlers,
    ...scheduledEffectHandlers(deps),
    ...sharingScopeEffectHandlers(deps),
    ...activities.handlers,
    ...exports.handlers,
    ...release.handlers,
    ...slackConnectEffectHandlers(deps),
    ...installationEffectHandlers(deps),
    ...exercises.handlers,
    ...closingEffects(deps).handlers,
    ...caseFileEffects(deps).handlers,
    ...reports.handlers,
  };
  // One installation per organisation: each effect's calls go through the workspace it names (see ./routing).
  const routed = ctx.client instanceof RoutedEffectWebClient ? ctx.client : null;
  if (routed) {
    for (const kind of Object.keys(handlers) as Array<keyof EffectHandlers>) {
      const handler = handlers[kind] as (payload: unknown, effect: { teamId: string | null }) => Promise<void>;
      (handlers as Record<string, unknown>)[kind] = (payload: unknown, effect: { teamId: string | null }) => routed.runAs(effect.teamId, () => handler(payload, effect));
    }
  }
  const onFailure: FailureHooks = { ...incident.onFailure, ...activities.onFailure, ...exports.onFailure, ...release.onFailure, ...exercises.onFailure, ...reports.onFailure };
  const effects = new EffectRunner(ctx.store, ctx.clock, handlers, onFailure, log, { describeError, ...opts });
  if (ctx.client instanceof EffectWebClient) ctx.client.fenceWith(effects);
  runner = effects;
  return effects;
}

// The effect runner with every Slack handler, for the bot and for one-shot jobs alike.
import type { WebClient } from "@slack/web-api";
import type { AppContext } from "../../app/context";
import { EffectRunner, type EffectRunnerOptions } from "../../effects/runner";
import type { Logger } from "../../logger";
import { EffectWebClient } from "./client";
import { slackEffectHandlers } from "./handlers";
import { scheduledEffectHandlers } from "./scheduled";
import { sharingScopeEffectHandlers } from "./sharing-scope";
import { activityEffectHandlers } from "./activities";
import { exportEffectHandlers } from "./export";
import { releaseEffectHandlers } from "./release";
import { exerciseEffectHandlers } from "./exercise";

/** `client` should be an effectWebClient (./client): no retries of its own, calls fenced on the lease. */
export function buildEffectRunner(ctx: AppContext & { log: Logger; client: WebClient; botTeamId: string }, opts: EffectRunnerOptions = {}): EffectRunner {
  const effects = new EffectRunner(ctx.store, ctx.clock, {}, {}, ctx.log, opts);
  if (ctx.client instanceof EffectWebClient) ctx.client.fenceWith(effects);
  const deps = { ...ctx, effects };
  const { handlers, onFailure } = slackEffectHandlers(deps);
  const activities = activityEffectHandlers(deps);
  const exports = exportEffectHandlers(deps);
  const release = releaseEffectHandlers(deps);
  const exercises = exerciseEffectHandlers(deps);
  effects.register(
    { ...handlers, ...scheduledEffectHandlers(deps), ...sharingScopeEffectHandlers(deps), ...activities.handlers, ...exports.handlers, ...release.handlers, ...exercises.handlers },
    { ...onFailure, ...activities.onFailure, ...exports.onFailure, ...release.onFailure, ...exercises.onFailure },
  );
  return effects;
}

// Builds the Bolt app: receiver (HTTP with /healthz, or Socket Mode), membership middleware,
// listeners, and the effect runner that carries out Slack side effects after each commit.
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Receiver } from "@slack/bolt";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebClient } from "@slack/web-api";
import type { Server } from "node:http";
import type { Env } from "../config/env";
import type { RenkeiConfig } from "../config/renkei-config";
import { systemClock, type Clock } from "../app/context";
import type { EffectRunner } from "../effects/runner";
import { buildEffectRunner } from "./effects";
import { startSchedules } from "../jobs/schedules";
import { boltLogger, type Logger, silentLogger } from "../logger";
import type { Store } from "../store/store";
import { registerListeners } from "./listeners";
import type { SlackDeps } from "./listener-context";

export type RenkeiAppOptions = {
  env: Env;
  config: RenkeiConfig;
  store: Store;
  clock?: Clock;
  log?: Logger;
  /** How often failed side effects are retried in the background; 0 turns the timer off. */
  effectSweepMs?: number;
  /** Run the reminder and digest schedules in this process (default true; tests drive sweeps by hand). */
  schedules?: boolean;
};

export type RenkeiApp = {
  app: App;
  effects: EffectRunner;
  /** Starts serving; returns the HTTP port (HTTP mode) or null (Socket Mode). */
  start(): Promise<number | null>;
  stop(): Promise<void>;
};

export async function createRenkeiApp(opts: RenkeiAppOptions): Promise<RenkeiApp> {
  const { env, config, store } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;

  const healthz = {
    path: "/healthz",
    method: ["GET"],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      store
        .ping()
        .then(() => reply(res, 200, { ok: true, database: store.provider }))
        .catch((e: unknown) => reply(res, 503, { ok: false, database: store.provider, error: String((e as Error)?.message ?? e) }));
    },
  };
  const receiver: Receiver =
    env.mode === "socket"
      ? new SocketModeReceiver({ appToken: env.SLACK_APP_TOKEN!, customRoutes: [healthz], installerOptions: { port: env.PORT } })
      : new HTTPReceiver({ signingSecret: env.SLACK_SIGNING_SECRET!, customRoutes: [healthz], unhandledRequestTimeoutMillis: 3001 });

  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    receiver,
    logger: boltLogger(log, env.LOG_LEVEL),
    logLevel: LogLevel.ERROR,
    clientOptions: {
      ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
      // Listeners must answer within Slack's 3 s; slow retries belong to the effect runner.
      retryConfig: { retries: 1, minTimeout: 100, maxTimeout: 500 },
      rejectRateLimitedCalls: true,
    },
  });

  // Who is acting: resolved once per request from the configured parties.
  app.use(async ({ body, context, next }) => {
    const userId = userIdOf(body);
    if (userId) context.member = config.directory.member(userId);
    await next();
  });

  const auth = await app.client.auth.test();
  // Effects retry through the outbox (backoff, Retry-After, the delivery check of post-once), never
  // inside the Web API client, whose blind retry of a post whose answer was lost would post twice.
  const effectClient = new WebClient(env.SLACK_BOT_TOKEN, {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: boltLogger(log, env.LOG_LEVEL),
  });
  const effects = buildEffectRunner({ store, config, clock, log, client: effectClient, botTeamId: auth.team_id ?? "" });
  const deps: SlackDeps = { store, config, clock, effects, log };
  registerListeners(app, deps);
  let stopSchedules: (() => Promise<void>) | null = null;
  app.error(async (error) => {
    log.error("unhandled listener error", { error: String(error?.message ?? error) });
  });

  return {
    app,
    effects,
    async start() {
      const server = (await app.start(env.PORT)) as unknown;
      // Woken by every commit that queues an effect; the sweep catches effects due later.
      effects.start(opts.effectSweepMs ?? 30_000);
      if (opts.schedules !== false) stopSchedules = startSchedules(deps, log);
      const address = env.mode === "http" ? ((server as Server).address() as AddressInfo | null) : null;
      return address?.port ?? null;
    },
    async stop() {
      await stopSchedules?.();
      await effects.stop();
      await app.stop();
    },
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function userIdOf(body: unknown): string | undefined {
  const b = body as { user_id?: string; user?: { id?: string } | string; event?: { user?: string } };
  if (typeof b.user_id === "string") return b.user_id;
  if (b.user && typeof b.user === "object" && typeof b.user.id === "string") return b.user.id;
  if (typeof b.user === "string") return b.user;
  if (b.event && typeof b.event.user === "string") return b.event.user;
  return undefined;
}

// Builds the Bolt app: receiver (HTTP with /healthz, or Socket Mode), membership middleware,
// listeners, and the effect runner that carries out Slack side effects after each commit.
import { App, HTTPReceiver, LogLevel, type Receiver } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Env } from "../config/env";
import type { RenkeiConfig } from "../config/renkei-config";
import { systemClock, type Clock } from "../app/context";
import { DEFAULT_POLL_MS, type EffectRunner, type EffectRunnerOptions } from "../effects/runner";
import { buildEffectRunner } from "./effects";
import { effectWebClient } from "./effects/client";
import { boltLogger, errorCode, type Logger, silentLogger } from "../logger";
import type { Store } from "../store/store";
import { databaseCheck, Health, outboxCheck } from "../health/health";
import { Metrics } from "../metrics/metrics";
import { requestRoute } from "./request-route";
import { observedFetch } from "./listener-calls";
import { slackAuthCheck, transportCheck, workspacesCheck } from "./health";
import { registerListeners } from "./listeners";
import { registerRouted } from "./listener-router";
import type { SlackDeps } from "./listener-context";
import { TokenCipher } from "../store/token-cipher";
import { authorizationUrl, BOT_SCOPES, describeCoverage, InstallationRegistry, routedDelivery, socketModeInstaller } from "./installations";
import { registerSlackConnectListeners } from "./listeners/incident/slack-connect";
import { checkAppToken, httpTransportStatus, serveRoutes, slackConnection, slackStartupError, socketModeReceiver, SocketModeStatus, type TransportStatusProvider } from "./transport";

export type RenkeiAppOptions = {
  env: Env;
  config: RenkeiConfig;
  store: Store;
  clock?: Clock;
  log?: Logger;
  /**
   * How often the effect runner looks for due effects by itself (another replica's, or a lease a
   * dead replica left); 0 turns its timers off, retries at Slack's Retry-After included (tests).
   */
  effectSweepMs?: number;
  /** Lease length and batch size of the effect runner (tests shorten the lease). */
  effectRunner?: EffectRunnerOptions;
  /** Socket Mode's ping timeout, which also spaces its reconnects (default 5000 ms; tests shorten it). */
  socketPingTimeoutMs?: number;
  /** When /healthz calls the outbox lagging (warn) and failing, and how long auth.test is reused. */
  health?: { outboxWarnAfterSeconds?: number; outboxFailAfterSeconds?: number; slackAuthTtlMs?: number };
  /** Where metrics go (default: a registry of this app's own, served on /metrics). */
  metrics?: Metrics;
};

export type RenkeiApp = {
  app: App;
  /** OAuth deployments: the installations per workspace (null with SLACK_BOT_TOKEN). */
  installations: InstallationRegistry | null;
  effects: EffectRunner;
  /** The transport as /healthz reports it (Socket Mode: connected or not, since when, why not). */
  transportStatus: TransportStatusProvider;
  /** The checks behind /healthz and /readyz (database, Slack auth, outbox lag, transport); more can be added. */
  health: Health;
  /** The Prometheus registry behind /metrics (the schedules report their sweeps to it). */
  metrics: Metrics;
  /** Starts serving; returns the HTTP port (in Socket Mode, the port of /healthz). */
  start(): Promise<number | null>;
  stop(): Promise<void>;
};

export async function createRenkeiApp(opts: RenkeiAppOptions): Promise<RenkeiApp> {
  const { env, config, store } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? silentLogger;

  // One Web API base URL and proxy for Bolt's client, the effect runner's and Socket Mode's.
  const connection = slackConnection(env);
  const socketStatus = env.mode === "socket" ? new SocketModeStatus() : null;
  const transportStatus: TransportStatusProvider = socketStatus ? () => socketStatus.status() : httpTransportStatus;
  // OAuth: each organisation installs renkei in its own workspace; tokens in the database, encrypted.
  const installations = env.slackAuth === "oauth" ? new InstallationRegistry({ store, config, clock }, TokenCipher.fromKeyText(env.RENKEI_TOKEN_KEY!), log) : null;
  if (installations) await installations.load();
  const health = new Health([
    databaseCheck(store),
    outboxCheck(store, () => clock.now(), { warnAfterSeconds: opts.health?.outboxWarnAfterSeconds, failAfterSeconds: opts.health?.outboxFailAfterSeconds }),
    transportCheck(transportStatus),
    ...(installations ? [workspacesCheck(installations)] : []),
  ]);
  // The same routes over HTTP (Bolt's receiver) and in Socket Mode (renkei's own small server).
  const metrics = opts.metrics ?? new Metrics();
  outboxAndAuditGauges(metrics, store, clock);
  // Socket Mode with OAuth installs: one app-level connection serves every installation; the
  // install pages are served next to /healthz (an administrator's browser visits them).
  const socketInstaller = socketStatus && installations
    ? socketModeInstaller({
        clientId: env.SLACK_CLIENT_ID!, clientSecret: env.SLACK_CLIENT_SECRET!, stateSecret: env.SLACK_STATE_SECRET!,
        ...(env.SLACK_REDIRECT_URI ? { redirectUri: env.SLACK_REDIRECT_URI } : {}),
        installations, clientOptions: connection.clientOptions, logger: boltLogger(log, env.LOG_LEVEL),
      })
    : null;
  const routes = [...health.routes(), metrics.route(), ...(socketInstaller?.routes ?? [])];
  const receiver: Receiver = socketStatus
    ? socketModeReceiver({
        appToken: env.SLACK_APP_TOKEN!, connection, status: socketStatus, logger: boltLogger(log, env.LOG_LEVEL),
        onReconnectFailure: (reason) => log.error("Socket Mode: Slack refused the reconnection; fix the app-level token and restart", { reason }),
        ...(opts.socketPingTimeoutMs ? { clientPingTimeoutMs: opts.socketPingTimeoutMs } : {}),
      })
    : new HTTPReceiver({
        signingSecret: env.SLACK_SIGNING_SECRET!, customRoutes: routes, unhandledRequestTimeoutMillis: 3001,
        // Bolt's built-in OAuth v2: /slack/install → Slack's consent page → /slack/oauth_redirect.
        ...(installations
          ? {
              clientId: env.SLACK_CLIENT_ID!, clientSecret: env.SLACK_CLIENT_SECRET!, stateSecret: env.SLACK_STATE_SECRET!, scopes: [...BOT_SCOPES],
              installationStore: installations, ...(env.SLACK_REDIRECT_URI ? { redirectUri: env.SLACK_REDIRECT_URI } : {}),
              installerOptions: {
                directInstall: true, installPath: "/slack/install", redirectUriPath: "/slack/oauth_redirect",
                authorizationUrl: authorizationUrl(connection.clientOptions), clientOptions: connection.clientOptions,
              },
            }
          : {}),
      });

  // The Web API options of Bolt's client: listeners must answer within Slack's 3 s; slow retries
  // belong to the effect runner.
  const listenerClientOptions = { ...connection.clientOptions, retryConfig: { retries: 1, minTimeout: 100, maxTimeout: 500 }, rejectRateLimitedCalls: true };
  // Fail fast on tokens Slack refuses, with the field and the fix. Bolt is then given the bot's ids
  // from this answer rather than asking auth.test again in init(): one Slack round trip less at start.
  const auth = installations
    ? null
    : await new WebClient(env.SLACK_BOT_TOKEN, { ...listenerClientOptions, logger: boltLogger(log, env.LOG_LEVEL), logLevel: LogLevel.ERROR }).auth.test().catch((e: unknown) => {
        throw slackStartupError("SLACK_BOT_TOKEN", e, connection, {
          invalid_auth: "was refused by Slack (invalid_auth): it is wrong or was revoked — copy the Bot User OAuth Token again (OAuth & Permissions)",
          account_inactive: "belongs to a deleted app or workspace (account_inactive)",
        });
      });

  const app = new App({
    token: env.SLACK_BOT_TOKEN,
    ...(auth ? { botId: auth.bot_id, botUserId: auth.user_id, tokenVerificationEnabled: false } : {}),
    ...(socketInstaller ? { authorize: socketInstaller.authorize } : {}),
    receiver,
    logger: boltLogger(log, env.LOG_LEVEL),
    logLevel: LogLevel.ERROR,
    // Bolt would check the token in its constructor and leave a refusal unhandled; init() below
    // runs after renkei's own check, which names the field and the fix.
    deferInitialization: true,
    clientOptions: {
      ...listenerClientOptions,
      // The calls listeners make (and respond()'s posts to the response_url), counted by method.
      fetch: observedFetch(connection.clientOptions.fetch, (method, outcome) => metrics.listenerCall(method, outcome)),
    },
  });

  // Every request from Slack, over HTTP or Socket Mode, enters here: counted by route and timed to its ack.
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event) => {
    const { type, route } = requestRoute(event.body);
    const acked = metrics.request(type, route);
    const ack = event.ack;
    return processEvent({ ...event, ack: async (response?: unknown) => {
      acked();
      return ack(response as never);
    } } as typeof event);
  };

  // Who is acting: resolved once per request from the configured parties.
  app.use(async ({ body, context, next }) => {
    const userId = userIdOf(body);
    if (userId) context.member = config.directory.member(userId);
    await next();
  });

  // With one bot token, Slack's acceptance of it (OAuth: the workspaces check above).
  if (auth) health.add(slackAuthCheck(app.client, { initial: { status: "ok", team: auth.team_id ?? "" }, ...(opts.health?.slackAuthTtlMs !== undefined ? { ttlMs: opts.health.slackAuthTtlMs } : {}) }));
  await app.init();
  if (env.mode === "socket") await checkAppToken(env.SLACK_APP_TOKEN!, connection);
  const clientOptions = { ...connection.clientOptions, logger: boltLogger(log, env.LOG_LEVEL) };
  // One installation per organisation: each effect acts through the installation it must (the
  // person's own, the workspace the effect names, the incident channel's host; else the first party's).
  const routed = installations ? routedDelivery(installations, { config, store }, clientOptions) : null;
  const effectsTeam = routed ? routed.botTeamId : (auth?.team_id ?? "");
  const deliveryClient = routed ? routed.client : effectWebClient(env.SLACK_BOT_TOKEN!, clientOptions);
  deliveryClient.observeCalls((method, outcome) => metrics.slackCall(method, outcome));
  const slackConnect = routed?.slackConnect;
  const effects = buildEffectRunner({ store, config, clock, log, client: deliveryClient, botTeamId: effectsTeam, ...(slackConnect ? { slackConnect } : {}) }, {
    ...opts.effectRunner,
    observe: (kind, outcome, seconds) => metrics.effect(kind, outcome, seconds),
  });
  if (installations) {
    // Incident channels shared between the two installations through Slack Connect.
    registerSlackConnectListeners(app, { store, config, clock });
    // Slack ends an installation: kept, marked revoked, reported (Bolt runs these without authorizing).
    app.event("app_uninstalled", async ({ body }) => installations.revoke(body.team_id, "app_uninstalled"));
    app.event("tokens_revoked", async ({ body, event }) => {
      if ((event.tokens.bot ?? []).length > 0) await installations.revoke(body.team_id, "token_revoked");
    });
    for (const c of installations.coverage()) {
      if (c.status !== "installed") log.warn(`party ${c.party}: ${describeCoverage(c)}`, { party: c.party, status: c.status });
    }
  }
  const deps: SlackDeps = { store, config, clock, effects, log };
  // Plain-id buttons and modals found in a map, not by every listener in turn (./listener-router).
  registerRouted(app, (routed) => registerListeners(routed, deps));
  let routesServer: { port: number; close(): Promise<void> } | null = null;
  app.error(async (error) => {
    log.error("unhandled listener error", { error: errorCode(error) });
  });

  return {
    app,
    installations,
    effects,
    transportStatus,
    health,
    metrics,
    async start() {
      // Socket Mode: /healthz is up (and says "connecting") before the WebSocket is.
      if (socketStatus) routesServer = await serveRoutes(routes, env.PORT);
      const server = (await app.start(env.PORT)) as unknown;
      // Woken after every commit that queued an effect; the poll catches effects due later.
      effects.wakeOnCommit();
      if (opts.effectSweepMs !== 0) effects.start(opts.effectSweepMs ?? DEFAULT_POLL_MS);
      else effects.kick();
      const address = env.mode === "http" ? ((server as Server).address() as AddressInfo | null) : null;
      return address?.port ?? routesServer?.port ?? null;
    },
    async stop() {
      health.draining();
      await effects.stop();
      await app.stop();
      await routesServer?.close();
    },
  };
}

function userIdOf(body: unknown): string | undefined {
  const b = body as { user_id?: string; user?: { id?: string } | string; event?: { user?: string } };
  if (typeof b.user_id === "string") return b.user_id;
  if (b.user && typeof b.user === "object" && typeof b.user.id === "string") return b.user.id;
  if (typeof b.user === "string") return b.user;
  if (b.event && typeof b.event.user === "string") return b.event.user;
  return undefined;
}

/**
 * Gauges read from the database when Prometheus scrapes: the outbox by status, effects due now and
 * the oldest one's age (one query pair per scrape, shared), and the audit chain's length.
 */
function outboxAndAuditGauges(metrics: Metrics, store: Store, clock: Clock): void {
  // The gauges of one scrape are read together and share one read of the outbox.
  let inflight: ReturnType<Store["outboxStats"]> | null = null;
  const stats = () =>
    (inflight ??= store.outboxStats(clock.now()).finally(() => {
      inflight = null;
    }));
  metrics.gauge("renkei_outbox_effects", "Effects not done, by status (pending, running, failed: a retry scheduled, gave_up)", async () => {
    const byStatus = (await stats()).byStatus;
    return ["pending", "running", "failed", "gave_up"].map((status) => ({ labels: { status }, value: byStatus[status] ?? 0 }));
  }, ["status"]);
  metrics.gauge("renkei_outbox_due_effects", "Effects due now and not yet delivered (the backlog)", async () => (await stats()).due);
  metrics.gauge("renkei_outbox_oldest_due_age_seconds", "How long the oldest effect due has waited (0: none)", async () => {
    const { oldestDueAt } = await stats();
    return oldestDueAt ? Math.max(0, (clock.now().getTime() - oldestDueAt.getTime()) / 1000) : 0;
  });
  metrics.gauge("renkei_audit_chain_length", "Entries in the hash-chained audit log", async () => (await store.auditHead())?.count ?? 0);
}

// How renkei reaches Slack: the Web API options every client shares (base URL, proxy), the Socket
// Mode receiver built with the same options, a start-up check of the app-level token, and the
// transport status /healthz reports (is the WebSocket connected, since when, and if not, why).
import { SocketModeReceiver, type Receiver } from "@slack/bolt";
import { WebAPIPlatformError, WebClient, type FetchFunction, type WebClientOptions } from "@slack/web-api";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from "undici";
import { ConfigError } from "../config/config-error";
import type { Env, ProxySettings } from "../config/env";

/** What every WebClient of the app (Bolt's, the effect runner's, Socket Mode's) is built with. */
export type SlackConnection = {
  /** slackApiUrl and, behind a proxy, a fetch that goes through it. */
  clientOptions: Pick<WebClientOptions, "slackApiUrl" | "fetch">;
  /** The proxy dispatcher for the Socket Mode WebSocket (undefined: connect directly). */
  dispatcher: Dispatcher | undefined;
  /** Where the Web API is, for messages (never includes proxy credentials). */
  apiUrl: string;
};

export function slackConnection(env: Pick<Env, "SLACK_API_URL" | "proxy">): SlackConnection {
  const dispatcher = env.proxy ? proxyDispatcher(env.proxy) : undefined;
  const fetch = dispatcher
    ? (((url: string | URL, init?: Record<string, unknown>) => undiciFetch(url, { ...(init ?? {}), dispatcher } as Parameters<typeof undiciFetch>[1])) as unknown as FetchFunction)
    : undefined;
  return {
    clientOptions: { ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}), ...(fetch ? { fetch } : {}) },
    dispatcher,
    apiUrl: env.SLACK_API_URL ?? "https://slack.com/api/",
  };
}

/** HTTPS_PROXY / HTTP_PROXY / NO_PROXY (or SLACK_PROXY_URL) for both fetch and the WebSocket; CONNECT tunnels. */
function proxyDispatcher(proxy: ProxySettings): Dispatcher {
  return new EnvHttpProxyAgent({
    ...(proxy.httpProxy ? { httpProxy: proxy.httpProxy } : {}),
    ...(proxy.httpsProxy ? { httpsProxy: proxy.httpsProxy } : {}),
    noProxy: proxy.noProxy,
  });
}

// -------------------------------------------------------------------------------------------------
// Transport status
// -------------------------------------------------------------------------------------------------

/**
 * The transport as /healthz reports it. In Socket Mode `ok` means a WebSocket is connected;
 * `reason` says why not: `connecting`, `reconnecting`, `unreachable` (apps.connections.open could not
 * reach Slack), or the error Slack answered it with (`invalid_auth`, `missing_scope`, ...). No token,
 * URL or error text is ever included.
 */
export type TransportStatus =
  | { transport: "http"; ok: true }
  | { transport: "socket"; ok: boolean; connected: boolean; since: string; reason?: string; reconnects: number };

export type TransportStatusProvider = () => TransportStatus;

export const httpTransportStatus: TransportStatusProvider = () => ({ transport: "http", ok: true });

type SocketClientEvents = { on(event: string, listener: (...args: unknown[]) => void): unknown; websocket?: { isActive(): boolean } };

/**
 * Follows a Socket Mode client's life cycle (its `connecting`, `connected`, `close`, `reconnecting`
 * and `disconnected` events) and the outcome of each apps.connections.open call (seen through
 * `observeFetch`, which wraps the fetch of the client's WebClient).
 */
export class SocketModeStatus {
  private connected = false;
  private since = new Date();
  private phase: "connecting" | "reconnecting" | "disconnected" = "connecting";
  private openError: string | undefined;
  private socketError = false;
  private connects = 0;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.since = this.now();
  }

  /** Subscribes to the client's life-cycle events. */
  follow(client: SocketClientEvents): void {
    client.on("connected", () => {
      this.connects += 1;
      this.openError = undefined;
      this.socketError = false;
      this.set(true);
    });
    // The WebSocket itself could not be opened (a proxy or firewall that lets the Web API through).
    client.on("error", () => {
      if (!this.connected) this.socketError = true;
    });
    // A close can come from a superseded socket after a new one is up (the client checks the same).
    client.on("close", () => {
      if (!client.websocket?.isActive()) this.down("reconnecting");
    });
    client.on("reconnecting", () => this.down("reconnecting"));
    client.on("disconnected", () => this.down("disconnected"));
  }

  /** A fetch for the Socket Mode client's WebClient that records how apps.connections.open went. */
  observeFetch(inner: FetchFunction): FetchFunction {
    return async (url, init) => {
      const isOpen = String(url).endsWith("apps.connections.open");
      let res;
      try {
        res = await inner(url, init);
      } catch (e) {
        if (isOpen) this.openError = "unreachable";
        throw e;
      }
      if (isOpen) {
        const body = (await (res as unknown as Response).clone().json().catch(() => null)) as { ok?: boolean; error?: unknown } | null;
        this.openError = !res.ok ? (res.status === 429 ? "ratelimited" : "unreachable") : body?.ok ? undefined : typeof body?.error === "string" ? safeCode(body.error) : "unreachable";
      }
      return res;
    };
  }

  /** A reconnect refused for good: no further attempt is made. */
  refused(code: string): void {
    this.openError = code;
    this.down("disconnected");
  }

  status(): TransportStatus {
    const since = this.since.toISOString();
    const reconnects = Math.max(0, this.connects - 1);
    if (this.connected) return { transport: "socket", ok: true, connected: true, since, reconnects };
    return { transport: "socket", ok: false, connected: false, since, reason: this.openError ?? (this.socketError ? "unreachable" : this.phase), reconnects };
  }

  private down(phase: "reconnecting" | "disconnected"): void {
    this.phase = phase;
    this.set(false);
  }

  private set(connected: boolean): void {
    if (connected !== this.connected) this.since = this.now();
    this.connected = connected;
  }
}

/** Slack error codes are snake_case words; anything else is not echoed. */
function safeCode(code: string): string {
  return /^[a-z_]{1,64}$/.test(code) ? code : "api_error";
}

// -------------------------------------------------------------------------------------------------
// Socket Mode receiver and start-up check
// -------------------------------------------------------------------------------------------------

/**
 * Bolt's SocketModeReceiver on the app's Web API base URL and proxy. Its WebClient keeps Socket
 * Mode's own long retry policy for apps.connections.open (reconnecting must outlast an outage);
 * everything else (URL, proxy) is the app's.
 */
export function socketModeReceiver(opts: {
  appToken: string;
  connection: SlackConnection;
  status: SocketModeStatus;
  logger?: ConstructorParameters<typeof SocketModeReceiver>[0]["logger"];
  /** Socket Mode's ping timeout; the client also waits this long (times the failures) before reconnecting. */
  clientPingTimeoutMs?: number;
  /** Called when a reconnect is refused for good (the Slack error code). */
  onReconnectFailure?: (code: string) => void;
}): Receiver {
  const { connection, status } = opts;
  const receiver = new SocketModeReceiver({
    appToken: opts.appToken,
    ...(connection.dispatcher ? { dispatcher: connection.dispatcher } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.clientPingTimeoutMs ? { clientPingTimeout: opts.clientPingTimeoutMs } : {}),
    installerOptions: {
      clientOptions: {
        ...connection.clientOptions,
        fetch: status.observeFetch(connection.clientOptions.fetch ?? ((url, init) => globalThis.fetch(url, init as RequestInit) as never)),
      },
    },
  });
  status.follow(receiver.client as unknown as SocketClientEvents);
  keepAliveOnFailedReconnect(receiver.client as unknown as ReconnectingClient, status, opts.onReconnectFailure);
  return receiver;
}

type ReconnectingClient = { start(): Promise<unknown> };

/**
 * Socket Mode's client reconnects by calling its own `start()` from a timer and drops the promise:
 * when Slack refuses the new connection for good (invalid_auth after the token was revoked), that is
 * an unhandled rejection, which ends the process without a word. Instead the refusal is recorded
 * (/healthz: 503, reason invalid_auth), reported, and the process stays up for the operator to see;
 * the first start still fails start-up as before.
 */
function keepAliveOnFailedReconnect(socketClient: ReconnectingClient, status: SocketModeStatus, report?: (code: string) => void): void {
  const client = socketClient;
  const original = client.start;
  const start = () => original.call(client);
  let started = false;
  client.start = async () => {
    if (!started) {
      started = true;
      return start();
    }
    try {
      return await start();
    } catch (e) {
      const code = e instanceof WebAPIPlatformError ? safeCode(String(e.data.error)) : "unreachable";
      status.refused(code);
      report?.(code);
      return undefined;
    }
  };
}

/**
 * Fails start-up with a clear message when the app-level token cannot open a Socket Mode
 * connection: refused (invalid_auth, revoked), not an app-level token, or without connections:write.
 * (Socket Mode's client would otherwise retry a missing scope for ever.)
 */
export async function checkAppToken(appToken: string, connection: SlackConnection): Promise<void> {
  const client = new WebClient(appToken, { ...connection.clientOptions, retryConfig: { retries: 1, minTimeout: 100, maxTimeout: 500 } });
  try {
    await client.apps.connections.open({});
  } catch (e) {
    throw slackStartupError("SLACK_APP_TOKEN", e, connection, {
      invalid_auth: "was refused by Slack (invalid_auth): it is wrong or was revoked — copy it again from Basic Information → App-Level Tokens",
      not_authed: "was refused by Slack (not_authed) — copy it from Basic Information → App-Level Tokens",
      not_allowed_token_type: "is not an app-level token (not_allowed_token_type) — use the xapp-… token from Basic Information → App-Level Tokens",
      missing_scope: "lacks the connections:write scope (missing_scope) — add it to the token under Basic Information → App-Level Tokens",
    });
  }
}

/** The ConfigError start-up prints for a Slack token that does not work (or a Slack it cannot reach). */
export function slackStartupError(field: string, e: unknown, connection: SlackConnection, known: Record<string, string>): ConfigError {
  if (e instanceof WebAPIPlatformError) {
    const code = safeCode(String(e.data.error));
    return new ConfigError("Slack's answer at start-up", [{ field, problem: known[code] ?? `was refused by Slack (${code})` }]);
  }
  const cause = (e as { original?: { cause?: { code?: string }; message?: string } })?.original;
  const why = cause?.cause?.code ?? (e as { statusCode?: number })?.statusCode ?? "network error";
  return new ConfigError("Slack's answer at start-up", [
    {
      field: "SLACK_API_URL",
      problem: `Slack's Web API at ${connection.apiUrl} could not be reached (${String(why)})${connection.dispatcher ? " through the configured proxy" : ""} — check the network, SLACK_API_URL and HTTPS_PROXY / NO_PROXY / SLACK_PROXY_URL`,
    },
  ]);
}

// -------------------------------------------------------------------------------------------------
// HTTP routes in Socket Mode
// -------------------------------------------------------------------------------------------------

export type Route = { path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void };

/**
 * In Socket Mode nothing reaches the app over HTTP except these routes (/healthz ...), served on
 * PORT by a plain server (so that PORT=0 works and the port is known) instead of Bolt's receiver.
 */
export async function serveRoutes(routes: Route[], port: number): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const route = routes.find((r) => r.path === path && r.method.includes((req.method ?? "GET").toUpperCase()));
    if (route) return route.handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

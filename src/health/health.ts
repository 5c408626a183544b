// Health as an operator and a load balancer see it: named checks (database, Slack auth, outbox lag,
// the transport ...), each answering ok / warn / fail with a short code and a few figures — never
// error text, tokens or URLs. /healthz reports every check; /readyz answers only whether this
// replica should be sent traffic (200 or 503, nothing else).
import type { IncomingMessage, ServerResponse } from "node:http";

export type CheckStatus = "ok" | "warn" | "fail";

/** What a check reports: its status, a code when not ok, and figures (numbers, short words, times, a breakdown). */
export type CheckResult = { status: CheckStatus; code?: string } & Record<string, unknown>;

export type HealthCheck = {
  name: string;
  /** Does a failure take this replica out of the load balancer (/readyz)? */
  readiness: boolean;
  run(): Promise<CheckResult>;
  /** How long the check may take before it counts as failed with code `timeout` (default 2000 ms). */
  timeoutMs?: number;
};

export type HealthReport = {
  ok: boolean;
  /** ok: every check ok; degraded: some warn; down: some fail. */
  status: "ok" | "degraded" | "down";
  checks: Record<string, CheckResult>;
};

export type Route = { path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void };

const CODE = /^[a-z0-9_]{1,64}$/;

/** A Slack, Node or database error as a short code; anything else is `unreachable`. */
export function failureCode(error: unknown): string {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  if (typeof e?.data?.error === "string" && CODE.test(e.data.error)) return e.data.error;
  if (e?.code === "slack_webapi_rate_limited_error") return "ratelimited";
  if (e?.code === "ETIMEDOUT" || e?.code === "UND_ERR_CONNECT_TIMEOUT") return "timeout";
  return "unreachable";
}

class CheckTimeout extends Error {}

/** Runs one check within its time, turning a throw into `fail` with a code (never the message). */
export async function runCheck(check: HealthCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeout()), check.timeoutMs ?? 2000);
    timer.unref();
  });
  try {
    const result = await Promise.race([check.run(), timeout]);
    return { ...result, ...(result.code !== undefined && !CODE.test(result.code) ? { code: "error" } : {}) };
  } catch (e) {
    return { status: "fail", code: e instanceof CheckTimeout ? "timeout" : failureCode(e) };
  } finally {
    clearTimeout(timer);
  }
}

export class Health {
  private readonly checks: HealthCheck[] = [];
  private stopping = false;

  constructor(checks: HealthCheck[] = []) {
    for (const c of checks) this.add(c);
  }

  /** Adds a check (a transport, a queue ...); a check of the same name is replaced. */
  add(check: HealthCheck): this {
    const i = this.checks.findIndex((c) => c.name === check.name);
    if (i >= 0) this.checks[i] = check;
    else this.checks.push(check);
    return this;
  }

  /** The process is shutting down: not ready any more (the load balancer stops sending traffic). */
  draining(): void {
    this.stopping = true;
  }

  async report(): Promise<HealthReport> {
    const results = await Promise.all(this.checks.map(async (c) => [c.name, await runCheck(c)] as const));
    const checks = Object.fromEntries(results);
    const statuses = results.map(([, r]) => r.status);
    const status = statuses.includes("fail") ? "down" : statuses.includes("warn") ? "degraded" : "ok";
    return { ok: status !== "down", status, checks };
  }

  /** Ready for traffic: not shutting down and no readiness check failing. */
  async ready(): Promise<boolean> {
    if (this.stopping) return false;
    const results = await Promise.all(this.checks.filter((c) => c.readiness).map(runCheck));
    return results.every((r) => r.status !== "fail");
  }

  /** GET /healthz (the report; 503 when a check fails) and GET /readyz (200 or 503, no detail). */
  routes(): Route[] {
    return [
      {
        path: "/healthz",
        method: ["GET"],
        handler: (_req, res) => {
          void this.report().then(
            (r) => json(res, r.ok ? 200 : 503, r),
            () => json(res, 503, { ok: false, status: "down" }),
          );
        },
      },
      {
        path: "/readyz",
        method: ["GET"],
        handler: (_req, res) => {
          void this.ready().then(
            (ok) => json(res, ok ? 200 : 503, { ready: ok }),
            () => json(res, 503, { ready: false }),
          );
        },
      },
    ];
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

// -------------------------------------------------------------------------------------------------
// Checks that need only a small interface (the store, a clock)
// -------------------------------------------------------------------------------------------------

/** The database answers a trivial query. */
export function databaseCheck(db: { provider: string; ping(): Promise<void> }, now: () => number = Date.now): HealthCheck {
  return {
    name: "database",
    readiness: true,
    async run() {
      const started = now();
      await db.ping();
      return { status: "ok", provider: db.provider, latencyMs: now() - started };
    },
  };
}

export type OutboxStats = { due: number; oldestDueAt: Date | null };

/** How far behind the outbox is: effects due and the age of the oldest one (warn / fail past a threshold). */
export function outboxCheck(
  source: { outboxStats(now: Date): Promise<OutboxStats> },
  now: () => Date,
  thresholds: { warnAfterSeconds?: number; failAfterSeconds?: number } = {},
): HealthCheck {
  const warnAfter = thresholds.warnAfterSeconds ?? 60;
  const failAfter = thresholds.failAfterSeconds ?? 600;
  return {
    name: "outbox",
    readiness: false, // a shared queue: every replica sees the same lag; restarting one would not help
    async run() {
      const at = now();
      const stats = await source.outboxStats(at);
      const age = stats.oldestDueAt ? Math.max(0, (at.getTime() - stats.oldestDueAt.getTime()) / 1000) : 0;
      const oldestDueAgeSeconds = Math.round(age * 10) / 10;
      const status: CheckStatus = age > failAfter ? "fail" : age > warnAfter ? "warn" : "ok";
      return { status, ...(status !== "ok" ? { code: "lagging" } : {}), due: stats.due, oldestDueAgeSeconds };
    },
  };
}

/**
 * A check whose answer is expensive or rate-limited (Slack's auth.test): answered from the last
 * result, refreshed in the background once it is older than `ttlMs` (never once per request).
 */
export function cachedCheck(check: HealthCheck, opts: { ttlMs: number; now?: () => number; initial?: CheckResult }): HealthCheck & { refresh(): Promise<void> } {
  const now = opts.now ?? Date.now;
  let last: { result: CheckResult; at: number } | null = opts.initial ? { result: opts.initial, at: now() } : null;
  let inflight: Promise<void> | null = null;
  const refresh = () =>
    (inflight ??= runCheck(check)
      .then((result) => {
        last = { result, at: now() };
      })
      .finally(() => {
        inflight = null;
      }));
  return {
    name: check.name,
    readiness: check.readiness,
    timeoutMs: (check.timeoutMs ?? 2000) + 100,
    refresh,
    async run() {
      if (!last) await refresh();
      else if (now() - last.at >= opts.ttlMs) void refresh();
      const { result, at } = last!;
      return { ...result, checkedAt: new Date(at).toISOString() };
    },
  };
}

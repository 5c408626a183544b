// Slack's side of /healthz: does Slack still accept the bot token (auth.test, cached), and is the
// transport up (Socket Mode: is a WebSocket connected). Codes only: invalid_auth, unreachable, ...
import type { WebClient } from "@slack/web-api";
import { cachedCheck, type CheckResult, type HealthCheck } from "../health/health";
import { describeCoverage, type InstallationRegistry } from "./installations";
import type { TransportStatusProvider } from "./transport";

/** How long an auth.test answer is reused: at most one call a minute per replica, whoever asks. */
export const SLACK_AUTH_TTL_MS = 60_000;

/**
 * auth.test with the bot token, answered from the last result and refreshed in the background once
 * a minute at most. `initial`: the start-up's own auth.test, so the first /healthz costs no call.
 */
export function slackAuthCheck(client: Pick<WebClient, "auth">, opts: { ttlMs?: number; initial?: CheckResult; now?: () => number } = {}) {
  const check: HealthCheck = {
    name: "slack_auth",
    readiness: false, // Slack refusing the token is not cured by another replica; /healthz says so
    timeoutMs: 3000,
    async run() {
      const auth = await client.auth.test();
      return { status: "ok", team: auth.team_id ?? "" };
    },
  };
  return cachedCheck(check, { ttlMs: opts.ttlMs ?? SLACK_AUTH_TTL_MS, ...(opts.initial ? { initial: opts.initial } : {}), ...(opts.now ? { now: opts.now } : {}) });
}

/** The transport: HTTP is always up while the process serves; Socket Mode is up while a WebSocket is connected. */
export function transportCheck(status: TransportStatusProvider): HealthCheck {
  return {
    name: "transport",
    readiness: true,
    async run() {
      const s = status();
      if (s.transport === "http") return { status: "ok", transport: "http" };
      const { ok, reason, ...rest } = s;
      return { status: ok ? "ok" : "fail", ...(ok ? {} : { code: reason ?? "disconnected" }), ...rest };
    },
  };
}

/**
 * OAuth deployments: is renkei installed in each party's workspace. A missing or revoked
 * installation warns (with the fix for the operator) and never fails: /slack/install must stay
 * reachable behind the load balancer.
 */
export function workspacesCheck(installations: Pick<InstallationRegistry, "coverage">): HealthCheck {
  return {
    name: "workspaces",
    readiness: false,
    async run() {
      const coverage = installations.coverage();
      const parties = Object.fromEntries(
        coverage.map((c) => [c.party, { ...("teamId" in c ? { teamId: c.teamId } : {}), status: c.status, ...(c.status === "installed" ? {} : { fix: describeCoverage(c) }) }]),
      );
      const missing = coverage.find((c) => c.status !== "installed");
      return { status: missing ? "warn" : "ok", ...(missing ? { code: missing.status } : {}), parties };
    },
  };
}

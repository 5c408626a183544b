// The Web API client of effect handlers: no retries of its own (the outbox retries, with backoff,
// Retry-After and post-once's delivery check: a blind retry of a post whose answer was lost would
// post twice), and each call fenced on the lease of the effect being run (see effects/lease).
import { WebClient, type WebAPICallResult, type WebClientOptions } from "@slack/web-api";
import type { LeaseFence } from "../../effects/lease";

/** Told the outcome of each Slack call (metrics): ok, error, or ratelimited (HTTP 429). */
export type SlackCallObserver = (method: string, outcome: "ok" | "error" | "ratelimited") => void;

export class EffectWebClient extends WebClient {
  private fence: LeaseFence | null = null;
  private observer: SlackCallObserver | null = null;

  /** Reports each call's outcome (one observer per client). */
  observeCalls(observer: SlackCallObserver): void {
    this.observer = observer;
  }

  /** Fences every call on the lease of the effect `runner` is running (one runner per client). */
  fenceWith(runner: LeaseFence): void {
    if (this.fence && this.fence !== runner) throw new Error("an effect client serves one effect runner");
    this.fence = runner;
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    await this.fence?.ensureCurrentLeaseHeld(); // a replica that lost the effect's lease stops before Slack, not after
    const args = options && withLayoutSerialized(options);
    if (!this.observer) return super.apiCall(method, args);
    try {
      const result = await super.apiCall(method, args);
      this.observer(method, "ok");
      return result;
    } catch (e) {
      this.observer(method, (e as { code?: string })?.code === "slack_webapi_rate_limited_error" ? "ratelimited" : "error");
      throw e;
    }
  }
}

export function effectWebClient(token: string, options: WebClientOptions = {}): EffectWebClient {
  return new EffectWebClient(token, { ...options, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}

/** The arguments holding a message's or a view's layout: large, and sent as JSON text in the form body. */
const LAYOUT_ARGUMENTS = ["blocks", "view"] as const;

/**
 * The arguments with `blocks` and `view` already written as the JSON text the client would send
 * (the request's bytes are the same). The Web API client copies every object argument, key by
 * key, to build a debug message before it looks at the log level, and a Home view or a card has
 * hundreds of keys: text is copied whole.
 */
export function withLayoutSerialized(options: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null;
  for (const key of LAYOUT_ARGUMENTS) {
    const value = options[key];
    if (value === null || typeof value !== "object") continue;
    out ??= { ...options };
    out[key] = JSON.stringify(value);
  }
  return out ?? options;
}

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
    if (!this.observer) return super.apiCall(method, options);
    try {
      const result = await super.apiCall(method, options);
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

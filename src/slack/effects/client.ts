// The Web API client of effect handlers: no retries of its own (the outbox retries, with backoff,
// Retry-After and post-once's delivery check: a blind retry of a post whose answer was lost would
// post twice), and each call fenced on the lease of the effect being run (see effects/lease).
import { WebClient, type WebAPICallResult, type WebClientOptions } from "@slack/web-api";
import type { LeaseFence } from "../../effects/lease";

export class EffectWebClient extends WebClient {
  private fence: LeaseFence | null = null;

  /** Fences every call on the lease of the effect `runner` is running (one runner per client). */
  fenceWith(runner: LeaseFence): void {
    if (this.fence && this.fence !== runner) throw new Error("an effect client serves one effect runner");
    this.fence = runner;
  }

  override async apiCall(method: string, options?: Record<string, unknown>): Promise<WebAPICallResult> {
    await this.fence?.ensureCurrentLeaseHeld(); // a replica that lost the effect's lease stops before Slack, not after
    return super.apiCall(method, options);
  }
}

export function effectWebClient(token: string, options: WebClientOptions = {}): EffectWebClient {
  return new EffectWebClient(token, { ...options, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
}

// Prometheus metrics (prom-client), one registry per process: what Slack asked of renkei and how
// fast it was acknowledged, what renkei delivered to Slack, the outbox, sweeps and the audit chain.
// The domain knows nothing of this: instruments are fed at the edges (the Bolt app's event entry,
// the effect client, the effect runner's observer, the schedules) and the gauges that describe
// stored state are read from the store when Prometheus scrapes.
import type { IncomingMessage, ServerResponse } from "node:http";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** The outcome of one effect attempt. */
export type EffectOutcome = "done" | "retry" | "gave_up" | "lease_lost";
/** The outcome of one Slack Web API call. */
export type SlackCallOutcome = "ok" | "error" | "ratelimited";

const LABEL = /^[A-Za-z0-9_./:\- ]{1,64}$/;
/** Distinct values one label may take before further ones are counted as `other`. */
const MAX_VALUES = 200;

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"type" | "route">;
  private readonly ack: Histogram<"type" | "route">;
  private readonly slackCalls: Counter<"method" | "outcome">;
  private readonly listenerCalls: Counter<"method" | "outcome">;
  private readonly effects: Counter<"kind" | "outcome">;
  private readonly effectSeconds: Histogram<"kind">;
  private readonly sweeps: Histogram<"job" | "outcome">;
  private readonly collectors: Array<() => Promise<void>> = [];
  private readonly seen = new Map<string, Set<string>>();

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({ name: "renkei_slack_requests_total", help: "Requests from Slack (slash commands, actions, view submissions, shortcuts, events) by route", labelNames: ["type", "route"], registers });
    this.ack = new Histogram({
      name: "renkei_slack_ack_seconds",
      help: "Time from a request reaching renkei to its acknowledgement (Slack allows 3 s)",
      labelNames: ["type", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3],
      registers,
    });
    this.slackCalls = new Counter({ name: "renkei_slack_api_calls_total", help: "Slack Web API calls made by the effect runner (deliveries), by method and outcome (ratelimited: HTTP 429)", labelNames: ["method", "outcome"], registers });
    this.listenerCalls = new Counter({ name: "renkei_slack_listener_calls_total", help: "Slack calls made while answering a request (views.open, chat.postEphemeral, posts to the response_url as method response_url), by method and outcome (ratelimited: HTTP 429)", labelNames: ["method", "outcome"], registers });
    this.effects = new Counter({ name: "renkei_effects_total", help: "Effect attempts by kind and outcome (done, retry, gave_up, lease_lost)", labelNames: ["kind", "outcome"], registers });
    this.effectSeconds = new Histogram({ name: "renkei_effect_duration_seconds", help: "Time one effect attempt took, Slack calls included", labelNames: ["kind"], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers });
    this.sweeps = new Histogram({ name: "renkei_sweep_duration_seconds", help: "Duration of the reminder and digest sweeps", labelNames: ["job", "outcome"], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers });
  }

  /** A request from Slack reached renkei; call the returned function when it is acknowledged. */
  request(type: string, route: string): () => void {
    const labels = { type: this.label("type", type), route: this.label("route", route) };
    this.requests.inc(labels);
    const end = this.ack.startTimer(labels);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      end();
    };
  }

  slackCall(method: string, outcome: SlackCallOutcome): void {
    this.slackCalls.inc({ method: this.label("method", method), outcome });
  }

  listenerCall(method: string, outcome: SlackCallOutcome): void {
    this.listenerCalls.inc({ method: this.label("method", method), outcome });
  }

  effect(kind: string, outcome: EffectOutcome, seconds: number): void {
    const k = this.label("kind", kind);
    this.effects.inc({ kind: k, outcome });
    this.effectSeconds.observe({ kind: k }, seconds);
  }

  sweep(job: string, seconds: number, ok: boolean): void {
    this.sweeps.observe({ job: this.label("job", job), outcome: ok ? "ok" : "failed" }, seconds);
  }

  /**
   * A gauge whose value is read when Prometheus scrapes (from the store): `read` returns one value,
   * or values per label. A read that fails leaves the gauge out of that scrape.
   */
  gauge(name: string, help: string, read: () => Promise<number | Array<{ labels: Record<string, string>; value: number }>>, labelNames: string[] = []): void {
    const gauge = new Gauge({ name, help, labelNames, registers: [this.registry] });
    this.collectors.push(async () => {
      const v = await read();
      gauge.reset();
      if (typeof v === "number") gauge.set(v);
      else for (const { labels, value } of v) gauge.set(labels, value);
    });
  }

  /** The exposition text, after reading the scrape-time gauges (each within 2 s). */
  async scrape(): Promise<string> {
    await Promise.all(this.collectors.map((c) => withTimeout(c(), 2000).catch(() => undefined)));
    return this.registry.metrics();
  }

  /** GET /metrics. */
  route(): { path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void } {
    return {
      path: "/metrics",
      method: ["GET"],
      handler: (_req, res) => {
        void this.scrape().then(
          (text) => {
            res.writeHead(200, { "content-type": this.registry.contentType, "cache-control": "no-store" });
            res.end(text);
          },
          () => {
            res.writeHead(500).end();
          },
        );
      },
    };
  }

  /** Keeps label values few and tidy: unexpected shapes and values past the first 200 become `other`. */
  private label(name: string, value: string): string {
    if (!LABEL.test(value)) return "other";
    let values = this.seen.get(name);
    if (!values) this.seen.set(name, (values = new Set()));
    if (values.has(value)) return value;
    if (values.size >= MAX_VALUES) return "other";
    values.add(value);
    return value;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

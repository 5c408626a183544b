// A bounded closed-loop load generator on node:http: `concurrency` workers share `total`
// requests; each worker sends one request, waits for the whole response, then sends the next.
// Requests are signed like Slack signs them (v0 HMAC-SHA256 of `v0:timestamp:body`) at send
// time. Latency is measured from just before the request is written to the end of the response.
import { createHmac } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";

export type BenchRequest = { body: string; contentType: string };

export type LoadResult = {
  samples: number;
  errors: number;
  /** Statuses other than 200 (by status code). */
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Requests per second over the whole run. */
  throughput: number;
};

export function signedHeaders(secret: string, body: string, contentType: string): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex")}`;
  return {
    "content-type": contentType,
    "content-length": String(Buffer.byteLength(body)),
    "x-slack-request-timestamp": ts,
    "x-slack-signature": signature,
  };
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function once(agent: http.Agent, url: URL, secret: string, req: BenchRequest): Promise<{ ms: number; status: number }> {
  return new Promise((resolve, reject) => {
    const headers = signedHeaders(secret, req.body, req.contentType);
    const start = performance.now();
    const r = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => resolve({ ms: performance.now() - start, status: res.statusCode ?? 0 }));
      res.on("error", reject);
    });
    r.on("error", reject);
    r.end(req.body);
  });
}

/** One agent per target, shared by the warm-up and the measured run, so sockets stay open. */
export function keepAliveAgent(concurrency: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency });
}

/**
 * Sends `total` requests with `concurrency` workers; `next(i)` gives the i-th request. Only
 * 127.0.0.1 is allowed: this is a local benchmark.
 */
export async function runLoad(opts: { url: string; secret: string; total: number; concurrency: number; next: (i: number) => BenchRequest; agent?: http.Agent }): Promise<LoadResult> {
  const url = new URL(opts.url);
  if (url.hostname !== "127.0.0.1") throw new Error(`the load generator only targets 127.0.0.1, not ${url.hostname}`);
  const agent = opts.agent ?? keepAliveAgent(opts.concurrency);
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = issued++;
      if (i >= opts.total) return;
      try {
        const { ms, status } = await once(agent, url, opts.secret, opts.next(i));
        samples.push(ms);
        if (status !== 200) statuses[status] = (statuses[status] ?? 0) + 1;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = performance.now() - started;
  if (!opts.agent) agent.destroy();
  samples.sort((a, b) => a - b);
  return {
    samples: samples.length,
    errors,
    statuses,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: samples[samples.length - 1] ?? NaN,
    mean: samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length),
    throughput: (samples.length / elapsed) * 1000,
  };
}

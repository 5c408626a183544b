// What the load generators share: requests signed like Slack signs them (v0 HMAC-SHA256 of
// `v0:timestamp:body`) at send time, percentiles, the flags that profile renkei's processes, and
// free ports for the processes they start.
import { createHmac } from "node:crypto";
import net from "node:net";

export type BenchRequest = { body: string; contentType: string };

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

/**
 * Node's flags for a renkei process the bench starts: with RENKEI_BENCH_CPU_PROF=<dir>, a CPU
 * profile written there (RENKEI_BENCH_CPU_PROF_INTERVAL=<µs>: its sampling interval, 1000 by default).
 */
export function cpuProfileFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env.RENKEI_BENCH_CPU_PROF) return [];
  return ["--cpu-prof", `--cpu-prof-dir=${env.RENKEI_BENCH_CPU_PROF}`, ...(env.RENKEI_BENCH_CPU_PROF_INTERVAL ? [`--cpu-prof-interval=${env.RENKEI_BENCH_CPU_PROF_INTERVAL}`] : [])];
}

/** A port the system has free now (bind 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// What Prometheus scrapes from /metrics after people used renkei: requests and acknowledgement time
// by route, Slack calls by method and outcome (429s included), effects by kind and outcome, the
// outbox, sweeps and the audit chain — over HTTP and Socket Mode, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, submitIntake, transports, U, until, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { propose } from "./support/consultation";
import { startSchedules } from "../src/jobs/schedules";
import { silentLogger } from "../src/logger";

type Sample = { name: string; labels: Record<string, string>; value: number };

function parse(text: string): Sample[] {
  return text
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(l)!;
      const labels = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** The value of one series (labels must match those given), or undefined when absent. */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

const combos = testDatabases().flatMap((database) => transports.map((transport) => [transport, database] as const));

describe.each(combos)("/metrics over %s on %s", (transport, database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database, transport });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const scrape = async () => {
    const res = await fetch(`${h.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain");
    return parse(await res.text());
  };

  it("after an intake and a proposal that Slack rate-limited once, every series is there with sensible values", async () => {
    const { ref } = await submitIntake(h, U.ppcStaff);
    await h.settle();
    // Slack answers the decision card's post with 429 (Retry-After: 1): retried when Slack asked.
    h.emu.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    await propose(h, U.ppcLiaison, ref!, { sharing_results: "To avoid contradictory findings." });
    const incident = (await h.store.incidentByRef(ref!))!;
    await until(async () => {
      await h.settle();
      return h.emu.messages(incident.channelId!).find((m) => /(第1回|round 1) — /.test(m.text));
    }, "the decision card was not posted after the 429", 30_000);

    // The schedules as the bot runs them (each sweep once at start), reporting to the same registry.
    const stopSchedules = startSchedules({ store: h.store, config: h.config, clock: h.clock }, silentLogger, h.renkei.metrics);
    await stopSchedules();
    await h.settle(); // what they queued (a digest, reminders) delivered
    const m = await scrape();

    // Requests by route, each acknowledged well within Slack's 3 s.
    expect(value(m, "renkei_slack_requests_total", { type: "command", route: "/renkei new" })).toBe(1);
    expect(value(m, "renkei_slack_requests_total", { type: "view", route: "incident_intake" })).toBe(1);
    expect(value(m, "renkei_slack_requests_total", { type: "action", route: "consult_propose" })).toBe(1);
    expect(value(m, "renkei_slack_requests_total", { type: "view", route: "consult_proposal" })).toBe(1);
    const acks = value(m, "renkei_slack_ack_seconds_count", { type: "view", route: "incident_intake" })!;
    const ackSum = value(m, "renkei_slack_ack_seconds_sum", { type: "view", route: "incident_intake" })!;
    expect(acks).toBe(1);
    expect(ackSum).toBeGreaterThan(0);
    expect(ackSum).toBeLessThan(3);
    expect(value(m, "renkei_slack_ack_seconds_bucket", { type: "command", route: "/renkei new", le: "3" })).toBe(1);

    // Deliveries by Slack method: the channel created once, the 429 counted, the post then made.
    expect(value(m, "renkei_slack_api_calls_total", { method: "conversations.create", outcome: "ok" })).toBe(1);
    expect(value(m, "renkei_slack_api_calls_total", { method: "chat.postMessage", outcome: "ratelimited" })).toBe(1);
    expect(value(m, "renkei_slack_api_calls_total", { method: "chat.postMessage", outcome: "ok" })).toBeGreaterThanOrEqual(2);
    // Effects by kind and outcome: the rate-limited one retried once, then done.
    expect(value(m, "renkei_effects_total", { kind: "provision_channel", outcome: "done" })).toBe(1);
    expect(value(m, "renkei_effects_total", { kind: "post_consultation_card", outcome: "retry" })).toBe(1);
    expect(value(m, "renkei_effects_total", { kind: "post_consultation_card", outcome: "done" })).toBe(1);
    expect(value(m, "renkei_effect_duration_seconds_count", { kind: "provision_channel" })).toBe(1);

    // The outbox, read at scrape: nothing due, nothing stuck.
    expect(value(m, "renkei_outbox_due_effects")).toBe(0);
    expect(value(m, "renkei_outbox_oldest_due_age_seconds")).toBe(0);
    expect(value(m, "renkei_outbox_effects", { status: "gave_up" })).toBe(0);
    // Sweeps ran at start-up and were timed; the audit chain's length is the store's.
    expect(value(m, "renkei_sweep_duration_seconds_count", { job: "reminders", outcome: "ok" })).toBeGreaterThanOrEqual(1);
    expect(value(m, "renkei_audit_chain_length")).toBe((await h.store.auditHead())!.count);
    expect(value(m, "renkei_audit_chain_length")).toBeGreaterThan(0);
    // Node's own figures come along.
    expect(value(m, "process_resident_memory_bytes")).toBeGreaterThan(0);
  }, 120_000);

  it("a due effect shows as backlog with its age", async () => {
    await h.store.enqueueEffect({ kind: "refresh_home", payload: { userId: U.ppcStaff }, dedupeKey: "metrics-test:due", runAfter: new Date(Date.now() + 1_000) }, new Date());
    await h.renkei.effects.idle();
    await new Promise((r) => setTimeout(r, 1600));
    const m = await scrape();
    expect(value(m, "renkei_outbox_due_effects")).toBe(1);
    expect(value(m, "renkei_outbox_oldest_due_age_seconds")).toBeGreaterThan(0.3);
    expect(value(m, "renkei_outbox_effects", { status: "pending" })).toBe(1);
    await h.settle();
    expect(value(await scrape(), "renkei_outbox_due_effects")).toBe(0);
  });
});

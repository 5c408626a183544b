// What an operator and a load balancer see: /healthz reports the database, Slack auth, the outbox's
// lag and the transport separately, with a status and a code (never error text); /readyz answers
// 200 or 503 and nothing else.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startHarness, testClock, U, until, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";

type Answer = { status: number; body: any };
async function get(h: Harness, path: string): Promise<Answer> {
  const res = await fetch(`${h.baseUrl}${path}`);
  return { status: res.status, body: await res.json() };
}

describe.each(testDatabases())("/healthz and /readyz on %s", (database) => {
  let h: Harness;
  /** A second bot whose auth.test is reused for 200 ms (a minute in production), so Slack's refusal shows quickly. */
  let quick: Harness;
  const clock = testClock("2026-12-01T10:00:00+09:00");
  beforeAll(async () => {
    h = await startHarness({ database, clock, health: { outboxWarnAfterSeconds: 60, outboxFailAfterSeconds: 600 } });
    quick = await startHarness({ database, health: { slackAuthTtlMs: 200 } });
  });
  afterAll(async () => {
    await h?.stop();
    await quick?.stop();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("start-up asks Slack's auth.test once: Bolt is given the bot's ids from renkei's own check", async () => {
    expect(h.emu.calls("auth.test").map((c) => c.response?.ok)).toEqual([true]);
    // ...and still knows its bot: a command answers (Bolt authorizes every request with those ids).
    const before = h.emu.ephemerals(U.niscLiaison).length;
    await h.driver.slashCommand({ user: U.niscLiaison, text: "list" });
    await until(async () => h.emu.ephemerals(U.niscLiaison).length > before, "no answer to /renkei list");
    expect(h.emu.calls("auth.test")).toHaveLength(1);
  });

  it("all well: every check ok, ready", async () => {
    const health = await get(h, "/healthz");
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      ok: true,
      status: "ok",
      checks: {
        database: { status: "ok", provider: database },
        slack_auth: { status: "ok", team: h.emu.teamId },
        outbox: { status: "ok", due: 0, oldestDueAgeSeconds: 0 },
        transport: { status: "ok", transport: "http" },
      },
    });
    expect(typeof health.body.checks.database.latencyMs).toBe("number");
    expect(Date.parse(health.body.checks.slack_auth.checkedAt)).not.toBeNaN();
    expect(await get(h, "/readyz")).toEqual({ status: 200, body: { ready: true } });
  });

  it("auth.test is answered from its cache, not once per request", async () => {
    const before = h.emu.calls("auth.test").length;
    for (let i = 0; i < 10; i++) expect((await get(h, "/healthz")).body.checks.slack_auth.status).toBe("ok");
    expect(h.emu.calls("auth.test").length - before).toBe(0);
  });

  it("outbox lagging: effects due for a while show as warn, then fail, with their count and age", async () => {
    // An effect due in an hour; the runner is not told again (a stalled runner), and time passes.
    await h.store.enqueueEffect({ kind: "refresh_home", payload: { userId: U.ppcStaff }, dedupeKey: "health-test:lag", runAfter: new Date(clock.now().getTime() + 3_600_000) }, clock.now());
    await h.renkei.effects.idle();
    clock.advance(3_600_000 + 90_000);
    const warn = await get(h, "/healthz");
    expect(warn.status).toBe(200);
    expect(warn.body).toMatchObject({ ok: true, status: "degraded", checks: { outbox: { status: "warn", code: "lagging", due: 1, oldestDueAgeSeconds: 90 } } });
    clock.advance(600_000);
    const fail = await get(h, "/healthz");
    expect(fail.status).toBe(503);
    expect(fail.body).toMatchObject({ ok: false, status: "down", checks: { outbox: { status: "fail", code: "lagging", due: 1, oldestDueAgeSeconds: 690 }, database: { status: "ok" } } });
    // A shared queue's lag does not take this replica out of the load balancer.
    expect(await get(h, "/readyz")).toEqual({ status: 200, body: { ready: true } });
    // Delivered: back to ok.
    await h.settle();
    expect((await get(h, "/healthz")).body.checks.outbox).toMatchObject({ status: "ok", due: 0 });
  });

  it("Slack refusing the token: slack_auth fails with Slack's code, no token or text; readiness unaffected", async () => {
    quick.emu.failNext("auth.test", { error: "invalid_auth" }, 3);
    const down = await until(async () => {
      const a = await get(quick, "/healthz");
      return a.body.checks.slack_auth.status === "fail" ? a : undefined;
    }, "slack_auth never failed");
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ok: false, status: "down", checks: { slack_auth: { status: "fail", code: "invalid_auth" }, database: { status: "ok" } } });
    expect(JSON.stringify(down.body)).not.toMatch(/xoxb-|An API error|Error/);
    expect(await get(quick, "/readyz")).toEqual({ status: 200, body: { ready: true } });
  });

  it("Slack unreachable (HTTP 500s): slack_auth fails with code unreachable, and recovers", async () => {
    // (Bolt's client tries twice per call.)
    quick.emu.failNext("auth.test", { status: 500 }, 4);
    const down = await until(async () => {
      const a = await get(quick, "/healthz");
      return a.body.checks.slack_auth.code === "unreachable" ? a : undefined;
    }, "slack_auth never unreachable");
    expect(down.body.checks.slack_auth).toMatchObject({ status: "fail", code: "unreachable" });
    await until(async () => ((await get(quick, "/healthz")).status === 200 ? true : undefined), "slack_auth never recovered", 15_000);
  });

  it("database down: database fails with code unreachable (never the driver's text), not ready", async () => {
    vi.spyOn(h.store, "ping").mockRejectedValue(Object.assign(new Error("connect ECONNREFUSED 10.0.0.5:5432 user=renkei password=hunter2"), { code: "ECONNREFUSED" }));
    const health = await get(h, "/healthz");
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ ok: false, status: "down", checks: { database: { status: "fail", code: "unreachable" } } });
    expect(JSON.stringify(health.body)).not.toMatch(/ECONNREFUSED|hunter2|10\.0\.0\.5/);
    expect(await get(h, "/readyz")).toEqual({ status: 503, body: { ready: false } });
  });

  it("database hanging: the check gives up after 2 s with code timeout", async () => {
    vi.spyOn(h.store, "ping").mockReturnValue(new Promise<void>(() => {}));
    const started = Date.now();
    const health = await get(h, "/healthz");
    expect(Date.now() - started).toBeLessThan(4000);
    expect(health.body.checks.database).toEqual({ status: "fail", code: "timeout" });
    expect((await get(h, "/readyz")).status).toBe(503);
  });
});

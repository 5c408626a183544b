import { describe, expect, it } from "vitest";
import { cachedCheck, Health, outboxCheck, runCheck, type HealthCheck } from "./health";

const check = (name: string, run: HealthCheck["run"], readiness = true): HealthCheck => ({ name, readiness, run });

describe("health checks", () => {
  it("a failing check reports a code, never the error's text", async () => {
    expect(await runCheck(check("db", async () => Promise.reject(new Error("password=hunter2 at 10.0.0.5"))))).toEqual({ status: "fail", code: "unreachable" });
    expect(await runCheck(check("slack", async () => Promise.reject(Object.assign(new Error("An API error occurred"), { data: { error: "invalid_auth" } }))))).toEqual({ status: "fail", code: "invalid_auth" });
    expect(await runCheck(check("x", async () => ({ status: "warn", code: "Some Text!" })))).toEqual({ status: "warn", code: "error" });
  });

  it("the report is down when a check fails, degraded when one warns; readiness counts only readiness checks", async () => {
    const h = new Health([check("a", async () => ({ status: "ok" })), check("lag", async () => ({ status: "warn", code: "lagging" }), false)]);
    expect(await h.report()).toEqual({ ok: true, status: "degraded", checks: { a: { status: "ok" }, lag: { status: "warn", code: "lagging" } } });
    h.add(check("lag", async () => ({ status: "fail", code: "lagging" }), false));
    expect((await h.report()).status).toBe("down");
    expect(await h.ready()).toBe(true);
    h.draining();
    expect(await h.ready()).toBe(false);
  });

  it("a cached check answers from its last result and refreshes once it is stale, one call at a time", async () => {
    let t = 0;
    let calls = 0;
    const c = cachedCheck(check("slack_auth", async () => ({ status: "ok", n: ++calls })), { ttlMs: 60_000, now: () => t, initial: { status: "ok", n: 0 } });
    expect(await c.run()).toMatchObject({ n: 0 });
    t = 59_999;
    await c.run();
    expect(calls).toBe(0);
    t = 60_000;
    await Promise.all([c.run(), c.run(), c.run()]);
    expect(calls).toBe(1);
    await c.refresh(); // joins the refresh under way
    expect(calls).toBe(1);
    expect(await c.run()).toMatchObject({ n: 1, checkedAt: new Date(60_000).toISOString() });
  });

  it("outbox lag: the age of the oldest due effect against the thresholds", async () => {
    const now = new Date("2026-12-01T00:10:00Z");
    const at = (oldestDueAt: Date | null, due = 1) => outboxCheck({ outboxStats: async () => ({ due, oldestDueAt }) }, () => now, { warnAfterSeconds: 60, failAfterSeconds: 600 }).run();
    expect(await at(null, 0)).toEqual({ status: "ok", due: 0, oldestDueAgeSeconds: 0 });
    expect(await at(new Date("2026-12-01T00:09:30Z"))).toEqual({ status: "ok", due: 1, oldestDueAgeSeconds: 30 });
    expect(await at(new Date("2026-12-01T00:08:00Z"))).toEqual({ status: "warn", code: "lagging", due: 1, oldestDueAgeSeconds: 120 });
    expect(await at(new Date("2026-11-30T23:50:00Z"))).toEqual({ status: "fail", code: "lagging", due: 1, oldestDueAgeSeconds: 1200 });
  });
});

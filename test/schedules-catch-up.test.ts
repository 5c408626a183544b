// The schedules' catch-up after a start: at once by default (tests, the sandbox), or later, so a
// bot started by a deploy answers people (and its health check) before running five sweeps; a
// stop before then leaves the catch-up to the next start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRenkeiConfig } from "../src/config/renkei-config";
import { startSchedules } from "../src/jobs/schedules";
import { silentLogger } from "../src/logger";
import { Store } from "../src/store/store";
import { freshDatabase, type FreshDatabase } from "./support/databases";
import { testConfigInput, until } from "./support/harness";

describe("the schedules' catch-up at start", () => {
  let db: FreshDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await freshDatabase("sqlite");
    store = await Store.open(db.url);
  });
  afterAll(async () => {
    await store?.close();
    await db?.dispose();
  });
  const ctx = () => ({ store, config: parseRenkeiConfig(testConfigInput(), "test config"), clock: { now: () => new Date("2026-12-06T03:00:00+09:00") } });
  const sweeps = () => {
    const ran: string[] = [];
    return { ran, metrics: { sweep: (job: string) => void ran.push(job) } };
  };

  it("runs every sweep once at start by default", async () => {
    const { ran, metrics } = sweeps();
    const stop = startSchedules(ctx(), silentLogger, metrics);
    await stop();
    expect([...ran].sort()).toEqual(["archive", "digest", "invitations", "reminders", "retention"]);
  });

  it("runs them catchUpAfterMs later when asked, and not at all when stopped before", async () => {
    const later = sweeps();
    const stopLater = startSchedules(ctx(), silentLogger, later.metrics, { catchUpAfterMs: 200 });
    await new Promise((r) => setTimeout(r, 50));
    expect(later.ran).toEqual([]);
    await until(async () => later.ran.length === 5, "the catch-up did not run after its delay");
    await stopLater();

    const stopped = sweeps();
    const stopEarly = startSchedules(ctx(), silentLogger, stopped.metrics, { catchUpAfterMs: 200 });
    await stopEarly();
    await new Promise((r) => setTimeout(r, 300));
    expect(stopped.ran).toEqual([]);
  });
});

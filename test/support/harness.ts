// Starts the real renkei Bolt app over HTTP against the Slack emulator, on a fresh database.
import { parseRenkeiConfig } from "../../src/config/renkei-config";
import type { Clock } from "../../src/app/context";
import type { Logger } from "../../src/logger";
import type { RenkeiAppOptions } from "../../src/slack/app";
import { startEmulatedStack, type EmulatedStack } from "../../src/dev/emulated-stack";
import { freshDatabase, type FreshDatabase, type TestDatabase } from "./databases";

export const U = {
  ppcStaff: "U0PPCSTAF1",
  ppcLiaison: "U0PPCLIAI1",
  ppcManager: "U0PPCMGR01",
  niscStaff: "U0NISCSTF1",
  niscLiaison: "U0NISCLIA1",
  niscManager: "U0NISCMGR1",
  outsider: "U0OUTSIDE1",
} as const;

export function testConfigInput(): Record<string, unknown> {
  return {
    profile: "ppc-nisc-2023",
    locale: "ja",
    timezone: "Asia/Tokyo",
    parties: {
      ppc: {
        members: [
          { user: U.ppcStaff, roles: ["staff"] },
          { user: U.ppcLiaison, roles: ["liaison"] },
          { user: U.ppcManager, roles: ["manager"] },
        ],
      },
      nisc: {
        members: [
          { user: U.niscStaff, roles: ["staff"], locale: "en" },
          { user: U.niscLiaison, roles: ["liaison"] },
          { user: U.niscManager, roles: ["manager", "admin"] },
        ],
      },
    },
  };
}

export type Harness = EmulatedStack & { db: FreshDatabase };

export type Transport = "http" | "socket";

/** Both transports, for suites that run a flow over each. */
export const transports: Transport[] = ["http", "socket"];

/** RENKEI_TEST_TRANSPORT=socket runs every end-to-end suite over Socket Mode instead of HTTP. */
function defaultTransport(): Transport {
  const t = process.env.RENKEI_TEST_TRANSPORT ?? "http";
  if (t !== "http" && t !== "socket") throw new Error(`RENKEI_TEST_TRANSPORT must be http or socket, not ${t}`);
  return t;
}

/** A clock the test moves: Asia/Tokyo wall-clock times are given with +09:00. */
export function testClock(start: string) {
  let now = new Date(start);
  return { now: () => now, set: (iso: string) => (now = new Date(iso)), advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

/** The configuration and user teams of NISC in its own Slack workspace (reached through Slack Connect). */
export function niscInAnotherWorkspace(): { config: Record<string, unknown>; userTeams: Record<string, string> } {
  const config = testConfigInput() as { parties: Record<string, Record<string, unknown>> };
  config.parties.nisc!.teamId = "T0NISCWS01";
  return { config, userTeams: { [U.niscLiaison]: "T0NISCWS01", [U.niscStaff]: "T0NISCWS01", [U.niscManager]: "T0NISCWS01" } };
}

export async function startHarness(opts: {
  database: TestDatabase;
  config?: Record<string, unknown>;
  clock?: Clock;
  emulatorTeamId?: string;
  /** Slack team of some users (people of a party in another workspace). */
  userTeams?: Record<string, string>;
  /** How Slack reaches the app (default: RENKEI_TEST_TRANSPORT, else "http"). */
  transport?: Transport;
  /** Socket Mode's ping timeout, which also spaces its reconnects (default 5000 ms). */
  socketPingTimeoutMs?: number;
  /** Lets the effect runner poll and retry on its own timers (off: tests settle by hand). */
  effectSweepMs?: number;
  /** Where the app logs (default: nowhere). */
  log?: Logger;
  /** Thresholds of /healthz (outbox lag) and how long auth.test is reused. */
  health?: RenkeiAppOptions["health"];
  /** Count the SQL statements the app sends (h.store.queryCount). */
  countQueries?: boolean;
}): Promise<Harness> {
  const db = await freshDatabase(opts.database);
  const config = parseRenkeiConfig(opts.config ?? testConfigInput(), "test config");
  const users = Object.entries(U).map(([name, id]) => ({ id, name, ...(opts.userTeams?.[id] ? { teamId: opts.userTeams[id] } : {}) }));
  const transport = opts.transport ?? defaultTransport();
  const stack = await startEmulatedStack({ databaseUrl: db.url, config, users, transport, ...(opts.socketPingTimeoutMs ? { socketPingTimeoutMs: opts.socketPingTimeoutMs } : {}), ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.emulatorTeamId ? { emulatorTeamId: opts.emulatorTeamId } : {}), ...(opts.effectSweepMs ? { effectSweepMs: opts.effectSweepMs } : {}), ...(opts.log ? { log: opts.log } : {}), ...(opts.health ? { health: opts.health } : {}), ...(opts.countQueries ? { countQueries: true } : {}) });
  return {
    ...stack,
    db,
    async stop() {
      await stack.stop();
      await db.dispose();
    },
  };
}

/** A complete, valid intake keyed as the driver expects ("block_id.action_id"). */
export function intakeValues(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "intake_title.value": "Unauthorised access to the staff portal",
    "intake_reporter_name.value": "Ministry of Examples",
    "intake_reporter_category.value": "1",
    "intake_appi_regime.value": "art68", // asked, never defaulted (issue 12)
    "intake_supervising_agency.value": "Ministry of Examples",
    "intake_personal_data.value": "yes",
    "intake_aware_at.value": Math.floor(Date.parse("2026-11-20T01:30:00Z") / 1000),
    "intake_affected_count.value": "1200",
    "intake_summary.value": "Staff records were read by an unknown party.",
    ...overrides,
  };
}

/** Opens the intake modal as `user` and submits it; returns the driver's answer and the view. */
export async function submitIntake(h: Harness, user: string, values: Record<string, unknown> = intakeValues()) {
  await h.driver.slashCommand({ user, text: "new" });
  const modal = await h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "incident_intake"), { message: "intake modal did not open" });
  const res = await h.driver.submitView({ user, viewId: modal.id, values });
  const ref = /\*(\d{4}-\d{4,})\*/.exec(JSON.stringify(res.body?.view ?? ""))?.[1] ?? null;
  return { res, modal, ref };
}

/** Polls an async condition (e.g. rows the app writes after its ack) until it holds. */
export async function until<T>(fn: () => Promise<T | undefined | null | false>, message = "condition not met", timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`until: ${message} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

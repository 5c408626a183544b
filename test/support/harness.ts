// Starts the real renkei Bolt app over HTTP against the Slack emulator, on a fresh database.
import { SlackDriver, SlackEmulator } from "../../emulator";
import { parseEnv } from "../../src/config/env";
import { parseRenkeiConfig, type RenkeiConfig } from "../../src/config/renkei-config";
import type { Clock } from "../../src/app/context";
import { createRenkeiApp, type RenkeiApp } from "../../src/slack/app";
import { Store } from "../../src/store/store";
import { freshDatabase, type FreshDatabase, type TestDatabase } from "./databases";

export const SIGNING_SECRET = "test-signing-secret";

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

export type Harness = {
  emu: SlackEmulator;
  driver: SlackDriver;
  renkei: RenkeiApp;
  store: Store;
  config: RenkeiConfig;
  db: FreshDatabase;
  /** Runs queued side effects to completion (they also run by themselves after each request). */
  settle(): Promise<void>;
  stop(): Promise<void>;
};

export async function startHarness(opts: { database: TestDatabase; config?: Record<string, unknown>; clock?: Clock; emulatorTeamId?: string }): Promise<Harness> {
  const emu = await SlackEmulator.start(opts.emulatorTeamId ? { teamId: opts.emulatorTeamId } : {});
  for (const [name, id] of Object.entries(U)) emu.addUser({ id, name });
  const db = await freshDatabase(opts.database);
  const config = parseRenkeiConfig(opts.config ?? testConfigInput(), "test config");
  const env = parseEnv({ SLACK_BOT_TOKEN: emu.botToken, SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: "0", SLACK_API_URL: emu.apiUrl, DATABASE_URL: db.url });
  const store = await Store.open(db.url);
  const renkei = await createRenkeiApp({ env, config, store, effectSweepMs: 0, ...(opts.clock ? { clock: opts.clock } : {}) });
  const port = await renkei.start();
  const driver = new SlackDriver({ emulator: emu, appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SIGNING_SECRET });
  // The bot sits in #general like an installed app would, so slash commands there can be answered.
  emu.addMembers("general", emu.botUserId);
  return {
    emu,
    driver,
    renkei,
    store,
    config,
    db,
    async settle() {
      await renkei.effects.idle();
      while ((await renkei.effects.runDue()) > 0) {
        /* drain */
      }
    },
    async stop() {
      await renkei.stop();
      await store.close();
      await emu.stop();
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
  return { res, modal };
}

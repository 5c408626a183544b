// Runs the real renkei app over HTTP against the local Slack emulator: used by `npm run demo`
// and by the integration tests. Nothing here is used in production.
import { SlackDriver, SlackEmulator } from "../../emulator";
import { systemClock, type Clock } from "../app/context";
import { parseEnv } from "../config/env";
import type { RenkeiConfig } from "../config/renkei-config";
import type { Logger } from "../logger";
import { createRenkeiApp, type RenkeiApp } from "../slack/app";
import { Store } from "../store/store";

export const EMULATED_SIGNING_SECRET = "emulated-signing-secret";

export type EmulatedStack = {
  emu: SlackEmulator;
  driver: SlackDriver;
  renkei: RenkeiApp;
  store: Store;
  config: RenkeiConfig;
  clock: Clock;
  /** Where the app listens, e.g. http://127.0.0.1:PORT (GET /healthz, POST /slack/events). */
  baseUrl: string;
  /** Runs queued side effects to completion (they also start by themselves after each request). */
  settle(): Promise<void>;
  stop(): Promise<void>;
};

export async function startEmulatedStack(opts: {
  databaseUrl: string;
  config: RenkeiConfig;
  users: Array<{ id: string; name: string; realName?: string; teamId?: string }>;
  /** Team of the bot's own workspace (default: the emulator's). */
  clock?: Clock;
  log?: Logger;
  emulatorTeamId?: string;
  /** Run the in-process schedules (off by default: tests and the demo drive sweeps themselves). */
  schedules?: boolean;
  /** Reuse a running emulator (a second replica of the bot in the same workspace). */
  emulator?: SlackEmulator;
  /** The secret requests to the bot are signed with (the sandbox uses a random one per run). */
  signingSecret?: string;
}): Promise<EmulatedStack> {
  const signingSecret = opts.signingSecret ?? EMULATED_SIGNING_SECRET;
  const emu = opts.emulator ?? (await SlackEmulator.start(opts.emulatorTeamId ? { teamId: opts.emulatorTeamId } : {}));
  if (!opts.emulator) for (const u of opts.users) emu.addUser(u);
  const env = parseEnv({ SLACK_BOT_TOKEN: emu.botToken, SLACK_SIGNING_SECRET: signingSecret, PORT: "0", SLACK_API_URL: emu.apiUrl, DATABASE_URL: opts.databaseUrl });
  const store = await Store.open(opts.databaseUrl);
  const renkei = await createRenkeiApp({ env, config: opts.config, store, effectSweepMs: 0, schedules: opts.schedules ?? false, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.log ? { log: opts.log } : {}) });
  const port = await renkei.start();
  const driver = new SlackDriver({ emulator: emu, appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret });
  // The bot sits in #general like an installed app would, so commands there can be answered.
  emu.addMembers("general", emu.botUserId);
  return {
    emu,
    driver,
    renkei,
    store,
    config: opts.config,
    clock: opts.clock ?? systemClock,
    baseUrl: `http://127.0.0.1:${port}`,
    async settle() {
      await renkei.effects.idle();
      while ((await renkei.effects.runDue()) > 0) {
        /* drain */
      }
    },
    async stop() {
      await renkei.stop();
      await store.close();
      if (!opts.emulator) await emu.stop();
    },
  };
}

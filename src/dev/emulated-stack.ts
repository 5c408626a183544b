// Runs the real renkei app against the local Slack emulator, over HTTP or Socket Mode: used by
// `npm run demo` and by the integration tests. Nothing here is used in production.
import { SlackDriver, SlackEmulator } from "../../emulator";
import { systemClock, type Clock } from "../app/context";
import { parseEnv } from "../config/env";
import type { RenkeiConfig } from "../config/renkei-config";
import type { EffectRunnerOptions } from "../effects/runner";
import type { RenkeiAppOptions } from "../slack/app";
import type { Logger } from "../logger";
import { composeRenkei } from "../compose";
import type { RenkeiApp } from "../slack/app";
import { Store } from "../store/store";

export const EMULATED_SIGNING_SECRET = "emulated-signing-secret";
/** OAuth deployments against the emulator: the key the stored bot tokens are encrypted with, and where Slack sends the installer back. */
export const EMULATED_TOKEN_KEY = "6b".repeat(32);
export const EMULATED_REDIRECT_URI = "http://renkei.emulated/slack/oauth_redirect";

export type EmulatedStack = {
  emu: SlackEmulator;
  driver: SlackDriver;
  renkei: RenkeiApp;
  store: Store;
  config: RenkeiConfig;
  clock: Clock;
  /** Where the app listens, e.g. http://127.0.0.1:PORT (GET /healthz; over HTTP also POST /slack/events). */
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
  /** How Slack reaches the app: signed HTTP POSTs (default) or Socket Mode envelopes on a WebSocket. */
  transport?: "http" | "socket";
  /** Extra environment (e.g. a proxy) on top of the emulator's tokens and URL. */
  env?: Record<string, string>;
  /** Socket Mode's ping timeout, which also spaces reconnects (default 5000 ms). */
  socketPingTimeoutMs?: number;
  /** The effect runner's own timers (poll, retries when due): off (0) by default, as tests settle by hand. */
  effectSweepMs?: number;
  effectRunner?: EffectRunnerOptions;
  /** Thresholds of /healthz (outbox lag) and how long auth.test is reused. */
  health?: RenkeiAppOptions["health"];
  /**
   * One installation per organisation through OAuth (no SLACK_BOT_TOKEN): the app starts with no
   * installation; `installThroughOAuth` (test/support) installs it in each team.
   */
  oauth?: boolean;
  /** Count the SQL statements the app sends (store.queryCount; tests and the benchmark). */
  countQueries?: boolean;
}): Promise<EmulatedStack> {
  const signingSecret = opts.signingSecret ?? EMULATED_SIGNING_SECRET;
  const emu = opts.emulator ?? (await SlackEmulator.start(opts.emulatorTeamId ? { teamId: opts.emulatorTeamId } : {}));
  if (!opts.emulator) for (const u of opts.users) emu.addUser(u);
  const transport = opts.transport ?? "http";
  const slackAuth = opts.oauth
    ? { SLACK_CLIENT_ID: emu.clientId, SLACK_CLIENT_SECRET: emu.clientSecret, SLACK_STATE_SECRET: "emulated-state-secret", RENKEI_TOKEN_KEY: EMULATED_TOKEN_KEY, SLACK_REDIRECT_URI: EMULATED_REDIRECT_URI }
    : { SLACK_BOT_TOKEN: emu.botToken };
  const env = parseEnv({
    ...slackAuth, SLACK_API_URL: emu.apiUrl, PORT: "0", DATABASE_URL: opts.databaseUrl,
    ...(transport === "socket" ? { SLACK_APP_TOKEN: emu.appToken } : { SLACK_SIGNING_SECRET: signingSecret }),
    ...opts.env,
  });
  const store = await Store.open(opts.databaseUrl, opts.countQueries ? { countQueries: true } : {});
  const renkei = await composeRenkei({ env, config: opts.config, store, effectSweepMs: opts.effectSweepMs ?? 0, ...(opts.effectRunner ? { effectRunner: opts.effectRunner } : {}), schedules: opts.schedules ?? false, ...(opts.socketPingTimeoutMs ? { socketPingTimeoutMs: opts.socketPingTimeoutMs } : {}), ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.log ? { log: opts.log } : {}), ...(opts.health ? { health: opts.health } : {}) });
  const port = await renkei.start();
  const driver =
    transport === "socket"
      ? new SlackDriver({ emulator: emu, transport: "socket" })
      : new SlackDriver({ emulator: emu, appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret });
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
      // Until a pass finds nothing due with nothing running: an effect the background runner took
      // (woken by a commit) is not claimable by runDue, so a pass claiming 0 waits for it and looks again.
      for (;;) {
        await renkei.effects.idle();
        if ((await renkei.effects.runDue()) > 0) continue;
        await renkei.effects.idle();
        if ((await renkei.effects.runDue()) === 0) return;
      }
    },
    async stop() {
      await renkei.stop();
      await store.close();
      if (!opts.emulator) await emu.stop();
    },
  };
}

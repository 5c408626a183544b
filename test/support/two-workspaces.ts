// PPC and NISC in two Slack workspaces, renkei installed in each through OAuth (no SLACK_BOT_TOKEN),
// over HTTP or Socket Mode: the emulator's two teams, the app with no installation at first, and an
// administrator of each workspace going through /slack/install.
import { expect } from "vitest";
import { SlackEmulator, type EmuTeam } from "../../emulator";
import type { Clock } from "../../src/app/context";
import { parseRenkeiConfig } from "../../src/config/renkei-config";
import { startEmulatedStack, type EmulatedStack } from "../../src/dev/emulated-stack";
import type { Logger } from "../../src/logger";
import { freshDatabase, type TestDatabase } from "./databases";
import { testConfigInput, U, until, type Harness, type Transport } from "./harness";

export const PPC_TEAM = "T0PPCWS001";
export const NISC_TEAM = "T0NISCWS01";

export type TwoWorkspaces = Harness & {
  /** NISC's workspace (PPC's is the emulator's own: emu.teamId, emu.botUserId). */
  nisc: EmuTeam;
  /** Runs effects and delivers the events Slack raises, until `done` holds. */
  pump(done: () => Promise<boolean> | boolean, message: string): Promise<void>;
};

/** An administrator of `team` installs renkei: /slack/install, Slack's consent page, back to /slack/oauth_redirect. */
export async function installThroughOAuth(stack: EmulatedStack, team: string, admin: string): Promise<Response> {
  const start = await fetch(`${stack.baseUrl}/slack/install`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const cookie = (start.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
  const consent = new URL(start.headers.get("location")!);
  consent.searchParams.set("team", team);
  consent.searchParams.set("user", admin);
  const back = new URL((await fetch(consent, { redirect: "manual" })).headers.get("location")!);
  return fetch(`${stack.baseUrl}${back.pathname}${back.search}`, { headers: { cookie }, redirect: "manual" });
}

export async function startTwoWorkspaces(opts: {
  database: TestDatabase;
  transport?: Transport;
  clock?: Clock;
  /** Changes to the test configuration (both parties' teamId are set). */
  configure?: (input: Record<string, any>) => void;
  /** Install in both workspaces (default true). */
  install?: boolean;
  /** Where the app logs (default: nowhere). */
  log?: Logger;
}): Promise<TwoWorkspaces> {
  const db = await freshDatabase(opts.database);
  const emu = await SlackEmulator.start({ teamId: PPC_TEAM, teamDomain: "ppc-example" });
  const nisc = emu.addTeam({ id: NISC_TEAM, domain: "nisc-example", name: "NISC", installed: false });
  for (const [name, id] of Object.entries(U)) emu.addUser({ id, name, ...(id.startsWith("U0NISC") ? { teamId: NISC_TEAM } : {}) });
  const input = testConfigInput() as Record<string, any>;
  input.parties.ppc.teamId = PPC_TEAM;
  input.parties.nisc.teamId = NISC_TEAM;
  opts.configure?.(input);
  const stack = await startEmulatedStack({
    databaseUrl: db.url, config: parseRenkeiConfig(input, "test config"), users: [], emulator: emu, oauth: true,
    transport: opts.transport ?? "http", ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.log ? { log: opts.log } : {}),
  });
  if (opts.install !== false) {
    expect((await installThroughOAuth(stack, PPC_TEAM, U.ppcManager)).status).toBe(200);
    expect((await installThroughOAuth(stack, NISC_TEAM, U.niscManager)).status).toBe(200);
    emu.addMembers(nisc.generalChannelId, nisc.botUserId);
  }
  const h: Harness = {
    ...stack, db,
    async stop() {
      await stack.stop();
      await emu.stop();
      await db.dispose();
    },
  };
  return {
    ...h,
    nisc,
    pump: (done, message) =>
      until(async () => {
        await stack.settle();
        await stack.driver.deliverPlatformEvents();
        return done();
      }, message).then(() => undefined),
  };
}

// Two organisations, two Slack workspaces, one app installed in each through OAuth: the set-up
// the two-workspace suites share. PPC lives in the emulator's own team, NISC in a second team;
// the people of test/support/harness.ts's U belong to their party's team.
import { expect } from "vitest";
import { SlackEmulator, type EmuTeam } from "../../emulator";
import type { Clock } from "../../src/domain/clock";
import { parseRenkeiConfig } from "../../src/config/renkei-config";
import { startEmulatedStack, type EmulatedStack } from "../../src/dev/emulated-stack";
import type { Logger } from "../../src/logger";
import { BOT_SCOPES } from "../../src/slack/installations";
import { freshDatabase, type FreshDatabase, type TestDatabase } from "./databases";
import { testConfigInput, U, until, type Harness } from "./harness";

export const PPC_TEAM = "T0PPCWS001";
export const NISC_TEAM = "T0NISCWS01";

/** An administrator of `team` installs renkei: /slack/install, Slack's consent page (approved), back to /slack/oauth_redirect. */
export async function installThroughOAuth(stack: EmulatedStack, team: string, admin: string): Promise<Response> {
  const install = await fetch(`${stack.baseUrl}/slack/install`, { redirect: "manual" });
  expect(install.status).toBe(302);
  const cookie = (install.headers.getSetCookie?.() ?? [install.headers.get("set-cookie") ?? ""]).map((c) => c.split(";")[0]).join("; ");
  const consent = new URL(install.headers.get("location")!);
  expect(consent.toString().startsWith(`${stack.emu.url}/oauth/v2/authorize`)).toBe(true);
  expect(consent.searchParams.get("scope")!.split(",").sort()).toEqual([...BOT_SCOPES].sort());
  consent.searchParams.set("team", team);
  consent.searchParams.set("user", admin);
  const approved = await fetch(consent, { redirect: "manual" });
  expect(approved.status).toBe(302);
  const back = new URL(approved.headers.get("location")!);
  return fetch(`${stack.baseUrl}${back.pathname}${back.search}`, { headers: { cookie }, redirect: "manual" });
}

export type TwoWorkspaces = Harness & {
  /** NISC's team in the emulator (PPC's is the emulator's own: emu.teamId, emu.botUserId). */
  nisc: EmuTeam;
  /** Runs effects and delivers the events Slack raised itself (Slack Connect, uninstall), until `done` holds. */
  pump(done: () => Promise<boolean> | boolean, message: string): Promise<void>;
};

/**
 * PPC and NISC each in their own workspace, renkei started with OAuth (no SLACK_BOT_TOKEN) and —
 * unless `install: false` — installed by each organisation's administrator. `configure` may edit
 * renkei.yml's input (the parties' teamId are set already).
 */
export async function startTwoWorkspaces(database: TestDatabase, opts: {
  install?: boolean;
  clock?: Clock;
  log?: Logger;
  configure?: (input: { parties: Record<string, Record<string, unknown>> } & Record<string, unknown>) => void;
} = {}): Promise<TwoWorkspaces> {
  const db: FreshDatabase = await freshDatabase(database);
  const emu = await SlackEmulator.start({ teamId: PPC_TEAM, teamDomain: "ppc-example" });
  const nisc = emu.addTeam({ id: NISC_TEAM, domain: "nisc-example", name: "NISC", installed: false });
  for (const [name, id] of Object.entries(U)) emu.addUser({ id, name, ...(id.startsWith("U0NISC") ? { teamId: NISC_TEAM } : {}) });
  const input = testConfigInput() as { parties: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  input.parties.ppc!.teamId = PPC_TEAM;
  input.parties.nisc!.teamId = NISC_TEAM;
  opts.configure?.(input);
  const stack = await startEmulatedStack({
    databaseUrl: db.url, config: parseRenkeiConfig(input, "test config"), users: [], emulator: emu, oauth: true,
    ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.log ? { log: opts.log } : {}),
  });
  if (opts.install !== false) {
    expect((await installThroughOAuth(stack, PPC_TEAM, U.ppcManager)).status).toBe(200);
    expect((await installThroughOAuth(stack, NISC_TEAM, U.niscManager)).status).toBe(200);
  }
  emu.addMembers(nisc.generalChannelId, nisc.botUserId);
  const pump = async (done: () => Promise<boolean> | boolean, message: string) => {
    await until(async () => {
      await stack.settle();
      await stack.driver.deliverPlatformEvents();
      return done();
    }, message);
  };
  return {
    ...stack, db, nisc, pump,
    async stop() {
      await stack.stop();
      await emu.stop();
      await db.dispose();
    },
  };
}

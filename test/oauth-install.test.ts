// Each organisation installs renkei in its own workspace through Slack's OAuth v2 flow
// (/slack/install → Slack's consent page → /slack/oauth_redirect). The installations live in
// renkei's database with the bot token encrypted; Bolt authorizes each workspace's requests with
// that workspace's token; /healthz and start-up say which party's workspace has no installation.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackEmulator, EmuTeam } from "../emulator";
import { EMULATED_TOKEN_KEY, type EmulatedStack } from "../src/dev/emulated-stack";
import { BOT_SCOPES } from "../src/slack/installations";
import { TokenCipher } from "../src/store/token-cipher";
import { testDatabases } from "./support/databases";
import { U } from "./support/harness";
import { installThroughOAuth, NISC_TEAM, PPC_TEAM, startTwoWorkspaces, type TwoWorkspaces } from "./support/two-workspaces";

async function healthz(stack: EmulatedStack): Promise<any> {
  return (await fetch(`${stack.baseUrl}/healthz`)).json();
}

describe("the bot scopes /slack/install asks for", () => {
  it("are manifest.yml's, which subscribes to the Slack Connect and uninstall events", () => {
    const manifest = parse(fs.readFileSync(path.resolve(import.meta.dirname, "../manifest.yml"), "utf8"));
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.oauth_config.redirect_urls).toEqual(["https://renkei.example.go.jp/slack/oauth_redirect"]);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining([
      "app_uninstalled", "tokens_revoked", "shared_channel_invite_received", "shared_channel_invite_accepted",
      "shared_channel_invite_approved", "shared_channel_invite_declined", "channel_shared",
    ]));
  });
});

describe.each(testDatabases())("OAuth install per organisation on %s", (database) => {
  let h: TwoWorkspaces;
  let emu: SlackEmulator;
  let nisc: EmuTeam;
  let stack: EmulatedStack;

  beforeAll(async () => {
    h = await startTwoWorkspaces({ database, install: false });
    ({ emu, nisc } = h);
    stack = h;
    emu.addMembers(nisc.generalChannelId, nisc.botUserId);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("before any install, /healthz names each party's workspace without an installation and the fix (and stays up for /slack/install)", async () => {
    const res = await fetch(`${stack.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body.checks.workspaces).toMatchObject({ status: "warn", code: "not_installed" });
    expect(body.checks.workspaces.parties).toEqual({
      ppc: { teamId: PPC_TEAM, status: "not_installed", fix: expect.stringContaining("/slack/install") },
      nisc: { teamId: NISC_TEAM, status: "not_installed", fix: expect.stringContaining("/slack/install") },
    });
  });

  it("each organisation's administrator installs it; the token is stored encrypted and the install audited", async () => {
    // /slack/install sends the administrator to Slack's consent page, asking for manifest.yml's bot scopes.
    const consent = new URL((await fetch(`${stack.baseUrl}/slack/install`, { redirect: "manual" })).headers.get("location")!);
    expect(consent.toString().startsWith(`${stack.emu.url}/oauth/v2/authorize`)).toBe(true);
    expect(consent.searchParams.get("scope")!.split(",").sort()).toEqual([...BOT_SCOPES].sort());
    const ppc = await installThroughOAuth(stack, PPC_TEAM, U.ppcManager);
    expect(ppc.status).toBe(200);
    expect((await healthz(stack)).checks.workspaces.parties).toMatchObject({ ppc: { status: "installed" }, nisc: { status: "not_installed" } });
    const niscRes = await installThroughOAuth(stack, NISC_TEAM, U.niscManager);
    expect(niscRes.status).toBe(200);
    expect((await healthz(stack)).checks.workspaces.parties).toEqual({ ppc: { teamId: PPC_TEAM, status: "installed" }, nisc: { teamId: NISC_TEAM, status: "installed" } });

    const rows = await stack.store.db.slackInstallation.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.botUserId, r.installerUserId])).toEqual([[NISC_TEAM, nisc.botUserId, U.niscManager], [PPC_TEAM, emu.botUserId, U.ppcManager]]);
    for (const row of rows) {
      const token = emu.team(row.id)!.botToken!;
      expect(JSON.stringify(row)).not.toContain(token);
      expect(JSON.stringify(row)).not.toContain("xoxb-");
      expect(TokenCipher.fromKeyText(EMULATED_TOKEN_KEY).decrypt(row.botTokenCipher, row.id)).toBe(token);
    }
    const audit = await stack.store.auditEntriesOf(NISC_TEAM);
    expect(audit).toEqual([expect.objectContaining({ action: "slack.installed", actorUserId: U.niscManager, actorParty: "nisc", before: null })]);
    expect(JSON.stringify(audit)).not.toContain("xoxb-");
  });

  it("Bolt authorizes each workspace's requests with that workspace's token: /renkei new and App Home in NISC's own workspace", async () => {
    // A trigger works only with the token of the installation it was sent to, and App Home only within a person's own team.
    await stack.driver.slashCommand({ user: U.niscStaff, text: "new" });
    const modal = await emu.waitFor(() => emu.openViews(U.niscStaff).find((v) => v.view.callback_id === "incident_intake"), { message: "intake modal did not open for NISC staff" });
    expect(modal).toBeDefined();
    await stack.driver.slashCommand({ user: U.ppcStaff, text: "new" });
    await emu.waitFor(() => emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "incident_intake"), { message: "intake modal did not open for PPC staff" });
    await stack.driver.openHome(U.niscLiaison);
    const home = await emu.waitFor(() => emu.homeView(U.niscLiaison));
    expect(emu.viewJson(home)).toMatchObject({ team_id: NISC_TEAM, bot_id: nisc.botId });
  });

  it("an installation Slack revokes is kept, marked and audited, and reported on /healthz", async () => {
    emu.revokeInstallation(NISC_TEAM, "token_revoked");
    await stack.driver.deliverPlatformEvents();
    const deadline = Date.now() + 5000;
    let body = await healthz(stack);
    while (body.checks.workspaces.parties.nisc.status !== "revoked" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      body = await healthz(stack);
    }
    expect(body.checks.workspaces.parties.nisc).toEqual({ teamId: NISC_TEAM, status: "revoked", fix: expect.stringContaining("/slack/install again") });
    // Slack sends tokens_revoked and app_uninstalled together, in no promised order: the first handled names the reason.
    const row = await stack.store.installations.find(NISC_TEAM);
    expect(row?.revokedAt).toBeInstanceOf(Date);
    expect(["token_revoked", "app_uninstalled"]).toContain(row?.revokedReason);
    expect((await stack.store.auditEntriesOf(NISC_TEAM)).map((a) => a.action)).toEqual(["slack.installed", "slack.installation_revoked"]);
    // Installing again restores it.
    expect((await installThroughOAuth(stack, NISC_TEAM, U.niscManager)).status).toBe(200);
    expect((await healthz(stack)).checks.workspaces.parties.nisc.status).toBe("installed");
    expect((await stack.store.auditEntriesOf(NISC_TEAM)).map((a) => a.action)).toEqual(["slack.installed", "slack.installation_revoked", "slack.reinstalled"]);
  });
});

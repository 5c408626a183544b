// The emulator's second workspace: one app installed in two teams (two bot users, two tokens),
// Slack Connect between them, and the strictness that makes a wrong token or team fail a test.
import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { App, LogLevel } from "@slack/bolt";
import { WebClient, ErrorCode, LogLevel as WebLogLevel, type Logger } from "@slack/web-api";
import { SlackDriver, SlackEmulator, type EmuTeam } from "./index";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => WebLogLevel.ERROR, setName() {} };
const SECRET = "two-ws-secret";
const NISC = "T0NISCWS01";

async function slackError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err: any) {
    if (err.code !== ErrorCode.PlatformError) throw err;
    return err.data.error;
  }
  throw new Error("expected the call to fail");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

let emu: SlackEmulator;
let nisc: EmuTeam;
const clientFor = (token: string) => new WebClient(token, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
let ppcClient: WebClient;
let niscClient: WebClient;

beforeAll(async () => {
  emu = await SlackEmulator.start({ teamId: "T0PPCWS001", teamDomain: "ppc-example" });
  nisc = emu.addTeam({ id: NISC, domain: "nisc-example", name: "NISC" });
  ppcClient = clientFor(emu.botToken);
  niscClient = clientFor(nisc.botToken!);
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => {
  emu.reset();
  emu.addUser({ id: "U0PPC1", name: "ppc-liaison", email: "liaison@ppc.example" });
  emu.addUser({ id: "U0NISC1", name: "nisc-liaison", teamId: NISC, email: "liaison@nisc.example" });
  emu.addUser({ id: "U0NISC2", name: "nisc-staff", teamId: NISC });
});

/** PPC's installation creates a channel and shares it with NISC's installation (its bot, by user id). */
async function shareWithNisc(name = "incident-1"): Promise<{ channel: string; inviteId: string }> {
  const created = await ppcClient.conversations.create({ name, is_private: true });
  const channel = created.channel!.id!;
  const shared = await ppcClient.conversations.inviteShared({ channel, user_ids: [nisc.botUserId] });
  return { channel, inviteId: shared.invite_id as string };
}

describe("two workspaces, one app", () => {
  it("each token is its own team's installation: auth.test, #general, channels of the other team do not exist", async () => {
    expect(await ppcClient.auth.test()).toMatchObject({ team_id: "T0PPCWS001", user_id: emu.botUserId });
    expect(await niscClient.auth.test()).toMatchObject({ team_id: NISC, user_id: nisc.botUserId, bot_id: nisc.botId });
    expect(emu.channel(nisc.generalChannelId)!.members).toEqual(["U0NISC1", "U0NISC2"]);
    expect(emu.channel("C0GENERAL1")!.members).toEqual(["U0PPC1"]);
    const ppcOnly = (await ppcClient.conversations.create({ name: "ppc-internal" })).channel!.id!;
    expect(await slackError(niscClient.conversations.info({ channel: ppcOnly }))).toBe("channel_not_found");
    expect(await slackError(niscClient.chat.postMessage({ channel: ppcOnly, text: "hi" }))).toBe("channel_not_found");
    // The same name may exist in each workspace.
    expect((await niscClient.conversations.create({ name: "ppc-internal" })).channel!.id).not.toBe(ppcOnly);
    expect(await slackError(clientFor("xoxb-made-up").auth.test())).toBe("invalid_auth");
  });

  it("DMs, App Home and conversations.invite stay within a person's own team", async () => {
    expect(await slackError(ppcClient.conversations.open({ users: "U0NISC1" }))).toBe("user_not_found");
    expect(await slackError(ppcClient.chat.postMessage({ channel: "U0NISC1", text: "hi" }))).toBe("channel_not_found");
    expect(await slackError(ppcClient.views.publish({ user_id: "U0NISC1", view: { type: "home", blocks: [] } }))).toBe("user_not_found");
    expect(await slackError(ppcClient.users.info({ user: "U0NISC1" }))).toBe("user_not_found");
    const dm = await niscClient.conversations.open({ users: "U0NISC1" });
    await niscClient.chat.postMessage({ channel: dm.channel!.id!, text: "reminder" });
    expect(emu.dms("U0NISC1").map((m) => [m.user, m.text])).toEqual([[nisc.botUserId, "reminder"]]);
    await niscClient.views.publish({ user_id: "U0NISC1", view: { type: "home", blocks: [] } });
    expect(emu.homeView("U0NISC1")).toBeDefined();
    const ch = (await ppcClient.conversations.create({ name: "ppc-room" })).channel!.id!;
    expect(await slackError(ppcClient.conversations.invite({ channel: ch, users: "U0NISC1" }))).toBe("user_not_found");
  });
});

describe("Slack Connect", () => {
  it("inviteShared → shared_channel_invite_received for the other installation → acceptSharedInvite shares the channel", async () => {
    const { channel, inviteId } = await shareWithNisc();
    expect(emu.pendingPlatformEvents()).toEqual([
      { teamId: NISC, event: expect.objectContaining({ type: "shared_channel_invite_received", invite: expect.objectContaining({ id: inviteId, inviting_team: expect.objectContaining({ id: "T0PPCWS001" }) }), channel: expect.objectContaining({ id: channel }) }) },
    ]);
    emu.takePlatformEvents();
    // Not shared yet: the channel does not exist for NISC's installation.
    expect(await slackError(niscClient.conversations.info({ channel }))).toBe("channel_not_found");
    expect(await slackError(niscClient.conversations.acceptSharedInvite({ invite_id: inviteId } as any))).toBe("invalid_arguments");
    expect(await slackError(ppcClient.conversations.acceptSharedInvite({ invite_id: inviteId, channel_name: "x" }))).toBe("invite_not_found");
    const accepted = await niscClient.conversations.acceptSharedInvite({ invite_id: inviteId, channel_name: "incident-1" });
    expect(accepted).toMatchObject({ implicit_approval: true, channel_id: channel, invite_id: inviteId });
    const info = await niscClient.conversations.info({ channel });
    expect(info.channel).toMatchObject({ is_ext_shared: true, is_shared: true, shared_team_ids: ["T0PPCWS001", NISC], is_member: true });
    expect(emu.channel(channel)!.members).toEqual([emu.botUserId, nisc.botUserId]);
    expect(emu.sharedInvites()[0]).toMatchObject({ status: "accepted", accepted: true, targetTeamId: NISC });
    expect(emu.takePlatformEvents().map((e) => [e.teamId, e.event.type])).toEqual([
      ["T0PPCWS001", "channel_shared"], ["T0PPCWS001", "shared_channel_invite_accepted"], [NISC, "shared_channel_invite_accepted"],
    ]);
    // Each installation invites its own people; members of both teams end up in the channel.
    expect(await slackError(ppcClient.conversations.invite({ channel, users: "U0NISC1" }))).toBe("user_not_found");
    await niscClient.conversations.invite({ channel, users: "U0NISC1,U0NISC2" });
    await ppcClient.conversations.invite({ channel, users: "U0PPC1" });
    expect(emu.channel(channel)!.members.sort()).toEqual([emu.botUserId, nisc.botUserId, "U0NISC1", "U0NISC2", "U0PPC1"].sort());
    // A message belongs to the bot that posted it: the other installation cannot edit it.
    const posted = await ppcClient.chat.postMessage({ channel, text: "card" });
    expect(await slackError(niscClient.chat.update({ channel, ts: posted.ts!, text: "edited" }))).toBe("cant_update_message");
    expect(await slackError(niscClient.conversations.acceptSharedInvite({ invite_id: inviteId, channel_name: "incident-1" }))).toBe("already_in_channel");
    // Only the host shares a channel; #general is never shared.
    expect(await slackError(niscClient.conversations.inviteShared({ channel, user_ids: ["U0PPC1"] }))).toBe("not_allowed");
    expect(await slackError(ppcClient.conversations.inviteShared({ channel: "C0GENERAL1", user_ids: [nisc.botUserId] }))).toBe("not_in_channel");
  });

  it("approval pending: the channel is shared only once the accepting team's admins approve", async () => {
    nisc.requiresApproval = true;
    try {
      const { channel, inviteId } = await shareWithNisc("incident-2");
      emu.takePlatformEvents();
      const accepted = await niscClient.conversations.acceptSharedInvite({ invite_id: inviteId, channel_name: "incident-2" });
      expect(accepted.implicit_approval).toBe(false);
      expect(emu.sharedInvites()[0]!.status).toBe("pending_approval");
      expect(emu.channel(channel)!.isExtShared).toBe(false);
      expect(await slackError(niscClient.conversations.info({ channel }))).toBe("channel_not_found");
      expect(emu.takePlatformEvents().map((e) => [e.teamId, e.event.type, e.event.approval_required])).toEqual([
        ["T0PPCWS001", "shared_channel_invite_accepted", true], [NISC, "shared_channel_invite_accepted", true],
      ]);
      emu.approveSharedInvite(inviteId);
      expect((await niscClient.conversations.info({ channel })).channel).toMatchObject({ is_ext_shared: true });
      expect(emu.takePlatformEvents().map((e) => [e.teamId, e.event.type])).toEqual([
        ["T0PPCWS001", "channel_shared"], ["T0PPCWS001", "shared_channel_invite_approved"], [NISC, "shared_channel_invite_approved"],
      ]);
    } finally {
      nisc.requiresApproval = false;
    }
  });

  it("a refused or expired invitation shares nothing and cannot be accepted", async () => {
    const refused = await shareWithNisc("incident-3");
    emu.takePlatformEvents();
    emu.declineSharedInvite(refused.inviteId);
    expect(emu.takePlatformEvents().map((e) => [e.teamId, e.event.type])).toEqual([
      ["T0PPCWS001", "shared_channel_invite_declined"], [NISC, "shared_channel_invite_declined"],
    ]);
    expect(await slackError(niscClient.conversations.acceptSharedInvite({ invite_id: refused.inviteId, channel_name: "incident-3" }))).toBe("invalid_link");
    const expired = await shareWithNisc("incident-4");
    emu.expireSharedInvite(expired.inviteId);
    expect(await slackError(niscClient.conversations.acceptSharedInvite({ invite_id: expired.inviteId, channel_name: "incident-4" }))).toBe("invalid_link");
    expect(emu.channel(refused.channel)!.isExtShared || emu.channel(expired.channel)!.isExtShared).toBe(false);
  });

  it("inviting people (not the app) sends no event; a person accepts in Slack's client", async () => {
    const ch = (await ppcClient.conversations.create({ name: "incident-5" })).channel!.id!;
    const res = await ppcClient.conversations.inviteShared({ channel: ch, emails: ["liaison@nisc.example"] });
    expect(emu.pendingPlatformEvents()).toEqual([]);
    emu.acceptSharedInvite(res.invite_id as string);
    expect(emu.channel(ch)!.members).toContain("U0NISC1");
    expect((await niscClient.conversations.info({ channel: ch })).channel).toMatchObject({ is_ext_shared: true, is_member: false });
    expect(await slackError(niscClient.chat.postMessage({ channel: ch, text: "x" }))).toBe("not_in_channel");
  });
});

describe("revoked installation", () => {
  it("token_revoked / account_inactive for that team only; app_uninstalled and tokens_revoked are raised", async () => {
    emu.revokeInstallation(NISC, "token_revoked");
    expect(await slackError(niscClient.auth.test())).toBe("token_revoked");
    expect(await ppcClient.auth.test()).toMatchObject({ ok: true });
    expect(emu.takePlatformEvents().map((e) => [e.teamId, e.event.type])).toEqual([[NISC, "tokens_revoked"], [NISC, "app_uninstalled"]]);
    emu.revokeInstallation(NISC, "account_inactive");
    expect(await slackError(niscClient.chat.postMessage({ channel: nisc.generalChannelId, text: "x" }))).toBe("account_inactive");
    emu.reset();
    expect(await niscClient.auth.test()).toMatchObject({ team_id: NISC });
  });
});

describe("OAuth v2 install", () => {
  it("authorize → code → oauth.v2.access installs the app in the chosen team, once per code", async () => {
    const other = emu.addTeam({ id: "T0THIRD001", domain: "third", installed: false });
    emu.addUser({ id: "U0THIRD1", name: "admin", teamId: other.id });
    const redirect = "http://127.0.0.1:1/slack/oauth_redirect";
    const q = new URLSearchParams({ client_id: emu.clientId, scope: "chat:write", redirect_uri: redirect, state: "s1", team: other.id });
    const res = await fetch(`${emu.url}/oauth/v2/authorize?${q}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(location.searchParams.get("state")).toBe("s1");
    const code = location.searchParams.get("code")!;
    const anon = new WebClient(undefined, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
    expect(await slackError(anon.oauth.v2.access({ client_id: emu.clientId, client_secret: "wrong", code, redirect_uri: redirect }))).toBe("bad_client_secret");
    const access = await anon.oauth.v2.access({ client_id: emu.clientId, client_secret: emu.clientSecret, code, redirect_uri: redirect });
    expect(access).toMatchObject({ token_type: "bot", bot_user_id: other.botUserId, team: { id: other.id }, authed_user: { id: "U0THIRD1" } });
    expect(await clientFor(access.access_token!).auth.test()).toMatchObject({ team_id: other.id });
    expect(await slackError(anon.oauth.v2.access({ client_id: emu.clientId, client_secret: emu.clientSecret, code, redirect_uri: redirect }))).toBe("invalid_code");
    expect((await fetch(`${emu.url}/oauth/v2/authorize?${new URLSearchParams({ client_id: "nope", redirect_uri: redirect })}`, { redirect: "manual" })).status).toBe(400);
  });
});

describe("the driver, to a Bolt app installed in both teams", () => {
  let app: App;
  let driver: SlackDriver;
  const seen: Array<{ kind: string; team: string | undefined; userTeam?: string; botToken: string | undefined }> = [];

  beforeAll(async () => {
    const port = await freePort();
    app = new App({
      signingSecret: SECRET, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: emu.apiUrl },
      authorize: async ({ teamId }) => {
        const team = emu.team(teamId!);
        if (!team?.botToken) throw new Error(`no installation for ${teamId}`);
        return { botToken: team.botToken, botUserId: team.botUserId, botId: team.botId, teamId: team.id };
      },
    });
    app.command("/renkei", async ({ ack, body, context, client }) => {
      await ack();
      seen.push({ kind: "command", team: body.team_id, botToken: context.botToken });
      await client.chat.postEphemeral({ channel: body.channel_id, user: body.user_id, text: `hello from ${(await client.auth.test()).team_id}` });
    });
    app.event("message", async ({ body, context }) => {
      seen.push({ kind: "message", team: (body as any).authorizations[0].team_id, botToken: context.botToken });
    });
    app.event("app_home_opened", async ({ event, client, context }) => {
      seen.push({ kind: "home", team: context.teamId, botToken: context.botToken });
      await client.views.publish({ user_id: event.user, view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "home" } }] } });
    });
    app.event("shared_channel_invite_received", async ({ event, client, context }) => {
      seen.push({ kind: "invite", team: context.teamId, botToken: context.botToken });
      const e = event as any;
      await client.conversations.acceptSharedInvite({ invite_id: e.invite.id, channel_name: e.channel.name });
    });
    app.action("hello", async ({ ack, body, context }) => {
      await ack();
      seen.push({ kind: "action", team: body.team?.id, userTeam: (body.user as any).team_id, botToken: context.botToken });
    });
    await app.start(port);
    driver = new SlackDriver({ emulator: emu, appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: SECRET });
  });
  afterAll(async () => {
    await app.stop();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it("a slash command reaches the app through the person's own installation; not where the app is not installed", async () => {
    emu.addMembers("C0GENERAL1", emu.botUserId);
    emu.addMembers(nisc.generalChannelId, nisc.botUserId);
    await driver.slashCommand({ user: "U0NISC1" });
    await driver.slashCommand({ user: "U0PPC1" });
    await emu.waitFor(() => emu.ephemerals().length === 2);
    expect(seen.map((s) => [s.team, s.botToken])).toEqual([[NISC, nisc.botToken], ["T0PPCWS001", emu.botToken]]);
    expect(emu.ephemerals("U0NISC1").map((e) => [e.channel, e.text])).toEqual([[nisc.generalChannelId, `hello from ${NISC}`]]);
    const absent = emu.addTeam({ id: "T0NOAPP001", installed: false });
    emu.addUser({ id: "U0NOAPP", name: "x", teamId: absent.id });
    await expect(driver.slashCommand({ user: "U0NOAPP" })).rejects.toThrow(/not installed/);
    await expect(driver.slashCommand({ user: "U0NISC1", channel: "C0GENERAL1" })).rejects.toThrow(/not a member/);
  });

  it("the invitation event goes to the other installation, which accepts; then messages, clicks and App Home carry each person's team", async () => {
    const { channel } = await shareWithNisc("incident-9");
    const delivered = await driver.deliverPlatformEvents();
    expect(delivered.map((d) => [d.teamId, d.event.type])).toEqual([[NISC, "shared_channel_invite_received"]]);
    await emu.waitFor(() => emu.channel(channel)!.isExtShared);
    expect(seen).toEqual([{ kind: "invite", team: NISC, botToken: nisc.botToken }]);
    await driver.deliverPlatformEvents();
    await niscClient.conversations.invite({ channel, users: "U0NISC1" });
    await ppcClient.conversations.invite({ channel, users: "U0PPC1" });
    seen.length = 0;

    await driver.userMessage({ user: "U0NISC1", channel, text: "from nisc" });
    await driver.userMessage({ user: "U0PPC1", channel, text: "from ppc" });
    await emu.waitFor(() => seen.length === 2);
    expect(seen.map((s) => [s.kind, s.team, s.botToken])).toEqual([["message", NISC, nisc.botToken], ["message", "T0PPCWS001", emu.botToken]]);

    const card = await ppcClient.chat.postMessage({
      channel, text: "card", blocks: [{ type: "actions", elements: [{ type: "button", action_id: "hello", text: { type: "plain_text", text: "Hi" } }] }],
    });
    seen.length = 0;
    await driver.clickButton({ user: "U0NISC1", channel, ts: card.ts!, actionId: "hello" });
    expect(seen).toEqual([{ kind: "action", team: NISC, userTeam: NISC, botToken: nisc.botToken }]);

    seen.length = 0;
    await driver.openHome("U0NISC1");
    await emu.waitFor(() => emu.homeView("U0NISC1"));
    expect(seen).toEqual([{ kind: "home", team: NISC, botToken: nisc.botToken }]);
    expect(emu.viewJson(emu.homeView("U0NISC1")!)).toMatchObject({ team_id: NISC, bot_id: nisc.botId });
  });
});

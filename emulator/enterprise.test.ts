// The emulator's Enterprise Grid: one organisation holding two teams, an org-wide install through
// OAuth (is_enterprise_install, one token), and that token's strictness: it acts in the team a call
// names or implies, conversations.create must name it, and no team outside the organisation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebClient, ErrorCode, LogLevel as WebLogLevel, type Logger } from "@slack/web-api";
import { SlackEmulator } from "./index";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => WebLogLevel.ERROR, setName() {} };
const A = "T0GRIDA001";
const B = "T0GRIDB001";
const OUTSIDE = "T0OUTSIDE1";
const ORG = "E0GRID0001";

async function slackError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err: any) {
    if (err.code !== ErrorCode.PlatformError) throw err;
    return err.data.error;
  }
  throw new Error("expected the call to fail");
}

describe("Enterprise Grid in the emulator", () => {
  let emu: SlackEmulator;
  let org: WebClient;
  beforeAll(async () => {
    emu = await SlackEmulator.start({ teamId: A });
    emu.addTeam({ id: B, installed: false });
    emu.addTeam({ id: OUTSIDE });
    emu.addEnterprise({ id: ORG, name: "Org", teamIds: [A, B] });
    emu.addUser({ id: "U0ADMINA01", name: "admin", teamId: A });
    emu.addUser({ id: "U0PERSONB1", name: "b", teamId: B });
    emu.addUser({ id: "U0PERSONX1", name: "x", teamId: OUTSIDE });
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it("an org admin's install answers is_enterprise_install with one token for the organisation", async () => {
    const redirect = "http://127.0.0.1:1/slack/oauth_redirect";
    const q = new URLSearchParams({ client_id: emu.clientId, redirect_uri: redirect, enterprise: ORG, user: "U0ADMINA01", scope: "chat:write" });
    const res = await fetch(`${emu.url}/oauth/v2/authorize?${q}`, { redirect: "manual" });
    const code = new URL(res.headers.get("location")!).searchParams.get("code")!;
    const access = await new WebClient(undefined, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet }).oauth.v2.access({ client_id: emu.clientId, client_secret: emu.clientSecret, code, redirect_uri: redirect });
    expect(access).toMatchObject({ is_enterprise_install: true, enterprise: { id: ORG }, team: null });
    expect(emu.isOrgWideInstalled(B)).toBe(true);
    expect(emu.isOrgWideInstalled(OUTSIDE)).toBe(false);
    // A person outside the organisation cannot install it for the organisation.
    const outsider = new URLSearchParams({ client_id: emu.clientId, redirect_uri: redirect, enterprise: ORG, user: "U0PERSONX1" });
    expect((await fetch(`${emu.url}/oauth/v2/authorize?${outsider}`, { redirect: "manual" })).status).toBe(400);
    org = new WebClient(String(access.access_token), { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
  });

  it("the org token acts in the team a call names or implies; conversations.create must name it; no team outside", async () => {
    expect(await slackError(org.conversations.create({ name: "no-team" }))).toBe("invalid_arguments");
    const created = await org.conversations.create({ name: "in-b", team_id: B });
    expect(emu.channel(created.channel!.id!)!.teamId).toBe(B);
    expect(emu.calls("conversations.create").at(-1)!.teamId).toBe(B);
    expect(await slackError(org.conversations.create({ name: "outside", team_id: OUTSIDE }))).toBe("team_access_not_granted");
    // A DM to a person of B is B's.
    const dm = await org.chat.postMessage({ channel: "U0PERSONB1", text: "hello" });
    expect(emu.channel(String(dm.channel))!.teamId).toBe(B);
    // People of another workspace are not found by invitation unless they are members of it too.
    expect(await slackError(org.conversations.invite({ channel: created.channel!.id!, users: "U0ADMINA01" }))).toBe("user_not_found");
  });
});

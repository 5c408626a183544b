// Enterprise Grid: both parties' workspaces in one organisation, renkei installed once for the
// whole organisation (an org-wide install: is_enterprise_install, stored under the enterprise id).
// Bolt fetches that installation by enterprise id for requests from either workspace; effects act
// in each workspace with the org token (conversations.create told the workspace with team_id); the
// parties, being one organisation, reach each other without Slack Connect.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackEmulator, type EmuTeam } from "../emulator";
import { runDigestSweep } from "../src/app/sweeps";
import { parseRenkeiConfig } from "../src/config/renkei-config";
import { startEmulatedStack, type EmulatedStack } from "../src/dev/emulated-stack";
import { freshDatabase, testDatabases, type FreshDatabase } from "./support/databases";
import { intakeValues, submitIntake, testConfigInput, U, until, type Harness } from "./support/harness";

const PPC_TEAM = "T0PPCGRID1";
const NISC_TEAM = "T0NISCGRD1";
const ORG = "E0GOVJP001";

describe.each(testDatabases())("an org-wide install serving both parties (Enterprise Grid) on %s", (database) => {
  let db: FreshDatabase;
  let emu: SlackEmulator;
  let nisc: EmuTeam;
  let stack: EmulatedStack;
  let h: Harness;

  beforeAll(async () => {
    db = await freshDatabase(database);
    emu = await SlackEmulator.start({ teamId: PPC_TEAM, teamDomain: "ppc-grid" });
    nisc = emu.addTeam({ id: NISC_TEAM, domain: "nisc-grid", name: "NISC", installed: false });
    emu.addEnterprise({ id: ORG, name: "Government of Japan (example)", teamIds: [PPC_TEAM, NISC_TEAM] });
    // In a Grid organisation a person may belong to several workspaces: PPC's liaison is also in NISC's.
    for (const [name, id] of Object.entries(U)) {
      emu.addUser({ id, name, ...(id.startsWith("U0NISC") ? { teamId: NISC_TEAM } : {}), ...(id === U.ppcLiaison ? { alsoInTeams: [NISC_TEAM] } : {}) });
    }
    const input = testConfigInput() as Record<string, any>;
    input.parties.ppc.teamId = PPC_TEAM;
    input.parties.ppc.enterpriseId = ORG;
    input.parties.nisc.teamId = NISC_TEAM;
    input.parties.nisc.enterpriseId = ORG;
    stack = await startEmulatedStack({ databaseUrl: db.url, config: parseRenkeiConfig(input, "test config"), users: [], emulator: emu, oauth: true });
    h = { ...stack, db };
  });
  afterAll(async () => {
    await stack?.stop();
    await emu?.stop();
    await db?.dispose();
  });

  it("an org admin installs renkei once for the organisation; /healthz counts both parties' workspaces as served", async () => {
    const start = await fetch(`${stack.baseUrl}/slack/install`, { redirect: "manual" });
    const cookie = (start.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");
    const consent = new URL(start.headers.get("location")!);
    consent.searchParams.set("enterprise", ORG);
    consent.searchParams.set("user", U.niscManager);
    const back = new URL((await fetch(consent, { redirect: "manual" })).headers.get("location")!);
    expect((await fetch(`${stack.baseUrl}${back.pathname}${back.search}`, { headers: { cookie }, redirect: "manual" })).status).toBe(200);
    emu.addMembers(nisc.generalChannelId, nisc.botUserId);

    const rows = await stack.store.db.slackInstallation.findMany();
    expect(rows.map((r) => ({ id: r.id, teamId: r.teamId, enterpriseId: r.enterpriseId, isEnterpriseInstall: r.isEnterpriseInstall }))).toEqual([{ id: ORG, teamId: null, enterpriseId: ORG, isEnterpriseInstall: true }]);
    const health: any = await (await fetch(`${stack.baseUrl}/healthz`)).json();
    expect(health.checks.workspaces.parties).toEqual({ ppc: { teamId: PPC_TEAM, status: "installed" }, nisc: { teamId: NISC_TEAM, status: "installed" } });
  });

  it("requests from either workspace are authorized with the org-wide installation (fetched by enterprise id)", async () => {
    for (const [user, team] of [[U.niscStaff, NISC_TEAM], [U.ppcStaff, PPC_TEAM]] as const) {
      await stack.driver.slashCommand({ user, text: "new" });
      await emu.waitFor(() => emu.openViews(user).find((v) => v.view.callback_id === "incident_intake"), { message: `intake modal did not open for ${user}` });
      const call = emu.calls("views.open").at(-1)!;
      expect(call.teamId).toBe(team);
      expect(call.response.ok).toBe(true);
    }
    await stack.driver.openHome(U.niscLiaison);
    expect(emu.viewJson(await emu.waitFor(() => emu.homeView(U.niscLiaison)))).toMatchObject({ team_id: NISC_TEAM });
    await stack.driver.openHome(U.ppcLiaison);
    expect(emu.viewJson(await emu.waitFor(() => emu.homeView(U.ppcLiaison)))).toMatchObject({ team_id: PPC_TEAM });
  });

  it("NISC registers: the channel is created in NISC's workspace (team_id with the org token); PPC's liaison is invited directly, no Slack Connect", async () => {
    const { ref } = await submitIntake(h, U.niscStaff, intakeValues({ "intake_title.value": "Grid incident" }));
    const incident = await until(async () => {
      await stack.settle();
      const i = await stack.store.incidentByRef(ref!);
      return i?.channelStatus === "ready" ? i : null;
    }, "channel not ready");
    const create = emu.calls("conversations.create").find((c) => c.response?.ok)!;
    expect(create.args.team_id).toBe(NISC_TEAM);
    expect(create.teamId).toBe(NISC_TEAM);
    const channel = emu.channel(incident.channelId!)!;
    expect(channel.teamId).toBe(NISC_TEAM);
    expect(channel.members).toEqual(expect.arrayContaining([U.niscStaff, U.niscLiaison, U.ppcLiaison]));
    expect(emu.calls("conversations.inviteShared")).toEqual([]);
    const dm = await emu.waitFor(() => emu.dms(U.niscStaff).at(-1), { message: "no DM to the registrant" });
    expect(emu.channel(emu.dmChannelId(U.niscStaff))!.teamId).toBe(NISC_TEAM);
    expect(dm.text).toContain(ref!);
  });

  it("each party's managers get the digest in their own workspace through the org-wide token", async () => {
    await runDigestSweep(stack, { force: true });
    await stack.settle();
    for (const [manager, team] of [[U.ppcManager, PPC_TEAM], [U.niscManager, NISC_TEAM]] as const) {
      await emu.waitFor(() => emu.dms(manager).at(-1), { message: `no digest to ${manager}` });
      expect(emu.channel(emu.dmChannelId(manager))!.teamId).toBe(team);
    }
    const posts = emu.calls("chat.postMessage").filter((c) => c.response?.ok);
    expect(new Set(posts.map((c) => c.teamId))).toEqual(new Set([PPC_TEAM, NISC_TEAM]));
    expect(emu.calls().filter((c) => c.response?.ok === false && /invalid_auth|invalid_arguments|team_access_not_granted|user_not_found/.test(String(c.response?.error)))).toEqual([]);
  });
});

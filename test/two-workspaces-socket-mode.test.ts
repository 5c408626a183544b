// Socket Mode with OAuth installs (issue 17's last item, issue 11): one app-level token, one
// WebSocket, serving the installations of both organisations' workspaces. The install pages are
// served next to /healthz (an administrator's browser visits them; nothing inbound from Slack), and
// every envelope — commands, interactions, events of either team — is authorized with its own
// workspace's installation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases } from "./support/databases";
import { intakeValues, submitIntake, U, until } from "./support/harness";
import { clickPosition, decisionCard, propose } from "./support/consultation";
import { installThroughOAuth, NISC_TEAM, PPC_TEAM, startTwoWorkspaces, type TwoWorkspaces } from "./support/two-workspaces";

async function healthz(h: TwoWorkspaces): Promise<any> {
  return (await fetch(`${h.baseUrl}/healthz`)).json();
}

describe.each(testDatabases())("two workspaces over one Socket Mode connection on %s", (database) => {
  let h: TwoWorkspaces;
  let ref: string;

  beforeAll(async () => {
    h = await startTwoWorkspaces({ database, transport: "socket", install: false });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("the install pages are served next to /healthz; each organisation's administrator installs renkei there", async () => {
    expect(h.driver.transport).toBe("socket");
    const before = await healthz(h);
    expect(before.checks.transport).toMatchObject({ status: "ok" });
    expect(before.checks.workspaces.parties).toMatchObject({ ppc: { status: "not_installed" }, nisc: { status: "not_installed" } });
    // No signing secret and no /slack/events in Socket Mode: only the pages a browser visits.
    expect((await fetch(`${h.baseUrl}/slack/events`, { method: "POST" })).status).toBe(404);

    expect((await installThroughOAuth(h, PPC_TEAM, U.ppcManager)).status).toBe(200);
    expect((await installThroughOAuth(h, NISC_TEAM, U.niscManager)).status).toBe(200);
    h.emu.addMembers(h.nisc.generalChannelId, h.nisc.botUserId);
    expect((await healthz(h)).checks.workspaces.parties).toEqual({ ppc: { teamId: PPC_TEAM, status: "installed" }, nisc: { teamId: NISC_TEAM, status: "installed" } });
    expect((await h.store.auditEntriesOf(NISC_TEAM)).map((a) => [a.action, a.actorUserId])).toEqual([["slack.installed", U.niscManager]]);
    // A forged or replayed callback installs nothing.
    expect((await fetch(`${h.baseUrl}/slack/oauth_redirect?code=forged&state=forged`)).status).toBeGreaterThanOrEqual(400);
  });

  it("/renkei new in each workspace opens the form with that workspace's installation (a trigger works only with its own token)", async () => {
    for (const user of [U.niscStaff, U.ppcStaff]) {
      await h.driver.slashCommand({ user, text: "new" });
      await h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "incident_intake"), { message: `intake modal did not open for ${user}` });
    }
    const opened = h.emu.calls("views.open").map((c) => c.teamId);
    expect(opened).toEqual(expect.arrayContaining([PPC_TEAM, NISC_TEAM]));
  });

  it("NISC registers: NISC's installation creates and shares the channel, PPC's accepts — all over the one connection", async () => {
    const res = await submitIntake(h, U.niscStaff, intakeValues({ "intake_title.value": "Leak reported to NISC over Socket Mode" }));
    ref = res.ref!;
    const incident = await until(async () => {
      await h.settle();
      const i = await h.store.incidentByRef(ref);
      return i?.channelId ? i : null;
    }, "channel not created");
    const channel = h.emu.channel(incident.channelId!)!;
    expect(channel.teamId).toBe(NISC_TEAM);
    expect(h.emu.messages(channel.id)[0]!.user).toBe(h.nisc.botUserId);
    await h.pump(() => h.emu.channel(channel.id)!.members.includes(U.ppcLiaison), "PPC's liaison was not invited");
    expect(h.emu.channel(channel.id)).toMatchObject({ isExtShared: true, connectedTeamIds: [PPC_TEAM] });
    expect(h.emu.calls("conversations.acceptSharedInvite").map((c) => c.teamId)).toEqual([PPC_TEAM]);
    // The registrant hears from NISC's bot in NISC's workspace.
    await h.pump(() => h.emu.dms(U.niscStaff).length > 0, "no DM to the registrant");
    expect(h.emu.dms(U.niscStaff)[0]!.user).toBe(h.nisc.botUserId);
  });

  it("both liaisons decide on the card in the shared channel, each from their own workspace", async () => {
    expect((await propose(h, U.ppcLiaison, ref, { sharing_results: "To avoid contradictory findings." })).status).toBe(200);
    const card = await decisionCard(h, ref);
    expect((await clickPosition(h, U.niscLiaison, ref, "sharing_results", "consult_agree")).status).toBe(200);
    const incident = (await h.store.incidentByRef(ref))!;
    await until(async () => {
      await h.settle();
      return (await h.store.tasksOfIncident(incident.id)).some((t) => t.kind === "cooperation_item" && t.messageTs);
    }, "the agreed item was not posted as a task");
    expect(JSON.stringify(h.emu.message(card.channel, card.ts)!.blocks)).not.toContain("consult_agree");
  });

  it("App Home is published in each person's own workspace by that workspace's bot", async () => {
    for (const [user, team, bot] of [[U.ppcLiaison, PPC_TEAM, h.emu.team(PPC_TEAM)!.botId], [U.niscLiaison, NISC_TEAM, h.nisc.botId]] as const) {
      expect((await h.driver.openHome(user)).status).toBe(200);
      const home = await h.emu.waitFor(() => {
        const v = h.emu.homeView(user);
        return v && JSON.stringify(v.view.blocks).includes(ref) ? v : undefined;
      }, { message: `Home of ${user} not published with the incident` });
      expect(h.emu.viewJson(home)).toMatchObject({ team_id: team, bot_id: bot });
    }
  });

  it("one connection carries both teams' envelopes, each authorized for its own team, all acknowledged in time", () => {
    const envelopes = h.emu.socketMode.envelopes();
    // One app-level connection carries both teams' envelopes (a reconnect under load would add a connection, not a second token).
    const teamsByConnection = new Map<number, Set<string | undefined>>();
    for (const e of envelopes) teamsByConnection.set(e.connectionId, (teamsByConnection.get(e.connectionId) ?? new Set()).add(e.teamId));
    expect([...teamsByConnection.values()].some((teams) => teams.has(PPC_TEAM) && teams.has(NISC_TEAM))).toBe(true);
    expect(new Set(envelopes.map((e) => e.type))).toEqual(new Set(["slash_commands", "interactive", "events_api"]));
    for (const type of ["slash_commands", "interactive", "events_api"] as const) {
      expect(new Set(envelopes.filter((e) => e.type === type).map((e) => e.teamId))).toEqual(new Set([PPC_TEAM, NISC_TEAM]));
    }
    const events = envelopes.filter((e) => e.type === "events_api");
    expect(events.every((e) => e.authorizedTeamId === e.teamId)).toBe(true);
    expect(events.map((e) => e.what)).toEqual(expect.arrayContaining(["shared_channel_invite_received", "app_home_opened"]));
    expect(envelopes.every((e) => e.ackedAt !== undefined)).toBe(true);
    expect(h.emu.socketMode.violations()).toEqual([]);
  });
});

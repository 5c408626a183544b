// Issue 11: every person uses renkei from their own organisation's workspace. With PPC and NISC
// in separate workspaces (OAuth installs), NISC's people run every `/renkei` sub-command and the
// three message shortcuts from NISC's workspace: each gets its private answer or its modal there,
// and every Web API call renkei makes for it goes through NISC's installation (the emulator
// refuses a token outside its own team, and records which team's token made each call).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Incident } from "../src/domain/incident";
import { testDatabases } from "./support/databases";
import { intakeValues, submitIntake, testClock, U, until } from "./support/harness";
import { NISC_TEAM, startTwoWorkspaces, type TwoWorkspaces } from "./support/two-workspaces";

describe.each(testDatabases())("every /renkei sub-command and message shortcut from the other organisation's workspace on %s", (database) => {
  let h: TwoWorkspaces;
  let incident: Incident;
  const clock = testClock("2026-11-25T10:00:00+09:00");

  beforeAll(async () => {
    h = await startTwoWorkspaces({ database, clock });
    // PPC registers in PPC's workspace; the channel is shared with NISC's
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Registered by PPC" }));
    incident = await until(async () => {
      await h.settle();
      const i = await h.store.incidentByRef(ref!);
      return i?.channelId && i.summaryTs ? i : null;
    }, "channel not set up");
    await h.pump(() => h.emu.channel(incident.channelId!)!.members.includes(U.niscLiaison), "NISC's liaison not in the shared channel");
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The workspaces whose tokens made the Web API calls since call number `from` (response_url posts and upload URLs carry no token). */
  const tokenTeams = (from: number) => new Set(h.emu.calls().slice(from).filter((c) => c.method !== "response_url" && c.method !== "upload").map((c) => c.teamId));

  /** Runs `/renkei <text>` as `user` in NISC's #general; what they saw (a private answer or a modal) and the teams of the calls renkei made meanwhile. */
  async function fromNisc(user: string, text: string): Promise<{ seen: string; teams: Set<string | undefined> }> {
    const calls = h.emu.calls().length;
    const answers = h.emu.ephemerals(user).length;
    const views = h.emu.openViews(user).map((v) => v.id);
    await h.driver.slashCommand({ user, text, channel: h.nisc.generalChannelId });
    const seen = await h.emu.waitFor(
      () => {
        const answer = h.emu.ephemerals(user).slice(answers)[0];
        if (answer) return `${answer.text}\n${JSON.stringify(answer.blocks ?? [])}`;
        const view = h.emu.openViews(user).find((v) => !views.includes(v.id));
        return view ? `modal:${view.view.callback_id}\n${JSON.stringify(view.view.blocks)}` : undefined;
      },
      { message: `no answer to /renkei ${text}` },
    );
    await h.settle();
    return { seen, teams: tokenTeams(calls) };
  }

  const cases: Array<[string, string, RegExp]> = [
    [U.niscStaff, "help", /\/renkei new/],
    [U.niscStaff, "list", /Registered by PPC/],
    [U.niscStaff, "list --closed", /closed|終了/i],
    [U.niscStaff, "status REF", /Registered by PPC/],
    [U.niscStaff, "tasks", /task|タスク/i],
    [U.niscStaff, "new", /^modal:/],
    [U.niscLiaison, "consult REF", /^modal:/],
    [U.niscLiaison, "close REF", /^modal:incident_closing/],
    [U.niscLiaison, "reopen REF", /not closed|終了していません/],
    [U.niscStaff, "casefile REF", /case file|事案記録/i],
    [U.niscStaff, "internal REF", /internal|内部/i],
    [U.niscStaff, "scope", /scope|共有範囲/i],
    [U.niscLiaison, "activity", /./],
    [U.niscStaff, "activities", /./],
    [U.niscManager, "export 2026-04-01 2027-03-31", /2026-04-01〜2027-03-31/],
    [U.niscManager, "report 2026-04-01 2027-03-31", /2026-04-01〜2027-03-31/],
    [U.niscLiaison, "exercise", /./],
  ];

  it.each(cases)("%s: /renkei %s is answered in NISC's workspace, through NISC's installation only", async (user, text, expected) => {
    const filesBefore = h.emu.files().filter((f) => f.completed).length;
    const { seen, teams } = await fromNisc(user, text.replace("REF", incident.ref));
    if (/^(casefile|export|report)/.test(text)) {
      // the files arrive in the person's DM in their own workspace (reserved and completed with NISC's token)
      const files = h.emu.files().filter((f) => f.completed).slice(filesBefore);
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(f.channels).toEqual([h.emu.dmChannelId(user)]);
    }
    expect(seen).toMatch(expected);
    // the modal, and what follows for this person (DMs, files, their internal channel): NISC's installation only
    for (const team of teams) expect(team).toBe(NISC_TEAM);
  });

  it("the three message shortcuts open their modal in NISC's workspace, through NISC's installation", async () => {
    // a PPC member posts in the shared channel and designates its scope (PPC's workspace)
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: incident.channelId!, text: "IOC list" });
    const open = async (user: string, callbackId: string) => {
      const views = h.emu.openViews(user).map((v) => v.id);
      const answers = h.emu.ephemerals(user).length;
      const calls = h.emu.calls("views.open").length;
      await h.driver.messageShortcut({ user, channel: incident.channelId!, ts: message.ts, callbackId });
      const seen = await h.emu.waitFor(() => h.emu.openViews(user).find((v) => !views.includes(v.id))?.view.callback_id ?? h.emu.ephemerals(user).slice(answers)[0]?.text, { message: `${callbackId}: nothing opened` });
      return { seen, teams: h.emu.calls("views.open").slice(calls).map((c) => c.teamId) };
    };
    const designate = await open(U.ppcStaff, "designate_sharing_scope");
    expect(designate.seen).toBe("scope_designate");
    const form = h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "scope_designate")!;
    await h.driver.submitView({ user: U.ppcStaff, viewId: form.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "5(2)" } });
    await h.settle();

    // NISC's liaison: designate (their own post), request consent (PPC's post), share with the other party (their own post)
    const consent = await open(U.niscLiaison, "request_scope_consent");
    expect(consent).toEqual({ seen: "scope_consent_request", teams: [NISC_TEAM] });
    const { message: own } = await h.driver.userMessage({ user: U.niscLiaison, channel: incident.channelId!, text: "Our own finding" });
    const views = h.emu.openViews(U.niscLiaison).map((v) => v.id);
    const calls = h.emu.calls("views.open").length;
    await h.driver.messageShortcut({ user: U.niscLiaison, channel: incident.channelId!, ts: own.ts, callbackId: "designate_sharing_scope" });
    const designated = await h.emu.waitFor(() => h.emu.openViews(U.niscLiaison).find((v) => !views.includes(v.id)), { message: "designate did not open for NISC" });
    expect(designated.view.callback_id).toBe("scope_designate");
    expect(h.emu.calls("views.open").slice(calls).map((c) => c.teamId)).toEqual([NISC_TEAM]);
    const answers = h.emu.ephemerals(U.niscLiaison).length;
    const shareCalls = h.emu.calls().length;
    await h.driver.messageShortcut({ user: U.niscLiaison, channel: incident.channelId!, ts: own.ts, callbackId: "share_with_other_party" });
    // in the joint channel itself there is nothing to share: renkei says so (or opens the form), through NISC's installation
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).slice(answers)[0] ?? h.emu.openViews(U.niscLiaison).find((v) => v.view.callback_id !== "scope_designate" && !views.includes(v.id)), { message: "share with other party: nothing" });
    for (const team of tokenTeams(shareCalls)) expect(team).toBe(NISC_TEAM);
  });
});

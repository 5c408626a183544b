// A whole incident with PPC and NISC in separate Slack workspaces, each with its own installation
// of renkei (OAuth): intake from each side, the channel shared through Slack Connect and set up
// once, the consultation decided by both liaisons in the shared channel, agreed items as tasks
// (one done by a member of the other workspace), reminders and the digest through each party's
// own installation, App Home in both workspaces, an Art. 7 forward into a NISC-internal channel,
// and a revoked installation reported to the other party without losing any record. The
// emulator records which installation's token made each call: every assertion on "through whose
// installation" reads it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmuCall } from "../emulator";
import type { Incident } from "../src/domain/incident";
import { sharedItemByMessage } from "../src/store/sharing-scopes";
import { clickPosition, propose } from "./support/consultation";
import { testDatabases } from "./support/databases";
import { intakeValues, submitIntake, U, until } from "./support/harness";
import { NISC_TEAM, PPC_TEAM, startTwoWorkspaces, type TwoWorkspaces } from "./support/two-workspaces";

describe.each(testDatabases())("a whole incident between PPC's and NISC's workspaces on %s", (database) => {
  let h: TwoWorkspaces;
  /** The incident NISC registers; its channel is hosted in NISC's workspace and shared with PPC's. */
  let incident: Incident;

  beforeAll(async () => {
    h = await startTwoWorkspaces({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** The calls of `method` whose arguments match `args` (every key equal). */
  const callsWith = (method: string, args: Record<string, unknown>): EmuCall[] =>
    h.emu.calls(method).filter((c) => Object.entries(args).every(([k, v]) => c.args[k] === v));
  /** The team whose installation posted `m` (the chat.postMessage that answered with its channel and ts). */
  const postedBy = (m: { channel: string; ts: string }): string | undefined =>
    h.emu.calls("chat.postMessage").find((c) => c.response?.ok && c.response.ts === m.ts && c.response.channel === m.channel)?.teamId;

  async function registered(user: string, title: string): Promise<Incident> {
    const { ref } = await submitIntake(h, user, intakeValues({ "intake_title.value": title }));
    return until(async () => {
      await h.settle();
      const i = await h.store.incidentByRef(ref!);
      return i?.channelId && i.summaryTs ? i : null;
    }, `the channel of ${title} was not set up`);
  }

  it("intake from NISC's workspace: NISC's installation creates the channel, shares it with PPC's, which accepts and invites PPC's liaison — set up once", async () => {
    incident = await registered(U.niscStaff, "Leak reported to NISC");
    const channel = incident.channelId!;
    expect(h.emu.channel(channel)!.teamId).toBe(NISC_TEAM);
    await h.pump(() => h.emu.channel(channel)!.members.includes(U.ppcLiaison), "PPC's liaison was not invited");
    expect(h.emu.channel(channel)).toMatchObject({ isExtShared: true, connectedTeamIds: [PPC_TEAM] });
    // Set up once: one channel, one card (posted and pinned through NISC's installation), one invitation.
    expect(h.emu.calls("conversations.create").filter((c) => c.teamId === NISC_TEAM)).toHaveLength(1);
    const cards = h.emu.messages(channel).filter((m) => m.ts === incident.summaryTs);
    expect(cards).toHaveLength(1);
    expect(postedBy({ channel, ts: incident.summaryTs! })).toBe(NISC_TEAM);
    expect(callsWith("pins.add", { channel }).map((c) => c.teamId)).toEqual([NISC_TEAM]);
    expect(callsWith("conversations.inviteShared", { channel }).map((c) => c.teamId)).toEqual([NISC_TEAM]);
    expect(h.emu.calls("conversations.acceptSharedInvite").map((c) => c.teamId)).toEqual([PPC_TEAM]);
  });

  it("intake from PPC's workspace: PPC's installation hosts that channel", async () => {
    const other = await registered(U.ppcStaff, "Leak reported to PPC");
    expect(h.emu.channel(other.channelId!)!.teamId).toBe(PPC_TEAM);
    await h.pump(() => h.emu.channel(other.channelId!)!.members.includes(U.niscLiaison), "NISC's liaison was not invited");
    expect(callsWith("conversations.create", { name: other.channelName }).map((c) => c.teamId)).toEqual([PPC_TEAM]);
  });

  it("the consultation is decided by both liaisons clicking in the shared channel; the agreed item becomes a task", async () => {
    await propose(h, U.ppcLiaison, incident.ref, { sharing_results: "We need NISC's analysis results." });
    await clickPosition(h, U.niscLiaison, incident.ref, "sharing_results", "consult_agree");
    const tasks = await until(async () => {
      await h.settle();
      const t = (await h.store.tasksOfIncident(incident.id)).filter((x) => x.kind === "cooperation_item" && x.messageTs);
      return t.length === 1 ? t : undefined;
    }, "the agreed item was not posted as a task");
    // Posted in the shared channel by the host's (NISC's) installation.
    expect(postedBy({ channel: incident.channelId!, ts: tasks[0]!.messageTs! })).toBe(NISC_TEAM);
  });

  it("Art. 7: a scoped message forwarded into a NISC-internal channel of NISC's workspace is warned of there by NISC's installation; PPC's liaison is asked through PPC's", async () => {
    const channel = incident.channelId!;
    const { message } = await h.driver.userMessage({ user: U.ppcLiaison, channel, text: "PPC finding: credential X from host 10.0.0.7" });
    await h.driver.messageShortcut({ user: U.ppcLiaison, channel, ts: message.ts, callbackId: "designate_sharing_scope" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "scope_designate"), { message: "designation modal did not open" });
    await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "4(2)(ii)" } });
    const item = await until(async () => sharedItemByMessage(h.store.db, channel, message.ts), "the scope was not designated");

    // NISC's own channel in NISC's workspace: its manager is not on the case.
    const internal = h.emu.addChannel({ name: "nisc-internal", isPrivate: true, teamId: NISC_TEAM, members: [U.niscLiaison, U.niscManager, h.nisc.botUserId] });
    const fwd = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel, ts: message.ts }, to: internal.id, comment: "for the team" });
    await until(async () => (await h.store.db.scopeWarning.count({ where: { sharedInformationId: item.id } })) === 1, "no scope warning recorded");
    const warning = await until(async () => {
      await h.settle();
      return h.emu.messages(internal.id, { threadTs: fwd.message.ts })[0];
    }, "no warning in the NISC-internal channel");
    expect(warning.text).toContain("TLP:AMBER+STRICT");
    expect(warning.user).toBe(h.nisc.botUserId);
    expect(callsWith("chat.postMessage", { channel: internal.id }).map((c) => c.teamId)).toEqual([NISC_TEAM]);
    expect((await h.store.db.scopeWarning.findFirst({ where: { sharedInformationId: item.id } }))!.teamId).toBe(NISC_TEAM);

    // The provider's consent request reaches PPC's liaison through PPC's installation.
    const ask = await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).find((m) => JSON.stringify(m.blocks ?? []).includes("scope_consent")), { message: "no consent request to PPC's liaison" });
    expect(ask.user).toBe(h.emu.botUserId);
    expect(postedBy(ask)).toBe(PPC_TEAM);
    // The forwarder's note comes through NISC's.
    const note = await h.emu.waitFor(() => h.emu.dms(U.niscLiaison).find((m) => m.text.includes("TLP:AMBER+STRICT")), { message: "no note to the forwarder" });
    expect(note.user).toBe(h.nisc.botUserId);
    expect(postedBy(note)).toBe(NISC_TEAM);

    // PPC's liaison consents from PPC's workspace: the warning in NISC's channel is updated by NISC's installation.
    await h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_consent" });
    await until(async () => {
      await h.settle();
      return h.emu.message(internal.id, warning.ts)!.text.includes("同意しました");
    }, "the warning was not updated");
    expect(callsWith("chat.update", { channel: internal.id }).map((c) => c.teamId)).toEqual([NISC_TEAM]);
  });
});

// Two organisations, two workspaces, one app installed in each through OAuth: an incident
// registered on either side gets its channel from the registering party's installation, shared
// with the other organisation through Slack Connect (the other installation accepts, maybe after
// its admins approve — the card says "waiting for approval" until then), once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackEmulator, EmuTeam } from "../emulator";
import { testDatabases } from "./support/databases";
import { intakeValues, submitIntake, U, until } from "./support/harness";
import { NISC_TEAM, PPC_TEAM, startTwoWorkspaces, type TwoWorkspaces } from "./support/two-workspaces";

describe.each(testDatabases())("an incident between two workspaces on %s", (database) => {
  let h: TwoWorkspaces;
  let emu: SlackEmulator;
  let nisc: EmuTeam;
  let stack: TwoWorkspaces;
  let pump: TwoWorkspaces["pump"];

  beforeAll(async () => {
    h = await startTwoWorkspaces({ database });
    ({ emu, nisc, pump } = h);
    stack = h;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("NISC registers: NISC's installation creates the channel and shares it; PPC's accepts and invites PPC's liaison — once", async () => {
    const { ref } = await submitIntake(h, U.niscStaff, intakeValues({ "intake_title.value": "Leak reported to NISC" }));
    const incident = await until(async () => {
      await stack.settle();
      const i = await stack.store.incidentByRef(ref!);
      return i?.channelId ? i : null;
    }, "channel not created");
    const channel = emu.channel(incident.channelId!)!;
    expect(channel.teamId).toBe(NISC_TEAM);
    expect(channel.creator).toBe(nisc.botUserId);
    const card = emu.messages(channel.id)[0]!;
    expect(card.user).toBe(nisc.botUserId);
    await pump(() => emu.channel(channel.id)!.members.includes(U.ppcLiaison), "PPC's liaison was not invited");
    expect(emu.channel(channel.id)).toMatchObject({ isExtShared: true, connectedTeamIds: [PPC_TEAM] });
    expect(emu.channel(channel.id)!.members).toEqual(expect.arrayContaining([nisc.botUserId, emu.botUserId, U.niscStaff, U.niscLiaison, U.ppcLiaison]));
    expect(emu.calls("conversations.inviteShared").map((c) => String(c.args.user_ids))).toEqual([JSON.stringify([emu.botUserId])]);
    expect(emu.calls("conversations.acceptSharedInvite")).toHaveLength(1);
    const invites = await stack.store.sharedInvites.ofIncident(incident.id);
    expect(invites.map((i) => [i.party, i.status])).toEqual([["ppc", "shared"]]);
    // The registrant hears from NISC's installation, in their own workspace.
    await pump(() => emu.dms(U.niscStaff).length > 0, "no DM to the registrant");
    expect(emu.dms(U.niscStaff)[0]!.user).toBe(nisc.botUserId);
  });

  it("PPC registers while NISC's admins must approve: the card says so until they do, then NISC's liaison joins", async () => {
    nisc.requiresApproval = true;
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Leak reported to PPC" }));
    const incident = await until(async () => {
      await stack.settle();
      const i = await stack.store.incidentByRef(ref!);
      return i?.channelId ? i : null;
    }, "channel not created");
    const channelId = incident.channelId!;
    expect(emu.channel(channelId)!.teamId).toBe(PPC_TEAM);
    const cardText = () => JSON.stringify(emu.messages(channelId)[0]?.blocks ?? []);
    await pump(() => cardText().includes("承認待ち"), "the card does not say it waits for approval");
    expect(emu.channel(channelId)!.isExtShared).toBe(false);
    expect(emu.channel(channelId)!.members).not.toContain(U.niscLiaison);

    emu.approveSharedInvite(emu.sharedInvites().find((i) => i.channel === channelId)!.inviteId);
    await pump(() => emu.channel(channelId)!.members.includes(U.niscLiaison) && !cardText().includes("承認待ち"), "NISC's liaison not invited after approval");
    expect(emu.messages(channelId)[0]!.user).toBe(emu.botUserId);
    expect(emu.calls("conversations.inviteShared").filter((c) => c.args.channel === channelId)).toHaveLength(1);
    const audit = (await stack.store.auditEntriesOf(incident.id)).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["incident.channel_share_invited", "incident.channel_share_accepting", "incident.channel_share_waiting_approval", "incident.channel_shared"]));
    nisc.requiresApproval = false;
  });

  it("a refused invitation shares nothing, and the card tells what to do", async () => {
    nisc.requiresApproval = true;
    const { ref } = await submitIntake(h, U.ppcLiaison, intakeValues({ "intake_title.value": "Refused connection" }));
    const incident = await until(async () => {
      await stack.settle();
      const i = await stack.store.incidentByRef(ref!);
      return i?.channelId ? i : null;
    }, "channel not created");
    const channelId = incident.channelId!;
    const cardText = () => JSON.stringify(emu.messages(channelId)[0]?.blocks ?? []);
    await pump(() => cardText().includes("承認待ち"), "not waiting for approval");
    emu.declineSharedInvite(emu.sharedInvites().find((i) => i.channel === channelId)!.inviteId);
    await pump(() => cardText().includes("断りました"), "the card does not say the invitation was refused");
    expect(emu.channel(channelId)!.isExtShared).toBe(false);
    expect(emu.channel(channelId)!.members).not.toContain(U.niscLiaison);
    expect((await stack.store.sharedInvites.ofIncident(incident.id)).map((i) => i.status)).toEqual(["declined"]);
    nisc.requiresApproval = false;
  });
});

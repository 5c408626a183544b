// Two organisations, two workspaces, one app installed in each through OAuth: an incident
// registered on either side gets its channel from the registering party's installation, shared
// with the other organisation through Slack Connect (the other installation accepts, maybe after
// its admins approve — the card says "waiting for approval" until then), once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackEmulator, EmuTeam } from "../emulator";
import { testDatabases } from "./support/databases";
import { runShareExpirySweep } from "../src/app/slack-connect";
import type { Incident } from "../src/domain/incident";
import { intakeValues, submitIntake, testClock, U, until } from "./support/harness";
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

  /** `user` registers an incident in their own workspace; the incident once its channel exists. */
  async function registered(user: string, title: string): Promise<Incident> {
    const { ref } = await submitIntake(h, user, intakeValues({ "intake_title.value": title }));
    return until(async () => {
      await stack.settle();
      const i = await stack.store.incidentByRef(ref!);
      return i?.channelId ? i : null;
    }, "channel not created");
  }

  /** The team whose installation posted `m` (the chat.postMessage that answered with its channel and ts). */
  const postedBy = (m: { channel: string; ts: string }): string | undefined =>
    emu.calls("chat.postMessage").find((c) => c.response?.ok && c.response.ts === m.ts && c.response.channel === m.channel)?.teamId;

  it("NISC registers: NISC's installation creates the channel and shares it; PPC's accepts and invites PPC's liaison — once", async () => {
    const incident = await registered(U.niscStaff, "Leak reported to NISC");
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
    const incident = await registered(U.ppcStaff, "Leak reported to PPC");
    const channelId = incident.channelId!;
    expect(emu.channel(channelId)!.teamId).toBe(PPC_TEAM);
    const cardText = () => JSON.stringify(emu.messages(channelId)[0]?.blocks ?? []);
    await pump(() => cardText().includes("承認待ち"), "the card does not say it waits for approval");
    expect(emu.channel(channelId)!.isExtShared).toBe(false);
    expect(emu.channel(channelId)!.members).not.toContain(U.niscLiaison);
    // Both parties' liaison officers are told, each through their own organisation's installation, with what to do.
    const waitingDm = (user: string) => emu.dms(user).find((m) => m.text.includes(incident.ref) && (m.text.includes("承認待ち") || m.text.includes("waiting for approval")));
    await pump(() => !!waitingDm(U.ppcLiaison) && !!waitingDm(U.niscLiaison), "the liaisons were not told it waits for approval");
    expect(waitingDm(U.ppcLiaison)).toMatchObject({ user: emu.botUserId });
    expect(postedBy(waitingDm(U.ppcLiaison)!)).toBe(PPC_TEAM);
    expect(waitingDm(U.niscLiaison)).toMatchObject({ user: nisc.botUserId });
    expect(postedBy(waitingDm(U.niscLiaison)!)).toBe(NISC_TEAM);
    expect(waitingDm(U.niscLiaison)!.text).toContain("Slack管理者");
    expect(JSON.stringify(waitingDm(U.niscLiaison)!.blocks)).not.toContain("share_resend"); // nothing to re-send yet

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
    const incident = await registered(U.ppcLiaison, "Refused connection");
    const channelId = incident.channelId!;
    const cardText = () => JSON.stringify(emu.messages(channelId)[0]?.blocks ?? []);
    await pump(() => cardText().includes("承認待ち"), "not waiting for approval");
    emu.declineSharedInvite(emu.sharedInvites().find((i) => i.channel === channelId)!.inviteId);
    await pump(() => cardText().includes("断りました"), "the card does not say the invitation was refused");
    expect(emu.channel(channelId)!.isExtShared).toBe(false);
    expect(emu.channel(channelId)!.members).not.toContain(U.niscLiaison);
    expect((await stack.store.sharedInvites.ofIncident(incident.id)).map((i) => i.status)).toEqual(["declined"]);

    // Both liaisons hear of it with what to do and a button to send it again; the card has the button too.
    const refusedDm = (user: string) => emu.dms(user).find((m) => m.text.includes(incident.ref) && m.text.includes("断りました"));
    await pump(() => !!refusedDm(U.ppcLiaison) && !!refusedDm(U.niscLiaison), "the liaisons were not told of the refusal");
    expect(postedBy(refusedDm(U.ppcLiaison)!)).toBe(PPC_TEAM);
    expect(postedBy(refusedDm(U.niscLiaison)!)).toBe(NISC_TEAM);
    expect(refusedDm(U.niscLiaison)!.text).toContain("許可");
    expect(JSON.stringify(refusedDm(U.niscLiaison)!.blocks)).toContain("share_resend");
    const card = emu.messages(channelId)[0]!;
    expect(JSON.stringify(card.blocks)).toContain("share_resend");

    // Someone who is not a liaison officer is refused privately; nothing is sent.
    await h.driver.clickButton({ user: U.ppcStaff, channel: channelId, ts: card.ts, actionId: "share_resend" });
    await emu.waitFor(() => emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("何も変更されていません") || e.text.includes("権限")), { message: "PPC staff not refused" });
    await h.settle();
    expect(emu.calls("conversations.inviteShared").filter((c) => c.args.channel === channelId)).toHaveLength(1);

    // PPC's liaison clicks twice on the card (a double click): one invitation more, audited once.
    nisc.requiresApproval = true;
    await Promise.all([
      h.driver.clickButton({ user: U.ppcLiaison, channel: channelId, ts: card.ts, actionId: "share_resend" }),
      h.driver.clickButton({ user: U.ppcLiaison, channel: channelId, ts: card.ts, actionId: "share_resend" }),
    ]);
    await pump(() => emu.sharedInvites().filter((i) => i.channel === channelId).length === 2 && cardText().includes("承認待ち"), "the invitation was not sent again");
    await emu.waitFor(() => emu.ephemerals(U.ppcLiaison).filter((e) => e.text.includes(incident.ref) || e.text.includes("再送の必要がありません")).length >= 2 || undefined, { message: "the clicks were not answered" });
    expect(emu.ephemerals(U.ppcLiaison).filter((e) => e.text.includes("再送の必要がありません"))).toHaveLength(1);
    const resends = emu.calls("conversations.inviteShared").filter((c) => c.args.channel === channelId);
    expect(resends.map((c) => c.teamId)).toEqual([PPC_TEAM, PPC_TEAM]);
    const audit = (await stack.store.auditEntriesOf(incident.id)).filter((a) => a.action === "incident.channel_share_resend_requested");
    expect(audit).toEqual([expect.objectContaining({ actorUserId: U.ppcLiaison, actorParty: "ppc" })]);
    // NISC's admins approve this time: shared, NISC's liaison joins, and the card no longer says refused.
    emu.approveSharedInvite(emu.sharedInvites().filter((i) => i.channel === channelId).at(-1)!.inviteId);
    await pump(() => emu.channel(channelId)!.members.includes(U.niscLiaison) && !cardText().includes("断りました") && !cardText().includes("承認待ち"), "not shared after re-sending");
    expect(emu.channel(channelId)!.isExtShared).toBe(true);
    expect((await stack.store.sharedInvites.ofIncident(incident.id)).map((i) => i.status).sort()).toEqual(["resent", "shared"]);
    // A late click on an old button changes nothing.
    await h.driver.clickButton({ user: U.niscLiaison, channel: refusedDm(U.niscLiaison)!.channel, ts: refusedDm(U.niscLiaison)!.ts, actionId: "share_resend" });
    await emu.waitFor(() => emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("再送の必要がありません")), { message: "the late click was not answered" });
    nisc.requiresApproval = false;
  });

  it("an invitation that expired before NISC's installation accepted it: both liaisons are told; NISC's liaison sends it again from the DM", async () => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Expired invitation" }));
    const incident = await until(async () => {
      await stack.settle();
      const i = await stack.store.incidentByRef(ref!);
      return i?.channelStatus === "ready" ? i : null;
    }, "channel not set up");
    const channelId = incident.channelId!;
    // The invitation runs out before the event reaches NISC's installation.
    emu.expireSharedInvite(emu.sharedInvites().find((i) => i.channel === channelId)!.inviteId);
    const expiredDm = (user: string) => emu.dms(user).find((m) => m.text.includes(incident.ref) && (m.text.includes("期限切れ") || m.text.includes("expired")));
    await pump(() => !!expiredDm(U.ppcLiaison) && !!expiredDm(U.niscLiaison), "the liaisons were not told it expired");
    expect((await stack.store.sharedInvites.ofIncident(incident.id)).map((i) => i.status)).toEqual(["expired"]);
    expect(JSON.stringify(emu.messages(channelId)[0]!.blocks)).toContain("期限切れ");
    const dm = expiredDm(U.niscLiaison)!;
    expect(postedBy(dm)).toBe(NISC_TEAM);
    await h.driver.clickButton({ user: U.niscLiaison, channel: dm.channel, ts: dm.ts, actionId: "share_resend" });
    await pump(() => emu.channel(channelId)!.members.includes(U.niscLiaison), "not shared after NISC's liaison re-sent it");
    expect(emu.calls("conversations.inviteShared").filter((c) => c.args.channel === channelId).map((c) => c.teamId)).toEqual([PPC_TEAM, PPC_TEAM]);
    expect((await stack.store.auditEntriesOf(incident.id)).filter((a) => a.action === "incident.channel_share_resend_requested").map((a) => a.actorUserId)).toEqual([U.niscLiaison]);
  });
});

describe.each(testDatabases())("an invitation no one accepts within Slack's 14 days, on %s", (database) => {
  let h: TwoWorkspaces;
  const clock = testClock("2026-11-25T10:00:00+09:00");
  beforeAll(async () => {
    h = await startTwoWorkspaces({ database, clock });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("the hourly sweep marks it expired (Slack says nothing), tells both liaisons, and one of them sends it again from the DM", async () => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Never accepted" }));
    const incident = await until(async () => {
      await h.settle();
      const i = await h.store.incidentByRef(ref!);
      return i?.channelStatus === "ready" ? i : null;
    }, "channel not set up");
    // The event never reaches NISC's installation (lost): nobody accepts.
    h.emu.takePlatformEvents();
    expect(await runShareExpirySweep(h)).toEqual({ queued: 0 });
    clock.set("2026-12-09T09:59:00+09:00"); // not quite 14 days
    expect(await runShareExpirySweep(h)).toEqual({ queued: 0 });
    clock.set("2026-12-09T10:00:00+09:00");
    expect(await runShareExpirySweep(h)).toEqual({ queued: 1 });
    expect(await runShareExpirySweep(h)).toEqual({ queued: 0 }); // once
    expect((await h.store.sharedInvites.ofIncident(incident.id)).map((i) => i.status)).toEqual(["expired"]);
    const expiredDm = (user: string) => h.emu.dms(user).find((m) => m.text.includes(incident.ref) && (m.text.includes("期限切れ") || m.text.includes("expired")));
    await h.pump(() => !!expiredDm(U.ppcLiaison) && !!expiredDm(U.niscLiaison), "the liaisons were not told");
    expect(JSON.stringify(h.emu.messages(incident.channelId!)[0]!.blocks)).toContain("share_resend");
    const dm = expiredDm(U.ppcLiaison)!;
    await h.driver.clickButton({ user: U.ppcLiaison, channel: dm.channel, ts: dm.ts, actionId: "share_resend" });
    await h.pump(() => h.emu.channel(incident.channelId!)!.members.includes(U.niscLiaison), "not shared after re-sending");
    const audit = (await h.store.auditEntriesOf(incident.id)).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(["incident.channel_share_expired", "incident.channel_share_resend_requested", "incident.channel_shared"]));
  });
});

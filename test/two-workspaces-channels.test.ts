// The normal-times channel (Arts. 5, 6, 8) and the parties' internal channels when each
// organisation runs its own workspace with its own installation (OAuth): the normal-times channel
// is created by the host party's installation (normalTimes.host, default the first party) and
// shared with the other organisation through Slack Connect — the other installation accepts and
// invites its own liaison officers and managers; waiting for approval and a refusal are said in
// the channel. A party's internal channel lives in its own workspace, created by its own installation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueActivityCard } from "../src/app/activities/normal-times-channel";
import type { Activity } from "../src/domain/activity";
import { insertActivity, normalTimesChannelState } from "../src/store/activities";
import { testDatabases } from "./support/databases";
import { intakeValues, submitIntake, U, until, type Harness } from "./support/harness";
import { agreedCase } from "./support/consultation";
import { NISC_TEAM, PPC_TEAM, startTwoWorkspaces, type TwoWorkspaces } from "./support/two-workspaces";

/** Opens an activity the way each kind's use case does: one transaction, one audit entry, the card queued. */
async function openActivity(h: Harness, title: string, by: { userId: string; party: string }): Promise<Activity> {
  const now = h.clock.now();
  return h.store.transact(now, async (tx) => {
    const activity = await insertActivity(tx.db, { kind: "event", article: "5(1)", title, ownerParty: by.party, data: {}, createdByUserId: by.userId }, now, 2026);
    await tx.audit({ actorUserId: by.userId, actorParty: by.party, article: "5(1)", action: "activity.opened", entityType: "activity", entityId: activity.id, before: null, after: { ref: activity.ref } });
    await queueActivityCard(tx, h, activity);
    return activity;
  });
}

async function normalTimesAudit(h: Harness): Promise<string[]> {
  const out: string[] = [];
  for await (const e of h.store.auditEntries()) if (e.action.startsWith("normal_times.")) out.push(e.action);
  return out;
}

describe.each(testDatabases())("normal-times and internal channels across two workspaces on %s", (database) => {
  describe("hosted by the first party (PPC), accepted by NISC's installation", () => {
    let h: TwoWorkspaces;
    beforeAll(async () => {
      h = await startTwoWorkspaces({ database });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it("PPC's installation creates the channel and shares it; NISC's accepts and invites NISC's liaison and manager — once", async () => {
      const first = await openActivity(h, "Joint awareness seminar", { userId: U.ppcStaff, party: "ppc" });
      const channelId = await until(async () => {
        await h.settle();
        return (await normalTimesChannelState(h.store.db))?.channelId;
      }, "normal-times channel not created");
      const channel = h.emu.channel(channelId)!;
      expect(channel.teamId).toBe(PPC_TEAM);
      expect(channel.creator).toBe(h.emu.botUserId);
      await h.pump(() => [U.niscLiaison, U.niscManager].every((u) => h.emu.channel(channelId)!.members.includes(u)), "NISC's people were not invited");
      expect(h.emu.channel(channelId)).toMatchObject({ isExtShared: true, connectedTeamIds: [NISC_TEAM] });
      expect(h.emu.channel(channelId)!.members).toEqual(expect.arrayContaining([U.ppcLiaison, U.ppcManager, U.ppcStaff, U.niscLiaison, U.niscManager, h.nisc.botUserId]));
      expect(h.emu.channel(channelId)!.members).not.toContain(U.niscStaff);
      // One invitation, to NISC's bot, by PPC's installation; accepted by NISC's.
      expect(h.emu.calls("conversations.inviteShared").filter((c) => c.response?.ok).map((c) => [c.teamId, c.args.user_ids])).toEqual([[PPC_TEAM, JSON.stringify([h.nisc.botUserId])]]);
      expect(h.emu.calls("conversations.acceptSharedInvite").map((c) => c.teamId)).toEqual([NISC_TEAM]);
      // NISC's people are invited by NISC's own installation.
      const invites = h.emu.calls("conversations.invite").filter((c) => c.args.channel === channelId && /U0NISC/.test(String(c.args.users)));
      expect(invites.length).toBeGreaterThan(0);
      expect(invites.every((c) => c.teamId === NISC_TEAM)).toBe(true);
      // The card is PPC's bot's, in the shared channel both organisations see.
      const card = await h.emu.waitFor(() => h.emu.messages(channelId).find((m) => m.text.includes(first.ref)), { message: "no activity card" });
      expect(card.user).toBe(h.emu.botUserId);
      expect(await normalTimesAudit(h)).toEqual(["normal_times.channel_opened", "normal_times.channel_share_invited", "normal_times.channel_ready", "normal_times.channel_share_accepting", "normal_times.channel_shared"]);

      // A second activity: no second channel, no second invitation.
      await openActivity(h, "Leak statistics briefing", { userId: U.ppcLiaison, party: "ppc" });
      await h.pump(() => h.emu.messages(channelId).some((m) => m.text.includes("A-2026-002")), "second card not posted");
      expect(h.emu.calls("conversations.create").filter((c) => c.response?.ok)).toHaveLength(1);
      expect(h.emu.calls("conversations.inviteShared").filter((c) => c.response?.ok)).toHaveLength(1);
    });

    it("each party's internal channel lives in its own workspace, created by its own installation, with that party's people only", async () => {
      const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Internal channels across workspaces" }));
      const incident = await until(async () => {
        await h.settle();
        const i = await h.store.incidentByRef(ref!);
        return i?.channelId ? i : null;
      }, "incident channel not created");
      await h.pump(() => h.emu.channel(incident.channelId!)!.members.includes(U.niscLiaison), "incident channel not shared");

      for (const [user, party, team, bot] of [[U.niscStaff, "nisc", NISC_TEAM, h.nisc.botUserId], [U.ppcStaff, "ppc", PPC_TEAM, h.emu.botUserId]] as const) {
        await h.driver.slashCommand({ user, text: `internal ${ref}` });
        const row = await until(async () => {
          await h.settle();
          const r = await h.store.db.internalChannel.findFirst({ where: { incidentId: incident.id, party } });
          return r?.status === "ready" ? r : undefined;
        }, `${party}'s internal channel not ready`);
        const ch = h.emu.channel(row.channelId!)!;
        expect(ch).toMatchObject({ teamId: team, creator: bot, isPrivate: true, isExtShared: false });
        const people = ch.members.filter((m) => m !== bot).sort();
        expect(people).toEqual(party === "nisc" ? [U.niscLiaison, U.niscStaff].sort() : [U.ppcLiaison, U.ppcStaff].sort());
        // The requester is told, in their own workspace, by their own bot.
        const told = await h.emu.waitFor(() => h.emu.dms(user).find((m) => m.text.includes(`<#${row.channelId}>`)), { message: `${user} not told` });
        expect(told.user).toBe(bot);
      }
    });

    it("Share with other party from NISC's internal channel reposts into the joint channel through the installation that hosts it", async () => {
      const { ref } = await submitIntake(h, U.niscStaff, intakeValues({ "intake_title.value": "Release across workspaces" }));
      const incident = await until(async () => {
        await h.settle();
        const i = await h.store.incidentByRef(ref!);
        return i?.channelId ? i : null;
      }, "incident channel not created");
      await h.pump(() => h.emu.channel(incident.channelId!)!.members.includes(U.ppcLiaison), "incident channel not shared");
      await agreedCase(h, ref!, ["sharing_results"]);
      await h.driver.slashCommand({ user: U.niscStaff, text: `internal ${ref}` });
      const row = await until(async () => {
        await h.settle();
        const r = await h.store.db.internalChannel.findFirst({ where: { incidentId: incident.id, party: "nisc" } });
        return r?.status === "ready" ? r : undefined;
      }, "NISC's internal channel not ready");
      const { message } = await h.driver.userMessage({ user: U.niscStaff, channel: row.channelId!, text: "NISC finding: C2 at 198.51.100.4" });
      await h.driver.messageShortcut({ user: U.niscStaff, channel: row.channelId!, ts: message.ts, callbackId: "share_with_other_party" });
      const modal = await h.emu.waitFor(() => h.emu.openViews(U.niscStaff).find((v) => v.view.callback_id === "release_share"), { message: "release form did not open" });
      const done = await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "4(2)(ii)" } });
      expect(done.errors).toBeUndefined();
      await h.settle();
      const repost = await h.emu.waitFor(() => h.emu.messages(incident.channelId!).find((m) => m.text.includes("198.51.100.4")), { message: "no repost in the joint channel" });
      // The joint channel is NISC-hosted here (NISC registered): its installation posts.
      expect(h.emu.channel(incident.channelId!)!.teamId).toBe(NISC_TEAM);
      expect(repost.user).toBe(h.nisc.botUserId);
    });
  });

  describe("hosted by NISC (normalTimes.host), PPC's admins must approve, then refuse", () => {
    let h: TwoWorkspaces;
    beforeAll(async () => {
      h = await startTwoWorkspaces({ database, configure: (c) => (c.normalTimes = { host: "nisc" }) });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it("NISC's installation creates it; the channel says it waits for PPC's approval, then that PPC refused and what to do; nothing is shared", async () => {
      h.emu.team(PPC_TEAM)!.requiresApproval = true;
      await openActivity(h, "Tabletop exercise", { userId: U.niscLiaison, party: "nisc" });
      const channelId = await until(async () => {
        await h.settle();
        return (await normalTimesChannelState(h.store.db))?.channelId;
      }, "normal-times channel not created");
      expect(h.emu.channel(channelId)).toMatchObject({ teamId: NISC_TEAM, creator: h.nisc.botUserId });
      await h.pump(() => h.emu.messages(channelId).some((m) => m.text.includes("承認待ち")), "the channel does not say it waits for approval");
      expect(h.emu.channel(channelId)!.members).not.toContain(U.ppcLiaison);
      expect(h.emu.channel(channelId)!.members).toEqual(expect.arrayContaining([U.niscLiaison, U.niscManager]));
      // The card is posted meanwhile, by NISC's bot.
      expect(h.emu.messages(channelId).some((m) => m.text.includes("A-2026-001") && m.user === h.nisc.botUserId)).toBe(true);

      h.emu.declineSharedInvite(h.emu.sharedInvites().find((i) => i.channel === channelId)!.inviteId);
      await h.pump(() => h.emu.messages(channelId).some((m) => m.text.includes("断りました")), "the channel does not say the invitation was refused");
      const refused = h.emu.messages(channelId).find((m) => m.text.includes("断りました"))!;
      expect(refused.text).toContain("個情委");
      expect(JSON.stringify(refused.blocks)).toContain("share_resend");
      expect(h.emu.channel(channelId)!.isExtShared).toBe(false);
      expect(h.emu.channel(channelId)!.members.some((m) => m.startsWith("U0PPC"))).toBe(false);
      expect((await h.store.sharedInvites.ofChannel(channelId)).map((i) => [i.party, i.status])).toEqual([["ppc", "declined"]]);
      expect(await normalTimesAudit(h)).toEqual(expect.arrayContaining(["normal_times.channel_share_invited", "normal_times.channel_share_accepting", "normal_times.channel_share_waiting_approval", "normal_times.channel_share_declined"]));
      // Each notice once, whatever the retries.
      expect(h.emu.messages(channelId).filter((m) => m.text.includes("承認待ち"))).toHaveLength(1);
      expect(h.emu.messages(channelId).filter((m) => m.text.includes("断りました"))).toHaveLength(1);
    });

    it("both parties' liaison officers are told in a DM through their own installation (PPC's cannot read the channel), and either re-sends it once", async () => {
      const channelId = (await normalTimesChannelState(h.store.db))!.channelId!;
      const refusedDm = (user: string) => h.emu.dms(user).find((m) => m.text.includes("平時の連携チャンネル") && m.text.includes("断りました"));
      await h.pump(() => !!refusedDm(U.ppcLiaison) && !!refusedDm(U.niscLiaison), "liaison officers not told of the refusal");
      for (const user of [U.ppcLiaison, U.niscLiaison]) {
        expect(refusedDm(user)!.text).toContain(`<#${channelId}>`);
        expect(JSON.stringify(refusedDm(user)!.blocks)).toContain("share_resend");
      }
      expect(refusedDm(U.ppcLiaison)!.user).toBe(h.emu.botUserId); // PPC's own bot (PPC is the emulator's own team)
      expect(refusedDm(U.niscLiaison)!.user).toBe(h.nisc.botUserId);
      // PPC's admins now allow it; PPC's liaison re-sends from the DM (twice: one invitation), through NISC's (the host's) installation
      h.emu.team(PPC_TEAM)!.requiresApproval = false;
      const dm = refusedDm(U.ppcLiaison)!;
      await Promise.all([
        h.driver.clickButton({ user: U.ppcLiaison, channel: dm.channel, ts: dm.ts, actionId: "share_resend" }),
        h.driver.clickButton({ user: U.ppcLiaison, channel: dm.channel, ts: dm.ts, actionId: "share_resend" }),
      ]);
      await h.pump(() => h.emu.channel(channelId)!.isExtShared && h.emu.channel(channelId)!.members.includes(U.ppcLiaison), "the channel was not shared after the re-send");
      expect(h.emu.calls("conversations.inviteShared").filter((c) => c.args.channel === channelId).map((c) => c.teamId)).toEqual([NISC_TEAM, NISC_TEAM]);
      expect(await normalTimesAudit(h)).toEqual(expect.arrayContaining(["normal_times.channel_share_resend_requested", "normal_times.channel_shared"]));
      expect((await normalTimesAudit(h)).filter((a) => a === "normal_times.channel_share_resend_requested")).toHaveLength(1);
      expect(h.emu.messages(channelId).filter((m) => m.text.includes("再送しています"))).toHaveLength(1);
      expect(h.emu.channel(channelId)!.members).toEqual(expect.arrayContaining([U.ppcLiaison, U.ppcManager]));
    });
  });
});

// Arts. 5, 6, 8 happen in one channel both parties share: configured, or created by the bot the
// first time an activity is opened. Each activity's card waits for the channel, is posted once and
// the channel is created once, whatever fails on the way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queueActivityCard } from "../src/app/activities/normal-times-channel";
import type { Activity } from "../src/domain/activity";
import { activityById, insertActivity, normalTimesChannelState } from "../src/store/activities";
import { testDatabases } from "./support/databases";
import { startHarness, testConfigInput, U, type Harness } from "./support/harness";

/** Opens an activity the way each kind's use case does: one transaction, one audit entry, the card queued. */
async function openActivity(h: Harness, title: string): Promise<Activity> {
  const now = h.clock.now();
  return h.store.transact(now, async (tx) => {
    const activity = await insertActivity(tx.db, { kind: "event", article: "5(1)", title, ownerParty: "ppc", data: {}, createdByUserId: U.ppcStaff }, now, 2026);
    await tx.audit({ actorUserId: U.ppcStaff, actorParty: "ppc", article: "5(1)", action: "activity.opened", entityType: "activity", entityId: activity.id, before: null, after: { ref: activity.ref } });
    await queueActivityCard(tx, h, activity);
    return activity;
  });
}

describe.each(testDatabases())("normal-times channel on %s", (database) => {
  describe("created by the bot on first use", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ database });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it("creates one private channel with both parties' liaisons and managers, then posts each card there", async () => {
      h.emu.failNext("conversations.create", { status: 500 });
      const first = await openActivity(h, "Joint awareness seminar");
      expect(first.ref).toBe("A-2026-001");
      await h.settle();
      expect(await normalTimesChannelState(h.store.db)).toMatchObject({ status: "failed" });
      expect((await activityById(h.store.db, first.id))!.messageTs).toBeNull(); // the card waits

      await h.store.retryEffect("provision-normal-times", new Date());
      await h.store.retryEffect(`activity-card:${first.id}`, new Date());
      await h.settle();
      const state = await normalTimesChannelState(h.store.db);
      expect(state).toMatchObject({ status: "ready", error: null });
      const channel = h.emu.channel(state!.channelId!)!;
      expect(channel.name).toBe("renkei-normal-times");
      expect(channel.isPrivate).toBe(true);
      expect([...channel.members].sort()).toEqual(expect.arrayContaining([U.ppcLiaison, U.ppcManager, U.niscLiaison, U.niscManager, U.ppcStaff]));
      expect(channel.members).not.toContain(U.niscStaff);
      const messages = h.emu.messages(channel.id);
      expect(messages[0]!.text).toContain("/renkei activity");
      expect(messages[1]!.text).toContain("A-2026-001");
      expect(JSON.stringify(messages[1]!.blocks)).toContain("Joint awareness seminar");

      // Liaison officers' Home tabs follow without being reopened.
      await h.emu.waitFor(() => JSON.stringify(h.emu.homeView(U.niscLiaison)?.view.blocks ?? "").includes("A-2026-001"), { message: "Home not refreshed" });

      const second = await openActivity(h, "Leak statistics briefing");
      await h.settle();
      expect(second.ref).toBe("A-2026-002");
      expect(h.emu.calls("conversations.create").filter((c) => c.response?.ok === true)).toHaveLength(1);
      expect(h.emu.messages(channel.id)).toHaveLength(3);
      const audit = [];
      for await (const e of h.store.auditEntries()) audit.push(e.action);
      expect(audit.filter((a) => a.startsWith("normal_times."))).toEqual(["normal_times.channel_failed", "normal_times.channel_opened", "normal_times.channel_ready"]);
    });
  });

  describe("configured", () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ database, config: { ...testConfigInput(), normalTimes: { channel: "C0NORMAL01" } } });
      h.emu.addChannel({ id: "C0NORMAL01", name: "ppc-nisc-cooperation", members: [h.emu.botUserId, U.ppcLiaison, U.niscLiaison] });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it("posts in the configured channel and creates none", async () => {
      const activity = await openActivity(h, "Tabletop exercise");
      await h.settle();
      expect(h.emu.calls("conversations.create")).toHaveLength(0);
      const posted = h.emu.messages("C0NORMAL01");
      expect(posted).toHaveLength(1);
      expect(posted[0]!.text).toContain(activity.ref);
      expect((await activityById(h.store.db, activity.id))!.channelId).toBe("C0NORMAL01");
    });
  });
});

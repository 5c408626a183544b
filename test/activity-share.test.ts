// Art. 5(2) information sharing in normal times through the emulator: a member shares a category
// its party provides, with the Art. 7 scope designated at release; the card in the normal-times
// channel is the registered message, so a forward outside the scope is warned of; the direction
// rule is enforced; the receiving party's liaison confirms receipt once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseShare } from "../src/app/activities/share";
import { activityById } from "../src/store/activities";
import { testDatabases } from "./support/databases";
import { startHarness, testConfigInput, U, until, type Harness } from "./support/harness";

const NORMAL = "C0NORMAL01";

describe.each(testDatabases())("Art. 5(2) information sharing on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database, config: { ...testConfigInput(), normalTimes: { channel: NORMAL } } });
    h.emu.addChannel({ id: NORMAL, name: "ppc-nisc-normal-times", isPrivate: true, members: [h.emu.botUserId, U.ppcStaff, U.ppcLiaison, U.ppcManager, U.niscLiaison, U.niscStaff, U.niscManager] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  let n = 0;
  const channelWith = (...members: string[]) => h.emu.addChannel({ name: `dest-${++n}`, isPrivate: true, members: [...members, h.emu.botUserId] });

  async function openShareModal(user: string) {
    const before = h.emu.openViews(user).map((v) => v.id);
    await h.driver.slashCommand({ user, text: "activity share" });
    return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "activity_share" && !before.includes(v.id)), { message: "share modal did not open" });
  }
  const sharesOf = () => h.store.db.activity.findMany({ where: { kind: "share" }, orderBy: { createdAt: "asc" } });

  it("PPC shares leak statistics: card posted with its scope label, registered, a forward outside the scope warns; receipt confirmed once", async () => {
    const modal = await openShareModal(U.ppcStaff);
    const offered = JSON.stringify(modal.view.blocks);
    // Only the categories PPC provides under Art. 5(2).
    expect(offered).toContain("leak_statistics");
    expect(offered).toContain("attack_methods");
    expect(offered).not.toContain("threat_information");
    expect(offered).toContain("TLP:AMBER+STRICT");
    const res = await h.driver.submitView({
      user: U.ppcStaff,
      viewId: modal.id,
      values: {
        "share_category.value": "leak_statistics",
        "share_title.value": "Leak statistics, first half of FY2026",
        "share_content.value": "1,234 leak reports; 40% unauthorised access. @channel",
        "share_scope_level.value": "amber",
        "share_scope_organisations.value": "Cabinet Office",
      },
    });
    expect(res.errors).toBeUndefined();
    await h.settle();

    const [row] = await sharesOf();
    const activity = (await activityById(h.store.db, row!.id))!;
    expect(activity).toMatchObject({ kind: "share", article: "5(2)", ownerParty: "ppc", status: "open", channelId: NORMAL, createdByUserId: U.ppcStaff });
    expect(activity.data).toMatchObject({ category: "leak_statistics", toParty: "nisc" });
    const item = (await h.store.db.sharedInformation.findFirst({ where: { activityId: activity.id } }))!;
    expect(item).toMatchObject({ basis: "5(2)", providerParty: "ppc", incidentId: null, channelId: NORMAL, messageTs: activity.messageTs, designatedByUserId: U.ppcStaff });
    expect(JSON.parse(item.scope!)).toEqual({ level: "amber", allow: { users: [], channels: [], organisations: ["Cabinet Office"] } });

    // The card: category and direction, the scope label, the information (never a broadcast), the button.
    const card = h.emu.message(NORMAL, activity.messageTs!)!;
    expect(card.text).toContain(activity.ref);
    const body = JSON.stringify(card.blocks);
    expect(body).toContain("漏えい等事案に関する統計情報");
    expect(body).toContain("個情委 → NISC");
    expect(body).toContain("TLP:AMBER");
    expect(body).toContain("Cabinet Office");
    expect(body).toContain("share_received");
    expect(card.mentions).toEqual([`<@${U.ppcStaff}>`]); // who registered it; the "@channel" in the text pings no one

    // Within the scope (NISC staff is in NISC's organisation): silent.
    const inside = channelWith(U.niscLiaison, U.niscStaff);
    const insideFwd = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: NORMAL, ts: card.ts }, to: inside.id });
    // Outside it: the Art. 7 warning, the note to the forwarder, the question to PPC's liaison.
    const outside = channelWith(U.niscLiaison, U.outsider);
    const fwd = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: NORMAL, ts: card.ts }, to: outside.id, comment: "for the team" });
    const warnings = await until(async () => {
      const rows = await h.store.db.scopeWarning.findMany({ where: { sharedInformationId: item.id } });
      return rows.length > 0 ? rows : undefined;
    }, "no scope warning");
    await h.settle();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ channelId: outside.id, forwardedByUserId: U.niscLiaison, via: "forward" });
    expect(JSON.parse(warnings[0]!.outsiders)).toEqual([U.outsider]);
    const warning = await h.emu.waitFor(() => h.emu.messages(outside.id, { threadTs: fwd.message.ts })[0], { message: "no warning in the thread" });
    expect(warning.text).toContain("TLP:AMBER");
    expect(warning.text).not.toContain("1,234");
    await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).find((m) => JSON.stringify(m.blocks ?? []).includes("scope_consent")), { message: "no question to PPC's liaison" });

    // Receipt: NISC staff and PPC's liaison are refused privately; NISC's liaison confirms, a double click records once.
    await h.driver.clickButton({ user: U.niscStaff, channel: NORMAL, ts: card.ts, actionId: "share_received" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).find((e) => e.text.includes("liaison officer of NISC")), { message: "NISC staff not refused" });
    await h.driver.clickButton({ user: U.ppcLiaison, channel: NORMAL, ts: card.ts, actionId: "share_received" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).find((e) => e.text.includes("NISCの連絡調整担当のみ")), { message: "PPC liaison not refused" });
    expect((await activityById(h.store.db, activity.id))!.status).toBe("open");
    await Promise.all([
      h.driver.clickButton({ user: U.niscLiaison, channel: NORMAL, ts: card.ts, actionId: "share_received" }),
      h.driver.clickButton({ user: U.niscLiaison, channel: NORMAL, ts: card.ts, actionId: "share_received" }),
    ]);
    await until(async () => (await activityById(h.store.db, activity.id))!.status === "done", "share not received");
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("既に受領")), { message: "second click not told" });
    await h.settle();
    expect(await h.store.db.activityRecord.count({ where: { activityId: activity.id, kind: "received" } })).toBe(1);
    const updated = JSON.stringify(h.emu.message(NORMAL, card.ts)!.blocks);
    expect(updated).toContain("NISCが受領しました");
    expect(updated).not.toContain("share_received");

    expect(h.emu.messages(inside.id, { threadTs: insideFwd.message.ts })).toHaveLength(0);
    expect(await h.store.db.scopeWarning.count({ where: { sharedInformationId: item.id } })).toBe(1);
    expect((await h.store.auditTrail(activity.id)).map((e) => `${e.action}@${e.article}`)).toEqual(["activity.share_released@5(2)", "activity.share_received@5(2)"]);
    expect((await h.store.auditTrail(item.id)).map((e) => `${e.action}@${e.article}`)).toEqual(["sharing_scope.designated@7", "sharing_scope.outside_scope_seen@7"]);
  });

  it("refuses NISC a category PPC provides: inline error, nothing shared", async () => {
    const modal = await openShareModal(U.niscLiaison);
    const offered = JSON.stringify(modal.view.blocks);
    expect(offered).toContain("threat_information");
    expect(offered).not.toContain("leak_statistics");
    // A tampered or stale client sends a category the modal never offered.
    const select = (modal.view.blocks as Array<{ block_id?: string; element?: { options?: unknown[] } }>).find((b) => b.block_id === "share_category")!.element!;
    select.options!.push({ text: { type: "plain_text", text: "Leak statistics" }, value: "leak_statistics" });
    const before = (await sharesOf()).length;
    const res = await h.driver.submitView({
      user: U.niscLiaison,
      viewId: modal.id,
      values: { "share_category.value": "leak_statistics", "share_title.value": "Statistics", "share_content.value": "numbers", "share_scope_level.value": "green" },
    });
    expect(res.errors?.share_category).toContain("個情委からNISCへ共有する情報です");
    expect(res.errors?.share_category).toContain("NISCからは共有できません");
    expect(await sharesOf()).toHaveLength(before);
    expect(await h.store.db.sharedInformation.count({ where: { basis: "5(2)", providerParty: "nisc" } })).toBe(0);

    // Content or a reference is needed too; with its own category NISC shares.
    const ok = await h.driver.submitView({ user: U.niscLiaison, viewId: modal.id, values: { "share_category.value": "threat_information", "share_content.value": "", "share_reference.value": "" } });
    expect(ok.errors?.share_content).toContain("どちらか");
    const done = await h.driver.submitView({ user: U.niscLiaison, viewId: modal.id, values: { "share_reference.value": "https://example.org/threat-brief.pdf" } });
    expect(done.errors).toBeUndefined();
    await h.settle();
    const shares = await sharesOf();
    expect(shares).toHaveLength(before + 1);
    expect(shares.at(-1)).toMatchObject({ ownerParty: "nisc", title: "Statistics" });
    expect(JSON.parse(shares.at(-1)!.data)).toMatchObject({ category: "threat_information", toParty: "ppc" });
  });

  it("a channel named in the scope receives it silently; the provider narrows the scope from the card, which is redrawn in place", async () => {
    const team = channelWith(U.niscLiaison, U.outsider);
    const modal = await openShareModal(U.ppcLiaison);
    expect(JSON.stringify(modal.view.blocks)).toContain("scope_channels");
    const res = await h.driver.submitView({
      user: U.ppcLiaison,
      viewId: modal.id,
      values: { "share_category.value": "attack_methods", "share_title.value": "Attack methods, Q3", "share_content.value": "Credential stuffing against portals.", "share_scope_level.value": "amber_strict", "scope_channels.value": [team.id] },
    });
    expect(res.errors).toBeUndefined();
    await h.settle();
    const share = (await sharesOf()).find((a) => a.title === "Attack methods, Q3")!;
    const item = (await h.store.db.sharedInformation.findFirst({ where: { activityId: share.id } }))!;
    expect(JSON.parse(item.scope!).allow.channels).toEqual([team.id]);
    // The named channel may receive it, though someone outside both parties is in it: silent.
    const fwd = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: NORMAL, ts: share.messageTs! }, to: team.id });
    await h.settle();
    expect(h.emu.messages(team.id, { threadTs: fwd.message.ts })).toHaveLength(0);

    // NISC may not change PPC's scope; PPC's liaison narrows it to RED from the card.
    await h.driver.messageShortcut({ user: U.niscLiaison, channel: NORMAL, ts: share.messageTs!, callbackId: "designate_sharing_scope" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("個情委")), { message: "NISC not refused" });
    const before = h.emu.openViews(U.ppcLiaison).map((v) => v.id);
    await h.driver.messageShortcut({ user: U.ppcLiaison, channel: NORMAL, ts: share.messageTs!, callbackId: "designate_sharing_scope" });
    const designate = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "scope_designate" && !before.includes(v.id)));
    const changed = await h.driver.submitView({ user: U.ppcLiaison, viewId: designate.id, values: { "scope_level.value": "red", "scope_basis.value": "5(2)", "scope_users.value": [U.niscLiaison], "scope_channels.value": [] } });
    expect(changed.errors).toBeUndefined();
    await h.settle();
    const card = JSON.stringify(h.emu.message(NORMAL, share.messageTs!)!.blocks);
    expect(card).toContain("TLP:RED");
    expect(card).not.toContain("TLP:AMBER+STRICT");
    expect(h.emu.messages(NORMAL, { threadTs: share.messageTs! }).filter((m) => m.ts !== share.messageTs)).toHaveLength(0); // no label in the thread: the card is the label
    expect((await h.store.auditTrail(item.id)).map((e) => e.action)).toEqual(["sharing_scope.designated", "sharing_scope.changed"]);

    // The share's register: `/renkei scope <activity ref>`.
    await h.driver.slashCommand({ user: U.niscStaff, text: `scope ${share.ref.toLowerCase()}` });
    const register = await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).find((e) => e.text.includes(share.ref)), { message: "no register" });
    expect(JSON.stringify(register.blocks)).toContain("TLP:RED");
    await h.driver.slashCommand({ user: U.niscStaff, text: "scope A-2026-999" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).find((e) => e.text.includes("A-2026-999")), { message: "unknown activity not told" });
  });

  it("a submission Slack delivers twice (same view) shares once", async () => {
    const member = h.config.directory.member(U.ppcLiaison)!;
    const input = { category: "attack_methods", title: "Attack methods seen in 2026-0042", content: "Phishing, then VPN credential reuse.", reference: "", level: "red", allow: { users: [U.niscLiaison], channels: [], organisations: [] } };
    const [a, b] = await Promise.all([releaseShare(h, member, input, "V0RETRY001"), releaseShare(h, member, input, "V0RETRY001")]);
    expect(a.outcome).toBe("recorded");
    expect(b.outcome).toBe("recorded");
    if (a.outcome !== "recorded" || b.outcome !== "recorded") return;
    expect(a.activity.id).toBe(b.activity.id);
    await h.settle();
    expect(await h.store.db.activity.count({ where: { title: input.title } })).toBe(1);
    expect(await h.store.db.sharedInformation.count({ where: { activityId: a.activity.id } })).toBe(1);
    expect(h.emu.messages(NORMAL).filter((m) => m.text.includes(a.activity.ref))).toHaveLength(1);
  });

  it("tells a party with no category to share privately, and opens no modal", async () => {
    const profile = h.config.profile;
    h.config.profile = { ...profile, normalTimesSharing: (profile.normalTimesSharing ?? []).filter((c) => c.from === "ppc") };
    try {
      const before = h.emu.openViews(U.niscStaff).length;
      await h.driver.slashCommand({ user: U.niscStaff, text: "activity share" });
      const answer = await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).find((e) => e.text.includes("names no category")), { message: "no private answer" });
      expect(answer.viaResponseUrl).toBe(true);
      expect(h.emu.openViews(U.niscStaff)).toHaveLength(before);
    } finally {
      h.config.profile = profile;
    }
  });
});

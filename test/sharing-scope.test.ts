// Art. 7 through the emulator: designate a message's sharing scope, warn when it is forwarded or
// linked outside it, and the provider's consent or removal request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, until, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { agreedCase } from "./support/consultation";
import { sharedItemByMessage } from "../src/store/sharing-scopes";

describe.each(testDatabases())("sharing scopes (Art. 7) on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const SECRET = "Forensic finding: the attacker used credential X from host 10.0.0.7";

  /** A serious incident whose joint channel holds PPC staff (submitter), both liaisons and the bot. */
  async function incidentWithMessage(title: string) {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": title }));
    await h.settle();
    // A case that agreed Art. 4(2)(ii): the designate form offers the agreed items and Art. 5(2) as the basis.
    await agreedCase(h, ref!, ["sharing_results"]);
    const incident = (await h.store.incidentByRef(ref!))!;
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: incident.channelId!, text: SECRET });
    return { ref: ref!, incident, channel: incident.channelId!, ts: message.ts };
  }

  async function designate(user: string, channel: string, ts: string, values: Record<string, unknown>) {
    const before = h.emu.openViews(user).map((v) => v.id);
    await h.driver.messageShortcut({ user, channel, ts, callbackId: "designate_sharing_scope" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "scope_designate" && !before.includes(v.id)), { message: "designation modal did not open" });
    const res = await h.driver.submitView({ user, viewId: modal.id, values });
    await h.settle();
    return { res, modal };
  }

  let n = 0;
  const channelWith = (...members: string[]) => h.emu.addChannel({ name: `dest-${++n}`, isPrivate: true, members: [...members, h.emu.botUserId] });

  const warningsOf = async (sharedInformationId: string) => h.store.db.scopeWarning.findMany({ where: { sharedInformationId }, orderBy: { createdAt: "asc" } });
  /** Bolt acks an event before its listener runs: wait until `count` warnings are recorded, then deliver their effects. */
  const warningsReach = async (sharedInformationId: string, count: number) => {
    const rows = await until(async () => {
      const r = await warningsOf(sharedInformationId);
      return r.length === count ? r : undefined;
    }, `${count} scope warnings`);
    await h.settle();
    return rows;
  };
  /** Bolt runs a button's listener after its ack: wait for the warning's status. */
  const statusReaches = async (sharedInformationId: string, index: number, status: string) => {
    const row = await until(async () => {
      const r = (await warningsOf(sharedInformationId))[index];
      return r?.status === status ? r : undefined;
    }, `warning status ${status}`);
    await h.settle();
    return row;
  };
  /** For "nothing happens": give the event's listener time to run, then check nothing was recorded. */
  const quiet = async () => {
    await new Promise((r) => setTimeout(r, 300));
    await h.settle();
  };

  it("designates a scope by the message shortcut: registered, labelled in the thread without the content, audited", async () => {
    const { channel, ts, incident } = await incidentWithMessage("Designate");
    const { modal } = await designate(U.ppcStaff, channel, ts, { "scope_level.value": "amber_strict", "scope_basis.value": "4(2)(ii)", "scope_organisations.value": "Ministry of Examples" });
    // The modal spells out each level's meaning under the memorandum.
    expect(JSON.stringify(modal.view.blocks)).toContain("本件の共有チャンネルにいる両当事者の担当者だけ");
    expect(JSON.stringify(modal.view.blocks)).toContain("第5条第2項");
    const item = (await sharedItemByMessage(h.store.db, channel, ts))!;
    expect(item).toMatchObject({ incidentId: incident.id, providerParty: "ppc", basis: "4(2)(ii)", designatedByUserId: U.ppcStaff, sharedByUserId: U.ppcStaff });
    expect(item.scope).toEqual({ level: "amber_strict", allow: { users: [], channels: [], organisations: ["Ministry of Examples"] } });
    expect(item.designatedAt).toBeInstanceOf(Date);
    const label = await h.emu.waitFor(() => h.emu.messages(channel, { threadTs: ts }).find((m) => m.text.includes("TLP:AMBER+STRICT")), { message: "no scope label" });
    expect(label.text).toContain("第4条第2項第2号");
    expect(label.text).not.toContain("credential X");

    // Changing the scope updates the same label in place.
    await designate(U.ppcLiaison, channel, ts, { "scope_level.value": "red", "scope_basis.value": "4(2)(ii)", "scope_users.value": [U.niscLiaison] });
    const replies = h.emu.messages(channel, { threadTs: ts });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain("TLP:RED");
    expect(replies[0]!.mentions).toContain(`<@${U.niscLiaison}>`);
    const trail = (await h.store.auditTrail(item.id)).map((e) => `${e.action}@${e.article}`);
    expect(trail).toEqual(["sharing_scope.designated@7", "sharing_scope.changed@7"]);
  });

  it("when Slack refuses to open the form (an expired trigger), the user is told privately and nothing is registered", async () => {
    const { channel, ts } = await incidentWithMessage("Expired trigger");
    h.emu.failNext("views.open", { error: "expired_trigger_id" });
    const before = h.emu.ephemerals(U.ppcStaff).length;
    await h.driver.messageShortcut({ user: U.ppcStaff, channel, ts, callbackId: "designate_sharing_scope" });
    const told = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).slice(before).find((e) => e.text.includes("expired_trigger_id")), { message: "the user was not told" });
    expect(told.text).toContain("入力内容は失われていません");
    expect(h.emu.openViews(U.ppcStaff).filter((v) => v.view.callback_id === "scope_designate")).toHaveLength(0);
    expect(await sharedItemByMessage(h.store.db, channel, ts)).toBeNull();
  });

  it("refuses a member of the other party privately, and nothing changes", async () => {
    const { channel, ts } = await incidentWithMessage("Refuse");
    const res = await h.driver.messageShortcut({ user: U.niscLiaison, channel, ts, callbackId: "designate_sharing_scope" });
    expect(res.status).toBe(200);
    const refusal = await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("個情委の担当者のみ")), { message: "no private refusal" });
    expect(refusal.text).toContain("何も変更されていません");
    expect(h.emu.openViews(U.niscLiaison).some((v) => v.view.callback_id === "scope_designate")).toBe(false);
    expect(await sharedItemByMessage(h.store.db, channel, ts)).toBeNull();
    expect(h.emu.messages(channel, { threadTs: ts })).toHaveLength(0);
  });

  it("the submission asks Slack who wrote the message: a form whose hidden author was forged is refused, and nothing is registered (issue 12)", async () => {
    const { channel, ts: ownTs } = await incidentWithMessage("Forged author");
    // NISC's liaison provides something in the joint channel: only NISC may designate its scope.
    const { message: nisc } = await h.driver.userMessage({ user: U.niscLiaison, channel, text: "NISC's own finding" });
    await h.driver.messageShortcut({ user: U.ppcStaff, channel, ts: ownTs, callbackId: "designate_sharing_scope" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "scope_designate"), { message: "designation modal did not open" });
    // The form's metadata is rewritten to point at NISC's message while still naming PPC staff as its author.
    const meta = JSON.parse(modal.view.private_metadata!) as { c: string; ts: string; a: string | null };
    expect(meta).toMatchObject({ c: channel, ts: ownTs, a: U.ppcStaff });
    modal.view.private_metadata = JSON.stringify({ ...meta, ts: nisc.ts, s: "forged" });
    const dmsBefore = h.emu.dms(U.ppcStaff).length;
    await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "scope_level.value": "red", "scope_basis.value": "4(2)(ii)" } });
    await h.settle();
    const told = await h.emu.waitFor(() => h.emu.dms(U.ppcStaff).slice(dmsBefore).find((m) => m.text.includes("Slack 上の投稿者と一致しません")), { message: "the forged form was not refused" });
    expect(told.text).toContain("何も変更されていません");
    expect(await sharedItemByMessage(h.store.db, channel, nisc.ts)).toBeNull();
    expect(await sharedItemByMessage(h.store.db, channel, ownTs)).toBeNull();
    expect(h.emu.messages(channel, { threadTs: nisc.ts })).toHaveLength(0);
    // A message Slack does not have (deleted since, or made up) is refused too.
    await h.driver.messageShortcut({ user: U.ppcStaff, channel, ts: ownTs, callbackId: "designate_sharing_scope" });
    const second = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "scope_designate" && v.id !== modal.id), { message: "second modal did not open" });
    second.view.private_metadata = JSON.stringify({ ...meta, ts: "1700000000.000001" });
    await h.driver.submitView({ user: U.ppcStaff, viewId: second.id, values: { "scope_level.value": "red", "scope_basis.value": "4(2)(ii)" } });
    await h.settle();
    await h.emu.waitFor(() => h.emu.dms(U.ppcStaff).find((m) => m.text.includes("Slack でこの投稿を確認できませんでした")), { message: "the unknown message was not refused" });
    expect(await sharedItemByMessage(h.store.db, channel, "1700000000.000001")).toBeNull();
  });

  it("forwards within scope pass silently; outside it: warning in the thread, private note, liaison buttons; retried event warns once; consent widens", async () => {
    const { ref, channel, ts } = await incidentWithMessage("Forward");
    await designate(U.ppcStaff, channel, ts, { "scope_level.value": "amber_strict", "scope_basis.value": "4(2)(ii)" });
    const item = (await sharedItemByMessage(h.store.db, channel, ts))!;

    // Within scope: both liaisons are members in this case (the joint channel).
    const inside = channelWith(U.niscLiaison, U.ppcLiaison);
    const silent = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel, ts }, to: inside.id, comment: "FYI" });
    await quiet();
    expect(h.emu.messages(inside.id, { threadTs: silent.message.ts })).toHaveLength(0);
    expect(await warningsOf(item.id)).toHaveLength(0);

    // Outside: NISC staff (not on this case) and someone from no party.
    const outside = channelWith(U.niscLiaison, U.niscStaff, U.outsider);
    const fwd = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel, ts }, to: outside.id, comment: "for the team" });
    await warningsReach(item.id, 1);
    const warning = await h.emu.waitFor(() => h.emu.messages(outside.id, { threadTs: fwd.message.ts })[0], { message: "no warning in the thread" });
    expect(warning.text).toContain("TLP:AMBER+STRICT");
    expect(warning.text).toContain("2名");
    expect(warning.text).not.toContain("credential X");
    expect(warning.mentions).toEqual([]);
    const rows = await warningsOf(item.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channelId: outside.id, messageTs: fwd.message.ts, via: "forward", forwardedByUserId: U.niscLiaison, status: "open" });
    expect(JSON.parse(rows[0]!.outsiders)).toEqual([U.niscStaff, U.outsider].sort());
    // The forwarder is told privately what the scope is and why.
    const note = await h.emu.waitFor(() => h.emu.dms(U.niscLiaison).find((m) => m.text.includes("TLP:AMBER+STRICT")), { message: "no note to the forwarder" });
    expect(note.text).toContain("第7条");
    // The providing party's liaison is asked, with buttons; the other party's is not.
    const ask = await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).find((m) => JSON.stringify(m.blocks ?? []).includes("scope_consent")), { message: "no question to the liaison" });
    expect(JSON.stringify(ask.blocks)).toContain("scope_request_removal");
    expect(ask.mentions).toEqual(expect.arrayContaining([`<@${U.niscStaff}>`, `<@${U.outsider}>`]));
    expect(h.emu.dms(U.niscLiaison).some((m) => JSON.stringify(m.blocks ?? []).includes("scope_consent"))).toBe(false);

    // Slack retries the same event: still one warning.
    await h.driver.sendEvent(fwd.event, { retryNum: 1 });
    await h.driver.sendEvent(fwd.event, { retryNum: 2 });
    await quiet();
    expect(await warningsOf(item.id)).toHaveLength(1);
    expect(h.emu.messages(outside.id, { threadTs: fwd.message.ts })).toHaveLength(1);

    // Only the provider's liaison answers: PPC staff is refused, NISC's liaison too.
    await h.driver.clickButton({ user: U.ppcStaff, channel: ask.channel, ts: ask.ts, actionId: "scope_consent" });
    await h.driver.clickButton({ user: U.niscLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_consent" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("連絡調整担当のみ")), { message: "PPC staff not refused" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("連絡調整担当のみ")), { message: "NISC liaison not refused" });
    expect((await warningsOf(item.id))[0]!.status).toBe("open");
    // PPC's liaison consents: recorded, the warning says so.
    await h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_consent" });
    const after = await statusReaches(item.id, 0, "consented");
    expect(after).toMatchObject({ status: "consented", decidedByUserId: U.ppcLiaison });
    const consents = await h.store.db.scopeConsent.findMany({ where: { sharedInformationId: item.id } });
    expect(consents).toHaveLength(1);
    expect(JSON.parse(consents[0]!.users)).toEqual([U.niscStaff, U.outsider].sort());
    await h.emu.waitFor(() => h.emu.message(outside.id, warning.ts)!.text.includes("同意しました") || undefined, { message: "warning not updated" });
    // A second click is told it was answered already.
    await h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_request_removal" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).find((e) => e.text.includes("既に対応済み")), { message: "no already-answered notice" });

    // Consent widened the scope for that audience: forwarding there again is silent.
    const again = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel, ts }, to: outside.id });
    await quiet();
    expect(h.emu.messages(outside.id, { threadTs: again.message.ts })).toHaveLength(0);
    expect(await warningsOf(item.id)).toHaveLength(1);
    // ...but someone who joins the channel later is outside again.
    h.emu.addMembers(outside.id, U.niscManager);
    const third = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel, ts }, to: outside.id });
    const rows3 = await warningsReach(item.id, 2);
    expect(rows3).toHaveLength(2);
    expect(JSON.parse(rows3[1]!.outsiders)).toEqual([U.niscManager]);
    expect(h.emu.messages(outside.id, { threadTs: third.message.ts })).toHaveLength(1);

    // The register lists the item, its warnings and the consent, privately.
    const seen = h.emu.ephemerals(U.niscLiaison).length;
    await h.driver.slashCommand({ user: U.niscLiaison, text: `scope ${ref}` });
    const answer = await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).slice(seen).find((e) => JSON.stringify(e.blocks ?? []).includes("TLP:")));
    const body = JSON.stringify(answer.blocks);
    expect(body).toContain("TLP:AMBER+STRICT");
    expect(body).toContain("同意済み");
    expect(body).toContain("回答待ち");
    expect(body).toContain(`<#${outside.id}>`);
    expect(answer.viaResponseUrl).toBe(true); // private: answered through the command's response_url

    const trail = (await h.store.auditTrail(item.id)).map((e) => `${e.action}@${e.article}`);
    expect(trail).toEqual(["sharing_scope.designated@7", "sharing_scope.outside_scope_seen@7", "sharing_scope.consented@7", "sharing_scope.outside_scope_seen@7"]);
  });

  it("a pasted permalink is caught too; a removal request goes to the forwarder and is tracked until they confirm", async () => {
    const { channel, ts } = await incidentWithMessage("Permalink");
    await designate(U.ppcLiaison, channel, ts, { "scope_level.value": "amber", "scope_basis.value": "5(2)" });
    const item = (await sharedItemByMessage(h.store.db, channel, ts))!;
    // AMBER: NISC staff may receive it even though not on this case; someone from no party may not.
    const amberInside = channelWith(U.niscLiaison, U.niscStaff);
    await h.driver.userMessage({ user: U.niscLiaison, channel: amberInside.id, text: `see <${h.emu.permalink(channel, ts)}>` });
    await quiet();
    expect(await warningsOf(item.id)).toHaveLength(0);

    const dest = channelWith(U.niscLiaison, U.outsider);
    const pasted = await h.driver.userMessage({ user: U.niscLiaison, channel: dest.id, text: `Background: <${h.emu.permalink(channel, ts)}>` });
    const rows = await warningsReach(item.id, 1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ via: "permalink", forwardedByUserId: U.niscLiaison });
    const warning = await h.emu.waitFor(() => h.emu.messages(dest.id, { threadTs: pasted.message.ts })[0], { message: "no warning" });
    expect(warning.text).toContain("リンクの貼り付け");

    const ask = await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).filter((m) => JSON.stringify(m.blocks ?? []).includes(rows[0]!.id)).at(-1), { message: "no question" });
    await h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_request_removal" });
    await statusReaches(item.id, 0, "removal_requested");
    const request = await h.emu.waitFor(() => h.emu.dms(U.niscLiaison).find((m) => JSON.stringify(m.blocks ?? []).includes("scope_removed")), { message: "no removal request to the forwarder" });
    // Only the forwarder confirms.
    await h.driver.clickButton({ user: U.niscStaff, channel: request.channel, ts: request.ts, actionId: "scope_removed" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).find((e) => e.text.includes("Only the person who shared it")), { message: "not refused" });
    expect((await warningsOf(item.id))[0]!.status).toBe("removal_requested");
    await h.driver.clickButton({ user: U.niscLiaison, channel: request.channel, ts: request.ts, actionId: "scope_removed" });
    const done = await statusReaches(item.id, 0, "removed");
    expect(done.status).toBe("removed");
    expect(done.removedAt).toBeInstanceOf(Date);
    await until(async () => h.emu.message(dest.id, warning.ts)!.text.includes("削除を確認"), "warning not updated with the removal");

    const trail = await h.store.auditTrail(item.id);
    expect(trail.map((e) => e.action)).toEqual(["sharing_scope.designated", "sharing_scope.outside_scope_seen", "sharing_scope.removal_requested", "sharing_scope.removal_confirmed"]);
    expect(trail.every((e) => e.article === "7")).toBe(true);
  });
});

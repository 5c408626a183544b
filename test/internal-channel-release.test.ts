// Art. 4(2)/7 through the emulator: a party's internal channel per incident, releasing a message
// from it to the other party ("Share with other party") with basis and sharing scope, channel
// allowances, and consent to share asked in advance (Approve / Decline by the provider's liaisons).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, until, type Harness, niscInAnotherWorkspace } from "./support/harness";
import { testDatabases } from "./support/databases";
import { agreedCase } from "./support/consultation";
import { sharedItemByMessage } from "../src/store/sharing-scopes";

describe.each(testDatabases())("internal channels, releases and consent requests (Art. 4(2), 7) on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function incident(title: string) {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": title }));
    await h.settle();
    return (await h.store.incidentByRef(ref!))!;
  }

  /** `/renkei <text>` as user; the private answer that follows. */
  async function command(user: string, text: string) {
    const seen = h.emu.ephemerals(user).length;
    await h.driver.slashCommand({ user, text });
    const answer = await h.emu.waitFor(() => h.emu.ephemerals(user).slice(seen)[0], { message: `no answer to /renkei ${text}` });
    await h.settle();
    return answer;
  }

  const internalRow = (incidentId: string, party: string) => h.store.db.internalChannel.findFirst({ where: { incidentId, party } });

  async function openInternal(user: string, ref: string, incidentId: string, party: string) {
    await command(user, `internal ${ref}`);
    const row = await until(async () => {
      await h.settle();
      const r = await internalRow(incidentId, party);
      return r?.status === "ready" && h.emu.channel(r.channelId!)?.members.includes(user) ? r : undefined;
    }, "internal channel not ready");
    return row;
  }

  let n = 0;
  const channelWith = (...members: string[]) => h.emu.addChannel({ name: `rel-dest-${++n}`, isPrivate: true, members: [...members, h.emu.botUserId] });

  async function openModal(user: string, channel: string, ts: string, callbackId: string, viewCallback: string) {
    const before = h.emu.openViews(user).map((v) => v.id);
    await h.driver.messageShortcut({ user, channel, ts, callbackId });
    return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === viewCallback && !before.includes(v.id)), { message: `${viewCallback} modal did not open` });
  }

  it("opens a private internal channel per party on request: that party's liaisons and the requester only, once, idempotent, audited", async () => {
    const inc = await incident("Internal channel");
    // Two requests at the same moment open one channel.
    const seen = h.emu.ephemerals(U.ppcStaff).length;
    await Promise.all([h.driver.slashCommand({ user: U.ppcStaff, text: `internal ${inc.ref}` }), h.driver.slashCommand({ user: U.ppcStaff, text: `internal ${inc.ref}` })]);
    await h.emu.waitFor(() => (h.emu.ephemerals(U.ppcStaff).length >= seen + 2 ? true : undefined), { message: "no answers" });
    const row = await until(async () => {
      await h.settle();
      const r = await internalRow(inc.id, "ppc");
      return r?.status === "ready" ? r : undefined;
    }, "PPC internal channel not ready");
    expect(await h.store.db.internalChannel.count({ where: { incidentId: inc.id } })).toBe(1);
    const ch = h.emu.channel(row.channelId!)!;
    expect(ch.isPrivate).toBe(true);
    expect(ch.name).toContain(`${inc.ref}-ppc-internal`);
    expect([...ch.members].sort()).toEqual([U.ppcLiaison, U.ppcStaff, h.emu.botUserId].sort());
    expect(h.emu.channels().filter((c) => c.name.includes(`${inc.ref}-ppc-internal`))).toHaveLength(1);
    // The intro says what the channel is for, once.
    const intros = h.emu.messages(row.channelId!).filter((m) => m.text.includes("内部チャンネル"));
    expect(intros).toHaveLength(1);
    expect(intros[0]!.text).toContain("相手方に共有");
    await h.emu.waitFor(() => h.emu.dms(U.ppcStaff).find((m) => m.text.includes(`<#${row.channelId}>`)), { message: "requester not told" });

    // Another PPC member asks: invited to the same channel, no second channel, no second intro.
    const again = await command(U.ppcManager, `internal ${inc.ref}`);
    expect(again.text).toContain(`<#${row.channelId}>`);
    await until(async () => {
      await h.settle();
      return h.emu.channel(row.channelId!)!.members.includes(U.ppcManager);
    }, "manager not invited");
    expect(await h.store.db.internalChannel.count({ where: { incidentId: inc.id } })).toBe(1);
    expect(h.emu.messages(row.channelId!).filter((m) => m.text.includes("内部チャンネル"))).toHaveLength(1);
    // Asking again is answered with the channel; the invitation is not queued or recorded twice.
    const third = await command(U.ppcManager, `internal ${inc.ref}`);
    expect(third.text).toContain(`<#${row.channelId}>`);
    expect(third.text).not.toContain("招待しています");
    expect((await h.store.auditTrail(row.id)).filter((e) => e.action === "internal_channel.member_requested")).toHaveLength(1);

    // NISC gets its own channel, with NISC's people only.
    const nisc = await openInternal(U.niscStaff, inc.ref, inc.id, "nisc");
    expect(nisc.channelId).not.toBe(row.channelId);
    expect([...h.emu.channel(nisc.channelId!)!.members].sort()).toEqual([U.niscLiaison, U.niscStaff, h.emu.botUserId].sort());
    expect(h.emu.channel(row.channelId!)!.members.some((u) => u.startsWith("U0NISC"))).toBe(false);

    // Someone of no party is refused privately; nothing is created.
    const refused = await command(U.outsider, `internal ${inc.ref}`);
    expect(refused.text).toContain("renkei.yml");
    expect(await h.store.db.internalChannel.count({ where: { incidentId: inc.id } })).toBe(2);

    const trail = (await h.store.auditTrail(row.id)).map((e) => `${e.action}@${e.article}`);
    expect(trail[0]).toBe("internal_channel.requested@4(2)");
    expect(trail).toContain("internal_channel.opened@4(2)");
    expect(trail.filter((a) => a.startsWith("internal_channel.requested"))).toHaveLength(1);
  });

  it("Share with other party: only from an internal channel by its party; basis and scope chosen; reposted escaped with label and link back; registered once; forwards checked; channel allowances", async () => {
    const inc = await incident("Release");
    await agreedCase(h, inc.ref, ["sharing_results"]);
    const internal = await openInternal(U.ppcStaff, inc.ref, inc.id, "ppc");
    const text = "Finding <!channel> & <@U0NISCSTF1>: host 10.0.0.7 was the entry point";
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: internal.channelId!, text });

    // The other party may not release PPC's information; outside an internal channel nobody may.
    await h.driver.messageShortcut({ user: U.niscLiaison, channel: internal.channelId!, ts: message.ts, callbackId: "share_with_other_party" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("個情委の内部チャンネル")), { message: "NISC not refused" });
    const joint = inc.channelId!;
    const { message: jointMsg } = await h.driver.userMessage({ user: U.ppcStaff, channel: joint, text: "in the joint channel" });
    await h.driver.messageShortcut({ user: U.ppcStaff, channel: joint, ts: jointMsg.ts, callbackId: "share_with_other_party" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("内部チャンネル（`/renkei internal")), { message: "not refused outside an internal channel" });
    expect(h.emu.openViews(U.niscLiaison).some((v) => v.view.callback_id === "release_share")).toBe(false);

    // The bot's own posts (the channel's intro) are not information a party provides.
    const intro = h.emu.messages(internal.channelId!).find((m) => m.text.includes("内部チャンネル"))!;
    await h.driver.messageShortcut({ user: U.ppcStaff, channel: internal.channelId!, ts: intro.ts, callbackId: "share_with_other_party" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("renkei 自身の投稿は共有できません")), { message: "bot message not refused" });

    // The form: the case's agreed item and Art. 5(2) as bases; AMBER+STRICT by default.
    const first = await openModal(U.ppcStaff, internal.channelId!, message.ts, "share_with_other_party", "release_share");
    const form = JSON.stringify(first.view.blocks);
    expect(form).toContain('"value":"4(2)(ii)"');
    expect(form).toContain('"value":"5(2)"');
    expect(form).not.toContain('"value":"4(2)(i)"');
    expect(form).toContain("multi_conversations_select");
    expect(JSON.stringify((first.view.blocks as Array<{ block_id?: string; element?: { initial_option?: { value: string } } }>).find((b) => b.block_id === "scope_level")?.element?.initial_option)).toContain("amber_strict");
    const allowed = channelWith(U.niscLiaison, U.outsider);
    const values = { "scope_level.value": "amber", "scope_basis.value": "4(2)(ii)", "scope_channels.value": [allowed.id] };
    await h.driver.submitView({ user: U.ppcStaff, viewId: first.id, values });
    await h.settle();
    // Shared once: the shortcut again is told privately, and no form opens.
    await h.driver.messageShortcut({ user: U.ppcStaff, channel: internal.channelId!, ts: message.ts, callbackId: "share_with_other_party" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("既に共有チャンネルに共有")), { message: "second share not told" });
    expect(h.emu.openViews(U.ppcStaff).some((v) => v.view.callback_id === "release_share")).toBe(false);

    const rows = await h.store.db.sharedInformation.findMany({ where: { sourceChannelId: internal.channelId!, sourceMessageTs: message.ts } });
    expect(rows).toHaveLength(1);
    const repost = await h.emu.waitFor(() => h.emu.messages(joint).find((m) => m.text.includes("host 10.0.0.7")), { message: "no repost in the joint channel" });
    expect(h.emu.messages(joint).filter((m) => m.text.includes("host 10.0.0.7"))).toHaveLength(1);
    // Escaped: no @channel, no mention of the NISC staff member; only the sharer is named.
    expect(repost.mentions).toEqual([`<@${U.ppcStaff}>`]);
    const shown = JSON.stringify(repost.blocks);
    expect(shown).toContain("&lt;!channel&gt;");
    expect(shown).toContain("TLP:AMBER");
    expect(shown).toContain(`<#${allowed.id}>`);
    expect(shown).toContain(h.emu.permalink(internal.channelId!, message.ts));
    const item = (await sharedItemByMessage(h.store.db, joint, repost.ts))!;
    expect(item).toMatchObject({ incidentId: inc.id, providerParty: "ppc", basis: "4(2)(ii)", sharedByUserId: U.ppcStaff, designatedByUserId: U.ppcStaff });
    expect(item.scope).toEqual({ level: "amber", allow: { users: [], channels: [allowed.id], organisations: [] } });
    // Nothing else from the internal channel reached the joint channel.
    expect(h.emu.messages(joint).some((m) => m.text.includes("内部チャンネル"))).toBe(false);

    // Forwards of the repost are checked: into the allowed channel silent (channel allowance),
    // elsewhere with someone outside the scope: a warning.
    await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: joint, ts: repost.ts }, to: allowed.id });
    const outside = channelWith(U.niscLiaison, U.outsider);
    const fwd = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: joint, ts: repost.ts }, to: outside.id });
    const warnings = await until(async () => {
      const w = await h.store.db.scopeWarning.findMany({ where: { sharedInformationId: item.id } });
      return w.length >= 1 ? w : undefined;
    }, "no warning for the forward outside scope");
    await new Promise((r) => setTimeout(r, 300));
    await h.settle();
    expect((await h.store.db.scopeWarning.findMany({ where: { sharedInformationId: item.id } })).map((w) => w.channelId)).toEqual([outside.id]);
    expect(warnings[0]!.messageTs).toBe(fwd.message.ts);

    // The provider changes the scope on the repost: the repost itself is updated, no thread label.
    const designate = await openModal(U.ppcLiaison, joint, repost.ts, "designate_sharing_scope", "scope_designate");
    await h.driver.submitView({ user: U.ppcLiaison, viewId: designate.id, values: { "scope_level.value": "red", "scope_basis.value": "4(2)(ii)" } });
    await h.settle();
    await h.emu.waitFor(() => (JSON.stringify(h.emu.message(joint, repost.ts)!.blocks).includes("TLP:RED") ? true : undefined), { message: "repost not updated" });
    expect(h.emu.messages(joint, { threadTs: repost.ts })).toHaveLength(0);

    const trail = (await h.store.auditTrail(item.id)).map((e) => `${e.action}@${e.article}`);
    expect(trail).toEqual(["shared_information.released@4(2)(ii)", "sharing_scope.outside_scope_seen@7", "sharing_scope.changed@7"]);
  });

  it("channel allowances in the designate form: a forward into a named channel passes silently", async () => {
    const inc = await incident("Designate channels");
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: inc.channelId!, text: "Result: the log shows lateral movement" });
    const allowed = channelWith(U.niscLiaison, U.outsider);
    const modal = await openModal(U.ppcStaff, inc.channelId!, message.ts, "designate_sharing_scope", "scope_designate");
    await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "5(2)", "scope_channels.value": [allowed.id] } });
    await h.settle();
    const item = (await sharedItemByMessage(h.store.db, inc.channelId!, message.ts))!;
    expect(item.scope!.allow.channels).toEqual([allowed.id]);
    const label = await h.emu.waitFor(() => h.emu.messages(inc.channelId!, { threadTs: message.ts })[0], { message: "no label" });
    expect(label.text).toContain(`<#${allowed.id}>`);
    await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: inc.channelId!, ts: message.ts }, to: allowed.id });
    await new Promise((r) => setTimeout(r, 300));
    await h.settle();
    expect(await h.store.db.scopeWarning.count({ where: { sharedInformationId: item.id } })).toBe(0);
  });

  it("Request consent to share: receiving party asks, provider's liaisons approve or decline once, the requester is told, approval widens the scope", async () => {
    const inc = await incident("Consent request");
    const joint = inc.channelId!;
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: joint, text: "Attack method: phishing kit X" });
    const designate = await openModal(U.ppcStaff, joint, message.ts, "designate_sharing_scope", "scope_designate");
    await h.driver.submitView({ user: U.ppcStaff, viewId: designate.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "5(2)" } });
    await h.settle();
    const item = (await sharedItemByMessage(h.store.db, joint, message.ts))!;

    // The provider's own member needs no consent; an unregistered message cannot be asked about.
    await h.driver.messageShortcut({ user: U.ppcLiaison, channel: joint, ts: message.ts, callbackId: "request_scope_consent" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).find((e) => e.text.includes("同意なく共有できます")), { message: "own party not refused" });
    const { message: plainMsg } = await h.driver.userMessage({ user: U.ppcStaff, channel: joint, text: "just chatting" });
    await h.driver.messageShortcut({ user: U.niscLiaison, channel: joint, ts: plainMsg.ts, callbackId: "request_scope_consent" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("登録されていません")), { message: "unregistered not refused" });

    // NISC's liaison asks to share it with a team channel.
    const team = channelWith(U.niscLiaison, U.niscStaff, U.outsider);
    const form = await openModal(U.niscLiaison, joint, message.ts, "request_scope_consent", "scope_consent_request");
    const empty = await h.driver.submitView({ user: U.niscLiaison, viewId: form.id, values: { "scope_request_reason.value": "Need it" } });
    expect(empty.errors?.scope_request_channel).toContain("チャンネルか人");
    await h.driver.submitView({ user: U.niscLiaison, viewId: form.id, values: { "scope_request_channel.value": team.id, "scope_request_reason.value": "Our analysts <!here> need it" } });
    await h.settle();
    const consents = await h.store.db.scopeConsent.findMany({ where: { sharedInformationId: item.id } });
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({ status: "requested", channelId: team.id, requestedByUserId: U.niscLiaison });
    expect(JSON.parse(consents[0]!.users)).toEqual([U.niscLiaison, U.niscStaff, U.outsider].sort());
    await h.emu.waitFor(() => h.emu.dms(U.niscLiaison).find((m) => m.text.includes("同意を依頼しました")), { message: "requester not told it was sent" });
    const ask = await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).find((m) => JSON.stringify(m.blocks ?? []).includes("scope_consent_approve")), { message: "no question to PPC's liaison" });
    expect(ask.mentions).not.toContain("<!here>");
    expect(ask.text).toContain("&lt;!here&gt;");
    expect(h.emu.dms(U.niscLiaison).some((m) => JSON.stringify(m.blocks ?? []).includes("scope_consent_approve"))).toBe(false);

    // PPC staff (not a liaison) and NISC's liaison cannot answer.
    await h.driver.clickButton({ user: U.ppcStaff, channel: ask.channel, ts: ask.ts, actionId: "scope_consent_approve" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("同意するかどうかを決められる")), { message: "staff not refused" });
    // Double click: recorded once.
    await Promise.all([
      h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_consent_approve" }),
      h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_consent_approve" }),
    ]);
    const granted = await until(async () => {
      const c = await h.store.db.scopeConsent.findFirst({ where: { id: consents[0]!.id } });
      return c?.status === "granted" ? c : undefined;
    }, "consent not granted");
    expect(granted.decidedByUserId).toBe(U.ppcLiaison);
    const told = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).find((e) => e.text.includes("既に回答済み")), { message: "second click not told" });
    expect(told.text).toContain(`同意済み（<@${U.ppcLiaison}>）`);
    await h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_consent_decline" });
    await h.settle();
    expect((await h.store.db.scopeConsent.findFirst({ where: { id: consents[0]!.id } }))!.status).toBe("granted");
    await h.emu.waitFor(() => h.emu.dms(U.niscLiaison).find((m) => m.text.includes("同意しました")), { message: "requester not told the outcome" });

    // Approved: a forward there passes silently.
    await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: joint, ts: message.ts }, to: team.id });
    await new Promise((r) => setTimeout(r, 300));
    await h.settle();
    expect(await h.store.db.scopeWarning.count({ where: { sharedInformationId: item.id } })).toBe(0);

    // Declined: the requester is told, and a forward there is still warned about.
    const other = channelWith(U.niscLiaison, U.niscManager);
    const form2 = await openModal(U.niscLiaison, joint, message.ts, "request_scope_consent", "scope_consent_request");
    await h.driver.submitView({ user: U.niscLiaison, viewId: form2.id, values: { "scope_request_channel.value": other.id, "scope_request_reason.value": "Press office" } });
    await h.settle();
    const ask2 = await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).filter((m) => JSON.stringify(m.blocks ?? []).includes("scope_consent_decline")).at(-1)?.ts !== ask.ts ? h.emu.dms(U.ppcLiaison).filter((m) => JSON.stringify(m.blocks ?? []).includes("scope_consent_decline")).at(-1) : undefined, { message: "no second question" });
    await h.driver.clickButton({ user: U.ppcLiaison, channel: ask2.channel, ts: ask2.ts, actionId: "scope_consent_decline" });
    await until(async () => (await h.store.db.scopeConsent.count({ where: { sharedInformationId: item.id, status: "declined" } })) === 1, "not declined");
    await h.settle();
    await h.emu.waitFor(() => h.emu.dms(U.niscLiaison).find((m) => m.text.includes("同意しませんでした")), { message: "requester not told of the refusal" });
    await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: joint, ts: message.ts }, to: other.id });
    await until(async () => (await h.store.db.scopeWarning.count({ where: { sharedInformationId: item.id } })) === 1, "declined audience not warned");

    // The register shows both requests.
    const answer = await command(U.niscLiaison, `scope ${inc.ref}`);
    const body = JSON.stringify(answer.blocks);
    expect(body).toContain("事前の同意依頼");
    expect(body).toContain("不同意");

    const trail = (await h.store.auditTrail(item.id)).map((e) => `${e.action}@${e.article}`);
    expect(trail).toEqual([
      "sharing_scope.designated@7",
      "sharing_scope.consent_requested@7",
      "sharing_scope.consent_granted@7",
      "sharing_scope.consent_requested@7",
      "sharing_scope.consent_declined@7",
      "sharing_scope.outside_scope_seen@7",
    ]);
  });

  it("a result the bot shares for its provider gets the scope chosen in the form (default AMBER+STRICT) and its own registered post, whose forwards are checked", async () => {
    const inc = await incident("Result scope");
    const [task] = await agreedCase(h, inc.ref, ["sharing_results"]);
    const before = h.emu.openViews(U.niscStaff).map((v) => v.id);
    await h.driver.clickButton({ user: U.niscStaff, channel: task!.channelId!, ts: task!.messageTs!, actionId: "item_results_record" });
    const form = await h.emu.waitFor(() => h.emu.openViews(U.niscStaff).find((v) => v.view.callback_id === "item_results_result" && !before.includes(v.id)), { message: "result form did not open" });
    const level = (form.view.blocks as Array<{ block_id?: string; element?: { initial_option?: { value: string } } }>).find((b) => b.block_id === "scope_result_level");
    expect(level?.element?.initial_option?.value).toBe("amber_strict");
    await h.driver.submitView({ user: U.niscStaff, viewId: form.id, values: { "item_results_summary.value": "Malware family Y, C2 at 198.51.100.9", "scope_result_level.value": "red" } });
    await h.settle();
    const row = await until(async () => {
      await h.settle();
      const r = await h.store.db.sharedInformation.findFirst({ where: { taskId: task!.id } });
      return r?.messageTs ? r : undefined;
    }, "result not posted");
    expect(row).toMatchObject({ providerParty: "nisc", basis: "4(2)(ii)", channelId: inc.channelId, designatedByUserId: U.niscStaff });
    expect(JSON.parse(row.scope!)).toEqual({ level: "red", allow: { users: [], channels: [], organisations: [] } });
    const post = h.emu.message(inc.channelId!, row.messageTs!)!;
    expect(JSON.stringify(post.blocks)).toContain("TLP:RED");
    expect(JSON.stringify(post.blocks)).toContain("Malware family Y");
    // Forwarded to PPC's liaison in another channel: outside RED (nobody named), so a warning.
    const dest = channelWith(U.niscLiaison, U.ppcLiaison);
    await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: inc.channelId!, ts: row.messageTs! }, to: dest.id });
    const warnings = await until(async () => {
      const w = await h.store.db.scopeWarning.findMany({ where: { sharedInformationId: row.id } });
      return w.length ? w : undefined;
    }, "no warning on the result's forward");
    expect(JSON.parse(warnings[0]!.outsiders)).toEqual([U.ppcLiaison]);
    const trail = (await h.store.auditTrail(row.id)).map((e) => e.action);
    expect(trail).toEqual(["sharing_scope.outside_scope_seen"]);
  });

  it("technical advice and overseas results take a scope too: default AMBER+STRICT, or the level chosen; each gets its labelled post", async () => {
    const inc = await incident("Advice and overseas scope");
    const tasks = await agreedCase(h, inc.ref, ["technical_advice", "overseas_cooperation"]);
    const advice = tasks.find((t) => t.itemType === "technical_advice")!;
    const overseas = tasks.find((t) => t.itemType === "overseas_cooperation")!;
    const click = (user: string, task: typeof advice, actionId: string, blockId?: string) =>
      h.driver.clickButton({ user, channel: task.channelId!, ts: h.emu.message(task.channelId!, task.messageTs!)!.ts, actionId, ...(blockId ? { blockId } : {}) });
    const form = async (user: string, task: typeof advice, actionId: string, callbackId: string, blockId?: string) => {
      const before = h.emu.openViews(user).map((v) => v.id);
      await click(user, task, actionId, blockId);
      return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === callbackId && !before.includes(v.id)), { message: `${callbackId} did not open` });
    };
    const requestOf = async (task: typeof advice, kind: string) =>
      until(async () => {
        await h.settle();
        return (await h.store.recordsOfTask(task.id)).find((r) => r.kind === kind);
      }, `${kind} not recorded`);
    const postedResult = async (task: typeof advice) =>
      until(async () => {
        await h.settle();
        const r = await h.store.db.sharedInformation.findFirst({ where: { taskId: task.id } });
        return r?.messageTs ? r : undefined;
      }, "result not posted");

    // Technical advice (NISC gives PPC), level left at its default.
    const ask = await form(U.ppcStaff, advice, "item_advice_request", "item_advice_request");
    await h.driver.submitView({ user: U.ppcStaff, viewId: ask.id, values: { "item_advice_topic.value": "containment", "item_advice_question.value": "Cut the VPN?" } });
    const adviceRequest = await requestOf(advice, "advice_request");
    await until(async () => JSON.stringify(h.emu.message(advice.channelId!, advice.messageTs!)!.blocks).includes(`item_advice_act_${adviceRequest.id}`), "advice request not on the card");
    const record = await form(U.niscLiaison, advice, "item_advice_record", "item_advice_record", `item_advice_act_${adviceRequest.id}`);
    expect(JSON.stringify(record.view.blocks)).toContain("scope_result_level");
    await h.driver.submitView({ user: U.niscLiaison, viewId: record.id, values: { "item_advice_text.value": "Isolate the concentrator." } });
    const adviceRow = await postedResult(advice);
    expect(JSON.parse(adviceRow.scope!).level).toBe("amber_strict");
    expect(JSON.stringify(h.emu.message(inc.channelId!, adviceRow.messageTs!)!.blocks)).toContain("TLP:AMBER+STRICT");

    // Overseas cooperation (PPC asks, NISC accepts and shares results), GREEN chosen.
    const req = await form(U.ppcStaff, overseas, "item_overseas_request", "item_overseas_request");
    await h.driver.submitView({ user: U.ppcStaff, viewId: req.id, values: { "item_overseas_body.value": "CERT-Example", "item_overseas_ask.value": "Seen abroad?" } });
    const overseasRequest = await requestOf(overseas, "overseas_request");
    const actions = `item_overseas_act_${overseasRequest.id}`;
    await until(async () => JSON.stringify(h.emu.message(overseas.channelId!, overseas.messageTs!)!.blocks).includes(actions), "overseas request not on the card");
    await click(U.niscStaff, overseas, "item_overseas_accept", actions);
    await until(async () => {
      await h.settle();
      return JSON.stringify(h.emu.message(overseas.channelId!, overseas.messageTs!)!.blocks).includes("item_overseas_results");
    }, "not accepted");
    const results = await form(U.niscLiaison, overseas, "item_overseas_results", "item_overseas_results", actions);
    await h.driver.submitView({ user: U.niscLiaison, viewId: results.id, values: { "item_overseas_limits.value": "None.", "item_overseas_results_text.value": "Two similar cases in the EU.", "scope_result_level.value": "green" } });
    const overseasRow = await postedResult(overseas);
    expect(JSON.parse(overseasRow.scope!).level).toBe("green");
    const post = h.emu.message(inc.channelId!, overseasRow.messageTs!)!;
    expect(JSON.stringify(post.blocks)).toContain("TLP:GREEN");
    expect(JSON.stringify(post.blocks)).toContain("Two similar cases in the EU.");
  });
});

describe.each(testDatabases())("internal channel of a party in another Slack workspace on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database, ...niscInAnotherWorkspace() });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("is not opened in the other party's workspace: the requester is told why, and no channel is created", async () => {
    const { ref } = await submitIntake(h, U.ppcStaff);
    await h.settle();
    const incident = (await h.store.incidentByRef(ref!))!;
    await h.driver.slashCommand({ user: U.niscStaff, text: `internal ${ref}`, channel: h.emu.dmChannelId(U.niscStaff) });
    const row = await until(async () => {
      await h.settle();
      const r = await h.store.db.internalChannel.findFirst({ where: { incidentId: incident.id, party: "nisc" } });
      return r?.status === "failed" ? r : undefined;
    }, "not refused");
    expect(row.error).toBe("external_party");
    expect(row.channelId).toBeNull();
    expect(h.emu.calls("conversations.create")).toHaveLength(1); // the joint channel only
    expect(h.emu.channels().filter((c) => c.name.includes("internal"))).toHaveLength(0);
    await h.emu.waitFor(() => h.emu.dms(U.niscStaff).find((m) => m.text.includes("another workspace")), { message: "requester not told" });
  });
});

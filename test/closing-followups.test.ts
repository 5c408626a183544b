// Issue 15, what closing needed beyond the first slices, through the emulator on both databases:
// a closing proposal withdrawn by its party or declined (with a reason) by the other; a consent
// request asked in advance that ends with the closing says so on the asking DM, and a click that
// arrives anyway is told it ended (not "already answered"); a review past its due date is
// reminded to the party that owes it, weekly; a closed incident leaves App Home and the digest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, testClock, U, until, type Harness } from "./support/harness";
import { agreedCase } from "./support/consultation";
import { testDatabases } from "./support/databases";
import { runDigestSweep, runReminderSweep } from "../src/app/sweeps";
import type { Incident } from "../src/domain/incident";

describe.each(testDatabases())("closing: withdrawals, ended consent requests, review reminders, Home and digest on %s", (database) => {
  let h: Harness;
  let kase: Incident;
  let plain: Incident;
  const clock = testClock("2026-11-30T10:00:00+09:00"); // Monday
  beforeAll(async () => {
    h = await startHarness({ database, clock });
    const a = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Case to close" }));
    const b = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Plain with a consent request" }));
    await h.settle();
    kase = (await h.store.incidentByRef(a.ref!))!;
    plain = (await h.store.incidentByRef(b.ref!))!;
    await agreedCase(h, kase.ref, ["joint_investigation"]);
    kase = (await h.store.incidentByRef(a.ref!))!;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const actions = async (id: string, action: string) => (await h.store.auditEntriesOf(id)).filter((e) => e.action === action);
  /** Closing cards: proposals, and a plain incident's closing (one confirmation closes it). */
  const proposals = (i: Incident) => h.emu.messages(i.channelId!).filter((m) => /^(終了の提案|終了 — )/.test(m.text));
  const blocksOf = (m: { blocks?: unknown }) => JSON.stringify(m.blocks ?? []);
  /** A liaison proposes closing (the incident's "Close" button, the summary filled in); returns the new proposal card. */
  const propose = async (user: string, i: Incident, what: string) => {
    const before = proposals(i).length;
    const views = h.emu.openViews(user).map((v) => v.id);
    await h.driver.clickButton({ user, channel: i.channelId!, ts: i.summaryTs!, actionId: "incident_close" });
    const form = await h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "incident_closing" && !views.includes(v.id)), { message: "closing modal did not open" });
    const task = (await h.store.tasksOfIncident(i.id)).find((t) => t.kind === "cooperation_item");
    const items = task ? { [`closing_item_${task.id}.value`]: "done" } : {};
    await h.driver.submitView({ user, viewId: form.id, values: { "closing_what.value": what, ...items, "closing_open_tasks.value": "They end." } });
    await h.settle();
    return h.emu.waitFor(() => (proposals(i).length > before ? proposals(i).at(-1) : undefined), { message: "no proposal card" });
  };
  const withdrawForm = async (user: string, card: { channel: string; ts: string }) => {
    const views = h.emu.openViews(user).map((v) => v.id);
    await h.driver.clickButton({ user, channel: card.channel, ts: card.ts, actionId: "incident_closing_withdraw" });
    return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "incident_closing_withdraw" && !views.includes(v.id)), { message: "withdraw modal did not open" });
  };

  it("the other party declines a proposal to close a case (a reason is required; submitted twice: declined once); the case goes on", async () => {
    const card = await propose(U.ppcLiaison, kase, "Contained, we think.");
    // staff may not take it back
    await h.driver.clickButton({ user: U.niscStaff, channel: card.channel, ts: card.ts, actionId: "incident_closing_withdraw" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).find((e) => e.text.includes("Liaison officers close and reopen")), { message: "staff not refused" });

    const form = await withdrawForm(U.niscLiaison, card);
    expect(blocksOf(form.view)).toContain("同意しません");
    const empty = await h.driver.submitView({ user: U.niscLiaison, viewId: form.id, values: { "withdraw_reason.value": " " }, allowEmptyRequired: true });
    expect(empty.errors?.withdraw_reason).toContain("入力してください");
    const values = { "withdraw_reason.value": "The overseas request is still pending <!channel>." };
    await Promise.all([h.driver.submitView({ user: U.niscLiaison, viewId: form.id, values }), h.driver.submitView({ user: U.niscLiaison, viewId: form.id, values })]);
    await h.settle();

    const declined = await actions(kase.id, "incident.closing_declined");
    expect(declined).toHaveLength(1);
    expect(declined[0]).toMatchObject({ actorUserId: U.niscLiaison, actorParty: "nisc", article: "4(2)" });
    expect(declined[0]!.after).toMatchObject({ status: "declined", reason: "The overseas request is still pending <!channel>." });
    expect((await h.store.incidentById(kase.id))!.state).toBe("cooperation_case");
    const updated = h.emu.message(card.channel, card.ts)!;
    expect(updated.text).toMatch(/^終了の提案（不同意） — /);
    expect(blocksOf(updated)).toContain("The overseas request is still pending");
    expect(blocksOf(updated)).toContain("&lt;!channel&gt;"); // escaped: it never pings the channel
    expect(updated.mentions ?? []).not.toContain("<!channel>");
    expect(blocksOf(updated)).not.toContain("incident_closing_confirm");
    expect(blocksOf(updated)).toContain("改めて提案してください");
  });

  it("the proposing party withdraws its own proposal (no reason needed); a third proposal closes with both confirmations", async () => {
    const card = await propose(U.ppcLiaison, kase, "Contained; overseas request answered.");
    const form = await withdrawForm(U.ppcLiaison, card);
    expect(blocksOf(form.view)).toContain("取り下げます");
    await h.driver.submitView({ user: U.ppcLiaison, viewId: form.id, values: {} });
    await h.settle();
    expect(await actions(kase.id, "incident.closing_withdrawn")).toHaveLength(1);
    expect(h.emu.message(card.channel, card.ts)!.text).toMatch(/^終了の提案（取り下げ） — /);
    expect((await h.store.incidentById(kase.id))!.state).toBe("cooperation_case");

    // NISC proposes; PPC confirms: closed
    const third = await propose(U.niscLiaison, kase, "All items done.");
    await h.driver.clickButton({ user: U.ppcLiaison, channel: third.channel, ts: third.ts, actionId: "incident_closing_confirm" });
    await until(async () => (await h.store.incidentById(kase.id))!.state === "closed", "case not closed");
    await h.settle();
    const trail = (await h.store.auditTrail(kase.id)).map((e) => e.action).filter((a) => a.startsWith("incident.clos"));
    expect(trail).toEqual(["incident.closing_proposed", "incident.closing_declined", "incident.closing_proposed", "incident.closing_withdrawn", "incident.closing_proposed", "incident.closed"]);
    // the closing round numbers follow each other
    expect((await h.store.closures.ofIncident(kase.id)).map((c) => [c.round, c.status])).toEqual([
      [1, "declined"],
      [2, "withdrawn"],
      [3, "closed"],
    ]);
  });

  it("a consent request ends with the closing: the asking DM says so without buttons; a click that arrives anyway is told it ended; reopening asks again", async () => {
    const joint = plain.channelId!;
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: joint, text: "Attack method: phishing kit X" });
    const views = h.emu.openViews(U.ppcStaff).map((v) => v.id);
    await h.driver.messageShortcut({ user: U.ppcStaff, channel: joint, ts: message.ts, callbackId: "designate_sharing_scope" });
    const designate = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "scope_designate" && !views.includes(v.id)), { message: "designate modal did not open" });
    await h.driver.submitView({ user: U.ppcStaff, viewId: designate.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "5(2)" } });
    await h.settle();
    const team = h.emu.addChannel({ name: "nisc-analysts", isPrivate: true, members: [U.niscLiaison, U.niscStaff, h.emu.botUserId] });
    await h.driver.messageShortcut({ user: U.niscLiaison, channel: joint, ts: message.ts, callbackId: "request_scope_consent" });
    const form = await h.emu.waitFor(() => h.emu.openViews(U.niscLiaison).find((v) => v.view.callback_id === "scope_consent_request"), { message: "request modal did not open" });
    await h.driver.submitView({ user: U.niscLiaison, viewId: form.id, values: { "scope_request_channel.value": team.id, "scope_request_reason.value": "Our analysts need it" } });
    await h.settle();
    const ask = await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).find((m) => blocksOf(m).includes("scope_consent_approve")), { message: "no question to PPC's liaison" });
    const consent = (await h.store.db.scopeConsent.findFirst({ where: { requestedByUserId: U.niscLiaison, status: "requested" } }))!;

    // Slack fails the closing's updates (the incident card, the asking DM): the old buttons are still there when PPC's liaison clicks
    h.emu.failNext("chat.update", { error: "internal_error" }, 2);
    await propose(U.ppcLiaison, plain, "No leak after all.");
    expect((await h.store.incidentById(plain.id))!.state).toBe("closed");
    expect((await h.store.db.scopeConsent.findFirst({ where: { id: consent.id } }))!.status).toBe("ended");
    const seen = h.emu.ephemerals(U.ppcLiaison).length;
    await h.driver.clickButton({ user: U.ppcLiaison, channel: ask.channel, ts: ask.ts, actionId: "scope_consent_approve" });
    const answer = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).slice(seen)[0] ?? h.emu.dms(U.ppcLiaison).find((m) => m.text.includes("終わりました") && m.ts > ask.ts), { message: "click not answered" });
    expect(answer.text).toContain(`${plain.ref} の終了`);
    expect(answer.text).toContain("何も変更されていません");
    expect(answer.text).not.toContain("回答済み");
    expect((await h.store.db.scopeConsent.findFirst({ where: { id: consent.id } }))!.status).toBe("ended");

    // Slack answers again: the retried update says on the DM that the request ended, with nothing to click
    clock.set("2026-11-30T11:00:00+09:00");
    await until(async () => {
      await h.settle();
      return !blocksOf(h.emu.message(ask.channel, ask.ts)!).includes("scope_consent_approve");
    }, "the asking DM was not updated");
    const ended = h.emu.message(ask.channel, ask.ts)!;
    expect(blocksOf(ended)).toContain("この依頼は終わりました");

    // reopening restores the request and its buttons
    await h.driver.slashCommand({ user: U.ppcLiaison, text: `reopen ${plain.ref}` });
    const reopen = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "incident_reopen"), { message: "reopen modal did not open" });
    await h.driver.submitView({ user: U.ppcLiaison, viewId: reopen.id, values: { "reopen_reason.value": "A second report came in." } });
    await h.settle();
    expect((await h.store.db.scopeConsent.findFirst({ where: { id: consent.id } }))!.status).toBe("requested");
    expect(blocksOf(h.emu.message(ask.channel, ask.ts)!)).toContain("scope_consent_approve");
  });

  it("a closed incident leaves App Home and the managers' digest", async () => {
    // plain is open again; the case is closed
    await h.driver.openHome(U.ppcLiaison);
    const home = await h.emu.waitFor(() => h.emu.homeView(U.ppcLiaison));
    expect(JSON.stringify(home.view.blocks)).toContain(plain.ref);
    expect(JSON.stringify(home.view.blocks)).not.toContain(kase.ref);
    clock.set("2026-12-01T09:30:00+09:00");
    await runDigestSweep(h);
    await h.settle();
    const digest = await h.emu.waitFor(() => h.emu.dms(U.ppcManager).find((m) => m.text.includes("日次ダイジェスト")), { message: "no digest" });
    const section = (id: string) => JSON.stringify((digest.blocks as Array<{ block_id?: string }>).find((b) => b.block_id === id) ?? {});
    expect(section("digest_open")).toContain(plain.ref);
    expect(section("digest_open")).not.toContain(kase.ref);
    expect(section("digest_deadlines")).not.toContain(kase.ref); // its leak-report deadlines are no longer followed
    // the day's changes still say it was closed
    expect(section("digest_changes")).toMatch(new RegExp(`${kase.ref}\\* インシデント終了`));
  });

  it("a review past its due date is reminded to the party that owes it, once a week; not to the party that recorded its own", async () => {
    // the case closed on 11-30; review.dueAfterDays 14 → due 12-14. PPC records its review; NISC does not.
    const invitation = h.emu.messages(kase.channelId!).find((m) => m.text.includes("の振り返り"))!;
    await h.driver.clickButton({ user: U.ppcLiaison, channel: invitation.channel, ts: invitation.ts, actionId: "incident_review" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "incident_review"), { message: "review modal did not open" });
    await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "review_worked.value": "Quick contact.", "review_did_not.value": "Slow overseas request." } });
    await h.settle();
    const reminders = (user: string) => h.emu.dms(user).filter((m) => /振り返り\*? ?の期限|Review of/.test(m.text) && m.text.includes(kase.ref));

    clock.set("2026-12-14T10:00:00+09:00"); // the due date itself: nothing yet
    await runReminderSweep(h);
    await h.settle();
    expect(reminders(U.niscLiaison)).toHaveLength(0);

    clock.set("2026-12-15T10:00:00+09:00");
    await runReminderSweep(h);
    await runReminderSweep(h); // a second replica: still once
    await h.settle();
    expect(reminders(U.niscLiaison)).toHaveLength(1);
    expect(reminders(U.niscLiaison)[0]!.text).toContain("2026-12-14");
    expect(reminders(U.ppcLiaison)).toHaveLength(0);

    clock.set("2026-12-18T10:00:00+09:00"); // same week: nothing new
    await runReminderSweep(h);
    await h.settle();
    expect(reminders(U.niscLiaison)).toHaveLength(1);
    clock.set("2026-12-22T10:00:00+09:00"); // a week later: again
    await runReminderSweep(h);
    await h.settle();
    expect(reminders(U.niscLiaison)).toHaveLength(2);
  });
});

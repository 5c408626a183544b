// Art. 5(3) advice on general standards through the emulator: PPC asks NISC for advice on a draft
// by a due date; NISC's liaisons are reminded before and after the due date (its managers once it
// is overdue for a while), once per cause and period, never in quiet hours; NISC gives advice; PPC's
// liaison closes the request. The wrong party is refused privately; double clicks act once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReminderSweep } from "../src/app/sweeps";
import { activityById } from "../src/store/activities";
import { testDatabases } from "./support/databases";
import { startHarness, testConfigInput, U, until, type Harness, testClock } from "./support/harness";

const NORMAL = "C0NORMAL01";

describe.each(testDatabases())("Art. 5(3) advice on general standards on %s", (database) => {
  let h: Harness;
  // Wednesday 2026-11-25, 10:00 JST: a business day, outside quiet hours.
  const clock = testClock("2026-11-25T10:00:00+09:00");
  beforeAll(async () => {
    h = await startHarness({ database, clock, config: { ...testConfigInput(), normalTimes: { channel: NORMAL } } });
    h.emu.addChannel({ id: NORMAL, name: "ppc-nisc-normal-times", isPrivate: true, members: [h.emu.botUserId, U.ppcStaff, U.ppcLiaison, U.ppcManager, U.niscLiaison, U.niscStaff, U.niscManager] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const sweep = async () => {
    const r = await runReminderSweep(h);
    await h.settle();
    return r;
  };
  const dmsWith = (user: string, text: string) => h.emu.dms(user).filter((m) => m.text.includes(text));

  it("asks, reminds the party asked, takes its advice and is closed by the author party's liaison", async () => {
    await h.driver.slashCommand({ user: U.ppcStaff, text: "activity advice" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "standard_advice_request"), { message: "request modal did not open" });
    const values = { "standard_advice_title.value": "Guidelines on leak reports (draft)", "standard_advice_reference.value": "https://example.org/drafts/leak-guidelines.pdf", "standard_advice_questions.value": "Are the terms for attack methods consistent with NISC's unified standards?" };
    // The due date must be after today.
    const early = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { ...values, "standard_advice_due.value": "2026-11-25" } });
    expect(early.errors?.standard_advice_due).toContain("明日以降");
    const res = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { ...values, "standard_advice_due.value": "2026-11-27" } });
    expect(res.errors).toBeUndefined();
    await h.settle();

    const row = (await h.store.db.activity.findFirst({ where: { kind: "advice" } }))!;
    const request = (await activityById(h.store.db, row.id))!;
    expect(request).toMatchObject({ article: "5(3)", ownerParty: "ppc", status: "open", dueAt: new Date("2026-11-27T23:59:59+09:00"), channelId: NORMAL });
    const card = h.emu.message(NORMAL, request.messageTs!)!;
    expect(card.text).toContain(request.ref);
    // The card names the party asked and mentions its liaisons.
    expect(card.mentions).toContain(`<@${U.niscLiaison}>`);
    const cardBody = JSON.stringify(card.blocks);
    expect(cardBody).toContain("leak-guidelines.pdf");
    expect(cardBody).toContain("standard_advice_give");
    expect(cardBody).toContain("standard_advice_close");

    // The author party cannot give advice on its own request.
    await h.driver.clickButton({ user: U.ppcLiaison, channel: NORMAL, ts: card.ts, actionId: "standard_advice_give" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).find((e) => e.text.includes("NISCの担当者が助言します")), { message: "PPC not refused" });
    expect(h.emu.openViews(U.ppcLiaison).some((v) => v.view.callback_id === "standard_advice_give_submit")).toBe(false);

    // Due soon (within the lead days): NISC's liaison hears once, however often the sweep runs; PPC does not.
    clock.set("2026-11-26T10:00:00+09:00");
    // Two replicas at once share a PostgreSQL database; SQLite serves one process, which sweeps twice.
    if (database === "postgres") await Promise.all([runReminderSweep(h), runReminderSweep(h)]);
    else await runReminderSweep(h);
    await sweep();
    expect(dmsWith(U.niscLiaison, "回答期限が近づいています")).toHaveLength(1);
    expect(dmsWith(U.ppcLiaison, request.ref)).toHaveLength(0);

    // Quiet hours: nothing.
    clock.set("2026-11-30T21:00:00+09:00");
    expect(await sweep()).toEqual({ queued: 0, skipped: "quiet_hours_or_closed_day" });

    // Overdue by 3 days (Monday): the liaison once a day, NISC's managers once.
    clock.set("2026-11-30T10:00:00+09:00");
    await sweep();
    await sweep();
    const overdue = dmsWith(U.niscLiaison, "回答期限を過ぎています");
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.text).toContain("https://"); // a link to the card
    expect(dmsWith(U.niscManager, "3日過ぎています")).toHaveLength(1);
    expect(dmsWith(U.ppcManager, request.ref)).toHaveLength(0);
    clock.set("2026-12-01T10:00:00+09:00");
    await sweep();
    expect(dmsWith(U.niscLiaison, "回答期限を過ぎています")).toHaveLength(2);
    expect(dmsWith(U.niscManager, "過ぎています")).toHaveLength(1);

    // NISC staff answers from the card; NISC's liaison from the reminder's button.
    await h.driver.clickButton({ user: U.niscStaff, channel: NORMAL, ts: card.ts, actionId: "standard_advice_give" });
    const give = await h.emu.waitFor(() => h.emu.openViews(U.niscStaff).find((v) => v.view.callback_id === "standard_advice_give_submit"), { message: "advice modal did not open" });
    const empty = await h.driver.submitView({ user: U.niscStaff, viewId: give.id, values: { "standard_advice_text.value": " " } });
    expect(empty.errors?.standard_advice_text).toBeTruthy();
    await h.driver.submitView({ user: U.niscStaff, viewId: give.id, values: { "standard_advice_text.value": "Use \"attack technique\" as in the unified standards, section 2.1.", "standard_advice_references.value": "Unified standards for government bodies (2025), 2.1" } });
    const reminder = overdue[0]!;
    await h.driver.clickButton({ user: U.niscLiaison, channel: reminder.channel, ts: reminder.ts, actionId: "standard_advice_give" });
    const give2 = await h.emu.waitFor(() => h.emu.openViews(U.niscLiaison).find((v) => v.view.callback_id === "standard_advice_give_submit"), { message: "advice modal did not open from the reminder" });
    await h.driver.submitView({ user: U.niscLiaison, viewId: give2.id, values: { "standard_advice_text.value": "No further comments." } });
    await h.settle();
    const records = await h.store.db.activityRecord.findMany({ where: { activityId: request.id, kind: "advice" }, orderBy: { createdAt: "asc" } });
    expect(records.map((r) => [r.party, r.byUserId])).toEqual([["nisc", U.niscStaff], ["nisc", U.niscLiaison]]);
    const withAdvice = JSON.stringify(h.emu.message(NORMAL, card.ts)!.blocks);
    expect(withAdvice).toContain("attack technique");
    expect(withAdvice).toContain("Unified standards for government bodies");
    expect(withAdvice).toContain("No further comments.");

    // Only PPC's liaison closes it: NISC's liaison and PPC staff are refused privately.
    await h.driver.clickButton({ user: U.niscLiaison, channel: NORMAL, ts: card.ts, actionId: "standard_advice_close" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("個情委の連絡調整担当のみ")), { message: "NISC not refused" });
    await h.driver.clickButton({ user: U.ppcStaff, channel: NORMAL, ts: card.ts, actionId: "standard_advice_close" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("個情委の連絡調整担当のみ")), { message: "PPC staff not refused" });
    expect((await activityById(h.store.db, request.id))!.status).toBe("open");
    // A double click closes once.
    await Promise.all([
      h.driver.clickButton({ user: U.ppcLiaison, channel: NORMAL, ts: card.ts, actionId: "standard_advice_close" }),
      h.driver.clickButton({ user: U.ppcLiaison, channel: NORMAL, ts: card.ts, actionId: "standard_advice_close" }),
    ]);
    await until(async () => (await activityById(h.store.db, request.id))!.status === "done", "request not closed");
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).find((e) => e.text.includes("既に完了")), { message: "second click not told" });
    await h.settle();
    const closed = JSON.stringify(h.emu.message(NORMAL, card.ts)!.blocks);
    expect(closed).toContain("完了にしました");
    expect(closed).not.toContain("standard_advice_give");

    // Closed: no more reminders, and advice from a stale reminder is refused.
    clock.set("2026-12-02T10:00:00+09:00");
    await sweep();
    expect(dmsWith(U.niscLiaison, "回答期限を過ぎています")).toHaveLength(2);
    await h.driver.clickButton({ user: U.niscLiaison, channel: reminder.channel, ts: reminder.ts, actionId: "standard_advice_give" });
    await h.emu.waitFor(() => h.emu.dms(U.niscLiaison).find((m) => m.text.includes("既に完了")) ?? h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("既に完了")), { message: "stale reminder not refused" });

    expect((await h.store.auditTrail(request.id)).map((e) => `${e.action}@${e.article}`)).toEqual([
      "activity.advice_requested@5(3)",
      "activity.advice_given@5(3)",
      "activity.advice_given@5(3)",
      "activity.advice_closed@5(3)",
    ]);
  });
});

// Issue 6 through the emulator: an Art. 5(1) event with preparation tasks (posted in the card's
// thread, reminded when overdue, done from the reminder), marked as held by the organising party;
// an Art. 8 consultation resolved by both parties' liaison officers (a staff member refused, a
// double confirmation recorded once, a new version withdrawing confirmations); /renkei activities;
// the managers' digest and App Home showing open activities.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDigestSweep, runReminderSweep } from "../src/app/sweeps";
import { activityByRef, recordsOfActivity } from "../src/store/activities";
import { testDatabases } from "./support/databases";
import { startHarness, U, until, type Harness, testClock } from "./support/harness";

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe.each(testDatabases())("normal-times activities on %s", (database) => {
  let h: Harness;
  // Wednesday 2026-11-25, 10:00 JST.
  const clock = testClock("2026-11-25T10:00:00+09:00");
  beforeAll(async () => {
    h = await startHarness({ database, clock });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const openModal = async (user: string, text: string, callbackId: string) => {
    const before = h.emu.openViews(user).map((v) => v.id);
    await h.driver.slashCommand({ user, text });
    return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === callbackId && !before.includes(v.id)), { message: `${callbackId} did not open` });
  };
  const lastEphemeral = async (user: string, before: number) => {
    await h.emu.waitFor(() => h.emu.ephemerals(user).length > before, { message: `no private answer to ${user}` });
    return h.emu.ephemerals(user).at(-1)!;
  };
  const card = async (ref: string) => {
    const activity = await until(async () => {
      await h.settle();
      const a = await activityByRef(h.store.db, ref);
      return a?.messageTs ? a : undefined;
    }, `card of ${ref} not posted`);
    return { activity, message: h.emu.message(activity.channelId!, activity.messageTs!)! };
  };

  it("registers a joint training with preparation tasks in the card's thread, reminds of an overdue one, and is marked as held by the organiser", async () => {
    const modal = await openModal(U.ppcStaff, "activity event", "activity_event_open");
    const values = {
      "event_sub_kind.value": "training",
      "event_title.value": "Joint incident-response training <!channel>",
      "event_when.value": seconds("2026-12-10T14:00:00+09:00"),
      "event_format.value": "joint",
      "event_participants.value": [U.niscStaff, U.ppcLiaison],
      "event_description.value": "Tabletop exercise on a leak from a ministry portal.",
      "event_preparation.value": "Book the room; 2026-12-30\nBook the room; 2026-11-27\nPrepare the scenario",
    };
    const bad = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values });
    expect(bad.errors?.event_preparation).toContain("1行目");
    const ok = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { ...values, "event_preparation.value": "Book the room; 2026-11-27\nPrepare the scenario" } });
    expect(JSON.stringify(ok.body)).toContain("A-2026-001");
    const { activity, message } = await card("A-2026-001");
    expect(activity).toMatchObject({ kind: "event", article: "5(1)", ownerParty: "ppc", status: "open" });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain("教育訓練");
    expect(text).toContain("共同開催");
    expect(text).toContain(`<@${U.niscStaff}>`);
    expect(message.mentions).not.toContain("channel");
    expect(text).toContain("event_done");

    const tasks = await until(async () => {
      await h.settle();
      const t = (await h.store.db.task.findMany({ where: { activityId: activity.id }, orderBy: { dueAt: "asc" } })).filter((x) => x.messageTs);
      return t.length === 2 ? t : undefined;
    }, "preparation tasks not posted");
    expect(tasks.map((t) => [t.kind, t.ownerParty, t.assigneeUserId])).toEqual([
      ["activity_preparation", "ppc", U.ppcStaff],
      ["activity_preparation", "ppc", U.ppcStaff],
    ]);
    expect(tasks[1]!.dueAt!.toISOString()).toBe("2026-12-09T14:59:59.000Z"); // the day before the event
    const thread = h.emu.messages(activity.channelId!, { threadTs: activity.messageTs! });
    expect(thread.map((m) => m.text)).toEqual([expect.stringContaining("Book the room"), expect.stringContaining("Prepare the scenario")]);
    expect(JSON.stringify(thread[0]!.blocks)).toContain("task_done");

    // /renkei tasks lists them with the activity's reference.
    const before = h.emu.ephemerals(U.ppcStaff).length;
    await h.driver.slashCommand({ user: U.ppcStaff, text: "tasks" });
    const list = await lastEphemeral(U.ppcStaff, before);
    expect(JSON.stringify(list.blocks)).toContain("A-2026-001");
    expect(JSON.stringify(list.blocks)).toContain("Book the room");

    // Monday 11-30: "Book the room" (due 11-27) is overdue; the assignee is reminded with the task's buttons.
    clock.set("2026-11-30T10:00:00+09:00");
    await runReminderSweep(h);
    await h.settle();
    const reminders = h.emu.dms(U.ppcStaff).filter((m) => m.text.includes("期限を過ぎた"));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toContain("A-2026-001");
    expect(reminders[0]!.text).toContain("Book the room");
    // Done from the reminder: the task card in the thread updates in place.
    await h.driver.clickButton({ user: U.ppcStaff, channel: reminders[0]!.channel, ts: reminders[0]!.ts, actionId: "task_done" });
    await until(async () => (await h.store.taskById(tasks[0]!.id))?.status === "done", "task not done");
    await h.settle();
    expect(JSON.stringify(h.emu.message(activity.channelId!, tasks[0]!.messageTs!)!.blocks)).not.toContain("task_done");

    // The other party's liaison may not mark PPC's event as held; PPC's manager may.
    const n = h.emu.ephemerals(U.niscLiaison).length;
    await h.driver.clickButton({ user: U.niscLiaison, channel: activity.channelId!, ts: activity.messageTs!, actionId: "event_done" });
    expect((await lastEphemeral(U.niscLiaison, n)).text).toContain("主催する");
    expect((await activityByRef(h.store.db, "A-2026-001"))!.status).toBe("open");
    await h.driver.clickButton({ user: U.ppcManager, channel: activity.channelId!, ts: activity.messageTs!, actionId: "event_done" });
    await until(async () => (await activityByRef(h.store.db, "A-2026-001"))!.status === "done", "event not done");
    await h.settle();
    const updated = h.emu.message(activity.channelId!, activity.messageTs!)!;
    expect(JSON.stringify(updated.blocks)).toContain("実施済みにしました");
    expect(JSON.stringify(updated.blocks)).not.toContain("event_done");
    // The preparation task still open is closed with the event: no more reminders for it.
    expect((await h.store.taskById(tasks[1]!.id))!.status).toBe("done");
    const trail = await h.store.auditTrail(activity.id);
    expect(trail.map((e) => [e.action, e.article])).toEqual([
      ["activity.event_opened", "5(1)"],
      ["activity.event_done", "5(1)"],
    ]);
  });

  it("resolves an Art. 8 consultation when both parties' liaison officers confirm the current resolution", async () => {
    clock.set("2026-12-01T10:00:00+09:00");
    const modal = await openModal(U.niscStaff, "activity consultation", "activity_consultation_open");
    const values = { "ntconsult_article.value": "8", "ntconsult_title.value": "Does a leak at a cloud provider fall under Art. 2?", "ntconsult_question.value": "A ministry's data leaked from its cloud provider's systems.", "ntconsult_due.value": "2026-11-30" };
    const bad = await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values });
    expect(bad.errors?.ntconsult_due).toBeDefined();
    await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: { ...values, "ntconsult_due.value": "2026-12-15" } });
    const { activity, message } = await card("A-2026-002");
    expect(activity).toMatchObject({ kind: "consultation", article: "8", ownerParty: "nisc", status: "open" });
    expect(message.mentions).toContain(`<@${U.ppcLiaison}>`); // the other party's liaison officer is contacted
    expect(message.mentions).not.toContain(`<@${U.niscLiaison}>`);
    const at = { channel: activity.channelId!, ts: activity.messageTs! };

    // A staff member may not record the resolution; a liaison officer of either party may.
    const n = h.emu.ephemerals(U.ppcStaff).length;
    await h.driver.clickButton({ user: U.ppcStaff, ...at, actionId: "ntconsult_resolve" });
    expect((await lastEphemeral(U.ppcStaff, n)).text).toContain("連絡調整担当のみ");
    const record = async (user: string, text: string) => {
      const before = h.emu.openViews(user).map((v) => v.id);
      await h.driver.clickButton({ user, ...at, actionId: "ntconsult_resolve" });
      const m = await h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "ntconsult_resolution" && !before.includes(v.id)));
      const res = await h.driver.submitView({ user, viewId: m.id, values: { "ntconsult_resolution_text.value": text } });
      await h.settle();
      return res;
    };
    await record(U.ppcLiaison, "Yes when personal data on computers leaks; PPC leads.");
    let shown = h.emu.message(at.channel, at.ts)!;
    expect(JSON.stringify(shown.blocks)).toContain("第1版");
    expect(JSON.stringify(shown.blocks)).toContain("ntconsult_confirm_ppc");
    expect(JSON.stringify(shown.blocks)).toContain("ntconsult_confirm_nisc");

    // PPC confirms version 1 (a double click records once); NISC's liaison may not use PPC's button.
    await h.driver.clickButton({ user: U.ppcLiaison, ...at, actionId: "ntconsult_confirm_ppc" });
    await until(async () => (await recordsOfActivity(h.store.db, activity.id)).some((r) => r.kind === "confirmation"));
    const p = h.emu.ephemerals(U.ppcLiaison).length;
    await h.settle();
    await h.driver.clickButton({ user: U.ppcLiaison, ...at, actionId: "ntconsult_confirm_nisc" });
    expect((await lastEphemeral(U.ppcLiaison, p)).text).toContain("NISCの確認用");
    expect((await recordsOfActivity(h.store.db, activity.id)).filter((r) => r.kind === "confirmation")).toHaveLength(1);

    // NISC revises it: version 2 withdraws PPC's confirmation.
    await record(U.niscLiaison, "Yes when personal data on computers leaks; both parties cooperate under Art. 4(2).");
    shown = h.emu.message(at.channel, at.ts)!;
    const v2 = JSON.stringify(shown.blocks);
    expect(v2).toContain("第2版");
    expect(v2).toContain("取り消されました");
    expect(v2).toContain("ntconsult_confirm_ppc");

    // Both confirm version 2; a second click of NISC's liaison records nothing and says so.
    await Promise.all([
      h.driver.clickButton({ user: U.niscLiaison, ...at, actionId: "ntconsult_confirm_nisc" }),
      h.driver.clickButton({ user: U.niscLiaison, ...at, actionId: "ntconsult_confirm_nisc" }),
    ]);
    await h.settle();
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).some((e) => e.text.includes("すでに確認済み")), { message: "the second click was not answered" });
    const v2Confirmations = (await recordsOfActivity(h.store.db, activity.id)).filter((r) => r.kind === "confirmation" && r.data.version === 2);
    expect(v2Confirmations.map((r) => r.party)).toEqual(["nisc"]);
    expect(h.emu.ephemerals(U.niscLiaison).map((e) => e.text).join("\n")).toContain("すでに確認済み");
    expect((await activityByRef(h.store.db, "A-2026-002"))!.status).toBe("open");

    // The answer date nears while PPC has not confirmed version 2: PPC's liaison is reminded once, NISC's is not.
    clock.set("2026-12-14T10:00:00+09:00");
    const aboutThis = (userId: string, from: number) => h.emu.dms(userId).slice(from).filter((m) => m.text.includes("A-2026-002"));
    const [ppcBefore, niscBefore] = [h.emu.dms(U.ppcLiaison).length, h.emu.dms(U.niscLiaison).length];
    await runReminderSweep(h);
    await runReminderSweep(h);
    await h.settle();
    const reminded = aboutThis(U.ppcLiaison, ppcBefore);
    expect(reminded).toHaveLength(1);
    expect(reminded[0]!.text).toContain("個情委は解決案（第2版）をまだ確認していません");
    expect(reminded[0]!.text).toContain("第8条");
    expect(aboutThis(U.niscLiaison, niscBefore)).toHaveLength(0);

    await h.driver.clickButton({ user: U.ppcLiaison, ...at, actionId: "ntconsult_confirm_ppc" });
    await until(async () => (await activityByRef(h.store.db, "A-2026-002"))!.status === "resolved", "not resolved");
    await h.settle();
    const resolved = JSON.stringify(h.emu.message(at.channel, at.ts)!.blocks);
    expect(resolved).toContain("両当事者が第2版を確認しました");
    expect(resolved).not.toContain('"action_id":"ntconsult_confirm');
    expect(resolved).not.toContain('"action_id":"ntconsult_resolve"');
    // Resolved: past its answer date, nobody is reminded of it any more.
    clock.set("2026-12-16T10:00:00+09:00");
    const [ppcNow, niscNow] = [h.emu.dms(U.ppcLiaison).length, h.emu.dms(U.niscLiaison).length];
    await runReminderSweep(h);
    await h.settle();
    expect([...aboutThis(U.ppcLiaison, ppcNow), ...aboutThis(U.niscLiaison, niscNow)]).toHaveLength(0);
    const trail = await h.store.auditTrail(activity.id);
    expect(trail.map((e) => [e.action, e.article])).toEqual([
      ["activity.consultation_opened", "8"],
      ["activity.resolution_recorded", "8"],
      ["activity.resolution_confirmed", "8"],
      ["activity.resolution_recorded", "8"],
      ["activity.resolution_confirmed", "8"],
      ["activity.consultation_resolved", "8"],
    ]);
  });

  it("lists open activities with /renkei activities, shows one by its number, and puts them in the managers' digest and App Home", async () => {
    clock.set("2026-12-01T11:00:00+09:00");
    const ev = await openModal(U.niscLiaison, "activity event", "activity_event_open");
    await h.driver.submitView({ user: U.niscLiaison, viewId: ev.id, values: { "event_sub_kind.value": "awareness", "event_title.value": "Awareness seminar for ministries", "event_when.value": seconds("2026-12-08T14:00:00+09:00"), "event_format.value": "co_hosted" } });
    const co = await openModal(U.ppcLiaison, "activity consultation", "activity_consultation_open");
    await h.driver.submitView({ user: U.ppcLiaison, viewId: co.id, values: { "ntconsult_article.value": "6", "ntconsult_title.value": "Joint statistics on leak causes", "ntconsult_question.value": "Shall we publish yearly joint statistics?", "ntconsult_due.value": "2026-12-04" } });
    const { activity: event } = await card("A-2026-003");
    expect(event.ownerParty).toBe("nisc"); // the organiser's party by default
    const { activity: consultation } = await card("A-2026-004");
    const at = { channel: consultation.channelId!, ts: consultation.messageTs! };
    await h.driver.clickButton({ user: U.ppcLiaison, ...at, actionId: "ntconsult_resolve" });
    const m = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "ntconsult_resolution"));
    await h.driver.submitView({ user: U.ppcLiaison, viewId: m.id, values: { "ntconsult_resolution_text.value": "Yes, each March." } });
    await h.settle();
    await h.driver.clickButton({ user: U.ppcLiaison, ...at, actionId: "ntconsult_confirm_ppc" });
    await until(async () => (await recordsOfActivity(h.store.db, consultation.id)).some((r) => r.kind === "confirmation"));
    await h.settle();

    let n = h.emu.ephemerals(U.niscStaff).length;
    await h.driver.slashCommand({ user: U.niscStaff, text: "activities" });
    const list = await lastEphemeral(U.niscStaff, n);
    const text = JSON.stringify(list.blocks);
    expect(text).toContain("Open normal-times activities (2)"); // NISC staff reads English
    expect(text.indexOf("A-2026-004")).toBeLessThan(text.indexOf("A-2026-003")); // due 12-04 before the event on 12-08
    expect(text).toContain("Art. 6");
    expect(text).toContain("Art. 5(1)");
    expect(text).toContain("https://");
    expect(text).not.toContain("A-2026-001"); // held
    expect(text).not.toContain("A-2026-002"); // resolved

    n = h.emu.ephemerals(U.niscStaff).length;
    await h.driver.slashCommand({ user: U.niscStaff, text: "activity a-2026-004" });
    const shown = await lastEphemeral(U.niscStaff, n);
    expect(JSON.stringify(shown.blocks)).toContain("Joint statistics on leak causes");
    expect(JSON.stringify(shown.blocks)).toContain("Yes, each March.");
    expect(JSON.stringify(shown.blocks)).not.toContain('"type":"actions"');
    n = h.emu.ephemerals(U.niscStaff).length;
    await h.driver.slashCommand({ user: U.niscStaff, text: "activity A-2026-999" });
    expect((await lastEphemeral(U.niscStaff, n)).text).toContain("A-2026-999");

    // Wednesday 12-02 after the digest time: NISC's manager sees what NISC owes; PPC's sees the due date.
    clock.set("2026-12-02T09:00:00+09:00");
    await runDigestSweep(h);
    await h.settle();
    const digest = (user: string) => JSON.stringify(h.emu.dms(user).filter((x) => x.text.includes("日次ダイジェスト")).at(-1)?.blocks);
    const nisc = digest(U.niscManager);
    expect(nisc).toContain("NISCの確認待ちの協議");
    expect(nisc).toContain("A-2026-004");
    expect(nisc).toContain("今後14日間の教育訓練・広報啓発");
    expect(nisc).toContain("Awareness seminar for ministries");
    const ppc = digest(U.ppcManager);
    expect(ppc).not.toContain("確認待ちの協議");
    expect(ppc).toContain("期限のある平時の連携");
    expect(ppc).toContain("A-2026-004");

    await h.driver.openHome(U.niscLiaison);
    const home = await h.emu.waitFor(() => {
      const v = h.emu.homeView(U.niscLiaison);
      return v && /A-2026-004[^"]*NISCの確認待ち（第1版）/.test(JSON.stringify(v.view.blocks)) ? v : undefined;
    });
    const homeText = JSON.stringify(home.view.blocks);
    expect(homeText).toContain("A-2026-003");
    expect(homeText).toMatch(/A-2026-004[^"]*NISCの確認待ち（第1版）/);

    // The organiser cancels the seminar: the card says so, it leaves the list.
    const { activity: seminar } = await card("A-2026-003");
    const k = h.emu.ephemerals(U.ppcLiaison).length;
    await h.driver.clickButton({ user: U.ppcLiaison, channel: seminar.channelId!, ts: seminar.messageTs!, actionId: "event_cancel" });
    expect((await lastEphemeral(U.ppcLiaison, k)).text).toContain("NISC");
    await h.driver.clickButton({ user: U.niscLiaison, channel: seminar.channelId!, ts: seminar.messageTs!, actionId: "event_cancel" });
    await until(async () => (await activityByRef(h.store.db, "A-2026-003"))!.status === "cancelled", "not cancelled");
    await h.settle();
    expect(JSON.stringify(h.emu.message(seminar.channelId!, seminar.messageTs!)!.blocks)).toContain("中止しました");
    n = h.emu.ephemerals(U.niscStaff).length;
    await h.driver.slashCommand({ user: U.niscStaff, text: "activities" });
    const after = JSON.stringify((await lastEphemeral(U.niscStaff, n)).blocks);
    expect(after).toContain("A-2026-004");
    expect(after).not.toContain("A-2026-003");
  });

  it("offers each kind of normal-times cooperation with its article, says so when an unknown kind is typed, and starts the chosen one", async () => {
    const n = h.emu.ephemerals(U.ppcStaff).length;
    await h.driver.slashCommand({ user: U.ppcStaff, text: "activity" });
    const chooser = await lastEphemeral(U.ppcStaff, n);
    const offered = JSON.stringify(chooser.blocks);
    for (const article of ["第5条第1項", "第5条第2項", "第5条第3項", "第6条", "第8条"]) expect(offered).toContain(article);
    expect(offered.match(/"action_id":"activity_start"/g)).toHaveLength(4);
    expect(offered).not.toContain("まだ利用できません");

    const m = h.emu.ephemerals(U.ppcStaff).length;
    await h.driver.slashCommand({ user: U.ppcStaff, text: "activity webinar" });
    const unknown = await lastEphemeral(U.ppcStaff, m);
    expect(JSON.stringify(unknown.blocks)).toContain("まだ利用できません");
    expect(JSON.stringify(unknown.blocks).match(/"action_id":"activity_start"/g)).toHaveLength(4);

    const before = h.emu.openViews(U.ppcStaff).map((v) => v.id);
    await h.driver.clickButton({ user: U.ppcStaff, channel: unknown.channel, ts: unknown.ts, actionId: "activity_start", blockId: "activity_kind_advice" });
    await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "standard_advice_request" && !before.includes(v.id)), { message: "the advice form did not open" });
  });
});

// Issue 4 through the emulator: reminders for each cause, escalation, quiet hours and holidays,
// the managers' digest, App Home, and exactly-once delivery across replicas and Slack failures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, testConfigInput, U, until, type Harness, testClock } from "./support/harness";
import { testDatabases } from "./support/databases";
import { agreedCase, propose, decisionCard } from "./support/consultation";
import { runDigestSweep, runReminderSweep } from "../src/app/sweeps";
import { buildEffectRunner } from "../src/slack/effects";
import { Store } from "../src/store/store";
import { silentLogger } from "../src/logger";
import { effectWebClient } from "../src/slack/effects/client";
import { recordPowerNotice } from "../src/app/items/prior-notice-of-powers";
import { startEmulatedStack } from "../src/dev/emulated-stack";
import { blocksToText, SlackEmulator } from "../emulator";
import { parseRenkeiConfig } from "../src/config/renkei-config";
import { freshDatabase } from "./support/databases";

describe.each(testDatabases())("reminders, digest and App Home on %s", (database) => {
  let h: Harness;
  // Wednesday 2026-11-25, 10:00 JST: a business day, outside quiet hours.
  const clock = testClock("2026-11-25T10:00:00+09:00");
  let ref: string;
  let taskId: string;
  beforeAll(async () => {
    h = await startHarness({ database, clock });
    ref = (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_aware_at.value": Math.floor(Date.parse("2026-11-24T09:00:00+09:00") / 1000) }))).ref!;
    await h.settle();
    const [task] = await agreedCase(h, ref, ["sharing_results"]);
    taskId = task!.id; // due 7 days after the decision: 2026-12-02 23:59 JST, owned by PPC, assigned to the PPC liaison
  });
  afterAll(async () => {
    await h?.stop();
  });
  const sweep = async () => {
    const r = await runReminderSweep(h);
    await h.settle();
    return r;
  };
  // What a person reads: a message's text and its blocks (a list of reminders shows each in its own section).
  const dmsWith = (user: string, text: string) => h.emu.dms(user).filter((m) => `${m.text}\n${blocksToText(m.blocks ?? [])}`.includes(text));

  it("says nothing in quiet hours or on a closed day", async () => {
    clock.set("2026-11-25T22:30:00+09:00");
    expect(await sweep()).toEqual({ queued: 0, skipped: "quiet_hours_or_closed_day" });
    clock.set("2026-11-23T10:00:00+09:00"); // Labour Thanksgiving Day (a Monday holiday)
    expect((await sweep()).skipped).toBe("quiet_hours_or_closed_day");
    clock.set("2026-12-30T10:00:00+09:00"); // year-end closure
    expect((await sweep()).skipped).toBe("quiet_hours_or_closed_day");
  });

  it("reminds the channel of the reporter's report deadline with the rule it comes from", async () => {
    // Aware 11-24: the preliminary guideline ends 11-27; one day before it, 11-26, the channel hears.
    clock.set("2026-11-26T10:00:00+09:00");
    await sweep();
    const incident = (await h.store.incidentByRef(ref))!;
    const posts = h.emu.messages(incident.channelId!).filter((m) => m.text.includes("速報"));
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain("規則第44条第1項");
    expect(posts[0]!.text).toContain("法的助言ではありません");
    await sweep();
    expect(h.emu.messages(incident.channelId!).filter((m) => m.text.includes("速報"))).toHaveLength(1);
  });

  it("reminds the assignee of a task due soon, then overdue, then escalates to the managers", async () => {
    clock.set("2026-12-01T10:00:00+09:00"); // due 12-02: within the 2-day lead
    await sweep();
    const soon = dmsWith(U.ppcLiaison, "期限が近い");
    expect(soon).toHaveLength(1);
    // One message for the sweep: the reporter's preliminary report is overdue too (since 11-26), listed first.
    expect(blocksToText(soon[0]!.blocks)).toMatch(/リマインドが 2 件あります。[\s\S]*速報）の期限[\s\S]*を5日過ぎました[\s\S]*期限が近いタスクがあります（[^）]+）: 調査結果の共有/);
    expect(soon[0]!.text).toMatch(/^:bell: リマインドが 2 件あります。\n:warning: /); // the notification: the heading and the first
    // The task, listed without its buttons, links to its card in the incident channel.
    const task = (await h.store.taskById(taskId))!;
    const line = (soon[0]!.blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? "").find((t) => t.includes("期限が近い"))!;
    expect(line).toMatch(new RegExp(`<https://[^|>]+/archives/${task.channelId}/p${task.messageTs!.replace(".", "")}\\|カードを開く>$`));
    await sweep();
    expect(dmsWith(U.ppcLiaison, "期限が近い")).toHaveLength(1);

    clock.set("2026-12-03T10:00:00+09:00"); // overdue by 1 day
    await sweep();
    expect(dmsWith(U.ppcLiaison, "期限を過ぎた")).toHaveLength(1);
    expect(dmsWith(U.ppcManager, "期限を")).toHaveLength(0);

    clock.set("2026-12-04T10:00:00+09:00"); // overdue by 2 days: escalation to PPC's managers
    await sweep();
    expect(dmsWith(U.ppcLiaison, "期限を過ぎた")).toHaveLength(2); // one per day
    const escalation = dmsWith(U.ppcManager, "2日過ぎています");
    expect(escalation).toHaveLength(1);
    // Their one reminder this sweep (the report's escalation went out on 12-01): the task's card, buttons included.
    expect(JSON.stringify(escalation[0]!.blocks)).toContain("task_done");
    expect(escalation[0]!.text).not.toContain("リマインドが");
    expect(dmsWith(U.niscManager, "過ぎています")).toHaveLength(0);
    await sweep();
    expect(dmsWith(U.ppcManager, "2日過ぎています")).toHaveLength(1);
  });

  it("records each reminder's key once and queues one message per recipient; a reminder queued on its own (before) still reaches them", async () => {
    // The sweeps above recorded each cause and period once.
    const candidates = [
      ...["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05"].map((day) => `remind:task-overdue:${taskId}:${day}`),
      ...["task-due-soon", "task-escalation"].flatMap((kind) => [`remind:${kind}:${taskId}:2026-12-02T14:59:59.000Z`, `remind:${kind}:${taskId}:2026-12-03T14:59:59.000Z`]),
    ].sort();
    expect(await h.store.remindersRecorded(candidates)).toEqual([
      `remind:task-due-soon:${taskId}:2026-12-02T14:59:59.000Z`,
      `remind:task-escalation:${taskId}:2026-12-02T14:59:59.000Z`,
      `remind:task-overdue:${taskId}:2026-12-03`,
      `remind:task-overdue:${taskId}:2026-12-04`,
    ]);
    // The escalation went to PPC's manager in a message of its own, naming the task, not the people.
    const queued = await h.store.db.effect.findMany({ where: { kind: "send_reminders" }, orderBy: { createdAt: "asc" } });
    const messages = queued.flatMap((e) => (JSON.parse(e.payload) as { messages: Array<{ to: { userId?: string } }> }).messages);
    expect(messages.filter((m) => m.to.userId === U.ppcManager).at(-1)).toEqual({ to: { userId: U.ppcManager }, items: [{ kind: "task_escalation", taskId, daysOverdue: 2 }], more: 0 });
    expect(await h.store.db.effect.count({ where: { kind: "send_reminder" } })).toBe(0);
    // An effect queued in the earlier form, key and ids in the payload.
    const key = `remind:task-overdue:${taskId}:earlier-form`;
    await h.store.enqueueEffect({ kind: "send_reminder", dedupeKey: key, payload: { kind: "task_overdue", key, taskId, to: [U.ppcStaff] } }, clock.now());
    await h.settle();
    const earlier = dmsWith(U.ppcStaff, "期限を過ぎた");
    expect(earlier).toHaveLength(1);
    expect(JSON.stringify(earlier[0]!.blocks)).toContain("task_done");
    // A message whose other reminder no longer holds when it is sent (its task gone): the one left, as its own message with its card.
    const before = h.emu.dms(U.ppcStaff).length;
    const item = (id: string) => ({ kind: "task_overdue" as const, taskId: id });
    await h.store.enqueueEffect({ kind: "send_reminders", dedupeKey: `remind:to:${U.ppcStaff}:test`, payload: { messages: [{ to: { userId: U.ppcStaff }, items: [item("no-such-task"), item(taskId)], more: 0 }] } }, clock.now());
    await h.settle();
    const after = h.emu.dms(U.ppcStaff).slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]!.text).not.toContain("リマインドが");
    expect(JSON.stringify(after[0]!.blocks)).toContain("task_done");
  });

  it("passes over, in the day's later sweeps, the reminders this process queued earlier that day", async () => {
    // Still 12-04 10:00: every reminder due was queued by this process's sweeps above.
    const statements = h.store.bulkStatements;
    expect((await sweep()).queued).toBeGreaterThan(0);
    expect(h.store.bulkStatements).toBe(statements); // nothing sent for the database to refuse
    expect(dmsWith(U.ppcManager, "2日過ぎています")).toHaveLength(1);
    // Another process (a restart, a replica) has not seen them: the database refuses them, nothing goes out twice.
    const other = await Store.open(h.store.target.url);
    try {
      const before = h.emu.dms(U.ppcLiaison).length;
      expect((await runReminderSweep({ ...h, store: other })).queued).toBeGreaterThan(0);
      expect(other.bulkStatements).toBeGreaterThan(0);
      await h.settle();
      expect(h.emu.dms(U.ppcLiaison)).toHaveLength(before);
    } finally {
      await other.close();
    }
  });

  it("reminds liaisons of positions not taken after the configured time", async () => {
    clock.set("2026-12-07T10:00:00+09:00");
    const ref2 = (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Pending positions" }))).ref!;
    await h.settle();
    await propose(h, U.ppcLiaison, ref2, { joint_alert: "Other operators use the same product." });
    await decisionCard(h, ref2);
    clock.set("2026-12-07T20:00:00+09:00"); // quiet
    await sweep();
    clock.set("2026-12-08T11:00:00+09:00"); // 25 h later
    await sweep();
    const reminder = dmsWith(U.niscLiaison, ref2).filter((m) => m.text.includes("未判断"));
    expect(reminder).toHaveLength(1);
    expect(reminder[0]!.text).toContain("https://");
    expect(dmsWith(U.ppcLiaison, ref2).filter((m) => m.text.includes("未判断"))).toHaveLength(0); // PPC decided by proposing
  });

  it("reminds the other party of a planned exercise of powers it has not acknowledged (Art. 4(2)(iii))", async () => {
    clock.set("2026-12-08T11:30:00+09:00");
    const ref3 = (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Powers notice" }))).ref!;
    await h.settle();
    const [task] = await agreedCase(h, ref3, ["prior_notice_of_powers"]);
    const planner = h.config.directory.member(U.ppcStaff)!;
    const recorded = await recordPowerNotice(h, planner, task!.id, { kind: "report_request", plannedDate: "2026-12-10", note: "Report on the access logs." });
    expect(recorded.outcome).toBe("recorded");
    await h.settle();
    await sweep(); // 12-08: two days ahead, not yet
    expect(dmsWith(U.niscLiaison, "権限行使")).toHaveLength(0);
    clock.set("2026-12-09T10:00:00+09:00"); // the day before
    await sweep();
    await sweep();
    const reminder = dmsWith(U.niscLiaison, "権限行使");
    expect(reminder).toHaveLength(1);
    expect(blocksToText(reminder[0]!.blocks)).toContain("報告徴収");
    expect(dmsWith(U.ppcLiaison, "権限行使")).toHaveLength(0);
  });

  it("sends each manager one digest a business day, after the digest time, with what their party owes", async () => {
    clock.set("2026-12-09T08:00:00+09:00");
    expect((await runDigestSweep(h)).skipped).toBe("before_digest_time");
    clock.set("2026-12-09T09:00:00+09:00");
    await runDigestSweep(h);
    await h.settle();
    await runDigestSweep(h); // a second replica or a restart: no second digest
    await h.settle();
    const nisc = h.emu.dms(U.niscManager).filter((m) => m.text.includes("日次ダイジェスト"));
    const ppc = h.emu.dms(U.ppcManager).filter((m) => m.text.includes("日次ダイジェスト"));
    expect(nisc).toHaveLength(1);
    expect(ppc).toHaveLength(1);
    const niscText = JSON.stringify(nisc[0]!.blocks);
    expect(niscText).toContain("NISCの判断待ち");
    expect(niscText).toContain("共同の注意喚起等");
    const ppcText = JSON.stringify(ppc[0]!.blocks);
    expect(ppcText).toContain("期限超過のタスク");
    expect(ppcText).toContain("調査結果の共有");
    expect(ppcText).toContain(ref);
    expect(ppcText).not.toContain("NISCの判断待ち");
  });

  it("shows App Home with the user's tasks and decisions, and acts from it", async () => {
    await h.driver.openHome(U.niscLiaison);
    const home = await h.emu.waitFor(() => h.emu.homeView(U.niscLiaison));
    const text = JSON.stringify(home.view.blocks);
    expect(text).toContain("あなたの判断待ち");
    expect(text).toContain("consult_agree");
    await h.driver.openHome(U.ppcLiaison);
    const ppcHome = await h.emu.waitFor(() => h.emu.homeView(U.ppcLiaison));
    expect(JSON.stringify(ppcHome.view.blocks)).toContain("調査結果の共有");
    // Done from Home: the task completes, the channel card updates, Home is rebuilt without it.
    await h.driver.clickInView({ user: U.ppcLiaison, viewId: ppcHome.id, actionId: "task_done" });
    await until(async () => (await h.store.taskById(taskId))?.status === "done");
    await h.settle();
    const after = h.emu.homeView(U.ppcLiaison)!;
    expect(JSON.stringify(after.view.blocks)).not.toContain(`"value":"${taskId}"`);
    // A stranger's Home says politely that renkei is not for them.
    await h.driver.openHome(U.outsider);
    const stranger = await h.emu.waitFor(() => h.emu.homeView(U.outsider));
    expect(JSON.stringify(stranger.view.blocks)).toContain("登録された方のみ");
  });

  it("does not post twice when Slack posted a message but the answer was lost", async () => {
    clock.set("2026-12-11T09:00:00+09:00");
    // Slack takes the post, then the connection fails (twice, past the client's own retry).
    h.emu.failNext("chat.postMessage", { status: 500, afterApply: true }, 2);
    await runDigestSweep(h);
    await h.settle();
    clock.advance(11_000);
    await h.settle();
    const day = (user: string) => h.emu.dms(user).filter((m) => m.text.includes("2026-12-11"));
    expect(day(U.ppcManager)).toHaveLength(1);
    expect(day(U.niscManager)).toHaveLength(1);
    const effect = await h.store.effectByKey(`digest:${U.ppcManager}:2026-12-11`);
    const other = await h.store.effectByKey(`digest:${U.niscManager}:2026-12-11`);
    expect([effect?.status, other?.status]).toEqual(["done", "done"]);
  });

  it("delivers once through a Slack 500 and a 429 during a sweep", async () => {
    clock.set("2026-12-10T09:00:00+09:00");
    h.emu.failNext("chat.postMessage", { status: 500, body: "upstream error" });
    await runDigestSweep(h);
    await h.settle();
    const day = (user: string) => h.emu.dms(user).filter((m) => m.text.includes("2026-12-10"));
    expect(day(U.ppcManager).length + day(U.niscManager).length).toBe(1); // one got through, one waits
    h.emu.failNext("chat.postMessage", { status: 429, retryAfter: 1 });
    clock.advance(11_000); // past the 10 s backoff
    await h.settle();
    clock.advance(2_000); // past Retry-After
    await h.settle();
    expect(day(U.ppcManager)).toHaveLength(1);
    expect(day(U.niscManager)).toHaveLength(1);
  });

  it("a digest still goes out when a card it links to can no longer be linked, naming its channel", async () => {
    // The card of the consultation NISC still owes a decision on is gone (its message deleted).
    const waiting = (await h.store.db.consultation.findFirst({ where: { status: "open", cardTs: { not: null } }, orderBy: { contactedAt: "desc" } }))!;
    await h.store.db.consultation.update({ where: { id: waiting.id }, data: { cardTs: "1111111111.000001" } });
    try {
      clock.set("2026-12-11T09:00:00+09:00");
      await runDigestSweep(h);
      await h.settle();
      const digest = h.emu.dms(U.niscManager).filter((m) => m.text.includes("2026-12-11"));
      expect(digest).toHaveLength(1);
      const text = JSON.stringify(digest[0]!.blocks);
      expect(text).toContain("NISCの判断待ち");
      expect(text).toContain(`<#${waiting.channelId}>`);
      expect((await h.store.effectByKey(`digest:${U.niscManager}:2026-12-11`))?.status).toBe("done");
    } finally {
      await h.store.db.consultation.update({ where: { id: waiting.id }, data: { cardTs: waiting.cardTs } });
    }
  });
});

describe.each(testDatabases().filter((d) => d === "postgres"))("two replicas on one %s database", (database) => {
  let h: Harness;
  const clock = testClock("2026-11-25T10:00:00+09:00");
  beforeAll(async () => {
    h = await startHarness({ database, clock });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("run the same sweeps at the same moment and send each message once", async () => {
    const ref = (await submitIntake(h, U.ppcStaff)).ref!;
    await h.settle();
    await agreedCase(h, ref, ["joint_alert", "sharing_results"]);
    // Replica B: its own store (connections) and effect runner, the same database and workspace.
    const storeB = await Store.open(h.db.url);
    const client = effectWebClient(h.emu.botToken, { slackApiUrl: h.emu.apiUrl });
    const ctxB = { store: storeB, config: h.config, clock };
    const effectsB = buildEffectRunner({ ...ctxB, log: silentLogger, client, botTeamId: h.emu.teamId });
    try {
      clock.set("2026-12-03T09:30:00+09:00"); // both tasks overdue; digest time passed
      await Promise.all([runReminderSweep(h), runReminderSweep(ctxB), runDigestSweep(h), runDigestSweep(ctxB)]);
      await Promise.all([h.renkei.effects.runDue(), effectsB.runDue(), h.renkei.effects.runDue(), effectsB.runDue()]);
      await h.settle();
      await effectsB.runDue();
      // One message to the liaison, listing both tasks (and the reporter's overdue report), from one replica or the other.
      const reminders = h.emu.dms(U.ppcLiaison).filter((m) => m.text.includes("リマインド"));
      expect(reminders).toHaveLength(1);
      expect(blocksToText(reminders[0]!.blocks).match(/期限を過ぎたタスク/g)).toHaveLength(2);
      expect(h.emu.dms(U.ppcManager).filter((m) => m.text.includes("日次ダイジェスト"))).toHaveLength(1);
      expect(h.emu.dms(U.niscManager).filter((m) => m.text.includes("日次ダイジェスト"))).toHaveLength(1);
    } finally {
      await storeB.close();
    }
  });
});

describe.each(testDatabases())("catching up after a restart on %s", (database) => {
  it("sends today's missed digest once at start-up, and not again after a restart", async () => {
    // The bot was down at 08:30 on Thursday 2026-11-26; it starts at 10:00.
    const clock = testClock("2026-11-26T10:00:00+09:00");
    const db = await freshDatabase(database);
    const config = parseRenkeiConfig(testConfigInput(), "test config");
    const users = Object.entries(U).map(([name, id]) => ({ id, name }));
    const emu = await SlackEmulator.start();
    for (const u of users) emu.addUser(u);
    const first = await startEmulatedStack({ databaseUrl: db.url, config, users, clock, schedules: true, emulator: emu });
    const digests = (user: string) => emu.dms(user).filter((m) => m.text.includes("2026-11-26"));
    let second: Awaited<ReturnType<typeof startEmulatedStack>> | null = null;
    try {
      await until(async () => {
        await first.settle();
        return digests(U.ppcManager).length === 1 && digests(U.niscManager).length === 1;
      }, "the missed digest was not sent at start-up");
      expect(digests(U.ppcManager)[0]!.text).toContain("報告する事項はありません"); // nothing happened: one line
      // Restart (SQLite serves one process; replicas on PostgreSQL are tested above).
      await first.stop();
      clock.set("2026-11-26T10:20:00+09:00");
      second = await startEmulatedStack({ databaseUrl: db.url, config, users, clock, schedules: true, emulator: emu });
      await until(async () => {
        await second!.settle();
        return (await second!.store.pendingEffectCount(clock.now())) === 0;
      });
      expect(digests(U.ppcManager)).toHaveLength(1);
      expect(digests(U.niscManager)).toHaveLength(1);
    } finally {
      await second?.stop();
      await emu.stop();
      await db.dispose();
    }
  });
});

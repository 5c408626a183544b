// End to end through the Slack emulator: /renkei new → modal → incident, channel, card, task.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";

describe.each(testDatabases())("incident intake on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("registers an in-scope incident and opens a shared channel with a pinned summary card", async () => {
    const { res } = await submitIntake(h, U.ppcStaff);
    expect(res.status).toBe(200);
    expect(res.body.response_action).toBe("update");
    const result = JSON.stringify(res.body.view);
    expect(result).toMatch(/2026-0001/);
    expect(result).toContain("規則第43条"); // category 1 → Art. 68 regime → Rules Art. 43
    expect(result).toContain("本人の数が100人超");

    await h.settle();
    const channel = h.emu.channels().find((c) => c.name.startsWith("inc-2026-0001"));
    expect(channel?.name).toBe("inc-2026-0001-unauthorised-access-to-the-staff-portal");
    expect(channel?.isPrivate).toBe(true);
    expect(channel?.members).toEqual(expect.arrayContaining([U.ppcLiaison, U.niscLiaison, U.ppcStaff]));
    expect(channel?.members).not.toContain(U.niscStaff);
    expect(channel?.topic).toContain("2026-0001");
    expect(channel?.purpose).toContain("2026-0001");

    const card = h.emu.messages(channel!.id)[0]!;
    expect(h.emu.pins(channel!.id)).toContain(card.ts);
    const cardJson = JSON.stringify(card.blocks);
    expect(cardJson).toContain("対応中");
    expect(cardJson).toContain("Ministry of Examples");
    // Awareness 2026-11-20 10:30 JST (day 1): preliminary window from day 3, 11-22; the 30th day, 12-19, is
    // a Saturday, so the final report is due on Monday 12-21 and the card says why.
    expect(cardJson).toContain("2026/11/22"); // day 3, counting the day of awareness as day 1
    expect(cardJson).toContain("2026/12/21");
    expect(cardJson).toContain("行政機関の休日のため翌開庁日");

    const dm = h.emu.dms(U.ppcStaff).map((m) => m.text).join("\n");
    expect(dm).toContain(`<#${channel!.id}>`);

    const incident = await h.store.incidentByRef("2026-0001");
    expect(incident).toMatchObject({ state: "open", channelStatus: "ready", channelId: channel!.id, summaryTs: card.ts, appiRegime: "art68", createdByParty: "ppc" });
    // PPC registered it: no Art. 4(1) task for NISC.
    expect(await h.store.tasksOfIncident(incident!.id)).toEqual([]);
    const trail = await h.store.auditTrail(incident!.id);
    expect(trail.map((e) => e.action)).toEqual(["incident.registered", "incident.channel_opened", "incident.channel_ready"]);
  });

  it("gives NISC the Art. 4(1) task when it registers information from an administrative body", async () => {
    const { res } = await submitIntake(h, U.niscStaff, intakeValues({ "intake_title.value": "Leak at an agency", "intake_supervising_agency.value": "Digital Agency", "intake_reporter_category.value": "2" }));
    expect(res.body.response_action).toBe("update");
    await h.settle();
    const incident = await h.store.incidentByRef("2026-0002");
    const tasks = await h.store.tasksOfIncident(incident!.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: "introduce_leak_report_system", ownerParty: "nisc", assigneeUserId: U.niscStaff, status: "open" });

    const taskMessage = h.emu.messages(incident!.channelId!).find((m) => m.ts === tasks[0]!.messageTs)!;
    expect(taskMessage.text).toContain("Digital Agency");
    expect(JSON.stringify(taskMessage.blocks)).toContain("漏えい等報告の制度を紹介する");
    expect(JSON.stringify(taskMessage.blocks)).toContain("第68条第1項"); // the ready-to-send text

    // The ready-to-send text is also there in English, privately.
    await h.driver.clickButton({ user: U.niscStaff, channel: incident!.channelId!, ts: taskMessage.ts, actionId: "task_template_other_language" });
    const english = await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).find((e) => JSON.stringify(e.blocks).includes("To the head of Digital Agency")));
    expect(JSON.stringify(english.blocks)).toContain("Art. 68(1)");

    // A PPC liaison may not complete NISC's task: private answer, nothing changes.
    await h.driver.clickButton({ user: U.ppcLiaison, channel: incident!.channelId!, ts: taskMessage.ts, actionId: "task_done" });
    const refusal = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).find((e) => e.text.includes("NISC")));
    expect(refusal.text).toContain("何も変更されていません");
    expect((await h.store.taskById(tasks[0]!.id))?.status).toBe("open");

    // The assignee clicks Done twice: one completion, one audit entry, the card updated in place.
    await Promise.all([
      h.driver.clickButton({ user: U.niscStaff, channel: incident!.channelId!, ts: taskMessage.ts, actionId: "task_done" }),
      h.driver.clickButton({ user: U.niscStaff, channel: incident!.channelId!, ts: taskMessage.ts, actionId: "task_done" }),
    ]);
    // The listener works after its ack: wait for what the user sees, the card updated in place.
    const updated = await h.emu.waitFor(() => {
      const m = h.emu.message(incident!.channelId!, taskMessage.ts)!;
      return m.edited && !JSON.stringify(m.blocks).includes('"task_done"') ? m : undefined;
    });
    expect(JSON.stringify(updated.blocks)).toContain(`<@${U.niscStaff}>`);
    await h.settle();
    const done = await h.store.taskById(tasks[0]!.id);
    expect(done).toMatchObject({ status: "done", doneByUserId: U.niscStaff });
    const completions = (await h.store.auditTrail(tasks[0]!.id)).filter((e) => e.action === "task.completed");
    expect(completions).toHaveLength(1);
    expect(h.emu.calls("chat.update").filter((c) => c.args.ts === taskMessage.ts)).toHaveLength(1);
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).find((e) => e.text.includes("already done")), { message: "second click was not told the task is done" });
  });

  it("records an out-of-scope intake, says why, and opens no channel", async () => {
    const before = h.emu.calls("conversations.create").length;
    const { res } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_personal_data.value": "no", "intake_title.value": "Website defacement" }));
    expect(res.body.response_action).toBe("update");
    expect(JSON.stringify(res.body.view)).toContain("対象外");
    expect(JSON.stringify(res.body.view)).toContain("第2条");
    await h.settle();
    expect(h.emu.calls("conversations.create").length).toBe(before);
    const incident = await h.store.incidentByRef("2026-0003");
    expect(incident).toMatchObject({ state: "out_of_scope", channelStatus: "none", channelId: null });
    expect((await h.store.auditTrail(incident!.id)).map((e) => e.action)).toEqual(["incident.recorded_out_of_scope"]);
  });
});

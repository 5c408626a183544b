// Art. 4(2) through the emulator: contact, consult, decide; agreed items become tracked work.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, until, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { agreedCase, clickPosition, decisionCard, fillProposal, positionWithText, propose } from "./support/consultation";
import { findConsultation, consultationsOfIncident } from "../src/store/consultations";

describe.each(testDatabases())("consultation on cooperation (Art. 4(2)) on %s", (database) => {
  let h: Harness;
  const newIncident = async (title: string) => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": title }));
    await h.settle();
    return ref!;
  };
  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("walks a proposal to a cooperation case: contact, decision card, positions, agreed items as tasks", async () => {
    const ref = await newIncident("Full consultation");
    const incident = (await h.store.incidentByRef(ref))!;
    // PPC staff proposes: the modal states the Art. 4(2) premise; PPC's liaison then NISC's decide.
    const res = await propose(h, U.ppcStaff, ref, { joint_investigation: "Hearings need NISC's forensic staff.", sharing_results: "To avoid contradictory findings." });
    expect(res.body).toBe("");
    const card = await decisionCard(h, ref);
    const cardText = JSON.stringify(card.blocks);
    expect(cardText).toContain("共同調査");
    expect(cardText).toContain("Hearings need NISC");
    // The other party's liaisons are mentioned on the card and get a DM with a link to it.
    expect(card.mentions).toEqual(expect.arrayContaining([`<@${U.niscLiaison}>`, `<@${U.ppcLiaison}>`]));
    const dm = await h.emu.waitFor(() => h.emu.dms(U.niscLiaison).find((m) => m.text.includes(ref)));
    expect(dm.text).toContain(`https://`);
    expect(h.emu.dms(U.ppcLiaison).filter((m) => m.text.includes("連携の提案"))).toHaveLength(0);
    const consultation = (await consultationsOfIncident(h.store.db, incident.id))[0]!;
    expect(consultation.contactedAt).toBeInstanceOf(Date);

    await clickPosition(h, U.ppcLiaison, ref, "joint_investigation", "consult_agree");
    await clickPosition(h, U.ppcLiaison, ref, "sharing_results", "consult_agree");
    await positionWithText(h, U.niscLiaison, ref, "joint_investigation", "conditions", "Only with the reporter's written consent.");
    await clickPosition(h, U.niscLiaison, ref, "sharing_results", "consult_agree");

    const tasks = await until(async () => {
      await h.settle();
      const t = (await h.store.tasksOfIncident(incident.id)).filter((x) => x.kind === "cooperation_item" && x.messageTs);
      return t.length === 2 ? t : undefined;
    });
    expect((await h.store.incidentByRef(ref))!.state).toBe("cooperation_case");
    const joint = tasks.find((t) => t.itemType === "joint_investigation")!;
    expect(joint).toMatchObject({ ownerParty: "ppc", assigneeUserId: U.ppcStaff, status: "open", conditions: "Only with the reporter's written consent." });
    expect(joint.dueAt).not.toBeNull();

    // The decision card keeps who decided what, without buttons now; the conclusion is posted.
    const concluded = h.emu.message(card.channel, card.ts)!;
    expect(JSON.stringify(concluded.blocks)).not.toContain("consult_agree");
    expect(JSON.stringify(concluded.blocks)).toContain("条件付き同意");
    expect(h.emu.messages(card.channel).some((m) => m.text.includes("連携事案"))).toBe(true);
    // The pinned card shows the new state, updated in place.
    expect(JSON.stringify(h.emu.message(card.channel, incident.summaryTs!)!.blocks)).toContain("連携事案");
    // The agreed item's card has its buttons.
    const taskCard = h.emu.message(card.channel, joint.messageTs!)!;
    expect(JSON.stringify(taskCard.blocks)).toEqual(expect.stringContaining("task_reassign"));
    expect(JSON.stringify(taskCard.blocks)).toEqual(expect.stringContaining("task_due"));

    const trail = (await h.store.auditTrail(consultation.id)).map((e) => `${e.action}@${e.article}`);
    expect(trail).toEqual([
      "consultation.proposed@4(2)",
      "consultation.position_recorded@4(2)",
      "consultation.position_recorded@4(2)",
      "consultation.position_recorded@4(2)",
      "consultation.position_recorded@4(2)",
      "consultation.concluded_cooperate@4(2)",
    ]);
  });

  it("records a decision not to cooperate with the reasons", async () => {
    const ref = await newIncident("No cooperation");
    await propose(h, U.ppcLiaison, ref, { joint_alert: "A joint alert would reach more operators." });
    // The proposing liaison speaks for PPC; NISC declines with a reason (required).
    const empty = await positionWithText(h, U.niscLiaison, ref, "joint_alert", "decline", "");
    expect(empty.errors?.consult_reason).toBeDefined();
    const modal = h.emu.openViews(U.niscLiaison).find((v) => v.view.callback_id === "consult_decline")!;
    await h.driver.submitView({ user: U.niscLiaison, viewId: modal.id, values: { "consult_reason.value": "Our alert channel is already used this week." } });
    const incident = (await h.store.incidentByRef(ref))!;
    const c = await until(async () => {
      await h.settle();
      const x = (await consultationsOfIncident(h.store.db, incident.id))[0];
      return x?.status === "concluded" ? x : undefined;
    });
    expect(c.outcome).toBe("no_cooperation");
    expect((await h.store.incidentByRef(ref))!.state).toBe("open");
    expect(await h.store.tasksOfIncident(incident.id)).toEqual([]);
    const conclusion = await h.emu.waitFor(() => h.emu.messages(incident.channelId!).find((m) => m.text.includes("連携しないこと")));
    expect(conclusion.text).toContain("Our alert channel is already used this week.");
  });

  it("opens a second round after the first concluded, without re-proposing agreed items", async () => {
    const ref = await newIncident("Two rounds");
    await agreedCase(h, ref, ["sharing_results"]);
    const incident = (await h.store.incidentByRef(ref))!;
    // sharing_results is agreed already: not offered, and refused if submitted anyway.
    await h.driver.clickButton({ user: U.ppcStaff, channel: incident.channelId!, ts: incident.summaryTs!, actionId: "consult_propose" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "consult_proposal"));
    expect(JSON.stringify(modal.view.blocks)).not.toContain('"value":"sharing_results"');
    await fillProposal(h, U.ppcStaff, modal.id, { joint_alert: "Similar cases elsewhere." }, "Small.");
    await decisionCard(h, ref, 2);
    await clickPosition(h, U.ppcLiaison, ref, "joint_alert", "consult_agree", 2);
    await clickPosition(h, U.niscLiaison, ref, "joint_alert", "consult_agree", 2);
    await until(async () => {
      await h.settle();
      return (await h.store.tasksOfIncident(incident.id)).some((t) => t.itemType === "joint_alert");
    });
    const rounds = await consultationsOfIncident(h.store.db, incident.id);
    expect(rounds.map((r) => [r.round, r.status, r.outcome])).toEqual([
      [1, "concluded", "cooperate"],
      [2, "concluded", "cooperate"],
    ]);
  });

  it("refuses a non-liaison and a liaison of the wrong party, privately, changing nothing", async () => {
    const ref = await newIncident("Wrong clickers");
    await propose(h, U.niscStaff, ref, { sharing_results: "We have malware analysis to share." });
    const card = await decisionCard(h, ref);
    // A staff member (not a liaison) clicks.
    await clickPosition(h, U.ppcStaff, ref, "sharing_results", "consult_agree");
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("連絡調整担当のみ")));
    // A liaison already decided for their party: NISC's staff proposed, so NISC's liaison decides NISC.
    await clickPosition(h, U.niscLiaison, ref, "sharing_results", "consult_agree");
    await clickPosition(h, U.niscLiaison, ref, "sharing_results", "consult_agree");
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("already recorded") || e.text.includes("既に記録")));
    const c = (await findConsultation(h.store.db, (await consultationsOfIncident(h.store.db, (await h.store.incidentByRef(ref))!.id))[0]!.id))!;
    expect(c.items[0]!.positions.map((p) => p.party)).toEqual(["nisc"]);
    expect(c.status).toBe("open");
    expect(JSON.stringify(h.emu.message(card.channel, card.ts)!.blocks)).toContain("未判断");
  });

  it("records each position exactly once when both liaisons click at the same moment, twice each", async () => {
    const ref = await newIncident("Simultaneous clicks");
    await propose(h, U.ppcStaff, ref, { prior_notice_of_powers: "PPC plans a report request." });
    await decisionCard(h, ref);
    await Promise.all([
      clickPosition(h, U.ppcLiaison, ref, "prior_notice_of_powers", "consult_agree"),
      clickPosition(h, U.niscLiaison, ref, "prior_notice_of_powers", "consult_agree"),
      clickPosition(h, U.ppcLiaison, ref, "prior_notice_of_powers", "consult_agree"),
      clickPosition(h, U.niscLiaison, ref, "prior_notice_of_powers", "consult_agree"),
    ]);
    const incident = (await h.store.incidentByRef(ref))!;
    const tasks = await until(async () => {
      await h.settle();
      const t = (await h.store.tasksOfIncident(incident.id)).filter((x) => x.messageTs);
      return t.length > 0 ? t : undefined;
    });
    await h.settle();
    expect(tasks).toHaveLength(1);
    const c = (await consultationsOfIncident(h.store.db, incident.id))[0]!;
    expect(c.items[0]!.positions.map((p) => p.party).sort()).toEqual(["nisc", "ppc"]);
    const trail = (await h.store.auditTrail(c.id)).map((e) => e.action);
    expect(trail.filter((a) => a === "consultation.position_recorded")).toHaveLength(2);
    expect(trail.filter((a) => a.startsWith("consultation.concluded"))).toHaveLength(1);
    expect(h.emu.messages(incident.channelId!).filter((m) => m.text.includes("連携事案"))).toHaveLength(1);
  });

  it("refuses technical advice requested by NISC (Art. 4(2)(v): PPC requests, NISC provides)", async () => {
    const ref = await newIncident("Advice direction");
    const res = await propose(h, U.niscStaff, ref, { technical_advice: "We want PPC's advice." });
    expect(res.body.response_action).toBe("errors");
    expect(res.errors?.consult_items).toContain("PPC");
    // PPC may ask; NISC owns the agreed item.
    const [task] = await agreedCase(h, ref, ["technical_advice"]);
    expect(task).toMatchObject({ itemType: "technical_advice", ownerParty: "nisc", assigneeUserId: U.niscLiaison });
  });

  it("lists my tasks and an incident's tasks, and lets the owner reassign and reschedule", async () => {
    const ref = await newIncident("Task management");
    const [task] = await agreedCase(h, ref, ["overseas_cooperation"]);
    // Overseas cooperation is done by the party asked: NISC.
    expect(task).toMatchObject({ ownerParty: "nisc", assigneeUserId: U.niscLiaison });
    await h.driver.slashCommand({ user: U.niscLiaison, text: "tasks" });
    const mine = await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("open tasks") || e.text.includes("未完了タスク")));
    expect(JSON.stringify(mine.blocks)).toContain(ref);
    await h.driver.slashCommand({ user: U.ppcStaff, text: `tasks ${ref}` });
    const all = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes(`${ref} のタスク`)));
    expect(JSON.stringify(all.blocks)).toContain("海外の関係機関との連携");

    // Reassign to a PPC member: refused inline; to NISC staff: done, card updated, DM sent.
    const channel = task!.channelId!;
    await h.driver.clickButton({ user: U.niscLiaison, channel, ts: task!.messageTs!, actionId: "task_reassign" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.niscLiaison).find((v) => v.view.callback_id === "task_reassign"));
    const bad = await h.driver.submitView({ user: U.niscLiaison, viewId: modal.id, values: { "task_assignee.value": U.ppcStaff } });
    expect(bad.errors?.task_assignee).toContain("NISC");
    await h.driver.submitView({ user: U.niscLiaison, viewId: modal.id, values: { "task_assignee.value": U.niscStaff } });
    await h.emu.waitFor(() => JSON.stringify(h.emu.message(channel, task!.messageTs!)!.blocks).includes(`<@${U.niscStaff}>`));
    await h.settle();
    expect(h.emu.dms(U.niscStaff).some((m) => m.text.includes(ref))).toBe(true);

    await h.driver.clickButton({ user: U.niscStaff, channel, ts: task!.messageTs!, actionId: "task_due" });
    const due = await h.emu.waitFor(() => h.emu.openViews(U.niscStaff).find((v) => v.view.callback_id === "task_due"));
    await h.driver.submitView({ user: U.niscStaff, viewId: due.id, values: { "task_due.value": "2027-02-01" } });
    await h.emu.waitFor(() => JSON.stringify(h.emu.message(channel, task!.messageTs!)!.blocks).includes("2027/02/01"));
    const trail = (await h.store.auditTrail(task!.id)).map((e) => e.action);
    expect(trail).toEqual(["task.reassigned", "task.due_changed"]);
    // PPC may not manage NISC's task.
    await h.driver.clickButton({ user: U.ppcLiaison, channel, ts: task!.messageTs!, actionId: "task_due" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).find((e) => e.text.includes("NISCの担当")));
  });
});

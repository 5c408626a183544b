// Issue 15, closing, reopening and archiving, through the emulator on both databases: a plain
// incident closes with one liaison's confirmation; a cooperation case needs both parties' (one
// party alone cannot close it); what was open ends with the closing (tasks, reminders) and comes
// back on reopening; the channel gets a closing card and a closed topic and is archived after
// incidentChannels.archiveAfterDays unless reopened. Double clicks and retries change nothing twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, testClock, testConfigInput, U, until, type Harness } from "./support/harness";
import { agreedCase } from "./support/consultation";
import { testDatabases } from "./support/databases";
import { runReminderSweep } from "../src/app/sweeps";
import { runArchiveSweep } from "../src/app/closing";
import type { Incident } from "../src/domain/incident";

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe.each(testDatabases())("closing incidents on %s", (database) => {
  let h: Harness;
  let plain: Incident;
  let kase: Incident;
  const clock = testClock("2026-11-30T10:00:00+09:00"); // Monday
  beforeAll(async () => {
    const config = { ...testConfigInput(), incidentChannels: { archiveAfterDays: 3 } };
    h = await startHarness({ database, clock, config });
    const aware = { "intake_aware_at.value": unix("2026-11-30T09:00:00+09:00") };
    const a = await submitIntake(h, U.ppcStaff, intakeValues({ ...aware, "intake_title.value": "Plain incident" }));
    const b = await submitIntake(h, U.ppcStaff, intakeValues({ ...aware, "intake_title.value": "Cooperation case" }));
    await h.settle();
    plain = (await h.store.incidentByRef(a.ref!))!;
    kase = (await h.store.incidentByRef(b.ref!))!;
    await agreedCase(h, kase.ref, ["joint_investigation", "sharing_results"]);
    kase = (await h.store.incidentByRef(b.ref!))!;
  });
  afterAll(async () => {
    await h?.stop();
  });

  const command = async (user: string, text: string) => {
    const before = h.emu.ephemerals(user).length;
    await h.driver.slashCommand({ user, text });
    await h.emu.waitFor(() => h.emu.ephemerals(user).length > before, { message: `no private answer to "/renkei ${text}"` });
    const e = h.emu.ephemerals(user).at(-1)!;
    return `${e.text}\n${JSON.stringify(e.blocks ?? [])}`;
  };
  const card = (i: Incident) => JSON.stringify(h.emu.message(i.channelId!, i.summaryTs!)!.blocks);
  const closingForm = async (user: string, i: Incident) => {
    const before = h.emu.openViews(user).map((v) => v.id);
    await h.driver.clickButton({ user, channel: i.channelId!, ts: i.summaryTs!, actionId: "incident_close" });
    return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "incident_closing" && !before.includes(v.id)), { message: "closing modal did not open" });
  };
  const closingCard = (i: Incident, header: RegExp) => h.emu.messages(i.channelId!).filter((m) => header.test(m.text));
  const actions = async (id: string, action: string) => (await h.store.auditEntriesOf(id)).filter((e) => e.action === action);
  /** Clicks "Confirm closing" (`times` at once) and waits for every private answer (the listener acknowledges first). */
  const confirm = async (user: string, m: { channel: string; ts: string }, times = 1) => {
    const before = h.emu.ephemerals(user).length;
    await Promise.all(Array.from({ length: times }, () => h.driver.clickButton({ user, channel: m.channel, ts: m.ts, actionId: "incident_closing_confirm" })));
    await h.emu.waitFor(() => h.emu.ephemerals(user).length >= before + times, { message: "confirm not answered" });
    await h.settle();
    return h.emu.ephemerals(user).slice(before).map((e) => e.text);
  };
  const reminded = (i: Incident) => h.emu.messages(i.channelId!).filter((m) => m.text.includes("受理の記録がありません")).length;

  it("only liaison officers may close: a staff member is told why, and nothing changes", async () => {
    await h.driver.clickButton({ user: U.ppcStaff, channel: plain.channelId!, ts: plain.summaryTs!, actionId: "incident_close" });
    const refusal = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("連絡調整担当が行います")));
    expect(refusal.text).toContain("何も変更されていません");
    expect(h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "incident_closing")).toBeUndefined();
  });

  it("a plain incident closes with one liaison's confirmation (submitted twice: closed once); it leaves /renkei list, stays in status and list --closed", async () => {
    // the 速報 deadline reminders run before closing
    clock.set("2026-12-03T10:00:00+09:00");
    await runReminderSweep(h);
    await h.settle();
    const remindersBefore = reminded(plain);
    expect(remindersBefore).toBeGreaterThan(0);

    const modal = await closingForm(U.ppcLiaison, plain);
    expect(JSON.stringify(modal.view.blocks)).toContain("あなたの確認で終了します");
    const empty = await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "closing_what.value": "  " }, allowEmptyRequired: true });
    expect(empty.errors?.closing_what).toContain("入力してください");
    const values = { "closing_what.value": "Staff portal breach contained; no further leak.", "closing_reports.value": "速報 received by phone." };
    await Promise.all([h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values }), h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values })]);
    await h.settle();
    expect(await actions(plain.id, "incident.closed")).toHaveLength(1);
    expect((await actions(plain.id, "incident.closed"))[0]).toMatchObject({ actorUserId: U.ppcLiaison, actorParty: "ppc", article: "4" });
    expect((await h.store.incidentById(plain.id))!.state).toBe("closed");

    expect(card(plain)).toContain("終了");
    expect(card(plain)).toContain("incident_reopen");
    expect(card(plain)).not.toContain("incident_close\"");
    expect(h.emu.channel(plain.channelId!)!.topic).toContain("終了");
    const closed = closingCard(plain, /^終了 — /);
    expect(closed).toHaveLength(1);
    expect(JSON.stringify(closed[0]!.blocks)).toContain("Staff portal breach contained");
    expect(JSON.stringify(closed[0]!.blocks)).toContain("アーカイブされます");

    expect(await command(U.ppcStaff, "list")).not.toContain(plain.ref);
    expect(await command(U.ppcStaff, "list --closed")).toContain(plain.ref);
    const status = await command(U.niscStaff, `status ${plain.ref}`); // NISC staff reads English
    expect(status).toContain("Closed");
    expect(status).toContain("Staff portal breach contained");

    // deadline reminders stop at closing
    clock.set("2026-12-04T10:00:00+09:00");
    await runReminderSweep(h);
    await h.settle();
    expect(reminded(plain)).toBe(remindersBefore);

    // closing again is refused
    expect(await command(U.niscLiaison, `close ${plain.ref}`)).toContain("すでに終了しています");
  });

  it("a cooperation case needs both parties: the proposer's party alone cannot close it", async () => {
    const tasks = (await h.store.tasksOfIncident(kase.id)).filter((t) => t.kind === "cooperation_item");
    const joint = tasks.find((t) => t.itemType === "joint_investigation")!;
    const results = tasks.find((t) => t.itemType === "sharing_results")!;
    // /renkei close <ref> opens the same form
    await h.driver.slashCommand({ user: U.ppcLiaison, text: `close ${kase.ref}` });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "incident_closing" && JSON.stringify(v.view.blocks).includes("連携事案です")), { message: "closing modal did not open from the command" });
    // each agreed item's outcome is asked; "not done" needs a reason
    const missing = await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "closing_what.value": "Contained.", [`closing_item_${joint.id}.value`]: "done", [`closing_item_${results.id}.value`]: "not_done", "closing_open_tasks.value": "They end; nothing left to do." } });
    expect(missing.errors?.[`closing_why_${results.id}`]).toContain("入力してください");
    await h.driver.submitView({
      user: U.ppcLiaison,
      viewId: modal.id,
      values: { "closing_what.value": "Contained.", [`closing_item_${joint.id}.value`]: "done", [`closing_item_${results.id}.value`]: "not_done", [`closing_why_${results.id}.value`]: "No results worth sharing.", "closing_open_tasks.value": "They end; nothing left to do." },
    });
    await h.settle();
    expect((await h.store.incidentById(kase.id))!.state).toBe("cooperation_case");
    expect(await actions(kase.id, "incident.closing_proposed")).toHaveLength(1);
    const proposal = closingCard(kase, /^終了の提案 — /)[0]!;
    expect(JSON.stringify(proposal.blocks)).toContain("NISCの連絡調整担当の確認を待っています");

    // the proposer's party confirming again changes nothing
    expect(await confirm(U.ppcLiaison, proposal)).toEqual([expect.stringContaining("すでに終了を確認しています")]);
    // the other party's staff may not confirm
    expect(await confirm(U.niscStaff, proposal)).toEqual([expect.stringContaining("Liaison officers close and reopen")]);
    // a second proposal while one waits is refused
    await h.driver.clickButton({ user: U.niscLiaison, channel: kase.channelId!, ts: kase.summaryTs!, actionId: "incident_close" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("すでに提案されています")));
    expect((await h.store.incidentById(kase.id))!.state).toBe("cooperation_case");
  });

  it("the other party's liaison confirms (double click: once): the case closes, its open tasks end and say so, their reminders stop", async () => {
    const proposal = closingCard(kase, /^終了の提案 — /)[0]!;
    const answers = await confirm(U.niscLiaison, proposal, 2);
    expect(answers.some((a) => a.includes("を終了しました"))).toBe(true);
    const closedEntries = await actions(kase.id, "incident.closed");
    expect(closedEntries).toHaveLength(1);
    expect(closedEntries[0]).toMatchObject({ actorUserId: U.niscLiaison, actorParty: "nisc", article: "4(2)" });
    expect((await h.store.incidentById(kase.id))!.state).toBe("closed");
    const tasks = (await h.store.tasksOfIncident(kase.id)).filter((t) => t.kind === "cooperation_item");
    expect(tasks.map((t) => t.status)).toEqual(["ended", "ended"]);
    const taskCard = h.emu.message(tasks[0]!.channelId!, tasks[0]!.messageTs!)!;
    expect(JSON.stringify(taskCard.blocks)).toContain("インシデントの終了とともにこのタスクは終わりました");
    expect(JSON.stringify(taskCard.blocks)).not.toContain("task_done");
    // the proposal card became the closing card, updated in place
    const updated = h.emu.message(proposal.channel, proposal.ts)!;
    expect(updated.text).toMatch(/^終了 — /);
    expect(JSON.stringify(updated.blocks)).toContain("実施しなかった");

    // task reminders stop: due in 7 days, nothing reminded after closing
    const dmsBefore = h.emu.dms(U.ppcLiaison).length + h.emu.dms(U.niscLiaison).length;
    clock.set("2026-12-09T10:00:00+09:00");
    await runReminderSweep(h);
    await h.settle();
    expect(h.emu.dms(U.ppcLiaison).length + h.emu.dms(U.niscLiaison).length).toBe(dmsBefore);
    expect(await command(U.niscLiaison, "list")).not.toContain(kase.ref);
  });

  it("reopening (liaison of either party, with a reason) restores what was open; closing it again is a new round", async () => {
    await h.driver.clickButton({ user: U.niscStaff, channel: kase.channelId!, ts: kase.summaryTs!, actionId: "incident_reopen" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).filter((e) => e.text.includes("Liaison officers close and reopen")).length >= 2);
    await h.driver.clickButton({ user: U.niscLiaison, channel: kase.channelId!, ts: kase.summaryTs!, actionId: "incident_reopen" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.niscLiaison).find((v) => v.view.callback_id === "incident_reopen"), { message: "reopen modal did not open" });
    const empty = await h.driver.submitView({ user: U.niscLiaison, viewId: modal.id, values: { "reopen_reason.value": " " }, allowEmptyRequired: true });
    expect(empty.errors?.reopen_reason).toContain("入力してください");
    const values = { "reopen_reason.value": "The reporter found a second leak." };
    await Promise.all([h.driver.submitView({ user: U.niscLiaison, viewId: modal.id, values }), h.driver.submitView({ user: U.niscLiaison, viewId: modal.id, values })]);
    await h.settle();
    expect(await actions(kase.id, "incident.reopened")).toHaveLength(1);
    const reopened = (await actions(kase.id, "incident.reopened"))[0]!;
    expect(reopened).toMatchObject({ actorUserId: U.niscLiaison, article: "4(2)" });
    expect(reopened.after).toMatchObject({ reason: "The reporter found a second leak.", state: "cooperation_case" });
    expect((await h.store.incidentById(kase.id))!.state).toBe("cooperation_case");
    const tasks = (await h.store.tasksOfIncident(kase.id)).filter((t) => t.kind === "cooperation_item");
    expect(tasks.map((t) => t.status)).toEqual(["open", "open"]);
    expect(JSON.stringify(h.emu.message(tasks[0]!.channelId!, tasks[0]!.messageTs!)!.blocks)).toContain("task_done");
    expect(card(kase)).toContain("incident_close");
    expect(h.emu.channel(kase.channelId!)!.topic).toContain("連携事案");
    expect(await command(U.ppcStaff, "list")).toContain(kase.ref);
    // the case closes again (round 2: both confirm again)
    clock.set("2026-12-10T10:00:00+09:00");
    const form = await closingForm(U.niscLiaison, kase);
    const ids = tasks.map((t) => t.id);
    await h.driver.submitView({ user: U.niscLiaison, viewId: form.id, values: { "closing_what.value": "Second leak handled.", [`closing_item_${ids[0]}.value`]: "done", [`closing_item_${ids[1]}.value`]: "done", "closing_open_tasks.value": "None left." } });
    await h.settle();
    const second = closingCard(kase, /^終了の提案 — /).at(-1)!;
    await confirm(U.ppcLiaison, second);
    expect((await h.store.incidentById(kase.id))!.state).toBe("closed");
  });

  it("after closing both parties are invited to a review with a due date; a lesson becomes a proposed Art. 5(1) training topic or an Art. 8 consultation", async () => {
    const invitation = h.emu.messages(plain.channelId!).find((m) => m.text.includes("の振り返り"))!;
    expect(invitation.text).toContain("2026-12-17"); // closed 12-03, review.dueAfterDays 14
    expect(invitation.text).toContain(`<@${U.ppcLiaison}>`);
    expect(invitation.text).toContain(`<@${U.niscLiaison}>`);
    await h.driver.clickButton({ user: U.ppcLiaison, channel: invitation.channel, ts: invitation.ts, actionId: "incident_review" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "incident_review"), { message: "review modal did not open" });
    const values = { "review_worked.value": "Fast contact between liaisons.", "review_did_not.value": "The reporter was called twice.", "review_lessons.value": "- Train on ransomware triage\n・Agree who calls the reporter" };
    await Promise.all([h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values }), h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values })]);
    await h.settle();
    expect(await actions(plain.id, "incident.review_recorded")).toHaveLength(1);
    // one review per party
    await h.driver.clickButton({ user: U.ppcStaff, channel: invitation.channel, ts: invitation.ts, actionId: "incident_review" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("振り返りはすでに記録されています")));
    const card = await h.emu.waitFor(() => h.emu.messages(plain.channelId!).find((m) => m.text.startsWith("振り返り（個情委）")), { message: "review card not posted" });
    expect(JSON.stringify(card.blocks)).toContain("Train on ransomware triage");

    // lesson 1 → the Art. 5(1) event form, filled in; registering it makes a proposed training activity
    await h.driver.clickButton({ user: U.niscLiaison, channel: card.channel, ts: card.ts, actionId: "review_lesson_training", blockId: "review_lesson_actions_0" });
    const event = await h.emu.waitFor(() => h.emu.openViews(U.niscLiaison).find((v) => v.view.callback_id === "activity_event_open"), { message: "event form did not open" });
    expect(JSON.stringify(event.view.blocks)).toContain("Train on ransomware triage");
    await h.driver.submitView({ user: U.niscLiaison, viewId: event.id, values: { "event_when.value": unix("2027-02-10T14:00:00+09:00") } });
    await h.settle();
    const activity = await until(() => h.store.db.activity.findFirst({ where: { title: "Train on ransomware triage" } }), "no training activity");
    expect(activity).toMatchObject({ kind: "event", article: "5(1)" });
    // lesson 2 → the Art. 8 consultation form, filled in
    await h.driver.clickButton({ user: U.ppcLiaison, channel: card.channel, ts: card.ts, actionId: "review_lesson_consultation", blockId: "review_lesson_actions_1" });
    const consult = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "activity_consultation_open"), { message: "consultation form did not open" });
    expect(JSON.stringify(consult.view.blocks)).toContain("Agree who calls the reporter");
    await h.driver.submitView({ user: U.ppcLiaison, viewId: consult.id, values: {} });
    await h.settle();
    expect(await until(() => h.store.db.activity.findFirst({ where: { title: "Agree who calls the reporter" } }), "no consultation")).toMatchObject({ kind: "consultation", article: "8" });
  });

  it("/renkei casefile <ref> uploads the case file (Markdown and PDF, the reader's language) to the reader's DM; content outside their Art. 7 scope is withheld", async () => {
    // a TLP:RED item PPC shared with its own liaison only
    await h.store.db.sharedInformation.create({
      data: { id: "si-red-1", incidentId: kase.id, taskId: null, basis: "4(2)(ii)", providerParty: "ppc", summary: "Attacker IP 203.0.113.9", sharedByUserId: U.ppcLiaison, scope: JSON.stringify({ level: "red", allow: { users: [U.ppcLiaison], channels: [], organisations: [] } }), designatedByUserId: U.ppcLiaison, designatedAt: new Date(), createdAt: new Date() },
    });
    const files = async (user: string) => {
      const before = h.emu.files().length;
      expect(await command(user, `casefile ${kase.ref}`)).toMatch(/事案記録を作成しています|Building the case file/);
      await until(async () => {
        await h.settle();
        return h.emu.files().filter((f) => f.completed).length >= before + 2;
      }, "case file not uploaded");
      return h.emu.files().slice(before);
    };
    const nisc = await files(U.niscStaff); // reads English
    const md = nisc.find((f) => f.filename.endsWith(".md"))!;
    const pdf = nisc.find((f) => f.filename.endsWith(".pdf"))!;
    expect(md.filename).toBe(`renkei-casefile-${kase.ref}-en.md`);
    const text = md.content!.toString("utf8");
    expect(text).toContain(`# Case file ${kase.ref}`);
    expect(text).toContain("## Timeline (every recorded step)");
    expect(text).toContain("closing proposed");
    expect(text).toContain("Joint investigation: PPC agreed");
    expect(text).toContain("Not done — No results worth sharing.");
    expect(text).toContain("Reason: The reporter found a second leak.");
    expect(text).not.toContain("203.0.113.9");
    expect(text).toContain("(withheld: Art. 7 scope TLP:RED, provider PPC)");
    expect(pdf.content!.subarray(0, 5).toString()).toBe("%PDF-");
    expect(md.channels[0]).toBe(h.emu.dmChannelId(U.niscStaff));
    // the provider's liaison reads it, in Japanese
    const ppc = await files(U.ppcLiaison);
    const ja = ppc.find((f) => f.filename.endsWith(".md"))!.content!.toString("utf8");
    expect(ja).toContain(`# 事案記録 ${kase.ref}`);
    expect(ja).toContain("203.0.113.9");
    expect((await actions(kase.id, "incident.casefile_requested")).map((e) => e.actorUserId)).toEqual([U.niscStaff, U.ppcLiaison]);
  });

  it("the channels are archived archiveAfterDays after closing (once, by the sweep), and not before", async () => {
    // plain closed 12-04 10:00 (clock at closing: 12-03 10:00) → due 12-06; the case closed 12-10 → due 12-13
    clock.set("2026-12-07T10:00:00+09:00");
    const first = await runArchiveSweep(h);
    const again = await runArchiveSweep(h);
    await h.settle();
    expect(first.queued).toBe(1);
    expect(again.queued).toBe(0);
    expect(h.emu.channel(plain.channelId!)!.isArchived).toBe(true);
    expect(h.emu.channel(kase.channelId!)!.isArchived).toBe(false);
    expect(h.emu.messages(plain.channelId!).some((m) => m.text.includes("アーカイブします"))).toBe(true);
    expect(await actions(plain.id, "incident.channel_archived")).toHaveLength(1);
    expect(h.emu.calls("conversations.archive")).toHaveLength(1);
    clock.set("2026-12-14T10:00:00+09:00");
    expect((await runArchiveSweep(h)).queued).toBe(1);
    await h.settle();
    expect(h.emu.channel(kase.channelId!)!.isArchived).toBe(true);
    // the audit chain holds every step
    const trail = (await h.store.auditTrail(kase.id)).map((e) => e.action).filter((a) => a.startsWith("incident.clos") || a === "incident.reopened" || a === "incident.channel_archived");
    expect(trail).toEqual(["incident.closing_proposed", "incident.closed", "incident.reopened", "incident.closing_proposed", "incident.closed", "incident.channel_archived"]);
  });

  it("reopening an archived incident says to unarchive its channel in Slack (bots cannot); once someone does, the card and the topic catch up, once", async () => {
    clock.set("2026-12-15T10:00:00+09:00");
    await h.driver.slashCommand({ user: U.ppcLiaison, text: `reopen ${plain.ref}` });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "incident_reopen"), { message: "reopen modal did not open" });
    const res = await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "reopen_reason.value": "A late report arrived." } });
    expect(JSON.stringify(res.body?.view ?? {})).toContain("アーカイブを解除すると");
    await h.settle();
    expect((await h.store.incidentById(plain.id))!.state).toBe("open");
    expect(h.emu.channel(plain.channelId!)!.isArchived).toBe(true);
    expect(card(plain)).not.toContain("incident_close"); // the card could not be updated while archived
    // a member unarchives it in Slack; Slack retries the same event once
    const sent = await h.driver.unarchiveChannel({ user: U.ppcLiaison, channel: plain.channelId!, eventId: "EvUNARCHIVE1" });
    await until(async () => (await actions(plain.id, "incident.channel_unarchived")).length === 1, "the unarchiving was not recorded"); // events are acknowledged before they are handled
    await h.settle();
    expect(card(plain)).toContain("incident_close");
    expect(h.emu.channel(plain.channelId!)!.topic).not.toContain("終了");
    await h.driver.sendEvent(sent.event, { eventId: "EvUNARCHIVE1", retryNum: 1 });
    await new Promise((r) => setTimeout(r, 300)); // give a second handling the time to show up
    await h.settle();
    expect(await actions(plain.id, "incident.channel_unarchived")).toHaveLength(1);
    expect((await actions(plain.id, "incident.channel_unarchived"))[0]).toMatchObject({ actorUserId: U.ppcLiaison, article: "4" });
  });
});

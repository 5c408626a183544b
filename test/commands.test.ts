// `/renkei` subcommands, refusals and the deadline editor, as users see them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";

describe.each(testDatabases())("/renkei commands on %s", (database) => {
  let h: Harness;
  let ref: string;
  beforeAll(async () => {
    h = await startHarness({ database });
    ref = (await submitIntake(h, U.niscStaff, intakeValues({ "intake_title.value": "Portal breach" }))).ref!;
    await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Not personal data", "intake_personal_data.value": "no" }));
    await h.settle();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const lastEphemeral = (user: string) => h.emu.ephemerals(user).at(-1)!;
  const command = async (user: string, text: string) => {
    const before = h.emu.ephemerals(user).length;
    const res = await h.driver.slashCommand({ user, text });
    expect(res.status).toBe(200);
    await h.emu.waitFor(() => h.emu.ephemerals(user).length > before, { message: `no private answer to "/renkei ${text}"` });
    const e = lastEphemeral(user);
    return `${e.text}\n${JSON.stringify(e.blocks ?? [])}`;
  };

  it("answers help, and explains an unknown subcommand or a malformed reference with the help", async () => {
    expect(await command(U.ppcStaff, "")).toContain("renkei の使い方");
    expect(await command(U.ppcStaff, "help")).toContain("/renkei status");
    const unknown = await command(U.ppcStaff, "frobnicate <!channel>");
    expect(unknown).toContain("`frobnicate` というサブコマンドはありません");
    expect(unknown).toContain("/renkei new");
    expect(await command(U.ppcStaff, "status")).toContain("整理番号を指定してください");
    expect(await command(U.ppcStaff, "status 12-ab")).toContain("形式が正しくありません");
    expect(await command(U.ppcStaff, "status 2026-9999")).toContain("見つかりません");
    // English for members who chose it.
    expect(await command(U.niscStaff, "help")).toContain("Using renkei");
  });

  it("lists open incidents (not out-of-scope ones) and shows an incident's status with its tasks", async () => {
    const list = await command(U.ppcLiaison, "list");
    expect(list).toContain(ref);
    expect(list).toContain("Portal breach");
    expect(list).not.toContain("Not personal data");
    const status = await command(U.ppcLiaison, `status ${ref}`);
    expect(status).toContain("Portal breach");
    expect(status).toContain("漏えい等報告の制度を紹介する");
    const incident = await h.store.incidentByRef(ref);
    expect(status).toContain(`<#${incident!.channelId}>`);
  });

  it("lists the newest open incidents first, as many as asked, with how many there are", async () => {
    const second = (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Second breach" }))).ref!;
    const third = (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Third breach" }))).ref!;
    const { incidents, total } = await h.store.openIncidents(2);
    expect(incidents.map((i) => i.ref)).toEqual([third, second]);
    expect(incidents[0]!.title).toBe("Third breach");
    expect(total).toBe(3); // the out-of-scope one is not counted
    expect((await h.store.openIncidents(10)).incidents.map((i) => i.ref)).toEqual([third, second, ref]);
    // Both open states in one order (each is read from the index on its own, then merged); an
    // exercise's incident is never listed; what the list shows is all that is read.
    await h.store.db.incident.update({ where: { ref: second }, data: { state: "cooperation_case" } });
    const fourth = (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Fourth breach" }))).ref!;
    await h.store.db.incident.update({ where: { ref: fourth }, data: { exerciseId: "exercise-1" } });
    const listed = await h.store.openIncidents(10);
    expect(listed.incidents.map((i) => i.ref)).toEqual([third, second, ref]);
    expect(listed.total).toBe(3);
    expect((await h.store.openIncidents(2)).incidents.map((i) => i.ref)).toEqual([third, second]);
    expect(Object.keys(listed.incidents[0]!).sort()).toEqual(["channelId", "createdByParty", "id", "ref", "reporterName", "state", "title"]);
    expect(listed.incidents[1]!.state).toBe("cooperation_case");
    await h.store.db.incident.update({ where: { ref: second }, data: { state: "open" } });
  });

  it("refuses people who are not members of a party, privately and politely, and changes nothing", async () => {
    for (const text of ["new", "list", "help"]) {
      const answer = await command(U.outsider, text);
      expect(answer).toContain("登録された方のみ");
    }
    expect(h.emu.openViews(U.outsider)).toEqual([]);
    const incident = await h.store.incidentByRef(ref);
    const [task] = await h.store.tasksOfIncident(incident!.id);
    h.emu.addMembers(incident!.channelId!, U.outsider);
    await h.driver.clickButton({ user: U.outsider, channel: incident!.channelId!, ts: task!.messageTs!, actionId: "task_done" });
    await h.emu.waitFor(() => lastEphemeral(U.outsider).text.includes("登録された方のみ") && lastEphemeral(U.outsider).viaResponseUrl);
    expect((await h.store.taskById(task!.id))?.status).toBe("open");
  });

  it("refuses /renkei new to a member whose role may not register incidents", async () => {
    const answer = await command(U.ppcManager, "new");
    expect(answer).toContain("この操作には 担当者 / 連絡調整担当 / 管理者 の役割が必要です");
    expect(h.emu.openViews(U.ppcManager)).toEqual([]);
  });

  it("lets a member correct the report deadlines; the pinned card updates in place and the change is audited", async () => {
    const incident = (await h.store.incidentByRef(ref))!;
    const channel = incident.channelId!;
    await h.driver.clickButton({ user: U.ppcLiaison, channel, ts: incident.summaryTs!, actionId: "edit_deadlines" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "edit_deadlines"));
    const before = Math.floor(incident.awareAt.getTime() / 1000) - 3600;
    const bad = await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "deadline_preliminary.value": before } });
    expect(bad.errors?.deadline_preliminary).toContain("より前にはできません");

    const newFinal = Date.parse("2027-01-15T08:00:00Z") / 1000;
    // The user puts the preliminary deadline back (the modal kept what they typed) and moves the final one.
    const preliminary = Math.floor(incident.preliminaryDueAt!.getTime() / 1000);
    const ok = await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "deadline_preliminary.value": preliminary, "deadline_final.value": newFinal } });
    expect(ok.body).toBe("");
    const card = await h.emu.waitFor(() => {
      const m = h.emu.message(channel, incident.summaryTs!)!;
      return JSON.stringify(m.blocks).includes("2027/01/15") ? m : undefined;
    });
    expect(JSON.stringify(card.blocks)).toContain("（編集済み）");
    expect(h.emu.messages(channel).filter((m) => m.ts === incident.summaryTs)).toHaveLength(1);
    const edited = await h.store.incidentByRef(ref);
    expect(edited).toMatchObject({ finalDueEdited: true, preliminaryDueEdited: false });
    expect(edited!.finalDueAt?.toISOString()).toBe("2027-01-15T08:00:00.000Z");
    const trail = await h.store.auditTrail(incident.id);
    expect(trail.at(-1)).toMatchObject({ action: "incident.deadlines_edited", actorUserId: U.ppcLiaison });
  });
});

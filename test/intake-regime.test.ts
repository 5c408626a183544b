// Issue 12, intake and guidance through the emulator: the APPI regime is asked (no silent
// default) with guidance; local public bodies get Rules Art. 43(v); protective measures mean no
// report; the delegated minister (Art. 150) is named; Art. 4(1) can be recorded later on the card.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";

describe.each(testDatabases())("the APPI regime at intake, and Art. 4(1) later, on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("asks for the regime with guidance and no default: submitting without it keeps the modal with an inline error", async () => {
    await h.driver.slashCommand({ user: U.ppcStaff, text: "new" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "incident_intake"));
    const regime = (modal.view.blocks as Array<{ block_id?: string; hint?: { text: string }; element?: { initial_option?: unknown; options?: Array<{ value: string }> } }>).find(
      (b) => b.block_id === "intake_appi_regime",
    )!;
    expect(regime.element?.initial_option).toBeUndefined();
    expect(regime.element?.options?.map((o) => o.value)).toEqual(["art68", "art68_local", "art26"]);
    expect(regime.hint?.text).toContain("別表第二");
    // Slack's client blocks it (a required input); renkei refuses it too if it arrives anyway.
    await expect(h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: intakeValues({ "intake_appi_regime.value": null }) })).rejects.toThrow(/intake_appi_regime/);
    const res = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: intakeValues({ "intake_appi_regime.value": null }), allowEmptyRequired: true });
    expect(res.body.response_action).toBe("errors");
    expect(res.body.errors.intake_appi_regime).toBe("入力してください。");
  });

  it("a national university corporation (category 2) under Art. 26 with a delegated minister: Rules Art. 7, 1,000 persons, reports to that minister", async () => {
    const { res, ref } = await submitIntake(
      h,
      U.ppcStaff,
      intakeValues({ "intake_reporter_category.value": "2", "intake_appi_regime.value": "art26", "intake_delegated_recipient.value": "Minister of Examples", "intake_affected_count.value": "1200" }),
    );
    const result = JSON.stringify(res.body.view);
    expect(result).toContain("規則第7条");
    expect(result).toContain("本人の数が1000人超");
    expect(result).toContain("報告先: 権限の委任を受けたMinister of Examples（法第150条）");
    expect(await h.store.incidentByRef(ref!)).toMatchObject({ appiRegime: "art26", delegatedRecipient: "Minister of Examples", localPublicBody: false });
  });

  it("a municipal waterworks (category 4) under Art. 68 as a local public body: Rules Art. 43 incl. item (5)", async () => {
    const { res } = await submitIntake(
      h,
      U.ppcStaff,
      intakeValues({ "intake_reporter_category.value": "4", "intake_appi_regime.value": "art68_local", "intake_affected_count.value": "3", "intake_flags.value": ["ordinance_special_care"] }),
    );
    const result = JSON.stringify(res.body.view);
    expect(result).toContain("規則第43条により報告対象となる可能性が高い: 条例要配慮個人情報（第5号）");
    expect(result).toContain("規則第43条第5号");
    expect(result).toContain("報告先: 個人情報保護委員会");
  });

  it("advanced encryption or other protective measures: the guidance says no report is needed and no deadlines are set", async () => {
    const { res, ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_flags.value": ["protective_measures"] }));
    const result = JSON.stringify(res.body.view);
    expect(result).toContain("報告対象外です");
    expect(result).not.toContain("guidance_deadlines");
    expect(await h.store.incidentByRef(ref!)).toMatchObject({ protectiveMeasures: true, preliminaryDueAt: null, finalDueAt: null });
  });

  it("records later that NISC received information from an agency: NISC gets the task then, once, addressed to the head of that agency", async () => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Later information" }));
    await h.settle();
    const incident = (await h.store.incidentByRef(ref!))!;
    expect(await h.store.tasksOfIncident(incident.id)).toEqual([]);
    const cardBlocks = () => JSON.stringify(h.emu.message(incident.channelId!, incident.summaryTs!)!.blocks);
    expect(cardBlocks()).toContain("admin_body_info");

    await h.driver.clickButton({ user: U.ppcLiaison, channel: incident.channelId!, ts: incident.summaryTs!, actionId: "admin_body_info" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "admin_body_info"));
    const values = { "admin_body_info_agency.value": "Ministry of Health" };
    await Promise.all([h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values }), h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values })]);
    await h.settle();
    const tasks = await h.store.tasksOfIncident(incident.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: "introduce_leak_report_system", ownerParty: "nisc", status: "open" });
    const recorded = (await h.store.auditEntriesOf(incident.id)).filter((e) => e.action === "incident.admin_body_information_recorded");
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ article: "4(1)", actorUserId: U.ppcLiaison });

    const taskMessage = await h.emu.waitFor(() => h.emu.messages(incident.channelId!).find((m) => m.ts === tasks[0]!.messageTs || JSON.stringify(m.blocks).includes("task_template")));
    const ja = JSON.stringify(taskMessage.blocks);
    expect(ja).toContain("Ministry of Healthの長 殿");
    expect(ja).toContain("第68条第1項");
    expect(ja).toContain("個人情報保護委員会への漏えい等報告");
    await h.driver.clickButton({ user: U.niscStaff, channel: incident.channelId!, ts: taskMessage.ts, actionId: "task_template_other_language" });
    const english = await h.emu.waitFor(() => h.emu.ephemerals(U.niscStaff).find((e) => JSON.stringify(e.blocks).includes("To the head of Ministry of Health")));
    expect(JSON.stringify(english.blocks)).toContain("a leak report to Personal Information Protection Commission");
    expect(JSON.stringify(english.blocks)).toContain("Art. 68(1)");
    // The card no longer offers it.
    await h.emu.waitFor(() => !cardBlocks().includes("admin_body_info"), { message: "the card still offers the Art. 4(1) button" });
  });
});

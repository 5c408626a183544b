// Art. 4(2)(i)-(iii) through the emulator: the reporter's consent and joint hearings, results
// shared (registered as information shared under Art. 4(2)), prior notice of the exercise of
// powers and its acknowledgement by the other party.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, until, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { agreedCase } from "./support/consultation";
import type { Task } from "../src/domain/tasks";
import { consentModal, hearingModal } from "../src/slack/views/items/joint-investigation";
import { resultModal } from "../src/slack/views/items/sharing-results";
import { noticeModal } from "../src/slack/views/items/prior-notice-of-powers";
import { taskCard } from "../src/slack/views/task-card";
import { renderContext } from "../src/slack/render-context";
import { localDateOf, addDays } from "../src/domain/time";
import { parseRenkeiConfig } from "../src/config/renkei-config";
import { validateBlocks, validateView } from "../emulator/block-kit";
import type { ItemRecord } from "../src/domain/item-records";
import { testConfigInput } from "./support/harness";

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const ymd = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

describe.each(testDatabases())("cooperation items 4(2)(i)-(iii) on %s", (database) => {
  let h: Harness;
  const newCase = async (title: string, items: string[]) => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": title }));
    await h.settle();
    return agreedCase(h, ref!, items);
  };
  const card = (task: Task) => h.emu.message(task.channelId!, task.messageTs!)!;
  const cardText = (task: Task) => JSON.stringify(card(task).blocks);
  const click = (user: string, task: Task, actionId: string, blockId?: string) =>
    h.driver.clickButton({ user, channel: task.channelId!, ts: task.messageTs!, actionId, ...(blockId ? { blockId } : {}) });
  /** Clicks a card button and returns the modal it opened. */
  const openModal = async (user: string, task: Task, actionId: string, callbackId: string) => {
    const before = h.emu.openViews(user).map((v) => v.id);
    await click(user, task, actionId);
    return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === callbackId && !before.includes(v.id)), { message: `${callbackId} did not open` });
  };
  const trail = async (recordId: string) => (await h.store.auditTrail(recordId)).map((e) => `${e.action}@${e.article}`);

  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("records the reporter's consent, then a joint hearing; the card shows both with who and when", async () => {
    const [task] = await newCase("Joint investigation", ["joint_investigation"]);
    expect(cardText(task!)).toContain("item_joint_record_consent");
    expect(cardText(task!)).toContain("未記録です");

    const consent = await openModal(U.ppcStaff, task!, "item_joint_record_consent", "item_joint_consent");
    const consentedAt = new Date(Date.now() - 24 * 3600_000);
    const res = await h.driver.submitView({
      user: U.ppcStaff,
      viewId: consent.id,
      values: { "item_joint_consented_by.value": "CISO <Tanaka> of the Ministry", "item_joint_consented_at.value": seconds(consentedAt), "item_joint_method.value": "email", "item_joint_note.value": "Consent covers hearings of IT staff." },
    });
    expect(res.body).toBe("");
    await h.emu.waitFor(() => cardText(task!).includes("CISO &lt;Tanaka&gt; of the Ministry"), { message: "consent not on the card" });
    expect(cardText(task!)).toContain("電子メール");
    expect(cardText(task!)).toContain(`<@${U.ppcStaff}>（個情委）`);
    expect(cardText(task!)).toContain("Consent covers hearings");

    // NISC's liaison schedules the joint hearing with participants from both parties.
    const hearing = await openModal(U.niscLiaison, task!, "item_joint_schedule_hearing", "item_joint_hearing");
    const at = new Date(Date.now() + 2 * 24 * 3600_000);
    const ok = await h.driver.submitView({ user: U.niscLiaison, viewId: hearing.id, values: { "item_joint_hearing_at.value": seconds(at), "item_joint_participants.value": [U.ppcStaff, U.niscLiaison], "item_joint_hearing_notes.value": "Ministry HQ, room 3" } });
    expect(ok.body).toBe("");
    await h.emu.waitFor(() => cardText(task!).includes("Ministry HQ, room 3"), { message: "hearing not on the card" });
    const hearingLine = (card(task!).blocks ?? []).map((b: any) => b.text?.text ?? "").find((t: string) => t.includes(":calendar:"))!;
    expect(hearingLine).toContain(`<@${U.ppcStaff}> <@${U.niscLiaison}>`);

    const records = await h.store.recordsOfTask(task!.id);
    expect(records.map((r) => [r.kind, r.party, r.byUserId])).toEqual([
      ["consent", "ppc", U.ppcStaff],
      ["hearing", "nisc", U.niscLiaison],
    ]);
    expect(records[0]!.data).toMatchObject({ consentedBy: "CISO <Tanaka> of the Ministry", method: "email", consentedAt: new Date(seconds(consentedAt) * 1000).toISOString() });
    expect(records[1]!.data).toMatchObject({ participants: [U.ppcStaff, U.niscLiaison] });
    expect(await trail(records[0]!.id)).toEqual(["item.consent_recorded@4(2)(i)"]);
    expect(await trail(records[1]!.id)).toEqual(["item.hearing_scheduled@4(2)(i)"]);
  });

  it("refuses to schedule a hearing before consent: privately, no modal, no record; a racing submission is refused inline", async () => {
    const [task] = await newCase("Hearing before consent", ["joint_investigation"]);
    await click(U.ppcStaff, task!, "item_joint_schedule_hearing");
    const answer = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("同意を記録してから")), { message: "no private refusal" });
    expect(answer.text).toContain("第4条第2項第1号");
    await h.settle();
    expect(h.emu.openViews(U.ppcStaff).filter((v) => v.view.callback_id === "item_joint_hearing")).toEqual([]);
    expect(await h.store.recordsOfTask(task!.id)).toEqual([]);

    // A hearing modal that was open while the consent is not on record (e.g. opened from a stale
    // state): its submission is refused inline and nothing is recorded.
    const stale = h.emu.pushView(U.ppcStaff, hearingModal(renderContext(h.config), task!) as never);
    const res = await h.driver.submitView({ user: U.ppcStaff, viewId: stale.id, values: { "item_joint_hearing_at.value": seconds(new Date()), "item_joint_participants.value": [U.ppcStaff, U.niscStaff] } });
    expect(res.errors?.item_joint_hearing_at).toContain("同意");
    expect(await h.store.recordsOfTask(task!.id)).toEqual([]);

    // A manager (not staff, liaison or admin) may not record the consent either.
    await click(U.ppcManager, task!, "item_joint_record_consent");
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcManager).find((e) => e.text.includes("役割が必要")), { message: "manager not refused" });
    expect(h.emu.openViews(U.ppcManager)).toEqual([]);
  });

  it("refuses inline a hearing whose participants are from one party only, or not configured", async () => {
    const [task] = await newCase("One-party hearing", ["joint_investigation"]);
    const consent = await openModal(U.niscStaff, task!, "item_joint_record_consent", "item_joint_consent");
    // NISC staff uses English: a consent time in the future is refused inline.
    const future = await h.driver.submitView({ user: U.niscStaff, viewId: consent.id, values: { "item_joint_consented_by.value": "Director Sato", "item_joint_consented_at.value": seconds(new Date(Date.now() + 3 * 24 * 3600_000)), "item_joint_method.value": "oral" } });
    expect(future.errors?.item_joint_consented_at).toContain("future");
    await h.driver.submitView({ user: U.niscStaff, viewId: consent.id, values: { "item_joint_consented_at.value": seconds(new Date(Date.now() - 3600_000)) } });
    await h.emu.waitFor(() => cardText(task!).includes("Director Sato"));

    const modal = await openModal(U.niscStaff, task!, "item_joint_schedule_hearing", "item_joint_hearing");
    const at = seconds(new Date(Date.now() + 3600_000));
    const onlyNisc = await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: { "item_joint_hearing_at.value": at, "item_joint_participants.value": [U.niscStaff, U.niscLiaison] } });
    expect(onlyNisc.errors?.item_joint_participants).toContain("PPC");
    const outsider = await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: { "item_joint_participants.value": [U.niscStaff, U.ppcStaff, U.outsider] } });
    expect(outsider.errors?.item_joint_participants).toContain("not registered");
    expect((await h.store.recordsOfTask(task!.id)).map((r) => r.kind)).toEqual(["consent"]);
    await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: { "item_joint_participants.value": [U.niscStaff, U.ppcStaff] } });
    await until(async () => (await h.store.recordsOfTask(task!.id)).length === 2, "hearing not recorded");
  });

  it("records a shared result and registers it as information shared under Art. 4(2)(ii) by the provider party", async () => {
    const [task] = await newCase("Sharing results", ["sharing_results"]);
    const modal = await openModal(U.niscStaff, task!, "item_results_record", "item_results_result");
    expect(JSON.stringify(modal.view.blocks)).toContain("judges appropriate");
    const empty = await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: { "item_results_summary.value": "   " } });
    expect(empty.errors?.item_results_summary).toBeDefined();
    await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: { "item_results_summary.value": "C2 servers identified: <!channel> 203.0.113.7", "item_results_details.value": "https://example.go.jp/report" } });
    await h.emu.waitFor(() => cardText(task!).includes("C2 servers identified"), { message: "result not on the card" });
    expect(cardText(task!)).toContain("&lt;!channel&gt;");
    expect(cardText(task!)).toContain("*NISC* より");

    const [record] = await h.store.recordsOfTask(task!.id);
    expect(record).toMatchObject({ kind: "result", party: "nisc", byUserId: U.niscStaff });
    const shared = await h.store.db.sharedInformation.findMany({ where: { taskId: task!.id } });
    expect(shared).toHaveLength(1);
    expect(shared[0]).toMatchObject({ basis: "4(2)(ii)", providerParty: "nisc", sharedByUserId: U.niscStaff, incidentId: task!.incidentId, summary: "C2 servers identified: <!channel> 203.0.113.7" });
    expect(record!.data.sharedInformationId).toBe(shared[0]!.id);
    expect(await trail(record!.id)).toEqual(["item.result_shared@4(2)(ii)"]);
  });

  it("records PPC's planned exercise of powers; NISC acknowledges once on a double click; PPC cannot acknowledge its own", async () => {
    const [task] = await newCase("Prior notice", ["prior_notice_of_powers"]);
    const today = localDateOf(new Date(), "Asia/Tokyo");
    const modal = await openModal(U.ppcStaff, task!, "item_powers_record", "item_powers_notice");
    const other = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "item_powers_kind.value": "other", "item_powers_planned_date.value": ymd(addDays(today, 3)) } });
    expect(other.errors?.item_powers_note).toBeDefined();
    await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "item_powers_kind.value": "report_request", "item_powers_note.value": "Report on the access logs." } });
    await h.emu.waitFor(() => cardText(task!).includes("報告徴収"), { message: "notice not on the card" });
    const [notice] = await h.store.recordsOfTask(task!.id);
    expect(notice).toMatchObject({ kind: "power_notice", party: "ppc", status: "planned" });
    expect(notice!.data).toMatchObject({ powerKind: "report_request", plannedDate: ymd(addDays(today, 3)), late: false });
    expect(cardText(task!)).toContain("NISCの確認待ち");
    const blockId = `item_powers_notice_${notice!.id}`;

    // PPC's own click is refused privately.
    await click(U.ppcLiaison, task!, "item_powers_acknowledge", blockId);
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcLiaison).find((e) => e.text.includes("確認できません")), { message: "PPC not refused" });
    expect((await h.store.itemRecordById(notice!.id))!.status).toBe("planned");

    // NISC's liaison double-clicks: one acknowledgement, one audit entry.
    await Promise.all([click(U.niscLiaison, task!, "item_powers_acknowledge", blockId), click(U.niscLiaison, task!, "item_powers_acknowledge", blockId)]);
    await h.emu.waitFor(() => cardText(task!).includes("NISCが確認済み"), { message: "acknowledgement not on the card" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("既に確認されています")), { message: "second click not answered" });
    await h.settle();
    const acknowledged = (await h.store.itemRecordById(notice!.id))!;
    expect(acknowledged.status).toBe("acknowledged");
    expect(acknowledged.data).toMatchObject({ ackByUserId: U.niscLiaison });
    expect(cardText(task!)).toContain(`<@${U.niscLiaison}>`);
    expect(cardText(task!)).not.toContain("item_powers_acknowledge");
    expect(await trail(notice!.id)).toEqual(["item.power_notice_recorded@4(2)(iii)", "item.power_notice_acknowledged@4(2)(iii)"]);

    // A notice recorded after its planned date is kept, and says so.
    const late = await openModal(U.ppcStaff, task!, "item_powers_record", "item_powers_notice");
    await h.driver.submitView({ user: U.ppcStaff, viewId: late.id, values: { "item_powers_kind.value": "guidance", "item_powers_planned_date.value": ymd(addDays(today, -2)) } });
    await h.emu.waitFor(() => cardText(task!).includes("予定日を過ぎてからの共有"), { message: "late notice not marked" });
    expect((await h.store.recordsOfTask(task!.id)).map((r) => [r.kind, r.status, r.data.late])).toEqual([
      ["power_notice", "acknowledged", false],
      ["power_notice", "planned", true],
    ]);
  });
});

describe("cards and modals of items 4(2)(i)-(iii) stay within Block Kit limits", () => {
  const config = parseRenkeiConfig(testConfigInput(), "test config");
  const at = new Date("2026-11-25T03:00:00Z");
  const task = (itemType: string): Task => ({
    id: "t1", dedupeKey: "k", incidentId: "i1", kind: "cooperation_item", itemType, consultationId: "c1", conditions: null, ownerParty: "ppc", assigneeUserId: U.ppcStaff,
    params: { ref: "2026-0001", requester: "ppc", need: "n" }, dueAt: at, status: "open", doneByUserId: null, doneAt: null, channelId: "C1", messageTs: "1.1", version: 1, createdAt: at, updatedAt: at,
  });
  const rec = (i: number, kind: string, data: Record<string, unknown>, status: string | null = null): ItemRecord => ({
    id: `r${i}`, taskId: "t1", kind, party: i % 2 ? "ppc" : "nisc", byUserId: U.ppcStaff, data, status, version: null, createdAt: new Date(at.getTime() + i * 1000), updatedAt: at,
  });
  const long = "<@U0X> & ".repeat(400);

  it.each(["ja", "en"] as const)("every modal is valid in %s (titles within 24 characters)", (locale) => {
    const rc = renderContext(config, locale);
    for (const view of [consentModal(rc, task("joint_investigation")), hearingModal(rc, task("joint_investigation")), resultModal(rc, task("sharing_results"), "nisc"), noticeModal(rc, task("prior_notice_of_powers"), "ppc")]) {
      expect(validateView(view)).toEqual([]);
    }
  });

  it.each(["ja", "en"] as const)("a card with many long records stays valid in %s", (locale) => {
    const rc = renderContext(config, locale);
    const many = (n: number, make: (i: number) => ItemRecord) => Array.from({ length: n }, (_, i) => make(i));
    const cards = [
      taskCard(rc, task("joint_investigation"), [
        ...many(30, (i) => rec(i, "consent", { consentedBy: long, consentedAt: at.toISOString(), method: "written", note: long })),
        ...many(30, (i) => rec(100 + i, "hearing", { at: at.toISOString(), participants: many(30, (j) => rec(j, "x", {})).map((r) => `U0P${r.id}`), notes: long })),
      ]),
      taskCard(rc, task("sharing_results"), many(40, (i) => rec(i, "result", { summary: long, details: long }))),
      taskCard(rc, task("prior_notice_of_powers"), many(40, (i) => rec(i, "power_notice", { powerKind: "order", plannedDate: "2026-12-01", note: long, late: i % 3 === 0, ...(i % 2 ? { ackByUserId: U.niscStaff, ackAt: at.toISOString() } : {}) }, i % 2 ? "acknowledged" : "planned"))),
    ];
    for (const card of cards) {
      expect(validateBlocks(card.blocks)).toEqual([]);
      expect(card.blocks.length).toBeLessThanOrEqual(50);
      expect(JSON.stringify(card.blocks)).not.toContain("<@U0X>");
    }
  });
});

// Issue 12, the reporter's reports tracked to receipt, through the emulator: PPC records when it
// received the 速報 and 確報; both parties see it on the card, in /renkei status and the digest;
// overdue notices go to the channel and PPC's liaisons every open day (PPC's managers after
// escalateAfterDays) until the report is received, and never again once it is. Undoing is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, testClock, U, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { runDigestSweep, runReminderSweep } from "../src/app/sweeps";
import type { Incident } from "../src/domain/incident";

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe.each(testDatabases())("report receipts on %s", (database) => {
  let h: Harness;
  let incident: Incident;
  const clock = testClock("2026-11-30T10:00:00+09:00"); // Monday
  beforeAll(async () => {
    h = await startHarness({ database, clock });
    // Aware Mon 11-30 09:00: 速報 window day 3 = Wed 12-02; 確報 day 30 = 12-29 (closed) → 2027-01-04.
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_aware_at.value": unix("2026-11-30T09:00:00+09:00") }));
    await h.settle();
    incident = (await h.store.incidentByRef(ref!))!;
  });
  afterAll(async () => {
    await h?.stop();
  });
  const sweep = async () => {
    await runReminderSweep(h);
    await h.settle();
  };
  const channelPosts = (text: string) => h.emu.messages(incident.channelId!).filter((m) => m.text.includes(text));
  const dms = (user: string, text: string) => h.emu.dms(user).filter((m) => m.text.includes(text));
  const card = () => JSON.stringify(h.emu.message(incident.channelId!, incident.summaryTs!)!.blocks);
  const openReceipts = async (user: string) => {
    await h.driver.clickButton({ user, channel: incident.channelId!, ts: incident.summaryTs!, actionId: "report_receipts" });
    return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "report_receipts"), { message: "receipt modal did not open" });
  };
  const command = async (user: string, text: string) => {
    const before = h.emu.ephemerals(user).length;
    await h.driver.slashCommand({ user, text });
    await h.emu.waitFor(() => h.emu.ephemerals(user).length > before, { message: `no private answer to "/renkei ${text}"` });
    const e = h.emu.ephemerals(user).at(-1)!;
    return `${e.text}\n${JSON.stringify(e.blocks ?? [])}`;
  };

  it("shows both reports as not received on the card, and only PPC may record a receipt", async () => {
    expect(card()).toContain("未受理");
    expect(card()).toContain("report_receipts");
    await h.driver.clickButton({ user: U.niscLiaison, channel: incident.channelId!, ts: incident.summaryTs!, actionId: "report_receipts" });
    const refusal = await h.emu.waitFor(() => h.emu.ephemerals(U.niscLiaison).find((e) => e.text.includes("報告の受理は")));
    expect(refusal.text).toContain("個情委");
    expect(refusal.text).toContain("何も変更されていません");
    expect(h.emu.openViews(U.niscLiaison).find((v) => v.view.callback_id === "report_receipts")).toBeUndefined();
  });

  it("once the 速報 deadline has passed unreceived: a notice in the channel and to PPC's liaisons every open day, PPC's managers after 2 days", async () => {
    clock.set("2026-12-03T10:00:00+09:00"); // Thu, one day past
    await sweep();
    await sweep();
    expect(channelPosts("受理の記録がありません")).toHaveLength(1);
    expect(dms(U.ppcLiaison, "受理の記録がありません")).toHaveLength(1);
    expect(dms(U.niscLiaison, "受理の記録がありません")).toHaveLength(0);
    expect(dms(U.ppcManager, "受理の記録がありません")).toHaveLength(0);

    clock.set("2026-12-04T10:00:00+09:00"); // Fri, two days past: escalation
    await sweep();
    expect(channelPosts("受理の記録がありません")).toHaveLength(2);
    expect(dms(U.ppcLiaison, "受理の記録がありません")).toHaveLength(2);
    expect(dms(U.ppcManager, "2日過ぎています")).toHaveLength(1);
    expect(dms(U.niscManager, "受理の記録がありません")).toHaveLength(0);

    // The managers' digest of both parties says it is overdue and not received.
    await runDigestSweep(h, { force: true });
    await h.settle();
    for (const manager of [U.ppcManager, U.niscManager]) {
      const digest = h.emu.dms(manager).find((m) => JSON.stringify(m.blocks).includes("digest_deadlines"));
      expect(JSON.stringify(digest?.blocks)).toContain("期限超過・未受理");
    }
    clock.set("2026-12-05T10:00:00+09:00"); // Saturday: offices closed, nothing
    await sweep();
    expect(channelPosts("受理の記録がありません")).toHaveLength(2);
  });

  it("PPC records the receipt (a double submission records once); both parties see it; the notices stop", async () => {
    clock.set("2026-12-07T09:00:00+09:00"); // Monday, before the sweep
    const modal = await openReceipts(U.ppcLiaison);
    // A receipt day before the reporter became aware is refused inline, nothing lost.
    const bad = await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "receipt_preliminary_on.value": "2026-11-29", "receipt_preliminary_no.value": "PPC-R-0042" } });
    expect(bad.errors?.receipt_preliminary_on).toContain("より前にはできません");
    const values = { "receipt_preliminary_on.value": "2026-12-04", "receipt_preliminary_no.value": "PPC-R-0042" };
    await Promise.all([
      h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values }),
      h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values }),
    ]);
    await h.settle();
    const received = (await h.store.auditEntriesOf(incident.id)).filter((e) => e.action === "incident.report_received");
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ actorUserId: U.ppcLiaison, actorParty: "ppc" });
    expect(await h.store.incidentById(incident.id)).toMatchObject({ preliminaryReceivedOn: "2026-12-04", preliminaryReceiptNo: "PPC-R-0042", finalReceivedOn: null });

    expect(card()).toContain("受理済み");
    expect(card()).toContain("PPC-R-0042");
    const status = await command(U.niscStaff, `status ${incident.ref}`); // NISC reads English
    expect(status).toContain("received");
    expect(status).toContain("PPC-R-0042");

    clock.set("2026-12-07T10:00:00+09:00");
    await sweep();
    clock.set("2026-12-08T10:00:00+09:00");
    await sweep();
    expect(channelPosts("受理の記録がありません")).toHaveLength(2); // never again
    expect(dms(U.ppcManager, "過ぎています")).toHaveLength(1);

    // The next digest tells both parties' managers that the receipt was recorded.
    await runDigestSweep(h, { force: true });
    await h.settle();
    const nisc = h.emu.dms(U.niscManager).at(-1)!;
    expect(JSON.stringify(nisc.blocks)).toContain("報告の受理を記録");
  });

  it("undoing a receipt is audited, and the overdue notices resume", async () => {
    clock.set("2026-12-09T09:00:00+09:00");
    const modal = await openReceipts(U.ppcLiaison);
    expect(JSON.stringify(modal.view.blocks)).toContain("2026-12-04"); // the form shows what is recorded
    await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "receipt_preliminary_on.value": null, "receipt_preliminary_no.value": null } });
    await h.settle();
    const undone = (await h.store.auditEntriesOf(incident.id)).filter((e) => e.action === "incident.report_receipt_undone");
    expect(undone).toHaveLength(1);
    expect(undone[0]!.before).toMatchObject({ preliminaryReceivedOn: "2026-12-04", preliminaryReceiptNo: "PPC-R-0042" });
    expect(undone[0]!.after).toMatchObject({ preliminaryReceivedOn: null });
    expect(card()).not.toContain("PPC-R-0042");
    clock.set("2026-12-09T10:00:00+09:00");
    await sweep();
    expect(channelPosts("受理の記録がありません")).toHaveLength(3);
  });
});

// Issue 15, retention, through the emulator on both databases: with retention.eraseAfterYears set,
// the free text of an incident closed that long ago is erased (once) and replaced by a note, the
// skeleton stays, the erasure is audited, and the audit chain still verifies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, testClock, testConfigInput, U, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { runRetentionSweep } from "../src/app/closing";
import { verifyChain, type ChainedAuditRecord } from "../src/domain/audit";

describe.each(testDatabases())("retention on %s", (database) => {
  let h: Harness;
  const clock = testClock("2026-12-01T10:00:00+09:00");
  beforeAll(async () => {
    h = await startHarness({ database, clock, config: { ...testConfigInput(), retention: { eraseAfterYears: 1 } } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("erases the free text of an incident closed N years ago, once; the chain still verifies", async () => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_summary.value": "Names and addresses of 1,200 staff were read." }));
    await h.settle();
    const incident = (await h.store.incidentByRef(ref!))!;
    // an earlier proposal, withdrawn with a reason that names someone
    const at = new Date();
    await h.store.db.incidentClosure.create({
      data: { id: "cl-withdrawn", incidentId: incident.id, round: 1, status: "withdrawn", priorState: "open", summary: JSON.stringify({ whatHappened: "x", items: [], reports: "", openTasks: "" }), requiredParties: '["ppc"]', confirmations: "[]", proposedByUserId: U.ppcLiaison, proposedByParty: "ppc", withdrawnAt: at, withdrawnByUserId: U.ppcLiaison, withdrawnByParty: "ppc", withdrawReason: "Mr Tanaka asked us to wait.", createdAt: at, updatedAt: at },
    });
    await h.driver.clickButton({ user: U.ppcLiaison, channel: incident.channelId!, ts: incident.summaryTs!, actionId: "incident_close" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "incident_closing"), { message: "closing modal did not open" });
    await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "closing_what.value": "Mr Tanaka's account was used." } });
    await h.settle();
    expect((await h.store.incidentById(incident.id))!.state).toBe("closed");

    clock.set("2027-11-30T10:00:00+09:00"); // not yet a year
    expect((await runRetentionSweep(h)).queued).toBe(0);
    clock.set("2027-12-02T10:00:00+09:00");
    expect((await runRetentionSweep(h)).queued).toBe(1);
    expect((await runRetentionSweep(h)).queued).toBe(0);

    const erased = (await h.store.incidentById(incident.id))!;
    expect(erased.summary).toBe("（1年経過により 2027-12-02 に消去）");
    expect(erased).toMatchObject({ ref, state: "closed", createdByParty: "ppc" }); // the skeleton stays
    expect((await h.store.closures.latestOfIncident(incident.id))!.summary.whatHappened).toBe("（1年経過により 2027-12-02 に消去）");
    expect((await h.store.closures.byId("cl-withdrawn"))!.withdrawReason).toBe("（1年経過により 2027-12-02 に消去）");
    const dump = JSON.stringify(await h.store.db.auditEntry.findMany());
    expect(dump).not.toContain("Mr Tanaka");
    expect(dump).not.toContain("Names and addresses");
    const audit = await h.store.auditEntriesOf(incident.id);
    expect(audit.filter((e) => e.action === "incident.text_erased")).toHaveLength(1);
    expect(audit.find((e) => e.action === "incident.text_erased")).toMatchObject({ actorUserId: "renkei", article: "7" });
    const entries: ChainedAuditRecord[] = [];
    for await (const e of h.store.auditEntries()) entries.push(e);
    expect(entries.some((e) => e.erased)).toBe(true);
    expect(verifyChain(entries)).toMatchObject({ ok: true });
    // tampering with an erased entry's skeleton still breaks the chain
    const victim = entries.find((e) => e.erased)!;
    await h.store.db.auditEntry.update({ where: { seq: victim.seq }, data: { actorUserId: "U0FORGED1" } });
    const again: ChainedAuditRecord[] = [];
    for await (const e of h.store.auditEntries()) again.push(e);
    expect(verifyChain(again)).toMatchObject({ ok: false, brokenAt: victim.seq });
  });
});

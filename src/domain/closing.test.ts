import { describe, expect, it } from "vitest";
import { archiveDate, closingArticle, closingRefusal, isArchiveDue, isFullyConfirmed, partiesAwaitingConfirmation, requiredParties, validateClosing, validateReopenReason, validateWithdrawReason, withdrawalKind, type Closure } from "./closing";
import type { Member } from "./parties";
import type { Task } from "./tasks";

const liaison = (party: string): Member => ({ userId: `U${party}`, party, roles: ["liaison"] });
const staff: Member = { userId: "Ustaff", party: "ppc", roles: ["staff", "manager"] };
const closure = (over: Partial<Closure> = {}): Closure => ({
  id: "c1", incidentId: "i1", round: 1, status: "proposed", priorState: "cooperation_case",
  summary: { whatHappened: "x", items: [], reports: "", openTasks: "" },
  requiredParties: ["ppc", "nisc"], confirmations: [{ party: "ppc", userId: "Uppc", at: new Date(0) }],
  proposedByUserId: "Uppc", proposedByParty: "ppc", ended: null, closedAt: null, archiveAt: null, archivedAt: null,
  reopenedAt: null, reopenedByUserId: null, reopenReason: null, withdrawnAt: null, withdrawnByUserId: null, withdrawnByParty: null, withdrawReason: null, cardTs: null, reviewDueOn: null, version: 1, createdAt: new Date(0), ...over,
});
const task = (id: string, itemType: string): Task => ({
  id, dedupeKey: id, incidentId: "i1", kind: "cooperation_item", itemType, consultationId: "k", conditions: null, ownerParty: "ppc", assigneeUserId: null,
  params: {}, dueAt: null, status: "open", doneByUserId: null, doneAt: null, channelId: null, messageTs: null, version: 1, createdAt: new Date(0), updatedAt: new Date(0),
});

describe("who closes an incident", () => {
  it("a cooperation case needs both parties; a plain incident the proposer's party", () => {
    expect(requiredParties({ state: "cooperation_case" }, ["ppc", "nisc"], "nisc")).toEqual(["ppc", "nisc"]);
    expect(requiredParties({ state: "open" }, ["ppc", "nisc"], "nisc")).toEqual(["nisc"]);
    expect(isFullyConfirmed(["ppc", "nisc"], [{ party: "ppc" }])).toBe(false);
    expect(isFullyConfirmed(["ppc", "nisc"], [{ party: "ppc" }, { party: "nisc" }])).toBe(true);
    expect(partiesAwaitingConfirmation(closure())).toEqual(["nisc"]);
  });

  it("liaison officers propose, confirm once per party, and reopen", () => {
    expect(closingRefusal(staff, { state: "open" }, null, "propose")).toBe("role_required");
    expect(closingRefusal(undefined, { state: "open" }, null, "propose")).toBe("role_required");
    expect(closingRefusal(liaison("ppc"), { state: "open" }, null, "propose")).toBeUndefined();
    expect(closingRefusal(liaison("ppc"), { state: "closed" }, null, "propose")).toBe("not_open");
    expect(closingRefusal(liaison("nisc"), { state: "cooperation_case" }, closure(), "propose")).toBe("already_proposed");
    // one party alone cannot close a case
    expect(closingRefusal(liaison("ppc"), { state: "cooperation_case" }, closure(), "confirm")).toBe("party_confirmed");
    expect(closingRefusal(liaison("nisc"), { state: "cooperation_case" }, closure(), "confirm")).toBeUndefined();
    expect(closingRefusal(liaison("other"), { state: "cooperation_case" }, closure(), "confirm")).toBe("not_required_party");
    expect(closingRefusal(liaison("nisc"), { state: "closed" }, closure({ status: "closed" }), "confirm")).toBe("not_open");
    expect(closingRefusal(liaison("nisc"), { state: "closed" }, closure({ status: "closed" }), "reopen")).toBeUndefined();
    expect(closingRefusal(liaison("nisc"), { state: "open" }, closure({ status: "reopened" }), "reopen")).toBe("not_closed");
  });

  it("a pending proposal is withdrawn by its party or declined, with a reason, by a party that must confirm it", () => {
    expect(closingRefusal(liaison("ppc"), { state: "cooperation_case" }, closure(), "withdraw")).toBeUndefined();
    expect(withdrawalKind(liaison("ppc"), closure())).toBe("withdrawn");
    expect(closingRefusal(liaison("nisc"), { state: "cooperation_case" }, closure(), "withdraw")).toBeUndefined();
    expect(withdrawalKind(liaison("nisc"), closure())).toBe("declined");
    expect(closingRefusal(staff, { state: "cooperation_case" }, closure(), "withdraw")).toBe("role_required");
    expect(closingRefusal(liaison("other"), { state: "cooperation_case" }, closure(), "withdraw")).toBe("not_a_party");
    expect(closingRefusal(liaison("nisc"), { state: "cooperation_case" }, closure({ status: "declined" }), "withdraw")).toBe("not_proposed");
    expect(closingRefusal(liaison("nisc"), { state: "closed" }, closure({ status: "closed" }), "withdraw")).toBe("not_open");
    // once withdrawn or declined, closing can be proposed again
    expect(closingRefusal(liaison("nisc"), { state: "cooperation_case" }, closure({ status: "withdrawn" }), "propose")).toBeUndefined();
    expect(validateWithdrawReason("declined", "  ")).toEqual({ ok: false, error: "required" });
    expect(validateWithdrawReason("withdrawn", null)).toEqual({ ok: true, reason: "" });
    expect(validateWithdrawReason("withdrawn", "x".repeat(1001))).toEqual({ ok: false, error: "too_long" });
  });
});

describe("the closing summary", () => {
  const items = [task("t1", "joint_investigation"), task("t2", "sharing_results")];
  it("needs what happened and each agreed item's outcome; not done needs why", () => {
    const bad = validateClosing({ whatHappened: " ", items: [{ taskId: "t1", outcome: "not_done", why: "" }, { taskId: "t2", outcome: "maybe", why: null }], reports: null, openTasks: null }, items);
    expect(bad).toEqual({ ok: false, errors: { whatHappened: "required", "why:t1": "required", "item:t2": "invalid_choice" } });
    const missing = validateClosing({ whatHappened: "x", items: [], reports: null, openTasks: null }, items);
    expect(missing.ok).toBe(false);
    const ok = validateClosing({ whatHappened: " Contained ", items: [{ taskId: "t1", outcome: "done", why: null }, { taskId: "t2", outcome: "not_done", why: "No results." }], reports: "received", openTasks: null }, items);
    expect(ok).toEqual({ ok: true, summary: { whatHappened: "Contained", items: [{ taskId: "t1", itemType: "joint_investigation", outcome: "done", why: "" }, { taskId: "t2", itemType: "sharing_results", outcome: "not_done", why: "No results." }], reports: "received", openTasks: "" } });
    expect(validateClosing({ whatHappened: "x".repeat(3001), items: [], reports: null, openTasks: null }, [])).toEqual({ ok: false, errors: { whatHappened: "too_long" } });
  });

  it("reopening needs a reason", () => {
    expect(validateReopenReason("  ")).toEqual({ ok: false, error: "required" });
    expect(validateReopenReason(" again ")).toEqual({ ok: true, reason: "again" });
  });
});

describe("archiving", () => {
  const closedAt = new Date("2026-12-01T01:00:00Z");
  it("after archiveAfterDays, never with null, not once reopened or archived", () => {
    expect(archiveDate(closedAt, 30)).toEqual(new Date("2026-12-31T01:00:00Z"));
    expect(archiveDate(closedAt, null)).toBeNull();
    const c = closure({ status: "closed", archiveAt: archiveDate(closedAt, 3) });
    expect(isArchiveDue(c, new Date("2026-12-04T00:59:59Z"))).toBe(false);
    expect(isArchiveDue(c, new Date("2026-12-04T01:00:00Z"))).toBe(true);
    expect(isArchiveDue({ ...c, status: "reopened" }, new Date("2027-01-01T00:00:00Z"))).toBe(false);
    expect(isArchiveDue({ ...c, archivedAt: new Date() }, new Date("2027-01-01T00:00:00Z"))).toBe(false);
    expect(isArchiveDue({ ...c, archiveAt: null }, new Date("2027-01-01T00:00:00Z"))).toBe(false);
  });

  it("audited under Art. 4(2) for a cooperation case, Art. 4 otherwise", () => {
    expect(closingArticle("cooperation_case")).toBe("4(2)");
    expect(closingArticle("open")).toBe("4");
  });
});

describe("retention", () => {
  it("erases N years after closing, never without a period or once reopened", async () => {
    const { retentionDue } = await import("./closing");
    const closedAt = new Date("2026-12-01T01:00:00Z");
    expect(retentionDue({ status: "closed", closedAt }, null, new Date("2099-01-01T00:00:00Z"))).toBe(false);
    expect(retentionDue({ status: "closed", closedAt }, 5, new Date("2031-12-01T00:59:59Z"))).toBe(false);
    expect(retentionDue({ status: "closed", closedAt }, 5, new Date("2031-12-01T01:00:00Z"))).toBe(true);
    expect(retentionDue({ status: "reopened", closedAt }, 5, new Date("2040-01-01T00:00:00Z"))).toBe(false);
  });

  it("the chain verifies with content erased, through the content hash stored beside it", async () => {
    const { auditHash, contentHashOf, verifyChain, GENESIS_HASH } = await import("./audit");
    const record = { at: new Date(0), actorUserId: "U1", actorParty: "ppc", article: "4", action: "incident.closed", entityType: "incident", entityId: "i1", before: null, after: { summary: "Mr Tanaka" } };
    const contentHash = contentHashOf(record);
    const hash = auditHash(record, GENESIS_HASH, contentHash);
    const entry = { ...record, seq: 1, prevHash: GENESIS_HASH, hash, contentHash };
    expect(verifyChain([entry])).toMatchObject({ ok: true });
    expect(verifyChain([{ ...entry, after: null, erased: true }])).toMatchObject({ ok: true });
    expect(verifyChain([{ ...entry, after: { summary: "forged" } }])).toMatchObject({ ok: false, reason: "hash_mismatch" });
    expect(verifyChain([{ ...entry, after: null, erased: true, actorUserId: "U2" }])).toMatchObject({ ok: false });
  });
});

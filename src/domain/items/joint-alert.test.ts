import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../item-records";
import type { Member, Role } from "../parties";
import { alertRefusal, alertStateOf, approvalsWithdrawnByEdit, parsePublicationDate, validateDraft } from "./joint-alert";

const parties = ["ppc", "nisc"];
const member = (roles: Role[], party: string): Member => ({ userId: `U0${party.toUpperCase()}`, party, roles });
let n = 0;
const rec = (kind: string, over: Partial<ItemRecord> = {}): ItemRecord => ({ id: `R${++n}`, taskId: "T", kind, party: "ppc", byUserId: "U0PPC", data: {}, status: null, version: null, createdAt: new Date(n * 1000), updatedAt: new Date(n * 1000), ...over });
const draft = (version: number, text = `text v${version}`) => rec("alert_draft", { version, data: { text } });
const approval = (party: string, version: number, status = "approved") => rec("alert_approval", { party, version, status, byUserId: `U0${party.toUpperCase()}` });
const open = { status: "open" as const };

describe("joint alerts (Art. 4(2)(vi))", () => {
  it("the current draft is the highest version; approvals count for that version only", () => {
    const s = alertStateOf([draft(1), approval("ppc", 1, "withdrawn"), draft(2), approval("nisc", 2)], parties);
    expect(s.current?.version).toBe(2);
    expect(Object.keys(s.approvals)).toEqual(["nisc"]);
    expect(s.pending).toEqual(["ppc"]);
    expect(s.approvedByAll).toBe(false);
    const both = alertStateOf([draft(1), approval("ppc", 1), approval("nisc", 1)], parties);
    expect(both.approvedByAll).toBe(true);
    expect(alertStateOf([], parties)).toMatchObject({ current: null, approvedByAll: false, publication: null });
  });

  it("an edit withdraws every approval still standing", () => {
    const s = alertStateOf([draft(1), approval("ppc", 1), draft(2), approval("nisc", 2)], parties);
    expect(approvalsWithdrawnByEdit(s).map((a) => [a.party, a.version])).toEqual([
      ["ppc", 1],
      ["nisc", 2],
    ]);
  });

  it("each party's liaison approves the exact current version, once", () => {
    const s = alertStateOf([draft(1), draft(2), approval("nisc", 2)], parties);
    expect(alertRefusal(member(["liaison"], "ppc"), open, s, "approve", 2)).toBeNull();
    expect(alertRefusal(member(["liaison"], "ppc"), open, s, "approve", 1)).toBe("stale_version");
    expect(alertRefusal(member(["staff", "admin"], "ppc"), open, s, "approve", 2)).toBe("not_liaison");
    expect(alertRefusal(member(["liaison"], "nisc"), open, s, "approve", 2)).toBe("already_approved");
    expect(alertRefusal(member(["liaison"], "ppc"), open, alertStateOf([], parties), "approve", 1)).toBe("no_draft");
    expect(alertRefusal(undefined, open, s, "approve", 2)).toBe("not_a_member");
  });

  it("publication needs both approvals of the current version; afterwards nothing changes", () => {
    const half = alertStateOf([draft(1), approval("ppc", 1)], parties);
    expect(alertRefusal(member(["staff"], "ppc"), open, half, "publish")).toBe("not_approved_by_all");
    const both = alertStateOf([draft(1), approval("ppc", 1), approval("nisc", 1)], parties);
    expect(alertRefusal(member(["staff"], "nisc"), open, both, "publish")).toBeNull();
    const published = alertStateOf([draft(1), approval("ppc", 1), approval("nisc", 1), rec("publication", { data: { date: "2026-12-01", version: 1 }, version: 1 })], parties);
    expect(published.publication).toMatchObject({ date: "2026-12-01", version: 1 });
    expect(alertRefusal(member(["staff"], "ppc"), open, published, "edit")).toBe("already_published");
    expect(alertRefusal(member(["staff"], "ppc"), open, published, "publish")).toBe("already_published");
    expect(alertRefusal(member(["liaison"], "ppc"), open, published, "approve", 1)).toBe("already_published");
  });

  it("staff, liaison and admins of either party edit; managers do not; nothing after the item is done", () => {
    const s = alertStateOf([], parties);
    for (const r of ["staff", "liaison", "admin"] as const) expect(alertRefusal(member([r], "nisc"), open, s, "edit")).toBeNull();
    expect(alertRefusal(member(["manager"], "ppc"), open, s, "edit")).toBe("role_required");
    expect(alertRefusal(member(["staff"], "ppc"), { status: "done" }, s, "edit")).toBe("task_done");
  });

  it("validates a draft: text, length, a real change, and no edit on top of a version someone else saved", () => {
    const current = alertStateOf([draft(1, "Be careful.")], parties).current;
    expect(validateDraft("New text", current)).toEqual([]);
    expect(validateDraft("  ", null)).toEqual([{ field: "text", error: "required" }]);
    expect(validateDraft("x".repeat(3001), null)).toEqual([{ field: "text", error: "too_long", max: 3000 }]);
    expect(validateDraft(" Be careful. ", current)).toEqual([{ field: "text", error: "unchanged" }]);
    expect(validateDraft("Other", current, 0)).toEqual([{ field: "text", error: "outdated", current: 1 }]);
    expect(validateDraft("Other", current, 1)).toEqual([]);
  });

  it("parses publication dates", () => {
    expect(parsePublicationDate("2026-12-01")).toBe("2026-12-01");
    expect(parsePublicationDate("2026-02-30")).toBeNull();
    expect(parsePublicationDate("")).toBeNull();
    expect(parsePublicationDate("1/12/2026")).toBeNull();
  });
});

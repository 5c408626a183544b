import { describe, expect, it } from "vitest";
import type { Member, Role } from "../parties";
import { acknowledgeRefusal, isLate, noticeRefusal, validateNotice } from "./prior-notice-of-powers";

const member = (roles: Role[], party = "ppc"): Member => ({ userId: "U0ME", party, roles });
const today = { year: 2026, month: 11, day: 25 };
const notice = (party: string, status: string) => ({ kind: "power_notice", party, status });

describe("prior notice of the exercise of powers (Art. 4(2)(iii))", () => {
  it("either party's staff, liaison and admin record planned exercises; nothing after done", () => {
    for (const r of ["staff", "liaison", "admin"] as const) expect(noticeRefusal(member([r]), { status: "open" })).toBeUndefined();
    expect(noticeRefusal(member(["manager"], "nisc"), { status: "open" })).toBe("role_required");
    expect(noticeRefusal(undefined, { status: "open" })).toBe("not_a_member");
    expect(noticeRefusal(member(["staff"]), { status: "done" })).toBe("task_done");
  });

  it("validates kind, planned date and note ('other' needs a note)", () => {
    expect(validateNotice({ kind: "report_request", plannedDate: "2026-11-30", note: "" }, today)).toEqual({
      data: { powerKind: "report_request", plannedDate: "2026-11-30", note: null, late: false },
      errors: [],
    });
    expect(validateNotice({ kind: null, plannedDate: null, note: "" }, today).errors).toEqual([
      { field: "kind", error: "required" },
      { field: "plannedDate", error: "required" },
    ]);
    expect(validateNotice({ kind: "arrest", plannedDate: "2026-02-30", note: "x".repeat(1001) }, today).errors).toEqual([
      { field: "kind", error: "invalid_choice" },
      { field: "plannedDate", error: "invalid_date" },
      { field: "note", error: "too_long" },
    ]);
    expect(validateNotice({ kind: "other", plannedDate: "2026-12-01", note: " " }, today).errors).toEqual([{ field: "note", error: "required_for_other" }]);
  });

  it("a planned date before today is recorded as a late notice; today is not late", () => {
    expect(isLate("2026-11-24", today)).toBe(true);
    expect(isLate("2026-11-25", today)).toBe(false);
    expect(isLate("2027-01-01", today)).toBe(false);
    expect(isLate("2025-12-31", today)).toBe(true);
    expect(validateNotice({ kind: "order", plannedDate: "2026-11-01", note: "" }, today).data?.late).toBe(true);
  });

  it("only the other party acknowledges, once", () => {
    expect(acknowledgeRefusal(member(["staff"], "nisc"), notice("ppc", "planned"))).toBeUndefined();
    expect(acknowledgeRefusal(member(["admin"], "nisc"), notice("ppc", "planned"))).toBeUndefined();
    expect(acknowledgeRefusal(member(["liaison"], "ppc"), notice("ppc", "planned"))).toBe("own_party");
    expect(acknowledgeRefusal(member(["manager"], "nisc"), notice("ppc", "planned"))).toBe("role_required");
    expect(acknowledgeRefusal(member(["staff"], "nisc"), notice("ppc", "acknowledged"))).toBe("already_acknowledged");
    expect(acknowledgeRefusal(undefined, notice("ppc", "planned"))).toBe("not_a_member");
    expect(acknowledgeRefusal(member(["staff"], "nisc"), null)).toBe("not_found");
    expect(acknowledgeRefusal(member(["staff"], "nisc"), { kind: "result", party: "ppc", status: null })).toBe("not_found");
  });
});

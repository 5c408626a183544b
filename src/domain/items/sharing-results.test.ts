import { describe, expect, it } from "vitest";
import type { Member, Role } from "../parties";
import { resultRefusal, validateResult } from "./sharing-results";

const member = (roles: Role[], party = "ppc"): Member => ({ userId: "U0ME", party, roles });

describe("sharing results (Art. 4(2)(ii))", () => {
  it("either party's staff, liaison and admin share; managers and outsiders do not; nothing after done", () => {
    for (const r of ["staff", "liaison", "admin"] as const) expect(resultRefusal(member([r], "nisc"), { status: "open" })).toBeUndefined();
    expect(resultRefusal(member(["manager"]), { status: "open" })).toBe("role_required");
    expect(resultRefusal(undefined, { status: "open" })).toBe("not_a_member");
    expect(resultRefusal(member(["liaison"]), { status: "done" })).toBe("task_done");
  });

  it("needs a summary; details are optional; both have limits", () => {
    expect(validateResult({ summary: " Malware family identified ", details: "" })).toEqual({ data: { summary: "Malware family identified", details: null }, errors: [] });
    expect(validateResult({ summary: "  ", details: "x".repeat(2001) }).errors).toEqual([
      { field: "summary", error: "required" },
      { field: "details", error: "too_long" },
    ]);
    expect(validateResult({ summary: "あ".repeat(1001), details: "https://example.go.jp/r" }).errors).toEqual([{ field: "summary", error: "too_long" }]);
    expect(validateResult({ summary: "あ".repeat(1000), details: "" }).errors).toEqual([]);
  });
});

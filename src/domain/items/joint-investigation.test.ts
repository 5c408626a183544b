import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../item-records";
import type { Member, Role } from "../parties";
import { CONSENT_KIND, HEARING_KIND, hearingRefusal, recorderRefusal, validateConsent, validateHearing } from "./joint-investigation";

const member = (roles: Role[], party = "ppc"): Member => ({ userId: "U0ME", party, roles });
const open = { status: "open" as const };
const now = new Date("2026-11-25T03:00:00Z");
const record = (kind: string): ItemRecord => ({ id: kind, taskId: "t", kind, party: "ppc", byUserId: "U0ME", data: {}, status: null, version: null, createdAt: now, updatedAt: now });
const directory: Record<string, string> = { U0PPC1: "ppc", U0PPC2: "ppc", U0NISC1: "nisc" };
const partyOf = (u: string) => directory[u];

describe("joint investigation (Art. 4(2)(i))", () => {
  it("staff, liaison and admin of either party record; a manager-only member or an outsider does not; nothing after the item is done", () => {
    for (const r of ["staff", "liaison", "admin"] as const) {
      expect(recorderRefusal(member([r]), open)).toBeUndefined();
      expect(recorderRefusal(member([r], "nisc"), open)).toBeUndefined();
    }
    expect(recorderRefusal(member(["manager"]), open)).toBe("role_required");
    expect(recorderRefusal(undefined, open)).toBe("not_a_member");
    expect(recorderRefusal(member(["staff"]), { status: "done" })).toBe("task_done");
  });

  it("a hearing needs the reporter's consent on record first", () => {
    expect(hearingRefusal(member(["staff"]), open, [])).toBe("consent_required");
    expect(hearingRefusal(member(["staff"]), open, [record(HEARING_KIND)])).toBe("consent_required");
    expect(hearingRefusal(member(["staff"]), open, [record(CONSENT_KIND)])).toBeUndefined();
    // Role refusals come first: a manager is told about their role, not about the consent.
    expect(hearingRefusal(member(["manager"]), open, [])).toBe("role_required");
  });

  it("validates a consent: who, when (not in the future), how, an optional note", () => {
    const ok = validateConsent({ consentedBy: "  CISO, Ministry of Examples ", consentedAt: new Date("2026-11-24T01:00:00Z"), method: "email", note: "" }, now);
    expect(ok.errors).toEqual([]);
    expect(ok.data).toEqual({ consentedBy: "CISO, Ministry of Examples", consentedAt: "2026-11-24T01:00:00.000Z", method: "email", note: null });
    const bad = validateConsent({ consentedBy: " ", consentedAt: null, method: "telepathy", note: "x".repeat(1001) }, now);
    expect(bad.errors).toEqual([
      { field: "consentedBy", error: "required" },
      { field: "consentedAt", error: "required" },
      { field: "method", error: "invalid_choice" },
      { field: "note", error: "too_long" },
    ]);
    expect(validateConsent({ consentedBy: "x", consentedAt: new Date(now.getTime() + 60 * 60_000), method: null, note: "" }, now).errors).toEqual([
      { field: "consentedAt", error: "in_future" },
      { field: "method", error: "required" },
    ]);
    // The picker's minute rounding is not a future consent.
    expect(validateConsent({ consentedBy: "x", consentedAt: new Date(now.getTime() + 60_000), method: "oral", note: "" }, now).errors).toEqual([]);
  });

  it("a hearing is joint: participants from both parties, all configured", () => {
    const at = new Date("2026-11-26T05:00:00Z");
    const ok = validateHearing({ at, participants: ["U0PPC1", "U0NISC1", "U0PPC1"], notes: " Room 3 " }, ["ppc", "nisc"], partyOf);
    expect(ok.data).toEqual({ at: at.toISOString(), participants: ["U0PPC1", "U0NISC1"], notes: "Room 3" });
    expect(validateHearing({ at, participants: ["U0PPC1", "U0PPC2"], notes: "" }, ["ppc", "nisc"], partyOf).errors).toEqual([{ field: "participants", error: "one_party_only", missing: ["nisc"] }]);
    expect(validateHearing({ at, participants: ["U0PPC1", "U0NISC1", "U0STRANGER"], notes: "" }, ["ppc", "nisc"], partyOf).errors).toEqual([
      { field: "participants", error: "not_configured", users: ["U0STRANGER"] },
    ]);
    expect(validateHearing({ at: null, participants: [], notes: "y".repeat(1001) }, ["ppc", "nisc"], partyOf).errors).toEqual([
      { field: "at", error: "required" },
      { field: "participants", error: "required" },
      { field: "notes", error: "too_long" },
    ]);
    const many = Array.from({ length: 31 }, (_, i) => `U0P${i}`);
    expect(validateHearing({ at, participants: many, notes: "" }, ["ppc", "nisc"], () => "ppc").errors).toEqual([{ field: "participants", error: "too_many" }]);
  });

  it("party names are data: the rule works for any two parties", () => {
    const other = (u: string) => ({ UA: "npa", UB: "ppc" })[u];
    expect(validateHearing({ at: now, participants: ["UA"], notes: "" }, ["ppc", "npa"], other).errors).toEqual([{ field: "participants", error: "one_party_only", missing: ["ppc"] }]);
    expect(validateHearing({ at: now, participants: ["UA", "UB"], notes: "" }, ["ppc", "npa"], other).errors).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { ActivityRecord } from "../activity";
import type { Member } from "../parties";
import { confirmationKey, consultationRefusal, resolutionStateOf, validateConsultationForm } from "./consultation";

const PARTIES = ["ppc", "nisc"];
const at = new Date("2026-11-25T01:00:00Z");
let n = 0;
const rec = (kind: string, party: string, data: Record<string, unknown>): ActivityRecord => ({ id: `r${++n}`, activityId: "a1", kind, party, byUserId: `U${party.toUpperCase()}`, data, createdAt: at });
const liaison = (party: string): Member => ({ userId: `U${party}L`, party, roles: ["liaison"] }) as Member;
const staff = (party: string): Member => ({ userId: `U${party}S`, party, roles: ["staff"] }) as Member;
const open = { kind: "consultation" as const, status: "open" };

describe("consultation resolution (Arts. 6, 8)", () => {
  it("is resolved only when every party confirmed the current version", () => {
    const v1 = rec("resolution", "ppc", { version: 1, text: "Meet quarterly." });
    let s = resolutionStateOf([v1], PARTIES);
    expect(s.current?.version).toBe(1);
    expect(s.confirmedByAll).toBe(false);
    expect(s.awaiting).toEqual(["ppc", "nisc"]);
    s = resolutionStateOf([v1, rec("confirmation", "ppc", { version: 1 })], PARTIES);
    expect(s.awaiting).toEqual(["nisc"]);
    s = resolutionStateOf([v1, rec("confirmation", "ppc", { version: 1 }), rec("confirmation", "nisc", { version: 1 })], PARTIES);
    expect(s.confirmedByAll).toBe(true);
  });

  it("a new version withdraws the confirmations of the earlier one", () => {
    const records = [rec("resolution", "ppc", { version: 1, text: "A" }), rec("confirmation", "ppc", { version: 1 }), rec("resolution", "nisc", { version: 2, text: "B" }), rec("confirmation", "nisc", { version: 1 })];
    const s = resolutionStateOf(records, PARTIES);
    expect(s.current?.text).toBe("B");
    expect(s.confirmations).toEqual({});
    expect(s.confirmedByAll).toBe(false);
  });

  it("without a resolution nothing is confirmed", () => {
    const s = resolutionStateOf([], PARTIES);
    expect(s.current).toBeNull();
    expect(s.confirmedByAll).toBe(false);
    expect(consultationRefusal(liaison("ppc"), open, s, "confirm", 1)).toBe("no_resolution");
  });

  it("only liaison officers record and confirm, once per party and version, on an open consultation", () => {
    const v1 = rec("resolution", "ppc", { version: 1, text: "A" });
    const s = resolutionStateOf([v1, rec("confirmation", "ppc", { version: 1 })], PARTIES);
    expect(consultationRefusal(undefined, open, s, "confirm", 1)).toBe("not_a_member");
    expect(consultationRefusal(staff("nisc"), open, s, "confirm", 1)).toBe("liaison_required");
    expect(consultationRefusal(staff("nisc"), open, s, "resolve")).toBe("liaison_required");
    expect(consultationRefusal(liaison("ppc"), open, s, "confirm", 1)).toBe("already_confirmed");
    expect(consultationRefusal(liaison("nisc"), open, s, "confirm", 1)).toBeNull();
    expect(consultationRefusal(liaison("nisc"), open, s, "confirm", 1, "ppc")).toBe("other_party");
    expect(consultationRefusal(liaison("nisc"), open, s, "confirm", 0)).toBe("stale_version");
    expect(consultationRefusal(liaison("nisc"), { ...open, status: "resolved" }, s, "confirm", 1)).toBe("not_open");
    expect(consultationRefusal(liaison("nisc"), open, s, "resolve")).toBeNull();
    expect(confirmationKey("a1", 2, "nisc")).toBe("confirm:a1:2:nisc");
  });

  it("validates the form: article 6 or 8, a title, a question, a due date not in the past", () => {
    const now = new Date("2026-11-25T01:00:00Z");
    const bad = validateConsultationForm({ article: "7", title: "", question: " ", dueDate: "2026-11-24" }, "ppc", now, "Asia/Tokyo");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => `${e.field}:${e.code}`)).toEqual(["article:unknown", "title:required", "question:required", "dueDate:in_the_past"]);
    const ok = validateConsultationForm({ article: "8", title: "Scope of Art. 2", question: "Does a cloud leak count?", dueDate: "2026-11-25" }, "ppc", now, "Asia/Tokyo");
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.activity).toMatchObject({ kind: "consultation", article: "8", ownerParty: "ppc", data: { question: "Does a cloud leak count?" } });
  });
});

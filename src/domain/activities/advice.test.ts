import { describe, expect, it } from "vitest";
import { parseRenkeiConfig } from "../../config/renkei-config";
import type { Member } from "../parties";
import { adviceReminders, consultationReminders, dueReminders, type Reminder, type ReminderSettings } from "../reminders";
import { advisingParty, closeAdviceRefusal, giveAdviceRefusal, validateAdvice, validateAdviceRequest } from "./advice";

const TZ = "Asia/Tokyo";
const config = parseRenkeiConfig({
  profile: "ppc-nisc-2023",
  parties: {
    ppc: { members: [{ user: "U0PPCLIAI1", roles: ["liaison"] }, { user: "U0PPCMGR01", roles: ["manager"] }] },
    nisc: { members: [{ user: "U0NISCLIA1", roles: ["liaison"] }, { user: "U0NISCSTF1", roles: ["staff"] }, { user: "U0NISCMGR1", roles: ["manager"] }] },
  },
});
const settings: ReminderSettings = { taskLeadDays: 2, escalateAfterDays: 2, positionAfterHours: 24, deadlineLeadDays: 1, quietHours: { start: "20:00", end: "08:00" }, businessDaysOnly: true };
const at = (iso: string) => new Date(iso);

describe("Art. 5(3) requests for advice", () => {
  it("go to the other party", () => {
    expect(advisingParty("ppc", ["ppc", "nisc"])).toBe("nisc");
    expect(advisingParty("nisc", ["ppc", "nisc"])).toBe("ppc");
  });

  it("need a title, the draft's reference and a due date after today (end of that day, local)", () => {
    const now = at("2026-11-25T10:00:00+09:00");
    const ok = validateAdviceRequest({ title: "Guideline draft", reference: "https://example.org/draft.pdf", questions: "", dueDate: "2026-12-01" }, now, TZ);
    expect(ok.data).toMatchObject({ title: "Guideline draft", questions: null, dueAt: at("2026-12-01T23:59:59+09:00") });
    const errs = (v: Parameters<typeof validateAdviceRequest>[0]) => validateAdviceRequest(v, now, TZ).errors.map((e) => `${e.field}:${e.error}`);
    expect(errs({ title: "", reference: "", questions: "", dueDate: null })).toEqual(["title:required", "reference:required", "due:required"]);
    expect(errs({ title: "T", reference: "R", questions: "", dueDate: "2026-11-25" })).toEqual(["due:not_future"]);
    expect(errs({ title: "T", reference: "R", questions: "", dueDate: "2026-11-24" })).toEqual(["due:not_future"]);
    expect(errs({ title: "T", reference: "R", questions: "", dueDate: "25/11/2026" })).toEqual(["due:invalid"]);
    expect(validateAdvice({ advice: " ", references: "" }).errors).toEqual([expect.objectContaining({ field: "advice", error: "required" })]);
    expect(validateAdvice({ advice: "Align terms with NISC's standard", references: "" }).data).toEqual({ advice: "Align terms with NISC's standard", references: null });
  });

  it("are answered by the other party only and closed by the author party's liaison, once", () => {
    const request = { ownerParty: "ppc", status: "open" };
    const nisc: Member = { userId: "U2", party: "nisc", roles: ["staff"] };
    const ppcStaff: Member = { userId: "U1", party: "ppc", roles: ["staff"] };
    const ppcLiaison: Member = { userId: "U3", party: "ppc", roles: ["liaison"] };
    expect(giveAdviceRefusal(nisc, request)).toBeNull();
    expect(giveAdviceRefusal(ppcLiaison, request)).toBe("own_request");
    expect(giveAdviceRefusal(nisc, { ...request, status: "done" })).toBe("closed");
    expect(giveAdviceRefusal(undefined, request)).toBe("not_a_member");
    expect(closeAdviceRefusal(ppcLiaison, request)).toBeNull();
    expect(closeAdviceRefusal(ppcStaff, request)).toBe("not_author_liaison");
    expect(closeAdviceRefusal({ ...nisc, roles: ["liaison"] }, request)).toBe("not_author_liaison");
    expect(closeAdviceRefusal(ppcLiaison, { ...request, status: "done" })).toBe("already_closed");
  });
});

describe("advice reminders", () => {
  const due = at("2026-12-02T23:59:59+09:00");
  const request = { id: "a1", advisingParty: "nisc", dueAt: due };
  const remind = (iso: string) => adviceReminders(at(iso), [request], settings, config.directory, TZ);

  it("remind the party asked before the due date, once per due date", () => {
    expect(remind("2026-11-29T10:00:00+09:00")).toEqual([]);
    const soon = remind("2026-11-30T10:00:00+09:00");
    expect(soon).toEqual([{ kind: "advice_due_soon", key: `remind:advice-due-soon:a1:${due.toISOString()}`, activityId: "a1", party: "nisc", to: ["U0NISCLIA1"], audience: { liaisonsOf: "nisc" } }]);
    expect(remind("2026-12-02T18:00:00+09:00")[0]!.key).toBe(soon[0]!.key);
  });

  it("once a day when overdue, and the party's managers after escalateAfterDays, once", () => {
    expect(remind("2026-12-03T10:00:00+09:00")).toEqual([{ kind: "advice_overdue", key: "remind:advice-overdue:a1:2026-12-03", activityId: "a1", party: "nisc", to: ["U0NISCLIA1"], audience: { liaisonsOf: "nisc" } }]);
    const later = remind("2026-12-04T10:00:00+09:00");
    expect(later.map((r) => r.kind)).toEqual(["advice_overdue", "advice_escalation"]);
    expect(later[1]).toMatchObject({ to: ["U0NISCMGR1"], daysOverdue: 2 });
    expect(remind("2026-12-05T10:00:00+09:00")[1]!.key).toBe(later[1]!.key);
    expect(remind("2026-12-05T10:00:00+09:00")[0]!.key).not.toBe(later[0]!.key);
  });

  it("are part of the sweep's reminders", () => {
    const snapshot = { tasks: [], consultations: [], powerNotices: [], incidents: [], advice: [request] };
    expect(dueReminders(at("2026-12-03T10:00:00+09:00"), snapshot, settings, config.directory, TZ).map((r) => r.kind)).toEqual(["advice_overdue"]);
  });
});

describe("Arts. 6, 8: consultation answer dates", () => {
  const due = at("2026-12-15T23:59:59+09:00");
  const remind = (iso: string, awaitingParties: string[]) =>
    consultationReminders(at(iso), [{ id: "c1", awaitingParties, dueAt: due }], settings, config.directory, TZ) as Array<Extract<Reminder, { party: string }>>;

  it("remind each party that has not confirmed the current resolution, before and after the date", () => {
    expect(remind("2026-12-12T10:00:00+09:00", ["ppc"])).toEqual([]);
    const soon = remind("2026-12-14T10:00:00+09:00", ["ppc"]);
    expect(soon).toEqual([{ kind: "consultation_due_soon", key: `remind:consultation-due-soon:c1:ppc:${due.toISOString()}`, activityId: "c1", party: "ppc", to: ["U0PPCLIAI1"], audience: { liaisonsOf: "ppc" } }]);
    // Without a resolution both parties owe one; the keys are per party, so each hears once.
    const both = remind("2026-12-16T10:00:00+09:00", ["ppc", "nisc"]);
    expect(both.map((r) => [r.kind, r.party, r.to])).toEqual([
      ["consultation_overdue", "ppc", ["U0PPCLIAI1"]],
      ["consultation_overdue", "nisc", ["U0NISCLIA1"]],
    ]);
    expect(new Set(both.map((r) => r.key)).size).toBe(2);
    expect(remind("2026-12-17T10:00:00+09:00", ["nisc"]).map((r) => [r.kind, r.to])).toEqual([
      ["consultation_overdue", ["U0NISCLIA1"]],
      ["consultation_escalation", ["U0NISCMGR1"]],
    ]);
  });

  it("stop once every party confirmed (nobody awaited)", () => {
    expect(remind("2026-12-16T10:00:00+09:00", [])).toEqual([]);
  });
});

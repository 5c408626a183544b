import { describe, expect, it } from "vitest";
import { parseRenkeiConfig } from "../config/renkei-config";
import { JAPANESE_GOVERNMENT_OFFICES, type OfficeCalendar } from "./office-calendar";
import { deadlineReminderAt, dueReminderSlices, dueReminders, ReminderBatcher, remindersAllowed, type Reminder, type ReminderSettings, type ReminderSnapshot } from "./reminders";
import type { LocalDate } from "./time";

const TZ = "Asia/Tokyo";
const U = {
  ppcStaff: "U0PPCSTAF1",
  ppcLiaison: "U0PPCLIAI1",
  ppcManager: "U0PPCMGR01",
  niscStaff: "U0NISCSTF1",
  niscLiaison: "U0NISCLIA1",
  niscLiaison2: "U0NISCLIA2",
  niscManager: "U0NISCMGR1",
} as const;

// Like test/support/harness.ts testConfigInput(), with a second NISC liaison.
const config = parseRenkeiConfig(
  {
    profile: "ppc-nisc-2023",
    locale: "ja",
    timezone: TZ,
    parties: {
      ppc: {
        members: [
          { user: U.ppcStaff, roles: ["staff"] },
          { user: U.ppcLiaison, roles: ["liaison"] },
          { user: U.ppcManager, roles: ["manager"] },
        ],
      },
      nisc: {
        members: [
          { user: U.niscStaff, roles: ["staff"], locale: "en" },
          { user: U.niscLiaison, roles: ["liaison"] },
          { user: U.niscLiaison2, roles: ["liaison", "staff"] },
          { user: U.niscManager, roles: ["manager", "admin"] },
        ],
      },
    },
  },
  "reminders test config",
);
const directory = config.directory;
/** The defaults renkei.yml gives: lead 2 days, escalate after 2, positions after 24 h, deadlines 1 day ahead, quiet 20:00-08:00, business days only. */
const settings: ReminderSettings = config.reminders;

/** Wednesday 2026-11-25, 10:00 JST: a business day, outside quiet hours. */
const NOW = new Date("2026-11-25T10:00:00+09:00");
const jst = (s: string) => new Date(`${s}+09:00`);

const emptySnapshot = (): ReminderSnapshot => ({ tasks: [], consultations: [], powerNotices: [], incidents: [] });
const snap = (over: Partial<ReminderSnapshot>): ReminderSnapshot => ({ ...emptySnapshot(), ...over });
const task = (over: Partial<ReminderSnapshot["tasks"][number]> = {}): ReminderSnapshot["tasks"][number] => ({
  id: "task-1",
  ownerParty: "ppc",
  assigneeUserId: U.ppcStaff,
  dueAt: jst("2026-11-27T23:59:59"),
  ...over,
});
const sweep = (now: Date, snapshot: ReminderSnapshot, s: ReminderSettings = settings) => dueReminders(now, snapshot, s, directory, TZ);
const kinds = (rs: Reminder[]) => rs.map((r) => r.kind);
const ofKind = <K extends Reminder["kind"]>(rs: Reminder[], kind: K) => rs.filter((r): r is Reminder & { kind: K } => r.kind === kind);

describe("the test configuration", () => {
  it("has the renkei.yml default reminder settings", () => {
    expect(settings).toMatchObject({ taskLeadDays: 2, escalateAfterDays: 2, positionAfterHours: 24, deadlineLeadDays: 1, quietHours: { start: "20:00", end: "08:00" }, businessDaysOnly: true });
  });
});

describe("remindersAllowed", () => {
  const allowed = (iso: string, s: Partial<ReminderSettings> = {}, calendar: OfficeCalendar = JAPANESE_GOVERNMENT_OFFICES, tz = TZ) =>
    remindersAllowed(new Date(iso), { ...settings, ...s }, calendar, tz);

  describe("quiet hours spanning midnight (20:00-08:00)", () => {
    it.each([
      ["2026-11-25T10:00:00+09:00", true],
      ["2026-11-25T08:00:00+09:00", true], // the end is not quiet
      ["2026-11-25T19:59:00+09:00", true],
      ["2026-11-25T20:00:00+09:00", false], // the start is quiet
      ["2026-11-25T23:30:00+09:00", false],
      ["2026-11-26T00:00:00+09:00", false],
      ["2026-11-26T03:15:00+09:00", false],
      ["2026-11-26T07:59:00+09:00", false],
    ])("%s → %s", (iso, expected) => {
      expect(allowed(iso)).toBe(expected);
    });

    it("reads the clock in the configured time zone", () => {
      // 10:00 in Tokyo is 01:00 UTC: quiet if the zone were UTC.
      expect(allowed("2026-11-25T01:00:00Z", {}, JAPANESE_GOVERNMENT_OFFICES, TZ)).toBe(true);
      expect(allowed("2026-11-25T01:00:00Z", { businessDaysOnly: false }, JAPANESE_GOVERNMENT_OFFICES, "UTC")).toBe(false);
    });
  });

  describe("a daytime quiet window (12:00-13:00)", () => {
    const lunch = { quietHours: { start: "12:00", end: "13:00" } };
    it.each([
      ["2026-11-25T11:59:00+09:00", true],
      ["2026-11-25T12:00:00+09:00", false],
      ["2026-11-25T12:59:00+09:00", false],
      ["2026-11-25T13:00:00+09:00", true],
      ["2026-11-25T22:00:00+09:00", true], // night is not quiet with this window
      ["2026-11-26T03:00:00+09:00", true],
    ])("%s → %s", (iso, expected) => {
      expect(allowed(iso, lunch)).toBe(expected);
    });
  });

  it("no quiet hours: any time of a business day", () => {
    expect(allowed("2026-11-26T03:00:00+09:00", { quietHours: null })).toBe(true);
    expect(allowed("2026-11-25T22:00:00+09:00", { quietHours: null })).toBe(true);
  });

  describe("business days only (Japanese government offices)", () => {
    it.each([
      ["2026-11-28T10:00:00+09:00", "Saturday"],
      ["2026-11-29T10:00:00+09:00", "Sunday"],
      ["2026-11-23T10:00:00+09:00", "Labour Thanksgiving Day (a Monday)"],
      ["2026-12-29T10:00:00+09:00", "year-end closure starts (Tuesday)"],
      ["2026-12-31T10:00:00+09:00", "year-end closure (Thursday)"],
      ["2027-01-01T10:00:00+09:00", "New Year's Day"],
      ["2027-01-03T10:00:00+09:00", "year-end closure ends"],
    ])("%s (%s) is closed: no reminders", (iso) => {
      expect(allowed(iso)).toBe(false);
      expect(allowed(iso, { quietHours: null })).toBe(false);
    });

    it.each([
      ["2026-11-24T10:00:00+09:00", "the Tuesday after the holiday"],
      ["2026-12-28T10:00:00+09:00", "the last working day of the year"],
      ["2027-01-04T10:00:00+09:00", "the first working day of the year"],
    ])("%s (%s) is open", (iso) => {
      expect(allowed(iso)).toBe(true);
    });

    it("closed days do not matter when businessDaysOnly is off", () => {
      expect(allowed("2026-11-28T10:00:00+09:00", { businessDaysOnly: false })).toBe(true);
      expect(allowed("2026-11-23T10:00:00+09:00", { businessDaysOnly: false })).toBe(true);
      expect(allowed("2026-12-30T10:00:00+09:00", { businessDaysOnly: false })).toBe(true);
      // Quiet hours still apply.
      expect(allowed("2026-11-28T21:00:00+09:00", { businessDaysOnly: false })).toBe(false);
    });

    it("asks the given calendar about the local date", () => {
      const asked: LocalDate[] = [];
      const onlyThe26th: OfficeCalendar = {
        isClosed(d) {
          asked.push(d);
          return d.year === 2026 && d.month === 11 && d.day === 26;
        },
      };
      // 2026-11-25T16:00Z is already 11-26 (01:00) in Tokyo.
      expect(remindersAllowed(new Date("2026-11-25T16:00:00Z"), { ...settings, quietHours: null }, onlyThe26th, TZ)).toBe(false);
      expect(asked).toEqual([{ year: 2026, month: 11, day: 26 }]);
      expect(remindersAllowed(new Date("2026-11-25T14:00:00Z"), { ...settings, quietHours: null }, onlyThe26th, TZ)).toBe(true); // 23:00 on the 25th
      // A Saturday the fake calendar calls open is open.
      expect(remindersAllowed(jst("2026-11-28T10:00:00"), settings, onlyThe26th, TZ)).toBe(true);
    });

    it("a calendar closing every day silences reminders only when businessDaysOnly is on", () => {
      const alwaysClosed: OfficeCalendar = { isClosed: () => true };
      expect(remindersAllowed(NOW, settings, alwaysClosed, TZ)).toBe(false);
      expect(remindersAllowed(NOW, { ...settings, businessDaysOnly: false }, alwaysClosed, TZ)).toBe(true);
    });
  });
});

describe("dueReminders: tasks", () => {
  it("a task due within the lead window: one task_due_soon to the assignee", () => {
    const rs = sweep(NOW, snap({ tasks: [task()] }));
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({ kind: "task_due_soon", taskId: "task-1", to: [U.ppcStaff] });
  });

  it("an unassigned task goes to the owner party's liaison officers", () => {
    const rs = sweep(NOW, snap({ tasks: [task({ ownerParty: "nisc", assigneeUserId: null })] }));
    expect(rs).toHaveLength(1);
    expect(rs[0]).toMatchObject({ kind: "task_due_soon", to: [U.niscLiaison, U.niscLiaison2] });
  });

  it("the lead window counts local days: due on the second day ahead is in, the third is out", () => {
    expect(kinds(sweep(NOW, snap({ tasks: [task({ dueAt: jst("2026-11-27T23:59:59") })] })))).toEqual(["task_due_soon"]);
    expect(sweep(NOW, snap({ tasks: [task({ dueAt: jst("2026-11-28T00:00:00") })] }))).toEqual([]);
    expect(kinds(sweep(NOW, snap({ tasks: [task({ dueAt: jst("2026-11-25T18:00:00") })] })))).toEqual(["task_due_soon"]);
    expect(sweep(NOW, snap({ tasks: [task({ dueAt: jst("2026-11-30T12:00:00") })] }), { ...settings, taskLeadDays: 0 })).toEqual([]);
    expect(kinds(sweep(NOW, snap({ tasks: [task({ dueAt: jst("2026-11-30T12:00:00") })] }), { ...settings, taskLeadDays: 5 }))).toEqual(["task_due_soon"]);
  });

  it("due-soon keys name the due date: the same due date gives the same key on later runs, a moved due date a new key", () => {
    const due = jst("2026-11-27T23:59:59");
    const [first] = sweep(NOW, snap({ tasks: [task({ dueAt: due })] }));
    const [nextDay] = sweep(jst("2026-11-26T10:00:00"), snap({ tasks: [task({ dueAt: due })] }));
    expect(nextDay!.key).toBe(first!.key);
    expect(first!.key).toContain("task-1");
    const [moved] = sweep(NOW, snap({ tasks: [task({ dueAt: jst("2026-11-26T23:59:59") })] }));
    expect(moved!.kind).toBe("task_due_soon");
    expect(moved!.key).not.toBe(first!.key);
    const [otherTask] = sweep(NOW, snap({ tasks: [task({ id: "task-2", dueAt: due })] }));
    expect(otherTask!.key).not.toBe(first!.key);
  });

  it("an overdue task: task_overdue to the assignee, with a key per local day", () => {
    const t = task({ dueAt: jst("2026-11-25T09:00:00") });
    const today = sweep(NOW, snap({ tasks: [t] }));
    expect(today).toHaveLength(1);
    expect(today[0]).toMatchObject({ kind: "task_overdue", taskId: "task-1", to: [U.ppcStaff] });
    const laterToday = sweep(jst("2026-11-25T17:00:00"), snap({ tasks: [t] }));
    expect(laterToday[0]!.key).toBe(today[0]!.key);
    const tomorrow = sweep(jst("2026-11-26T09:00:00"), snap({ tasks: [t] }));
    expect(tomorrow[0]!.kind).toBe("task_overdue");
    expect(tomorrow[0]!.key).not.toBe(today[0]!.key);
  });

  it("the overdue day is the local (Tokyo) day, not the UTC one", () => {
    const t = task({ dueAt: jst("2026-11-24T12:00:00") });
    // 23:30 UTC on the 25th and 08:30 JST on the 26th are the same instant: same key as 10:00 JST on the 26th.
    const a = sweep(new Date("2026-11-25T23:30:00Z"), snap({ tasks: [t] }));
    const b = sweep(jst("2026-11-26T10:00:00"), snap({ tasks: [t] }));
    const c = sweep(jst("2026-11-25T22:00:00"), snap({ tasks: [t] }));
    expect(ofKind(a, "task_overdue")[0]!.key).toBe(ofKind(b, "task_overdue")[0]!.key);
    expect(ofKind(c, "task_overdue")[0]!.key).not.toBe(ofKind(b, "task_overdue")[0]!.key);
  });

  it("a task due exactly now is overdue, not due soon", () => {
    expect(kinds(sweep(NOW, snap({ tasks: [task({ dueAt: new Date(NOW) })] })))).toEqual(["task_overdue"]);
  });

  it("an unassigned overdue task goes to the owner party's liaisons", () => {
    const rs = sweep(NOW, snap({ tasks: [task({ ownerParty: "ppc", assigneeUserId: null, dueAt: jst("2026-11-24T23:59:59") })] }));
    expect(rs).toEqual([expect.objectContaining({ kind: "task_overdue", to: [U.ppcLiaison] })]);
  });

  it("no escalation before escalateAfterDays local days overdue", () => {
    const rs = sweep(NOW, snap({ tasks: [task({ dueAt: jst("2026-11-24T08:00:00") })] })); // one day overdue
    expect(kinds(rs)).toEqual(["task_overdue"]);
  });

  it("overdue by escalateAfterDays or more: task_escalation to the owner party's managers only", () => {
    const rs = sweep(NOW, snap({ tasks: [task({ dueAt: jst("2026-11-23T17:00:00") })] })); // two days
    expect(kinds(rs)).toEqual(["task_overdue", "task_escalation"]);
    expect(ofKind(rs, "task_overdue")[0]!.to).toEqual([U.ppcStaff]);
    expect(ofKind(rs, "task_escalation")[0]).toMatchObject({ taskId: "task-1", to: [U.ppcManager], daysOverdue: 2 });

    const nisc = sweep(NOW, snap({ tasks: [task({ id: "task-n", ownerParty: "nisc", assigneeUserId: U.niscStaff, dueAt: jst("2026-11-20T17:00:00") })] }));
    expect(ofKind(nisc, "task_escalation")[0]).toMatchObject({ taskId: "task-n", to: [U.niscManager], daysOverdue: 5 });
  });

  it("escalation follows escalateAfterDays", () => {
    const t = task({ dueAt: jst("2026-11-24T08:00:00") });
    expect(kinds(sweep(NOW, snap({ tasks: [t] }), { ...settings, escalateAfterDays: 1 }))).toEqual(["task_overdue", "task_escalation"]);
    expect(kinds(sweep(NOW, snap({ tasks: [t] }), { ...settings, escalateAfterDays: 3 }))).toEqual(["task_overdue"]);
  });

  it("the escalation is keyed by the task's due date: once per due date, however many days it stays overdue", () => {
    const t = task({ dueAt: jst("2026-11-23T17:00:00") });
    const a = ofKind(sweep(NOW, snap({ tasks: [t] })), "task_escalation")[0]!;
    const b = ofKind(sweep(jst("2026-11-26T10:00:00"), snap({ tasks: [t] })), "task_escalation")[0]!;
    expect(b.daysOverdue).toBe(3);
    expect(b.key).toBe(a.key);
    const moved = ofKind(sweep(NOW, snap({ tasks: [task({ dueAt: jst("2026-11-22T17:00:00") })] })), "task_escalation")[0]!;
    expect(moved.key).not.toBe(a.key);
  });
});

describe("dueReminders: positions not taken (Art. 4(2))", () => {
  const consultation = (over: Partial<ReminderSnapshot["consultations"][number]> = {}): ReminderSnapshot["consultations"][number] => ({
    id: "con-1",
    contactedAt: jst("2026-11-24T10:00:00"),
    awaitedParties: ["nisc"],
    ...over,
  });

  it("after positionAfterHours: position_pending to the awaited party's liaisons", () => {
    const rs = sweep(NOW, snap({ consultations: [consultation()] })); // exactly 24 h
    expect(rs).toEqual([expect.objectContaining({ kind: "position_pending", consultationId: "con-1", party: "nisc", to: [U.niscLiaison, U.niscLiaison2] })]);
  });

  it("not before the threshold", () => {
    expect(sweep(NOW, snap({ consultations: [consultation({ contactedAt: jst("2026-11-24T10:00:01") })] }))).toEqual([]);
    expect(sweep(NOW, snap({ consultations: [consultation({ contactedAt: jst("2026-11-25T09:00:00") })] }))).toEqual([]);
    expect(kinds(sweep(NOW, snap({ consultations: [consultation({ contactedAt: jst("2026-11-25T09:00:00") })] }), { ...settings, positionAfterHours: 1 }))).toEqual([
      "position_pending",
    ]);
  });

  it("one reminder per awaited party, each to its own liaisons", () => {
    const rs = ofKind(sweep(NOW, snap({ consultations: [consultation({ awaitedParties: ["ppc", "nisc"] })] })), "position_pending");
    expect(rs.map((r) => [r.party, r.to])).toEqual([
      ["ppc", [U.ppcLiaison]],
      ["nisc", [U.niscLiaison, U.niscLiaison2]],
    ]);
    expect(new Set(rs.map((r) => r.key)).size).toBe(2);
  });

  it("nothing when no party is awaited", () => {
    expect(sweep(NOW, snap({ consultations: [consultation({ awaitedParties: [] })] }))).toEqual([]);
  });

  it("the key is per consultation, party and local day", () => {
    const c = consultation();
    const today = sweep(NOW, snap({ consultations: [c] }))[0]!;
    expect(sweep(jst("2026-11-25T16:00:00"), snap({ consultations: [c] }))[0]!.key).toBe(today.key);
    expect(sweep(jst("2026-11-26T10:00:00"), snap({ consultations: [c] }))[0]!.key).not.toBe(today.key);
    expect(sweep(NOW, snap({ consultations: [consultation({ id: "con-2" })] }))[0]!.key).not.toBe(today.key);
  });
});

describe("dueReminders: planned exercises of powers (Art. 4(2)(iii))", () => {
  const notice = (plannedDate: string, party = "ppc") => ({ id: "rec-1", taskId: "task-p", party, plannedDate });

  it("from the day before the planned date: to the other party's liaisons", () => {
    const rs = sweep(NOW, snap({ powerNotices: [notice("2026-11-26")] }));
    expect(rs).toEqual([expect.objectContaining({ kind: "power_notice_unacknowledged", recordId: "rec-1", taskId: "task-p", to: [U.niscLiaison, U.niscLiaison2] })]);
    const fromNisc = sweep(NOW, snap({ powerNotices: [notice("2026-11-26", "nisc")] }));
    expect(fromNisc).toEqual([expect.objectContaining({ kind: "power_notice_unacknowledged", to: [U.ppcLiaison] })]);
  });

  it("not two days or more before the planned date", () => {
    expect(sweep(NOW, snap({ powerNotices: [notice("2026-11-27")] }))).toEqual([]);
    expect(sweep(NOW, snap({ powerNotices: [notice("2026-12-10")] }))).toEqual([]);
  });

  it("still on and after the planned date while unacknowledged, once per day", () => {
    const onDay = sweep(NOW, snap({ powerNotices: [notice("2026-11-25")] }));
    const after = sweep(NOW, snap({ powerNotices: [notice("2026-11-20")] }));
    expect(kinds(onDay)).toEqual(["power_notice_unacknowledged"]);
    expect(kinds(after)).toEqual(["power_notice_unacknowledged"]);
    const tomorrow = sweep(jst("2026-11-26T10:00:00"), snap({ powerNotices: [notice("2026-11-25")] }));
    expect(tomorrow[0]!.key).not.toBe(onDay[0]!.key);
    expect(sweep(jst("2026-11-25T18:00:00"), snap({ powerNotices: [notice("2026-11-25")] }))[0]!.key).toBe(onDay[0]!.key);
  });

  it("the day before is counted in local days (Tokyo), not UTC", () => {
    expect(kinds(sweep(jst("2026-11-24T23:30:00"), snap({ powerNotices: [notice("2026-11-26")] })))).toEqual([]);
    expect(kinds(sweep(new Date("2026-11-25T23:30:00Z"), snap({ powerNotices: [notice("2026-11-27")] })))).toEqual(["power_notice_unacknowledged"]);
  });
});

describe("dueReminders: the reporter's leak-report deadlines", () => {
  const incident = (over: Partial<ReminderSnapshot["incidents"][number]> = {}): ReminderSnapshot["incidents"][number] => ({
    id: "inc-1",
    channelId: "C0INC00001",
    preliminaryDueAt: jst("2026-11-26T23:59:59"),
    finalDueAt: jst("2026-12-24T23:59:59"),
    ...over,
  });

  it("a deadline within deadlineLeadDays: report_deadline for the incident's channel", () => {
    expect(sweep(NOW, snap({ incidents: [incident()] }))).toEqual([
      expect.objectContaining({ kind: "report_deadline", incidentId: "inc-1", which: "preliminary", channelId: "C0INC00001" }),
    ]);
  });

  it("on the due day too, and for the final report when it is the one due", () => {
    const rs = sweep(NOW, snap({ incidents: [incident({ preliminaryDueAt: jst("2026-11-25T23:59:59"), finalDueAt: jst("2026-11-26T23:59:59") })] }));
    expect(ofKind(rs, "report_deadline").map((r) => r.which)).toEqual(["preliminary", "final"]);
    expect(new Set(rs.map((r) => r.key)).size).toBe(2);
  });

  it("not earlier than deadlineLeadDays local days ahead", () => {
    expect(sweep(NOW, snap({ incidents: [incident({ preliminaryDueAt: jst("2026-11-27T00:00:00") })] }))).toEqual([]);
    expect(kinds(sweep(NOW, snap({ incidents: [incident({ preliminaryDueAt: jst("2026-11-27T00:00:00") })] }), { ...settings, deadlineLeadDays: 2 }))).toEqual(["report_deadline"]);
  });

  it("no deadline reminder for a deadline already past (its overdue notice instead, until received)", () => {
    expect(kinds(sweep(NOW, snap({ incidents: [incident({ preliminaryDueAt: jst("2026-11-25T09:59:59") })] })))).toEqual(["report_overdue"]);
    expect(sweep(NOW, snap({ incidents: [incident({ preliminaryDueAt: jst("2026-11-25T09:59:59"), preliminaryReceived: true })] }))).toEqual([]);
  });

  it("none for an incident without a channel, or without deadlines", () => {
    expect(sweep(NOW, snap({ incidents: [incident({ channelId: null })] }))).toEqual([]);
    expect(sweep(NOW, snap({ incidents: [incident({ preliminaryDueAt: null, finalDueAt: null })] }))).toEqual([]);
  });

  it("the key names the deadline: the same on later runs, new when the deadline is edited", () => {
    const first = sweep(NOW, snap({ incidents: [incident()] }))[0]!;
    expect(sweep(jst("2026-11-26T09:00:00"), snap({ incidents: [incident()] }))[0]!.key).toBe(first.key);
    expect(sweep(NOW, snap({ incidents: [incident({ preliminaryDueAt: jst("2026-11-26T18:00:00") })] }))[0]!.key).not.toBe(first.key);
  });
});

describe("deadlineReminderAt: a report-deadline reminder is never lost to a closed day or quiet hours", () => {
  // Defaults: one day ahead, quiet 20:00-08:00, business days only. Each row: due (JST), when the reminder goes out (JST).
  it.each([
    ["due Thu: Wed morning", "2026-11-26T23:59:59", "2026-11-25T08:00:00", settings],
    ["due Mon: the Sunday before is closed, so Friday", "2026-11-30T23:59:59", "2026-11-27T08:00:00", settings],
    ["due Sun (a preliminary day 3): Friday", "2026-11-29T23:59:59", "2026-11-27T08:00:00", settings],
    ["due Tue after a Monday holiday (Labour Thanksgiving Day): Friday", "2026-11-24T23:59:59", "2026-11-20T08:00:00", settings],
    ["due after Golden Week: the Friday before it", "2026-05-07T23:59:59", "2026-05-01T08:00:00", settings],
    ["due on the first open day of the year: 28 Dec", "2027-01-04T23:59:59", "2026-12-28T08:00:00", settings],
    ["due at 07:00, no lead: the open hours before it, the day before", "2026-11-25T07:00:00", "2026-11-24T08:00:00", { ...settings, deadlineLeadDays: 0 }],
    ["due at 10:00, no lead: that morning", "2026-11-25T10:00:00", "2026-11-25T08:00:00", { ...settings, deadlineLeadDays: 0 }],
    ["any day allowed: the Sunday morning", "2026-11-30T23:59:59", "2026-11-29T08:00:00", { ...settings, businessDaysOnly: false }],
    ["no quiet hours, any day: Sunday midnight", "2026-11-30T23:59:59", "2026-11-29T00:00:00", { ...settings, businessDaysOnly: false, quietHours: null }],
  ] as const)("%s", (_label, due, at, s) => {
    expect(deadlineReminderAt(jst(due), s, JAPANESE_GOVERNMENT_OFFICES, TZ).toISOString()).toBe(jst(at).toISOString());
  });

  const incident = (due: string): ReminderSnapshot["incidents"][number] => ({ id: "inc-1", channelId: "C0INC00001", preliminaryDueAt: jst(due), finalDueAt: null });
  it("a preliminary report due on a Sunday is reminded on the Friday before, not lost over the weekend", () => {
    expect(sweep(jst("2026-11-26T10:00:00"), snap({ incidents: [incident("2026-11-29T23:59:59")] }))).toEqual([]);
    expect(kinds(sweep(jst("2026-11-27T10:00:00"), snap({ incidents: [incident("2026-11-29T23:59:59")] })))).toEqual(["report_deadline"]);
    // with the same key on a later run (the outbox sends it once)
    const a = sweep(jst("2026-11-27T10:00:00"), snap({ incidents: [incident("2026-11-29T23:59:59")] }))[0]!;
    const b = sweep(jst("2026-11-27T15:00:00"), snap({ incidents: [incident("2026-11-29T23:59:59")] }))[0]!;
    expect(b.key).toBe(a.key);
  });

  it("a final report due after Golden Week is reminded on the last open day before it", () => {
    const due = { id: "inc-1", channelId: "C0INC00001", preliminaryDueAt: null, finalDueAt: jst("2026-05-07T23:59:59") };
    expect(sweep(jst("2026-04-30T10:00:00"), snap({ incidents: [due] }))).toEqual([]);
    expect(kinds(sweep(jst("2026-05-01T10:00:00"), snap({ incidents: [due] })))).toEqual(["report_deadline"]);
  });
});

describe("dueReminders: the reporter's reports until received", () => {
  // Preliminary report due Fri 2026-11-20 23:59 JST; NOW is Wed 11-25 10:00 (5 days past).
  const incident = (over: Partial<ReminderSnapshot["incidents"][number]> = {}): ReminderSnapshot["incidents"][number] => ({
    id: "inc-1",
    channelId: "C0INC00001",
    preliminaryDueAt: jst("2026-11-20T23:59:59"),
    finalDueAt: jst("2026-12-24T23:59:59"),
    preliminaryReceived: false,
    finalReceived: false,
    ...over,
  });
  const withRecipient = (over: Partial<ReminderSnapshot["incidents"][number]> = {}) => snap({ incidents: [incident(over)], reportRecipient: "ppc" });

  it("past and not received: an overdue notice in the channel and to the recipient's liaisons, one a day", () => {
    const rs = sweep(NOW, withRecipient());
    expect(ofKind(rs, "report_overdue")).toEqual([
      expect.objectContaining({ incidentId: "inc-1", which: "preliminary", channelId: "C0INC00001", to: [U.ppcLiaison], daysOverdue: 5, key: "remind:report-overdue:inc-1:preliminary:2026-11-25" }),
    ]);
    expect(ofKind(sweep(jst("2026-11-26T10:00:00"), withRecipient()), "report_overdue")[0]!.key).toBe("remind:report-overdue:inc-1:preliminary:2026-11-26");
  });

  it("to the recipient's managers once escalateAfterDays past, once per deadline", () => {
    expect(ofKind(sweep(jst("2026-11-21T10:00:00"), withRecipient()), "report_overdue_escalation")).toEqual([]); // 1 day past
    const esc = ofKind(sweep(jst("2026-11-22T10:00:00"), withRecipient()), "report_overdue_escalation"); // 2 days past
    expect(esc).toEqual([expect.objectContaining({ to: [U.ppcManager], daysOverdue: 2 })]);
    expect(ofKind(sweep(NOW, withRecipient()), "report_overdue_escalation")[0]!.key).toBe(esc[0]!.key);
  });

  it("never once received: no overdue notice, no escalation, no deadline reminder", () => {
    expect(sweep(NOW, withRecipient({ preliminaryReceived: true }))).toEqual([]);
    expect(sweep(NOW, withRecipient({ preliminaryReceived: true, finalDueAt: jst("2026-11-26T23:59:59"), finalReceived: true }))).toEqual([]);
    expect(kinds(sweep(NOW, withRecipient({ preliminaryReceived: true, finalDueAt: jst("2026-11-26T23:59:59") })))).toEqual(["report_deadline"]);
  });
});

describe("dueReminders: once-only delivery", () => {
  const snapshot = (): ReminderSnapshot => ({
    tasks: [
      task({ id: "t-soon", dueAt: jst("2026-11-26T23:59:59") }),
      task({ id: "t-over", ownerParty: "nisc", assigneeUserId: null, dueAt: jst("2026-11-24T23:59:59") }),
      task({ id: "t-esc", dueAt: jst("2026-11-20T23:59:59") }),
    ],
    consultations: [{ id: "con-1", contactedAt: jst("2026-11-23T09:00:00"), awaitedParties: ["ppc", "nisc"] }],
    powerNotices: [{ id: "rec-1", taskId: "t-p", party: "nisc", plannedDate: "2026-11-26" }],
    incidents: [{ id: "inc-1", channelId: "C0INC00001", preliminaryDueAt: jst("2026-11-26T12:00:00"), finalDueAt: null }],
  });

  it("sweeping the same snapshot twice gives the same reminders with the same keys", () => {
    const first = sweep(NOW, snapshot());
    const second = sweep(new Date(NOW), snapshot());
    expect(second).toEqual(first);
    expect(kinds(first).sort()).toEqual(
      ["power_notice_unacknowledged", "position_pending", "position_pending", "report_deadline", "task_due_soon", "task_escalation", "task_overdue", "task_overdue"].sort(),
    );
  });

  it("a later sweep the same day repeats the keys; keys are unique within a sweep", () => {
    const first = sweep(NOW, snapshot());
    const later = sweep(jst("2026-11-25T15:45:00"), snapshot());
    expect(later.map((r) => r.key)).toEqual(first.map((r) => r.key));
    expect(new Set(first.map((r) => r.key)).size).toBe(first.length);
  });

  it("an empty snapshot gives nothing", () => {
    expect(sweep(NOW, emptySnapshot())).toEqual([]);
  });
});

describe("a closed incident's review past its due date (issue 15)", () => {
  const due = { closureId: "cl-1", dueOn: "2026-11-24", awaitingParties: ["nisc"] };
  const keys = (now: Date) => dueReminders(now, snap({ reviewsDue: [due] }), settings, directory, TZ).filter((r) => r.kind === "review_overdue");

  it("is not reminded on or before its due date", () => {
    expect(keys(jst("2026-11-24T18:00:00"))).toEqual([]);
  });

  it("reminds the awaiting party's liaison officers on the day after, then once a week", () => {
    const first = keys(NOW); // 11-25: one day past
    expect(first).toEqual([{ kind: "review_overdue", key: "remind:review-overdue:cl-1:nisc:w0", closureId: "cl-1", party: "nisc", to: [U.niscLiaison, U.niscLiaison2], audience: { liaisonsOf: "nisc" }, daysOverdue: 1 }]);
    // the same key all week: the outbox sends it once
    expect(keys(jst("2026-12-01T10:00:00")).map((r) => r.key)).toEqual(["remind:review-overdue:cl-1:nisc:w0"]);
    expect(keys(jst("2026-12-02T10:00:00")).map((r) => r.key)).toEqual(["remind:review-overdue:cl-1:nisc:w1"]);
  });

  it("a party that has recorded its review is not reminded", () => {
    expect(dueReminders(NOW, snap({ reviewsDue: [{ ...due, awaitingParties: [] }] }), settings, directory, TZ).filter((r) => r.kind === "review_overdue")).toEqual([]);
  });
});

describe("dueReminderSlices: the sweep's reminders a slice at a time", () => {
  // Every list of the snapshot, with more rows than a slice: tasks due soon, overdue and escalated,
  // positions, power notices, deadlines ahead and overdue, advice, consultations, reviews.
  const many = (): ReminderSnapshot => ({
    tasks: Array.from({ length: 23 }, (_, i) => task({ id: `task-${i}`, ownerParty: i % 2 ? "ppc" : "nisc", assigneeUserId: i % 3 ? U.ppcStaff : null, dueAt: new Date(NOW.getTime() + (i - 11) * 86_400_000 * 0.7) })),
    consultations: Array.from({ length: 7 }, (_, i) => ({ id: `c-${i}`, contactedAt: new Date(NOW.getTime() - (i + 1) * 20 * 3_600_000), awaitedParties: i % 2 ? ["nisc"] : ["ppc", "nisc"] })),
    powerNotices: Array.from({ length: 5 }, (_, i) => ({ id: `pn-${i}`, taskId: `task-${i}`, party: i % 2 ? "ppc" : "nisc", plannedDate: `2026-11-2${4 + i}` })),
    incidents: Array.from({ length: 9 }, (_, i) => ({ id: `inc-${i}`, channelId: i === 4 ? null : `C${i}`, preliminaryDueAt: new Date(NOW.getTime() + (i - 5) * 86_400_000), finalDueAt: new Date(NOW.getTime() + (i - 2) * 3 * 86_400_000), finalReceived: i === 7 })),
    reportRecipient: "ppc",
    advice: Array.from({ length: 6 }, (_, i) => ({ id: `adv-${i}`, advisingParty: i % 2 ? "ppc" : "nisc", dueAt: new Date(NOW.getTime() + (i - 3) * 86_400_000) })),
    consultationsDue: Array.from({ length: 4 }, (_, i) => ({ id: `cd-${i}`, awaitingParties: ["ppc", "nisc"].slice(i % 2), dueAt: new Date(NOW.getTime() + (i - 2) * 2 * 86_400_000) })),
    reviewsDue: Array.from({ length: 3 }, (_, i) => ({ closureId: `cl-${i}`, dueOn: `2026-11-${10 + i * 5}`, awaitingParties: ["nisc"] })),
  });

  it("gives exactly dueReminders' reminders, in the same order, whatever the slice size", () => {
    const whole = dueReminders(NOW, many(), settings, directory, TZ);
    expect(new Set(kinds(whole)).size).toBeGreaterThanOrEqual(12); // the fixture covers the kinds
    for (const size of [1, 2, 5, 1000]) {
      const slices = [...dueReminderSlices(NOW, many(), settings, directory, TZ, JAPANESE_GOVERNMENT_OFFICES, size)];
      expect(slices.flat()).toEqual(whole);
      expect(Math.max(...slices.map((x) => x.length))).toBeLessThanOrEqual(size * 6); // a slice of rows, not the whole
    }
  });

  it("an empty snapshot gives no slices", () => {
    expect([...dueReminderSlices(NOW, emptySnapshot(), settings, directory, TZ)]).toEqual([]);
  });
});

describe("ReminderBatcher: one message per recipient per sweep", () => {
  const batcherOf = (reminders: Reminder[], perMessage?: number) => {
    const batcher = new ReminderBatcher(directory, perMessage);
    for (const r of reminders) batcher.add(r);
    return batcher;
  };
  const batchesOf = (reminders: Reminder[], perMessage?: number) => batcherOf(reminders, perMessage).batches().flatMap((b) => b.messages);
  const overdue = (id: string, over: Partial<ReminderSnapshot["tasks"][number]> = {}) => task({ id, dueAt: new Date(NOW.getTime() - 3 * 86_400_000), ...over });

  it("gives each person one message with all their reminders, escalations first, and each incident channel one", () => {
    const reminders = dueReminders(
      NOW,
      {
        ...emptySnapshot(),
        // t1 assigned to PPC's liaison, t2 unassigned (PPC's liaisons): both overdue and escalated to PPC's managers.
        tasks: [overdue("t1", { ownerParty: "ppc", assigneeUserId: U.ppcLiaison }), overdue("t2", { ownerParty: "ppc", assigneeUserId: null })],
        incidents: [{ id: "i1", channelId: "C1", preliminaryDueAt: new Date(NOW.getTime() - 86_400_000), finalDueAt: null }],
        reportRecipient: "ppc",
      },
      settings,
      directory,
      TZ,
    );
    const batches = batchesOf(reminders);
    const to = (dest: string) => batches.filter((b) => ("userId" in b.to ? b.to.userId : b.to.channel) === dest);
    // PPC's liaison: t1 (assignee) and t2 (a liaison of the owning party) overdue, and the report overdue: one message.
    expect(to(U.ppcLiaison)).toHaveLength(1);
    expect(to(U.ppcLiaison)[0]!.items.map((i) => i.kind).sort()).toEqual(["report_overdue", "task_overdue", "task_overdue"]);
    // PPC's manager: the two escalations, before nothing else.
    expect(to(U.ppcManager)[0]!.items.map((i) => i.kind)).toEqual(["task_escalation", "task_escalation"]);
    // The incident channel: the report overdue, once.
    expect(to("C1")).toEqual([{ to: { channel: "C1" }, items: [{ kind: "report_overdue", incidentId: "i1", which: "preliminary", channelId: "C1", daysOverdue: 1 }], more: 0 }]);
    // Nobody else, and no message twice.
    expect(batches.map((b) => ("userId" in b.to ? b.to.userId : b.to.channel)).sort()).toEqual(["C1", U.ppcLiaison, U.ppcManager].sort());
    // The items carry the cause only: no key, no recipients.
    for (const b of batches) for (const i of b.items) expect(Object.keys(i).some((k) => k === "key" || k === "to" || k === "audience")).toBe(false);
  });

  it("lists at most perMessage reminders, the most urgent first, and counts the rest", () => {
    const tasks = Array.from({ length: 7 }, (_, i) => overdue(`t${i}`, { ownerParty: "ppc", assigneeUserId: U.ppcLiaison }));
    const soon = task({ id: "soon", ownerParty: "ppc", assigneeUserId: U.ppcLiaison, dueAt: new Date(NOW.getTime() + 3_600_000) });
    const reminders = dueReminders(NOW, { ...emptySnapshot(), tasks: [soon, ...tasks] }, settings, directory, TZ);
    const [effect, ...none] = batcherOf(reminders, 3).batches();
    expect(none).toEqual([]);
    const [liaison] = effect!.messages.filter((b) => "userId" in b.to && b.to.userId === U.ppcLiaison);
    expect(liaison!.items.map((i) => ("taskId" in i ? i.taskId : ""))).toEqual(["t0", "t1", "t2"]); // overdue before due soon, in sweep order
    expect(liaison!.more).toBe(5);
    // The effect's key names its first message's first reminder (the managers', escalated): recorded by this sweep alone.
    expect(effect!.messages.map((m) => m.to)).toEqual([{ userId: U.ppcManager }, { userId: U.ppcLiaison }]);
    expect(effect!.dedupeKey).toBe(`remind:to:${U.ppcManager}:remind:task-escalation:t0:2026-11-22T01:00:00.000Z`);
  });

  it("puts REMINDER_MESSAGES_PER_EFFECT messages in an effect, each effect keyed by its first message's first reminder", () => {
    const incidents = Array.from({ length: 120 }, (_, i) => ({ id: `i${i}`, channelId: `C${i}`, preliminaryDueAt: new Date(NOW.getTime() - 86_400_000), finalDueAt: null }));
    const reminders = dueReminders(NOW, { ...emptySnapshot(), incidents, reportRecipient: "ppc" }, settings, directory, TZ);
    const effects = batcherOf(reminders).batches();
    expect(effects.map((e) => e.messages.length)).toEqual([50, 50, 21]); // 120 channels and PPC's liaison
    expect(effects.map((e) => e.dedupeKey)).toEqual([
      expect.stringMatching(/^remind:to:C0:remind:report-overdue:i0:preliminary:/),
      expect.stringMatching(/^remind:to:C50:remind:report-overdue:i50:preliminary:/),
      expect.stringMatching(/^remind:to:C100:remind:report-overdue:i100:preliminary:/),
    ]);
    // PPC's liaison: one message listing 10 of the 120, counting the other 110.
    const liaison = effects[2]!.messages.find((m) => "userId" in m.to);
    expect([liaison!.items.length, liaison!.more]).toEqual([10, 110]);
    // The channels taken as the sweep goes (each complete once its incident's row is added), then the people's.
    const batcher = batcherOf(reminders);
    expect(batcher.channelBatches().map((e) => e.messages.length)).toEqual([50, 50, 20]);
    expect(batcher.channelBatches()).toEqual([]);
    expect(batcher.batches().flatMap((e) => e.messages)).toEqual([liaison]);
  });

  it("shares a group's reminders out to its members as the directory has them", () => {
    const reminders = dueReminders(NOW, { ...emptySnapshot(), tasks: [overdue("n1", { ownerParty: "nisc", assigneeUserId: null })] }, settings, directory, TZ);
    const batches = batchesOf(reminders);
    expect(batches.map((b) => b.to).filter((t) => "userId" in t && [U.niscLiaison, U.niscLiaison2].includes(t.userId as never))).toHaveLength(2);
    expect(batchesOf([])).toEqual([]);
  });
});

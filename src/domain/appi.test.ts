import { describe, expect, it } from "vitest";
import { APPI_LEAK_REPORT_RULES_2024 } from "./leak-report-rules";
import { assessReportability, computeDeadlines, suggestedAppiRegime, type LeakFacts } from "./appi";

const facts = (over: Partial<LeakFacts>): LeakFacts => ({
  appiRegime: "art26",
  affectedCount: 0,
  specialCareData: false,
  financialRiskData: false,
  unlawfulPurposeSuspected: false,
  ...over,
});

describe("suggestedAppiRegime (a suggestion shown with the question, never applied silently)", () => {
  it("suggests Art. 68 for Art. 4(1) categories 1-2 and Art. 26 for 3-4", () => {
    expect(suggestedAppiRegime(1)).toBe("art68");
    expect(suggestedAppiRegime(2)).toBe("art68");
    expect(suggestedAppiRegime(3)).toBe("art26");
    expect(suggestedAppiRegime(4)).toBe("art26");
  });
});

describe("assessReportability: local public bodies and protective measures", () => {
  it("adds Rules Art. 43(v) (ordinance-designated special-care data) for a local public body under Art. 68 only", () => {
    expect(assessReportability(facts({ appiRegime: "art68", localPublicBody: true, ordinanceSpecialCareData: true, affectedCount: 1 }))).toMatchObject({
      reportable: true,
      reasons: ["ordinance_special_care"],
      localPublicBody: true,
    });
    expect(assessReportability(facts({ appiRegime: "art68", ordinanceSpecialCareData: true, affectedCount: 1 })).reportable).toBe(false);
    expect(assessReportability(facts({ appiRegime: "art26", localPublicBody: true, ordinanceSpecialCareData: true, affectedCount: 1 })).reportable).toBe(false);
  });
  it("is not reportable when advanced encryption or other protective measures were taken, whatever the reasons", () => {
    const r = assessReportability(facts({ appiRegime: "art26", affectedCount: 5000, specialCareData: true, protectiveMeasures: true }));
    expect(r).toMatchObject({ reportable: false, protectiveMeasures: true, reasons: ["special_care", "over_threshold"] });
  });
});

describe("assessReportability", () => {
  it("uses Rules Art. 7 and a threshold of 1,000 for business operators (Art. 26)", () => {
    const r = assessReportability(facts({ appiRegime: "art26", affectedCount: 5 }));
    expect(r).toEqual({ regime: "art26", rulesArticle: "7", threshold: 1000, reasons: [], reportable: false, protectiveMeasures: false, localPublicBody: false });
  });

  it("uses Rules Art. 43 and a threshold of 100 for administrative organs (Art. 68)", () => {
    const r = assessReportability(facts({ appiRegime: "art68", affectedCount: 5 }));
    expect(r).toEqual({ regime: "art68", rulesArticle: "43", threshold: 100, reasons: [], reportable: false, protectiveMeasures: false, localPublicBody: false });
  });

  it.each([
    ["art26", 1000, false],
    ["art26", 1001, true],
    ["art26", 999, false],
    ["art68", 100, false],
    ["art68", 101, true],
    ["art68", 1000, true],
  ] as const)("%s with %i persons: reportable by number = %s (exactly the threshold is not 'more than')", (regime, count, expected) => {
    const r = assessReportability(facts({ appiRegime: regime, affectedCount: count }));
    expect(r.reportable).toBe(expected);
    expect(r.reasons).toEqual(expected ? ["over_threshold"] : []);
  });

  it.each([
    ["specialCareData", "special_care"],
    ["financialRiskData", "financial"],
    ["unlawfulPurposeSuspected", "unlawful_purpose"],
  ] as const)("item %s makes a single-person case reportable under either regime", (flag, reason) => {
    for (const regime of ["art26", "art68"] as const) {
      const r = assessReportability(facts({ appiRegime: regime, affectedCount: 1, [flag]: true }));
      expect(r.reportable).toBe(true);
      expect(r.reasons).toEqual([reason]);
    }
  });

  it("is reportable with zero persons when an item (1)-(3) applies", () => {
    expect(assessReportability(facts({ affectedCount: 0, unlawfulPurposeSuspected: true })).reportable).toBe(true);
  });

  it("lists every reason that applies, in item order", () => {
    const r = assessReportability(
      facts({ appiRegime: "art68", affectedCount: 5000, specialCareData: true, financialRiskData: true, unlawfulPurposeSuspected: true }),
    );
    expect(r.reasons).toEqual(["special_care", "financial", "unlawful_purpose", "over_threshold"]);
    expect(r.reportable).toBe(true);
  });
});

const RULES = APPI_LEAK_REPORT_RULES_2024;

describe("computeDeadlines", () => {
  // 2025-04-01 10:00 JST (a Tuesday). PPC's count: the day of awareness is day 1.
  const aware = new Date("2025-04-01T01:00:00Z");

  it("gives days 3 / 5 for the preliminary window and day 30 for the final, ending 23:59:59 in Tokyo", () => {
    const d = computeDeadlines(aware, "art26", false, "Asia/Tokyo", RULES);
    expect(d.preliminary.toISOString()).toBe("2025-04-03T14:59:59.000Z"); // 04-03 23:59:59 JST
    expect(d.preliminaryLatest.toISOString()).toBe("2025-04-05T14:59:59.000Z");
    expect(d.final.toISOString()).toBe("2025-04-30T14:59:59.000Z"); // day 30 counting 04-01 as day 1
    expect(d.finalDays).toBe(30);
    expect(d.rulesArticle).toBe("8");
    expect([d.preliminaryArticle, d.finalArticle]).toEqual(["8(1)", "8(2)"]);
  });

  it("gives 60 days for the final report when an unlawful purpose is suspected, citing Art. 44 for organs", () => {
    // 2025-01-10 09:00 JST -> day 60 is 2025-03-10 (Mon)
    const d = computeDeadlines(new Date("2025-01-10T00:00:00Z"), "art68", true, "Asia/Tokyo", RULES);
    expect(d.finalDays).toBe(60);
    expect(d.final.toISOString()).toBe("2025-03-10T14:59:59.000Z");
    expect(d.rulesArticle).toBe("44");
    expect([d.preliminaryArticle, d.finalArticle]).toEqual(["44(1)", "44(2)"]);
  });

  it("counts from the local day in the configured zone, not the UTC day", () => {
    // 2025-03-31T15:30Z is already 2025-04-01 00:30 in Tokyo
    const tokyo = computeDeadlines(new Date("2025-03-31T15:30:00Z"), "art26", false, "Asia/Tokyo", RULES);
    expect(tokyo.preliminary.toISOString()).toBe("2025-04-03T14:59:59.000Z");
    // ...but still 2025-03-31 in New York (EDT, UTC-4)
    const ny = computeDeadlines(new Date("2025-03-31T15:30:00Z"), "art26", false, "America/New_York", RULES);
    expect(ny.preliminary.toISOString()).toBe("2025-04-03T03:59:59.000Z"); // 04-02 23:59:59 EDT
  });

  it("crosses a leap day", () => {
    // 2024-02-27 10:00 JST -> day 3 = 02-29
    const d = computeDeadlines(new Date("2024-02-27T01:00:00Z"), "art26", false, "Asia/Tokyo", RULES);
    expect(d.preliminary.toISOString()).toBe("2024-02-29T14:59:59.000Z");
    expect(d.preliminaryLatest.toISOString()).toBe("2024-03-02T14:59:59.000Z");
    // 2024-01-31 -> day 30 = 2024-02-29 (Thu)
    expect(computeDeadlines(new Date("2024-01-31T01:00:00Z"), "art26", false, "Asia/Tokyo", RULES).final.toISOString()).toBe("2024-02-29T14:59:59.000Z");
  });

  it("crosses a year boundary", () => {
    // 2024-12-31 12:00 JST -> day 3 = 2025-01-02
    const d = computeDeadlines(new Date("2024-12-31T03:00:00Z"), "art68", false, "Asia/Tokyo", RULES);
    expect(d.preliminary.toISOString()).toBe("2025-01-02T14:59:59.000Z");
  });

  it("ends at local 23:59:59 on both sides of a DST change (America/New_York)", () => {
    // 2025-03-07 07:00 EST; day 3 = 03-09, the day DST starts -> 23:59:59 EDT
    const spring = computeDeadlines(new Date("2025-03-07T12:00:00Z"), "art26", false, "America/New_York", RULES);
    expect(spring.preliminary.toISOString()).toBe("2025-03-10T03:59:59.000Z");
    expect(spring.preliminaryLatest.toISOString()).toBe("2025-03-12T03:59:59.000Z");
    // 2025-10-21 (EDT); day 30 = 2025-11-19, after DST ended -> 23:59:59 EST
    const autumn = computeDeadlines(new Date("2025-10-21T16:00:00Z"), "art26", false, "America/New_York", RULES);
    expect(autumn.final.toISOString()).toBe("2025-11-20T04:59:59.000Z");
    expect(autumn.preliminary.toISOString()).toBe("2025-10-24T03:59:59.000Z");
  });
});

describe("computeDeadlines on days government offices are closed", () => {
  const jst = (iso: string) => new Date(`${iso}+09:00`);
  it("moves a final deadline that falls on a national holiday to the next open day", () => {
    // Aware 2025-03-07; day 60 = 2025-05-05 (Children's Day), 05-06 is a substitute holiday.
    const d = computeDeadlines(jst("2025-03-07T21:00:00"), "art26", true, "Asia/Tokyo", RULES);
    expect(d.final.toISOString()).toBe(jst("2025-05-07T23:59:59").toISOString());
    expect(d.finalMovedFromClosedDay).toBe(true);
    expect(d.finalLastDay).toEqual({ year: 2025, month: 5, day: 5 });
  });

  it("moves a final deadline off a weekend and off the 29 Dec - 3 Jan closure", () => {
    // Aware 2026-11-01; day 30 = 2026-11-30 (Mon, open): unchanged.
    expect(computeDeadlines(jst("2026-11-01T10:00:00"), "art68", false, "Asia/Tokyo", RULES).finalMovedFromClosedDay).toBe(false);
    // Aware 2026-12-02; day 30 = 2026-12-31 (closure) → 2027-01-04 (Mon).
    const d = computeDeadlines(jst("2026-12-02T10:00:00"), "art68", false, "Asia/Tokyo", RULES);
    expect(d.final.toISOString()).toBe(jst("2027-01-04T23:59:59").toISOString());
    // Aware 2026-10-03; day 30 = 2026-11-01 (Sun) → 11-02 (Mon).
    expect(computeDeadlines(jst("2026-10-03T10:00:00"), "art68", false, "Asia/Tokyo", RULES).final.toISOString()).toBe(jst("2026-11-02T23:59:59").toISOString());
  });

  it("takes the calendar as a parameter", () => {
    const neverClosed = { isClosed: () => false };
    const d = computeDeadlines(jst("2025-03-07T21:00:00"), "art26", true, "Asia/Tokyo", RULES, neverClosed);
    expect(d.final.toISOString()).toBe(jst("2025-05-05T23:59:59").toISOString());
  });

  it("counts as the rules table says: a table with the Civil Code's count would give the day after", () => {
    const civil = { ...RULES, dayOne: { ...RULES.dayOne, counts: "day_after_awareness" as const } };
    expect(computeDeadlines(jst("2026-12-01T10:00:00"), "art26", true, "Asia/Tokyo", civil).final.toISOString()).toBe(jst("2027-02-01T23:59:59").toISOString());
    expect(computeDeadlines(jst("2026-12-01T10:00:00"), "art26", true, "Asia/Tokyo", RULES).final.toISOString()).toBe(jst("2027-01-29T23:59:59").toISOString());
  });
});

// PPC's count over real calendars (通則編 3-5-3-4): the day of awareness is day 1, Saturdays,
// Sundays and holidays count, and a 30th / 60th day on a Saturday, Sunday, national holiday or
// 29 Dec - 3 Jan moves to the next open day. Each row: awareness (JST), days, the due day.
describe("the final-report deadline by PPC's count, over real calendars", () => {
  const rows: Array<[string, string, 30 | 60, string]> = [
    // awareness on each weekday (the week of 2026-11-02; 11-03 is Culture Day)
    ["Mon", "2026-11-02T10:00", 30, "2026-12-01"],
    ["Tue (a holiday)", "2026-11-03T10:00", 30, "2026-12-02"],
    ["Wed", "2026-11-04T10:00", 30, "2026-12-03"],
    ["Thu", "2026-11-05T10:00", 30, "2026-12-04"],
    ["Fri: day 30 is a Saturday", "2026-11-06T10:00", 30, "2026-12-07"],
    ["Sat: day 30 is a Sunday", "2026-11-07T10:00", 30, "2026-12-07"],
    ["Sun", "2026-11-08T10:00", 30, "2026-12-07"],
    // across Golden Week 2026 (04-29 Showa Day; 05-02 Sat to 05-06 substitute holiday closed)
    ["day 30 on Showa Day", "2026-03-31T10:00", 30, "2026-04-30"],
    ["day 30 on the Saturday before the holidays", "2026-04-03T10:00", 30, "2026-05-07"],
    ["day 30 just after Golden Week", "2026-04-08T10:00", 30, "2026-05-07"],
    ["day 60 the Friday before Golden Week", "2026-03-03T10:00", 60, "2026-05-01"],
    // the year end, 29 Dec - 3 Jan
    ["day 60 after the year end (the memorandum's example)", "2026-12-01T10:00", 60, "2027-01-29"],
    ["day 30 on 29 Dec", "2026-11-30T10:00", 30, "2027-01-04"],
    ["day 30 on 3 Jan", "2026-12-05T10:00", 30, "2027-01-04"],
    ["day 30 on the first open day of the year", "2026-12-06T10:00", 30, "2027-01-04"],
    // a Monday holiday
    ["day 30 on Marine Day (Mon)", "2026-06-21T10:00", 30, "2026-07-21"],
    ["day 30 on Sports Day (Mon)", "2026-09-13T10:00", 30, "2026-10-13"],
    ["day 30 the Tuesday after Coming of Age Day", "2026-12-14T10:00", 30, "2027-01-12"],
    // 29 February
    ["day 30 on 29 Feb 2028", "2028-01-31T10:00", 30, "2028-02-29"],
    ["day 60 on 29 Feb 2028", "2028-01-01T10:00", 60, "2028-02-29"],
    // awareness late at night, and just after midnight, in Tokyo (another UTC day)
    ["23:59 in Tokyo", "2026-12-01T23:59", 60, "2027-01-29"],
    ["00:30 in Tokyo (still 30 Nov in UTC)", "2026-12-01T00:30", 60, "2027-01-29"],
    ["23:30 in Tokyo the day before", "2026-11-30T23:30", 60, "2027-01-28"],
  ];
  it.each(rows)("%s: aware %s, %i days → due %s", (_label, aware, days, due) => {
    const d = computeDeadlines(new Date(`${aware}:00+09:00`), "art26", days === 60, "Asia/Tokyo", RULES);
    expect(d.final.toISOString()).toBe(new Date(`${due}T23:59:59+09:00`).toISOString());
    // the same for administrative organs (Rules Art. 44)
    expect(computeDeadlines(new Date(`${aware}:00+09:00`), "art68", days === 60, "Asia/Tokyo", RULES).final.getTime()).toBe(d.final.getTime());
  });

  it.each([
    ["2026-12-01T10:00", "2026-12-03", "2026-12-05"],
    ["2026-12-29T23:50", "2026-12-31", "2027-01-02"],
    ["2028-02-27T10:00", "2028-02-29", "2028-03-02"],
  ])("the preliminary window: aware %s → day 3 %s to day 5 %s, never moved later", (aware, from, to) => {
    const d = computeDeadlines(new Date(`${aware}:00+09:00`), "art26", false, "Asia/Tokyo", RULES);
    expect(d.preliminary.toISOString()).toBe(new Date(`${from}T23:59:59+09:00`).toISOString());
    expect(d.preliminaryLatest.toISOString()).toBe(new Date(`${to}T23:59:59+09:00`).toISOString());
  });
});

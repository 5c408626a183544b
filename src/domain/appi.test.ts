import { describe, expect, it } from "vitest";
import { assessReportability, computeDeadlines, defaultAppiRegime, type LeakFacts } from "./appi";

const facts = (over: Partial<LeakFacts>): LeakFacts => ({
  appiRegime: "art26",
  affectedCount: 0,
  specialCareData: false,
  financialRiskData: false,
  unlawfulPurposeSuspected: false,
  ...over,
});

describe("defaultAppiRegime", () => {
  it("maps Art. 4(1) categories 1-2 to Art. 68 and 3-4 to Art. 26", () => {
    expect(defaultAppiRegime(1)).toBe("art68");
    expect(defaultAppiRegime(2)).toBe("art68");
    expect(defaultAppiRegime(3)).toBe("art26");
    expect(defaultAppiRegime(4)).toBe("art26");
  });
});

describe("assessReportability", () => {
  it("uses Rules Art. 7 and a threshold of 1,000 for business operators (Art. 26)", () => {
    const r = assessReportability(facts({ appiRegime: "art26", affectedCount: 5 }));
    expect(r).toEqual({ regime: "art26", rulesArticle: "7", threshold: 1000, reasons: [], reportable: false });
  });

  it("uses Rules Art. 43 and a threshold of 100 for administrative organs (Art. 68)", () => {
    const r = assessReportability(facts({ appiRegime: "art68", affectedCount: 5 }));
    expect(r).toEqual({ regime: "art68", rulesArticle: "43", threshold: 100, reasons: [], reportable: false });
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

describe("computeDeadlines", () => {
  // 2025-04-01 10:00 JST (a Tuesday). The first day is not counted.
  const aware = new Date("2025-04-01T01:00:00Z");

  it("gives +3 / +5 days for the preliminary report and +30 days for the final, ending 23:59:59 in Tokyo", () => {
    const d = computeDeadlines(aware, "art26", false, "Asia/Tokyo");
    expect(d.preliminary.toISOString()).toBe("2025-04-04T14:59:59.000Z"); // 04-04 23:59:59 JST
    expect(d.preliminaryLatest.toISOString()).toBe("2025-04-06T14:59:59.000Z");
    expect(d.final.toISOString()).toBe("2025-05-01T14:59:59.000Z"); // 30th day after 04-01
    expect(d.finalDays).toBe(30);
    expect(d.rulesArticle).toBe("8");
  });

  it("gives 60 days for the final report when an unlawful purpose is suspected, citing Art. 44 for organs", () => {
    // 2025-01-10 09:00 JST -> 60th day is 2025-03-11
    const d = computeDeadlines(new Date("2025-01-10T00:00:00Z"), "art68", true, "Asia/Tokyo");
    expect(d.finalDays).toBe(60);
    expect(d.final.toISOString()).toBe("2025-03-11T14:59:59.000Z");
    expect(d.rulesArticle).toBe("44");
  });

  it("counts from the local day in the configured zone, not the UTC day", () => {
    // 2025-03-31T15:30Z is already 2025-04-01 00:30 in Tokyo
    const tokyo = computeDeadlines(new Date("2025-03-31T15:30:00Z"), "art26", false, "Asia/Tokyo");
    expect(tokyo.preliminary.toISOString()).toBe("2025-04-04T14:59:59.000Z");
    // ...but still 2025-03-31 in New York (EDT, UTC-4)
    const ny = computeDeadlines(new Date("2025-03-31T15:30:00Z"), "art26", false, "America/New_York");
    expect(ny.preliminary.toISOString()).toBe("2025-04-04T03:59:59.000Z"); // 04-03 23:59:59 EDT
  });

  it("crosses a leap day", () => {
    // 2024-02-26 10:00 JST -> +3 = 02-29
    const d = computeDeadlines(new Date("2024-02-26T01:00:00Z"), "art26", false, "Asia/Tokyo");
    expect(d.preliminary.toISOString()).toBe("2024-02-29T14:59:59.000Z");
    expect(d.preliminaryLatest.toISOString()).toBe("2024-03-02T14:59:59.000Z");
    // 2024-01-30 -> 30 days = 2024-02-29
    expect(computeDeadlines(new Date("2024-01-30T01:00:00Z"), "art26", false, "Asia/Tokyo").final.toISOString()).toBe(
      "2024-02-29T14:59:59.000Z",
    );
  });

  it("crosses a year boundary", () => {
    // 2024-12-30 12:00 JST -> +3 = 2025-01-02
    const d = computeDeadlines(new Date("2024-12-30T03:00:00Z"), "art68", false, "Asia/Tokyo");
    expect(d.preliminary.toISOString()).toBe("2025-01-02T14:59:59.000Z");
  });

  it("ends at local 23:59:59 on both sides of a DST change (America/New_York)", () => {
    // 2025-03-06 07:00 EST; +3 = 03-09, the day DST starts -> 23:59:59 EDT
    const spring = computeDeadlines(new Date("2025-03-06T12:00:00Z"), "art26", false, "America/New_York");
    expect(spring.preliminary.toISOString()).toBe("2025-03-10T03:59:59.000Z");
    expect(spring.preliminaryLatest.toISOString()).toBe("2025-03-12T03:59:59.000Z");
    // 2025-10-20 (EDT); final +30 = 2025-11-19, after DST ended -> 23:59:59 EST
    const autumn = computeDeadlines(new Date("2025-10-20T16:00:00Z"), "art26", false, "America/New_York");
    expect(autumn.final.toISOString()).toBe("2025-11-20T04:59:59.000Z");
    expect(autumn.preliminary.toISOString()).toBe("2025-10-24T03:59:59.000Z");
  });
});

describe("computeDeadlines on days government offices are closed", () => {
  const jst = (iso: string) => new Date(`${iso}+09:00`);
  it("moves a final deadline that falls on a national holiday to the next open day", () => {
    // Aware 2025-03-06; +60 days = 2025-05-05 (Children's Day), 05-06 is a substitute holiday.
    const d = computeDeadlines(jst("2025-03-06T21:00:00"), "art26", true, "Asia/Tokyo");
    expect(d.final.toISOString()).toBe(jst("2025-05-07T23:59:59").toISOString());
    expect(d.finalMovedFromClosedDay).toBe(true);
  });

  it("moves a final deadline off a weekend and off the 29 Dec - 3 Jan closure", () => {
    // Aware 2026-10-31; +30 = 2026-11-30 (Mon, open): unchanged.
    expect(computeDeadlines(jst("2026-10-31T10:00:00"), "art68", false, "Asia/Tokyo").finalMovedFromClosedDay).toBe(false);
    // Aware 2026-12-01; +30 = 2026-12-31 (closure) → 2027-01-04 (Mon).
    const d = computeDeadlines(jst("2026-12-01T10:00:00"), "art68", false, "Asia/Tokyo");
    expect(d.final.toISOString()).toBe(jst("2027-01-04T23:59:59").toISOString());
    // Aware 2026-10-02; +30 = 2026-11-01 (Sun) → 11-02 (Mon).
    expect(computeDeadlines(jst("2026-10-02T10:00:00"), "art68", false, "Asia/Tokyo").final.toISOString()).toBe(jst("2026-11-02T23:59:59").toISOString());
  });

  it("takes the calendar as a parameter", () => {
    const neverClosed = { isClosed: () => false };
    const d = computeDeadlines(jst("2025-03-06T21:00:00"), "art26", true, "Asia/Tokyo", neverClosed);
    expect(d.final.toISOString()).toBe(jst("2025-05-05T23:59:59").toISOString());
  });
});

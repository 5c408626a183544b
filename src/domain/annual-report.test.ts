import { describe, expect, it } from "vitest";
import { annualReport, annualReportCsv, durationFigure, fiscalQuarter, quartersBetween, type ReportFacts } from "./annual-report";
import { parsePeriod } from "./export";

const TZ = "Asia/Tokyo";
const jst = (s: string) => new Date(`${s}+09:00`);
const H = 3_600_000;
const FY = (() => {
  const p = parsePeriod("2026-04-01", "2027-03-31", TZ);
  if (!p.ok) throw new Error("period");
  return p.period;
})();

describe("fiscal quarters (年度: April to March)", () => {
  it("names the quarter of a day", () => {
    expect(fiscalQuarter({ year: 2026, month: 4, day: 1 })).toBe("FY2026 Q1");
    expect(fiscalQuarter({ year: 2026, month: 6, day: 30 })).toBe("FY2026 Q1");
    expect(fiscalQuarter({ year: 2026, month: 7, day: 1 })).toBe("FY2026 Q2");
    expect(fiscalQuarter({ year: 2026, month: 12, day: 31 })).toBe("FY2026 Q3");
    expect(fiscalQuarter({ year: 2027, month: 1, day: 1 })).toBe("FY2026 Q4");
    expect(fiscalQuarter({ year: 2027, month: 3, day: 31 })).toBe("FY2026 Q4");
  });

  it("lists the quarters of a period, partial ones included", () => {
    expect(quartersBetween(FY.from, FY.to)).toEqual(["FY2026 Q1", "FY2026 Q2", "FY2026 Q3", "FY2026 Q4"]);
    expect(quartersBetween({ year: 2026, month: 6, day: 15 }, { year: 2026, month: 7, day: 2 })).toEqual(["FY2026 Q1", "FY2026 Q2"]);
  });
});

describe("durations", () => {
  it("gives the median and the nearest-rank 90th percentile in hours", () => {
    expect(durationFigure([1, 2, 3, 4].map((h) => h * H))).toEqual({ count: 4, medianHours: 2.5, p90Hours: 4 });
    expect(durationFigure([5, 1, 3].map((h) => h * H))).toEqual({ count: 3, medianHours: 3, p90Hours: 5 });
    expect(durationFigure(Array.from({ length: 10 }, (_, i) => (i + 1) * H))).toMatchObject({ medianHours: 5.5, p90Hours: 9 });
    expect(durationFigure([])).toEqual({ count: 0, medianHours: null, p90Hours: null });
  });
});

describe("the annual report on a known history", () => {
  const incident = (id: string, party: string, registered: string, extra: Partial<ReportFacts["incidents"][number]> = {}) => ({
    id,
    party,
    registeredAt: jst(registered),
    contactedAt: null,
    decidedAt: null,
    cooperation: false,
    preliminary: { dueAt: null, receivedOn: null },
    final: { dueAt: null, receivedOn: null },
    ...extra,
  });
  const facts: ReportFacts = {
    incidents: [
      // Q1, PPC: contacted after 2 h, decided 3 h later, a cooperation case; 速報 on time, 確報 late.
      incident("a", "ppc", "2026-05-10T10:00:00", {
        contactedAt: jst("2026-05-10T12:00:00"),
        decidedAt: jst("2026-05-10T15:00:00"),
        cooperation: true,
        preliminary: { dueAt: jst("2026-05-14T23:59:59"), receivedOn: "2026-05-13" },
        final: { dueAt: jst("2026-06-08T23:59:59"), receivedOn: "2026-06-09" },
      }),
      // Q1, NISC: contacted after 6 h, decided (no cooperation) 1 h later.
      incident("b", "nisc", "2026-06-30T20:00:00", { contactedAt: jst("2026-07-01T02:00:00"), decidedAt: jst("2026-07-01T03:00:00") }),
      // Q3, PPC: never contacted; its 速報 is due after the report was made: neither met nor missed.
      incident("c", "ppc", "2026-12-01T09:00:00", { preliminary: { dueAt: jst("2026-12-05T23:59:59"), receivedOn: null } }),
    ],
    items: [
      { itemType: "joint_investigation", ownerParty: "ppc", agreedAt: jst("2026-05-10T15:00:00"), dueAt: jst("2026-05-20T17:00:00"), doneAt: jst("2026-05-19T10:00:00") },
      { itemType: "sharing_results", ownerParty: "nisc", agreedAt: jst("2026-05-10T15:00:00"), dueAt: jst("2026-05-20T17:00:00"), doneAt: jst("2026-05-21T10:00:00") },
      { itemType: "sharing_results", ownerParty: "nisc", agreedAt: jst("2026-05-10T15:00:00"), dueAt: null, doneAt: null },
    ],
    designations: [{ party: "nisc", at: jst("2026-05-11T09:00:00") }],
    warnings: [{ party: "ppc", at: jst("2026-05-12T09:00:00") }],
    consents: [{ party: "nisc", at: jst("2026-05-12T10:00:00") }],
    activitiesHeld: [{ ownerParty: "ppc", article: "5(1)", heldAt: jst("2027-02-10T14:00:00") }],
  };
  const report = annualReport(facts, FY, ["ppc", "nisc"], ["joint_investigation", "sharing_results", "joint_alert"], jst("2026-12-02T09:00:00"));
  const row = (quarter: string, party: string) => report.rows.find((r) => r.quarter === quarter && r.party === party)!.figures;

  it("counts per quarter and party by the day of registration in the configured zone", () => {
    expect(report.quarters).toEqual(["FY2026 Q1", "FY2026 Q2", "FY2026 Q3", "FY2026 Q4"]);
    expect(row("FY2026 Q1", "ppc").incidentsRegistered).toBe(1);
    expect(row("FY2026 Q1", "nisc").incidentsRegistered).toBe(1); // 20:00 JST on 30 June is Q1, though 1 July in no zone
    expect(row("FY2026 Q1", "all")).toMatchObject({ incidentsRegistered: 2, cooperationCases: 1 });
    expect(row("FY2026 Q2", "all").incidentsRegistered).toBe(0);
    expect(row("FY2026 Q3", "ppc").incidentsRegistered).toBe(1);
  });

  it("times registration → contact and contact → decision", () => {
    expect(row("FY2026 Q1", "all").registrationToContact).toEqual({ count: 2, medianHours: 4, p90Hours: 6 });
    expect(row("FY2026 Q1", "all").contactToDecision).toEqual({ count: 2, medianHours: 2, p90Hours: 3 });
    expect(row("FY2026 Q1", "ppc").contactToDecision).toEqual({ count: 1, medianHours: 3, p90Hours: 3 });
    expect(report.total.registrationToContact.count).toBe(2); // c was never contacted
  });

  it("counts items by kind and on time, reporter deadlines met, Art. 7 and normal-times figures", () => {
    expect(report.total.itemsAgreedByKind).toEqual({ joint_investigation: 1, sharing_results: 2, joint_alert: 0 });
    expect(report.total).toMatchObject({ itemsAgreed: 3, itemsWithDueDate: 2, itemsCompletedOnTime: 1 });
    expect(row("FY2026 Q1", "nisc")).toMatchObject({ itemsAgreed: 2, itemsCompletedOnTime: 0, scopeDesignations: 1, scopeConsents: 1, scopeWarnings: 0 });
    expect(report.total).toMatchObject({ reporterDeadlinesDue: 2, reporterDeadlinesMet: 1 }); // c's 速報 is not due yet
    expect(row("FY2026 Q4", "ppc").normalTimesEventsHeld).toBe(1);
  });

  it("writes one CSV row per quarter and party, then the period's total", () => {
    const lines = annualReportCsv(report).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^quarter,party,incidents_registered,cooperation_cases,registration_to_contact_n,/);
    expect(lines[0]).toMatch(/items_joint_investigation,items_sharing_results,items_joint_alert$/);
    expect(lines).toHaveLength(1 + 4 * 3 + 1);
    expect(lines[1]).toMatch(/^FY2026 Q1,ppc,1,1,1,2,2,1,3,3,/);
    expect(lines.at(-1)).toMatch(/^2026-04-01\.\.2027-03-31,all,3,1,2,4,6,2,2,3,3,2,1,2,1,1,1,1,1,1,2,0$/);
  });
});

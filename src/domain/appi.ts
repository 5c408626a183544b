// Guidance on the reporter's APPI leak-report duties, computed from the intake. Never legal
// advice: the UI shows each result with the rule it comes from, and each deadline stays editable.
//
//                          private business operators   administrative organs etc.
// duty to report            APPI Art. 26(1)              APPI Art. 68(1)
// reportable cases          Rules Art. 7 (1)-(4)         Rules Art. 43 (1)-(5)
//   (4) number of persons   more than 1,000              more than 100
// preliminary report        Rules Art. 8(1): promptly, guideline roughly 3-5 days (44(1) for organs)
// final report              Rules Art. 8(2): 30 days, 60 for case (3) unlawful purpose (44(2))
// How days are counted (day 1 = the day of awareness, closed days) is the rules table's
// (src/config/leak-report-rules.ts), with its source.
import type { LeakReportRules } from "./leak-report-rules";
import { nextOpenDay, officeCalendar, type OfficeCalendar } from "./office-calendar";
import { addDays, endOfLocalDay, localDateOf, type LocalDate } from "./time";

export type AppiRegime = "art26" | "art68";
export type ReporterCategory = 1 | 2 | 3 | 4;

/**
 * A suggestion for the regime question, never applied silently: categories 1-2 are usually
 * administrative organs etc. (Art. 68), but bodies of APPI's Appended Table 2 (e.g. national
 * university corporations) report under Art. 26; categories 3-4 are usually business operators
 * (Art. 26), unless a local public body's organ or enterprise (e.g. municipal waterworks: Art. 68).
 */
export function suggestedAppiRegime(category: ReporterCategory): AppiRegime {
  return category <= 2 ? "art68" : "art26";
}

export type ReportabilityReason = "special_care" | "financial" | "unlawful_purpose" | "over_threshold" | "ordinance_special_care";

export type Reportability = {
  regime: AppiRegime;
  /** "Rules Art. 7" for business operators, "Rules Art. 43" for administrative organs. */
  rulesArticle: "7" | "43";
  threshold: 100 | 1000;
  reasons: ReportabilityReason[];
  reportable: boolean;
  /** Advanced encryption or other protective measures were taken: not reportable whatever the reasons. */
  protectiveMeasures: boolean;
  /** Rules Art. 43(v) (ordinance-designated special-care data) applies: a local public body under Art. 68. */
  localPublicBody: boolean;
};

export type LeakFacts = {
  appiRegime: AppiRegime;
  localPublicBody?: boolean;
  ordinanceSpecialCareData?: boolean;
  protectiveMeasures?: boolean;
  affectedCount: number;
  specialCareData: boolean;
  financialRiskData: boolean;
  unlawfulPurposeSuspected: boolean;
};

export function assessReportability(facts: LeakFacts): Reportability {
  const threshold = facts.appiRegime === "art68" ? 100 : 1000;
  const reasons: ReportabilityReason[] = [];
  if (facts.specialCareData) reasons.push("special_care"); // item (1)
  if (facts.financialRiskData) reasons.push("financial"); // item (2)
  if (facts.unlawfulPurposeSuspected) reasons.push("unlawful_purpose"); // item (3)
  if (facts.affectedCount > threshold) reasons.push("over_threshold"); // item (4)
  const localPublicBody = facts.appiRegime === "art68" && (facts.localPublicBody ?? false);
  if (localPublicBody && facts.ordinanceSpecialCareData) reasons.push("ordinance_special_care"); // Rules Art. 43 item (5)
  const protectiveMeasures = facts.protectiveMeasures ?? false;
  return {
    regime: facts.appiRegime,
    rulesArticle: facts.appiRegime === "art68" ? "43" : "7",
    threshold,
    reasons,
    // Rules Art. 7 / 43: data protected by advanced encryption or equivalent measures is excluded.
    reportable: reasons.length > 0 && !protectiveMeasures,
    protectiveMeasures,
    localPublicBody,
  };
}

export type LeakReportDeadlines = {
  /** End of the guideline's "promptly" window's first day (day 3 of about 3-5, day 1 = the day of awareness). */
  preliminary: Date;
  /** End of the window's last day (day 5). */
  preliminaryLatest: Date;
  final: Date;
  finalDays: number;
  /** The 30/60th day fell on a day offices are closed, so the final report is due the next open day. */
  finalMovedFromClosedDay: boolean;
  /** The 30/60th day itself (local date), before any move to the next open day. */
  finalLastDay: LocalDate;
  /** Rules Art. 8 (business operators) or Art. 44 (administrative organs). */
  rulesArticle: "8" | "44";
  /** The paragraphs the table cites, e.g. "8(1)" / "44(2)". */
  preliminaryArticle: string;
  finalArticle: string;
};

/** The n-th day of a period counted from the day of awareness, by the table's rule for day 1. */
export function nthDay(awareDay: LocalDate, n: number, rules: Pick<LeakReportRules, "dayOne">): LocalDate {
  return addDays(awareDay, rules.dayOne.counts === "day_of_awareness" ? n - 1 : n);
}

/**
 * Deadlines run from the day the reporter became aware, counted as the rules table says (PPC's
 * guidelines: that day is day 1, weekends and holidays included) in the configured zone; a
 * period ends at the end of its last day. A final-report period whose last day is a closed day
 * (per the table) ends on the next open day. The preliminary report is "promptly": its window of
 * about 3-5 days is shown as calendar days and never moved later.
 */
export function computeDeadlines(
  awareAt: Date,
  regime: AppiRegime,
  unlawfulPurposeSuspected: boolean,
  timeZone: string,
  rules: LeakReportRules,
  calendar: OfficeCalendar = officeCalendar(rules.closedDays),
): LeakReportDeadlines {
  const day = localDateOf(awareAt, timeZone);
  const finalDays = unlawfulPurposeSuspected ? rules.final.unlawfulPurposeDays : rules.final.days;
  const lastDay = nthDay(day, finalDays, rules);
  const finalDay = rules.closedDays.lastDayClosed === "next_open_day" ? nextOpenDay(lastDay, calendar) : lastDay;
  return {
    preliminary: endOfLocalDay(nthDay(day, rules.preliminary.windowDays.from, rules), timeZone),
    preliminaryLatest: endOfLocalDay(nthDay(day, rules.preliminary.windowDays.to, rules), timeZone),
    final: endOfLocalDay(finalDay, timeZone),
    finalDays,
    finalMovedFromClosedDay: finalDay.day !== lastDay.day || finalDay.month !== lastDay.month || finalDay.year !== lastDay.year,
    finalLastDay: lastDay,
    rulesArticle: regime === "art68" ? "44" : "8",
    preliminaryArticle: rules.preliminary.articles[regime],
    finalArticle: rules.final.articles[regime],
  };
}

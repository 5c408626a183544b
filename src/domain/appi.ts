// Guidance on the reporter's APPI leak-report duties, computed from the intake. Never legal
// advice: the UI shows each result with the rule it comes from, and each deadline stays editable.
//
//                          private business operators   administrative organs etc.
// duty to report            APPI Art. 26(1)              APPI Art. 68(1)
// reportable cases          Rules Art. 7 (1)-(4)         Rules Art. 43 (1)-(5)
//   (4) number of persons   more than 1,000              more than 100
// preliminary report        Rules Art. 8(1): promptly, guideline roughly 3-5 days (44(1) for organs)
// final report              Rules Art. 8(2): 30 days, 60 for case (3) unlawful purpose (44(2))
import { JAPANESE_GOVERNMENT_OFFICES, nextOpenDay, type OfficeCalendar } from "./office-calendar";
import { addDays, endOfLocalDay, localDateOf } from "./time";

export type AppiRegime = "art26" | "art68";
export type ReporterCategory = 1 | 2 | 3 | 4;

/** Art. 4(1) categories 1-2 are administrative organs etc. (Art. 68); 3-4 are usually business operators (Art. 26). */
export function defaultAppiRegime(category: ReporterCategory): AppiRegime {
  return category <= 2 ? "art68" : "art26";
}

export type ReportabilityReason = "special_care" | "financial" | "unlawful_purpose" | "over_threshold";

export type Reportability = {
  regime: AppiRegime;
  /** "Rules Art. 7" for business operators, "Rules Art. 43" for administrative organs. */
  rulesArticle: "7" | "43";
  threshold: 100 | 1000;
  reasons: ReportabilityReason[];
  reportable: boolean;
};

export type LeakFacts = {
  appiRegime: AppiRegime;
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
  return {
    regime: facts.appiRegime,
    rulesArticle: facts.appiRegime === "art68" ? "43" : "7",
    threshold,
    reasons,
    reportable: reasons.length > 0,
  };
}

export type LeakReportDeadlines = {
  /** Guideline end of the "promptly" window: 3 days after the day of awareness (range 3-5). */
  preliminary: Date;
  preliminaryLatest: Date;
  final: Date;
  finalDays: 30 | 60;
  /** The 30/60th day fell on a day offices are closed, so the final report is due the next open day. */
  finalMovedFromClosedDay: boolean;
  /** Rules Art. 8 (business operators) or Art. 44 (administrative organs). */
  rulesArticle: "8" | "44";
};

/**
 * Deadlines run from the day the reporter became aware; as in Japanese statutory periods, that
 * first day is not counted and a period ends at the end of its last day in the configured zone.
 * A final-report period ending on a day government offices are closed ends on the next open day
 * (Act on Holidays of Administrative Organs, Art. 2). The preliminary report is "promptly": its
 * 3-5 day guideline is shown as calendar days.
 */
export function computeDeadlines(
  awareAt: Date,
  regime: AppiRegime,
  unlawfulPurposeSuspected: boolean,
  timeZone: string,
  calendar: OfficeCalendar = JAPANESE_GOVERNMENT_OFFICES,
): LeakReportDeadlines {
  const day = localDateOf(awareAt, timeZone);
  const finalDays = unlawfulPurposeSuspected ? 60 : 30;
  const lastDay = addDays(day, finalDays);
  const finalDay = nextOpenDay(lastDay, calendar);
  return {
    preliminary: endOfLocalDay(addDays(day, 3), timeZone),
    preliminaryLatest: endOfLocalDay(addDays(day, 5), timeZone),
    final: endOfLocalDay(finalDay, timeZone),
    finalDays,
    finalMovedFromClosedDay: finalDay.day !== lastDay.day || finalDay.month !== lastDay.month,
    rulesArticle: regime === "art68" ? "44" : "8",
  };
}

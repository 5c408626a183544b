// The counting rules for the reporter's APPI leak reports, as data with their source (beside the
// agreement profile, which points at one of these tables). The domain computes deadlines from
// the table; nothing about which day is day 1, which days are closed or how long the windows
// are is a constant in code. Where sources disagree the table takes the earlier date (the safe one).
import type { Localized } from "./locale";

/** A rule and where it comes from, shown next to the date it produced. */
export type RuleSource = { rule: Localized; source: Localized };

export type LeakReportRules = {
  id: string;
  /**
   * Which day of a period counted from awareness is day 1. PPC's guidelines count the day the
   * reporter became aware as day 1 (Saturdays, Sundays and holidays included): "day_of_awareness".
   * The Civil Code's default (Art. 140: the first day is not counted) would be "day_after_awareness".
   */
  dayOne: { counts: "day_of_awareness" | "day_after_awareness" } & RuleSource;
  /** 速報: "promptly"; the guideline's window of about N-M days, counted like the final report. */
  preliminary: { windowDays: { from: number; to: number }; articles: { art26: string; art68: string } } & RuleSource;
  /** 確報: N days, or M days for Rules Art. 7(iii) / 43(iii) (unlawful purpose). */
  final: { days: number; unlawfulPurposeDays: number; articles: { art26: string; art68: string } } & RuleSource;
  /** Days offices are closed; a final-report period whose last day is closed ends on the next open day. */
  closedDays: {
    weekends: boolean;
    nationalHolidays: boolean;
    /** Year-end closure, as MM-DD inclusive across the new year. */
    yearEnd: { from: string; to: string } | null;
    lastDayClosed: "next_open_day";
  } & RuleSource;
};

export const APPI_LEAK_REPORT_RULES_2024: LeakReportRules = {
  id: "appi-2024",
  dayOne: {
    counts: "day_of_awareness",
    rule: { ja: "知った日を1日目として数える（土日・祝日も算入）", en: "day 1 = the day of awareness (Saturdays, Sundays and holidays count)" },
    source: { ja: "個人情報保護法ガイドライン（通則編）3-5-3-3・3-5-3-4", en: "PPC Guidelines (General Rules) 3-5-3-3, 3-5-3-4" },
  },
  preliminary: {
    windowDays: { from: 3, to: 5 },
    articles: { art26: "8(1)", art68: "44(1)" },
    rule: { ja: "速やかに（概ね3〜5日以内）", en: "promptly (about 3-5 days)" },
    source: { ja: "規則第8条第1項・第44条第1項、通則編3-5-3-3", en: "Rules Art. 8(1) / 44(1), Guidelines 3-5-3-3" },
  },
  final: {
    days: 30,
    unlawfulPurposeDays: 60,
    articles: { art26: "8(2)", art68: "44(2)" },
    rule: { ja: "30日以内（不正の目的によるおそれは60日以内）", en: "within 30 days (60 days where an unlawful purpose is suspected)" },
    source: { ja: "規則第8条第2項・第44条第2項、通則編3-5-3-4", en: "Rules Art. 8(2) / 44(2), Guidelines 3-5-3-4" },
  },
  closedDays: {
    weekends: true,
    nationalHolidays: true,
    yearEnd: { from: "12-29", to: "01-03" },
    lastDayClosed: "next_open_day",
    rule: {
      ja: "期限日が土日・祝日・年末年始（12月29日〜1月3日）の場合はその翌日（開庁日）",
      en: "a last day on a Saturday, Sunday, national holiday or 29 Dec - 3 Jan moves to the next open day",
    },
    source: { ja: "通則編3-5-3-4、行政機関の休日に関する法律第1条・第2条", en: "Guidelines 3-5-3-4; Act on Holidays of Administrative Organs Arts. 1, 2" },
  },
};

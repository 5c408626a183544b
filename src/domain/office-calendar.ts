// Days national government offices are closed (Act on Holidays of Administrative Organs, Art. 1):
// Saturdays, Sundays, national holidays and 29 December - 3 January. A filing period whose last
// day is a closed day ends on the next open day (same Act, Art. 2). Which days are closed is data
// (the leak-report rules table, src/config/leak-report-rules.ts); holidays come from the
// maintained @holiday-jp/holiday_jp data (to 2050), not a hand-written list.
import holidayJp from "@holiday-jp/holiday_jp";
import { APPI_LEAK_REPORT_RULES_2024, type LeakReportRules } from "./leak-report-rules";
import { addDays, type LocalDate } from "./time";

export type OfficeCalendar = { isClosed(date: LocalDate): boolean };

const key = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
const holidays = holidayJp.holidays as Record<string, unknown>;

/** The calendar a rules table describes. */
export function officeCalendar(closed: Pick<LeakReportRules["closedDays"], "weekends" | "nationalHolidays" | "yearEnd">): OfficeCalendar {
  const yearEnd = closed.yearEnd;
  return {
    isClosed(date) {
      const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
      if (closed.weekends && (weekday === 0 || weekday === 6)) return true;
      if (yearEnd) {
        const md = key(date).slice(5);
        // 12-29 .. 01-03 wraps the new year; a range within one year does not.
        const inside = yearEnd.from <= yearEnd.to ? md >= yearEnd.from && md <= yearEnd.to : md >= yearEnd.from || md <= yearEnd.to;
        if (inside) return true;
      }
      return closed.nationalHolidays && key(date) in holidays;
    },
  };
}

export const JAPANESE_GOVERNMENT_OFFICES: OfficeCalendar = officeCalendar(APPI_LEAK_REPORT_RULES_2024.closedDays);

export function nextOpenDay(date: LocalDate, calendar: OfficeCalendar): LocalDate {
  let d = date;
  for (let i = 0; i < 30 && calendar.isClosed(d); i++) d = addDays(d, 1);
  return d;
}

export function holidayName(date: LocalDate, locale: "ja" | "en"): string | undefined {
  const h = holidays[key(date)] as { name: string; name_en: string } | undefined;
  return h ? (locale === "ja" ? h.name : h.name_en) : undefined;
}

// Days national government offices are closed (Act on Holidays of Administrative Organs, Art. 1):
// Saturdays, Sundays, national holidays and 29 December - 3 January. A filing period whose last
// day is a closed day ends on the next open day (same Act, Art. 2). Holidays come from the
// maintained @holiday-jp/holiday_jp data (to 2050), not a hand-written list.
import holidayJp from "@holiday-jp/holiday_jp";
import { addDays, type LocalDate } from "./time";

export type OfficeCalendar = { isClosed(date: LocalDate): boolean };

const key = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
const holidays = holidayJp.holidays as Record<string, unknown>;

export const JAPANESE_GOVERNMENT_OFFICES: OfficeCalendar = {
  isClosed(date) {
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
    if (weekday === 0 || weekday === 6) return true;
    if ((date.month === 12 && date.day >= 29) || (date.month === 1 && date.day <= 3)) return true;
    return key(date) in holidays;
  },
};

export function nextOpenDay(date: LocalDate, calendar: OfficeCalendar): LocalDate {
  let d = date;
  for (let i = 0; i < 30 && calendar.isClosed(d); i++) d = addDays(d, 1);
  return d;
}

export function holidayName(date: LocalDate, locale: "ja" | "en"): string | undefined {
  const h = holidays[key(date)] as { name: string; name_en: string } | undefined;
  return h ? (locale === "ja" ? h.name : h.name_en) : undefined;
}

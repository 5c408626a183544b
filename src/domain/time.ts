// Calendar arithmetic in a named time zone (Asia/Tokyo by default), without a date library.
export type LocalDate = { year: number; month: number; day: number };

// Building an Intl.DateTimeFormat costs tens of microseconds; sweeps call this per row, so one
// formatter per zone is kept.
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = FORMATTERS.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    FORMATTERS.set(timeZone, fmt);
  }
  return fmt;
}

function parts(instant: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) if (p.type !== "literal") out[p.type] = Number(p.value);
  return out;
}

/** Offset of the zone from UTC at that instant, in milliseconds. */
function offsetMs(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

// A zone's offset per UTC week, when it is the same at the week's first and last instant, and
// otherwise per UTC day, when it is the same at the day's start, middle and end (every day but
// those with a transition, which ask Intl): sweeps ask for the local date of tens of thousands of
// instants spread over years (report deadlines of ten years of incidents: ~3,700 days), and
// formatToParts costs ~10 µs each. A week counts as constant when its two ends agree: a zone whose
// offset changed and changed back within a week would be missed, and no zone of the time-zone
// database did so between 1990 and 2040 (every zone Node knows, checked day by day). NaN: not
// constant that week (or day).
const WEEK_OFFSETS = new Map<string, Map<number, number>>();
const DAY_OFFSETS = new Map<string, Map<number, number>>();
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** A zone's cache of offsets (the zone's map made when first asked). */
function offsetsOf(cache: Map<string, Map<number, number>>, timeZone: string): Map<number, number> {
  let offsets = cache.get(timeZone);
  if (!offsets) cache.set(timeZone, (offsets = new Map()));
  return offsets;
}

function remember(offsets: Map<number, number>, key: number, offset: number): number {
  if (offsets.size >= 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

// Asked per row by the sweeps: a cached offset is answered without making any object.
function dayOffset(day: number, timeZone: string): number {
  const week = Math.floor(day / 7);
  const weeks = offsetsOf(WEEK_OFFSETS, timeZone);
  let weekly = weeks.get(week);
  if (weekly === undefined) {
    const start = offsetMs(new Date(week * WEEK_MS), timeZone);
    weekly = remember(weeks, week, start === offsetMs(new Date(week * WEEK_MS + WEEK_MS - 1), timeZone) ? start : NaN);
  }
  if (!Number.isNaN(weekly)) return weekly;
  const days = offsetsOf(DAY_OFFSETS, timeZone);
  const daily = days.get(day);
  if (daily !== undefined) return daily;
  const start = offsetMs(new Date(day * DAY_MS), timeZone);
  const constant = start === offsetMs(new Date(day * DAY_MS + DAY_MS / 2), timeZone) && start === offsetMs(new Date(day * DAY_MS + DAY_MS - 1), timeZone);
  return remember(days, day, constant ? start : NaN);
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const t = instant.getTime();
  const offset = Number.isFinite(t) ? dayOffset(Math.floor(t / DAY_MS), timeZone) : NaN;
  if (Number.isNaN(offset)) {
    const p = parts(instant, timeZone);
    return { year: p.year!, month: p.month!, day: p.day! };
  }
  const local = new Date(t + offset);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/**
 * The local day of an instant as a number of days since 1970-01-01 (that day's local date), with
 * no object made: a sweep compares tens of thousands of due dates with today (daysPast).
 */
export function localDayNumber(instant: Date, timeZone: string): number {
  const t = instant.getTime();
  const offset = Number.isFinite(t) ? dayOffset(Math.floor(t / DAY_MS), timeZone) : NaN;
  if (Number.isNaN(offset)) {
    const d = localDateOf(instant, timeZone);
    return Date.UTC(d.year, d.month - 1, d.day) / DAY_MS;
  }
  return Math.floor((t + offset) / DAY_MS);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant of a local wall-clock time in the zone. */
export function zonedInstant(date: LocalDate, hour: number, minute: number, second: number, ms: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute, second, ms);
  let guess = new Date(wall - offsetMs(new Date(wall), timeZone));
  guess = new Date(wall - offsetMs(guess, timeZone));
  return guess;
}

export function endOfLocalDay(date: LocalDate, timeZone: string): Date {
  return zonedInstant(date, 23, 59, 59, 0, timeZone);
}

export function yearIn(instant: Date, timeZone: string): number {
  return localDateOf(instant, timeZone).year;
}

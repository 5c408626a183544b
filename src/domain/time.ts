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

// A zone's offset per UTC hour, when it is the same at both ends of the hour (always, but in an
// hour with a transition): sweeps ask for the local date of tens of thousands of instants, and
// formatToParts costs ~10 µs each. NaN: not constant over that hour, ask Intl.
const HOUR_OFFSETS = new Map<string, Map<number, number>>();

function hourOffset(hour: number, timeZone: string): number {
  let offsets = HOUR_OFFSETS.get(timeZone);
  if (!offsets) HOUR_OFFSETS.set(timeZone, (offsets = new Map()));
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const start = offsetMs(new Date(hour * 3_600_000), timeZone);
    offset = start === offsetMs(new Date(hour * 3_600_000 + 3_599_999), timeZone) ? start : NaN;
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const t = instant.getTime();
  const offset = Number.isFinite(t) ? hourOffset(Math.floor(t / 3_600_000), timeZone) : NaN;
  if (Number.isNaN(offset)) {
    const p = parts(instant, timeZone);
    return { year: p.year!, month: p.month!, day: p.day! };
  }
  const local = new Date(t + offset);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
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

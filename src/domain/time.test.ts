import { describe, expect, it } from "vitest";
import { addDays, endOfLocalDay, localDateOf, localDayNumber, yearIn, zonedInstant } from "./time";

describe("localDayNumber", () => {
  it("is the local date's day count from 1970-01-01, across midnight, transitions and half-hour zones", () => {
    const dayOf = (d: { year: number; month: number; day: number }) => Date.UTC(d.year, d.month - 1, d.day) / 86_400_000;
    expect(localDayNumber(new Date("2025-03-31T14:59:59Z"), "Asia/Tokyo")).toBe(dayOf({ year: 2025, month: 3, day: 31 }));
    expect(localDayNumber(new Date("2025-03-31T15:00:00Z"), "Asia/Tokyo")).toBe(dayOf({ year: 2025, month: 4, day: 1 }));
    for (const timeZone of ["Asia/Tokyo", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham"]) {
      for (let t = Date.UTC(2025, 2, 1); t < Date.UTC(2025, 11, 1); t += 5 * 3_600_000 + 11 * 60_000) {
        expect(localDayNumber(new Date(t), timeZone), `${timeZone} ${new Date(t).toISOString()}`).toBe(dayOf(localDateOf(new Date(t), timeZone)));
      }
    }
    expect(localDayNumber(new Date(Date.UTC(1920, 0, 1, 12)), "Asia/Tokyo")).toBe(dayOf({ year: 1920, month: 1, day: 1 }));
  });
});

describe("localDateOf", () => {
  it("gives the calendar date in Tokyo (UTC+9) across midnight", () => {
    expect(localDateOf(new Date("2025-03-31T14:59:59Z"), "Asia/Tokyo")).toEqual({ year: 2025, month: 3, day: 31 });
    expect(localDateOf(new Date("2025-03-31T15:00:00Z"), "Asia/Tokyo")).toEqual({ year: 2025, month: 4, day: 1 });
  });

  it("gives the calendar date in New York with the offset in force (EST vs EDT)", () => {
    // EST (UTC-5) in January, EDT (UTC-4) in July
    expect(localDateOf(new Date("2025-01-15T04:59:59Z"), "America/New_York")).toEqual({ year: 2025, month: 1, day: 14 });
    expect(localDateOf(new Date("2025-01-15T05:00:00Z"), "America/New_York")).toEqual({ year: 2025, month: 1, day: 15 });
    expect(localDateOf(new Date("2025-07-15T03:59:59Z"), "America/New_York")).toEqual({ year: 2025, month: 7, day: 14 });
    expect(localDateOf(new Date("2025-07-15T04:00:00Z"), "America/New_York")).toEqual({ year: 2025, month: 7, day: 15 });
  });

  it("agrees with Intl minute by minute across transitions, half-hour zones and historical offsets (the per-day offset cache)", () => {
    const zones = ["Asia/Tokyo", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham"];
    const starts = [Date.UTC(2025, 2, 8, 0), Date.UTC(2025, 2, 29, 20), Date.UTC(2025, 3, 5, 12), Date.UTC(2025, 9, 25, 20), Date.UTC(1920, 0, 1), Date.UTC(1986, 0, 1)];
    for (const timeZone of zones) {
      const fmt = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
      for (const start of starts) {
        for (let t = start; t < start + 3 * 86_400_000; t += 7 * 60_000 + 13_000) {
          const p = Object.fromEntries(fmt.formatToParts(new Date(t)).filter((x) => x.type !== "literal").map((x) => [x.type, Number(x.value)]));
          expect(localDateOf(new Date(t), timeZone), `${timeZone} ${new Date(t).toISOString()}`).toEqual({ year: p.year, month: p.month, day: p.day });
        }
      }
    }
  });

  it("agrees with Intl every few hours for three years of zones with daylight saving time (the per-week offset cache)", () => {
    for (const timeZone of ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Africa/Casablanca"]) {
      const fmt = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric" });
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2027, 0, 1); t += 2 * 3_600_000 + 17 * 60_000) {
        const p = Object.fromEntries(fmt.formatToParts(new Date(t)).filter((x) => x.type !== "literal").map((x) => [x.type, Number(x.value)]));
        expect(localDateOf(new Date(t), timeZone), `${timeZone} ${new Date(t).toISOString()}`).toEqual({ year: p.year, month: p.month, day: p.day });
      }
    }
  });

  it("reports local midnight as the new day (h23, never hour 24)", () => {
    expect(localDateOf(new Date("2025-06-30T15:00:00Z"), "Asia/Tokyo")).toEqual({ year: 2025, month: 7, day: 1 });
  });
});

describe("addDays", () => {
  it.each([
    [{ year: 2025, month: 1, day: 31 }, 1, { year: 2025, month: 2, day: 1 }],
    [{ year: 2024, month: 2, day: 28 }, 1, { year: 2024, month: 2, day: 29 }],
    [{ year: 2023, month: 2, day: 28 }, 1, { year: 2023, month: 3, day: 1 }],
    [{ year: 2024, month: 2, day: 29 }, 365, { year: 2025, month: 2, day: 28 }],
    [{ year: 2024, month: 12, day: 31 }, 1, { year: 2025, month: 1, day: 1 }],
    [{ year: 2025, month: 1, day: 1 }, -1, { year: 2024, month: 12, day: 31 }],
    [{ year: 2025, month: 3, day: 1 }, -1, { year: 2025, month: 2, day: 28 }],
    [{ year: 2025, month: 4, day: 1 }, 30, { year: 2025, month: 5, day: 1 }],
    [{ year: 2025, month: 4, day: 1 }, 0, { year: 2025, month: 4, day: 1 }],
  ])("%o + %i days = %o", (from, n, expected) => {
    expect(addDays(from, n)).toEqual(expected);
  });
});

describe("zonedInstant / endOfLocalDay", () => {
  it("finds the instant of a Tokyo wall-clock time", () => {
    expect(zonedInstant({ year: 2025, month: 4, day: 1 }, 9, 30, 0, 0, "Asia/Tokyo").toISOString()).toBe("2025-04-01T00:30:00.000Z");
    expect(zonedInstant({ year: 2025, month: 1, day: 1 }, 0, 0, 0, 0, "Asia/Tokyo").toISOString()).toBe("2024-12-31T15:00:00.000Z");
    expect(endOfLocalDay({ year: 2024, month: 2, day: 29 }, "Asia/Tokyo").toISOString()).toBe("2024-02-29T14:59:59.000Z");
    expect(endOfLocalDay({ year: 2024, month: 12, day: 31 }, "Asia/Tokyo").toISOString()).toBe("2024-12-31T14:59:59.000Z");
  });

  it("keeps milliseconds", () => {
    expect(zonedInstant({ year: 2025, month: 4, day: 1 }, 9, 0, 0, 250, "Asia/Tokyo").toISOString()).toBe("2025-04-01T00:00:00.250Z");
  });

  it("uses the offset in force on the day in New York around the spring DST change (2025-03-09)", () => {
    expect(endOfLocalDay({ year: 2025, month: 3, day: 8 }, "America/New_York").toISOString()).toBe("2025-03-09T04:59:59.000Z"); // EST
    expect(endOfLocalDay({ year: 2025, month: 3, day: 9 }, "America/New_York").toISOString()).toBe("2025-03-10T03:59:59.000Z"); // EDT
    // 01:30 is before the change (EST), 03:30 after (EDT)
    expect(zonedInstant({ year: 2025, month: 3, day: 9 }, 1, 30, 0, 0, "America/New_York").toISOString()).toBe("2025-03-09T06:30:00.000Z");
    expect(zonedInstant({ year: 2025, month: 3, day: 9 }, 3, 30, 0, 0, "America/New_York").toISOString()).toBe("2025-03-09T07:30:00.000Z");
    expect(zonedInstant({ year: 2025, month: 3, day: 9 }, 0, 0, 0, 0, "America/New_York").toISOString()).toBe("2025-03-09T05:00:00.000Z");
  });

  it("uses the offset in force on the day in New York around the autumn DST change (2025-11-02)", () => {
    expect(endOfLocalDay({ year: 2025, month: 11, day: 1 }, "America/New_York").toISOString()).toBe("2025-11-02T03:59:59.000Z"); // EDT
    expect(endOfLocalDay({ year: 2025, month: 11, day: 2 }, "America/New_York").toISOString()).toBe("2025-11-03T04:59:59.000Z"); // EST
    expect(zonedInstant({ year: 2025, month: 11, day: 2 }, 0, 0, 0, 0, "America/New_York").toISOString()).toBe("2025-11-02T04:00:00.000Z");
    expect(zonedInstant({ year: 2025, month: 11, day: 2 }, 12, 0, 0, 0, "America/New_York").toISOString()).toBe("2025-11-02T17:00:00.000Z");
  });

  it("round-trips: the end of a local day is on that local day, one second before the next local day starts", () => {
    for (const tz of ["Asia/Tokyo", "America/New_York", "Australia/Sydney"]) {
      let day = { year: 2024, month: 1, day: 1 };
      for (let i = 0; i < 366; i++) {
        const end = endOfLocalDay(day, tz);
        expect(localDateOf(end, tz)).toEqual(day);
        const next = zonedInstant(addDays(day, 1), 0, 0, 0, 0, tz);
        expect(next.getTime() - end.getTime()).toBe(1000);
        day = addDays(day, 1);
      }
    }
  });
});

describe("yearIn", () => {
  it("is the local year, which in Tokyo changes nine hours before UTC", () => {
    expect(yearIn(new Date("2025-12-31T14:59:59Z"), "Asia/Tokyo")).toBe(2025);
    expect(yearIn(new Date("2025-12-31T15:00:00Z"), "Asia/Tokyo")).toBe(2026);
    expect(yearIn(new Date("2026-01-01T03:00:00Z"), "America/New_York")).toBe(2025);
  });
});

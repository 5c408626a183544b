import { describe, expect, it } from "vitest";
import { parseExportArgs } from "./export-args";

describe("npm run export arguments", () => {
  it("defaults to both formats and a directory named after the period", () => {
    const r = parseExportArgs(["--from", "2026-04-01", "--to=2027-03-31"], "Asia/Tokyo");
    expect(r.ok && { format: r.args.format, out: r.args.out, start: r.args.period.start.toISOString() }).toEqual({ format: "both", out: "exports/renkei-2026-04-01_2027-03-31", start: "2026-03-31T15:00:00.000Z" });
  });

  it("takes --format and --out", () => {
    const r = parseExportArgs(["--from", "2026-04-01", "--to", "2026-04-30", "--format", "csv", "--out", "/tmp/x"], "Asia/Tokyo");
    expect(r.ok && [r.args.format, r.args.out]).toEqual(["csv", "/tmp/x"]);
  });

  it("withholds Art. 7 scoped content unless --include-scoped is given (a flag, no value)", () => {
    const plain = parseExportArgs(["--from", "2026-04-01", "--to", "2026-04-30"], "Asia/Tokyo");
    expect(plain.ok && plain.args.includeScoped).toBe(false);
    const asked = parseExportArgs(["--include-scoped", "--from", "2026-04-01", "--to", "2026-04-30", "--format", "json"], "Asia/Tokyo");
    expect(asked.ok && [asked.args.includeScoped, asked.args.format]).toEqual([true, "json"]);
    const misplaced = parseExportArgs(["--from", "--include-scoped", "--to", "2026-04-30"], "Asia/Tokyo");
    expect(!misplaced.ok && misplaced.problems.map((p) => p.field)).toEqual(["--from"]);
  });

  it("names every bad argument with its fix", () => {
    const r = parseExportArgs(["--from", "--to", "2026-13-01", "--format", "xlsx", "--since", "x"], "Asia/Tokyo");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byField = Object.fromEntries(r.problems.map((p) => [p.field, `${p.problem} — ${p.fix}`]));
    expect(byField["--from"]).toContain("needs a value");
    expect(byField["--to"]).toContain("YYYY-MM-DD");
    expect(byField["--format"]).toContain("use csv, json or both");
    expect(byField["--since"]).toContain("not an option");
  });
});

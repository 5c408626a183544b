import { describe, expect, it } from "vitest";
import { parseVerifyArgs } from "./audit-verify-args";

const HASH = "ab".repeat(32);

describe("npm run audit:verify arguments", () => {
  it("no arguments: the database's chain", () => {
    expect(parseVerifyArgs([])).toEqual({ ok: true, args: {} });
  });

  it("--head with the posted hash (and count); --export with a path", () => {
    expect(parseVerifyArgs(["--head", HASH.toUpperCase(), "--count=12"])).toEqual({ ok: true, args: { head: HASH, count: 12 } });
    expect(parseVerifyArgs(["--export", "exports/renkei-2026-04-01_2027-03-31"])).toEqual({ ok: true, args: { export: "exports/renkei-2026-04-01_2027-03-31" } });
  });

  it("names every bad argument", () => {
    const r = parseVerifyArgs(["--head", "abc", "--count", "x", "--since", "1"]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join("\n")).toContain('--head "abc" is not a hash');
    expect(r.problems.join("\n")).toContain('--count "x" is not a number');
    expect(r.problems.join("\n")).toContain("--since is not an option");
    expect(parseVerifyArgs(["--count", "3"])).toEqual({ ok: false, problems: ["--count goes with --head"] });
    expect(parseVerifyArgs(["--head", HASH, "--export", "x"])).toMatchObject({ ok: false });
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { belongsToExercise, formatOffset, parseExerciseFile, parseOffset, parseStartArgs, planTimeline, resolveCast, scoreExercise, textIn, type ExerciseFile } from "./exercise";
import type { Directory, Member } from "./parties";

const people: Member[] = [
  { userId: "U1", party: "nisc", roles: ["liaison"], name: "伊藤 Ito" },
  { userId: "U2", party: "nisc", roles: ["manager", "admin"] },
  { userId: "U3", party: "ppc", roles: ["liaison"], name: "Suzuki" },
  { userId: "U4", party: "ppc", roles: ["staff"] },
];
const directory: Directory = { member: (id) => people.find((p) => p.userId === id), membersOf: (party) => people.filter((p) => p.party === party), all: () => people };

const minimal = `
title: Drill
cast: { nisc.liaison: auto, ppc.liaison: Suzuki }
injects:
  - at: T+0
    to: [nisc.liaison]
    text: A report arrives
  - at: T+10m
    to: [nisc.liaison, ppc.liaison]
    text: { ja: "約1,500人", en: "about 1,500 persons" }
  - at: T+25m
    text: A news outlet asks
expectations:
  - { expect: register_incident, within: T+15m, by: nisc }
  - { expect: contact_other_party, within: T+30m }
  - { expect: compute_deadlines, final_due: 2027-01-29 }
  - { expect: scope_before_forwarding }
`;

const parsed = (text: string): ExerciseFile => {
  const r = parseExerciseFile(text);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.exercise;
};

describe("offsets", () => {
  it("reads T+ offsets in hours, minutes and seconds and writes them back", () => {
    expect(parseOffset("T+0")).toBe(0);
    expect(parseOffset("T+10m")).toBe(600_000);
    expect(parseOffset("T+1h30m")).toBe(5_400_000);
    expect(parseOffset("T + 90s")).toBe(90_000);
    expect(parseOffset("10m")).toBeNull();
    expect(parseOffset("T+")).toBeNull();
    expect(formatOffset(5_400_000)).toBe("T+1h30m");
    expect(formatOffset(600_000)).toBe("T+10m");
    expect(formatOffset(0)).toBe("T+0");
  });
});

describe("the exercise file", () => {
  it("parses a minimal file with defaults", () => {
    const e = parsed(minimal);
    expect(e.speed).toBe(1);
    expect(e.injects[2]!.to).toBe("channel");
    expect(textIn(e.injects[1]!.text, "en")).toBe("about 1,500 persons");
    expect(textIn(e.injects[1]!.text, "ja")).toBe("約1,500人");
  });

  it("names the field and the fix for each problem", () => {
    const r = parseExerciseFile(`
title: Drill
speed: fast
cast: { nisc.boss: auto }
injects:
  - at: 10 minutes
    text: hi
  - at: T+5m
    to: [ppc.liaison]
expectations:
  - { expect: win }
`);
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.problem]));
    expect(byField["speed"]).toContain("speed must be a number");
    expect(byField["cast.nisc.boss"] ?? Object.entries(byField).find(([f]) => f.startsWith("cast"))?.[1]).toContain('"<party>.<role>"');
    expect(byField["injects[0].at"]).toContain('"T+10m"');
    expect(byField["injects[1].text"]).toContain("needs a text");
    expect(byField["expectations[0].expect"]).toContain("register_incident");
  });

  it("refuses an inject addressed to a role nobody plays, and bad YAML with its line", () => {
    const r = parseExerciseFile(`title: x\ncast: { nisc.liaison: auto }\ninjects:\n  - { at: T+0, to: [ppc.liaison], text: hi }\n`);
    expect(r.ok ? [] : r.problems).toEqual([{ field: "injects[0]", problem: expect.stringContaining('add "ppc.liaison: auto"') }]);
    const bad = parseExerciseFile("title: [unclosed\n");
    expect(bad.ok ? "" : bad.problems[0]!.problem).toMatch(/not valid YAML/);
  });

  it("checks a scripted register_incident has its incident and who registers it", () => {
    const r = parseExerciseFile(`title: x\ncast: { nisc.liaison: auto }\ninjects:\n  - { at: T+0, action: register_incident }\n`);
    expect(r.ok ? [] : r.problems.map((p) => p.field).sort()).toEqual(["injects[0].as", "injects[0].incident"]);
  });

  it("the shipped examples parse and cast on the built-in people", () => {
    const dir = path.join(__dirname, "../../exercises");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yml"));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) {
      const e = parsed(fs.readFileSync(path.join(dir, f), "utf8"));
      expect(textIn(e.title, "en")).toMatch(/[a-z]/);
      const roles = Object.keys(e.cast);
      const everyone: Member[] = roles.map((r, i) => ({ userId: `U${i}`, party: r.split(".")[0]!, roles: [r.split(".")[1] as Member["roles"][number]] }));
      const d: Directory = { member: (id) => everyone.find((p) => p.userId === id), membersOf: (p) => everyone.filter((m) => m.party === p), all: () => everyone };
      expect(resolveCast(e, d, ["ppc", "nisc"]).ok).toBe(true);
    }
  });
});

describe("the cast", () => {
  it("resolves auto, user IDs and names, and refuses a person without the role", () => {
    expect(resolveCast(parsed(minimal), directory, ["ppc", "nisc"])).toEqual({ ok: true, cast: { "nisc.liaison": "U1", "ppc.liaison": "U3" } });
    expect(resolveCast({ cast: { "ppc.liaison": "U4", "ppc.manager": "auto", "nisc.liaison": "U3", "x.staff": "auto", "nisc.staff": "nobody" } }, directory, ["ppc", "nisc"])).toEqual({
      ok: false,
      problems: [
        { role: "ppc.liaison", problem: "missing_role" },
        { role: "ppc.manager", problem: "nobody" },
        { role: "nisc.liaison", problem: "wrong_party" },
        { role: "x.staff", problem: "wrong_party" },
        { role: "nisc.staff", problem: "unknown_person" },
      ],
    });
  });
});

describe("the timeline", () => {
  it("plans one delivery per recipient at offset / speed", () => {
    const e = parsed(minimal);
    const start = new Date("2026-12-01T01:00:00Z");
    const plan = planTimeline(e, { "nisc.liaison": "U1", "ppc.liaison": "U3" }, start, 60);
    expect(plan.map((p) => [p.index, p.target.kind, "userId" in p.target ? p.target.userId : null, p.runAfter.toISOString()])).toEqual([
      [0, "dm", "U1", "2026-12-01T01:00:00.000Z"],
      [1, "dm", "U1", "2026-12-01T01:00:10.000Z"],
      [1, "dm", "U3", "2026-12-01T01:00:10.000Z"],
      [2, "channel", null, "2026-12-01T01:00:25.000Z"],
    ]);
  });

  it("reads --speed", () => {
    expect(parseStartArgs(["drill", "--speed", "60"])).toEqual({ name: "drill", speed: 60, error: null });
    expect(parseStartArgs(["--speed=120", "drill"])).toEqual({ name: "drill", speed: 120, error: null });
    expect(parseStartArgs(["drill", "--speed", "0"]).error).toBe("bad_speed");
    expect(parseStartArgs(["drill", "--speed"]).error).toBe("bad_speed");
  });
});

describe("scoring", () => {
  const start = new Date("2026-12-01T01:00:00Z");
  const at = (scenarioMin: number, speed = 60) => new Date(start.getTime() + (scenarioMin * 60_000) / speed);

  it("scores a known run: registered in time, contact late, deadlines as expected, no forwarding outside scope", () => {
    const score = scoreExercise(parsed(minimal).expectations, {
      registered: [{ at: at(12), party: "nisc" }],
      contacted: [{ at: at(35), party: "nisc" }],
      decided: [],
      deadlines: [{ preliminaryDueAt: new Date(), finalDueAt: new Date(), finalDueDay: "2027-01-29" }],
      scopes: [],
      scopeWarnings: 0,
      shared: 0,
    }, start, 60);
    expect(score.results.map((r) => [r.expect, r.met, r.detail])).toEqual([
      ["register_incident", true, "T+12m / T+15m"],
      ["contact_other_party", false, "T+35m / T+30m"],
      ["compute_deadlines", true, "2027-01-29 = 2027-01-29"],
      ["scope_before_forwarding", true, "0 warning(s), 0 shared"],
    ]);
    expect([score.met, score.total, score.percent]).toEqual([3, 4, 75]);
  });

  it("counts only the expected party, and nothing done as missed", () => {
    const score = scoreExercise([{ expect: "register_incident", by: "nisc", within: "T+15m" }], { registered: [{ at: at(1), party: "ppc" }], contacted: [], decided: [], deadlines: [], scopes: [], scopeWarnings: 0, shared: 0 }, start, 60);
    expect(score.results[0]).toMatchObject({ met: false, actualMs: null, detail: "not done" });
  });
});

describe("which intake belongs to the running exercise", () => {
  const running = { status: "running" as const, channelId: "C0EXERCISE", cast: { "nisc.liaison": "U1" } };
  it("is the exercise channel's, or a cast member's in their DM; never one from elsewhere or after the end", () => {
    expect(belongsToExercise(running, "C0EXERCISE", "U9")).toBe(true);
    expect(belongsToExercise(running, "D0001", "U1")).toBe(true);
    expect(belongsToExercise(running, "D0002", "U9")).toBe(false);
    expect(belongsToExercise(running, "C0GENERAL1", "U1")).toBe(false);
    expect(belongsToExercise({ ...running, status: "ended" }, "C0EXERCISE", "U1")).toBe(false);
    expect(belongsToExercise(null, "C0EXERCISE", "U1")).toBe(false);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "./config-error";
import { loadRenkeiConfig, parseRenkeiConfig } from "./renkei-config";

type Raw = Record<string, unknown>;
const valid = (): Raw => ({
  profile: "ppc-nisc-2023",
  locale: "ja",
  timezone: "Asia/Tokyo",
  incidentChannels: { private: true, prefix: "inc" },
  parties: {
    ppc: {
      members: [
        { user: "U0PPCSTAF1", roles: ["staff"] },
        { user: "U0PPCLIAI1", roles: ["liaison", "liaison"], locale: "en", name: "Sato" },
      ],
    },
    nisc: {
      teamId: "T0NISC01",
      members: [
        { user: "U0NISCSTF1", roles: ["staff"] },
        { user: "U0NISCLIA1", roles: ["liaison", "admin"] },
      ],
    },
  },
});

/** Parses and returns the ConfigError it must throw. */
function problemOf(raw: unknown): ConfigError {
  try {
    parseRenkeiConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("parseRenkeiConfig: valid", () => {
  it("builds the profile, settings and directory", () => {
    const cfg = parseRenkeiConfig(valid());
    expect(cfg.profile.id).toBe("ppc-nisc-2023");
    expect(cfg.profile.parties.map((p) => p.id)).toEqual(["ppc", "nisc"]);
    expect(cfg.locale).toBe("ja");
    expect(cfg.timezone).toBe("Asia/Tokyo");
    expect(cfg.incidentChannels).toEqual({ private: true, prefix: "inc", archiveAfterDays: 30 });
    expect(cfg.partyTeams).toEqual({ ppc: undefined, nisc: "T0NISC01" });
  });

  it("the directory finds members by user and by party, with roles de-duplicated", () => {
    const { directory } = parseRenkeiConfig(valid());
    expect(directory.member("U0PPCLIAI1")).toEqual({ userId: "U0PPCLIAI1", party: "ppc", roles: ["liaison"], locale: "en", name: "Sato" });
    expect(directory.member("U0NISCLIA1")?.party).toBe("nisc");
    expect(directory.member("U0NOBODY")).toBeUndefined();
    expect(directory.membersOf("nisc").map((m) => m.userId)).toEqual(["U0NISCSTF1", "U0NISCLIA1"]);
    expect(directory.all()).toHaveLength(4);
  });

  it("applies defaults for profile, locale, time zone and channels", () => {
    const raw = valid();
    const cfg = parseRenkeiConfig({ parties: raw.parties });
    expect(cfg.profile.id).toBe("ppc-nisc-2023");
    expect(cfg.locale).toBe("ja");
    expect(cfg.timezone).toBe("Asia/Tokyo");
    expect(cfg.incidentChannels).toEqual({ private: true, prefix: "inc", archiveAfterDays: 30 });
  });

  it("renaming NISC to the National Cybersecurity Office changes its name but not its id", () => {
    const raw = valid();
    (raw.parties as Raw).nisc = {
      ...((raw.parties as Raw).nisc as Raw),
      name: { ja: "内閣官房国家サイバー統括室", en: "National Cybersecurity Office" },
      short: { en: "NCO" },
    };
    const cfg = parseRenkeiConfig(raw);
    const party = cfg.profile.parties[1];
    expect(party.id).toBe("nisc");
    expect(party.name).toEqual({ ja: "内閣官房国家サイバー統括室", en: "National Cybersecurity Office" });
    // a partial override keeps the other locale
    expect(party.short).toEqual({ ja: "NISC", en: "NCO" });
    // the other party is untouched
    expect(cfg.profile.parties[0].name.en).toBe("Personal Information Protection Commission");
    // members still belong to "nisc"
    expect(cfg.directory.member("U0NISCLIA1")?.party).toBe("nisc");
  });

  it("does not mutate the built-in profile when names are overridden", () => {
    const raw = valid();
    ((raw.parties as Raw).nisc as Raw).name = { en: "Renamed" };
    parseRenkeiConfig(raw);
    expect(parseRenkeiConfig(valid()).profile.parties[1].name.en).toBe("National center of Incident readiness and Strategy for Cybersecurity");
  });

  it("the repository's renkei.example.yml parses", () => {
    const file = fileURLToPath(new URL("../../renkei.example.yml", import.meta.url));
    const cfg = loadRenkeiConfig(file);
    expect(cfg.profile.id).toBe("ppc-nisc-2023");
    expect(cfg.directory.membersOf("ppc").length).toBeGreaterThan(0);
    expect(cfg.directory.membersOf("nisc").some((m) => m.roles.includes("liaison"))).toBe(true);
  });
});

describe("parseRenkeiConfig: each problem names its field and the fix", () => {
  it("a bad user id", () => {
    const raw = valid();
    ((raw.parties as Raw).ppc as { members: Raw[] }).members[0]!.user = "sato";
    const err = problemOf(raw);
    expect(err.problems).toEqual([{ field: "parties.ppc.members[0].user", problem: expect.stringContaining("Copy member ID") }]);
    expect(err.message).toContain("parties.ppc.members[0].user");
    expect(err.message).toContain("U0123ABCD");
    expect(err.message).toContain("renkei.yml");
  });

  it("an unknown role", () => {
    const raw = valid();
    ((raw.parties as Raw).nisc as { members: Raw[] }).members[1]!.roles = ["liaison", "boss"];
    const err = problemOf(raw);
    expect(err.message).toContain("parties.nisc.members[1].roles[1]");
    expect(err.message).toContain("staff, liaison, manager, admin");
  });

  it("a member with no roles", () => {
    const raw = valid();
    ((raw.parties as Raw).ppc as { members: Raw[] }).members[0]!.roles = [];
    const err = problemOf(raw);
    expect(err.message).toContain("parties.ppc.members[0].roles");
    expect(err.message).toContain("at least one role");
  });

  it("an unknown party key", () => {
    const raw = valid();
    (raw.parties as Raw).nco = { members: [{ user: "U0NCO1", roles: ["liaison"] }] };
    const err = problemOf(raw);
    expect(err.problems).toEqual([{ field: "parties.nco", problem: expect.stringContaining("use ppc and nisc") }]);
    expect(err.message).toContain("parties.nco");
  });

  it("a missing party", () => {
    const raw = valid();
    delete (raw.parties as Raw).nisc;
    const err = problemOf(raw);
    expect(err.problems).toEqual([{ field: "parties.nisc", problem: expect.stringContaining("is missing") }]);
    expect(err.message).toContain("parties.nisc: is missing; list this party's members");
  });

  it("no parties at all", () => {
    const err = problemOf({});
    expect(err.message).toContain("parties");
    expect(err.problems[0]?.field).toBe("parties");
  });

  it("a user in both parties", () => {
    const raw = valid();
    ((raw.parties as Raw).nisc as { members: Raw[] }).members.push({ user: "U0PPCSTAF1", roles: ["staff"] });
    const err = problemOf(raw);
    expect(err.problems).toEqual([{ field: "parties.nisc.members[2].user", problem: expect.stringContaining("already a member of ppc") }]);
    expect(err.message).toContain("one party only");
  });

  it("a party without a liaison officer", () => {
    const raw = valid();
    ((raw.parties as Raw).ppc as { members: Raw[] }).members[1]!.roles = ["manager"];
    const err = problemOf(raw);
    expect(err.problems).toEqual([{ field: "parties.ppc.members", problem: expect.stringContaining("role liaison") }]);
  });

  it("a party with no members has no liaison either", () => {
    const raw = valid();
    (raw.parties as Raw).nisc = {};
    expect(problemOf(raw).problems).toEqual([{ field: "parties.nisc.members", problem: expect.stringContaining("no liaison") }]);
  });

  it("a bad time zone", () => {
    const err = problemOf({ ...valid(), timezone: "Asia/Tokio" });
    expect(err.problems).toEqual([{ field: "timezone", problem: expect.stringContaining("Asia/Tokyo") }]);
    expect(err.message).toContain("timezone: is not an IANA time zone");
  });

  it("an unknown profile", () => {
    const err = problemOf({ ...valid(), profile: "ppc-npa-2023" });
    expect(err.problems).toEqual([{ field: "profile", problem: expect.stringContaining("ppc-nisc-2023") }]);
  });

  it.each(["INC", "-inc", "inc!", "", "a".repeat(21)])("a bad channel prefix %j", (prefix) => {
    const err = problemOf({ ...valid(), incidentChannels: { prefix } });
    expect(err.problems).toEqual([{ field: "incidentChannels.prefix", problem: expect.stringContaining("lower-case") }]);
  });

  it("a bad locale and a bad team id", () => {
    const raw = valid();
    ((raw.parties as Raw).ppc as Raw).teamId = "x";
    const err = problemOf({ ...raw, locale: "fr" });
    expect(err.message).toContain("locale: must be one of ja, en");
    expect(err.message).toContain("parties.ppc.teamId");
  });

  it("lists several problems together", () => {
    const raw = valid();
    ((raw.parties as Raw).ppc as { members: Raw[] }).members[1]!.roles = ["staff"];
    ((raw.parties as Raw).nisc as { members: Raw[] }).members[0]!.user = "U0PPCSTAF1";
    const err = problemOf(raw);
    expect(err.problems.map((p) => p.field).sort()).toEqual(["parties.nisc.members[0].user", "parties.ppc.members"]);
  });

  it("uses the given source in the message", () => {
    try {
      parseRenkeiConfig({ ...valid(), timezone: "Nowhere/Land" }, "/etc/renkei.yml");
      expect.unreachable();
    } catch (e) {
      expect((e as ConfigError).source).toBe("/etc/renkei.yml");
      expect((e as Error).message).toMatch(/^Invalid configuration in \/etc\/renkei\.yml:/);
    }
  });
});

describe("loadRenkeiConfig", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-config-test-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("a missing file is reported with how to create it", () => {
    const file = path.join(dir, "absent.yml");
    try {
      loadRenkeiConfig(file);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems[0]?.field).toBe("RENKEI_CONFIG");
      expect((e as Error).message).toContain("file not found");
      expect((e as Error).message).toContain("renkei.example.yml");
      expect((e as Error).message).toContain(file);
    }
  });

  it("invalid YAML is reported with its line", () => {
    const file = path.join(dir, "broken.yml");
    fs.writeFileSync(file, "profile: ppc-nisc-2023\nparties:\n  ppc: [unclosed\n  nisc: {}\n");
    try {
      loadRenkeiConfig(file);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems[0]?.field).toMatch(/^line \d+$/);
      expect((e as Error).message).toContain("is not valid YAML");
    }
  });

  it("an empty file is reported as missing parties, not a crash", () => {
    const file = path.join(dir, "empty.yml");
    fs.writeFileSync(file, "");
    try {
      loadRenkeiConfig(file);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.field)).toContain("parties");
    }
  });

  it("a valid file loads, with the field paths of problems reported against the file", () => {
    const good = path.join(dir, "good.yml");
    fs.writeFileSync(
      good,
      [
        "timezone: America/New_York",
        "parties:",
        "  ppc:",
        "    members:",
        "      - { user: U0PPC1, roles: [liaison] }",
        "  nisc:",
        "    name: { en: National Cybersecurity Office }",
        "    members:",
        "      - { user: U0NCO1, roles: [liaison] }",
      ].join("\n"),
    );
    const cfg = loadRenkeiConfig(good);
    expect(cfg.timezone).toBe("America/New_York");
    expect(cfg.profile.parties[1].name.en).toBe("National Cybersecurity Office");
    expect(cfg.profile.parties[1].id).toBe("nisc");

    const bad = path.join(dir, "bad.yml");
    fs.writeFileSync(bad, "parties:\n  ppc:\n    members:\n      - { user: bob, roles: [liaison] }\n  nisc:\n    members:\n      - { user: U0NCO1, roles: [liaison] }\n");
    try {
      loadRenkeiConfig(bad);
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain(bad);
      expect((e as Error).message).toContain("parties.ppc.members[0].user");
    }
  });
});

describe("incidentChannels.archiveAfterDays (issue 15)", () => {
  it("defaults to 30, accepts null (never) and refuses nonsense", () => {
    const base = valid();
    expect(parseRenkeiConfig({ ...base, incidentChannels: { archiveAfterDays: null } }, "t").incidentChannels.archiveAfterDays).toBeNull();
    expect(parseRenkeiConfig({ ...base, incidentChannels: { archiveAfterDays: 7 } }, "t").incidentChannels.archiveAfterDays).toBe(7);
    expect(() => parseRenkeiConfig({ ...base, incidentChannels: { archiveAfterDays: -1 } }, "t")).toThrow(/archiveAfterDays/);
  });
});

import { describe, expect, it } from "vitest";
import { installationCoverage, partyOfTeam, type SlackInstallationRecord } from "./installations";

const rec = (over: Partial<SlackInstallationRecord>): SlackInstallationRecord => ({
  id: "T0PPC", teamId: "T0PPC", teamName: "PPC", enterpriseId: null, isEnterpriseInstall: false, botUserId: "U0BOT", botId: "B0BOT",
  botScopes: ["chat:write"], installerUserId: "U0ADMIN", revokedAt: null, revokedReason: null, installedAt: new Date(0), ...over,
});

describe("installationCoverage", () => {
  it("says per party: installed, not installed, revoked, or no team id in renkei.yml", () => {
    const revokedAt = new Date("2026-12-01T00:00:00Z");
    const out = installationCoverage(
      ["ppc", "nisc", "third", "fourth"],
      { ppc: "T0PPC", nisc: "T0NISC", third: undefined, fourth: "T0FOUR" },
      [rec({}), rec({ id: "T0FOUR", teamId: "T0FOUR", revokedAt, revokedReason: "account_inactive" })],
    );
    expect(out).toEqual([
      { party: "ppc", teamId: "T0PPC", status: "installed", installationId: "T0PPC" },
      { party: "nisc", teamId: "T0NISC", status: "not_installed" },
      { party: "third", status: "no_team_id" },
      { party: "fourth", teamId: "T0FOUR", status: "revoked", reason: "account_inactive", since: revokedAt },
    ]);
  });

  it("an org-wide install serves the teams of its Enterprise Grid organisation", () => {
    const org = rec({ id: "E0ORG", teamId: null, enterpriseId: "E0ORG", isEnterpriseInstall: true });
    const out = installationCoverage(["ppc", "nisc"], { ppc: "T0PPC", nisc: "E0ORG" }, [org], (t) => (t === "T0PPC" ? "E0ORG" : undefined));
    expect(out.map((s) => s.status)).toEqual(["installed", "installed"]);
  });

  it("partyOfTeam finds the party renkei.yml puts in a team", () => {
    expect(partyOfTeam({ ppc: "T0PPC", nisc: "T0NISC" }, "T0NISC")).toBe("nisc");
    expect(partyOfTeam({ ppc: "T0PPC" }, "T0X")).toBeUndefined();
    expect(partyOfTeam({ ppc: undefined }, undefined)).toBeUndefined();
  });
});

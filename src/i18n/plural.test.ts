import { describe, expect, it } from "vitest";
import { t } from "./t";

describe("plurals in the catalogue", () => {
  it("says 1 person / 2 people in English and 名 in Japanese", () => {
    const vars = { via: "forwarded", party: "PPC", tlp: "TLP:RED", meaning: "", extra: "", channel: "<#C1>" };
    expect(t("en", "scope.warning.channel", { ...vars, count: 1 })).toContain("\n1 person in this conversation is outside it.");
    expect(t("en", "scope.warning.channel", { ...vars, count: 2 })).toContain("\n2 people in this conversation are outside it.");
    expect(t("en", "scope.forwarder.note", { ...vars, count: 1 })).toContain("1 person in that conversation is outside it.");
    expect(t("en", "consent_request.audience.people", { count: 1 })).toBe("1 person");
    expect(t("en", "remind.task_escalation", { party: "NISC", days: 1, ref: "2026-0001", title: "x", assignee: "a", date: "d" })).toContain("is 1 day overdue");
    expect(t("ja", "scope.warning.channel", { ...vars, count: 1 })).toContain("1名");
  });

  it("leaves a plural form visible when its number is missing", () => {
    expect(t("en", "consent_request.audience.people")).toBe("{count} {count:person|people}");
  });
});

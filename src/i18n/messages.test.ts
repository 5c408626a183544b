import { describe, expect, it } from "vitest";
import { LOCALES } from "./locale";
import { MESSAGES, type MessageKey } from "./messages";
import { t, translator } from "./t";

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe("message catalogue", () => {
  it("has the same keys in ja and en, each a non-empty string", () => {
    const ja = Object.keys(MESSAGES.ja).sort();
    const en = Object.keys(MESSAGES.en).sort();
    expect(en).toEqual(ja);
    expect(ja.length).toBeGreaterThan(50);
    for (const locale of LOCALES) {
      for (const key of ja as MessageKey[]) {
        const text = MESSAGES[locale][key];
        expect(typeof text, `${locale} ${key}`).toBe("string");
        expect(text.trim(), `${locale} ${key}`).not.toBe("");
      }
    }
  });

  it("every key has the same set of {placeholders} in ja and en", () => {
    const mismatches = (Object.keys(MESSAGES.ja) as MessageKey[])
      .filter((key) => placeholders(MESSAGES.ja[key]).join() !== placeholders(MESSAGES.en[key]).join())
      .map((key) => `${key}: ja {${placeholders(MESSAGES.ja[key])}} en {${placeholders(MESSAGES.en[key])}}`);
    expect(mismatches).toEqual([]);
  });

  it("has a message for every role, intake error, card state and reportability reason", () => {
    const keys = new Set(Object.keys(MESSAGES.en));
    const expected = [
      ...["staff", "liaison", "manager", "admin"].map((r) => `role.${r}`),
      ...["required", "too_long", "not_a_number", "negative", "too_large", "in_future", "invalid_choice"].map((e) => `intake.error.${e}`),
      ...["out_of_scope", "open", "cooperation_case", "closed"].map((s) => `card.state.${s}`),
      ...["special_care", "financial", "unlawful_purpose", "over_threshold"].map((r) => `reportability.reason.${r}`),
      ...["not_a_member", "role_required", "other_party_task"].map((r) => `refusal.${r}`),
      "regime.art26",
      "regime.art68",
    ];
    expect(expected.filter((k) => !keys.has(k))).toEqual([]);
  });
});

describe("t", () => {
  it("fills placeholders, repeated ones everywhere, numbers as text", () => {
    expect(t("en", "refusal.other_party_task", { party: "NISC" })).toBe(
      "This task belongs to NISC; only NISC members can complete it. Nothing was changed.",
    );
    expect(t("ja", "common.article", { n: 4 })).toBe("第4条");
    expect(t("en", "common.article", { n: "4(1)" })).toBe("Art. 4(1)");
    expect(t("en", "list.more", { count: 0 })).toBe("and 0 more");
  });

  it("leaves unknown or missing placeholders visible", () => {
    expect(t("en", "card.header", { ref: "2026-0001" })).toBe("2026-0001 {title}");
    expect(t("ja", "card.header")).toBe("{ref} {title}");
  });

  it("inserts values as given, without re-expanding braces inside them", () => {
    expect(t("en", "card.header", { ref: "{title}", title: "$& <b>" })).toBe("{title} $& <b>");
  });

  it("returns the locale's text", () => {
    expect(t("ja", "common.yes")).toBe("はい");
    expect(t("en", "common.yes")).toBe("Yes");
  });

  it("translator binds a locale", () => {
    const tr = translator("ja");
    expect(tr("task.due", { date: "2026-01-05" })).toBe("期限: 2026-01-05");
    expect(translator("en")("task.due", { date: "2026-01-05" })).toBe("Due: 2026-01-05");
  });
});

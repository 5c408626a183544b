import { describe, expect, it } from "vitest";
import { ACTIVITY_KINDS, ARTICLES_OF_KIND, formatActivityRef, isActivityKind, isActivityRef } from "./activity";

describe("activity references", () => {
  it("are distinct from incident references and sortable within a year", () => {
    expect(formatActivityRef(2026, 7)).toBe("A-2026-007");
    expect(formatActivityRef(2026, 1234)).toBe("A-2026-1234");
    expect(isActivityRef("A-2026-007")).toBe(true);
    expect(isActivityRef("2026-0007")).toBe(false);
    expect(isActivityRef("A-2026-7")).toBe(false);
  });
});

describe("activity kinds", () => {
  it("each come from an article of the memorandum", () => {
    expect(ACTIVITY_KINDS.map((k) => ARTICLES_OF_KIND[k])).toEqual([["5(1)"], ["5(2)"], ["5(3)"], ["6", "8"]]);
    expect(isActivityKind("consultation")).toBe(true);
    expect(isActivityKind("incident")).toBe(false);
  });
});

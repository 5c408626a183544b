import { describe, expect, it } from "vitest";
import { PPC_NISC_2023 } from "../../config/profiles";
import type { Member } from "../parties";
import { EMPTY_ALLOWANCES } from "../sharing-scope";
import { acknowledgeRefusal, categoriesProvidedBy, categoryFor, shareStartRefusal, validateShare, type ShareInput } from "./share";

const categories = PPC_NISC_2023.normalTimesSharing!;
const ppcStaff: Member = { userId: "U1", party: "ppc", roles: ["staff"] };
const niscStaff: Member = { userId: "U2", party: "nisc", roles: ["staff"] };
const niscLiaison: Member = { userId: "U3", party: "nisc", roles: ["liaison"] };
const ppcLiaison: Member = { userId: "U4", party: "ppc", roles: ["liaison"] };

const input = (over: Partial<ShareInput> = {}): ShareInput => ({ category: "leak_statistics", title: "Leak statistics FY2025", content: "1,234 reports", reference: "", level: "amber", allow: EMPTY_ALLOWANCES, ...over });

describe("Art. 5(2) direction rule", () => {
  it("gives each party only the categories it provides", () => {
    expect(categoriesProvidedBy(categories, "ppc").map((c) => c.id)).toEqual(["attack_methods", "leak_statistics"]);
    expect(categoriesProvidedBy(categories, "nisc").map((c) => c.id)).toEqual(["research_results", "threat_information", "technology_trends"]);
    expect(categories.every((c) => c.from !== c.to)).toBe(true);
  });

  it("refuses a category shared against its direction, and unknown ones", () => {
    expect(categoryFor(categories, "leak_statistics", "ppc")).toMatchObject({ category: { id: "leak_statistics", to: "nisc" } });
    expect(categoryFor(categories, "leak_statistics", "nisc")).toMatchObject({ error: "wrong_direction", category: { from: "ppc" } });
    expect(categoryFor(categories, "threat_information", "ppc")).toMatchObject({ error: "wrong_direction" });
    expect(categoryFor(categories, "gossip", "ppc")).toMatchObject({ error: "unknown_category", category: null });
  });

  it("validates a share: direction, title, content or reference, scope level", () => {
    const ok = validateShare(categories, "ppc", input());
    expect(ok.errors).toEqual([]);
    expect(ok.data).toMatchObject({ category: "leak_statistics", toParty: "nisc", content: "1,234 reports", reference: null, scope: { level: "amber" } });
    expect(validateShare(categories, "nisc", input()).errors).toEqual([expect.objectContaining({ field: "category", error: "wrong_direction" })]);
    const bad = validateShare(categories, "ppc", input({ title: " ", content: "", reference: "", level: null, category: null }));
    expect(bad.errors.map((e) => `${e.field}:${e.error}`)).toEqual(["category:required", "title:required", "content:content_or_reference", "level:required"]);
    expect(validateShare(categories, "ppc", input({ content: "", reference: "https://example.org/stats.pdf" })).data?.reference).toBe("https://example.org/stats.pdf");
    expect(validateShare(categories, "ppc", input({ title: "x".repeat(151) })).errors[0]).toMatchObject({ field: "title", error: "too_long" });
  });

  it("tells a party with nothing to provide, and anyone outside the parties", () => {
    expect(shareStartRefusal(ppcStaff, categories)).toBeNull();
    expect(shareStartRefusal(niscStaff, categories.filter((c) => c.from === "ppc"))).toBe("nothing_to_share");
    expect(shareStartRefusal(undefined, categories)).toBe("not_a_member");
  });
});

describe("acknowledging a share", () => {
  const share = { ownerParty: "ppc", status: "open", data: { category: "leak_statistics", toParty: "nisc", scope: { level: "amber", allow: EMPTY_ALLOWANCES } } };
  it("is for the receiving party's liaison, once", () => {
    expect(acknowledgeRefusal(niscLiaison, share)).toBeNull();
    expect(acknowledgeRefusal(niscStaff, share)).toBe("not_receiving_liaison");
    expect(acknowledgeRefusal(ppcLiaison, share)).toBe("not_receiving_liaison");
    expect(acknowledgeRefusal(undefined, share)).toBe("not_a_member");
    expect(acknowledgeRefusal(niscLiaison, { ...share, status: "done" })).toBe("already_received");
  });
});

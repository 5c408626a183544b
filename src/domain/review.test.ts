import { describe, expect, it } from "vitest";
import { isoDay, partiesYetToReview, reviewDueOn, reviewRefusal, validateReview } from "./review";

describe("the review after closing", () => {
  it("needs what worked and what did not; lessons one a line, bullets dropped, at most 10", () => {
    expect(validateReview({ worked: " ", didNot: null, lessons: null })).toEqual({ ok: false, errors: { worked: "required", didNot: "required" } });
    expect(validateReview({ worked: "a", didNot: "b", lessons: "- one\n\n・two\n3) three\n" })).toEqual({ ok: true, review: { worked: "a", didNot: "b", lessons: ["one", "two", "three"] } });
    expect(validateReview({ worked: "a", didNot: "b", lessons: Array.from({ length: 11 }, (_, i) => `l${i}`).join("\n") })).toEqual({ ok: false, errors: { lessons: "too_many" } });
    expect(validateReview({ worked: "a", didNot: "b", lessons: "x".repeat(501) })).toEqual({ ok: false, errors: { lessons: "too_long" } });
  });

  it("one review per party, only while the incident is closed", () => {
    const m = { userId: "U1", party: "ppc", roles: ["staff" as const] };
    expect(reviewRefusal(undefined, { status: "closed" }, [])).toBe("not_a_member");
    expect(reviewRefusal(m, { status: "reopened" }, [])).toBe("not_closed");
    expect(reviewRefusal(m, { status: "closed" }, [{ party: "ppc" }])).toBe("already_reviewed");
    expect(reviewRefusal(m, { status: "closed" }, [{ party: "nisc" }])).toBeUndefined();
    expect(partiesYetToReview(["ppc", "nisc"], [{ party: "nisc" }])).toEqual(["ppc"]);
  });

  it("is due N calendar days after the local closing day", () => {
    // 23:30 in Tokyo on 12-03 is 14:30 UTC: still the 3rd locally
    expect(isoDay(reviewDueOn(new Date("2026-12-03T14:30:00Z"), 14, "Asia/Tokyo"))).toBe("2026-12-17");
    expect(isoDay(reviewDueOn(new Date("2026-12-03T15:30:00Z"), 14, "Asia/Tokyo"))).toBe("2026-12-18");
  });
});

import { describe, expect, it } from "vitest";
import { formatReference, isReference } from "./reference";

describe("reference numbers", () => {
  it("pads the sequence to four digits and keeps growing past 9999", () => {
    expect(formatReference(2026, 1)).toBe("2026-0001");
    expect(formatReference(2026, 9999)).toBe("2026-9999");
    expect(formatReference(2026, 10000)).toBe("2026-10000");
  });

  it("recognises references and rejects other text", () => {
    expect(isReference("2026-0001")).toBe(true);
    expect(isReference("2026-10000")).toBe(true);
    for (const bad of ["2026-001", "26-0001", "2026_0001", " 2026-0001", "2026-0001x", ""]) expect(isReference(bad)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { articleLabel, articleNumber } from "./articles";

describe("article references", () => {
  it("renders the memorandum's numbering in Japanese legal style", () => {
    expect(articleLabel("ja", "4(2)(i)")).toBe("第4条第2項第1号");
    expect(articleLabel("ja", "4(2)(vi)")).toBe("第4条第2項第6号");
    expect(articleLabel("ja", "4(1)")).toBe("第4条第1項");
    expect(articleLabel("ja", "2")).toBe("第2条");
    expect(articleNumber("ja", "4(2)(iv)")).toBe("4条第2項第4号");
  });

  it("keeps the English numbering", () => {
    expect(articleLabel("en", "4(2)(iii)")).toBe("Art. 4(2)(iii)");
    expect(articleNumber("en", "4(2)(iii)")).toBe("4(2)(iii)");
  });

  it("leaves an unknown shape as it is", () => {
    expect(articleNumber("ja", "APPI 26")).toBe("APPI 26");
  });
});

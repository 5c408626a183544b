import { describe, expect, it } from "vitest";
import { escapeAndTruncate, escapeMrkdwn, plainSafe } from "./mrkdwn";

describe("escapeMrkdwn", () => {
  it("escapes &, < and > so mentions and links stay inert", () => {
    expect(escapeMrkdwn("<!channel> & <@U123|bob> <https://evil.example|click>")).toBe(
      "&lt;!channel&gt; &amp; &lt;@U123|bob&gt; &lt;https://evil.example|click&gt;",
    );
  });

  it("escapes an existing entity again, so what the user typed is shown literally", () => {
    expect(escapeMrkdwn("&lt;")).toBe("&amp;lt;");
  });

  it("leaves other text, including Japanese and emoji, unchanged", () => {
    expect(escapeMrkdwn("漏えい 😀 *bold* _it_")).toBe("漏えい 😀 *bold* _it_");
  });
});

describe("escapeAndTruncate", () => {
  it("returns the escaped text unchanged when it fits", () => {
    expect(escapeAndTruncate("a<b", 6)).toBe("a&lt;b");
    expect(escapeAndTruncate("short", 100)).toBe("short");
  });

  it("shortens with an ellipsis, keeping the result within max", () => {
    const out = escapeAndTruncate("abcdefghij", 5);
    expect(out).toBe("abcd…");
    expect(out.length).toBe(5);
  });

  it("never cuts an entity in half", () => {
    // "ab&amp;..." : with max 5 there is room for "ab" + "…" only; "&am" would be a broken entity
    expect(escapeAndTruncate("ab&cdef", 5)).toBe("ab…");
    expect(escapeAndTruncate("ab&cdef", 7)).toBe("ab…");
    expect(escapeAndTruncate("ab&cdef", 8)).toBe("ab&amp;…");
    expect(escapeAndTruncate("<<<<", 10)).toBe("&lt;&lt;…");
  });

  it("for many inputs and limits: length ≤ max, no broken entity, and a prefix of the full escape", () => {
    const alphabet = ["a", "&", "<", ">", "漏", "😀", " "];
    let seed = 7;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 1000; i++) {
      const text = Array.from({ length: Math.floor(rand() * 40) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
      const max = 1 + Math.floor(rand() * 50);
      const out = escapeAndTruncate(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      const body = out.endsWith("…") ? out.slice(0, -1) : out;
      expect(escapeMrkdwn(text).startsWith(body)).toBe(true);
      // every "&" starts a complete entity
      expect(body.replace(/&(amp|lt|gt);/g, "")).not.toMatch(/[&<>]/);
      // no lone surrogate: an emoji is kept or dropped as a whole
      expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });
});

describe("plainSafe", () => {
  it("replaces < and > with full-width forms and collapses whitespace", () => {
    expect(plainSafe("  <!here>\n\n hello \t world ", 100)).toBe("＜!here＞ hello world");
  });

  it("shortens to max characters with an ellipsis, counting emoji and Japanese as one", () => {
    expect(plainSafe("abcdef", 4)).toBe("abc…");
    expect(plainSafe("漏えい等報告", 4)).toBe("漏えい…");
    expect(plainSafe("😀😀😀😀", 3)).toBe("😀😀…");
    expect(plainSafe("abcd", 4)).toBe("abcd");
  });
});

import { describe, expect, it } from "vitest";
import { MAX_CHANNEL_NAME, channelNameFor, isValidChannelName, slugify } from "./channel-name";

describe("slugify", () => {
  it("lower-cases and joins runs of other characters with single dashes", () => {
    expect(slugify("Unauthorised Access: Staff System!")).toBe("unauthorised-access-staff-system");
    expect(slugify("  --Hello__World--  ")).toBe("hello-world");
  });

  it("normalises full-width Latin letters and digits (NFKC)", () => {
    expect(slugify("ＡＢＣ　ｄｅｆ　１２３")).toBe("abc-def-123");
  });

  it("drops Japanese and emoji, keeping only the Latin letters and digits", () => {
    expect(slugify("〇〇省 VPN 不正アクセス 🔥 2026")).toBe("vpn-2026");
    expect(slugify("不正アクセス")).toBe("");
  });
});

describe("channelNameFor", () => {
  it("is prefix-reference-slug", () => {
    expect(channelNameFor("inc", "2026-0001", "Unauthorised access")).toBe("inc-2026-0001-unauthorised-access");
  });

  it("a Japanese-only title gives just prefix-reference", () => {
    expect(channelNameFor("inc", "2026-0001", "〇〇省 職員向けシステムへの不正アクセス")).toBe("inc-2026-0001");
    expect(channelNameFor("inc", "2026-0001", "不正アクセス", 2)).toBe("inc-2026-0001-2");
  });

  it("full-width Latin letters in the title are normalised", () => {
    expect(channelNameFor("inc", "2026-0001", "ＶＰＮ装置の脆弱性")).toBe("inc-2026-0001-vpn");
  });

  it("cuts a long title at 80 characters without a trailing dash", () => {
    // "inc-2026-0001-" is 14 characters; make the cut land just after a word so a dash would end it
    const title = `${"a".repeat(65)} ${"b".repeat(30)}`;
    const name = channelNameFor("inc", "2026-0001", title);
    expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(name.endsWith("-")).toBe(false);
    expect(name).toBe(`inc-2026-0001-${"a".repeat(65)}`);
    const full = channelNameFor("inc", "2026-0001", "x".repeat(200));
    expect(full).toBe(`inc-2026-0001-${"x".repeat(66)}`);
    expect(full.length).toBe(80);
  });

  it("attempt 2 adds -2 and still fits in 80 characters", () => {
    const name = channelNameFor("inc", "2026-0001", "x".repeat(200), 2);
    expect(name.endsWith("-2")).toBe(true);
    expect(name.length).toBe(80);
    expect(name).toBe(`inc-2026-0001-${"x".repeat(64)}-2`);
    expect(channelNameFor("inc", "2026-0001", "Leak", 2)).toBe("inc-2026-0001-leak-2");
    expect(channelNameFor("inc", "2026-0001", "Leak", 12)).toBe("inc-2026-0001-leak-12");
  });

  it("distinct attempts give distinct names", () => {
    const names = new Set([1, 2, 3, 4, 5].map((n) => channelNameFor("inc", "2026-0001", "y".repeat(120), n)));
    expect(names.size).toBe(5);
  });

  // Property-style: whatever the user types, the name is a valid Slack channel name.
  it("always produces a valid Slack channel name for many generated titles", () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pools = [
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
      "あいうえおカタカナ漢字不正侵入個人情報漏えい〇〇省",
      "ＡＢＣｘｙｚ０１２３４５　",
      "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n",
      "ÀÉÎÕÜßçñøåİıſK",
      "①②③ⅫⅣ㎏㍻ﬁ",
    ];
    const emoji = ["😀", "🔥", "👨‍👩‍👧", "🇯🇵", "👍🏽", "\u200b", "\u0301"];
    const prefixes = ["inc", "a", "x_y", "incident-2025", "abcdefghijklmnopqrst"];
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(rand() * (i % 10 === 0 ? 400 : 60));
      let title = "";
      for (let j = 0; j < len; j++) {
        if (rand() < 0.1) title += emoji[Math.floor(rand() * emoji.length)];
        else {
          const pool = pools[Math.floor(rand() * pools.length)]!;
          title += Array.from(pool)[Math.floor(rand() * Array.from(pool).length)];
        }
      }
      const prefix = prefixes[i % prefixes.length]!;
      const ref = `20${20 + (i % 10)}-${String(1 + i).padStart(4, "0")}`;
      for (const attempt of [1, 2, 10]) {
        const name = channelNameFor(prefix, ref, title, attempt);
        if (!isValidChannelName(name) || name.length > MAX_CHANNEL_NAME || name.endsWith("-") || name.includes("--")) {
          throw new Error(`invalid name ${JSON.stringify(name)} for title ${JSON.stringify(title)} attempt ${attempt}`);
        }
        expect(name.startsWith(`${prefix}-${ref}`)).toBe(true);
        if (attempt > 1) expect(name.endsWith(`-${attempt}`)).toBe(true);
      }
    }
  });
});

describe("isValidChannelName", () => {
  it("accepts lower-case letters, digits, - and _ up to 80 characters", () => {
    expect(isValidChannelName("inc-2026-0001")).toBe(true);
    expect(isValidChannelName("a_b")).toBe(true);
    expect(isValidChannelName("a".repeat(80))).toBe(true);
  });

  it("rejects upper case, other characters, empty, over 80, and names with no letter or digit", () => {
    for (const bad of ["Inc", "inc 1", "inc.1", "漏えい", "", "a".repeat(81), "---", "_"]) {
      expect(isValidChannelName(bad)).toBe(false);
    }
  });
});

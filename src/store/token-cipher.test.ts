import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseTokenKey, TokenCipher } from "./token-cipher";

describe("TokenCipher (AES-256-GCM)", () => {
  const keyText = randomBytes(32).toString("base64");
  const cipher = TokenCipher.fromKeyText(keyText);

  it("round-trips a token without the plaintext in the stored text, with a fresh IV each time", () => {
    const a = cipher.encrypt("xoxb-secret-token", "T0PPC");
    const b = cipher.encrypt("xoxb-secret-token", "T0PPC");
    expect(a).not.toContain("xoxb");
    expect(a).not.toBe(b);
    expect(a.startsWith("v1.")).toBe(true);
    expect(cipher.decrypt(a, "T0PPC")).toBe("xoxb-secret-token");
  });

  it("refuses another key, another installation's row and a tampered text", () => {
    const stored = cipher.encrypt("xoxb-secret-token", "T0PPC");
    expect(() => TokenCipher.fromKeyText(randomBytes(32).toString("hex")).decrypt(stored, "T0PPC")).toThrow();
    expect(() => cipher.decrypt(stored, "T0NISC")).toThrow();
    const parts = stored.split(".");
    parts[3] = Buffer.from("xoxb-other-token!").toString("base64url");
    expect(() => cipher.decrypt(parts.join("."), "T0PPC")).toThrow();
    expect(() => cipher.decrypt("xoxb-secret-token", "T0PPC")).toThrow(/not an encrypted token/);
  });

  it("takes the key as 64 hex digits or base64 of 32 bytes, nothing else", () => {
    expect(parseTokenKey("ab".repeat(32))?.length).toBe(32);
    expect(parseTokenKey(randomBytes(32).toString("base64url"))?.length).toBe(32);
    expect(parseTokenKey("ab".repeat(16))).toBeUndefined();
    expect(parseTokenKey(randomBytes(16).toString("base64"))).toBeUndefined();
    expect(parseTokenKey("correct horse battery staple")).toBeUndefined();
    expect(() => TokenCipher.fromKeyText("short")).toThrow(/32 bytes/);
  });
});

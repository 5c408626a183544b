// The key that encrypts stored bot tokens (RENKEI_TOKEN_KEY): 32 bytes, as 64 hex digits or base64.

/** 32 key bytes from 64 hex digits or base64 / base64url text; undefined otherwise. */
export function parseTokenKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length === 32) return key;
  }
  return undefined;
}

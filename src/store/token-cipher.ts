// Bot tokens at rest: AES-256-GCM with a 32-byte key from the environment (RENKEI_TOKEN_KEY), a
// fresh 12-byte IV per token, the installation's id as associated data (a ciphertext copied onto
// another installation's row does not decrypt). Stored as "v1.<iv>.<tag>.<ciphertext>" (base64url).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { parseTokenKey } from "../config/token-key";

export { parseTokenKey };

const VERSION = "v1";

export class TokenCipher {
  private constructor(private readonly key: Buffer) {}

  /** The key as RENKEI_TOKEN_KEY gives it: 64 hex digits or base64 of 32 bytes. Throws when it is not 32 bytes. */
  static fromKeyText(text: string): TokenCipher {
    const key = parseTokenKey(text);
    if (!key) throw new Error("RENKEI_TOKEN_KEY must be 32 bytes: 64 hex digits or base64 (openssl rand -base64 32)");
    return new TokenCipher(key);
  }

  encrypt(plaintext: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(boundTo, "utf8"));
    const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
  }

  /** Throws when the text was not encrypted with this key for `boundTo` (wrong key, tampered, another row's). */
  decrypt(text: string, boundTo: string): string {
    const [version, iv, tag, data] = text.split(".");
    if (version !== VERSION || !iv || !tag || data === undefined) throw new Error("not an encrypted token (v1.iv.tag.data)");
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(boundTo, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  }
}

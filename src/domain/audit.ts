// The audit log is append-only and tamper-evident: each entry's hash covers its content and the
// previous entry's hash, so changing, inserting or deleting an entry breaks the link after it.
// Cutting entries off the end leaves a shorter valid chain: compare the last hash with one kept
// elsewhere (`npm run audit:verify` prints it) to detect that.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type AuditRecord = {
  at: Date;
  actorUserId: string; // Slack user ID, or "renkei" for the bot's own steps
  actorParty: string | null;
  article: string | null; // e.g. "4(1)", "2"
  action: string; // e.g. "incident.registered"
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
};

export type ChainedAuditRecord = AuditRecord & { seq: number; prevHash: string; hash: string };

/** JSON with object keys sorted at every level and dates as ISO strings: one text per value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, normalise((value as Record<string, unknown>)[k])]),
    );
  }
  return value ?? null;
}

export function auditHash(record: AuditRecord, prevHash: string): string {
  const body = canonicalJson({
    at: record.at,
    actorUserId: record.actorUserId,
    actorParty: record.actorParty,
    article: record.article,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    before: record.before ?? null,
    after: record.after ?? null,
    prevHash,
  });
  return createHash("sha256").update(body).digest("hex");
}

export type ChainVerdict =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; brokenAt: number; reason: "hash_mismatch" | "broken_link" };

/** Checks entries in sequence order; names the first entry whose hash or link is wrong. */
export function verifyChain(entries: Iterable<ChainedAuditRecord>): ChainVerdict {
  let prev = GENESIS_HASH;
  let count = 0;
  for (const entry of entries) {
    count++;
    if (entry.prevHash !== prev) return { ok: false, entries: count, brokenAt: entry.seq, reason: "broken_link" };
    if (auditHash(entry, entry.prevHash) !== entry.hash) return { ok: false, entries: count, brokenAt: entry.seq, reason: "hash_mismatch" };
    prev = entry.hash;
  }
  return { ok: true, entries: count, lastHash: prev };
}

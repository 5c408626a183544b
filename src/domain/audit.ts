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

/**
 * `contentHash`: the hash of the entry's content (before/after), stored apart from it, so the chain
 * still verifies once retention erased the content (issue 15). `erased`: the content is gone.
 */
export type ChainedAuditRecord = AuditRecord & { seq: number; prevHash: string; hash: string; contentHash?: string | undefined; erased?: boolean | undefined };

/** The hash of an entry's content (before and after): what the chain covers instead of the content itself. */
export function contentHashOf(record: Pick<AuditRecord, "before" | "after">): string {
  return createHash("sha256").update(canonicalJson({ before: record.before ?? null, after: record.after ?? null })).digest("hex");
}

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

/** An entry's chain hash: its skeleton, the hash of its content (computed when not given) and the previous hash. */
export function auditHash(record: AuditRecord, prevHash: string, contentHash: string = contentHashOf(record)): string {
  return createHash("sha256").update(chainedBody(record, contentHash, prevHash)).digest("hex");
}

/** What an entry's chain hash is taken of: its skeleton, its content's hash and the previous hash (last). */
function chainedBody(record: AuditRecord, contentHash: string, prevHash: string): string {
  return canonicalJson({
    at: record.at,
    actorUserId: record.actorUserId,
    actorParty: record.actorParty,
    article: record.article,
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    contentHash,
    prevHash,
  });
}

/**
 * What auditHash hashes, split around the previous hash: sha256(head + prevHash + tail) is
 * auditHash(record, prevHash, contentHash). A database that links the entry to the chain's head
 * itself (PostgreSQL: the head read and the hash computed in the INSERT, under the chain's lock)
 * is given these two texts. prevHash is the last key of the canonical body, so it ends it.
 */
export function auditHashAround(record: AuditRecord, contentHash: string = contentHashOf(record)): { head: string; tail: string } {
  const body = chainedBody(record, contentHash, GENESIS_HASH);
  const tail = '"}';
  const end = `"prevHash":"${GENESIS_HASH}${tail}`;
  if (!body.endsWith(end)) throw new Error("audit hash: prevHash is not the canonical body's last key");
  return { head: body.slice(0, body.length - GENESIS_HASH.length - tail.length), tail };
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
    // The content, while it is there, must match its stored hash; erased content is covered by that hash alone.
    const content = entry.contentHash ?? contentHashOf(entry);
    if (!entry.erased && contentHashOf(entry) !== content) return { ok: false, entries: count, brokenAt: entry.seq, reason: "hash_mismatch" };
    if (auditHash(entry, entry.prevHash, content) !== entry.hash) return { ok: false, entries: count, brokenAt: entry.seq, reason: "hash_mismatch" };
    prev = entry.hash;
  }
  return { ok: true, entries: count, lastHash: prev };
}

// ---- the head, anchored outside the database (issue 12) ----

/** The chain's head as renkei posts it each day to both parties: how many entries, and the last hash. */
export type AuditHead = { count: number; hash: string };

export type HeadVerdict =
  | { ok: true; position: number; entries: number; after: number }
  | { ok: false; reason: "chain_broken"; verdict: Extract<ChainVerdict, { ok: false }> }
  | { ok: false; reason: "head_missing"; entries: number }
  | { ok: false; reason: "count_mismatch"; position: number; expected: number };

/**
 * Checks the chain against a head posted earlier: the chain must verify, and the entry with that
 * hash must still be in it (at the posted position, when the count is given). A chain cut short
 * before the head, or rewritten at or before it (even with every hash recomputed), no longer holds
 * that hash; entries added since are fine (`after` counts them).
 */
export function verifyAgainstHead(entries: Iterable<ChainedAuditRecord>, head: { hash: string; count?: number | undefined }): HeadVerdict {
  const list = [...entries];
  const verdict = verifyChain(list);
  if (!verdict.ok) return { ok: false, reason: "chain_broken", verdict };
  const index = list.findIndex((e) => e.hash === head.hash.trim().toLowerCase());
  if (index < 0) return { ok: false, reason: "head_missing", entries: list.length };
  if (head.count !== undefined && head.count !== index + 1) return { ok: false, reason: "count_mismatch", position: index + 1, expected: head.count };
  return { ok: true, position: index + 1, entries: list.length, after: list.length - index - 1 };
}

// ---- the chain of an export file, whose withheld entries carry no content ----

/** An audit entry as an export carries it: `before`/`after` are absent when withheld (Art. 7). */
export type ExportedAuditEntry = Omit<ChainedAuditRecord, "before" | "after"> & { withheld: boolean; before: unknown; after: unknown };

export type ExportChainVerdict =
  | { ok: true; entries: number; byContent: number; byLinkOnly: number; firstPrevHash: string; lastHash: string; fromGenesis: boolean }
  | { ok: false; entries: number; brokenAt: number; reason: "hash_mismatch" | "broken_link" };

/**
 * Checks the entries of an export (a period: it starts wherever the period does). Every entry must
 * link to the one before it; an entry with its content must hash to its own hash; an entry whose
 * content was withheld can only be checked by its links (the next entry names its hash).
 */
export function verifyExportedChain(entries: ExportedAuditEntry[]): ExportChainVerdict {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  let prev: string | null = null;
  let byContent = 0;
  let count = 0;
  for (const e of sorted) {
    count++;
    if (prev !== null && e.prevHash !== prev) return { ok: false, entries: count, brokenAt: e.seq, reason: "broken_link" };
    if (!e.withheld) {
      // erased content (retention) is checked through its stored hash; present content must match it
      if (e.contentHash && !e.erased && contentHashOf(e) !== e.contentHash) return { ok: false, entries: count, brokenAt: e.seq, reason: "hash_mismatch" };
      if (auditHash(e, e.prevHash, e.contentHash ?? contentHashOf(e)) !== e.hash) return { ok: false, entries: count, brokenAt: e.seq, reason: "hash_mismatch" };
      byContent++;
    }
    prev = e.hash;
  }
  const first = sorted[0]?.prevHash ?? GENESIS_HASH;
  return { ok: true, entries: count, byContent, byLinkOnly: count - byContent, firstPrevHash: first, lastHash: prev ?? first, fromGenesis: first === GENESIS_HASH };
}

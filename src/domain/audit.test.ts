import { describe, expect, it } from "vitest";
import { GENESIS_HASH, auditHash, canonicalJson, verifyChain, type AuditRecord, type ChainedAuditRecord } from "./audit";

function record(i: number): AuditRecord {
  return {
    at: new Date(Date.UTC(2026, 0, 5, 9, i)),
    actorUserId: i % 2 ? "U0NISCSTF1" : "renkei",
    actorParty: i % 2 ? "nisc" : null,
    article: i % 2 ? "4(1)" : null,
    action: `step.${i}`,
    entityType: "incident",
    entityId: "inc-1",
    before: i === 0 ? null : { state: "open", n: i - 1 },
    after: { state: "open", n: i, tags: ["a", "b"], at: new Date(Date.UTC(2026, 0, 5)) },
  };
}

function chain(n: number): ChainedAuditRecord[] {
  const out: ChainedAuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let i = 0; i < n; i++) {
    const r = record(i);
    const hash = auditHash(r, prev);
    out.push({ ...r, seq: i + 1, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

describe("canonicalJson", () => {
  it("does not depend on key order, at any depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 2 } })).toBe(canonicalJson({ a: { c: 2, d: [1, { y: 2, z: 1 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it("writes dates as ISO strings, keeps array order and null, drops undefined properties", () => {
    expect(canonicalJson({ at: new Date("2026-01-05T00:00:00Z"), list: [3, 1, 2], none: null, gone: undefined })).toBe(
      '{"at":"2026-01-05T00:00:00.000Z","list":[3,1,2],"none":null}',
    );
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("distinguishes different values", () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: "1" }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

describe("auditHash", () => {
  it("is a 64-hex SHA-256, stable for the same content", () => {
    const h = auditHash(record(1), GENESIS_HASH);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(record(1), GENESIS_HASH)).toBe(h);
  });

  it("is independent of key order inside before/after, and of Date vs its ISO string (as after a database round trip)", () => {
    const r = record(1);
    const reordered: AuditRecord = { ...r, after: { at: "2026-01-05T00:00:00.000Z", tags: ["a", "b"], n: 1, state: "open" } };
    expect(auditHash(reordered, GENESIS_HASH)).toBe(auditHash(r, GENESIS_HASH));
  });

  it("changes with any field and with the previous hash", () => {
    const r = record(1);
    const base = auditHash(r, GENESIS_HASH);
    expect(auditHash(r, "f".repeat(64))).not.toBe(base);
    expect(auditHash({ ...r, action: "x" }, GENESIS_HASH)).not.toBe(base);
    expect(auditHash({ ...r, actorUserId: "U0OTHER" }, GENESIS_HASH)).not.toBe(base);
    expect(auditHash({ ...r, at: new Date(r.at.getTime() + 1) }, GENESIS_HASH)).not.toBe(base);
    expect(auditHash({ ...r, after: { ...(r.after as object), n: 99 } }, GENESIS_HASH)).not.toBe(base);
    expect(auditHash({ ...r, article: "4(2)" }, GENESIS_HASH)).not.toBe(base);
  });
});

describe("verifyChain", () => {
  it("passes an intact chain and reports its length and last hash", () => {
    const c = chain(6);
    expect(verifyChain(c)).toEqual({ ok: true, entries: 6, lastHash: c[5]!.hash });
    expect(verifyChain([])).toEqual({ ok: true, entries: 0, lastHash: GENESIS_HASH });
  });

  it("detects an edited entry at that entry (hash_mismatch)", () => {
    const c = chain(6);
    c[2] = { ...c[2]!, after: { state: "closed" } };
    expect(verifyChain(c)).toEqual({ ok: false, entries: 3, brokenAt: 3, reason: "hash_mismatch" });
  });

  it("detects an edited first entry", () => {
    const c = chain(3);
    c[0] = { ...c[0]!, actorUserId: "U0FORGED" };
    expect(verifyChain(c)).toMatchObject({ ok: false, brokenAt: 1, reason: "hash_mismatch" });
  });

  it("detects an edited entry whose hash was recomputed: the next entry's link breaks", () => {
    const c = chain(5);
    const forged = { ...c[1]!, action: "forged" };
    c[1] = { ...forged, hash: auditHash(forged, forged.prevHash) };
    expect(verifyChain(c)).toEqual({ ok: false, entries: 3, brokenAt: 3, reason: "broken_link" });
  });

  it("detects a removed middle entry at the one after it (broken_link)", () => {
    const c = chain(6);
    c.splice(3, 1); // remove seq 4
    expect(verifyChain(c)).toEqual({ ok: false, entries: 4, brokenAt: 5, reason: "broken_link" });
  });

  it("detects a re-ordered pair", () => {
    const c = chain(6);
    [c[2], c[3]] = [c[3]!, c[2]!];
    expect(verifyChain(c)).toMatchObject({ ok: false, brokenAt: 4, reason: "broken_link" });
  });

  it("detects a chain that does not start at the genesis hash", () => {
    const c = chain(4).slice(1);
    expect(verifyChain(c)).toEqual({ ok: false, entries: 1, brokenAt: 2, reason: "broken_link" });
  });
});

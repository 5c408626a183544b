import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { GENESIS_HASH, auditHash, auditHashAround, canonicalJson, verifyAgainstHead, verifyChain, verifyExportedChain, type AuditRecord, type ChainedAuditRecord, type ExportedAuditEntry } from "./audit";

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

describe("auditHashAround", () => {
  it("hashed around any previous hash, gives auditHash (non-ASCII content, null party and article)", () => {
    const records: AuditRecord[] = [record(1), { ...record(2), actorParty: null, article: null, action: "情報共有.登録", entityId: "案件-1", after: { note: "個人データ \"漏えい\"\n" } }];
    for (const r of records) {
      const { head, tail } = auditHashAround(r);
      for (const prev of [GENESIS_HASH, auditHash(r, GENESIS_HASH)]) {
        expect(createHash("sha256").update(head + prev + tail).digest("hex")).toBe(auditHash(r, prev));
      }
    }
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

describe("verifyAgainstHead (issue 12: the head posted each day, kept outside the database)", () => {
  it("holds the head: entries added since are fine", () => {
    const c = chain(6);
    expect(verifyAgainstHead(c, { hash: c[3]!.hash, count: 4 })).toEqual({ ok: true, position: 4, entries: 6, after: 2 });
    expect(verifyAgainstHead(c, { hash: c[5]!.hash.toUpperCase() })).toMatchObject({ ok: true, position: 6, after: 0 });
  });

  it("a chain cut short before the head no longer holds it, though it verifies on its own", () => {
    const c = chain(6);
    const cut = c.slice(0, 3);
    expect(verifyChain(cut).ok).toBe(true);
    expect(verifyAgainstHead(cut, { hash: c[3]!.hash, count: 4 })).toEqual({ ok: false, reason: "head_missing", entries: 3 });
  });

  it("a chain rewritten at or before the head, every hash recomputed, no longer holds it", () => {
    const c = chain(6);
    const rewritten: ChainedAuditRecord[] = [];
    let prev = GENESIS_HASH;
    for (const e of c) {
      const r = e.seq === 2 ? { ...e, actorUserId: "U0FORGED1" } : e;
      const hash = auditHash(r, prev);
      rewritten.push({ ...r, prevHash: prev, hash });
      prev = hash;
    }
    expect(verifyChain(rewritten).ok).toBe(true);
    expect(verifyAgainstHead(rewritten, { hash: c[4]!.hash })).toMatchObject({ ok: false, reason: "head_missing" });
  });

  it("a broken chain is reported as such; a head at another position than posted is named", () => {
    const c = chain(4);
    c[1] = { ...c[1]!, actorUserId: "U0FORGED1" };
    expect(verifyAgainstHead(c, { hash: c[3]!.hash })).toMatchObject({ ok: false, reason: "chain_broken", verdict: { brokenAt: 2, reason: "hash_mismatch" } });
    const d = chain(4);
    expect(verifyAgainstHead(d, { hash: d[2]!.hash, count: 4 })).toEqual({ ok: false, reason: "count_mismatch", position: 3, expected: 4 });
  });
});

describe("verifyExportedChain (a period of the chain, some entries withheld under Art. 7)", () => {
  const exported = (c: ChainedAuditRecord[], withheld: number[] = []): ExportedAuditEntry[] =>
    c.map((e) => (withheld.includes(e.seq) ? { ...e, before: null, after: null, withheld: true } : { ...e, withheld: false }));

  it("checks withheld entries by their links and the others by their hash, from wherever the period starts", () => {
    const c = chain(8).slice(2);
    expect(verifyExportedChain(exported(c, [4, 6]))).toEqual({ ok: true, entries: 6, byContent: 4, byLinkOnly: 2, firstPrevHash: c[0]!.prevHash, lastHash: c[5]!.hash, fromGenesis: false });
    expect(verifyExportedChain(exported(chain(2)))).toMatchObject({ ok: true, fromGenesis: true });
  });

  it("names an edited entry, and the entry after one removed (even a withheld one)", () => {
    const edited = exported(chain(5), [3]);
    edited[1] = { ...edited[1]!, actorUserId: "U0FORGED1" };
    expect(verifyExportedChain(edited)).toMatchObject({ ok: false, brokenAt: 2, reason: "hash_mismatch" });
    const removed = exported(chain(5), [3]).filter((e) => e.seq !== 3);
    expect(verifyExportedChain(removed)).toMatchObject({ ok: false, brokenAt: 4, reason: "broken_link" });
    const forgedWithheld = exported(chain(5), [3]);
    forgedWithheld[2] = { ...forgedWithheld[2]!, hash: "f".repeat(64) };
    expect(verifyExportedChain(forgedWithheld)).toMatchObject({ ok: false, brokenAt: 4, reason: "broken_link" });
  });
});

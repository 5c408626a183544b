// Issue 14: a digest sweep reads the changes once, not once per manager: the second party's
// digest (and every later manager's) finds the audit entries already read in this sweep minute,
// and each keeps only the changes after its own last digest.
import { describe, expect, it } from "vitest";
import { Store } from "../src/store/store";
import { digestRows, lastDigestAt, LAST_DIGEST_LOOKUP_DAYS, openConsultations } from "../src/store/sweeps";
import { storeForSuite, testDatabases } from "./support/databases";

describe.each(testDatabases())("digest reads on %s", (database) => {
  let store: Store;
  storeForSuite(database, (s) => (store = s), { countQueries: true });

  it("reads the audit entries once per sweep; each digest keeps those after its own last digest", async () => {
    const now = new Date("2026-12-02T00:00:00Z");
    for (const [i, at] of ["2026-12-01T20:10:00Z", "2026-12-01T20:40:00Z"].entries()) {
      await store.transact(new Date(at), (tx) => tx.audit({ actorUserId: "U1", actorParty: "ppc", article: null, action: `test.change_${i}`, entityType: "test", entityId: `e${i}`, before: null, after: null }));
    }
    const before = store.queryCount;
    const ppc = await digestRows(store, "ppc", now, new Date("2026-12-01T20:00:00Z"), 7);
    const first = store.recentQueries.slice(-(store.queryCount - before));
    const mid = store.queryCount;
    // Another manager, of the other party, whose last digest went out at 20:30 (same hour).
    const nisc = await digestRows(store, "nisc", now, new Date("2026-12-01T20:30:00Z"), 7);
    const second = store.recentQueries.slice(-(store.queryCount - mid));
    expect(first.filter((q) => /AuditEntry/.test(q))).toHaveLength(1);
    expect(second.filter((q) => /AuditEntry/.test(q))).toHaveLength(0);
    expect(ppc.changes.map((c) => c.action)).toEqual(["test.change_0", "test.change_1"]);
    expect(nisc.changes.map((c) => c.action)).toEqual(["test.change_1"]);
  });

  it("finds a manager's last digest by its keys, the latest delivered one, and an older one beyond the lookup days", async () => {
    const now = new Date("2026-12-02T03:00:00Z");
    const done = (userId: string, day: string, at: string, status = "done") =>
      store.db.effect.create({ data: { id: `${userId}-${day}-${status}`, dedupeKey: `digest:${userId}:${day}`, kind: "send_digest", payload: "{}", status, runAfter: new Date(at), createdAt: new Date(at), updatedAt: new Date(at) } });
    await done("UREC", "2026-11-30", "2026-11-30T00:05:00Z");
    await done("UREC", "2026-12-01", "2026-12-01T00:05:00Z");
    await done("UREC", "2026-12-02", "2026-12-02T00:05:00Z", "pending"); // today's, not delivered yet
    await done("UREC2", "2026-11-30", "2026-11-30T09:00:00Z");
    const old = new Date(now.getTime() - (LAST_DIGEST_LOOKUP_DAYS + 30) * 86_400_000);
    await done("UOLD", old.toISOString().slice(0, 10), old.toISOString());
    expect(await lastDigestAt(store, "UREC", now)).toEqual(new Date("2026-12-01T00:05:00Z"));
    expect(await lastDigestAt(store, "UREC2", now)).toEqual(new Date("2026-11-30T09:00:00Z"));
    expect(await lastDigestAt(store, "UOLD", now)).toEqual(old);
    expect(await lastDigestAt(store, "UNONE", now)).toBeNull();
    // "UREC" is not a prefix match of "UREC2" and the other way round
    expect(await lastDigestAt(store, "UREC", new Date("2026-11-30T12:00:00Z"))).toEqual(new Date("2026-12-01T00:05:00Z"));
  });

  it("reads the open consultations with their items and positions in one statement, at 1,100 open items as at one", async () => {
    const at = new Date("2026-12-01T00:00:00Z");
    const n = 1100; // more than SQLite's 999 parameters of an IN (…) list
    const consultation = (i: number, status: string) => ({ id: `c${i}`, incidentId: `i${i}`, round: 1, proposedByParty: "ppc", proposedByUserId: "U1", impactOnDuties: "none", status, contactedAt: new Date(at.getTime() + i * 1000), createdAt: at, updatedAt: at });
    await store.db.consultation.createMany({ data: [...Array.from({ length: n }, (_, i) => consultation(i, "open")), consultation(n, "concluded")] });
    await store.db.consultationItem.createMany({ data: Array.from({ length: n + 1 }, (_, i) => [{ id: `c${i}-b`, consultationId: `c${i}`, itemType: "joint_investigation", need: "n" }, { id: `c${i}-a`, consultationId: `c${i}`, itemType: "advice", need: "n" }]).flat() });
    await store.db.position.createMany({ data: Array.from({ length: n + 1 }, (_, i) => ({ id: `p${i}`, consultationItemId: `c${i}-b`, party: "ppc", position: "agree", decidedByUserId: "U1", decidedAt: at })) });
    const before = store.queryCount;
    const open = await openConsultations(store);
    // the consultations joined to their items and positions, exercises' incidents left out in the same statement
    expect(store.queryCount - before).toBe(1);
    expect(open.map((c) => c.id)).toEqual(Array.from({ length: n }, (_, i) => `c${i}`));
    const items = (c: (typeof open)[number]) => c.items.map((i) => [i.itemType, i.positions.map((p) => p.party)]).sort();
    expect(items(open[7]!)).toEqual([["advice", []], ["joint_investigation", ["ppc"]]]);
    expect(open.every((c) => JSON.stringify(items(c)) === JSON.stringify(items(open[7]!)))).toBe(true);
  });
});

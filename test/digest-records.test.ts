// Issue 12 (records that keep Art. 7): the managers' digest of a party shows only what that party
// may see (an intake the other party recorded as outside the memorandum is not theirs), and every
// digest carries the audit chain's head (count and hash), which `npm run audit:verify -- --head`
// later checks: a chain cut short or rewritten up to that point no longer holds it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, until, type Harness, testClock } from "./support/harness";
import { testDatabases } from "./support/databases";
import { runDigestSweep } from "../src/app/sweeps";
import { auditHash } from "../src/domain/audit";
import { auditVerify } from "../src/cli/audit-verify-run";

/** `npm run audit:verify` in this process (the command is a thin wrapper; test/cli.test.ts runs it as a command). */
async function verify(url: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await auditVerify(args, url, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

describe.each(testDatabases())("the digest keeps Art. 7 and anchors the audit head on %s", (database) => {
  let h: Harness;
  const clock = testClock("2026-11-25T10:00:00+09:00"); // a Wednesday, a business day
  const refs = { inScope: "", outOfScope: "" };
  beforeAll(async () => {
    h = await startHarness({ database, clock });
    // The reference is read from the store: under load the modal's answer may come before the registration.
    const refOf = async (title: string) => (await until(() => h.store.db.incident.findFirst({ where: { title } }), `incident "${title}" not registered`)).ref;
    await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Joint matter" }));
    refs.inScope = await refOf("Joint matter");
    await h.settle();
    // NISC records an intake with no personal data: outside the memorandum (Art. 2), NISC's own record.
    await submitIntake(h, U.niscStaff, intakeValues({ "intake_title.value": "NISC-only matter", "intake_personal_data.value": "no" }));
    refs.outOfScope = await refOf("NISC-only matter");
    await h.settle();
    expect((await h.store.incidentByRef(refs.outOfScope))!.state).toBe("out_of_scope");
    clock.set("2026-11-26T09:00:00+09:00");
    await runDigestSweep(h);
    await h.settle();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const digestOf = (user: string) => {
    const found = h.emu.dms(user).filter((m) => m.text.includes("2026-11-26"));
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it("an out-of-scope intake of NISC is in NISC's digest, never in PPC's", () => {
    const ppc = JSON.stringify(digestOf(U.ppcManager).blocks);
    expect(ppc).toContain(refs.inScope); // the joint incident: both parties
    expect(ppc).not.toContain(refs.outOfScope);
    expect(ppc).not.toContain("対象外として記録");
    const nisc = JSON.stringify(digestOf(U.niscManager).blocks);
    expect(nisc).toContain(refs.outOfScope);
    expect(nisc).toContain("対象外として記録");
  });

  it("both parties' digests carry the audit chain's head, which audit:verify --head confirms", async () => {
    const head = (await h.store.auditHead())!;
    for (const user of [U.ppcManager, U.niscManager]) {
      const block = (digestOf(user).blocks ?? []).find((b) => (b as { block_id?: string }).block_id === "digest_audit_head") as { elements: Array<{ text: string }> } | undefined;
      expect(block, `no audit head in ${user}'s digest`).toBeDefined();
      expect(block!.elements[0]!.text).toContain(`${head.count}件`);
      expect(block!.elements[0]!.text).toContain(`\`${head.hash}\``);
      expect(block!.elements[0]!.text).toContain(`npm run audit:verify -- --head ${head.hash} --count ${head.count}`);
    }
    const ok = await verify(h.db.url, "--head", head.hash, "--count", String(head.count));
    expect(ok.stdout).toContain(`holds the head ${head.hash.slice(0, 16)}… as entry ${head.count} of ${head.count}`);
    expect(ok.code).toBe(0);
  });

  it("a chain rewritten before the posted head, every hash recomputed, verifies on its own but not against the head", async () => {
    const head = (await h.store.auditHead())!;
    // Someone with the database rewrites entry #2 and recomputes the chain after it.
    const rows = await h.store.db.auditEntry.findMany({ orderBy: { seq: "asc" } });
    let prev = rows[0]!.hash;
    for (const row of rows.slice(1)) {
      const record = {
        at: row.at, actorUserId: row.seq === 2 ? "U0FORGED1" : row.actorUserId, actorParty: row.actorParty, article: row.article, action: row.action,
        entityType: row.entityType, entityId: row.entityId, before: row.before ? JSON.parse(row.before) : null, after: row.after ? JSON.parse(row.after) : null,
      };
      const hash = auditHash(record, prev);
      await h.store.db.auditEntry.update({ where: { seq: row.seq }, data: { actorUserId: record.actorUserId, prevHash: prev, hash } });
      prev = hash;
    }
    expect((await verify(h.db.url)).code).toBe(0); // the chain alone cannot tell
    const anchored = await verify(h.db.url, "--head", head.hash, "--count", String(head.count));
    expect(anchored.code).toBe(1);
    expect(anchored.stderr).toContain(`does NOT hold the head ${head.hash}`);
  });

  it("a chain cut short before the posted head verifies on its own but not against the head", async () => {
    const head = (await h.store.auditHead())!;
    const last = await h.store.db.auditEntry.findFirst({ orderBy: { seq: "desc" } });
    await h.store.db.auditEntry.delete({ where: { seq: last!.seq } });
    expect((await verify(h.db.url)).code).toBe(0);
    const anchored = await verify(h.db.url, "--head", head.hash);
    expect(anchored.code).toBe(1);
    expect(anchored.stderr).toContain("cut short or rewritten");
  });
});

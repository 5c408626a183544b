// Issue 6 (part): the export of the cooperation record for a period, for the annual review. An
// incident played to a cooperation case with a shared result inside the period, one registered
// the evening before it and one the morning after; the export (module, CLI and `/renkei export`)
// holds exactly the period's records, with the values a reviewer checks. Issue 12: content whose
// Art. 7 scope excludes the requester is withheld (an operator on the command line is outside every
// scope unless they ask, audited), CSV cells cannot run as formulas, and the chain of a redacted
// export still verifies from the file.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, testConfigInput, U, until, type Harness, testClock } from "./support/harness";
import { testDatabases } from "./support/databases";
import { readCsv } from "./support/csv";
import { agreedCase } from "./support/consultation";
import { buildExport } from "../src/app/export";
import { BOM, parsePeriod, type ExportDocument } from "../src/domain/export";
import type { Requester } from "../src/domain/record-scope";
import { auditVerify } from "../src/cli/audit-verify-run";

/** `npm run audit:verify -- --export <path>` in this process (test/cli.test.ts runs the command itself). */
async function verifyExport(target: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await auditVerify(["--export", target], undefined, { log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

describe.each(testDatabases())("export of the cooperation record on %s", (database) => {
  let h: Harness;
  const clock = testClock("2026-03-31T23:30:00+09:00");
  const refs: Record<"before" | "inside" | "after", string> = { before: "", inside: "", after: "" };
  const ids: Record<"before" | "inside" | "after", string> = { before: "", inside: "", after: "" };
  const FY = parsePeriod("2026-04-01", "2027-03-31", "Asia/Tokyo");
  if (!FY.ok) throw new Error("period");
  let doc: ExportDocument;
  /** A title a spreadsheet would run as a formula (CSV injection). */
  const SHARE_TITLE = '=HYPERLINK("http://x.example/?leak","Leak statistics H1")';
  const OPERATOR: Requester = { kind: "operator", includeScoped: false };
  const WITHHELD_NISC = "（非開示: 第7条の共有範囲 TLP:AMBER+STRICT、提供者 NISC）";
  const WITHHELD_PPC = "（非開示: 第7条の共有範囲 TLP:AMBER+STRICT、提供者 個情委）";
  const asMember = (userId: string) => buildExport(h, FY.period, { requester: { kind: "member", userId }, channelMembers: async (c) => [...(h.emu.channel(c)?.members ?? [])] });

  const register = async (which: keyof typeof refs, title: string, awareIso: string) => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": title, "intake_aware_at.value": Math.floor(Date.parse(awareIso) / 1000) }));
    await h.settle();
    refs[which] = ref!;
    ids[which] = (await h.store.incidentByRef(ref!))!.id;
  };

  beforeAll(async () => {
    h = await startHarness({ database, clock });
    // The evening before the period (JST). The one after it, 2027-04-01 00:00 JST, is still 31 March in UTC: a UTC period would take it.
    await register("before", "Before the period", "2026-03-31T09:00:00+09:00");
    // Inside: a cooperation case with a result NISC shared (Art. 4(2)(ii)).
    clock.set("2026-11-25T10:00:00+09:00");
    await register("inside", "Inside, with a comma, and \"quotes\"", "2026-11-24T09:00:00+09:00");
    const [task] = await agreedCase(h, refs.inside, ["sharing_results"]);
    const before = h.emu.openViews(U.niscStaff).map((v) => v.id);
    await h.driver.clickButton({ user: U.niscStaff, channel: task!.channelId!, ts: task!.messageTs!, actionId: "item_results_record" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.niscStaff).find((v) => v.view.callback_id === "item_results_result" && !before.includes(v.id)));
    await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: { "item_results_summary.value": "C2 servers identified", "item_results_details.value": "line 1\nline 2" } });
    await until(async () => (await h.store.db.sharedInformation.count({ where: { taskId: task!.id } })) === 1, "result not shared");
    await h.settle();
    // Normal times: PPC shares leak statistics (Art. 5(2)); NISC's liaison confirms receipt.
    const shareModal = await (async () => {
      await h.driver.slashCommand({ user: U.ppcLiaison, text: "activity share" });
      return h.emu.waitFor(() => h.emu.openViews(U.ppcLiaison).find((v) => v.view.callback_id === "activity_share"));
    })();
    await h.driver.submitView({
      user: U.ppcLiaison,
      viewId: shareModal.id,
      values: { "share_category.value": "leak_statistics", "share_title.value": SHARE_TITLE, "share_content.value": "1,234 reports, confidential", "share_scope_level.value": "amber_strict" },
    });
    await h.settle();
    const share = (await h.store.db.activity.findFirst({ where: { kind: "share" } }))!;
    await h.driver.clickButton({ user: U.niscLiaison, channel: share.channelId!, ts: share.messageTs!, actionId: "share_received" });
    await until(async () => (await h.store.db.activityRecord.count({ where: { activityId: share.id } })) === 1, "receipt not recorded");
    await h.settle();
    // The first instant after the period.
    clock.set("2027-04-01T00:00:00+09:00");
    await register("after", "After the period", "2027-03-31T09:00:00+09:00");
    doc = await buildExport(h, FY.period, { requester: OPERATOR });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("holds the period's incident only, with state, APPI regime, deadlines and channel in ISO 8601 +09:00", () => {
    expect(doc.period).toMatchObject({ from: "2026-04-01", to: "2027-03-31", timezone: "Asia/Tokyo", start: "2026-04-01T00:00:00+09:00", end: "2027-04-01T00:00:00+09:00" });
    expect(doc.parties.map((p) => p.id)).toEqual(["ppc", "nisc"]);
    expect(doc.profile.id).toBe("ppc-nisc-2023");
    const rows = doc.sections.incidents!.rows;
    expect(rows.map((r) => r.ref)).toEqual([refs.inside]);
    expect(rows[0]).toMatchObject({
      title: 'Inside, with a comma, and "quotes"',
      state: "cooperation_case",
      reporter_category: 1,
      appi_regime: expect.stringMatching(/^art(26|68)$/),
      registered_at: "2026-11-25T10:00:00+09:00",
      registered_by: U.ppcStaff,
      registered_by_party: "ppc",
      aware_at: "2026-11-24T09:00:00+09:00",
      channel_id: expect.stringMatching(/^[CG]/),
    });
    expect(String(rows[0]!.final_due_at)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);
  });

  it("holds the consultation with each party's position, the outcome and times; the agreed item as a task; the shared result", () => {
    const [c, ...more] = doc.sections.consultations!.rows;
    expect(more).toEqual([]);
    expect(c).toMatchObject({
      ref: refs.inside, round: 1, proposed_by_party: "ppc", proposed_by: U.ppcLiaison, status: "concluded", outcome: "cooperate",
      item_type: "sharing_results", item_article: "4(2)(ii)", need: "We need NISC for sharing_results.",
      position_ppc: "agree", decided_by_ppc: U.ppcLiaison, position_nisc: "agree", decided_by_nisc: U.niscLiaison, reason_nisc: null,
      contacted_at: "2026-11-25T10:00:00+09:00", concluded_at: "2026-11-25T10:00:00+09:00",
    });
    const tasks = doc.sections.tasks!.rows;
    expect(tasks.map((t) => [t.ref, t.kind, t.item_type, t.item_article, t.owner_party, t.status, t.round])).toEqual([[refs.inside, "cooperation_item", "sharing_results", "4(2)(ii)", "ppc", "open", 1]]);
    expect(tasks[0]!.due_at).toBe("2026-12-02T23:59:59+09:00");
    expect(doc.sections.item_records!.rows.map((r) => [r.ref, r.kind, r.party, r.by, r.item_article])).toEqual([[refs.inside, "result", "nisc", U.niscStaff, "4(2)(ii)"]]);
    const shared = doc.sections.shared_information!.rows.filter((s) => s.basis !== "5(2)");
    expect(shared.map((s) => [s.ref, s.basis, s.provider_party, s.shared_by, s.scope_level, s.warnings])).toEqual([[refs.inside, "4(2)(ii)", "nisc", U.niscStaff, "TLP:AMBER+STRICT", 0]]);
    // The shared information section never repeats the content (Art. 7 scopes may be narrower than the review).
    expect(JSON.stringify(shared)).not.toContain("C2 servers identified");
  });

  it("holds normal-times cooperation: the activity with its article and the records on it, and the share's registration, never its content", () => {
    expect(doc.sections.activities!.rows.map((a) => [a.ref, a.kind, a.article, a.title, a.owner_party, a.status, a.opened_by, a.opened_by_party, a.opened_at])).toEqual([
      ["A-2026-001", "share", "5(2)", SHARE_TITLE, "ppc", "done", U.ppcLiaison, "ppc", "2026-11-25T10:00:00+09:00"],
    ]);
    expect(JSON.parse(String(doc.sections.activities!.rows[0]!.details))).toMatchObject({ category: "leak_statistics", toParty: "nisc" });
    expect(doc.sections.activity_records!.rows.map((r) => [r.ref, r.kind_of_activity, r.article, r.party, r.by])).toEqual([["A-2026-001", "share", "5(2)", "nisc", U.niscLiaison]]);
    const shared = doc.sections.shared_information!.rows.find((s) => s.basis === "5(2)");
    expect(shared).toMatchObject({ ref: "A-2026-001", provider_party: "ppc", scope_level: "TLP:AMBER+STRICT" });
    expect(JSON.stringify(doc)).not.toContain("1,234 reports, confidential");
  });

  it("holds the audit entries of the period only, and notes that the whole chain verifies", () => {
    expect(doc.auditChain).toMatchObject({ verified: true });
    const audit = doc.sections.audit_log!.rows;
    expect(audit.length).toBeGreaterThan(3);
    expect(audit.every((a) => String(a.at) >= "2026-04-01T00:00:00+09:00" && String(a.at) < "2027-04-01T00:00:00+09:00")).toBe(true);
    const entities = new Set(audit.map((a) => a.entity_id));
    expect(entities.has(ids.inside)).toBe(true);
    expect(entities.has(ids.before)).toBe(false);
    expect(entities.has(ids.after)).toBe(false);
    const registered = audit.find((a) => a.action === "incident.registered" && a.entity_id === ids.inside)!;
    expect(registered).toMatchObject({ actor: U.ppcStaff, party: "ppc", at: "2026-11-25T10:00:00+09:00" });
    expect(JSON.parse(String(registered.after))).toMatchObject({ ref: refs.inside });
    expect(audit.map((a) => a.action)).toContain("item.result_shared");
    // Sequence order, as the chain runs.
    const seqs = audit.map((a) => Number(a.seq));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it("a tampered entry makes the export say the chain is broken, naming the entry", async () => {
    const victim = await h.store.db.auditEntry.findFirst({ where: { entityId: ids.before }, orderBy: { seq: "asc" } });
    await h.store.db.auditEntry.update({ where: { seq: victim!.seq }, data: { actorUserId: "U0FORGED1" } });
    try {
      const tampered = await buildExport(h, FY.period, { requester: OPERATOR });
      expect(tampered.auditChain).toEqual({ verified: false, entries: expect.any(Number), brokenAt: victim!.seq, reason: "hash_mismatch" });
    } finally {
      await h.store.db.auditEntry.update({ where: { seq: victim!.seq }, data: { actorUserId: victim!.actorUserId } });
    }
  });

  it("an operator's export withholds every scoped value: the result's record and link, the 5(2) share's content and link, the audit log's before/after of them", () => {
    const result = doc.sections.item_records!.rows.find((r) => r.kind === "result")!;
    expect(result.data).toBe(WITHHELD_NISC);
    const shared = doc.sections.shared_information!.rows.find((s) => s.basis !== "5(2)")!;
    expect([shared.channel_id, shared.message_ts, shared.scope_level, shared.provider_party]).toEqual([WITHHELD_NISC, WITHHELD_NISC, "TLP:AMBER+STRICT", "nisc"]);
    const share = doc.sections.activities!.rows[0]!;
    expect(JSON.parse(String(share.details))).toMatchObject({ category: "leak_statistics", content: WITHHELD_PPC });
    expect([share.channel_id, share.message_ts]).toEqual([WITHHELD_PPC, WITHHELD_PPC]);
    const audit = doc.sections.audit_log!.rows;
    const resultEntry = audit.find((a) => a.action === "item.result_shared")!;
    expect([resultEntry.before, resultEntry.after, resultEntry.withheld]).toEqual([WITHHELD_NISC, WITHHELD_NISC, true]);
    const released = audit.find((a) => a.action === "activity.share_released")!;
    expect([released.after, released.withheld]).toEqual([WITHHELD_PPC, true]);
    // What is not scoped stays: the incident's registration.
    expect(audit.find((a) => a.action === "incident.registered")!.withheld).toBe(false);
    const text = JSON.stringify(doc);
    for (const secret of ["C2 servers identified", "line 1", "1,234 reports"]) expect(text).not.toContain(secret);
    expect(doc.access.requester).toBe("operator");
    expect(doc.access.withheld).toBeGreaterThanOrEqual(6);
  });

  it("a member's export holds what the scope lets them see: the provider's staff and a liaison in the joint channel get the result, PPC's manager (not in it) does not", async () => {
    const inside = (await h.store.incidentByRef(refs.inside))!;
    expect(h.emu.channel(inside.channelId!)!.members).toContain(U.ppcLiaison);
    expect(h.emu.channel(inside.channelId!)!.members).not.toContain(U.ppcManager);
    const dataOf = (d: ExportDocument) => String(d.sections.item_records!.rows.find((r) => r.kind === "result")!.data);
    const shareOf = (d: ExportDocument) => String(d.sections.activities!.rows[0]!.details);
    const nisc = await asMember(U.niscStaff);
    expect(dataOf(nisc)).toContain("C2 servers identified");
    expect(nisc.access.requester).toBe(U.niscStaff);
    const liaison = await asMember(U.ppcLiaison);
    expect(dataOf(liaison)).toContain("C2 servers identified");
    expect(shareOf(liaison)).toContain("1,234 reports, confidential"); // PPC provided it
    const manager = await asMember(U.ppcManager);
    expect(dataOf(manager)).toBe(WITHHELD_NISC);
    expect(JSON.stringify(manager.sections.audit_log)).not.toContain("C2 servers identified");
    expect(shareOf(manager)).toContain("1,234 reports, confidential");
  });

  it("npm run export writes one CSV per section (BOM, header, RFC 4180) and the JSON; bad arguments name the field and the fix", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-export-"));
    const configFile = path.join(dir, "renkei.yml");
    fs.writeFileSync(configFile, stringify(testConfigInput()));
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: h.db.url, RENKEI_CONFIG: configFile };
    const out = path.join(dir, "out");
    const { stdout } = await exec(TSX, ["src/cli/export.ts", "--from", "2026-04-01", "--to", "2027-03-31", "--out", out], { cwd: ROOT, env, timeout: 60_000 });
    expect(stdout).toContain("incidents 1");
    expect(stdout).toContain("audit chain verified");
    const base = path.join(out, "renkei-2026-04-01_2027-03-31");
    const incidentsCsv = fs.readFileSync(`${base}-incidents.csv`, "utf8");
    expect(incidentsCsv.startsWith(BOM)).toBe(true);
    const [header, row, ...rest] = readCsv(incidentsCsv.slice(1));
    expect(rest).toEqual([]);
    expect(header!.slice(0, 4)).toEqual(["ref", "title", "state", "reporter_name"]);
    expect(row![header!.indexOf("ref")]).toBe(refs.inside);
    expect(row![header!.indexOf("title")]).toBe('Inside, with a comma, and "quotes"');
    expect(row![header!.indexOf("registered_at")]).toBe("2026-11-25T10:00:00+09:00");
    // An operator has no Slack identity: scoped content is withheld, and it says so.
    expect(stdout).toMatch(/Art\. 7: \d+ scoped values withheld/);
    const withheldRecords = readCsv(fs.readFileSync(`${base}-item_records.csv`, "utf8").slice(1));
    expect(withheldRecords[1]![withheldRecords[0]!.indexOf("data")]).toBe(WITHHELD_NISC);
    for (const f of fs.readdirSync(out)) expect(fs.readFileSync(path.join(out, f), "utf8")).not.toContain("C2 servers identified");
    // A title that would run as a formula is neutralised in the CSV (OWASP: a leading single quote); the JSON keeps it as written.
    const activities = readCsv(fs.readFileSync(`${base}-activities.csv`, "utf8").slice(1));
    expect(activities[1]![activities[0]!.indexOf("title")]).toBe(`'${SHARE_TITLE}`);
    const consultations = readCsv(fs.readFileSync(`${base}-consultations.csv`, "utf8").slice(1));
    expect(consultations[0]).toEqual(expect.arrayContaining(["position_ppc", "position_nisc", "reason_nisc", "conditions_nisc"]));
    const json = JSON.parse(fs.readFileSync(`${base}.json`, "utf8")) as ExportDocument;
    expect(Object.keys(json.sections)).toEqual(["incidents", "consultations", "tasks", "item_records", "shared_information", "scope_warnings", "scope_consents", "activities", "activity_records", "audit_log"]);
    expect(json.sections.incidents!.rows.map((r) => r.ref)).toEqual([refs.inside]);
    expect(json.sections.activities!.rows[0]!.title).toBe(SHARE_TITLE);
    expect(fs.readFileSync(`${base}-summary.csv`, "utf8")).toContain("audit_chain_verified,true");

    // The redacted export's chain verifies from the file: withheld entries by their links.
    const verified = await verifyExport(out);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/audit log intact: (\d+) entries, (\d+) checked by content, ([1-9]\d*) withheld \(Art\. 7\) checked by their links/);
    // Edited in the file, an entry no longer verifies: the one edited is named.
    const edited = JSON.parse(fs.readFileSync(`${base}.json`, "utf8")) as ExportDocument;
    const rows = edited.sections.audit_log!.rows;
    const victim = rows.find((r) => r.action === "incident.registered")!;
    victim.actor = "U0FORGED1";
    const editedFile = path.join(dir, "edited.json");
    fs.writeFileSync(editedFile, JSON.stringify(edited));
    const broken = await verifyExport(editedFile);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`BROKEN at entry #${String(victim.seq)} (incident.registered`);
    // A withheld entry removed from the file breaks the link of the one after it.
    const cut = JSON.parse(fs.readFileSync(`${base}.json`, "utf8")) as ExportDocument;
    const cutRows = cut.sections.audit_log!.rows;
    const gone = cutRows.findIndex((r) => r.withheld === true);
    const next = cutRows[gone + 1]!;
    cutRows.splice(gone, 1);
    fs.writeFileSync(editedFile, JSON.stringify(cut));
    const cutVerdict = await verifyExport(editedFile);
    expect(cutVerdict.code).toBe(1);
    expect(cutVerdict.stderr).toContain(`BROKEN at entry #${String(next.seq)}`);


    const bad = await exec(TSX, ["src/cli/export.ts", "--from", "2026-04-31", "--to", "2026-04-01", "--format", "xlsx"], { cwd: ROOT, env, timeout: 60_000 }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from "2026-04-31" is not a date — write it as YYYY-MM-DD');
    expect(bad.stderr).toContain("--format");
    expect(bad.stderr).toContain("usage: npm run export");
  });

  it("npm run export --include-scoped: the operator asked explicitly, so the scoped content is there, and the request is in the audit log first", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-export-"));
    const configFile = path.join(dir, "renkei.yml");
    fs.writeFileSync(configFile, stringify(testConfigInput()));
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", DATABASE_URL: h.db.url, RENKEI_CONFIG: configFile };
    const full = path.join(dir, "full");
    const included = await exec(TSX, ["src/cli/export.ts", "--from", "2026-04-01", "--to", "2027-03-31", "--out", full, "--include-scoped"], { cwd: ROOT, env, timeout: 60_000 });
    expect(included.stdout).toContain("scoped content INCLUDED on request");
    const records = readCsv(fs.readFileSync(path.join(full, "renkei-2026-04-01_2027-03-31-item_records.csv"), "utf8").slice(1));
    const data = JSON.parse(records[1]![records[0]!.indexOf("data")]!) as { details?: string };
    expect(data.details).toBe("line 1\nline 2"); // a new line inside a field survives
    const asked = await h.store.db.auditEntry.findFirst({ where: { action: "record.export_scoped_included" } });
    expect(asked).toMatchObject({ actorUserId: "operator", article: "7", entityId: "2026-04-01_2027-03-31" });
    expect(JSON.parse(asked!.after!)).toMatchObject({ from: "2026-04-01", to: "2027-03-31", includeScoped: true, osUser: expect.any(String) });
  });

  it("/renkei export: a manager gets the JSON and the CSV in their DM; others are refused privately and nothing is queued", async () => {
    const sendExports = () => h.store.db.effect.count({ where: { kind: "send_export" } });
    // Staff and liaisons are refused; someone from no party is told renkei is not for them.
    for (const user of [U.ppcStaff, U.niscLiaison, U.outsider]) {
      const seen = h.emu.ephemerals(user).length;
      await h.driver.slashCommand({ user, text: "export 2026-04-01 2027-03-31" });
      const answer = await h.emu.waitFor(() => h.emu.ephemerals(user)[seen]);
      expect(answer.text).toMatch(user === U.outsider ? /登録|member/ : /役割|role/);
    }
    expect(await sendExports()).toBe(0);
    // Bad arguments: the usage, with what is wrong.
    const seen = h.emu.ephemerals(U.ppcManager).length;
    await h.driver.slashCommand({ user: U.ppcManager, text: "export 2026-04-31 2027-03-31" });
    const problem = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcManager)[seen]);
    expect(problem.text).toContain("「2026-04-31」は日付ではありません");
    expect(problem.text).toContain("/renkei export 2026-04-01 2027-03-31");
    await h.driver.slashCommand({ user: U.ppcManager, text: "export 2027-03-31 2026-04-01" });
    expect((await h.emu.waitFor(() => h.emu.ephemerals(U.ppcManager)[seen + 1])).text).toContain("早い日付を先に");
    expect(await sendExports()).toBe(0);

    // The manager asks: acknowledged privately, audited, then the files arrive in the DM.
    await h.driver.slashCommand({ user: U.ppcManager, text: "export 2026-04-01 2027-03-31" });
    expect((await h.emu.waitFor(() => h.emu.ephemerals(U.ppcManager)[seen + 2])).text).toContain("DM に JSON と CSV を送ります");
    await until(async () => (await sendExports()) === 1, "export not queued");
    await h.settle();
    const dm = await h.emu.waitFor(() => h.emu.dms(U.ppcManager).find((m) => (m.files ?? []).length > 0), { message: "no files in the DM" });
    expect(dm.text).toContain("2026-04-01〜2027-03-31");
    expect(dm.text).toContain("検証済み");
    // Art. 7: the result NISC shared AMBER+STRICT is withheld from PPC's manager (not in the case's channel), and the DM says so.
    expect(dm.text).toMatch(/あなたが共有範囲に含まれない内容 \d+件/);
    expect(dm.files!.map((f) => f.name)).toEqual(["renkei-2026-04-01_2027-03-31.json", "renkei-2026-04-01_2027-03-31.csv"]);
    const files = h.emu.files();
    const json = JSON.parse(files.find((f) => f.filename.endsWith(".json"))!.content!.toString("utf8")) as ExportDocument;
    expect(json.sections.incidents!.rows.map((r) => r.ref)).toEqual([refs.inside]);
    expect(json.sections.consultations!.rows[0]).toMatchObject({ position_nisc: "agree", outcome: "cooperate" });
    expect(json.sections.item_records!.rows.find((r) => r.kind === "result")!.data).toBe(WITHHELD_NISC);
    expect(JSON.parse(String(json.sections.activities!.rows[0]!.details)).content).toBe("1,234 reports, confidential"); // PPC's own share
    const csv = files.find((f) => f.filename.endsWith(".csv"))!.content!;
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = readCsv(csv.toString("utf8").slice(1));
    expect(lines[0]!.slice(0, 3)).toEqual(["section", "ref", "title"]);
    expect(lines.filter((l) => l[0] === "incidents").map((l) => l[1])).toEqual([refs.inside]);
    expect(lines.some((l) => l[0] === "audit_log")).toBe(true);
    // The request itself is in the audit log (the export reads both parties' records).
    const trail = await h.store.auditTrail("2026-04-01_2027-03-31");
    expect(trail.filter((e) => e.action === "record.export_requested")).toEqual([{ action: "record.export_requested", article: null, actorUserId: U.ppcManager }]);
    // The same request again within the minute queues nothing more.
    await h.driver.slashCommand({ user: U.ppcManager, text: "export 2026-04-01 2027-03-31" });
    expect((await h.emu.waitFor(() => h.emu.ephemerals(U.ppcManager)[seen + 3])).text).toContain("作成中です");
    expect(await sendExports()).toBe(1);
  });
});

// Issue 15 (part): the annual review in numbers. A seeded history — a PPC incident contacted after
// 2 hours and decided 3 hours later with two items agreed, and a NISC incident in the next
// quarter — gives the figures a reviewer checks, by quarter and party; `/renkei report` sends a
// manager the CSV and the charts in their DM, refuses others privately, and `npm run report`
// writes the same files.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAnnualReport } from "../src/app/annual-report";
import { parsePeriod } from "../src/domain/export";
import { readCsv } from "./support/csv";
import { clickPosition, propose } from "./support/consultation";
import { testDatabases } from "./support/databases";
import { intakeValues, startHarness, submitIntake, testClock, testConfigInput, U, until, type Harness } from "./support/harness";

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

describe.each(testDatabases())("the annual report on %s", (database) => {
  let h: Harness;
  const clock = testClock("2026-05-10T10:00:00+09:00");
  const FY = parsePeriod("2026-04-01", "2027-03-31", "Asia/Tokyo");
  if (!FY.ok) throw new Error("period");

  beforeAll(async () => {
    h = await startHarness({ database, clock });
    // FY2026 Q1, registered by PPC at 10:00; PPC's liaison proposes at 12:00 (contact); NISC agrees at 15:00 (decision).
    await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "PPC's case", "intake_aware_at.value": Math.floor(Date.parse("2026-05-09T09:00:00+09:00") / 1000) }));
    const ref = (await until(() => h.store.db.incident.findFirst({ where: { title: "PPC's case" } }), "incident not registered")).ref;
    await h.settle();
    clock.set("2026-05-10T12:00:00+09:00");
    await propose(h, U.ppcLiaison, ref, { joint_investigation: "We need NISC's analysts.", sharing_results: "We need NISC's results." });
    await h.settle();
    clock.set("2026-05-10T15:00:00+09:00");
    for (const item of ["joint_investigation", "sharing_results"]) await clickPosition(h, U.niscLiaison, ref, item, "consult_agree");
    const incident = (await h.store.incidentByRef(ref))!;
    await until(async () => (await h.store.tasksOfIncident(incident.id)).filter((t) => t.kind === "cooperation_item").length === 2, "items not agreed");
    await h.settle();
    // FY2026 Q2: NISC registers one that is never consulted.
    clock.set("2026-08-03T09:30:00+09:00");
    await submitIntake(h, U.niscStaff, intakeValues({ "intake_title.value": "NISC's own", "intake_aware_at.value": Math.floor(Date.parse("2026-08-03T08:00:00+09:00") / 1000) }));
    await h.settle();
    clock.set("2026-09-01T09:00:00+09:00");
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("computes the figures by quarter and party from the records", async () => {
    const { report } = await buildAnnualReport(h, FY.period, "en");
    const row = (quarter: string, party: string) => report.rows.find((r) => r.quarter === quarter && r.party === party)!.figures;
    expect(row("FY2026 Q1", "ppc")).toMatchObject({
      incidentsRegistered: 1,
      cooperationCases: 1,
      registrationToContact: { count: 1, medianHours: 2, p90Hours: 2 },
      contactToDecision: { count: 1, medianHours: 3, p90Hours: 3 },
    });
    expect(row("FY2026 Q1", "all").itemsAgreedByKind).toMatchObject({ joint_investigation: 1, sharing_results: 1, joint_alert: 0 });
    expect(row("FY2026 Q1", "nisc").incidentsRegistered).toBe(0);
    expect(row("FY2026 Q2", "nisc")).toMatchObject({ incidentsRegistered: 1, cooperationCases: 0, registrationToContact: { count: 0, medianHours: null } });
    expect(report.total).toMatchObject({ incidentsRegistered: 2, cooperationCases: 1, itemsAgreed: 2 });
  });

  it("/renkei report: a manager gets the CSV and three charts in their DM; others are refused privately and nothing is queued", async () => {
    const queued = () => h.store.db.effect.count({ where: { kind: "send_report" } });
    for (const user of [U.ppcStaff, U.niscLiaison]) {
      const seen = h.emu.ephemerals(user).length;
      await h.driver.slashCommand({ user, text: "report 2026-04-01 2027-03-31" });
      expect((await h.emu.waitFor(() => h.emu.ephemerals(user)[seen])).text).toMatch(/役割|role/);
    }
    const seen = h.emu.ephemerals(U.niscManager).length;
    await h.driver.slashCommand({ user: U.niscManager, text: "report 2026-04-31" });
    expect((await h.emu.waitFor(() => h.emu.ephemerals(U.niscManager)[seen])).text).toContain("/renkei report 2026-04-01 2027-03-31");
    expect(await queued()).toBe(0);

    await h.driver.slashCommand({ user: U.niscManager, text: "report 2026-04-01 2027-03-31" });
    expect((await h.emu.waitFor(() => h.emu.ephemerals(U.niscManager)[seen + 1])).text).toContain("DM でお送りします");
    await until(async () => (await queued()) === 1, "report not queued");
    await h.settle();
    const dm = await h.emu.waitFor(() => h.emu.dms(U.niscManager).find((m) => (m.files ?? []).length > 0), { message: "no files in the DM" });
    expect(dm.text).toContain("2026-04-01〜2027-03-31");
    expect(dm.text).toContain("登録 2件、協力案件 1件、合意した協力項目 2件");
    expect(dm.files!.map((f) => f.name)).toEqual([
      "renkei-report-2026-04-01_2027-03-31.csv",
      "renkei-report-2026-04-01_2027-03-31-decision.svg",
      "renkei-report-2026-04-01_2027-03-31-contact.svg",
      "renkei-report-2026-04-01_2027-03-31-items.svg",
    ]);
    const files = h.emu.files();
    const csv = readCsv(files.find((f) => f.filename === "renkei-report-2026-04-01_2027-03-31.csv")!.content!.toString("utf8"));
    const header = csv[0]!;
    const q1ppc = csv.find((l) => l[0] === "FY2026 Q1" && l[1] === "ppc")!;
    expect(q1ppc[header.indexOf("incidents_registered")]).toBe("1");
    expect(q1ppc[header.indexOf("contact_to_decision_median_h")]).toBe("3");
    expect(q1ppc[header.indexOf("items_joint_investigation")]).toBe("1");
    const decision = files.find((f) => f.filename.endsWith("-decision.svg"))!.content!.toString("utf8");
    expect(decision).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(decision).toContain("<title>連絡から協力判断までの時間（中央値、四半期別）</title>");
    expect(decision).toContain("FY2026 Q1");
    expect(decision).toContain("個情委, FY2026 Q1: 3 時間");
    // Audited; the same request within the minute queues nothing more.
    const trail = await h.store.auditTrail("2026-04-01_2027-03-31");
    expect(trail.filter((e) => e.action === "record.report_requested")).toEqual([{ action: "record.report_requested", article: null, actorUserId: U.niscManager }]);
    await h.driver.slashCommand({ user: U.niscManager, text: "report 2026-04-01 2027-03-31" });
    expect((await h.emu.waitFor(() => h.emu.ephemerals(U.niscManager)[seen + 2])).text).toContain("作成中か、お送り済み");
    expect(await queued()).toBe(1);
  });

  // Two runs of the CLI through tsx: seconds each on a busy machine.
  it("npm run report writes the CSV and the charts; bad arguments name the option and the fix", { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-report-"));
    const configPath = path.join(dir, "renkei.yml");
    fs.writeFileSync(configPath, stringify(testConfigInput()));
    const env = { ...process.env, DATABASE_URL: h.db.url, RENKEI_CONFIG: configPath };
    const out = path.join(dir, "out");
    const { stdout } = await exec(TSX, [path.join(ROOT, "src/cli/report.ts"), "--from", "2026-04-01", "--to", "2027-03-31", "--out", out, "--lang", "en"], { env, cwd: ROOT });
    expect(stdout).toContain("incidents 2, cooperation cases 1, items agreed 2");
    expect(fs.readdirSync(out).sort()).toEqual([
      "renkei-report-2026-04-01_2027-03-31-contact.svg",
      "renkei-report-2026-04-01_2027-03-31-decision.svg",
      "renkei-report-2026-04-01_2027-03-31-items.svg",
      "renkei-report-2026-04-01_2027-03-31.csv",
    ]);
    expect(fs.readFileSync(path.join(out, "renkei-report-2026-04-01_2027-03-31-items.svg"), "utf8")).toContain("Cooperation items agreed (by kind and party)");
    const bad = await exec(TSX, [path.join(ROOT, "src/cli/report.ts"), "--from", "2026-04-01", "--to", "2026-02-30"], { env, cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 2 });
    expect((bad as { stderr: string }).stderr).toContain("--to");
    expect((bad as { stderr: string }).stderr).toContain("YYYY-MM-DD");
  });
});

// Issue 16, Art. 5(1) tabletop exercises through the emulator: an exercise file played at ×60 on
// the test's clock — the injects reach the right people at their offsets, once; the case
// registered in the exercise channel is the exercise's (marked, numbered apart); a known run is
// scored; nothing of it shows in the real list, digest or export; ending it sends the after-action
// report (Markdown and an SVG timeline) to the participants, archives its channels and records a
// held Art. 5(1) training.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExport } from "../src/app/export";
import { runDigestSweep } from "../src/app/sweeps";
import { parsePeriod } from "../src/domain/export";
import { startEmulatedStack } from "../src/dev/emulated-stack";
import { propose, clickPosition } from "./support/consultation";
import { testDatabases } from "./support/databases";
import { intakeValues, startHarness, testClock, U, until, type Harness } from "./support/harness";

const DRILL = `
title: { ja: 試験訓練, en: Test drill }
notes: { ja: 試験用の訓練です。, en: A drill for the tests. }
speed: 1
cast: { nisc.liaison: auto, ppc.liaison: U0PPCLIAI1 }
injects:
  - at: T+0
    to: [nisc.liaison]
    from: { ja: 報告者, en: Reporter }
    text: 架空省から報告を受けました
  - at: T+10m
    to: [nisc.liaison, ppc.liaison]
    text: "約1,500人が対象です"
  - at: T+25m
    to: channel
    from: 記者
    text: 報道機関から問い合わせがありました
  - at: T+30m
    action: register_incident
    as: ppc.liaison
    incident: { title: Second case, reporter: 架空機構, category: 2, supervising_agency: 架空省, regime: art68, affected: 230, summary: 誤送信, flags: [financial] }
expectations:
  - { expect: register_incident, by: nisc, within: T+15m }
  - { expect: compute_deadlines }
  - { expect: contact_other_party, by: ppc, within: T+20m }
  - { expect: decide_consultation, within: T+18m }
  - { expect: scope_before_forwarding }
`;

describe.each(testDatabases())("tabletop exercises on %s", (database) => {
  let h: Harness;
  // Tuesday 2026-12-01, 10:00 JST.
  const clock = testClock("2026-12-01T10:00:00+09:00");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-exercises-"));
  const before = process.env.RENKEI_EXERCISES_DIR;
  beforeAll(async () => {
    fs.writeFileSync(path.join(dir, "drill.yml"), DRILL);
    fs.writeFileSync(path.join(dir, "broken.yml"), "title: x\ncast: { nisc.liaison: auto }\ninjects:\n  - { at: soon, text: hi }\n");
    process.env.RENKEI_EXERCISES_DIR = dir;
    h = await startHarness({ database, clock });
  });
  afterAll(async () => {
    await h?.stop();
    if (before === undefined) delete process.env.RENKEI_EXERCISES_DIR;
    else process.env.RENKEI_EXERCISES_DIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const answer = async (user: string, text: string, channel?: string) => {
    const n = h.emu.ephemerals(user).length;
    const res = await h.driver.slashCommand({ user, text, ...(channel ? { channel } : {}) });
    if (res.body?.text) return `${String(res.body.text)}\n${JSON.stringify(res.body.blocks ?? [])}`;
    await h.emu.waitFor(() => h.emu.ephemerals(user).length > n, { message: `no answer to ${text}` });
    const last = h.emu.ephemerals(user).at(-1)!;
    return `${last.text}\n${JSON.stringify(last.blocks ?? [])}`;
  };
  const injectsIn = (user: string) => h.emu.dms(user).filter((m) => m.text.includes("【訓練】T+") || m.text.includes("EXERCISE T+"));
  let exerciseChannel = "";
  let exerciseRef = "";

  it("refuses staff, explains a broken file field by field, and starts at ×60 for a liaison officer", async () => {
    expect(await answer(U.ppcStaff, "exercise start drill")).toContain("連絡調整担当");
    const broken = await answer(U.niscLiaison, "exercise start broken");
    expect(broken).toContain("injects[0].at");
    expect(broken).toContain("T+10m");
    expect(await answer(U.niscLiaison, "exercise start ../etc/passwd")).toContain("使えません");
    expect(await answer(U.niscLiaison, "exercise start drill --speed 0")).toContain("--speed");
    expect(await answer(U.niscLiaison, "exercise start drill --speed 60")).toContain("開始しました");
    expect(await answer(U.ppcLiaison, "exercise start drill")).toContain("実施中");
    await h.settle();
    const exercise = (await h.store.exercises.running())!;
    expect(exercise).toMatchObject({ name: "drill", speed: 60, cast: { "nisc.liaison": U.niscLiaison, "ppc.liaison": U.ppcLiaison } });
    exerciseChannel = exercise.channelId!;
    const channel = h.emu.channel(exerciseChannel)!;
    expect(channel.name).toBe("exercise-20261201-drill");
    expect(channel.members).toEqual(expect.arrayContaining([U.niscLiaison, U.ppcLiaison]));
    expect(h.emu.messages(exerciseChannel)[0]!.text).toContain("【訓練】EXERCISE — 試験訓練");
  });

  it("delivers each inject to the right people at its offset, once", async () => {
    await h.settle();
    // Queued durably in the outbox at their times (a restart loses none): T+0 delivered, the rest waiting.
    const queued = await h.store.db.effect.findMany({ where: { kind: "exercise_inject" }, orderBy: [{ runAfter: "asc" }, { dedupeKey: "asc" }], select: { status: true, runAfter: true } });
    expect(queued.map((e) => [e.status, e.runAfter.toISOString()])).toEqual([
      ["done", "2026-12-01T01:00:00.000Z"],
      ["pending", "2026-12-01T01:00:10.000Z"],
      ["pending", "2026-12-01T01:00:10.000Z"],
      ["pending", "2026-12-01T01:00:25.000Z"],
      ["pending", "2026-12-01T01:00:30.000Z"],
    ]);
    expect(injectsIn(U.niscLiaison).map((m) => m.text)).toEqual([expect.stringContaining("架空省から報告を受けました")]);
    expect(injectsIn(U.niscLiaison)[0]!.text).toContain("報告者");
    expect(injectsIn(U.ppcLiaison)).toEqual([]);
    clock.advance(9_000); // T+9m
    await h.settle();
    expect(injectsIn(U.ppcLiaison)).toEqual([]);
    clock.advance(1_000); // T+10m
    await h.settle();
    await h.settle();
    expect(injectsIn(U.niscLiaison).map((m) => m.text)).toEqual([expect.stringContaining("架空省"), expect.stringContaining("約1,500人")]);
    // The English reader gets the English text of a localised inject (none here: the Japanese original).
    expect(injectsIn(U.ppcLiaison).map((m) => m.text)).toEqual([expect.stringContaining("約1,500人")]);
    expect(h.emu.messages(exerciseChannel).some((m) => m.text.includes("報道機関"))).toBe(false);
  });

  it("registers the case opened in the exercise channel as the exercise's, and a real one elsewhere as real", async () => {
    clock.advance(2_000); // T+12m
    await h.driver.slashCommand({ user: U.niscLiaison, text: "new", channel: exerciseChannel });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.niscLiaison).find((v) => v.view.callback_id === "incident_intake"), { message: "intake did not open" });
    // The form says the case will be the exercise's (updated once the modal opened).
    await h.emu.waitFor(() => JSON.stringify(h.emu.view(modal.id)?.view.blocks ?? []).includes("実施中の訓練「試験訓練」"), { message: "no exercise banner" });
    const res = await h.driver.submitView({ user: U.niscLiaison, viewId: modal.id, values: intakeValues({ "intake_title.value": "Ransomware at the Ministry of Examples" }) });
    exerciseRef = /\*(\d{4}-\d{4,})\*/.exec(JSON.stringify(res.body?.view ?? ""))![1]!;
    expect(exerciseRef).toBe("2026-90001");
    await h.settle();
    const incident = (await h.store.incidentByRef(exerciseRef))!;
    expect(incident.title).toBe("【訓練】EXERCISE Ransomware at the Ministry of Examples");
    expect(incident.exerciseId).toBe((await h.store.exercises.running())!.id);
    expect(h.emu.channel(incident.channelId!)!.name).toMatch(/^exercise-inc-2026-90001-ransomware/);

    // A real incident registered from #general meanwhile keeps the real numbering.
    await h.driver.slashCommand({ user: U.ppcStaff, text: "new" });
    const real = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "incident_intake"), { message: "intake did not open" });
    expect(JSON.stringify(real.view.blocks)).not.toContain("訓練");
    const r = await h.driver.submitView({ user: U.ppcStaff, viewId: real.id, values: intakeValues({ "intake_title.value": "Real leak at an agency" }) });
    expect(JSON.stringify(r.body?.view ?? "")).toContain("2026-0001");
    await h.settle();
  });

  it("plays the rest of the run: contact at T+15m, decision at T+20m, the channel inject at T+25m", async () => {
    clock.advance(3_000); // T+15m
    await propose(h, U.ppcLiaison, exerciseRef, { joint_investigation: "Hearings with the ministry." });
    await h.settle();
    clock.advance(5_000); // T+20m
    await clickPosition(h, U.niscLiaison, exerciseRef, "joint_investigation", "consult_agree");
    const incident = (await h.store.incidentByRef(exerciseRef))!;
    await until(async () => {
      await h.settle();
      return (await h.store.consultations.ofIncident(incident.id)).every((c) => c.status === "concluded");
    }, "the consultation did not conclude");
    expect(h.emu.messages(exerciseChannel).some((m) => m.text.includes("報道機関"))).toBe(false);
    clock.advance(5_000); // T+25m
    await h.settle();
    const posted = h.emu.messages(exerciseChannel).filter((m) => m.text.includes("報道機関"));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toContain("記者");
    await h.settle();
    expect(injectsIn(U.niscLiaison)).toHaveLength(2); // nothing delivered twice
  });

  it("keeps the exercise out of the real list, digest and export", async () => {
    const list = await answer(U.ppcManager, "list");
    expect(list).toContain("2026-0001");
    expect(list).not.toContain("90001");
    expect(list).not.toContain("訓練");
    clock.set("2026-12-01T10:00:40+09:00");
    await h.settle(); // T+40m: the scripted T+30m action registered a second exercise case
    expect(h.emu.messages(exerciseChannel).some((m) => m.text.includes("訓練統制により事案 2026-90002 を登録しました"))).toBe(true);
    expect((await h.store.incidentByRef("2026-90002"))!).toMatchObject({ title: "【訓練】EXERCISE Second case", createdByParty: "ppc" });
    await runDigestSweep(h, { force: true });
    await h.settle();
    const digest = h.emu.dms(U.ppcManager).map((m) => JSON.stringify(m.blocks) + m.text).join("\n");
    expect(digest).toContain("2026-0001");
    expect(digest).not.toContain("90001");
    expect(digest).not.toContain("訓練");
    const period = parsePeriod("2026-12-01", "2026-12-31", "Asia/Tokyo");
    if (!period.ok) throw new Error("bad period");
    const doc = await buildExport(h, period.period, { requester: { kind: "operator", includeScoped: false } });
    const records = JSON.stringify(Object.entries(doc.sections).filter(([name]) => !name.startsWith("audit")));
    expect(records).toContain("2026-0001");
    const leak = /.{200}90001.{200}/.exec(records)?.[0];
    expect(leak).toBeUndefined();
    expect(records).not.toContain("訓練");
    expect(doc.sections.consultations!.count).toBe(0);
  });

  it("ends with a known score, the after-action report in the participants' DMs, archived channels and a held Art. 5(1) training", async () => {
    const ended = await answer(U.niscLiaison, "exercise end");
    expect(ended).toContain("4/5");
    expect(ended).toContain("80%");
    expect(ended).toContain("A-2026-001");
    await h.settle();
    const exercise = await h.store.exercises.byId((await h.store.db.exercise.findFirst())!.id);
    expect(exercise).toMatchObject({ status: "ended" });
    const score = exercise!.score as { results: Array<{ expect: string; met: boolean; actualMs: number | null }> };
    expect(score.results.map((r) => [r.expect, r.met, r.actualMs])).toEqual([
      ["register_incident", true, 12 * 60_000],
      ["compute_deadlines", true, null],
      ["contact_other_party", true, 15 * 60_000],
      ["decide_consultation", false, 20 * 60_000],
      ["scope_before_forwarding", true, null],
    ]);
    for (const user of [U.niscLiaison, U.ppcLiaison]) {
      const dm = h.emu.dmChannelId(user);
      const files = h.emu.files().filter((f) => f.channels.includes(dm));
      expect(files.map((f) => f.filename)).toEqual(["exercise-drill-2026-12-01-report.md", "exercise-drill-2026-12-01-timeline.svg"]);
      const report = files[0]!.content!.toString("utf8");
      expect(report).toContain("事後報告");
      expect(report).toContain("4/5（80%）");
      expect(report).toContain("| 協議・連携の決定 | T+18m | T+20m | ❌ 未達 |");
      expect(report).toContain("A-2026-001");
      expect(files[1]!.content!.toString("utf8")).toMatch(/^<svg xmlns/);
    }
    expect(h.emu.channel(exerciseChannel)!.isArchived).toBe(true);
    const incident = (await h.store.incidentByRef(exerciseRef))!;
    expect(h.emu.channel(incident.channelId!)!.isArchived).toBe(true);
    const activity = (await h.store.activities.byRef("A-2026-001"))!;
    expect(activity).toMatchObject({ kind: "event", article: "5(1)", status: "done", title: "試験訓練" });
    expect((await h.store.activities.records(activity.id)).map((r) => r.kind)).toEqual(["exercise_report"]);
    expect((await h.store.auditTrail(exercise!.id)).map((a) => [a.action, a.article])).toEqual([
      ["exercise.started", "5(1)"],
      ["exercise.channel_opened", "5(1)"],
      ["exercise.channel_ready", "5(1)"],
      ["exercise.ended", "5(1)"],
    ]);
    expect(await answer(U.niscLiaison, "exercise end")).toContain("実施中の訓練はありません");
    // Nothing more arrives after the end.
    clock.advance(60_000);
    await h.settle();
    expect(injectsIn(U.niscLiaison)).toHaveLength(2);
  });
});

describe.each(testDatabases())("exercise injects kept across a restart on %s", (database) => {
  it("a bot started afresh on the same database delivers the injects still due, each once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-exercises-"));
    fs.writeFileSync(path.join(dir, "drill.yml"), DRILL);
    const before = process.env.RENKEI_EXERCISES_DIR;
    process.env.RENKEI_EXERCISES_DIR = dir;
    const clock = testClock("2026-12-01T10:00:00+09:00");
    const h = await startHarness({ database, clock });
    try {
      await h.driver.slashCommand({ user: U.niscLiaison, text: "exercise start drill --speed 60" });
      await until(async () => {
        await h.settle();
        return (await h.store.db.effect.count({ where: { kind: "exercise_inject" } })) === 5;
      }, "the injects were not queued");
      const dms = (user: string) => h.emu.dms(user).filter((m) => m.text.includes("【訓練】T+"));
      expect(dms(U.niscLiaison)).toHaveLength(1);
      // The bot goes down; later another process starts on the same database and workspace.
      await h.renkei.stop();
      clock.advance(26_000); // T+26m
      const again = await startEmulatedStack({ databaseUrl: h.db.url, config: h.config, users: [], emulator: h.emu, clock });
      try {
        await again.settle();
        await again.settle();
        expect(dms(U.niscLiaison).map((m) => m.text.split("\n")[0])).toEqual(["*【訓練】T+0* — 報告者", "*【訓練】T+10m*"]);
        expect(dms(U.ppcLiaison)).toHaveLength(1);
        const exercise = (await again.store.exercises.running())!;
        expect(h.emu.messages(exercise.channelId!).filter((m) => m.text.includes("報道機関"))).toHaveLength(1);
      } finally {
        await again.stop();
      }
    } finally {
      await h.store.close().catch(() => undefined);
      await h.emu.stop();
      await h.db.dispose();
      if (before === undefined) delete process.env.RENKEI_EXERCISES_DIR;
      else process.env.RENKEI_EXERCISES_DIR = before;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

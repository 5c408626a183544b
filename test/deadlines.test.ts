// Issue 12, deadlines: the 確報 deadline by PPC's count (day 1 = the day of awareness) on the card
// and in /renkei status, said how it was computed; a 速報 reminder that would fall on a closed day
// goes out on the open day before it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, testClock, U, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { runReminderSweep } from "../src/app/sweeps";

const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe.each(testDatabases())("report deadlines on %s", (database) => {
  let h: Harness;
  const clock = testClock("2026-11-27T09:30:00+09:00"); // a Friday
  beforeAll(async () => {
    h = await startHarness({ database, clock });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const sweep = async () => {
    await runReminderSweep(h);
    await h.settle();
  };
  const command = async (user: string, text: string) => {
    const before = h.emu.ephemerals(user).length;
    await h.driver.slashCommand({ user, text });
    await h.emu.waitFor(() => h.emu.ephemerals(user).length > before, { message: `no private answer to "/renkei ${text}"` });
    const e = h.emu.ephemerals(user).at(-1)!;
    return `${e.text}\n${JSON.stringify(e.blocks ?? [])}`;
  };

  it("reminds of a preliminary report due on a Sunday on the Friday before, not after the weekend", async () => {
    // Aware Fri 11-27 09:00: day 3 of the 速報 window is Sun 11-29, a closed day; one day ahead is Sat.
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Weekend window", "intake_aware_at.value": unix("2026-11-27T09:00:00+09:00") }));
    await h.settle();
    const incident = (await h.store.incidentByRef(ref!))!;
    expect(incident.preliminaryDueAt?.toISOString()).toBe(new Date("2026-11-29T23:59:59+09:00").toISOString());
    clock.set("2026-11-27T15:00:00+09:00");
    await sweep();
    const posts = () => h.emu.messages(incident.channelId!).filter((m) => m.text.includes("速報"));
    expect(posts()).toHaveLength(1);
    expect(posts()[0]!.text).toContain("2026/11/29");
    clock.set("2026-11-27T19:00:00+09:00");
    await sweep();
    expect(posts()).toHaveLength(1); // once
  });

  it("shows the 確報 deadline by PPC's count, and how it was computed, on the card and in /renkei status", async () => {
    // The memorandum's example: aware Tue 2026-12-01, case (3) → day 60 = Fri 2027-01-29
    // (the Civil Code's count would give Sat 01-30, moved to Mon 02-01: two open days late).
    clock.set("2026-12-01T11:00:00+09:00");
    const { ref, res } = await submitIntake(
      h,
      U.ppcStaff,
      intakeValues({ "intake_title.value": "Year end count", "intake_aware_at.value": unix("2026-12-01T10:00:00+09:00"), "intake_flags.value": ["unlawful_purpose"] }),
    );
    const result = JSON.stringify(res.body.view);
    expect(result).toContain("2027/01/29");
    expect(result).not.toContain("2027/02/01");
    await h.settle();
    const incident = (await h.store.incidentByRef(ref!))!;
    expect(incident.finalDueAt?.toISOString()).toBe(new Date("2027-01-29T23:59:59+09:00").toISOString());
    const card = JSON.stringify(h.emu.message(incident.channelId!, incident.summaryTs!)!.blocks);
    expect(card).toContain("2027/01/29");
    expect(card).toContain("知った日を1日目として数える");
    expect(card).toContain("通則編）3-5-3-3・3-5-3-4");
    expect(card).toContain("60日目は 2027/01/29");
    // The 速報 window: day 3 to day 5.
    expect(card).toContain("2026/12/03");
    expect(card).toContain("2026/12/05");

    // NISC's staff member reads English.
    const status = await command(U.niscStaff, `status ${ref}`);
    expect(status).toContain("day 1 = the day of awareness");
    expect(status).toContain("Guidelines (General Rules) 3-5-3-3, 3-5-3-4");
    expect(status).toContain("29 Jan 2027");
  });

  it("says when the last day was a closed day and the deadline moved to the next open day", async () => {
    // Aware Wed 2026-12-02: day 30 = Thu 12-31 (year-end closure) → Mon 2027-01-04.
    clock.set("2026-12-02T12:00:00+09:00");
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Closure", "intake_aware_at.value": unix("2026-12-01T20:00:00Z") }));
    await h.settle();
    const incident = (await h.store.incidentByRef(ref!))!;
    expect(incident.finalDueAt?.toISOString()).toBe(new Date("2027-01-04T23:59:59+09:00").toISOString());
    const card = JSON.stringify(h.emu.message(incident.channelId!, incident.summaryTs!)!.blocks);
    expect(card).toContain("30日目は 2026/12/31");
    expect(card).toContain("年末年始（12月29日〜1月3日）");
  });
});

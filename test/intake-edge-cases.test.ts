// Intake edge cases through the emulator: inline validation, channel names, escaping, Slack Connect.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, type Harness, niscInAnotherWorkspace } from "./support/harness";
import { testDatabases } from "./support/databases";

describe.each(testDatabases())("intake edge cases on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("shows invalid input inline, keeps what was typed, and registers once corrected", async () => {
    await h.driver.slashCommand({ user: U.niscStaff, text: "new" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.niscStaff).find((v) => v.view.callback_id === "incident_intake"));
    const future = Math.floor(Date.now() / 1000) + 3 * 3600;
    const bad = await h.driver.submitView({
      user: U.niscStaff,
      viewId: modal.id,
      values: intakeValues({ "intake_title.value": "   ", "intake_affected_count.value": "-3", "intake_aware_at.value": future }),
    });
    expect(bad.body.response_action).toBe("errors");
    // NISC staff member's locale is English.
    expect(bad.errors).toEqual({
      intake_title: "Please fill this in.",
      intake_affected_count: "Enter zero or more.",
      intake_aware_at: "This time is in the future.",
    });
    expect(h.emu.view(modal.id)?.closed).toBe(false);
    expect(h.emu.view(modal.id)?.state.values.intake_summary?.value?.value).toBe("Staff records were read by an unknown party.");
    expect((await h.store.openIncidents(10)).total).toBe(0);

    const good = await h.driver.submitView({ user: U.niscStaff, viewId: modal.id, values: intakeValues() });
    expect(good.body.response_action).toBe("update");
    expect(JSON.stringify(good.body.view)).toContain("Registered as *2026-0001*");
    await h.settle();
  });

  it("registers one incident when Slack delivers the same submission twice", async () => {
    await h.driver.slashCommand({ user: U.ppcStaff, text: "new" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "incident_intake"));
    const before = (await h.store.openIncidents(100)).total;
    const values = intakeValues({ "intake_title.value": "Submitted twice" });
    const [a, b] = await Promise.all([h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values }), h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values })]);
    expect(a.body.response_action).toBe("update");
    expect(b.body.response_action).toBe("update");
    expect(JSON.stringify(a.body.view)).toEqual(JSON.stringify(b.body.view)); // the same reference both times
    await h.settle();
    expect((await h.store.openIncidents(100)).total).toBe(before + 1);
    expect(h.emu.channels().filter((c) => c.name.includes("submitted-twice"))).toHaveLength(1);
  });

  it("handles a taken channel name, a very long title and a Japanese-only title", async () => {
    // The next reference is predictable: take one more than the incidents so far.
    const next = `2026-${String((await h.store.openIncidents(1)).total + 1).padStart(4, "0")}`;
    h.emu.addChannel({ name: `inc-${next}-quarterly-leak` });
    const refs = [
      (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Quarterly leak" }))).ref!,
      (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": `Very long ${"title ".repeat(18)}` }))).ref!,
      (await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "職員情報の漏えい" }))).ref!,
    ];
    expect(refs[0]).toBe(next);
    await h.settle();
    const names = await Promise.all(refs.map(async (ref) => (await h.store.incidentByRef(ref))!.channelName!));
    expect(names[0]).toBe(`inc-${refs[0]}-quarterly-leak-2`);
    expect(names[1]!.length).toBeLessThanOrEqual(80);
    expect(names[1]).toMatch(new RegExp(`^inc-${refs[1]}-very-long-title-title`));
    expect(names[1]).not.toMatch(/-$/);
    expect(names[2]).toBe(`inc-${refs[2]}`);
    for (const name of names) expect(h.emu.channel(name)).toBeDefined();
    expect(h.emu.calls("conversations.create").filter((c) => c.response?.ok === false).map((c) => c.response.error)).toEqual(["name_taken"]);
  });

  it("never turns user text into a live mention or markup", async () => {
    const { ref } = await submitIntake(
      h,
      U.ppcStaff,
      intakeValues({
        "intake_title.value": "<!here> alert <@U0PPCLIAI1>",
        "intake_reporter_name.value": "<!channel> & Co <@U123|boss>",
        "intake_supervising_agency.value": "<https://evil.example|click> & <#C0GENERAL1>",
        "intake_summary.value": "a < b && c > d <!everyone> <!subteam^S123>",
      }),
    );
    await h.settle();
    const incident = await h.store.incidentByRef(ref!);
    const posted = h.emu.messages(incident!.channelId!);
    expect(posted.length).toBeGreaterThan(0);
    for (const m of posted) expect(m.mentions.filter((x) => x !== `<@${U.ppcStaff}>`)).toEqual([]);
    const card = JSON.stringify(posted[0]!.blocks);
    expect(card).toContain("&lt;!channel&gt; &amp; Co &lt;@U123|boss&gt;");
    expect(card).toContain("a &lt; b &amp;&amp; c &gt; d");
    expect(posted[0]!.text).not.toContain("<!here>");
    expect(h.emu.channel(incident!.channelId!)!.topic).not.toMatch(/[<>]/);
    // The DM telling the submitter the channel is open, too.
    for (const dm of h.emu.dms(U.ppcStaff)) expect(dm.mentions).toEqual([]);
  });
});

describe.each(testDatabases())("a party in another Slack workspace on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database, ...niscInAnotherWorkspace() });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("invites the other party's liaisons with a Slack Connect invitation instead of a plain invite", async () => {
    const { ref } = await submitIntake(h, U.ppcStaff);
    await h.settle();
    const incident = await h.store.incidentByRef(ref!);
    const channel = h.emu.channel(incident!.channelId!)!;
    expect(channel.members).toEqual(expect.arrayContaining([U.ppcLiaison, U.ppcStaff]));
    expect(channel.members).not.toContain(U.niscLiaison);
    expect(h.emu.calls("conversations.inviteShared")).toHaveLength(1);
    expect(channel.sharedInvites.map((i) => i.userIds)).toEqual([[U.niscLiaison]]);
    expect(channel.sharedInvites).toHaveLength(1);
    expect(h.emu.dms(U.ppcStaff).at(-1)!.text).toContain("Slack コネクト");
    expect(incident!.channelStatus).toBe("ready");
  });
});

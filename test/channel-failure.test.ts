// Slack API failures while opening an incident channel: the incident is kept, the submitter sees
// what happened and can retry, and a retry finishes the job without doing any step twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";

describe.each(testDatabases())("channel set-up failures on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("keeps the incident, tells the submitter with a Retry button, and finishes on Retry", async () => {
    h.emu.failNext("conversations.create", { error: "restricted_action" });
    const { res, ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Create fails" }));
    expect(res.body.response_action).toBe("update");
    await h.settle();

    const incident = (await h.store.incidentByRef(ref!))!;
    expect(incident).toMatchObject({ state: "open", channelStatus: "failed", channelError: "restricted_action", channelId: null });
    const notice = await h.emu.waitFor(() => h.emu.dms(U.ppcStaff).find((m) => m.text.includes("restricted_action")));
    expect(notice.text).toContain(ref!);
    expect(JSON.stringify(notice.blocks)).toContain("retry_channel");

    // /renkei status says so too, with the same button.
    await h.driver.slashCommand({ user: U.ppcStaff, text: `status ${ref}` });
    const status = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).at(-1));
    expect(JSON.stringify(status.blocks)).toContain("準備失敗");

    // Someone without the right (a PPC manager, not the submitter) may not retry.
    h.emu.addMembers(notice.channel, U.ppcManager);
    await h.driver.clickButton({ user: U.ppcManager, channel: notice.channel, ts: notice.ts, actionId: "retry_channel" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcManager).at(-1)?.text.includes("役割が必要"));

    await h.driver.clickButton({ user: U.ppcStaff, channel: notice.channel, ts: notice.ts, actionId: "retry_channel" });
    await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes("再試行しています")));
    await h.settle();
    const ready = (await h.store.incidentByRef(ref!))!;
    expect(ready).toMatchObject({ channelStatus: "ready", channelError: null });
    expect(h.emu.messages(ready.channelId!)).toHaveLength(1);
    expect(h.emu.dms(U.ppcStaff).at(-1)!.text).toContain(`<#${ready.channelId}>`);
    expect((await h.store.auditTrail(ready.id)).map((e) => e.action)).toEqual([
      "incident.registered",
      "incident.channel_failed",
      "incident.channel_retry_requested",
      "incident.channel_opened",
      "incident.channel_ready",
    ]);
  });

  it("resumes after a failure in the middle without creating a second channel or a second card", async () => {
    h.emu.failNext("pins.add", { error: "internal_error" });
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Pin fails" }));
    await h.settle();
    const failed = (await h.store.incidentByRef(ref!))!;
    expect(failed.channelStatus).toBe("failed");
    expect(failed.channelId).not.toBeNull();
    expect(h.emu.messages(failed.channelId!)).toHaveLength(1); // the card was posted before the pin failed

    // The automatic retry (here: the sweep run by hand once its time has come).
    await h.store.retryEffect(`provision:${failed.id}`, new Date());
    await h.settle();
    const ready = (await h.store.incidentByRef(ref!))!;
    expect(ready.channelStatus).toBe("ready");
    expect(ready.channelId).toBe(failed.channelId);
    expect(h.emu.channels().filter((c) => c.name.startsWith(`inc-${ref}`))).toHaveLength(1);
    expect(h.emu.messages(ready.channelId!)).toHaveLength(1);
    expect(h.emu.pins(ready.channelId!)).toEqual([ready.summaryTs]);
  });

  it("waits out a 429 (Retry-After) silently and then completes", async () => {
    h.emu.failNext("conversations.setTopic", { status: 429, retryAfter: 1 });
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Rate limited" }));
    await h.settle();
    const waiting = (await h.store.incidentByRef(ref!))!;
    expect(waiting.channelStatus).toBe("pending"); // not shown as a failure
    const effect = await h.store.effectByKey(`provision:${waiting.id}`);
    expect(effect).toMatchObject({ status: "failed", attempts: 1 });
    await new Promise((r) => setTimeout(r, 1100));
    await h.settle();
    const ready = (await h.store.incidentByRef(ref!))!;
    expect(ready.channelStatus).toBe("ready");
    expect(h.emu.dms(U.ppcStaff).filter((m) => m.text.includes(ref!))).toHaveLength(1); // only "ready"
  });
});

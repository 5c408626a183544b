// What new users stumbled on (issue 13), through the emulator: each of these failed before the fix.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, U, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { agreedCase, decisionCard, propose } from "./support/consultation";

type Block = { block_id?: string; element?: { options?: Array<{ value: string }> } };

describe.each(testDatabases())("what users stumbled on on %s", (database) => {
  let h: Harness;
  const newIncident = async (title: string) => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": title }));
    await h.settle();
    return ref!;
  };
  const openProposal = async (user: string, ref: string) => {
    const incident = (await h.store.incidentByRef(ref))!;
    const before = h.emu.openViews(user).map((v) => v.id);
    await h.driver.clickButton({ user, channel: incident.channelId!, ts: incident.summaryTs!, actionId: "consult_propose" });
    return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === "consult_proposal" && !before.includes(v.id)), { message: "proposal form did not open" });
  };
  const reasonFields = (viewId: string) =>
    (h.emu.view(viewId)!.view.blocks as Block[]).map((b) => b.block_id ?? "").filter((id) => id.startsWith("consult_need_"));

  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("shows a form's errors as plain text: no mrkdwn asterisks around the reference", async () => {
    const ref = await newIncident("Errors in plain text");
    await propose(h, U.niscStaff, ref, { sharing_results: "We have malware analysis to share." });
    await decisionCard(h, ref);
    // NISC's staff member reads English: "Round 1 of the consultation on 2026-… is still open".
    const res = await propose(h, U.niscStaff, ref, { joint_alert: "An alert too." });
    expect(res.errors?.consult_items).toContain(`Round 1 of the consultation on ${ref} is still open`);
    expect(res.errors?.consult_items).not.toContain("*");
  });

  it("shows the reason field of each ticked item only, as items are ticked and unticked", async () => {
    const ref = await newIncident("Reasons of ticked items");
    const form = await openProposal(U.ppcStaff, ref);
    expect(reasonFields(form.id)).toEqual([]);
    const tick = async (items: string[]) => {
      await h.driver.clickInView({ user: U.ppcStaff, viewId: form.id, blockId: "consult_items", actionId: "value", value: items });
      const want = JSON.stringify(items.map((i) => `consult_need_${i}`).sort());
      await h.emu.waitFor(() => (JSON.stringify([...reasonFields(form.id)].sort()) === want ? true : undefined), { message: `reason fields of ${items.join(", ")}` });
    };
    await tick(["sharing_results"]);
    await tick(["sharing_results", "joint_alert"]);
    // Unticking removes the item's field.
    await tick(["joint_alert"]);
    const res = await h.driver.submitView({ user: U.ppcStaff, viewId: form.id, values: { "consult_need_joint_alert.value": "Same alert wording on both sides.", "consult_impact.value": "One person for a day." } });
    expect(res.errors).toBeUndefined();
    const card = await decisionCard(h, ref);
    expect(card.text + JSON.stringify(card.blocks)).toContain("Same alert wording on both sides.");
  });

  it("names the action refused when the other party presses Reassign or Change due date", async () => {
    const ref = await newIncident("Refusals name the action");
    // Overseas cooperation is done by the party asked: NISC owns the task.
    const [task] = await agreedCase(h, ref, ["overseas_cooperation"]);
    for (const [actionId, words] of [
      ["task_reassign", "担当者を変更できます"],
      ["task_due", "期限を変更できます"],
    ] as const) {
      const before = h.emu.ephemerals(U.ppcStaff).length;
      await h.driver.clickButton({ user: U.ppcStaff, channel: task!.channelId!, ts: task!.messageTs!, actionId });
      const refusal = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).slice(before).find((e) => e.text.includes("NISC")), { message: `no refusal for ${actionId}` });
      expect(refusal.text).toContain(words);
      expect(refusal.text).not.toContain("完了にできます");
    }
  });

  it("offers the case's agreed items and Art. 5(2) as the basis of a designation, as the release form does", async () => {
    const ref = await newIncident("Bases of the case");
    const incident = (await h.store.incidentByRef(ref))!;
    const bases = async () => {
      const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: incident.channelId!, text: "Finding" });
      const before = h.emu.openViews(U.ppcStaff).map((v) => v.id);
      await h.driver.messageShortcut({ user: U.ppcStaff, channel: incident.channelId!, ts: message.ts, callbackId: "designate_sharing_scope" });
      const form = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "scope_designate" && !before.includes(v.id)), { message: "designate form did not open" });
      await h.driver.closeView({ user: U.ppcStaff, viewId: form.id });
      return (form.view.blocks as Block[]).find((b) => b.block_id === "scope_basis")!.element!.options!.map((o) => o.value);
    };
    expect(await bases()).toEqual(["5(2)"]);
    await agreedCase(h, ref, ["sharing_results"]);
    expect(await bases()).toEqual(["4(2)(ii)", "5(2)"]);
  });

  it("a link pasted into one's own direct message with renkei: one message (warning and note), and the DM named, not <#D…>", async () => {
    const ref = await newIncident("Pasted into a DM");
    await agreedCase(h, ref, ["sharing_results"]);
    const incident = (await h.store.incidentByRef(ref))!;
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: incident.channelId!, text: "Indicator list" });
    await h.driver.messageShortcut({ user: U.ppcStaff, channel: incident.channelId!, ts: message.ts, callbackId: "designate_sharing_scope" });
    const form = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "scope_designate"), { message: "designate form did not open" });
    await h.driver.submitView({ user: U.ppcStaff, viewId: form.id, values: { "scope_level.value": "red", "scope_basis.value": "4(2)(ii)", "scope_users.value": [U.niscLiaison] } });
    await h.settle();

    const dm = h.emu.dmChannelId(U.niscStaff);
    const pasted = await h.driver.userMessage({ user: U.niscStaff, channel: dm, text: `for later <${h.emu.permalink(incident.channelId!, message.ts)}>` });
    const fromRenkei = () =>
      [...h.emu.messages(dm), ...h.emu.messages(dm, { threadTs: pasted.message.ts })].filter((m) => m.user === h.emu.botUserId && m.text.includes("TLP:RED"));
    await h.emu.waitFor(() => (fromRenkei().length > 0 ? true : undefined), { message: "no warning in the DM" });
    // The provider's liaison is asked, which comes after the warning and the note were queued.
    const ask = await h.emu.waitFor(() => h.emu.dms(U.ppcLiaison).find((m) => m.text.includes("TLP:RED")), { message: "no question to the liaison" });
    await h.settle();
    const messages = fromRenkei();
    expect(messages).toHaveLength(1);
    // NISC's staff member reads English; the one message is addressed to them.
    expect(messages[0]!.text).toContain("You are outside this scope");
    expect(messages[0]!.text).toContain("Art. 7");

    // Where it went is named, in the liaison's question and in the register.
    expect(ask.text).toContain(`<@${U.niscStaff}> とのダイレクトメッセージ`);
    expect(ask.text).not.toContain("<#D");
    await h.driver.slashCommand({ user: U.ppcStaff, text: `scope ${ref}` });
    const register = await h.emu.waitFor(() => h.emu.ephemerals(U.ppcStaff).find((e) => e.text.includes(ref) && JSON.stringify(e.blocks).includes("ダイレクトメッセージ")), { message: "register without the DM" });
    expect(JSON.stringify(register.blocks)).not.toContain("<#D");
  });
});

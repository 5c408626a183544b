// Art. 4(2)(iv)-(vi) through the emulator: overseas cooperation requests, technical advice and
// joint alerts on the agreed items' cards, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { intakeValues, startHarness, submitIntake, testConfigInput, U, until, type Harness } from "./support/harness";
import { testDatabases } from "./support/databases";
import { agreedCase } from "./support/consultation";
import type { Task } from "../src/domain/tasks";
import { recordAlertPublication } from "../src/app/items/joint-alert";
import type { ItemRecord } from "../src/domain/item-records";
import { parseRenkeiConfig } from "../src/config/renkei-config";
import { renderContext } from "../src/slack/render-context";
import { taskCard } from "../src/slack/views/task-card";

describe.each(testDatabases())("cooperation items 4(2)(iv)-(vi) on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ database });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** A new incident where PPC proposed `item` and NISC agreed: the agreed item's task, its card posted. */
  const agreedItem = async (title: string, item: string): Promise<Task> => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": title }));
    await h.settle();
    const [task] = await agreedCase(h, ref!, [item]);
    return task!;
  };
  const cardText = (task: Task) => JSON.stringify(h.emu.message(task.channelId!, task.messageTs!)!.blocks);
  const cardShows = (task: Task, ...texts: string[]) => h.emu.waitFor(() => texts.every((x) => cardText(task).includes(x)), { message: `card does not show ${texts.join(", ")}` });
  const click = (user: string, task: Task, actionId: string, blockId?: string) =>
    h.driver.clickButton({ user, channel: task.channelId!, ts: task.messageTs!, actionId, ...(blockId ? { blockId } : {}) });
  /** Clicks a card button and waits for the modal it opens. */
  const openModal = async (user: string, task: Task, actionId: string, callbackId: string, blockId?: string) => {
    const before = h.emu.openViews(user).map((v) => v.id);
    await click(user, task, actionId, blockId);
    return h.emu.waitFor(() => h.emu.openViews(user).find((v) => v.view.callback_id === callbackId && !before.includes(v.id)), { message: `${callbackId} modal did not open` });
  };
  const ephemeral = (user: string, ...texts: string[]) => h.emu.waitFor(() => h.emu.ephemerals(user).find((e) => texts.some((x) => e.text.includes(x))), { message: `no ephemeral with ${texts.join(" / ")}` });
  const records = async (task: Task, kind: string) => (await h.store.recordsOfTask(task.id)).filter((r) => r.kind === kind);
  const shared = (task: Task) => h.store.db.sharedInformation.findMany({ where: { taskId: task.id } });
  const trail = async (task: Task) => (await h.store.auditTrail(task.id)).map((e) => `${e.action}@${e.article}`);

  describe("Art. 4(2)(iv) cooperation with overseas bodies", () => {
    it("PPC requests, NISC accepts (PPC's click refused, a double click acts once), then records results with the limits and shares them", async () => {
      const task = await agreedItem("Overseas request", "overseas_cooperation");
      expect(task).toMatchObject({ ownerParty: "nisc" });
      expect(cardText(task)).toContain("item_overseas_request");

      // The party asked cannot send the request to itself.
      await click(U.niscStaff, task, "item_overseas_request");
      await ephemeral(U.niscStaff, "requested by PPC");
      expect(h.emu.openViews(U.niscStaff).filter((v) => v.view.callback_id === "item_overseas_request")).toHaveLength(0);

      const modal = await openModal(U.ppcStaff, task, "item_overseas_request", "item_overseas_request");
      const empty = await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "item_overseas_body.value": "", "item_overseas_ask.value": "" }, allowEmptyRequired: true });
      expect(Object.keys(empty.errors ?? {}).sort()).toEqual(["item_overseas_ask", "item_overseas_body"]);
      await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "item_overseas_body.value": "CERT-Example <!channel>", "item_overseas_ask.value": "Is the same malware reported abroad?" } });
      await cardShows(task, "CERT-Example &lt;!channel&gt;", "Is the same malware reported abroad?", "回答待ち", "item_overseas_accept");
      const [request] = await records(task, "overseas_request");
      expect(request).toMatchObject({ party: "ppc", byUserId: U.ppcStaff, status: "requested", data: { body: "CERT-Example <!channel>", ask: "Is the same malware reported abroad?" } });
      const actions = `item_overseas_act_${request!.id}`;

      // The requester may not accept its own request.
      await click(U.ppcLiaison, task, "item_overseas_accept", actions);
      await ephemeral(U.ppcLiaison, "依頼を受けたNISC");
      expect((await records(task, "overseas_request"))[0]!.status).toBe("requested");

      // NISC accepts; the double click is told it was already accepted.
      await Promise.all([click(U.niscStaff, task, "item_overseas_accept", actions), click(U.niscStaff, task, "item_overseas_accept", actions)]);
      await cardShows(task, "引受け済み", "item_overseas_results");
      await ephemeral(U.niscStaff, "already");
      expect((await records(task, "overseas_request"))[0]).toMatchObject({ status: "accepted", data: { decidedByUserId: U.niscStaff } });

      // Results: the agreement's limits are required ("none" if none).
      const results = await openModal(U.niscLiaison, task, "item_overseas_results", "item_overseas_results", actions);
      const noLimits = await h.driver.submitView({ user: U.niscLiaison, viewId: results.id, values: { "item_overseas_limits.value": "", "item_overseas_results_text.value": "Two similar cases in the EU." }, allowEmptyRequired: true });
      expect(Object.keys(noLimits.errors ?? {})).toEqual(["item_overseas_limits"]);
      await h.driver.submitView({ user: U.niscLiaison, viewId: results.id, values: { "item_overseas_limits.value": "Not to be published.", "item_overseas_results_text.value": "Two similar cases in the EU." } });
      await cardShows(task, "結果共有済み", "Not to be published.", "Two similar cases in the EU.", `<@${U.niscLiaison}>`);
      expect(cardText(task)).not.toContain("item_overseas_results\"");
      expect((await records(task, "overseas_request"))[0]).toMatchObject({ status: "completed", data: { limits: "Not to be published.", results: "Two similar cases in the EU.", completedByUserId: U.niscLiaison } });
      const info = await shared(task);
      expect(info).toHaveLength(1);
      expect(info[0]).toMatchObject({ basis: "4(2)(iv)", providerParty: "nisc", summary: "Two similar cases in the EU.", sharedByUserId: U.niscLiaison, incidentId: task.incidentId });

      expect(await trail(task)).toEqual(["item.overseas_requested@4(2)(iv)", "item.overseas_accepted@4(2)(iv)", "item.overseas_results_recorded@4(2)(iv)"]);
    });

    it("NISC declines a request with a reason, shown on the card", async () => {
      const task = await agreedItem("Overseas decline", "overseas_cooperation");
      const modal = await openModal(U.ppcLiaison, task, "item_overseas_request", "item_overseas_request");
      await h.driver.submitView({ user: U.ppcLiaison, viewId: modal.id, values: { "item_overseas_body.value": "Foreign DPA", "item_overseas_ask.value": "Ask about the vendor." } });
      await cardShows(task, "Foreign DPA");
      const [request] = await records(task, "overseas_request");
      const actions = `item_overseas_act_${request!.id}`;
      // PPC cannot open the decline modal either.
      await click(U.ppcStaff, task, "item_overseas_decline", actions);
      await ephemeral(U.ppcStaff, "依頼を受けたNISC");
      const decline = await openModal(U.niscLiaison, task, "item_overseas_decline", "item_overseas_decline", actions);
      const noReason = await h.driver.submitView({ user: U.niscLiaison, viewId: decline.id, values: { "item_overseas_reason.value": " " }, allowEmptyRequired: true });
      expect(noReason.errors?.item_overseas_reason).toBeDefined();
      await h.driver.submitView({ user: U.niscLiaison, viewId: decline.id, values: { "item_overseas_reason.value": "No agreement with that body." } });
      await cardShows(task, "お断り", "No agreement with that body.");
      expect(cardText(task)).not.toContain(actions);
      expect((await records(task, "overseas_request"))[0]).toMatchObject({ status: "declined", data: { declineReason: "No agreement with that body.", decidedByUserId: U.niscLiaison } });
      expect(await shared(task)).toEqual([]);
      expect(await trail(task)).toEqual(["item.overseas_requested@4(2)(iv)", "item.overseas_declined@4(2)(iv)"]);
    });
  });

  describe("Art. 4(2)(v) technical advice", () => {
    it("refuses a request by NISC with the rule (no modal, no record); PPC asks, NISC advises and the advice is shared", async () => {
      const task = await agreedItem("Technical advice", "technical_advice");
      expect(task.ownerParty).toBe("nisc");

      await click(U.niscStaff, task, "item_advice_request");
      const refusal = await ephemeral(U.niscStaff, "Only PPC's staff can request technical advice");
      expect(refusal.text).toContain("Art. 4(2)(v)");
      await h.settle();
      expect(h.emu.openViews(U.niscStaff).filter((v) => v.view.callback_id === "item_advice_request")).toHaveLength(0);
      expect(await h.store.recordsOfTask(task.id)).toEqual([]);
      // The use case refuses too, whatever the surface.
      const { requestAdvice } = await import("../src/app/items/technical-advice");
      expect(await requestAdvice(h, h.config.directory.member(U.niscLiaison), task.id, { topic: "containment", question: "Q" })).toMatchObject({ outcome: "refused", refusal: "not_requester" });
      expect(await h.store.recordsOfTask(task.id)).toEqual([]);

      const modal = await openModal(U.ppcStaff, task, "item_advice_request", "item_advice_request");
      expect(JSON.stringify(modal.view.blocks)).toContain("root_cause");
      await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "item_advice_topic.value": "containment", "item_advice_question.value": "Should the reporter cut the VPN now?" } });
      await cardShows(task, "被害拡大防止", "Should the reporter cut the VPN now?", "item_advice_record");
      const [request] = await records(task, "advice_request");
      expect(request).toMatchObject({ party: "ppc", status: "requested", data: { topic: "containment", question: "Should the reporter cut the VPN now?" } });

      // The requester cannot record advice.
      await click(U.ppcLiaison, task, "item_advice_record", `item_advice_act_${request!.id}`);
      await ephemeral(U.ppcLiaison, "助言を記録できるのはNISC");

      const record = await openModal(U.niscLiaison, task, "item_advice_record", "item_advice_record", `item_advice_act_${request!.id}`);
      await h.driver.submitView({ user: U.niscLiaison, viewId: record.id, values: { "item_advice_text.value": "Yes: isolate the VPN concentrator, keep its logs." } });
      await cardShows(task, "助言済み", "isolate the VPN concentrator", `<@${U.niscLiaison}>`);
      expect(cardText(task)).not.toContain(`item_advice_act_${request!.id}`);
      expect((await records(task, "advice_request"))[0]!.status).toBe("answered");
      expect(await records(task, "advice")).toEqual([expect.objectContaining({ party: "nisc", byUserId: U.niscLiaison, data: { requestId: request!.id, advice: "Yes: isolate the VPN concentrator, keep its logs." } })]);
      expect(await shared(task)).toEqual([expect.objectContaining({ basis: "4(2)(v)", providerParty: "nisc", summary: "Yes: isolate the VPN concentrator, keep its logs." })]);
      expect(await trail(task)).toEqual(["item.advice_requested@4(2)(v)", "item.advice_recorded@4(2)(v)"]);
    });
  });

  describe("Art. 4(2)(vi) joint alerts", () => {
    it("versions the draft, withdraws approvals on edit, needs both liaisons' approval of the current version, then records the publication", async () => {
      const task = await agreedItem("Joint alert", "joint_alert");
      expect(cardText(task)).not.toContain("item_alert_approve");

      const v1 = await openModal(U.ppcStaff, task, "item_alert_edit", "item_alert_draft");
      await h.driver.submitView({ user: U.ppcStaff, viewId: v1.id, values: { "item_alert_text.value": "Beware of phishing mails <!channel>." } });
      await cardShows(task, "第1版", "Beware of phishing mails &lt;!channel&gt;.", "第1版を承認");

      // A staff member (not a liaison) cannot approve; PPC's liaison approves version 1.
      await click(U.ppcStaff, task, "item_alert_approve");
      await ephemeral(U.ppcStaff, "連絡調整担当のみ");
      await click(U.ppcLiaison, task, "item_alert_approve");
      await cardShows(task, `第1版を承認（<@${U.ppcLiaison}>`);
      const staleCard = h.emu.message(task.channelId!, task.messageTs!)!.blocks;

      // NISC edits: version 2 withdraws PPC's approval of version 1.
      const v2 = await openModal(U.niscStaff, task, "item_alert_edit", "item_alert_draft");
      expect(JSON.stringify(v2.view.blocks)).toContain("Beware of phishing mails <!channel>.");
      const unchanged = await h.driver.submitView({ user: U.niscStaff, viewId: v2.id, values: { "item_alert_text.value": "Beware of phishing mails <!channel>." } });
      expect(unchanged.errors?.item_alert_text).toContain("not changed");
      await h.driver.submitView({ user: U.niscStaff, viewId: v2.id, values: { "item_alert_text.value": "Beware of phishing mails claiming to be from the ministry." } });
      await cardShows(task, "第2版", "claiming to be from the ministry", "第2版への編集により", "第2版を承認");
      expect(cardText(task)).not.toContain(`第2版を承認（<@${U.ppcLiaison}>`);
      expect((await records(task, "alert_approval")).map((a) => [a.party, a.version, a.status])).toEqual([["ppc", 1, "withdrawn"]]);
      expect((await records(task, "alert_draft")).map((d) => d.version)).toEqual([1, 2]);

      // A card still showing version 1 (e.g. a client that has not refreshed): approving it is refused.
      const stale = h.emu.addUserMessage({ user: U.ppcLiaison, channel: task.channelId!, text: "stale card", blocks: staleCard });
      await h.driver.clickButton({ user: U.niscLiaison, channel: task.channelId!, ts: stale.ts, actionId: "item_alert_approve" });
      await ephemeral(U.niscLiaison, "第2版に更新");
      expect(await records(task, "alert_approval")).toHaveLength(1);

      // Publication before both approvals is refused (the use case; the card has no button yet).
      const ppcStaff = h.config.directory.member(U.ppcStaff)!;
      expect(await recordAlertPublication(h, ppcStaff, task.id, "2026-12-01")).toMatchObject({ outcome: "refused", refusal: "not_approved_by_all" });
      expect(cardText(task)).not.toContain("item_alert_publish");

      // Both liaisons approve version 2 (NISC's double click approves once).
      await Promise.all([click(U.niscLiaison, task, "item_alert_approve"), click(U.niscLiaison, task, "item_alert_approve")]);
      await ephemeral(U.niscLiaison, "既に承認");
      await click(U.ppcLiaison, task, "item_alert_approve");
      await cardShows(task, "第2版は両当事者が承認しました", "item_alert_publish");
      expect(cardText(task)).not.toContain("item_alert_approve");
      expect((await records(task, "alert_approval")).filter((a) => a.status === "approved").map((a) => [a.party, a.version]).sort()).toEqual([
        ["nisc", 2],
        ["ppc", 2],
      ]);

      const publish = await openModal(U.ppcStaff, task, "item_alert_publish", "item_alert_publish");
      await h.driver.submitView({ user: U.ppcStaff, viewId: publish.id, values: { "item_alert_date.value": "2026-12-01" } });
      await cardShows(task, "2026-12-01に第2版を両当事者の名義で公表");
      expect(cardText(task)).not.toContain("item_alert_edit");
      expect(await records(task, "publication")).toEqual([expect.objectContaining({ data: { date: "2026-12-01", version: 2 }, byUserId: U.ppcStaff })]);

      // After publication the draft is frozen.
      const ppcLiaison = h.config.directory.member(U.ppcLiaison)!;
      const { editAlertDraft } = await import("../src/app/items/joint-alert");
      expect(await editAlertDraft(h, ppcLiaison, task.id, "Another text")).toMatchObject({ outcome: "refused", refusal: "already_published" });

      expect(await trail(task)).toEqual([
        "item.alert_draft_edited@4(2)(vi)",
        "item.alert_approved@4(2)(vi)",
        "item.alert_draft_edited@4(2)(vi)",
        "item.alert_approved@4(2)(vi)",
        "item.alert_approved@4(2)(vi)",
        "item.alert_published@4(2)(vi)",
      ]);
    });

    it("refuses a publication modal submitted after an edit withdrew the approvals", async () => {
      const task = await agreedItem("Joint alert stale publication", "joint_alert");
      const v1 = await openModal(U.niscLiaison, task, "item_alert_edit", "item_alert_draft");
      await h.driver.submitView({ user: U.niscLiaison, viewId: v1.id, values: { "item_alert_text.value": "Patch your VPN." } });
      await cardShows(task, "第1版を承認");
      await click(U.niscLiaison, task, "item_alert_approve");
      await click(U.ppcLiaison, task, "item_alert_approve");
      await cardShows(task, "item_alert_publish");
      const publish = await openModal(U.ppcLiaison, task, "item_alert_publish", "item_alert_publish");
      // Meanwhile PPC's staff edits the draft: both approvals are withdrawn.
      const v2 = await openModal(U.ppcStaff, task, "item_alert_edit", "item_alert_draft");
      await h.driver.submitView({ user: U.ppcStaff, viewId: v2.id, values: { "item_alert_text.value": "Patch your VPN today." } });
      await cardShows(task, "第2版への編集により");
      const res = await h.driver.submitView({ user: U.ppcLiaison, viewId: publish.id, values: { "item_alert_date.value": "2026-12-02" } });
      expect(res.errors?.item_alert_date).toContain("第2版");
      await until(async () => (await records(task, "alert_approval")).every((a) => a.status === "withdrawn"));
      expect(await records(task, "publication")).toEqual([]);
    });
  });
});

describe("cards of items 4(2)(iv)-(vi) stay within Block Kit limits", () => {
  const rc = renderContext(parseRenkeiConfig(testConfigInput(), "test config"));
  const base: Task = {
    id: "T1", dedupeKey: "k", incidentId: "I1", kind: "cooperation_item", itemType: "overseas_cooperation", consultationId: "C1", conditions: null, ownerParty: "nisc", assigneeUserId: null,
    params: { ref: "2026-0001", requester: "ppc", need: "n" }, dueAt: null, status: "open", doneByUserId: null, doneAt: null, channelId: "C", messageTs: "1", version: 1, createdAt: new Date(0), updatedAt: new Date(0),
  };
  const rec = (i: number, kind: string, data: Record<string, unknown>, status: string | null, version: number | null = null): ItemRecord => ({
    id: `R${kind}${i}`, taskId: "T1", kind, party: "ppc", byUserId: U.ppcStaff, data, status, version, createdAt: new Date(i * 1000), updatedAt: new Date(i * 1000),
  });
  const worst = (n: number) => "<&>".repeat(Math.ceil(n / 3)).slice(0, n);
  const check = (card: { blocks: unknown[] }) => {
    expect(card.blocks.length).toBeLessThanOrEqual(50);
    for (const b of card.blocks as Array<{ text?: { text: string } }>) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
  };

  it("overseas requests: many, long, escape-heavy", () => {
    const records = Array.from({ length: 25 }, (_, i) =>
      rec(i, "overseas_request", { body: worst(200), ask: worst(1500), decidedByUserId: U.niscStaff, decidedAt: new Date(0).toISOString(), limits: worst(1000), results: worst(2500), completedByUserId: U.niscStaff, completedAt: new Date(0).toISOString() }, i % 2 ? "completed" : "requested"),
    );
    const card = taskCard(rc, base, records);
    check(card);
    expect(JSON.stringify(card.blocks)).toContain("15");
  });

  it("advice requests and a long joint alert draft", () => {
    const advice = Array.from({ length: 25 }, (_, i) => rec(i, "advice_request", { topic: "containment", question: worst(2000) }, "answered"));
    advice.push(...advice.map((r, i) => rec(100 + i, "advice", { requestId: r.id, advice: worst(2500) }, null)));
    check(taskCard(rc, { ...base, itemType: "technical_advice" }, advice));
    const alert = taskCard(rc, { ...base, itemType: "joint_alert", ownerParty: "ppc" }, [rec(1, "alert_draft", { text: worst(3000), withdrew: [{ party: "ppc", version: 1, byUserId: U.ppcLiaison }] }, null, 2)]);
    check(alert);
    expect(JSON.stringify(alert.blocks)).toContain("長いため一部のみ表示");
  });
});

import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { App, LogLevel } from "@slack/bolt";
import { SlackDriver, SlackEmulator } from "./index";

const SECRET = "test-secret";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

let emu: SlackEmulator;
let app: App;
let driver: SlackDriver;
let appUrl: string;
const retryNums: (number | undefined)[] = [];

const reportModal = (channel: string) => ({
  type: "modal" as const,
  callback_id: "report",
  private_metadata: channel,
  title: { type: "plain_text" as const, text: "Report" },
  submit: { type: "plain_text" as const, text: "Send" },
  blocks: [
    {
      type: "input", block_id: "title_block", label: { type: "plain_text", text: "Title" },
      element: { type: "plain_text_input", action_id: "title" },
    },
    {
      type: "input", block_id: "severity_block", label: { type: "plain_text", text: "Severity" },
      element: {
        type: "static_select", action_id: "severity",
        options: ["low", "high"].map((v) => ({ text: { type: "plain_text", text: v }, value: v })),
        initial_option: { text: { type: "plain_text", text: "low" }, value: "low" },
      },
    },
    {
      type: "input", block_id: "when_block", optional: true, label: { type: "plain_text", text: "When" },
      element: { type: "datepicker", action_id: "when" },
    },
  ],
});

beforeAll(async () => {
  emu = await SlackEmulator.start();
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}/slack/events`;
  app = new App({ token: emu.botToken, signingSecret: SECRET, clientOptions: { slackApiUrl: emu.apiUrl }, logLevel: LogLevel.ERROR });

  app.command("/renkei", async ({ ack, body, client, respond }) => {
    await ack();
    if (body.text === "help") {
      await respond("usage: /renkei");
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: reportModal(body.channel_id) });
  });

  app.view("report", async ({ ack, view, client }) => {
    const title = view.state.values.title_block!.title!.value ?? "";
    if (title.length < 3) {
      await ack({ response_action: "errors", errors: { title_block: "3 characters or more" } });
      return;
    }
    await ack();
    const severity = view.state.values.severity_block!.severity!.selected_option?.value;
    await client.chat.postMessage({
      channel: view.private_metadata,
      text: `New report: ${title}`,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `*${title}* (${severity})` } },
        { type: "actions", block_id: "act", elements: [{ type: "button", action_id: "approve", value: "yes", text: { type: "plain_text", text: "Approve" } }] },
      ],
    });
  });

  app.action("approve", async ({ ack, respond, body }) => {
    await ack();
    const value = (body as any).actions[0].value;
    await respond({ replace_original: true, text: `Approved (${value})` });
  });

  app.event("app_mention", async ({ context, say }) => {
    retryNums.push(context.retryNum);
    await say("got it");
  });

  // --- view stack / Home flows ---
  const stackModal = (title: string) => ({
    type: "modal" as const, callback_id: "stack", title: { type: "plain_text" as const, text: title },
    submit: { type: "plain_text" as const, text: "Go" },
    blocks: [
      { type: "actions", elements: [{ type: "button", action_id: "more", text: { type: "plain_text", text: "More" } }] },
      {
        type: "input", block_id: "mode", label: { type: "plain_text", text: "Mode" },
        element: {
          type: "radio_buttons", action_id: "mode",
          options: ["update", "push", "clear"].map((v) => ({ text: { type: "plain_text", text: v }, value: v })),
        },
      },
    ],
  });
  app.shortcut("new_report", async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: stackModal("Root") });
  });
  app.action("more", async ({ ack, body, client }) => {
    await ack();
    await client.views.push({ trigger_id: (body as any).trigger_id, view: stackModal("Pushed") });
  });
  app.view("stack", async ({ ack, view }) => {
    const mode = view.state.values.mode!.mode!.selected_option!.value;
    if (mode === "clear") await ack({ response_action: "clear" });
    else await ack({ response_action: mode as "update" | "push", view: stackModal(mode) });
  });
  app.event("app_home_opened", async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: { type: "home", blocks: [{ type: "actions", elements: [{ type: "button", action_id: "home_btn", value: "h", text: { type: "plain_text", text: "Ping" } }] }] },
    });
  });
  app.action("home_btn", async ({ ack, body, client }) => {
    await ack();
    await client.chat.postMessage({ channel: body.user.id, text: "pong" });
  });

  await app.start(port);
  driver = new SlackDriver({ emulator: emu, appUrl, signingSecret: SECRET });
});

afterAll(async () => {
  await app.stop();
  await emu.stop();
});

beforeEach(() => {
  emu.reset();
  emu.addUser({ id: "U0ALICE", name: "alice" });
  emu.addMembers("general", emu.botUserId);
  retryNums.length = 0;
});

describe("SlackDriver against a real Bolt app", () => {
  it("runs a slash command -> modal -> inline errors -> success -> button flow", async () => {
    const cmd = await driver.slashCommand({ user: "U0ALICE", text: "" });
    expect(cmd.status).toBe(200);
    const modal = await emu.waitFor(() => emu.openViews("U0ALICE")[0], { message: "modal not opened" });
    expect(modal.view.callback_id).toBe("report");

    const bad = await driver.submitView({ user: "U0ALICE", viewId: modal.id, values: { title: "ab" } });
    expect(bad.errors).toEqual({ title_block: "3 characters or more" });
    expect(emu.view(modal.id)).toMatchObject({ closed: false, errors: { title_block: "3 characters or more" } });

    const good = await driver.submitView({ user: "U0ALICE", viewId: modal.id, values: { title: "Leak", severity: "high" } });
    expect(good.status).toBe(200);
    expect(emu.view(modal.id)!.closed).toBe(true);
    expect(emu.openViews("U0ALICE")).toEqual([]);

    const msg = await emu.waitFor(() => emu.messages("C0GENERAL1")[0]);
    expect(msg.text).toBe("New report: Leak");
    expect(JSON.stringify(msg.blocks)).toContain("*Leak* (high)");

    const click = await driver.clickButton({ user: "U0ALICE", channel: "C0GENERAL1", ts: msg.ts, actionId: "approve" });
    expect(click.status).toBe(200);
    await emu.waitFor(() => emu.message("C0GENERAL1", msg.ts)!.text === "Approved (yes)");
    expect(emu.calls("response_url")).toHaveLength(1);
  });

  it("blocks empty required inputs like Slack's client, unless allowed", async () => {
    await driver.slashCommand({ user: "U0ALICE" });
    const modal = await emu.waitFor(() => emu.openViews("U0ALICE")[0]);
    await expect(driver.submitView({ user: "U0ALICE", viewId: modal.id })).rejects.toThrow(/title_block\.title/);
    await expect(driver.submitView({ user: "U0ALICE", viewId: modal.id, values: { nope: "x" } })).rejects.toThrow(/no input element "nope"/);
    const res = await driver.submitView({ user: "U0ALICE", viewId: modal.id, allowEmptyRequired: true });
    expect(res.errors).toEqual({ title_block: "3 characters or more" });
  });

  it("records respond() to a slash command's response_url as an ephemeral", async () => {
    const res = await driver.slashCommand({ user: "U0ALICE", text: "help" });
    const eph = await emu.waitFor(() => emu.ephemerals("U0ALICE")[0]);
    expect(eph).toMatchObject({ channel: "C0GENERAL1", text: "usage: /renkei", viaResponseUrl: true });
    expect(res.responseUrl).toMatch(new RegExp(`^${emu.url}/response/`));
  });

  it("explains which action_ids exist when a click target is missing", async () => {
    const ts = emu.addUserMessage({ user: "U0ALICE", channel: "C0GENERAL1", text: "no buttons" }).ts;
    await expect(driver.clickButton({ user: "U0ALICE", channel: "C0GENERAL1", ts, actionId: "approve" })).rejects.toThrow(
      /available action_ids: none/,
    );
  });

  it("is rejected with 401 when signed with the wrong secret", async () => {
    const wrong = new SlackDriver({ emulator: emu, appUrl, signingSecret: "not-the-secret" });
    const res = await wrong.slashCommand({ user: "U0ALICE" });
    expect(res.status).toBe(401);
    expect(res.body).toBe("");
  });

  it("delivers an event twice with retry headers (Bolt does not de-duplicate)", async () => {
    const event = { type: "app_mention", user: "U0ALICE", text: `<@${emu.botUserId}> hi`, ts: "1764000000.000100", channel: "C0GENERAL1" };
    expect((await driver.sendEvent(event, { eventId: "Ev0001" })).status).toBe(200);
    expect((await driver.sendEvent(event, { eventId: "Ev0001", retryNum: 1, retryReason: "http_timeout" })).status).toBe(200);
    await emu.waitFor(() => emu.messages("C0GENERAL1").length === 2);
    expect(retryNums).toEqual([undefined, 1]);
  });

  it("delivers a human message with its app_mention", async () => {
    const res = await driver.userMessage({ user: "U0ALICE", channel: "C0GENERAL1", text: `<@${emu.botUserId}> status?` });
    expect(res.message.mentions).toEqual([`<@${emu.botUserId}>`]);
    const reply = await emu.waitFor(() => emu.messages("C0GENERAL1").find((m) => m.text === "got it"));
    expect(reply.user).toBe(emu.botUserId);
  });

  it("handles view stacks: clickInView + views.push, response_action update/push/clear", async () => {
    const sc = await driver.globalShortcut({ user: "U0ALICE", callbackId: "new_report" });
    expect(sc.status).toBe(200);
    const root = await emu.waitFor(() => emu.openViews("U0ALICE")[0]);
    await driver.clickInView({ user: "U0ALICE", viewId: root.id, actionId: "more" });
    await emu.waitFor(() => emu.openViews("U0ALICE").length === 2);
    const pushed = emu.openViews("U0ALICE")[1]!;
    expect(pushed).toMatchObject({ rootViewId: root.id, previousViewId: root.id });

    await driver.submitView({ user: "U0ALICE", viewId: pushed.id, values: { mode: "update" } });
    expect(emu.view(pushed.id)!.view.title.text).toBe("update");
    await driver.submitView({ user: "U0ALICE", viewId: pushed.id, values: { mode: "push" } });
    expect(emu.openViews("U0ALICE").map((v) => v.view.title.text)).toEqual(["Root", "update", "push"]);
    await driver.submitView({ user: "U0ALICE", viewId: root.id, values: { mode: "clear" } });
    expect(emu.openViews("U0ALICE")).toEqual([]);
  });

  it("sends block_actions from an input block only when it has dispatch_action", async () => {
    await driver.globalShortcut({ user: "U0ALICE", callbackId: "new_report" });
    const root = await emu.waitFor(() => emu.openViews("U0ALICE")[0]);
    await expect(driver.clickInView({ user: "U0ALICE", viewId: root.id, actionId: "mode", value: "push" })).rejects.toThrow(/without dispatch_action/);
    await driver.closeView({ user: "U0ALICE", viewId: root.id });
  });

  it("opens the Home tab and clicks in it", async () => {
    await driver.openHome("U0ALICE");
    const home = await emu.waitFor(() => emu.homeView("U0ALICE"));
    await driver.clickInView({ user: "U0ALICE", viewId: home.id, actionId: "home_btn" });
    const dm = await emu.waitFor(() => emu.dms("U0ALICE")[0]);
    expect(dm.text).toBe("pong");
  });
});

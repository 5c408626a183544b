import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { App, LogLevel, SocketModeReceiver } from "@slack/bolt";
import { WebSocket } from "ws";
import { SlackDriver, SlackEmulator } from "./index";

/** A raw Socket Mode client: opens a URL with the app-level token and collects frames. */
async function connect(emu: SlackEmulator, token = emu.appToken) {
  const res = await fetch(`${emu.apiUrl}apps.connections.open`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { ok: boolean; url: string; error?: string };
  if (!body.ok) throw new Error(body.error);
  const ws = new WebSocket(body.url);
  const frames: any[] = [];
  ws.on("message", (d) => frames.push(JSON.parse(String(d))));
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  await until(() => frames.length > 0);
  return { ws, frames, url: body.url, ack: (envelopeId: string, payload: unknown = {}) => ws.send(JSON.stringify({ envelope_id: envelopeId, payload })) };
}

async function until<T>(fn: () => T | undefined | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error("until: timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function api(emu: SlackEmulator, method: string, token: string) {
  const res = await fetch(`${emu.apiUrl}${method}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ channel: "C0GENERAL1", text: "hi" }) });
  return (await res.json()) as Record<string, unknown>;
}

describe("Socket Mode in the emulator (protocol)", () => {
  let emu: SlackEmulator;
  const open: WebSocket[] = [];
  beforeAll(async () => {
    emu = await SlackEmulator.start({ socketMode: { ackTimeoutMs: 150 } });
  });
  afterEach(() => {
    for (const ws of open.splice(0)) ws.terminate();
    emu.reset();
  });
  afterAll(async () => {
    await emu.stop();
  });

  it("apps.connections.open takes only the app-level token with connections:write", async () => {
    expect(await api(emu, "apps.connections.open", emu.botToken)).toMatchObject({ ok: false, error: "not_allowed_token_type" });
    expect(await api(emu, "apps.connections.open", "xapp-1-A0OTHER-zzz")).toMatchObject({ ok: false, error: "invalid_auth" });
    const ok = await api(emu, "apps.connections.open", emu.appToken);
    expect(ok).toMatchObject({ ok: true });
    expect(String(ok.url)).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f]+&app_id=A0RENKEI01$/);
    // ...and the app-level token is no bot token.
    expect(await api(emu, "chat.postMessage", emu.appToken)).toMatchObject({ ok: false, error: "not_allowed_token_type" });

    const narrow = await SlackEmulator.start({ socketMode: { appTokenScopes: ["authorizations:read"] } });
    try {
      expect(await api(narrow, "apps.connections.open", narrow.appToken)).toMatchObject({ ok: false, error: "missing_scope", needed: "connections:write", provided: "authorizations:read" });
    } finally {
      await narrow.stop();
    }
  });

  it("says hello on a fresh URL and refuses a URL used before", async () => {
    const c = await connect(emu);
    open.push(c.ws);
    expect(c.frames[0]).toMatchObject({ type: "hello", num_connections: 1, connection_info: { app_id: "A0RENKEI01" }, debug_info: { host: expect.any(String) } });
    const reused = new WebSocket(c.url);
    const status = await new Promise<number>((resolve) => reused.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(401);
  });

  it("sends envelopes as Slack does and resolves with the acknowledgement", async () => {
    const c = await connect(emu);
    open.push(c.ws);
    const command = emu.socketMode.deliver("slash_commands", { command: "/renkei", text: "help" });
    const env1 = await until(() => c.frames.find((f) => f.type === "slash_commands"));
    expect(env1).toEqual({ envelope_id: expect.any(String), type: "slash_commands", accepts_response_payload: true, payload: { command: "/renkei", text: "help" } });
    c.ack(env1.envelope_id, { text: "usage" });
    expect(await command).toMatchObject({ acked: true, payload: { text: "usage" } });

    const click = emu.socketMode.deliver("interactive", { type: "block_actions" });
    const submit = emu.socketMode.deliver("interactive", { type: "view_submission" });
    const event = emu.socketMode.deliver("events_api", { type: "event_callback", event: { type: "message" } }, { retryAttempt: 1, retryReason: "timeout" });
    const [e2, e3, e4] = await until(() => {
      const got = c.frames.filter((f) => f.envelope_id && f.type !== "slash_commands");
      return got.length === 3 ? got : undefined;
    });
    expect(e2).toMatchObject({ type: "interactive", accepts_response_payload: false, payload: { type: "block_actions" } });
    expect(e3).toMatchObject({ type: "interactive", accepts_response_payload: true, payload: { type: "view_submission" } });
    expect(e4).toMatchObject({ type: "events_api", accepts_response_payload: false, retry_attempt: 1, retry_reason: "timeout" });
    for (const e of [e2, e3, e4]) c.ack(e.envelope_id);
    expect((await Promise.all([click, submit, event])).map((d) => d.acked)).toEqual([true, true, true]);
    expect(emu.socketMode.violations()).toEqual([]);
  });

  it("records a missing, late or misplaced acknowledgement as a violation", async () => {
    const c = await connect(emu);
    open.push(c.ws);
    const d = await emu.socketMode.deliver("interactive", { type: "block_actions" });
    expect(d).toMatchObject({ acked: false, reason: "timeout" });
    expect(emu.socketMode.violations()).toMatchObject([{ kind: "missing_ack", what: "block_actions" }]);
    c.ack(d.envelopeId!); // after the deadline
    await until(() => emu.socketMode.violations()[0]!.kind === "late_ack");
    expect(emu.socketMode.violations()[0]!.ackMs).toBeGreaterThanOrEqual(150);

    const p = emu.socketMode.deliver("interactive", { type: "block_actions" });
    const env = await until(() => c.frames.filter((f) => f.type === "interactive")[1]);
    c.ack(env.envelope_id, { text: "nobody will see this" });
    expect((await p).acked).toBe(true);
    c.ack(env.envelope_id);
    c.ack("no-such-envelope");
    c.ws.send("not json");
    await until(() => emu.socketMode.violations().length === 5);
    expect(emu.socketMode.violations().map((v) => v.kind)).toEqual(["late_ack", "payload_not_accepted", "unknown_envelope", "unknown_envelope", "malformed_frame"]);
  });

  it("disconnect tells the app why, routes nothing more to it and closes it; no connection means no delivery", async () => {
    const a = await connect(emu);
    const b = await connect(emu);
    open.push(a.ws, b.ws);
    const [first] = emu.socketMode.connections();
    emu.socketMode.disconnect("refresh_requested", { connectionId: first!.id, closeAfterMs: 50 });
    await until(() => a.frames.find((f) => f.type === "disconnect"));
    expect(a.frames.find((f) => f.type === "disconnect")).toEqual({ type: "disconnect", reason: "refresh_requested", debug_info: { host: expect.any(String) } });
    await new Promise<void>((r) => a.ws.once("close", () => r()));
    const sent = emu.socketMode.deliver("interactive", { type: "shortcut" });
    const env = await until(() => b.frames.find((f) => f.type === "interactive"));
    b.ack(env.envelope_id);
    expect((await sent).acked).toBe(true);
    expect(emu.socketMode.connectionHistory().find((h) => h.id === first!.id)).toMatchObject({ closedBy: "emulator", disconnectReason: "refresh_requested" });

    for (const reason of ["warning", "link_disabled"] as const) {
      emu.socketMode.disconnect(reason, { closeAfterMs: 10 });
      await until(() => b.frames.find((f) => f.type === "disconnect" && f.reason === reason));
    }
    await until(() => emu.socketMode.connections().length === 0);
    expect(await emu.socketMode.deliver("events_api", { type: "event_callback", event: { type: "message" } }, { waitForConnectionMs: 0 })).toEqual({ acked: false, envelopeId: null, reason: "no_connection" });
  });
});

describe("the driver over Socket Mode, against a bare Bolt app", () => {
  let emu: SlackEmulator;
  let app: App;
  let driver: SlackDriver;
  beforeAll(async () => {
    emu = await SlackEmulator.start({ socketMode: { ackTimeoutMs: 400 } });
    emu.addUser({ id: "U0ALICE001", name: "alice" });
    const receiver = new SocketModeReceiver({ appToken: emu.appToken, installerOptions: { clientOptions: { slackApiUrl: emu.apiUrl } }, logLevel: LogLevel.ERROR });
    app = new App({ token: emu.botToken, receiver, clientOptions: { slackApiUrl: emu.apiUrl }, logLevel: LogLevel.ERROR });
    app.command("/renkei", async ({ ack, body, client }) => {
      if (body.text === "slow") {
        await new Promise((r) => setTimeout(r, 600));
        await ack("late");
        return;
      }
      if (body.text === "help") return ack({ text: "usage: /renkei" });
      await ack();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: "modal", callback_id: "report", title: { type: "plain_text", text: "Report" }, submit: { type: "plain_text", text: "Send" },
          blocks: [{ type: "input", block_id: "title_block", label: { type: "plain_text", text: "Title" }, element: { type: "plain_text_input", action_id: "title" } }],
        },
      });
    });
    app.view("report", async ({ ack, view }) => {
      if ((view.state.values.title_block!.title!.value ?? "").length < 3) return ack({ response_action: "errors", errors: { title_block: "3 characters or more" } });
      await ack();
    });
    await app.start();
    driver = new SlackDriver({ emulator: emu, transport: "socket" });
  });
  afterAll(async () => {
    await app.stop();
    await emu.stop();
  });

  it("a command's reply, a modal's inline errors and its closing work as over HTTP", async () => {
    const help = await driver.slashCommand({ user: "U0ALICE001", text: "help" });
    expect(help).toMatchObject({ status: 200, body: { text: "usage: /renkei" }, envelopeId: expect.any(String) });
    expect(emu.ephemerals("U0ALICE001").at(-1)?.text).toBe("usage: /renkei");

    expect((await driver.slashCommand({ user: "U0ALICE001", text: "" })).body).toBe("");
    const modal = await emu.waitFor(() => emu.openViews("U0ALICE001")[0]);
    const bad = await driver.submitView({ user: "U0ALICE001", viewId: modal.id, values: { title: "x" } });
    expect(bad.errors).toEqual({ title_block: "3 characters or more" });
    await driver.submitView({ user: "U0ALICE001", viewId: modal.id, values: { title: "Lost laptop" } });
    expect(emu.view(modal.id)?.closed).toBe(true);
    expect(emu.socketMode.violations()).toEqual([]);
  });

  it("an acknowledgement later than the deadline is a 504 for the user and a late_ack violation", async () => {
    const res = await driver.slashCommand({ user: "U0ALICE001", text: "slow" });
    expect(res.status).toBe(504);
    const v = await emu.waitFor(() => emu.socketMode.violations().find((x) => x.kind === "late_ack"));
    expect(v).toMatchObject({ type: "slash_commands", what: "/renkei slow" });
    expect(emu.ephemerals("U0ALICE001").some((e) => e.text === "late")).toBe(false);
  });
});

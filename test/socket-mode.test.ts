// Socket Mode as operators on networks without inbound connections run it: the app reaches the
// Web API base URL it is given (and a proxy) for apps.connections.open and the WebSocket, /healthz
// says whether the WebSocket is connected (and why not), a bad app-level token stops start-up with
// the fix, and a connection Slack recycles or loses in the middle of a consultation loses and
// doubles nothing.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createServer, type Server } from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SlackEmulator } from "../emulator";
import { ConfigError } from "../src/config/config-error";
import { parseEnv } from "../src/config/env";
import { parseRenkeiConfig } from "../src/config/renkei-config";
import { startEmulatedStack, type EmulatedStack } from "../src/dev/emulated-stack";
import { createRenkeiApp } from "../src/slack/app";
import { Store } from "../src/store/store";
import { freshDatabase, testDatabases } from "./support/databases";
import { intakeValues, startHarness, submitIntake, testConfigInput, U, until, type Harness } from "./support/harness";
import { clickPosition, decisionCard, propose } from "./support/consultation";
import { consultationsOfIncident } from "../src/store/consultations";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

async function health(baseUrl: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/healthz`);
  return { status: res.status, body: await res.json() };
}

/** Polls /healthz until `test` holds; returns that answer. */
async function healthUntil(baseUrl: string, test: (h: { status: number; body: any }) => boolean, message: string) {
  let last: { status: number; body: any } | undefined;
  return until(async () => {
    last = await health(baseUrl);
    return test(last) ? last : undefined;
  }, `${message} (last: ${JSON.stringify(last)})`, 20_000);
}

const users = Object.entries(U).map(([name, id]) => ({ id, name }));

describe("Socket Mode transport", () => {
  const database = testDatabases()[0]!;
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  async function stack(opts: { emulator?: SlackEmulator; env?: Record<string, string>; socketPingTimeoutMs?: number } = {}): Promise<EmulatedStack> {
    const db = await freshDatabase(database);
    const s = await startEmulatedStack({ databaseUrl: db.url, config: parseRenkeiConfig(testConfigInput(), "test"), users, transport: "socket", ...opts });
    cleanups.push(async () => {
      await s.stop();
      await db.dispose();
    });
    return s;
  }

  it("opens the connection through SLACK_API_URL and /healthz reports the WebSocket connected, since when", async () => {
    const before = Date.now();
    const s = await stack();
    // apps.connections.open went to the configured Web API (the emulator), with the app-level token.
    expect(s.emu.calls("apps.connections.open").length).toBeGreaterThanOrEqual(1);
    expect(s.emu.calls("apps.connections.open").every((c) => c.response.ok === true)).toBe(true);
    expect(s.emu.socketMode.connections()).toHaveLength(1);
    const { status, body } = await health(s.baseUrl);
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, status: "ok", checks: { database: { status: "ok", provider: database }, transport: { status: "ok", transport: "socket", connected: true, reconnects: 0 } } });
    expect(Date.parse(body.checks.transport.since)).toBeGreaterThanOrEqual(before - 1000);
    expect((await fetch(`${s.baseUrl}/readyz`)).status).toBe(200);
    expect(JSON.stringify(body)).not.toContain("xapp-");

    // And the app answers over it.
    await s.driver.slashCommand({ user: U.ppcStaff, text: "help" });
    await s.emu.waitFor(() => s.emu.ephemerals(U.ppcStaff).at(-1), { message: "no help over Socket Mode" });
  });

  it("/healthz is 503 while the WebSocket is down, with the reason (reconnecting, unreachable, missing_scope, invalid_auth), and ok again after", async () => {
    const s = await stack({ socketPingTimeoutMs: 1000 });
    const first = (await health(s.baseUrl)).body.checks.transport.since as string;

    // The connection breaks; apps.connections.open then fails twice at the HTTP level.
    s.emu.failNext("apps.connections.open", { status: 503 }, 2);
    s.emu.socketMode.drop();
    const down = await healthUntil(s.baseUrl, (h) => h.status === 503, "not 503 after the connection broke");
    expect(down.body).toMatchObject({ ok: false, status: "down", checks: { transport: { status: "fail", transport: "socket", connected: false } } });
    expect(["reconnecting", "unreachable"]).toContain(down.body.checks.transport.code);
    // A replica without its WebSocket is not ready (/readyz: 503, no detail).
    const notReady = await fetch(`${s.baseUrl}/readyz`);
    expect([notReady.status, await notReady.json()]).toEqual([503, { ready: false }]);
    await healthUntil(s.baseUrl, (h) => h.body.checks.transport.code === "unreachable", "Slack unreachable not reported");
    const back = await healthUntil(s.baseUrl, (h) => h.status === 200, "not ok after reconnecting");
    expect(back.body.checks.transport).toMatchObject({ status: "ok", connected: true, reconnects: 1 });
    expect(back.body.checks.transport.since > first).toBe(true);

    // The Web API answers but the WebSocket cannot be opened (a proxy blocking its host).
    s.emu.socketMode.refuseNextConnections(2);
    s.emu.socketMode.drop();
    await healthUntil(s.baseUrl, (h) => h.status === 503 && h.body.checks.transport.code === "unreachable", "a refused WebSocket not reported");
    await healthUntil(s.baseUrl, (h) => h.status === 200, "not ok after the WebSocket was let through");

    // Slack answers the reconnect with an error it may recover from: reported as such.
    s.emu.failNext("apps.connections.open", { error: "missing_scope" }, 1);
    s.emu.socketMode.drop();
    await healthUntil(s.baseUrl, (h) => h.status === 503 && h.body.checks.transport.code === "missing_scope", "missing_scope not reported");
    await healthUntil(s.baseUrl, (h) => h.status === 200, "not ok after the second reconnect");

    // The token is revoked while running: no crash, /healthz says why, and no further attempts.
    s.emu.failNext("apps.connections.open", { error: "invalid_auth" }, 1);
    s.emu.socketMode.drop();
    const revoked = await healthUntil(s.baseUrl, (h) => h.body.checks.transport.code === "invalid_auth", "invalid_auth not reported");
    expect(revoked.status).toBe(503);
    expect(revoked.body.checks.transport.connected).toBe(false);
    expect(JSON.stringify(revoked.body)).not.toMatch(/xapp-|xoxb-|Bearer/);
  });

  it("start-up stops with the field and the fix when the app-level token is refused or lacks connections:write", async () => {
    const db = await freshDatabase(database);
    const store = await Store.open(db.url);
    const config = parseRenkeiConfig(testConfigInput(), "test");
    const startWith = async (emu: SlackEmulator, appToken: string, botToken = emu.botToken) => {
      const env = parseEnv({ SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, SLACK_API_URL: emu.apiUrl, PORT: "0", DATABASE_URL: db.url });
      try {
        const app = await createRenkeiApp({ env, config, store, effectSweepMs: 0 });
        await app.stop();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return e as ConfigError;
      }
      throw new Error("start-up did not fail");
    };
    const emu = await SlackEmulator.start();
    const narrow = await SlackEmulator.start({ socketMode: { appTokenScopes: ["authorizations:read"] } });
    try {
      const wrong = await startWith(emu, "xapp-1-A0RENKEI01-wrong");
      expect(wrong.problems).toEqual([{ field: "SLACK_APP_TOKEN", problem: expect.stringContaining("invalid_auth") }]);
      expect(wrong.message).toContain("App-Level Tokens");
      const scope = await startWith(narrow, narrow.appToken);
      expect(scope.problems).toEqual([{ field: "SLACK_APP_TOKEN", problem: expect.stringContaining("connections:write") }]);
      const bot = await startWith(emu, emu.appToken, "xoxb-revoked");
      expect(bot.problems).toEqual([{ field: "SLACK_BOT_TOKEN", problem: expect.stringContaining("invalid_auth") }]);
      // No connection was opened with a refused token.
      expect(emu.socketMode.connectionHistory()).toEqual([]);
    } finally {
      await emu.stop();
      await narrow.stop();
      await store.close();
      await db.dispose();
    }
  });

  it("npm start prints the problem and exits when the app-level token is refused", async () => {
    const emu = await SlackEmulator.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-socket-start-"));
    try {
      const env = {
        PATH: process.env.PATH ?? "", SLACK_BOT_TOKEN: emu.botToken, SLACK_APP_TOKEN: "xapp-1-A0RENKEI01-wrong", SLACK_API_URL: emu.apiUrl,
        DATABASE_URL: `file:${path.join(dir, "renkei.db")}`, RENKEI_CONFIG: path.join(ROOT, "renkei.example.yml"), PORT: "0",
      };
      const child = spawn(TSX, ["src/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += String(d)));
      const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
      expect(code, stderr).toBe(1);
      expect(stderr).toContain("SLACK_APP_TOKEN: was refused by Slack (invalid_auth)");
      expect(stderr).toContain("renkei did not start");
      expect(stderr).not.toContain("xapp-1-A0RENKEI01-wrong");
    } finally {
      await emu.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it("behind a proxy (HTTPS_PROXY / HTTP_PROXY), the Web API calls and the WebSocket both go through it; NO_PROXY bypasses it", async () => {
    const tunnels: string[] = [];
    const proxy = await connectProxy(tunnels);
    cleanups.push(() => new Promise<void>((r) => proxy.server.close(() => r())));
    const emu = await SlackEmulator.start();
    cleanups.push(() => emu.stop());
    for (const u of users) emu.addUser(u);
    const s = await stack({ emulator: emu, env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url } });
    const target = new URL(emu.url).host;
    // auth.test, apps.connections.open, the WebSocket: each a CONNECT tunnel to the emulator.
    expect(tunnels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(tunnels)).toEqual(new Set([target]));
    const before = tunnels.length;
    const { ref } = await submitIntake({ ...s, db: null as never }, U.ppcStaff, intakeValues({ "intake_title.value": "Through the proxy" }));
    await s.settle();
    expect(ref).toMatch(/^\d{4}-\d{4}$/);
    expect(s.emu.channels().some((c) => c.name.startsWith(`inc-${ref}`))).toBe(true);
    // The effect runner's posts went through the proxy too (keep-alive may reuse one tunnel).
    expect(tunnels.length).toBeGreaterThanOrEqual(before);
    expect(emu.socketMode.connectionHistory()).toHaveLength(1);

    // The same with NO_PROXY naming the emulator's host: no tunnel at all.
    const direct: string[] = [];
    const proxy2 = await connectProxy(direct);
    cleanups.push(() => new Promise<void>((r) => proxy2.server.close(() => r())));
    const emu2 = await SlackEmulator.start();
    cleanups.push(() => emu2.stop());
    for (const u of users) emu2.addUser(u);
    await stack({ emulator: emu2, env: { HTTPS_PROXY: proxy2.url, HTTP_PROXY: proxy2.url, NO_PROXY: "127.0.0.1" } });
    expect(emu2.socketMode.connections()).toHaveLength(1);
    expect(direct).toEqual([]);
  });
});

/** A minimal forward proxy that only tunnels (CONNECT), recording each target. */
async function connectProxy(seen: string[]): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req, client, head) => {
    seen.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = net.connect(Number(port), host!, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as net.AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

describe.each(testDatabases())("Socket Mode reconnects in the middle of a consultation on %s", (database) => {
  let h: Harness;
  beforeAll(async () => {
    // Reconnects come after the ping timeout: 2.5 s instead of 5 s keeps the test short.
    h = await startHarness({ database, transport: "socket", socketPingTimeoutMs: 2500 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it("a recycled or broken connection loses nothing and doubles nothing", async () => {
    const { ref } = await submitIntake(h, U.ppcStaff, intakeValues({ "intake_title.value": "Reconnect" }));
    await h.settle();
    const incident = (await h.store.incidentByRef(ref!))!;
    await propose(h, U.ppcLiaison, ref!, {
      joint_investigation: "Hearings need NISC's forensic staff.", sharing_results: "To avoid contradictory findings.", joint_alert: "One alert reaches more operators.",
    });
    await decisionCard(h, ref!);
    const firstConnection = h.emu.socketMode.connections()[0]!.id;

    // Slack recycles the connection (refresh_requested): the next click arrives on the new one.
    h.emu.socketMode.disconnect("refresh_requested");
    const a = await clickPosition(h, U.niscLiaison, ref!, "joint_investigation", "consult_agree");
    expect(a.status).toBe(200);
    const second = h.emu.socketMode.connections().map((c) => c.id);
    expect(second).not.toContain(firstConnection);

    // A `warning` ahead of a refresh, then `link_disabled`: each time the app reconnects and answers.
    h.emu.socketMode.disconnect("warning");
    expect((await clickPosition(h, U.niscLiaison, ref!, "sharing_results", "consult_agree")).status).toBe(200);
    h.emu.socketMode.disconnect("link_disabled");
    await h.emu.socketMode.waitForConnections(1);

    // The connection breaks just after Slack delivered a click: the app never got to acknowledge
    // it, Slack shows the user an error, and the user clicks again once the app is back.
    // Whether the app had recorded it before the connection went depends on timing; the user
    // clicks again only if the card still offers the button.
    h.emu.socketMode.dropAfterNextEnvelope();
    const lost = await clickPosition(h, U.niscLiaison, ref!, "joint_alert", "consult_agree");
    expect(lost.status).toBe(504);
    await h.emu.socketMode.waitForConnections(1);
    await h.settle();
    const shown = await decisionCard(h, ref!);
    const stillOffered = JSON.stringify(h.emu.message(shown.channel, shown.ts)!.blocks).includes('"consult_actions_joint_alert"');
    if (stillOffered) expect((await clickPosition(h, U.niscLiaison, ref!, "joint_alert", "consult_agree")).status).toBe(200);

    // The case concludes once (PPC's liaison proposed, NISC's agreed to all), with three tasks.
    const tasks = await until(async () => {
      await h.settle();
      const t = (await h.store.tasksOfIncident(incident.id)).filter((x) => x.kind === "cooperation_item" && x.messageTs);
      return t.length === 3 ? t : undefined;
    }, "the three agreed items were not posted");
    expect(tasks.map((t) => t.itemType).sort()).toEqual(["joint_alert", "joint_investigation", "sharing_results"]);
    const card = await decisionCard(h, ref!);
    expect(h.emu.messages(card.channel).filter((m) => m.text.includes("連携事案"))).toHaveLength(1);
    const consultation = (await consultationsOfIncident(h.store.db, incident.id))[0]!;
    expect((await h.store.auditTrail(consultation.id)).map((e) => e.action)).toEqual([
      "consultation.proposed", ...Array(3).fill("consultation.position_recorded"), "consultation.concluded_cooperate",
    ]);

    // An event whose acknowledgement was lost is retried by Slack on the new connection: one warning.
    const { message } = await h.driver.userMessage({ user: U.ppcStaff, channel: incident.channelId!, text: "Finding: token Q on host 10.1.1.1" });
    await h.driver.messageShortcut({ user: U.ppcStaff, channel: incident.channelId!, ts: message.ts, callbackId: "designate_sharing_scope" });
    const modal = await h.emu.waitFor(() => h.emu.openViews(U.ppcStaff).find((v) => v.view.callback_id === "scope_designate"));
    await h.driver.submitView({ user: U.ppcStaff, viewId: modal.id, values: { "scope_level.value": "amber_strict", "scope_basis.value": "4(2)(ii)" } });
    await h.settle();
    const outside = h.emu.addChannel({ name: "nisc-and-friends", isPrivate: true, members: [U.niscLiaison, U.outsider, h.emu.botUserId] });
    h.emu.socketMode.dropAfterNextEnvelope();
    const eventId = "Ev0RECONNECT1";
    const fwd = await h.driver.forwardMessage({ user: U.niscLiaison, from: { channel: incident.channelId!, ts: message.ts }, to: outside.id, eventId });
    expect(fwd.status).toBe(504);
    await h.emu.socketMode.waitForConnections(1);
    expect((await h.driver.sendEvent(fwd.event, { eventId, retryNum: 1, retryReason: "timeout" })).status).toBe(200);
    await h.emu.waitFor(() => h.emu.messages(outside.id, { threadTs: fwd.message.ts })[0], { message: "no warning after the retry" });
    await new Promise((r) => setTimeout(r, 300));
    await h.settle();
    expect(h.emu.messages(outside.id, { threadTs: fwd.message.ts })).toHaveLength(1);

    // What Slack saw: the two lost acknowledgements and nothing else wrong.
    const violations = h.emu.socketMode.violations();
    expect(violations.map((v) => `${v.kind}:${v.what}`)).toEqual(["missing_ack:block_actions", "missing_ack:message"]);
    expect(h.emu.socketMode.connectionHistory().length).toBeGreaterThanOrEqual(6);
  }, 120_000);
});

// The sandbox's web console: static files (console/ at the project root, served as they are) and
// a small JSON API over the emulator. GET /api/state returns what one person would see in Slack;
// POST /api/action does what that person does (a slash command, a post, a forward, a shortcut, a
// click, a modal submission) through the emulator's driver, i.e. exactly as Slack would deliver
// it to the bot. GET /healthz and /readyz answer 503 "sandbox": a sandbox is never a healthy deployment.
import fs from "node:fs";
import path from "node:path";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseYaml } from "yaml";
import type { SlackDriver, SlackEmulator } from "../../emulator";
import type { RenkeiConfig } from "../config/renkei-config";
import { MESSAGES } from "../i18n/messages";
import { availableExercises, loadExercise } from "../app/exercise";
import { textIn } from "../domain/exercise";
import { LOCALES } from "../i18n/locale";
import { snapshotFor } from "./snapshot";
import { consoleStaticDir, projectRoot } from "./project-root";

export type ConsoleServer = { server: Server; url: string; port: number; stop(): Promise<void> };

export type ConsoleDeps = {
  emu: SlackEmulator;
  driver: SlackDriver;
  config: RenkeiConfig;
  /** Runs queued side effects to completion. */
  settle(): Promise<void>;
  castSource: "renkei.yml" | "built-in";
};

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

type Action =
  | { kind: "command"; user: string; channel: string; text: string }
  | { kind: "message"; user: string; channel: string; text: string; threadTs?: string }
  | { kind: "forward"; user: string; channel: string; ts: string; to: string; comment?: string }
  | { kind: "shortcut"; user: string; channel: string; ts: string; callbackId: string }
  | { kind: "click"; user: string; channel: string; ts: string; actionId: string; blockId?: string; value?: string | string[] }
  | { kind: "view_action"; user: string; viewId: string; actionId: string; blockId?: string; value?: string | string[]; values?: Record<string, unknown> }
  | { kind: "submit"; user: string; viewId: string; values: Record<string, unknown> }
  | { kind: "close"; user: string; viewId: string }
  | { kind: "home"; user: string };

class BadRequest extends Error {}

export async function startConsoleServer(deps: ConsoleDeps, opts: { port: number; host: string }): Promise<ConsoleServer> {
  const staticDir = consoleStaticDir();
  const bootstrap = bootstrapFor(deps);
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof BadRequest ? 400 : 500;
      if (!res.headersSent) json(res, status, { ok: false, error: String((e as Error)?.message ?? e) });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://console.local");
    if (req.method === "GET" && url.pathname === "/healthz") {
      return json(res, 503, { ok: false, status: "sandbox", detail: "renkei is running in sandbox mode against a local Slack emulator; nothing reaches Slack" });
    }
    // A sandbox never takes production traffic.
    if (req.method === "GET" && url.pathname === "/readyz") return json(res, 503, { ready: false, status: "sandbox" });
    if (req.method === "GET" && url.pathname === "/api/bootstrap") return json(res, 200, bootstrap);
    if (req.method === "GET" && url.pathname === "/api/state") {
      const user = knownUser(url.searchParams.get("user"));
      acceptInvites();
      const snap = snapshotFor(deps.emu, user);
      if (req.headers["if-none-match"] === `"${snap.version}"`) {
        res.writeHead(304, { etag: `"${snap.version}"` }).end();
        return;
      }
      return json(res, 200, snap, { etag: `"${snap.version}"` });
    }
    if (req.method === "POST" && url.pathname === "/api/action") {
      // Only the console's own page may act: a JSON body (cross-site forms cannot send one without
      // a preflight this server never grants) and, when the browser names it, the same origin.
      if (!(req.headers["content-type"] ?? "").startsWith("application/json")) throw new BadRequest("expected application/json");
      const origin = req.headers.origin;
      if (origin && new URL(origin).host !== req.headers.host) throw new BadRequest("cross-origin request refused");
      const action = JSON.parse(await readBody(req)) as Action;
      const result = await perform(action);
      acceptInvites();
      return json(res, 200, { ok: true, ...result });
    }
    if (req.method === "GET") return serveStatic(url.pathname, res);
    json(res, 404, { ok: false, error: "not_found" });
  }

  function knownUser(id: unknown): string {
    const u = typeof id === "string" ? deps.emu.user(id) : undefined;
    if (!u || u.isBot) throw new BadRequest(`unknown person ${String(id)}`);
    return u.id;
  }

  /** Slack Connect invitations (a party in its own workspace) are accepted at once in the sandbox. */
  function acceptInvites(): void {
    for (const i of deps.emu.sharedInvites()) if (!i.accepted) deps.emu.acceptSharedInvite(i.inviteId);
  }

  async function perform(a: Action): Promise<Record<string, unknown>> {
    const user = knownUser(a.user);
    const { driver } = deps;
    const checked = <R extends { status: number }>(r: R): R => {
      if (r.status !== 200) throw new BadRequest(`renkei answered HTTP ${r.status}`);
      return r;
    };
    try {
      switch (a.kind) {
        case "command": {
          const text = String(a.text ?? "").trim();
          checked(await driver.slashCommand({ user, channel: a.channel, text }));
          return {};
        }
        case "message":
          checked(await driver.userMessage({ user, channel: a.channel, text: String(a.text ?? ""), ...(a.threadTs ? { threadTs: a.threadTs } : {}) }));
          return {};
        case "forward":
          checked(await driver.forwardMessage({ user, from: { channel: a.channel, ts: a.ts }, to: a.to, ...(a.comment ? { comment: a.comment } : {}) }));
          return {};
        case "shortcut":
          checked(await driver.messageShortcut({ user, channel: a.channel, ts: a.ts, callbackId: a.callbackId }));
          return {};
        case "click":
          checked(await driver.clickButton({ user, channel: a.channel, ts: a.ts, actionId: a.actionId, ...(a.blockId ? { blockId: a.blockId } : {}), ...(a.value !== undefined ? { value: a.value } : {}) }));
          return {};
        case "view_action":
          checked(await driver.clickInView({ user, viewId: a.viewId, actionId: a.actionId, ...(a.blockId ? { blockId: a.blockId } : {}), ...(a.value !== undefined ? { value: a.value } : {}), ...(a.values ? { values: a.values } : {}) }));
          return {};
        case "submit": {
          const r = checked(await driver.submitView({ user, viewId: a.viewId, values: a.values ?? {} }));
          return r.errors ? { errors: r.errors } : {};
        }
        case "close":
          await driver.closeView({ user, viewId: a.viewId });
          return {};
        case "home":
          checked(await driver.openHome(user));
          return {};
        default:
          throw new BadRequest(`unknown action ${String((a as { kind?: unknown }).kind)}`);
      }
    } catch (e) {
      if (e instanceof BadRequest) throw e;
      // The driver refuses what Slack's client would not let a person do (a required field left
      // empty, a channel they are not in): tell the console, change nothing.
      throw new BadRequest((e as Error).message);
    }
  }

  function serveStatic(pathname: string, res: ServerResponse): void {
    const rel = pathname === "/" ? "index.html" : decodeURIComponent(pathname).replace(/^\/+/, "");
    const file = path.resolve(staticDir, rel);
    const type = TYPES[path.extname(file)];
    if (!file.startsWith(staticDir + path.sep) || !type || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": type, "cache-control": "no-cache", "x-content-type-options": "nosniff" });
    fs.createReadStream(file).pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = opts.host === "0.0.0.0" || opts.host === "::" ? "localhost" : opts.host.includes(":") ? `[${opts.host}]` : opts.host;
  return {
    server,
    port,
    url: `http://${shownHost === "127.0.0.1" ? "localhost" : shownHost}:${port}/`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** What the page needs once: its texts in both languages, the people, the parties, the shortcuts. */
function bootstrapFor(deps: ConsoleDeps) {
  const { config, emu } = deps;
  const messages = Object.fromEntries(
    LOCALES.map((l) => [l, Object.fromEntries(Object.entries(MESSAGES[l]).filter(([k]) => k.startsWith("console.") || k.startsWith("role.")))]),
  );
  const people = config.directory.all().map((m) => ({
    id: m.userId, name: emu.user(m.userId)?.realName ?? m.name ?? m.userId, party: m.party, roles: m.roles,
  }));
  const parties = config.profile.parties.map((p) => ({ id: p.id, name: p.name, short: p.short }));
  return {
    locale: config.locale,
    timezone: config.timezone,
    castSource: deps.castSource,
    botUserId: emu.botUserId,
    people,
    parties,
    shortcuts: manifestShortcuts(),
    // Art. 5(1): the exercises "Start exercise" offers (played at ×60: a scenario minute a second).
    exercises: exerciseCatalogue(),
    exerciseSpeed: 60,
    messages,
  };
}

/** The exercise files on offer, with their titles in both languages. */
function exerciseCatalogue(): Array<{ name: string; title: { ja: string; en: string } }> {
  return availableExercises().flatMap((name) => {
    const loaded = loadExercise(name);
    return loaded.ok ? [{ name, title: { ja: textIn(loaded.exercise.title, "ja"), en: textIn(loaded.exercise.title, "en") } }] : [];
  });
}

/** The message shortcuts the Slack app manifest declares (the console offers the same). */
function manifestShortcuts(): Array<{ callbackId: string; name: string }> {
  try {
    const manifest = parseYaml(fs.readFileSync(path.join(projectRoot(), "manifest.yml"), "utf8")) as {
      features?: { shortcuts?: Array<{ type: string; callback_id: string; name: string }> };
    };
    return (manifest.features?.shortcuts ?? []).filter((s) => s.type === "message").map((s) => ({ callbackId: s.callback_id, name: s.name }));
  } catch {
    return [];
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-cache", ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new BadRequest("request too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// The sandbox console driven in a real headless browser (Debian's chromium through
// puppeteer-core): a person registers an incident through the modal (with an inline error),
// sees the channel and its card, proposes cooperation; the other party's liaison decides an item
// and the card changes. Screenshots go to test-artifacts/console/ (PNG).
// Also: `npm start` without credentials starts the sandbox; in production it refuses.
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/sandbox/start";
import { freshDatabase, type FreshDatabase } from "./support/databases";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const ARTIFACTS = path.join(ROOT, "test-artifacts", "console");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const NO_CONFIG = path.join(os.tmpdir(), "renkei-no-such-config", "renkei.yml");

const TANAKA = "U0NISCTNK1"; // NISC staff
const SUZUKI = "U0PPCSUZK1"; // PPC liaison
const ITO = "U0NISCITO1"; // NISC liaison (reads renkei in English)

// Functions passed to page.$eval / waitForFunction run in the browser; the project's types are
// Node's, so the few DOM names they use are declared loosely here.
declare const document: any;
declare const location: any;
declare const window: any;
type HTMLElement = any;
type HTMLInputElement = any;

describe("the sandbox console in a browser", () => {
  let sb: Sandbox;
  let db: FreshDatabase;
  let browser: Browser;
  let page: Page;
  let base: string;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    db = await freshDatabase("sqlite");
    sb = await startSandbox({ port: 0, host: "127.0.0.1", configPath: NO_CONFIG, schedules: false, databaseUrl: db.url });
    base = `http://127.0.0.1:${sb.console.port}/`;
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US"],
      defaultViewport: { width: 1366, height: 860 },
    });
    page = await browser.newPage();
    page.setDefaultTimeout(30_000); // generous: a loaded machine; nothing here asserts speed
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await sb?.stop();
    await db?.dispose();
  }, 120_000);

  const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
  const text = (selector: string) => page.$eval(selector, (e) => (e as HTMLElement).innerText);
  const field = (block: string) => `#modal [data-block-id="${block}"]`;
  /**
   * Clicks in the page in one step (find + click): the console redraws a conversation when its
   * state changes, so an element found first and clicked later may have been replaced.
   */
  async function clickOn(selector: string) {
    await page.waitForSelector(selector);
    await page.$eval(selector, (e) => (e as HTMLElement).click());
  }
  async function waitForModal(title: string) {
    await page.waitForFunction((t) => document.querySelector("#modal[open] #modal-title")?.textContent === t, {}, title);
  }
  async function typeIn(block: string, value: string) {
    const selector = `${field(block)} input, ${field(block)} textarea`;
    await page.waitForSelector(selector); // a field may appear only once a tick has redrawn the modal
    await page.$eval(selector, (e) => ((e as HTMLInputElement).value = ""));
    await page.type(selector, value);
  }
  async function openConversation(id: string) {
    await page.waitForSelector(`.nav-item[data-conv="${id}"]`);
    await clickOn(`.nav-item[data-conv="${id}"]`);
    await page.waitForFunction((c) => document.querySelector(".nav-item[aria-current=page]")?.getAttribute("data-conv") === c, {}, id);
  }
  async function becomes(person: string) {
    await page.select("#person", person);
    // The sidebar is emptied on a switch and redrawn from the new person's state.
    await page.waitForFunction((p) => new URL(location.href).searchParams.get("as") === p && document.querySelector(".nav-item"), {}, person);
  }

  it("a newcomer picks a person; every page says it is a sandbox", async () => {
    await page.goto(`${base}?lang=en`);
    await page.waitForSelector(".cast-person");
    expect(await text(".sandbox-banner")).toContain("Nothing reaches Slack");
    const people = await page.$$eval(".cast-person", (bs) => bs.map((b) => (b as HTMLElement).innerText.replace(/\s+/g, " ")));
    expect(people).toHaveLength(6);
    expect(people.join("|")).toContain("Tanaka");
    await shot("1-pick-a-person");
    await clickOn(`[data-person="${TANAKA}"]`);
    await page.waitForSelector("#composer");
    expect(await text(".whoami")).toContain("Tanaka — NISC staff");
  }, 120_000);

  let channel = "";
  it("/renkei new opens the modal; a required field left empty and renkei's own check are shown inline", async () => {
    await page.type("#composer", "/renkei new");
    await page.keyboard.press("Enter");
    await waitForModal("重大インシデントの登録");
    // Like Slack's client, the console does not send a form with a required field left empty.
    await clickOn("#modal button[type=submit]");
    expect(await text(`${field("intake_title")} .bk-error`)).toBe("Please fill out this field.");
    expect(sb.stack.emu.openViews(TANAKA)[0]?.errors).toBeUndefined();

    await typeIn("intake_title", "Unauthorised access to the staff portal");
    await typeIn("intake_reporter_name", "Ministry of Examples");
    await page.select(`${field("intake_reporter_category")} select`, "1");
    await clickOn(`${field("intake_appi_regime")} input[value="art68"]`);
    await typeIn("intake_supervising_agency", "Ministry of Examples");
    await clickOn(`${field("intake_personal_data")} input[value="yes"]`);
    await page.$eval(`${field("intake_aware_at")} input`, (e) => {
      const d = new Date(Date.now() - 6 * 3600_000 + 9 * 3600_000); // six hours ago, as wall-clock time in Tokyo
      (e as HTMLInputElement).value = d.toISOString().slice(0, 16);
    });
    await clickOn(`${field("intake_flags")} input[value="unlawful_purpose"]`);
    await typeIn("intake_affected_count", "-5");
    await typeIn("intake_summary", "Staff records were read by an unknown party. <!channel> please look *now*");
    await clickOn("#modal button[type=submit]");
    // renkei answers response_action "errors": the modal stays open, the message under the field.
    await page.waitForFunction((s) => document.querySelector(s)?.textContent?.includes("0以上"), {}, `${field("intake_affected_count")} .bk-error`);
    expect(await text(`${field("intake_affected_count")} .bk-error`)).toContain("0以上の数を入力してください");
    expect(await page.$eval(`${field("intake_affected_count")} input`, (e) => e.getAttribute("aria-invalid"))).toBe("true");
    expect(await page.$eval(`${field("intake_title")} input`, (e) => (e as HTMLInputElement).value)).toBe("Unauthorised access to the staff portal");
    await shot("2-inline-error");

    await typeIn("intake_affected_count", "1200");
    await clickOn("#modal button[type=submit]");
    await waitForModal("登録しました");
    expect(await text("#modal .modal-body")).toContain("2026-0001");
    await clickOn("#modal .modal-footer .btn");
    await page.waitForFunction(() => !document.querySelector("#modal[open]"));
  }, 120_000);

  it("shows the new channel, its pinned card (mentions by name, user text escaped) and the task", async () => {
    await page.waitForSelector('.nav-item[data-conv^="G"]');
    channel = await page.$eval('.nav-item[data-conv^="G"]', (b) => (b as HTMLElement).dataset.conv!);
    expect(await text(`.nav-item[data-conv="${channel}"]`)).toContain("inc-2026-0001-unauthorised-access");
    await openConversation(channel);
    await page.waitForSelector(".msg.pinned");
    const card = await text(".msg.pinned");
    expect(card).toContain("Unauthorised access to the staff portal");
    expect(card).toContain("Pinned");
    expect(card).toContain("<!channel> please look now"); // escaped by renkei: shown, not a ping
    expect(await page.$$eval(".msg.pinned .mention.broadcast", (m) => m.length)).toBe(0);
    expect(await page.$eval(".msg.pinned .bk-text strong", (e) => e.textContent)).toBeTruthy();
    expect(await page.$$eval(".msg .mention", (ms) => ms.map((m) => m.textContent))).toContain("@田中 Tanaka");
    expect(await text(".conv-members")).toContain("鈴木 Suzuki");
    await shot("3-incident-channel");
  }, 120_000);

  let decisionTs = "";
  it("Tanaka proposes cooperation from the card's button; the decision card appears", async () => {
    await clickOn('.msg.pinned button[data-focus-key*="|consult_propose|"]');
    await waitForModal("連携の提案");
    // Typed before the tick: the tick redraws the form (block_actions, views.update) and keeps it, as Slack does.
    await typeIn("consult_impact", "Two investigators for a week.");
    await clickOn(`${field("consult_items")} input[value="joint_investigation"]`);
    await typeIn("consult_need_joint_investigation", "PPC's hearing powers are needed.");
    expect(await page.$eval(`${field("consult_impact")} textarea, ${field("consult_impact")} input`, (e) => (e as HTMLInputElement).value)).toBe("Two investigators for a week.");
    expect(await page.$eval(`${field("consult_items")} input[value="joint_investigation"]`, (e) => (e as HTMLInputElement).checked)).toBe(true);
    await shot("3b-proposal-form");
    await clickOn("#modal button[type=submit]");
    await page.waitForFunction(() => !document.querySelector("#modal[open]"));
    await page.waitForFunction(() => [...document.querySelectorAll(".msg")].some((m) => (m as HTMLElement).innerText.includes("第1回")));
    decisionTs = await page.$$eval(".msg", (ms) => (ms.find((m) => (m as HTMLElement).innerText.includes("第1回")) as HTMLElement).dataset.ts!);
    expect(decisionTs).toBeTruthy();
  }, 120_000);

  it("switching to PPC's liaison shows the same incident from the other side; deciding an item changes the card", async () => {
    await becomes(SUZUKI);
    expect(await text(".whoami")).toContain("Suzuki — PPC liaison officer");
    await openConversation(channel);
    const card = `.msg[data-ts="${decisionTs}"]`;
    await page.waitForSelector(card);
    const before = await text(card);
    await clickOn(`${card} button[data-focus-key*="|consult_actions_joint_investigation|consult_agree|"]`);
    if (await page.waitForSelector("#confirm[open]", { timeout: 1500 }).catch(() => null)) await clickOn("#confirm[open] .btn-primary, #confirm[open] .btn-danger");
    await page.waitForFunction((s, b) => (document.querySelector(s) as HTMLElement | null)?.innerText !== b, {}, card, before);
    const after = await text(card);
    expect(after).not.toBe(before);
    expect(after).toContain("鈴木 Suzuki");
    await page.$eval(card, (e) => e.scrollIntoView({ block: "center" }));
    await shot("4-decided-by-ppc-liaison");

    // NISC's liaison sees the same card, already showing PPC's decision.
    await becomes(ITO);
    await openConversation(channel);
    await page.waitForSelector(card);
    expect(await text(card)).toContain("鈴木 Suzuki");
    await page.$eval(card, (e) => e.scrollIntoView({ block: "center" }));
    await shot("5-same-card-from-nisc");
    if (process.env.RENKEI_DOCS_SCREENSHOT) await page.screenshot({ path: path.join(ROOT, "docs", "console.png") });
  }, 120_000);

  it("the App Home opens for the person; messages typed are escaped and mention people by name", async () => {
    await openConversation("home");
    await page.waitForFunction(() => document.querySelector(".home .blocks"));
    expect((await text(".home")).length).toBeGreaterThan(20);
    await openConversation("C0GENERAL1");
    await page.type("#composer", "hello @suzuki <b>not html</b>");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => [...document.querySelectorAll(".msg .msg-text")].some((m) => m.textContent?.includes("not html")));
    const posted = sb.stack.emu.messages("C0GENERAL1").at(-1)!;
    expect(posted.user).toBe(ITO);
    expect(posted.text).toBe(`hello <@${SUZUKI}> &lt;b&gt;not html&lt;/b&gt;`);
    expect(await page.$$eval("#main .msg .msg-text b", (b) => b.length)).toBe(0);
    expect(await page.$$eval("#main .msg .mention", (ms) => ms.map((m) => m.textContent))).toContain("@鈴木 Suzuki");
  }, 120_000);

  it("threads, forwarding and the message shortcuts work from a message's ⋯ menu", async () => {
    await openConversation(channel);
    await page.type("#composer", "Forensic image is ready");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => [...document.querySelectorAll("#main .msg")].some((m: HTMLElement) => m.innerText.includes("Forensic image is ready")));
    const mine = await page.$$eval("#main .msg", (ms) => (ms.find((m: HTMLElement) => m.innerText.includes("Forensic image is ready")) as HTMLElement).dataset.ts!);
    const msg = `#main .msg[data-ts="${mine}"]`;

    await clickOn(`${msg} .msg-menu summary`);
    await clickOn(`${msg} [data-menu="reply"]`);
    await page.waitForSelector("#thread:not([hidden]) #composer-thread");
    await page.type("#composer-thread", "Hash recorded in the ticket");
    await page.keyboard.press("Enter");
    await page.waitForFunction((s) => document.querySelector(s)?.textContent?.includes("1"), {}, `${msg} .replies`);
    expect(await text("#thread")).toContain("Hash recorded in the ticket");
    expect(sb.stack.emu.messages(channel, { threadTs: mine }).map((m) => m.text)).toEqual(["Hash recorded in the ticket"]);
    await clickOn("#thread .thread-header .btn");

    await clickOn(`${msg} .msg-menu summary`);
    await clickOn(`${msg} [data-menu="forward"]`);
    await page.waitForSelector("#forward[open]");
    await page.select("#forward-to", "C0GENERAL1");
    await page.type("#forward-comment", "FYI");
    await clickOn("#forward[open] button[type=submit]");
    await page.waitForFunction(() => !document.querySelector("#forward[open]"));
    const forwarded = sb.stack.emu.messages("C0GENERAL1").at(-1)!;
    expect(forwarded.text).toBe("FYI");
    expect((forwarded.attachments?.[0] as { is_share?: boolean }).is_share).toBe(true);
    await openConversation("C0GENERAL1");
    await page.waitForSelector("#main .attachment.share");
    expect(await text("#main .attachment.share")).toContain("Forensic image is ready");

    await openConversation(channel);
    await clickOn(`${msg} .msg-menu summary`);
    await clickOn(`${msg} [data-shortcut="designate_sharing_scope"]`);
    await waitForModal("Sharing scope");
    await clickOn("#modal .modal-footer .btn:not([type=submit])");
    await page.waitForFunction(() => !document.querySelector("#modal[open]"));
  }, 120_000);

  it("the console's own texts switch language", async () => {
    await page.select("#lang", "ja");
    await page.waitForFunction(() => document.documentElement.lang === "ja");
    expect(await text(".sandbox-banner")).toContain("Slack には何も送信されません");
    expect(await text(".nav-heading")).toBe("チャンネル");
    await page.select("#lang", "en");
  }, 120_000);

  it("\"Start exercise\" starts a tabletop exercise (Art. 5(1)) as the person: its channel and first inject appear", async () => {
    await becomes("U0NISCITO1"); // NISC's liaison officer
    await page.waitForSelector("#exercise-form:not([hidden])");
    await page.select("#exercise-name", "ministry-ransomware");
    await clickOn("#exercise-start");
    await page.waitForFunction(() => [...document.querySelectorAll(".nav-item")].some((n) => n.textContent?.includes("exercise-")), { timeout: 60_000 });
    await openConversation("D0NISCITO1"); // Ito's DM with renkei: the T+0 inject
    await page.waitForFunction(() => [...document.querySelectorAll("#main .msg")].some((m) => (m as HTMLElement).innerText.includes("T+0")), { timeout: 60_000 });
    await shot("exercise-started");
  }, 120_000);

  it("renders every Block Kit element renkei uses, labelled, and reads inputs back as Slack reports them", async () => {
    await page.goto(`${base}?lang=en&as=`); // nobody chosen: no modal of anyone's over the gallery
    await page.waitForSelector(".cast-person");
    // The console's own module, loaded by the page as a module script (no bundler in between).
    await page.addScriptTag({ type: "module", content: 'import * as bk from "/blockkit.js"; window.blockKit = bk;' });
    await page.waitForFunction(() => window.blockKit);
    const result = await page.evaluate(async (fixture) => {
      const bk = window.blockKit;
      const acts: unknown[] = [];
      let answer = false;
      const ctx = {
        surface: "modal", key: "gallery", tz: "Asia/Tokyo", t: (k: string) => (k === "console.input.optional" ? "(optional)" : k),
        names: { users: { U0PPCSUZK1: "鈴木 Suzuki", U0NISCITO1: "伊藤 Ito" }, channels: { C0GENERAL1: "general" } },
        people: [{ id: "U0PPCSUZK1", name: "鈴木 Suzuki" }, { id: "U0NISCITO1", name: "伊藤 Ito" }],
        channels: [{ id: "C0GENERAL1", name: "general" }],
        errors: { b_text: "Too long." },
        act: (ref: unknown, value: unknown) => acts.push({ ref, value }),
        confirm: async () => answer,
      };
      const root = bk.renderBlocks(fixture, ctx);
      root.id = "gallery";
      // Over the page (which keeps re-rendering the person's view underneath).
      const host = document.createElement("div");
      host.style.cssText = "position:fixed;inset:0;background:#fff;overflow:auto;z-index:30;padding:16px 24px";
      root.style.maxWidth = "760px";
      host.append(root);
      document.body.append(host);
      (window as any).gallery = { bk, acts, setAnswer: (v: boolean) => (answer = v) };
      return true;
    }, GALLERY as never);
    expect(result).toBe(true);
    // mrkdwn
    expect(await page.$eval("#gallery .bk-text", (e) => e.innerHTML)).toContain("<strong>bold</strong>");
    expect(await page.$$eval("#gallery .bk-text em, #gallery .bk-text s, #gallery .bk-text code", (x) => x.map((e) => e.textContent))).toEqual(["italic", "strike", "code"]);
    expect(await page.$eval("#gallery .bk-text a", (a) => [a.getAttribute("href"), a.textContent])).toEqual(["https://example.org/", "a link"]);
    expect(await page.$$eval("#gallery .bk-text .mention", (x) => x.map((e) => e.textContent))).toEqual(["@鈴木 Suzuki", "#general", "@here"]);
    expect(await page.$$eval("#gallery .bk-field", (x) => x.length)).toBe(2);
    expect(await page.$eval("#gallery .bk-header", (e) => e.textContent)).toBe("Header ⚠️");
    // every control has an accessible name
    const unlabelled = await page.$$eval("#gallery input, #gallery select, #gallery textarea", (els) =>
      els.filter((e: any) => !(e.labels?.length || e.getAttribute("aria-label") || e.closest("[aria-labelledby]"))).map((e: any) => e.name || e.id));
    expect(unlabelled).toEqual([]);
    // inline error
    expect(await text('#gallery [data-block-id="b_text"] .bk-error')).toBe("Too long.");
    expect(await page.$eval('#gallery [data-block-id="b_text"] input', (e) => e.getAttribute("aria-invalid"))).toBe("true");
    // fill in and read back
    await page.type('#gallery [data-block-id="b_text"] input', "hello");
    await page.type('#gallery [data-block-id="b_multi"] textarea', "line 1\nline 2");
    await page.type('#gallery [data-block-id="b_num"] input', "42");
    await page.select('#gallery [data-block-id="b_select"] select', "two");
    await clickOn('#gallery [data-block-id="b_mstatic"] input[value="x"]');
    await clickOn('#gallery [data-block-id="b_mstatic"] input[value="z"]');
    await page.select('#gallery [data-block-id="b_user"] select', "U0NISCITO1");
    await clickOn('#gallery [data-block-id="b_musers"] input[value="U0PPCSUZK1"]');
    await page.select('#gallery [data-block-id="b_conv"] select', "C0GENERAL1");
    const set = (block: string, value: string) => page.$eval(`#gallery [data-block-id="${block}"] input`, (e: any, v) => { e.value = v; }, value);
    await set("b_date", "2026-12-24");
    await set("b_time", "09:30");
    await set("b_dt", "2026-12-24T09:30");
    await clickOn('#gallery [data-block-id="b_checks"] input[value="c2"]');
    await clickOn('#gallery [data-block-id="b_radio"] input[value="r2"]');
    const read = await page.evaluate(() => {
      const { values, missing } = (window as any).gallery.bk.collectValues(document.querySelector("#gallery"));
      return { values, missing: missing.map((w: HTMLElement) => w.dataset.blockId) };
    });
    expect(read.values).toEqual({
      "b_text.a": "hello", "b_multi.a": "line 1\nline 2", "b_num.a": "42", "b_select.a": "two", "b_mstatic.a": ["x", "z"],
      "b_user.a": "U0NISCITO1", "b_musers.a": ["U0PPCSUZK1"], "b_conv.a": "C0GENERAL1", "b_date.a": "2026-12-24", "b_time.a": "09:30",
      "b_dt.a": Date.UTC(2026, 11, 24, 0, 30) / 1000, "b_checks.a": ["c1", "c2"], "b_radio.a": "r2", "b_optional.a": null,
    });
    expect(read.missing).toEqual([]);
    // a button with a confirmation dialog acts only when confirmed; styles are shown
    expect(await page.$$eval("#gallery .btn-primary, #gallery .btn-danger", (b) => b.map((e) => e.textContent))).toEqual(["Primary", "Delete"]);
    await clickOn("#gallery .btn-danger");
    await page.evaluate(() => (window as any).gallery.setAnswer(true));
    await clickOn("#gallery .btn-danger");
    await clickOn("#gallery .btn-primary");
    await page.select("#gallery .bk-actions select.bk-select", "one");
    const acts = await page.evaluate(() => (window as any).gallery.acts);
    expect(acts).toEqual([
      { ref: { blockId: "b_actions", actionId: "delete" }, value: undefined },
      { ref: { blockId: "b_section", actionId: "primary" }, value: undefined },
      { ref: { blockId: "b_actions", actionId: "pick" }, value: "one" },
    ]);
    await page.screenshot({ path: path.join(ARTIFACTS, "6-block-kit-gallery.png") });
  }, 120_000);
});

describe("the console's HTTP API", () => {
  let sb: Sandbox;
  let db: FreshDatabase;
  let base: string;
  beforeAll(async () => {
    db = await freshDatabase("sqlite");
    sb = await startSandbox({ port: 0, host: "127.0.0.1", configPath: NO_CONFIG, schedules: false, databaseUrl: db.url });
    base = `http://127.0.0.1:${sb.console.port}`;
  });
  afterAll(async () => {
    await sb?.stop();
    await db?.dispose();
  });

  it("/healthz says sandbox, not ok", async () => {
    const r = await fetch(`${base}/healthz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ ok: false, status: "sandbox" });
    const ready = await fetch(`${base}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([503, { ready: false, status: "sandbox" }]);
  });

  it("serves the console's files and nothing outside them", async () => {
    expect((await fetch(`${base}/`)).headers.get("content-type")).toContain("text/html");
    expect((await fetch(`${base}/blockkit.js`)).headers.get("content-type")).toContain("javascript");
    expect((await fetch(`${base}/..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });

  it("acts only for known people, only from its own page", async () => {
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}/api/action`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    expect((await post({ kind: "command", user: "U0NOBODY01", channel: "C0GENERAL1", text: "help" })).status).toBe(400);
    expect((await post({ kind: "command", user: sb.stack.emu.botUserId, channel: "C0GENERAL1", text: "help" })).status).toBe(400);
    expect((await post({ kind: "command", user: TANAKA, channel: "C0GENERAL1", text: "help" }, { origin: "http://evil.example" })).status).toBe(400);
    const form = await fetch(`${base}/api/action`, { method: "POST", headers: { "content-type": "text/plain" }, body: JSON.stringify({ kind: "command", user: TANAKA, channel: "C0GENERAL1", text: "help" }) });
    expect(form.status).toBe(400);
    expect(sb.stack.emu.ephemerals(TANAKA)).toHaveLength(0);
    const ok = await post({ kind: "command", user: TANAKA, channel: "C0GENERAL1", text: "help" });
    expect(ok.status).toBe(200);
    await sb.stack.emu.waitFor(() => sb.stack.emu.ephemerals(TANAKA)[0]);
    // A channel the person is not in: refused like Slack's client would, nothing sent.
    const notMember = await post({ kind: "message", user: TANAKA, channel: "C0NOWHERE1", text: "hi" });
    expect(notMember.status).toBe(400);
  });

  it("answers 304 while nothing changed for the person", async () => {
    const first = await fetch(`${base}/api/state?user=${SUZUKI}`);
    const etag = first.headers.get("etag")!;
    expect(((await first.json()) as { conversations: Array<{ id: string }> }).conversations.map((c: { id: string }) => c.id)).toContain("C0GENERAL1");
    expect((await fetch(`${base}/api/state?user=${SUZUKI}`, { headers: { "if-none-match": etag } })).status).toBe(304);
    await sb.stack.driver.userMessage({ user: TANAKA, channel: "C0GENERAL1", text: "news" });
    expect((await fetch(`${base}/api/state?user=${SUZUKI}`, { headers: { "if-none-match": etag } })).status).toBe(200);
  });
});

describe("npm start chooses the sandbox or Slack", () => {
  const exec = promisify(execFile);

  it("with NODE_ENV=production and no credentials it stops with the field and the fix", async () => {
    const r = await exec(TSX, ["src/main.ts"], { cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production" }, timeout: 60_000 }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("SLACK_BOT_TOKEN");
    expect(r.stderr).toContain("renkei did not start");
    expect(r.stderr).not.toContain("sandbox");
  }, 90_000); // a child process on a loaded machine

  it("without credentials it starts the sandbox: the console on 127.0.0.1, /healthz saying sandbox", async () => {
    // PORT=0: the system picks a free port and the console's address says which (a port picked
    // here at random could be taken by another test's server, which answers 404).
    const child = spawn(TSX, ["src/main.ts"], {
      cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "0", RENKEI_CONFIG: NO_CONFIG }, stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (d) => (output += String(d)));
    try {
      let port = 0;
      for (let i = 0; i < 300 && !port; i++) {
        port = Number(/Open the console: http:\/\/localhost:(\d+)\//.exec(output)?.[1] ?? 0);
        if (!port) await new Promise((r) => setTimeout(r, 200));
      }
      expect(port, output).toBeGreaterThan(0);
      let answer: Response | null = null;
      for (let i = 0; i < 50 && !answer; i++) {
        answer = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null);
        if (!answer) await new Promise((r) => setTimeout(r, 200));
      }
      expect(answer?.status, output).toBe(503);
      expect(await answer!.json()).toMatchObject({ status: "sandbox" });
      expect(output).toContain(`Open the console: http://localhost:${port}/`);
      expect(output).toContain("Nothing reaches Slack");
      const page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(page).toContain("sandbox-banner");
    } finally {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("close", r));
    }
  }, 90_000);
});

/** One of each block and element renkei uses (and a few more), for the rendering test. */
const opt = (v: string, text = v) => ({ text: { type: "plain_text", text }, value: v });
const GALLERY = [
  { type: "header", text: { type: "plain_text", text: "Header :warning:" } },
  {
    type: "section", block_id: "b_section",
    text: { type: "mrkdwn", text: "*bold* _italic_ ~strike~ `code` <https://example.org/|a link> <@U0PPCSUZK1> <#C0GENERAL1> <!here>" },
    fields: [{ type: "mrkdwn", text: "*Field 1*\none" }, { type: "plain_text", text: "Field 2" }],
    accessory: { type: "button", action_id: "primary", text: { type: "plain_text", text: "Primary" }, style: "primary" },
  },
  { type: "context", elements: [{ type: "mrkdwn", text: "context _note_" }] },
  { type: "divider" },
  {
    type: "actions", block_id: "b_actions",
    elements: [
      { type: "button", action_id: "delete", text: { type: "plain_text", text: "Delete" }, style: "danger",
        confirm: { title: { type: "plain_text", text: "Sure?" }, text: { type: "plain_text", text: "Really" }, confirm: { type: "plain_text", text: "Yes" }, deny: { type: "plain_text", text: "No" } } },
      { type: "static_select", action_id: "pick", placeholder: { type: "plain_text", text: "Pick" }, options: [opt("one"), opt("two")] },
      { type: "overflow", action_id: "more", options: [opt("o1", "Edit")] },
    ],
  },
  { type: "input", block_id: "b_text", label: { type: "plain_text", text: "Text" }, element: { type: "plain_text_input", action_id: "a" } },
  { type: "input", block_id: "b_multi", label: { type: "plain_text", text: "Multi" }, element: { type: "plain_text_input", action_id: "a", multiline: true } },
  { type: "input", block_id: "b_num", label: { type: "plain_text", text: "Number" }, element: { type: "number_input", action_id: "a", is_decimal_allowed: false } },
  { type: "input", block_id: "b_select", label: { type: "plain_text", text: "Select" }, element: { type: "static_select", action_id: "a", options: [opt("one"), opt("two")] } },
  { type: "input", block_id: "b_mstatic", label: { type: "plain_text", text: "Multi static" }, element: { type: "multi_static_select", action_id: "a", options: [opt("x"), opt("y"), opt("z")] } },
  { type: "input", block_id: "b_user", label: { type: "plain_text", text: "User" }, element: { type: "users_select", action_id: "a" } },
  { type: "input", block_id: "b_musers", label: { type: "plain_text", text: "Users" }, element: { type: "multi_users_select", action_id: "a" } },
  { type: "input", block_id: "b_conv", label: { type: "plain_text", text: "Channel" }, element: { type: "conversations_select", action_id: "a" } },
  { type: "input", block_id: "b_date", label: { type: "plain_text", text: "Date" }, element: { type: "datepicker", action_id: "a" } },
  { type: "input", block_id: "b_time", label: { type: "plain_text", text: "Time" }, element: { type: "timepicker", action_id: "a" } },
  { type: "input", block_id: "b_dt", label: { type: "plain_text", text: "When" }, element: { type: "datetimepicker", action_id: "a" } },
  { type: "input", block_id: "b_checks", label: { type: "plain_text", text: "Checks" }, element: { type: "checkboxes", action_id: "a", options: [opt("c1"), opt("c2")], initial_options: [opt("c1")] } },
  { type: "input", block_id: "b_radio", label: { type: "plain_text", text: "Radio" }, element: { type: "radio_buttons", action_id: "a", options: [opt("r1"), opt("r2")] } },
  { type: "input", block_id: "b_optional", optional: true, label: { type: "plain_text", text: "Optional" }, element: { type: "plain_text_input", action_id: "a" } },
];

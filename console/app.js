// The sandbox console: pick a person, see what they would see in Slack (channels, DM with renkei,
// App Home, the modal on top), and act as them. State comes from GET /api/state (polled once a
// second, answered 304 when nothing changed); every action goes to POST /api/action, which
// drives the real bot through the Slack emulator exactly as Slack would.
import { collectValues, renderBlocks, textObj } from "./blockkit.js";
import { encodeTyped, mrkdwn } from "./mrkdwn.js";

const $ = (sel) => /** @type {HTMLElement} */ (document.querySelector(sel));
const POLL_MS = 1000;

/** @type {any} */
let boot;
const S = {
  lang: "ja",
  user: /** @type {string | null} */ (null),
  /** @type {any} */ snap: null,
  etag: "",
  /** A conversation id, or "home". */
  current: /** @type {string | null} */ (null),
  /** @type {{ channel: string, ts: string } | null} */ thread: null,
  modalKey: "",
  rendered: { sidebar: "", main: "", thread: "" },
  /** Per person and conversation: how many messages they have seen. */
  seen: /** @type {Record<string, Record<string, number>>} */ ({}),
  homeAsked: false,
};

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function t(key, vars = {}) {
  const template = boot?.messages?.[S.lang]?.[key] ?? boot?.messages?.ja?.[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

// ---------------------------------------------------------------------------------------------
// Start, poll, act
// ---------------------------------------------------------------------------------------------

async function start() {
  boot = await (await fetch("/api/bootstrap")).json();
  const params = new URLSearchParams(location.search);
  const lang = params.get("lang") ?? localStorage.getItem("renkei.lang") ?? boot.locale;
  S.lang = lang === "en" ? "en" : "ja";
  const as = params.get("as") ?? sessionStorage.getItem("renkei.user");
  S.user = boot.people.some((p) => p.id === as) ? as : null;
  $("#lang").addEventListener("change", () => {
    S.lang = /** @type {HTMLSelectElement} */ ($("#lang")).value === "en" ? "en" : "ja";
    localStorage.setItem("renkei.lang", S.lang);
    S.rendered = { sidebar: "", main: "", thread: "" };
    S.modalKey = "";
    render();
  });
  $("#person").addEventListener("change", () => choosePerson(/** @type {HTMLSelectElement} */ ($("#person")).value || null));
  // Art. 5(1): "Start exercise" runs `/renkei exercise start <name> --speed 60` as the current person.
  $("#exercise-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const name = /** @type {HTMLSelectElement} */ ($("#exercise-name")).value;
    if (!S.user || !name) return;
    const here = S.snap?.conversations.find((c) => c.id === S.current && c.kind === "channel");
    void act({ kind: "command", channel: here?.id ?? "C0GENERAL1", text: `exercise start ${name} --speed ${boot.exerciseSpeed ?? 60}` });
  });
  render();
  if (S.user) await refresh();
  setInterval(() => void refresh(), POLL_MS);
}

function choosePerson(id) {
  S.user = id;
  if (id) sessionStorage.setItem("renkei.user", id);
  else sessionStorage.removeItem("renkei.user");
  const url = new URL(location.href);
  if (id) url.searchParams.set("as", id);
  else url.searchParams.delete("as");
  history.replaceState(null, "", url);
  S.snap = null;
  S.etag = "";
  S.current = null;
  S.thread = null;
  S.modalKey = "";
  S.homeAsked = false;
  S.rendered = { sidebar: "", main: "", thread: "" };
  closeDialog($("#modal"));
  render();
  void refresh();
}

let refreshing = false;
async function refresh() {
  if (!S.user || refreshing) return;
  refreshing = true;
  try {
    const user = S.user;
    const res = await fetch(`/api/state?user=${encodeURIComponent(user)}`, { headers: S.etag ? { "if-none-match": S.etag } : {} });
    if (user !== S.user) return;
    if (res.status === 304) return;
    if (!res.ok) throw new Error((await res.json()).error ?? res.statusText);
    S.snap = await res.json();
    S.etag = res.headers.get("etag") ?? "";
    render();
  } catch (e) {
    toast(t("console.error", { error: String(e?.message ?? e) }));
  } finally {
    refreshing = false;
  }
}

/** Sends an action as the current person; resolves with the server's answer (or null on failure). */
async function act(body) {
  try {
    const res = await fetch("/api/action", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user: S.user, ...body }) });
    const answer = await res.json();
    if (!res.ok || !answer.ok) throw new Error(answer.error ?? res.statusText);
    setTimeout(() => void refresh(), 150);
    setTimeout(() => void refresh(), 600);
    return answer;
  } catch (e) {
    toast(t("console.error", { error: String(e?.message ?? e) }));
    return null;
  }
}

let toastTimer = 0;
function toast(message) {
  const box = $("#toast");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), 8000);
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

function render() {
  document.documentElement.lang = S.lang;
  document.title = t("console.title");
  $("#banner-badge").textContent = S.lang === "ja" ? "サンドボックス SANDBOX" : "SANDBOX";
  $("#banner-text").textContent = t("console.banner");
  $("#banner-data").textContent = t("console.banner.data");
  $("#you-are-label").textContent = t("console.you_are");
  $("#lang-label").textContent = t("console.language");
  $(".skip").textContent = t("console.skip");
  /** @type {HTMLSelectElement} */ ($("#lang")).value = S.lang;
  $("#sidebar").setAttribute("aria-label", t("console.nav.label"));
  renderPersonPicker();
  renderExercisePicker();
  if (!S.user) {
    $("#sidebar").replaceChildren();
    $("#thread").hidden = true;
    renderWelcome();
    return;
  }
  if (!S.snap) {
    // Between people: nothing of the previous person stays on screen.
    $("#sidebar").replaceChildren();
    $("#main").replaceChildren(el("p", "muted loading", "…"));
    $("#thread").hidden = true;
    return;
  }
  if (!S.current) {
    // Start where the person's newest activity is: a channel with messages, else the DM.
    const convs = S.snap.conversations;
    const withMessages = convs.filter((c) => c.kind === "channel" && c.id !== "C0GENERAL1" && c.messages.length);
    S.current = (withMessages.at(-1) ?? convs.find((c) => c.id === "C0GENERAL1") ?? convs[0])?.id ?? "home";
  }
  preserveFocus(() => {
    renderSidebar();
    renderMain();
    renderThread();
  });
  renderModal();
}

function partyLabel(partyId) {
  const p = boot.parties.find((x) => x.id === partyId);
  return p ? p.short[S.lang] : partyId;
}

function personLabel(p) {
  return `${p.name} — ${partyLabel(p.party)} ${p.roles.map((r) => t(`role.${r}`)).join("・")}`;
}

function renderPersonPicker() {
  const sel = /** @type {HTMLSelectElement} */ ($("#person"));
  const opts = [new Option("—", "")];
  sel.replaceChildren(opts[0]);
  for (const party of boot.parties) {
    const og = document.createElement("optgroup");
    og.label = party.name[S.lang];
    for (const p of boot.people.filter((x) => x.party === party.id)) og.append(new Option(personLabel(p), p.id));
    sel.append(og);
  }
  sel.value = S.user ?? "";
}

function renderExercisePicker() {
  const form = /** @type {HTMLFormElement} */ ($("#exercise-form"));
  const list = boot.exercises ?? [];
  form.hidden = !S.user || list.length === 0;
  $("#exercise-label").textContent = t("console.exercise.label");
  $("#exercise-start").textContent = t("console.exercise.start");
  const sel = /** @type {HTMLSelectElement} */ ($("#exercise-name"));
  const chosen = sel.value;
  sel.replaceChildren(...list.map((x) => new Option(x.title[S.lang] ?? x.name, x.name)));
  if (chosen) sel.value = chosen;
}

function renderWelcome() {
  const main = $("#main");
  const box = el("section", "welcome");
  box.setAttribute("aria-labelledby", "welcome-title");
  const h = el("h1", "", t("console.pick.title"));
  h.id = "welcome-title";
  box.append(h, el("p", "", t("console.pick.intro")), el("p", "muted", t(boot.castSource === "built-in" ? "console.cast.builtin" : "console.cast.config")));
  const grid = el("div", "cast");
  for (const party of boot.parties) {
    const col = el("div", "cast-party");
    col.append(el("h2", "", party.name[S.lang]));
    const list = el("ul", "cast-list");
    for (const p of boot.people.filter((x) => x.party === party.id)) {
      const li = el("li");
      const b = el("button", "btn cast-person");
      b.type = "button";
      b.dataset.person = p.id;
      b.append(el("span", "avatar", p.name.slice(0, 1)), el("span", "cast-name", p.name), el("span", "cast-roles", p.roles.map((r) => t(`role.${r}`)).join("・")));
      b.addEventListener("click", () => choosePerson(p.id));
      li.append(b);
      list.append(li);
    }
    col.append(list);
    grid.append(col);
  }
  box.append(grid, el("p", "hint", t("console.pick.try")));
  main.replaceChildren(box);
  S.rendered.main = "";
}

function countMessages(c) {
  return c.messages.reduce((n, m) => n + 1 + m.replies.length, 0);
}

function seenFor(convId) {
  return (S.seen[S.user] ??= {})[convId];
}

function renderSidebar() {
  const convs = S.snap.conversations;
  if (S.current && S.current !== "home") {
    const c = convs.find((x) => x.id === S.current);
    if (c) (S.seen[S.user] ??= {})[c.id] = countMessages(c);
  }
  const key = JSON.stringify([S.lang, S.current, convs.map((c) => [c.id, c.name, c.isPrivate, c.archived, countMessages(c) - (seenFor(c.id) ?? 0)])]);
  if (key === S.rendered.sidebar) return;
  S.rendered.sidebar = key;
  const nav = $("#sidebar");
  const me = boot.people.find((p) => p.id === S.user);
  const who = el("div", "whoami");
  who.append(el("span", "avatar", me?.name.slice(0, 1) ?? "?"), el("span", "", me ? personLabel(me) : S.user));
  const item = (id, label, opts = {}) => {
    const b = el("button", "nav-item");
    b.type = "button";
    b.dataset.conv = id;
    b.dataset.focusKey = `nav|${id}`;
    if (S.current === id) b.setAttribute("aria-current", "page");
    b.append(el("span", "nav-icon", opts.icon ?? "#"), el("span", "nav-name", label));
    if (opts.unread) {
      const badge = el("span", "unread", String(opts.unread));
      badge.setAttribute("aria-label", t("console.nav.unread", { n: opts.unread }));
      b.append(badge);
      b.classList.add("has-unread");
    }
    b.addEventListener("click", () => openConversation(id));
    return b;
  };
  const unread = (c) => {
    const seen = seenFor(c.id);
    return seen === undefined ? (c.messages.length ? countMessages(c) : 0) : Math.max(0, countMessages(c) - seen);
  };
  const channels = el("ul", "nav-list");
  for (const c of convs.filter((x) => x.kind === "channel")) {
    const li = el("li");
    li.append(item(c.id, c.name, { icon: c.isPrivate ? "🔒" : "#", unread: c.id === S.current ? 0 : unread(c) }));
    channels.append(li);
  }
  const dms = el("ul", "nav-list");
  for (const c of convs.filter((x) => x.kind === "dm")) {
    const li = el("li");
    li.append(item(c.id, "renkei", { icon: "💬", unread: c.id === S.current ? 0 : unread(c) }));
    dms.append(li);
  }
  nav.replaceChildren(
    who,
    item("home", t("console.nav.home"), { icon: "🏠" }),
    el("h2", "nav-heading", t("console.nav.channels")),
    channels,
    el("h2", "nav-heading", t("console.nav.dms")),
    dms,
  );
}

function openConversation(id) {
  S.current = id;
  S.thread = null;
  S.rendered.main = "";
  if (id === "home") {
    S.homeAsked = true;
    void act({ kind: "home" });
  }
  render();
  $("#main").focus();
}

function ctxFor(surface, key, extra) {
  const users = Object.entries(S.snap.names.users).filter(([id]) => id !== boot.botUserId).map(([id, name]) => ({ id, name }));
  const channels = S.snap.conversations.filter((c) => c.kind === "channel").map((c) => ({ id: c.id, name: c.name }));
  return { surface, key, names: S.snap.names, t, tz: boot.timezone, people: users, channels, confirm: confirmDialog, ...extra };
}

function renderMain() {
  const main = $("#main");
  if (S.current === "home") return renderHome(main);
  const c = S.snap.conversations.find((x) => x.id === S.current);
  if (!c) {
    S.current = null;
    return;
  }
  const key = JSON.stringify([S.lang, c, S.snap.names]);
  if (key === S.rendered.main) return;
  S.rendered.main = key;
  const list = main.querySelector(".messages");
  const atBottom = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const title = c.kind === "dm" ? "renkei" : `${c.isPrivate ? "🔒" : "#"} ${c.name}`;
  const header = el("header", "conv-header");
  const h = el("h1", "conv-title", title);
  h.id = "conv-title";
  header.append(h);
  const tags = el("div", "conv-tags");
  if (c.isPrivate && c.kind === "channel") tags.append(el("span", "tag", t("console.channel.private")));
  if (c.extShared) tags.append(el("span", "tag", t("console.channel.shared")));
  if (c.archived) tags.append(el("span", "tag", t("console.channel.archived")));
  header.append(tags);
  if (c.topic) {
    const topic = el("div", "conv-topic");
    topic.append(mrkdwn(c.topic, S.snap.names));
    header.append(topic);
  }
  if (c.kind === "channel") {
    header.append(el("div", "conv-members", t("console.channel.members", { names: c.members.map((id) => S.snap.names.users[id] ?? id).join(", ") })));
  } else header.append(el("div", "conv-members", t("console.dm.intro")));
  const log = el("ol", "messages");
  log.setAttribute("aria-labelledby", "conv-title");
  log.tabIndex = 0;
  announceNew(c);
  if (!c.messages.length) log.append(el("li", "empty", t("console.channel.empty")));
  for (const m of c.messages) log.append(messageEl(m, c, false));
  main.replaceChildren(header, log, composer(c, null));
  if (atBottom) log.scrollTop = log.scrollHeight;
}

/** Screen readers hear the newest message of the open conversation when one arrives (not a re-read of all). */
const lastSeenTs = {};
function announceNew(c) {
  const newest = c.messages.at(-1);
  const key = `${S.user}|${c.id}`;
  const before = lastSeenTs[key];
  lastSeenTs[key] = newest?.ts;
  if (!newest || before === undefined || newest.ts === before) return;
  const author = newest.bot ? "renkei" : S.snap.names.users[newest.user] ?? newest.user;
  const text = newest.text.replace(/<[^>|]*\|([^>]*)>/g, "$1").replace(/<[@#!]?([^>]*)>/g, "$1").slice(0, 200);
  $("#live").textContent = t("console.live.new", { author, text });
}

function renderHome(main) {
  const home = S.snap.home;
  const key = JSON.stringify([S.lang, home, S.snap.names]);
  if (key === S.rendered.main) return;
  S.rendered.main = key;
  if (!S.homeAsked) {
    S.homeAsked = true;
    void act({ kind: "home" });
  }
  const header = el("header", "conv-header");
  const h = el("h1", "conv-title", t("console.nav.home"));
  h.id = "conv-title";
  header.append(h);
  const body = el("section", "home");
  body.setAttribute("aria-labelledby", "conv-title");
  if (!home) body.append(el("p", "muted", t("console.home.loading")));
  else {
    body.append(renderBlocks(home.view.blocks, ctxFor("home", `home-${home.id}`, {
      act: (ref, value) => void act({ kind: "view_action", viewId: home.id, actionId: ref.actionId, blockId: ref.blockId, ...(value !== undefined ? { value } : {}) }),
    })));
  }
  main.replaceChildren(header, body);
}

function formatTime(ts) {
  const d = new Date(Number(ts) * 1000);
  return new Intl.DateTimeFormat(S.lang === "ja" ? "ja-JP" : "en-GB", { timeZone: boot.timezone, month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }).format(d);
}

function messageEl(m, c, inThread) {
  const li = el("li", `msg${m.ephemeral ? " ephemeral" : ""}${m.pinned ? " pinned" : ""}`);
  li.dataset.ts = m.ts;
  const name = m.bot ? "renkei" : S.snap.names.users[m.user] ?? m.user;
  li.append(el("span", `avatar${m.bot ? " bot" : ""}`, m.bot ? "連" : name.slice(0, 1)));
  const body = el("div", "msg-body");
  const meta = el("div", "msg-meta");
  meta.append(el("strong", "msg-author", name));
  if (m.bot) meta.append(el("span", "app-badge", t("console.message.app")));
  const time = el("time", "msg-time", formatTime(m.ts));
  time.dateTime = new Date(Number(m.ts) * 1000).toISOString();
  meta.append(time);
  if (m.edited) meta.append(el("span", "muted", t("console.message.edited")));
  if (m.pinned) meta.append(el("span", "tag pin", `📌 ${t("console.message.pinned")}`));
  if (m.ephemeral) meta.append(el("span", "tag only-you", `👁 ${t("console.message.only_you")}`));
  body.append(meta);
  const ctx = ctxFor("message", `m${m.ts}`, {
    act: (ref, value) => void act({ kind: "click", channel: c.id, ts: m.ts, actionId: ref.actionId, blockId: ref.blockId, ...(value !== undefined ? { value } : {}) }),
  });
  if (m.blocks?.length) body.append(renderBlocks(m.blocks, ctx));
  else if (m.text) {
    const text = el("div", "msg-text");
    text.append(mrkdwn(m.text, S.snap.names));
    body.append(text);
  }
  for (const a of m.attachments ?? []) body.append(attachmentEl(a, ctx));
  for (const f of m.files ?? []) body.append(el("div", "file", `📎 ${t("console.message.file", { name: f.title || f.name, size: f.size })}`));
  if (!inThread && m.replies.length) {
    const r = el("button", "link replies", t("console.message.replies", { n: m.replies.length }));
    r.type = "button";
    r.dataset.focusKey = `replies|${m.ts}`;
    r.addEventListener("click", () => openThread(c.id, m.ts));
    body.append(r);
  }
  li.append(body);
  if (!m.ephemeral) li.append(messageMenu(m, c, inThread));
  return li;
}

function attachmentEl(a, ctx) {
  const box = el("div", "attachment");
  if (a.color) box.style.borderLeftColor = a.color.startsWith("#") ? a.color : "";
  if (a.is_share) {
    box.classList.add("share");
    const src = el("div", "share-from");
    src.append(el("strong", "", S.snap.names.users[a.author_id] ?? a.author_id ?? ""), el("span", "muted", ` ${t("console.message.shared_from", { channel: a.channel_name ?? a.channel_id ?? "" })}`));
    box.append(src);
    const blocks = a.message_blocks?.[0]?.message?.blocks;
    if (blocks?.length) box.append(renderBlocks(blocks, { ...ctx, act: () => {} }));
    else {
      const text = el("div", "msg-text");
      text.append(mrkdwn(a.text ?? "", S.snap.names));
      box.append(text);
    }
    return box;
  }
  if (a.title) box.append(el("strong", "", a.title));
  if (a.blocks?.length) box.append(renderBlocks(a.blocks, ctx));
  else if (a.text) {
    const text = el("div", "msg-text");
    text.append(mrkdwn(a.text, S.snap.names));
    box.append(text);
  }
  return box;
}

function messageMenu(m, c, inThread) {
  const menu = el("details", "msg-menu");
  const summary = el("summary", "", "⋯");
  summary.setAttribute("aria-label", t("console.message.actions"));
  summary.title = t("console.message.actions");
  summary.dataset.focusKey = `menu|${m.ts}`;
  menu.append(summary);
  const list = el("div", "menu");
  const add = (label, fn, data) => {
    const b = el("button", "menu-item", label);
    b.type = "button";
    Object.assign(b.dataset, data ?? {});
    b.addEventListener("click", () => {
      menu.open = false;
      fn();
    });
    list.append(b);
  };
  if (!inThread) add(t("console.message.reply"), () => openThread(c.id, m.ts), { menu: "reply" });
  add(t("console.message.forward"), () => void forwardDialog(c, m), { menu: "forward" });
  if (boot.shortcuts.length) {
    list.append(el("div", "menu-heading", t("console.message.shortcuts")));
    for (const s of boot.shortcuts) {
      const label = boot.messages[S.lang][`console.shortcut.${s.callbackId}`] ?? s.name;
      add(label, () => void act({ kind: "shortcut", channel: c.id, ts: m.ts, callbackId: s.callbackId }), { shortcut: s.callbackId });
    }
  }
  menu.append(list);
  menu.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && menu.open) {
      menu.open = false;
      summary.focus();
    }
  });
  return menu;
}

function composer(c, threadTs) {
  const form = el("form", "composer");
  const label = el("label", "visually-hidden", threadTs ? t("console.thread.composer") : t("console.composer.label", { name: c.kind === "dm" ? "renkei" : `#${c.name}` }));
  const box = /** @type {HTMLTextAreaElement} */ (el("textarea", "composer-input"));
  box.id = threadTs ? "composer-thread" : "composer";
  box.dataset.focusKey = `composer|${c.id}|${threadTs ?? ""}`;
  label.htmlFor = box.id;
  box.rows = 2;
  box.placeholder = threadTs ? t("console.thread.composer") : t("console.composer.placeholder");
  const hint = el("div", "hint", t("console.composer.hint"));
  hint.id = `${box.id}-hint`;
  box.setAttribute("aria-describedby", hint.id);
  const send = el("button", "btn btn-primary", t("console.composer.send"));
  send.type = "submit";
  const saved = drafts[`${c.id}|${threadTs ?? ""}`];
  if (saved) box.value = saved;
  box.addEventListener("input", () => (drafts[`${c.id}|${threadTs ?? ""}`] = box.value));
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = box.value.trim();
    if (!text) return;
    let ok;
    if (text.startsWith("/") && !threadTs) {
      const [, command, rest] = /^(\/\S+)\s*([\s\S]*)$/.exec(text) ?? [];
      if (command !== "/renkei") {
        toast(t("console.command.unknown", { command }));
        return;
      }
      ok = await act({ kind: "command", channel: c.id, text: rest });
    } else {
      ok = await act({ kind: "message", channel: c.id, text: encodeTyped(text, S.snap.names), ...(threadTs ? { threadTs } : {}) });
    }
    if (ok) {
      box.value = "";
      delete drafts[`${c.id}|${threadTs ?? ""}`];
    }
  });
  const row = el("div", "composer-row");
  row.append(box, send);
  form.append(label, row, hint);
  return form;
}
/** Unsent text per conversation, kept across re-renders. */
const drafts = {};

function openThread(channel, ts) {
  S.thread = { channel, ts };
  S.rendered.thread = "";
  render();
  /** @type {HTMLElement | null} */ (document.querySelector("#thread .composer-input"))?.focus();
}

function renderThread() {
  const aside = $("#thread");
  const c = S.thread && S.current !== "home" ? S.snap.conversations.find((x) => x.id === S.thread.channel) : null;
  const parent = c?.messages.find((m) => m.ts === S.thread.ts);
  if (!c || !parent) {
    aside.hidden = true;
    S.rendered.thread = "";
    return;
  }
  const key = JSON.stringify([S.lang, parent, S.snap.names]);
  if (key === S.rendered.thread && !aside.hidden) return;
  S.rendered.thread = key;
  aside.hidden = false;
  aside.setAttribute("aria-labelledby", "thread-title");
  const header = el("header", "conv-header thread-header");
  const h = el("h2", "conv-title", `${t("console.thread.title")} — #${c.name}`);
  h.id = "thread-title";
  const close = el("button", "btn", "✕");
  close.type = "button";
  close.setAttribute("aria-label", t("console.thread.close"));
  close.addEventListener("click", () => {
    S.thread = null;
    render();
  });
  header.append(h, close);
  const log = el("ol", "messages");
  log.setAttribute("aria-labelledby", "thread-title");
  log.append(messageEl(parent, c, true));
  for (const r of parent.replies) log.append(messageEl(r, c, true));
  aside.replaceChildren(header, log, composer(c, parent.ts));
}

/** Re-renders without losing the keyboard focus: the focused control is found again by its key. */
function preserveFocus(fn) {
  const active = /** @type {HTMLElement | null} */ (document.activeElement);
  const key = active?.dataset?.focusKey;
  const selStart = active && "selectionStart" in active ? active.selectionStart : null;
  fn();
  if (!key || document.activeElement === active) return;
  const again = /** @type {HTMLElement | null} */ ([...document.querySelectorAll("[data-focus-key]")].find((x) => x.dataset.focusKey === key) ?? null);
  if (again) {
    again.focus();
    if (selStart !== null && "setSelectionRange" in again) again.setSelectionRange(selStart, selStart);
  }
}

// ---------------------------------------------------------------------------------------------
// Modals and dialogs
// ---------------------------------------------------------------------------------------------

function closeDialog(d) {
  if (d.open) d.close();
}

function renderModal() {
  const dlg = /** @type {HTMLDialogElement} */ ($("#modal"));
  const m = S.snap?.modal;
  if (!m) {
    S.modalKey = "";
    closeDialog(dlg);
    return;
  }
  const key = `${m.id}|${m.hash}|${S.lang}`;
  if (key === S.modalKey && dlg.open) {
    showErrors(dlg, m.errors ?? {});
    return;
  }
  S.modalKey = key;
  const form = el("form", "modal-form");
  form.noValidate = true;
  const header = el("header", "modal-header");
  const h = el("h2", "", textOf(m.view.title));
  h.id = "modal-title";
  const x = el("button", "btn modal-x", "✕");
  x.type = "button";
  x.setAttribute("aria-label", textOf(m.view.close) || t("console.modal.close"));
  x.addEventListener("click", () => void act({ kind: "close", viewId: m.id }));
  header.append(h, x);
  const body = el("div", "modal-body");
  body.append(renderBlocks(m.view.blocks, ctxFor("modal", `v${m.id}`, {
    state: m.state?.values,
    errors: m.errors,
    // Slack's block_actions carry the view's state: what the person has entered so far in every
    // field. renkei's views.update then keeps it for fields whose block_id/action_id stay.
    act: (ref, value) => void act({ kind: "view_action", viewId: m.id, actionId: ref.actionId, blockId: ref.blockId, ...(value !== undefined ? { value } : {}), values: collectValues(form).values }),
  })));
  const footer = el("footer", "modal-footer");
  const cancel = el("button", "btn", textOf(m.view.close) || t("console.cancel"));
  cancel.type = "button";
  cancel.addEventListener("click", () => void act({ kind: "close", viewId: m.id }));
  footer.append(cancel);
  if (m.view.submit) {
    const submit = el("button", "btn btn-primary", textOf(m.view.submit));
    submit.type = "submit";
    footer.append(submit);
  }
  form.append(header, body, footer);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const { values, missing } = collectValues(form);
    if (missing.length) {
      // Slack's client does not send a form with a required field left empty.
      const errors = Object.fromEntries(missing.map((w) => [w.dataset.blockId, t("console.input.required")]));
      showErrors(dlg, errors);
      return;
    }
    const answer = await act({ kind: "submit", viewId: m.id, values });
    if (answer?.errors) showErrors(dlg, answer.errors);
  });
  // Redrawn after a block_actions (views.update): the focus stays on the field the person was in.
  const focusedId = dlg.open && dlg.contains(document.activeElement) ? document.activeElement?.id : "";
  dlg.replaceChildren(form);
  dlg.onclose = null;
  dlg.oncancel = (e) => {
    e.preventDefault();
    void act({ kind: "close", viewId: m.id });
  };
  if (!dlg.open) dlg.showModal();
  const firstError = m.errors && Object.keys(m.errors).length ? dlg.querySelector(".has-error") : null;
  const stayIn = !firstError && focusedId ? document.getElementById(focusedId) : null;
  if (stayIn && dlg.contains(stayIn)) stayIn.focus();
  else /** @type {any} */ (firstError ?? dlg.querySelector("[data-input]"))?.focusControl?.();
}

function textOf(obj) {
  if (!obj) return "";
  return typeof obj === "string" ? obj : obj.text ?? "";
}

function showErrors(dlg, errors) {
  let first = null;
  for (const w of dlg.querySelectorAll("[data-input]")) {
    const msg = errors[w.dataset.blockId];
    const box = w.querySelector(".bk-error");
    const control = w.querySelector("input, textarea, select");
    if (box) box.textContent = msg ?? "";
    w.classList.toggle("has-error", !!msg);
    if (control) {
      if (msg) control.setAttribute("aria-invalid", "true");
      else control.removeAttribute("aria-invalid");
    }
    if (msg && !first) first = w;
  }
  if (first && !first.contains(document.activeElement)) /** @type {any} */ (first).focusControl();
}

/** Block Kit's confirmation dialog; resolves true when confirmed. */
function confirmDialog(c) {
  const dlg = /** @type {HTMLDialogElement} */ ($("#confirm"));
  return new Promise((resolve) => {
    const h = el("h2", "", textOf(c.title));
    h.id = "confirm-title";
    const text = el("div", "confirm-text");
    text.append(textObj(c.text, { names: S.snap?.names ?? { users: {}, channels: {} } }));
    const no = el("button", "btn", textOf(c.deny) || t("console.cancel"));
    no.type = "button";
    const yes = el("button", `btn ${c.style === "danger" ? "btn-danger" : "btn-primary"}`, textOf(c.confirm) || "OK");
    yes.type = "button";
    const row = el("div", "modal-footer");
    row.append(no, yes);
    dlg.replaceChildren(h, text, row);
    const done = (v) => {
      dlg.oncancel = null;
      closeDialog(dlg);
      resolve(v);
    };
    no.addEventListener("click", () => done(false));
    yes.addEventListener("click", () => done(true));
    dlg.oncancel = (e) => {
      e.preventDefault();
      done(false);
    };
    dlg.showModal();
    yes.focus();
  });
}

/** Forward (share) a message to another conversation, with an optional comment. */
function forwardDialog(c, m) {
  const dlg = /** @type {HTMLDialogElement} */ ($("#forward"));
  const form = el("form");
  const h = el("h2", "", t("console.forward.title"));
  h.id = "forward-title";
  const toLabel = el("label", "bk-label", t("console.forward.to"));
  const to = /** @type {HTMLSelectElement} */ (el("select", "bk-select"));
  to.id = "forward-to";
  toLabel.htmlFor = to.id;
  for (const x of S.snap.conversations) to.append(new Option(x.kind === "dm" ? "renkei" : `${x.isPrivate ? "🔒" : "#"} ${x.name}`, x.id));
  const commentLabel = el("label", "bk-label", t("console.forward.comment"));
  const comment = /** @type {HTMLTextAreaElement} */ (el("textarea", "bk-textarea"));
  comment.id = "forward-comment";
  commentLabel.htmlFor = comment.id;
  comment.rows = 3;
  const no = el("button", "btn", t("console.cancel"));
  no.type = "button";
  no.addEventListener("click", () => closeDialog(dlg));
  const yes = el("button", "btn btn-primary", t("console.forward.submit"));
  yes.type = "submit";
  const row = el("div", "modal-footer");
  row.append(no, yes);
  form.append(h, toLabel, to, commentLabel, comment, row);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = comment.value.trim();
    const ok = await act({ kind: "forward", channel: c.id, ts: m.ts, to: to.value, ...(text ? { comment: encodeTyped(text, S.snap.names) } : {}) });
    if (ok) closeDialog(dlg);
  });
  // Redrawn after a block_actions (views.update): the focus stays on the field the person was in.
  const focusedId = dlg.open && dlg.contains(document.activeElement) ? document.activeElement?.id : "";
  dlg.replaceChildren(form);
  dlg.showModal();
  to.focus();
}

void start();

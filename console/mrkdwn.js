// Slack mrkdwn to DOM nodes (never HTML strings): *bold*, _italic_, ~strike~, `code`, ```blocks```,
// > quotes, links <url|label>, mentions <@U…> <#C…|name> <!channel> shown by name, :emoji:.
// Text nodes only, so a message can never inject markup into the console.

/** @typedef {{ users: Record<string, string>, channels: Record<string, string> }} Names */

const EMOJI = {
  white_check_mark: "✅", warning: "⚠️", lock: "🔒", rotating_light: "🚨", alarm_clock: "⏰", spiral_calendar_pad: "🗓️",
  scales: "⚖️", hourglass: "⌛", hourglass_flowing_sand: "⏳", handshake: "🤝", x: "❌", wastebasket: "🗑️",
  page_facing_up: "📄", outbox_tray: "📤", no_entry: "⛔", new: "🆕", mega: "📣", calendar: "📅", memo: "📝",
  bell: "🔔", pushpin: "📌", link: "🔗", eyes: "👀", information_source: "ℹ️", heavy_check_mark: "✔️",
  large_green_circle: "🟢", large_yellow_circle: "🟡", red_circle: "🔴", white_circle: "⚪", black_circle: "⚫",
  large_orange_circle: "🟠", clipboard: "📋", busts_in_silhouette: "👥", speech_balloon: "💬", inbox_tray: "📥",
  arrow_right: "➡️", email: "📧", globe_with_meridians: "🌐", shield: "🛡️", mag: "🔍", bust_in_silhouette: "👤",
};

/** Slack's three escaped characters. */
export function unescapeSlack(s) {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A plain_text object: only :emoji: are converted (when emoji is not false). */
export function plainText(text, emoji = true) {
  return emoji ? replaceEmoji(text) : text;
}

function replaceEmoji(s) {
  return s.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);
}

/**
 * @param {string} text
 * @param {Names} names
 * @returns {DocumentFragment}
 */
export function mrkdwn(text, names) {
  const frag = document.createDocumentFragment();
  const parts = String(text ?? "").split("```");
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      frag.append(el("pre", "md-pre", unescapeSlack(part.replace(/^\n/, ""))));
      return;
    }
    const lines = part.split("\n");
    let quote = null;
    lines.forEach((line, j) => {
      const m = /^(&gt;|>)\s?(.*)$/.exec(line);
      if (m) {
        if (!quote) {
          quote = el("blockquote", "md-quote");
          frag.append(quote);
        } else quote.append(document.createElement("br"));
        quote.append(inline(m[2], names));
        return;
      }
      quote = null;
      frag.append(inline(line, names));
      if (j < lines.length - 1) frag.append(document.createElement("br"));
    });
  });
  return frag;
}

// One token at a time: code, <special>, or a styled run whose markers sit at word boundaries.
const TOKEN = new RegExp(
  [
    "(`[^`\\n]+`)",
    "(<[^<>\\n]+>)",
    "((?<![\\p{L}\\p{N}*])\\*(?!\\s)[^*\\n]+?(?<!\\s)\\*(?![\\p{L}\\p{N}*]))",
    "((?<![\\p{L}\\p{N}_])_(?!\\s)[^_\\n]+?(?<!\\s)_(?![\\p{L}\\p{N}_]))",
    "((?<![\\p{L}\\p{N}~])~(?!\\s)[^~\\n]+?(?<!\\s)~(?![\\p{L}\\p{N}~]))",
  ].join("|"),
  "u",
);

function inline(text, names) {
  const frag = document.createDocumentFragment();
  let rest = text;
  while (rest.length) {
    const m = TOKEN.exec(rest);
    if (!m) {
      frag.append(replaceEmoji(unescapeSlack(rest)));
      break;
    }
    if (m.index > 0) frag.append(replaceEmoji(unescapeSlack(rest.slice(0, m.index))));
    const tok = m[0];
    if (m[1]) frag.append(el("code", "md-code", unescapeSlack(tok.slice(1, -1))));
    else if (m[2]) frag.append(special(tok.slice(1, -1), names));
    else {
      const tag = m[3] ? "strong" : m[4] ? "em" : "s";
      const e = el(tag);
      e.append(inline(tok.slice(1, -1), names));
      frag.append(e);
    }
    rest = rest.slice(m.index + tok.length);
  }
  return frag;
}

function special(inner, names) {
  const [target, label] = splitLabel(inner);
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return el("span", "mention", `@${names.users[id] ?? label ?? id}`);
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return el("span", "mention channel", `#${names.channels[id] ?? label ?? id}`);
  }
  if (target.startsWith("!")) {
    const cmd = target.slice(1);
    if (cmd.startsWith("date^")) return document.createTextNode(unescapeSlack(label ?? cmd));
    if (cmd.startsWith("subteam^")) return el("span", "mention", unescapeSlack(label ?? "@group"));
    return el("span", "mention broadcast", `@${cmd}`);
  }
  const url = unescapeSlack(target);
  if (/^(https?:|mailto:)/i.test(url)) {
    const a = el("a", "md-link", unescapeSlack(label ?? url));
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  return document.createTextNode(unescapeSlack(label ?? target));
}

function splitLabel(inner) {
  const i = inner.indexOf("|");
  return i < 0 ? [inner, undefined] : [inner.slice(0, i), inner.slice(i + 1)];
}

/**
 * What a person types, as Slack's client sends it: &, <, > escaped, URLs wrapped, and @name /
 * #channel turned into mentions when they name someone or something in the workspace.
 * @param {string} typed
 * @param {Names & { handles: Record<string, string> }} names  handles: lower-case @handle -> user id
 */
export function encodeTyped(typed, names) {
  let s = typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  s = s.replace(/https?:\/\/[^\s<>]+/g, (u) => `<${u}>`);
  s = s.replace(/(^|\s)@([\w.-]+)/g, (m, pre, handle) => {
    const id = names.handles[handle.toLowerCase()];
    return id ? `${pre}<@${id}>` : m;
  });
  s = s.replace(/(^|\s)#([a-z0-9_-]+)/g, (m, pre, name) => {
    const id = Object.keys(names.channels).find((c) => names.channels[c] === name);
    return id ? `${pre}<#${id}|${name}>` : m;
  });
  return s;
}

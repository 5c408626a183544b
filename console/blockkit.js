// Block Kit to accessible DOM: the blocks and elements renkei uses (header, section with text,
// fields and accessory, context, divider, actions, input, image, rich_text) and their elements
// (buttons with styles and confirmation dialogs, plain-text / multi-line / number inputs,
// static / multi-static / users / conversations selects, date, time and datetime pickers,
// checkboxes, radio buttons, overflow menus). Inputs are read back by collectValues() in the form
// the emulator's driver takes ("block_id.action_id" -> value).
import { mrkdwn, plainText } from "./mrkdwn.js";

/**
 * @typedef {{
 *   surface: "message" | "modal" | "home",
 *   key: string,
 *   names: { users: Record<string, string>, channels: Record<string, string> },
 *   t: (key: string, vars?: Record<string, string | number>) => string,
 *   tz: string,
 *   people: Array<{ id: string, name: string }>,
 *   channels: Array<{ id: string, name: string }>,
 *   state?: Record<string, Record<string, any>>,
 *   errors?: Record<string, string> | null,
 *   act: (ref: { blockId: string, actionId: string }, value?: string | string[]) => void,
 *   confirm: (c: any) => Promise<boolean>,
 * }} Ctx
 */

let uid = 0;
const nextId = (ctx, blockId, actionId) => `bk-${ctx.key}-${blockId}-${actionId}-${++uid}`.replace(/[^\w-]/g, "_");

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A text object (plain_text or mrkdwn) as DOM. */
export function textObj(obj, ctx) {
  if (!obj) return document.createDocumentFragment();
  if (typeof obj === "string") return document.createTextNode(obj);
  if (obj.type === "mrkdwn" && obj.verbatim !== true) return mrkdwn(obj.text ?? "", ctx.names);
  if (obj.type === "mrkdwn") return document.createTextNode(obj.text ?? "");
  return document.createTextNode(plainText(obj.text ?? "", obj.emoji !== false));
}

const plain = (obj) => (obj ? (typeof obj === "string" ? obj : plainText(obj.text ?? "", obj.emoji !== false)) : "");

/**
 * @param {any[]} blocks
 * @param {Ctx} ctx
 */
export function renderBlocks(blocks, ctx) {
  const root = el("div", "blocks");
  (blocks ?? []).forEach((raw, i) => {
    const b = raw.block_id ? raw : { ...raw, block_id: `emu-block-${i}` };
    root.append(renderBlock(b, ctx));
  });
  return root;
}

function renderBlock(b, ctx) {
  switch (b.type) {
    case "header":
      return el("h3", "bk-header", plain(b.text));
    case "divider":
      return el("hr", "bk-divider");
    case "section":
      return section(b, ctx);
    case "context": {
      const c = el("div", "bk-context");
      for (const e of b.elements ?? []) {
        if (e.type === "image") c.append(image(e));
        else {
          const s = el("span", "bk-context-item");
          s.append(textObj(e, ctx));
          c.append(s);
        }
      }
      return c;
    }
    case "actions": {
      const row = el("div", "bk-actions");
      row.setAttribute("role", "group");
      for (const e of b.elements ?? []) row.append(element(e, b, ctx, false));
      return row;
    }
    case "input":
      return input(b, ctx);
    case "image": {
      const f = el("figure", "bk-image");
      if (b.title) f.append(el("figcaption", "", plain(b.title)));
      f.append(image(b));
      return f;
    }
    case "rich_text":
      return richText(b, ctx);
    default:
      return el("div", "bk-unsupported", ctx.t("console.unsupported", { type: String(b.type) }));
  }
}

function section(b, ctx) {
  const s = el("div", "bk-section");
  const body = el("div", "bk-section-body");
  if (b.text) {
    const t = el("div", "bk-text");
    t.append(textObj(b.text, ctx));
    body.append(t);
  }
  if (Array.isArray(b.fields) && b.fields.length) {
    const grid = el("div", "bk-fields");
    for (const f of b.fields) {
      const cell = el("div", "bk-field");
      cell.append(textObj(f, ctx));
      grid.append(cell);
    }
    body.append(grid);
  }
  s.append(body);
  if (b.accessory) {
    const acc = el("div", "bk-accessory");
    acc.append(b.accessory.type === "image" ? image(b.accessory) : element(b.accessory, b, ctx, false));
    s.append(acc);
  }
  return s;
}

function image(e) {
  const img = el("img", "bk-img");
  img.alt = e.alt_text ?? "";
  img.src = e.image_url ?? e.url ?? "";
  img.loading = "lazy";
  return img;
}

function richText(b, ctx) {
  const root = el("div", "bk-rich");
  const inlineEls = (els) => {
    const f = document.createDocumentFragment();
    for (const x of els ?? []) {
      if (x.type === "text") {
        let node = document.createTextNode(x.text ?? "");
        for (const [flag, tag] of [["code", "code"], ["bold", "strong"], ["italic", "em"], ["strike", "s"]]) {
          if (x.style?.[flag]) {
            const w = el(tag);
            w.append(node);
            node = w;
          }
        }
        f.append(node);
      } else if (x.type === "link") {
        const a = el("a", "md-link", x.text ?? x.url);
        a.href = x.url;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        f.append(a);
      } else if (x.type === "user") f.append(el("span", "mention", `@${ctx.names.users[x.user_id] ?? x.user_id}`));
      else if (x.type === "channel") f.append(el("span", "mention channel", `#${ctx.names.channels[x.channel_id] ?? x.channel_id}`));
      else if (x.type === "emoji") f.append(plainText(`:${x.name}:`));
      else if (x.type === "broadcast") f.append(el("span", "mention broadcast", `@${x.range}`));
    }
    return f;
  };
  for (const part of b.elements ?? []) {
    if (part.type === "rich_text_section") {
      const p = el("div");
      p.append(inlineEls(part.elements));
      root.append(p);
    } else if (part.type === "rich_text_preformatted") {
      const p = el("pre", "md-pre");
      p.append(inlineEls(part.elements));
      root.append(p);
    } else if (part.type === "rich_text_quote") {
      const p = el("blockquote", "md-quote");
      p.append(inlineEls(part.elements));
      root.append(p);
    } else if (part.type === "rich_text_list") {
      const list = el(part.style === "ordered" ? "ol" : "ul");
      for (const item of part.elements ?? []) {
        const li = el("li");
        li.append(inlineEls(item.elements));
        list.append(li);
      }
      root.append(list);
    }
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// Interactive elements outside input blocks: each change is sent at once (block_actions).
// ---------------------------------------------------------------------------------------------

function element(e, b, ctx, inInput) {
  const ref = { blockId: b.block_id, actionId: e.action_id };
  const focusKey = `${ctx.key}|${b.block_id}|${e.action_id}|${e.value ?? ""}`;
  if (e.type === "button") {
    const btn = el("button", `btn${e.style ? ` btn-${e.style}` : ""}`, plain(e.text));
    btn.type = "button";
    btn.dataset.focusKey = focusKey;
    if (e.accessibility_label) btn.setAttribute("aria-label", e.accessibility_label);
    btn.addEventListener("click", async () => {
      if (e.confirm && !(await ctx.confirm(e.confirm))) return;
      if (e.url) window.open(e.url, "_blank", "noopener");
      ctx.act(ref);
    });
    return btn;
  }
  if (e.type === "overflow") {
    const sel = el("select", "bk-overflow");
    sel.setAttribute("aria-label", ctx.t("console.message.actions"));
    sel.dataset.focusKey = focusKey;
    sel.append(new Option("⋯", ""));
    for (const o of e.options ?? []) sel.append(new Option(plain(o.text), o.value));
    sel.addEventListener("change", async () => {
      const v = sel.value;
      sel.value = "";
      if (!v) return;
      if (e.confirm && !(await ctx.confirm(e.confirm))) return;
      ctx.act(ref, v);
    });
    return sel;
  }
  // Selects, pickers, checkboxes and radios in a message, in the Home tab or in a modal outside an
  // input block: same controls as in a form, sent on change.
  const control = stateful(e, b, ctx, { label: plain(e.placeholder) || ctx.t("console.input.choose") });
  control.root.dataset.focusKey = focusKey;
  // Outside an input block there is no label: the placeholder names the control, as in Slack.
  if (control.group) control.root.setAttribute("aria-label", plain(e.placeholder) || ctx.t("console.input.choose"));
  else control.focusTarget.setAttribute("aria-label", plain(e.placeholder) || ctx.t("console.input.choose"));
  control.onChange(async () => {
    const v = control.read();
    if (v === null || v === undefined || v === "") return;
    if (e.confirm && !(await ctx.confirm(e.confirm))) return;
    ctx.act(ref, Array.isArray(v) ? v : String(v));
  });
  return control.root;
}

// ---------------------------------------------------------------------------------------------
// Input blocks: label, element, hint, inline error; read back on submit.
// ---------------------------------------------------------------------------------------------

function input(b, ctx) {
  const wrap = el("div", "bk-input");
  const e = b.element ?? {};
  const err = ctx.errors?.[b.block_id];
  const labelText = plain(b.label);
  const control = stateful(e, b, ctx, { label: labelText });
  const errId = `${control.id}-err`;
  const hintId = `${control.id}-hint`;
  const lab = el(control.group ? "div" : "label", "bk-label");
  if (!control.group) lab.htmlFor = control.id;
  else lab.id = `${control.id}-label`;
  lab.append(labelText);
  if (b.optional) lab.append(el("span", "bk-optional", ` ${ctx.t("console.input.optional")}`));
  wrap.append(lab);
  if (control.group) control.root.setAttribute("aria-labelledby", lab.id);
  wrap.append(control.root);
  const describedBy = [];
  if (b.hint) {
    const h = el("div", "bk-hint", plain(b.hint));
    h.id = hintId;
    wrap.append(h);
    describedBy.push(hintId);
  }
  const errBox = el("div", "bk-error");
  errBox.id = errId;
  errBox.setAttribute("role", "alert");
  if (err) {
    errBox.textContent = err;
    wrap.classList.add("has-error");
    control.focusTarget.setAttribute("aria-invalid", "true");
  }
  wrap.append(errBox);
  describedBy.push(errId);
  control.focusTarget.setAttribute("aria-describedby", describedBy.join(" "));
  if (!b.optional && !control.group) control.focusTarget.setAttribute("aria-required", "true");
  wrap.dataset.input = "1";
  wrap.dataset.blockId = b.block_id;
  wrap.dataset.actionId = e.action_id ?? "";
  wrap.dataset.optional = b.optional ? "1" : "";
  /** @type {any} */ (wrap).readValue = control.read;
  /** @type {any} */ (wrap).focusControl = () => control.focusTarget.focus();
  if (b.dispatch_action) {
    // Like Slack: a choice (checkbox, select, radio, date...) sends block_actions as it changes; a
    // text input sends it when enter is pressed (dispatch_action_config's default, on_enter_pressed).
    const dispatch = () => {
      const v = control.read();
      if (v !== null && v !== "") ctx.act({ blockId: b.block_id, actionId: e.action_id }, Array.isArray(v) ? v : String(v));
    };
    const textual = ["plain_text_input", "email_text_input", "url_text_input", "number_input"].includes(e.type);
    if (!textual) control.onChange(dispatch);
    else if (!e.multiline) {
      control.focusTarget.addEventListener("keydown", (ev) => {
        if (ev.key !== "Enter" || ev.isComposing) return;
        ev.preventDefault(); // enter dispatches the action, it does not submit the form
        dispatch();
      });
    }
  }
  return wrap;
}

/** Reads every input of a rendered form; `missing` lists required inputs left empty. */
export function collectValues(root) {
  const values = {};
  const missing = [];
  for (const w of root.querySelectorAll("[data-input]")) {
    const v = w.readValue();
    const empty = v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
    if (empty && !w.dataset.optional) missing.push(w);
    values[`${w.dataset.blockId}.${w.dataset.actionId}`] = empty ? (Array.isArray(v) ? [] : null) : v;
  }
  return { values, missing };
}

/** The value the element starts with: what was entered before (view state), else initial_*. */
function startValue(e, b, ctx) {
  const prev = ctx.state?.[b.block_id]?.[e.action_id];
  if (prev) {
    switch (e.type) {
      case "static_select": case "external_select": case "radio_buttons": return prev.selected_option?.value ?? null;
      case "multi_static_select": case "multi_external_select": case "checkboxes": return (prev.selected_options ?? []).map((o) => o.value);
      case "datepicker": return prev.selected_date ?? null;
      case "timepicker": return prev.selected_time ?? null;
      case "datetimepicker": return prev.selected_date_time ?? null;
      case "users_select": return prev.selected_user ?? null;
      case "multi_users_select": return prev.selected_users ?? [];
      case "conversations_select": return prev.selected_conversation ?? null;
      case "multi_conversations_select": return prev.selected_conversations ?? [];
      case "channels_select": return prev.selected_channel ?? null;
      case "multi_channels_select": return prev.selected_channels ?? [];
      default: if ("value" in prev) return prev.value;
    }
  }
  switch (e.type) {
    case "static_select": case "external_select": case "radio_buttons": return e.initial_option?.value ?? null;
    case "multi_static_select": case "multi_external_select": case "checkboxes": return (e.initial_options ?? []).map((o) => o.value);
    case "datepicker": return e.initial_date ?? null;
    case "timepicker": return e.initial_time ?? null;
    case "datetimepicker": return e.initial_date_time ?? null;
    case "users_select": return e.initial_user ?? null;
    case "multi_users_select": return e.initial_users ?? [];
    case "conversations_select": return e.initial_conversation ?? null;
    case "multi_conversations_select": return e.initial_conversations ?? [];
    case "channels_select": return e.initial_channel ?? null;
    case "multi_channels_select": return e.initial_channels ?? [];
    default: return e.initial_value ?? null;
  }
}

const allOptions = (e) => (Array.isArray(e.option_groups) ? e.option_groups.flatMap((g) => g.options ?? []) : e.options ?? []);

/**
 * A stateful control.
 * @returns {{ root: HTMLElement, id: string, group: boolean, focusTarget: HTMLElement, read: () => any, onChange: (f: () => void) => void }}
 */
function stateful(e, b, ctx, opts) {
  const id = nextId(ctx, b.block_id, e.action_id ?? e.type);
  const start = startValue(e, b, ctx);
  const ph = plain(e.placeholder);
  const simple = (node, read) => ({ root: node, id, group: false, focusTarget: node, read, onChange: (f) => node.addEventListener("change", f) });
  switch (e.type) {
    case "plain_text_input":
    case "email_text_input":
    case "url_text_input":
    case "rich_text_input": {
      const multi = e.multiline || e.type === "rich_text_input";
      const node = multi ? el("textarea", "bk-textarea") : el("input", "bk-text-input");
      node.id = id;
      if (!multi) node.type = e.type === "email_text_input" ? "email" : e.type === "url_text_input" ? "url" : "text";
      if (ph) node.placeholder = ph;
      if (e.max_length) node.maxLength = e.max_length;
      if (e.min_length) node.minLength = e.min_length;
      if (multi) node.rows = 4;
      node.value = typeof start === "string" ? start : "";
      return simple(node, () => {
        const v = node.value;
        if (e.type !== "rich_text_input") return v;
        return v ? { type: "rich_text", elements: [{ type: "rich_text_section", elements: [{ type: "text", text: v }] }] } : null;
      });
    }
    case "number_input": {
      const node = el("input", "bk-text-input bk-number");
      node.id = id;
      node.type = "number";
      node.step = e.is_decimal_allowed ? "any" : "1";
      if (e.min_value !== undefined) node.min = e.min_value;
      if (e.max_value !== undefined) node.max = e.max_value;
      if (ph) node.placeholder = ph;
      node.value = start ?? "";
      // Slack sends what was typed; renkei checks it (a negative count gets an inline error).
      node.removeAttribute("min");
      return simple(node, () => node.value);
    }
    case "static_select":
    case "external_select":
    case "users_select":
    case "conversations_select":
    case "channels_select": {
      const node = el("select", "bk-select");
      node.id = id;
      node.append(new Option(ph || ctx.t("console.input.choose"), ""));
      if (e.type === "static_select" || e.type === "external_select") {
        if (Array.isArray(e.option_groups)) {
          for (const g of e.option_groups) {
            const og = document.createElement("optgroup");
            og.label = plain(g.label);
            for (const o of g.options ?? []) og.append(new Option(plain(o.text), o.value));
            node.append(og);
          }
        } else for (const o of e.options ?? []) node.append(new Option(plain(o.text), o.value));
      } else {
        for (const x of e.type === "users_select" ? ctx.people : ctx.channels) node.append(new Option(e.type === "users_select" ? x.name : `#${x.name}`, x.id));
      }
      node.value = start ?? "";
      if (start && node.value !== start) {
        node.append(new Option(e.type === "users_select" ? ctx.names.users[start] ?? start : `#${ctx.names.channels[start] ?? start}`, start));
        node.value = start;
      }
      return simple(node, () => node.value || null);
    }
    case "multi_static_select":
    case "multi_external_select":
    case "multi_users_select":
    case "multi_conversations_select":
    case "multi_channels_select":
    case "checkboxes":
    case "radio_buttons": {
      const radio = e.type === "radio_buttons";
      const list = e.type.startsWith("multi_static") || e.type.startsWith("multi_external") || e.type === "checkboxes" || radio
        ? allOptions(e).map((o) => ({ value: o.value, text: o.text, description: o.description }))
        : (e.type === "multi_users_select" ? ctx.people.map((p) => ({ value: p.id, text: p.name })) : ctx.channels.map((c) => ({ value: c.id, text: `#${c.name}` })));
      const fs = el("div", `bk-choices${e.type.startsWith("multi_") ? " bk-multi" : ""}`);
      fs.setAttribute("role", radio ? "radiogroup" : "group");
      fs.id = id;
      const chosen = new Set(Array.isArray(start) ? start : start ? [start] : []);
      const inputs = [];
      list.forEach((o, i) => {
        const row = el("label", "bk-choice");
        const box = el("input");
        box.type = radio ? "radio" : "checkbox";
        box.name = id;
        box.value = o.value;
        box.id = `${id}-${i}`;
        box.checked = chosen.has(o.value);
        row.append(box);
        const txt = el("span", "bk-choice-text");
        txt.append(typeof o.text === "string" ? document.createTextNode(o.text) : textObj(o.text, ctx));
        if (o.description) {
          const d = el("span", "bk-choice-desc");
          d.append(textObj(o.description, ctx));
          txt.append(d);
        }
        row.append(txt);
        fs.append(row);
        inputs.push(box);
      });
      const read = () => {
        const picked = inputs.filter((x) => x.checked).map((x) => x.value);
        return radio ? picked[0] ?? null : picked;
      };
      return { root: fs, id, group: true, focusTarget: inputs[0] ?? fs, read, onChange: (f) => fs.addEventListener("change", f) };
    }
    case "datepicker": {
      const node = el("input", "bk-text-input bk-date");
      node.id = id;
      node.type = "date";
      node.value = start ?? "";
      return simple(node, () => node.value || null);
    }
    case "timepicker": {
      const node = el("input", "bk-text-input bk-time");
      node.id = id;
      node.type = "time";
      node.value = start ?? "";
      return simple(node, () => node.value || null);
    }
    case "datetimepicker": {
      // Slack shows the picker in the person's time zone: here the configured one, named beside it.
      const box = el("span", "bk-datetime");
      const node = el("input", "bk-text-input");
      node.id = id;
      node.type = "datetime-local";
      node.value = start ? epochToWall(Number(start), ctx.tz) : "";
      box.append(node, el("span", "bk-tz", ctx.t("console.input.timezone", { tz: ctx.tz })));
      return { root: box, id, group: false, focusTarget: node, read: () => (node.value ? wallToEpoch(node.value, ctx.tz) : null), onChange: (f) => node.addEventListener("change", f) };
    }
    default: {
      const node = el("div", "bk-unsupported", ctx.t("console.unsupported", { type: String(e.type) }));
      node.id = id;
      node.tabIndex = -1;
      return simple(node, () => null);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Time zones: datetime pickers read and write wall-clock time in the configured zone.
// ---------------------------------------------------------------------------------------------

function wallParts(epochSec, tz) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(epochSec * 1000))
      .map((p) => [p.type, p.value]),
  );
  return parts;
}

function offsetSeconds(epochSec, tz) {
  const p = wallParts(epochSec, tz);
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) / 1000 - epochSec;
}

export function wallToEpoch(wall, tz) {
  const [d, t] = wall.split("T");
  const [y, m, day] = d.split("-").map(Number);
  const [h, mi] = (t ?? "00:00").split(":").map(Number);
  const guess = Date.UTC(y, m - 1, day, h, mi) / 1000;
  let epoch = guess - offsetSeconds(guess, tz);
  const again = guess - offsetSeconds(epoch, tz);
  if (again !== epoch) epoch = again;
  return epoch;
}

export function epochToWall(epochSec, tz) {
  const p = wallParts(epochSec, tz);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

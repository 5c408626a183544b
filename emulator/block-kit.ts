// Block Kit validation, modelled on the limits Slack enforces (see /work/shared/slack-platform.md).
// Pure functions: they return human-readable problems in Slack's own format
// ("<message> [json-pointer:/blocks/0/text/text]"); an empty array means valid.

export type Surface = "message" | "modal" | "home";

type Obj = Record<string, unknown>;

const BLOCK_TYPES = new Set([
  "section", "divider", "header", "context", "actions", "input", "image", "rich_text", "file", "video", "markdown",
]);

const SELECT_TYPES = new Set([
  "static_select", "external_select", "users_select", "conversations_select", "channels_select",
]);
const MULTI_SELECT_TYPES = new Set([
  "multi_static_select", "multi_external_select", "multi_users_select", "multi_conversations_select",
  "multi_channels_select",
]);

/** Elements allowed in actions blocks and as section accessories. */
const INTERACTIVE_ELEMENTS = new Set([
  "button", "overflow", "datepicker", "timepicker", "datetimepicker", "checkboxes", "radio_buttons",
  "workflow_button", ...SELECT_TYPES, ...MULTI_SELECT_TYPES,
]);
/** Elements allowed in input blocks. */
const INPUT_ELEMENTS = new Set([
  "plain_text_input", "number_input", "email_text_input", "url_text_input", "rich_text_input", "file_input",
  "datepicker", "timepicker", "datetimepicker", "checkboxes", "radio_buttons", ...SELECT_TYPES, ...MULTI_SELECT_TYPES,
]);

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
export const MAX_VIEW_BYTES = 250 * 1024;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

class Checker {
  readonly problems: string[] = [];

  add(path: string, message: string): void {
    this.problems.push(`[ERROR] ${message} [json-pointer:${path}]`);
  }

  maxLen(value: unknown, path: string, max: number): void {
    if (value === undefined) return;
    if (typeof value !== "string") this.add(path, "must be a string");
    else if (value.length > max) this.add(path, `must be less than ${max + 1} characters`);
  }

  /** A text object. `plainOnly` where Slack requires plain_text. */
  text(t: unknown, path: string, opts: { max: number; plainOnly?: boolean; required?: boolean }): void {
    if (t === undefined) {
      if (opts.required) this.add(path, "must provide an object");
      return;
    }
    if (!isObj(t)) return this.add(path, "must be a text object");
    if (t.type !== "plain_text" && t.type !== "mrkdwn") {
      return this.add(`${path}/type`, "must be one of [plain_text, mrkdwn]");
    }
    if (opts.plainOnly && t.type !== "plain_text") this.add(`${path}/type`, "must be plain_text");
    if (typeof t.text !== "string") return this.add(`${path}/text`, "must be a string");
    if (t.text.length === 0) this.add(`${path}/text`, "must be more than 0 characters");
    else if (t.text.length > opts.max) this.add(`${path}/text`, `must be less than ${opts.max + 1} characters`);
    if (t.type === "mrkdwn" && t.emoji !== undefined) this.add(`${path}/emoji`, "is not allowed for mrkdwn");
  }

  confirm(c: unknown, path: string): void {
    if (c === undefined) return;
    if (!isObj(c)) return this.add(path, "must be a confirm object");
    this.text(c.title, `${path}/title`, { max: 100, plainOnly: true, required: true });
    this.text(c.text, `${path}/text`, { max: 300, required: true });
    this.text(c.confirm, `${path}/confirm`, { max: 30, plainOnly: true, required: true });
    this.text(c.deny, `${path}/deny`, { max: 30, plainOnly: true, required: true });
    if (c.style !== undefined && c.style !== "primary" && c.style !== "danger") {
      this.add(`${path}/style`, "must be one of [primary, danger]");
    }
  }

  option(o: unknown, path: string, opts: { plainOnly: boolean }): void {
    if (!isObj(o)) return this.add(path, "must be an option object");
    this.text(o.text, `${path}/text`, { max: 75, plainOnly: opts.plainOnly, required: true });
    if (typeof o.value !== "string") this.add(`${path}/value`, "must provide a string");
    else this.maxLen(o.value, `${path}/value`, 150);
    this.text(o.description, `${path}/description`, { max: 75, plainOnly: opts.plainOnly });
    this.maxLen(o.url, `${path}/url`, 3000);
  }

  /** options (or option_groups) plus initial_option(s) that must be among them. */
  options(e: Obj, path: string, opts: { min: number; max: number; groups: boolean; plainOnly: boolean }): void {
    const all: Obj[] = [];
    const hasGroups = opts.groups && e.option_groups !== undefined;
    if (hasGroups) {
      if (e.options !== undefined) this.add(`${path}/options`, "must not be provided together with option_groups");
      const groups = e.option_groups;
      if (!Array.isArray(groups) || groups.length === 0) this.add(`${path}/option_groups`, "must provide a non-empty array");
      else {
        if (groups.length > 100) this.add(`${path}/option_groups`, "must provide no more than 100 items");
        groups.forEach((g, i) => {
          const gp = `${path}/option_groups/${i}`;
          if (!isObj(g)) return this.add(gp, "must be an option group object");
          this.text(g.label, `${gp}/label`, { max: 75, plainOnly: true, required: true });
          if (!Array.isArray(g.options) || g.options.length === 0) return this.add(`${gp}/options`, "must provide a non-empty array");
          if (g.options.length > 100) this.add(`${gp}/options`, "must provide no more than 100 items");
          g.options.forEach((o, j) => {
            this.option(o, `${gp}/options/${j}`, opts);
            if (isObj(o)) all.push(o);
          });
        });
      }
    } else {
      const options = e.options;
      if (!Array.isArray(options)) return this.add(`${path}/options`, "must provide an array");
      if (options.length < opts.min) this.add(`${path}/options`, `must provide at least ${opts.min} items`);
      if (options.length > opts.max) this.add(`${path}/options`, `must provide no more than ${opts.max} items`);
      options.forEach((o, i) => {
        this.option(o, `${path}/options/${i}`, opts);
        if (isObj(o)) all.push(o);
      });
    }
    const matches = (o: unknown) =>
      isObj(o) && all.some((a) => a.value === o.value && JSON.stringify((a.text as Obj | undefined)?.text) === JSON.stringify((o.text as Obj | undefined)?.text));
    if (e.initial_option !== undefined && !matches(e.initial_option)) {
      this.add(`${path}/initial_option`, "must match one of the provided options");
    }
    if (e.initial_options !== undefined) {
      if (!Array.isArray(e.initial_options)) this.add(`${path}/initial_options`, "must provide an array");
      else e.initial_options.forEach((o, i) => {
        if (!matches(o)) this.add(`${path}/initial_options/${i}`, "must match one of the provided options");
      });
    }
  }

  element(e: unknown, path: string, allowed: Set<string>): void {
    if (!isObj(e)) return this.add(path, "must be an element object");
    const type = e.type;
    if (typeof type !== "string" || !allowed.has(type)) {
      return this.add(`${path}/type`, `must be one of [${[...allowed].sort().join(", ")}] here (got ${String(type)})`);
    }
    this.maxLen(e.action_id, `${path}/action_id`, 255);
    this.confirm(e.confirm, `${path}/confirm`);
    if (e.placeholder !== undefined) this.text(e.placeholder, `${path}/placeholder`, { max: 150, plainOnly: true });
    switch (type) {
      case "button":
        this.text(e.text, `${path}/text`, { max: 75, plainOnly: true, required: true });
        this.maxLen(e.value, `${path}/value`, 2000);
        this.maxLen(e.url, `${path}/url`, 3000);
        if (e.style !== undefined && e.style !== "primary" && e.style !== "danger") {
          this.add(`${path}/style`, "must be one of [primary, danger]");
        }
        this.maxLen(e.accessibility_label, `${path}/accessibility_label`, 75);
        break;
      case "static_select":
      case "multi_static_select":
        this.options(e, path, { min: 1, max: 100, groups: true, plainOnly: true });
        if (type === "multi_static_select" && e.max_selected_items !== undefined &&
          !(typeof e.max_selected_items === "number" && e.max_selected_items >= 1)) {
          this.add(`${path}/max_selected_items`, "must be a number greater than 0");
        }
        break;
      case "overflow":
        this.options(e, path, { min: 1, max: 5, groups: false, plainOnly: true });
        break;
      case "radio_buttons":
      case "checkboxes":
        this.options(e, path, { min: 1, max: 10, groups: false, plainOnly: false });
        break;
      case "plain_text_input": {
        const { max_length: max, min_length: min } = e;
        if (max !== undefined && !(typeof max === "number" && max >= 1 && max <= 3000)) {
          this.add(`${path}/max_length`, "must be a number between 1 and 3000");
        }
        if (min !== undefined && !(typeof min === "number" && min >= 0 && min <= 3000)) {
          this.add(`${path}/min_length`, "must be a number between 0 and 3000");
        }
        if (typeof min === "number" && typeof max === "number" && min > max) {
          this.add(`${path}/min_length`, "must be less than or equal to max_length");
        }
        if (e.initial_value !== undefined && typeof e.initial_value !== "string") {
          this.add(`${path}/initial_value`, "must be a string");
        }
        break;
      }
      case "number_input":
        if (typeof e.is_decimal_allowed !== "boolean") this.add(`${path}/is_decimal_allowed`, "must provide a boolean");
        break;
      case "datepicker":
        if (e.initial_date !== undefined && !isValidDate(e.initial_date)) {
          this.add(`${path}/initial_date`, "must be a valid date in the format YYYY-MM-DD");
        }
        break;
      case "timepicker":
        if (e.initial_time !== undefined && !(typeof e.initial_time === "string" && /^([01]\d|2[0-3]):[0-5]\d$/.test(e.initial_time))) {
          this.add(`${path}/initial_time`, "must be a valid time in the format HH:mm");
        }
        break;
      case "datetimepicker":
        if (e.initial_date_time !== undefined && !Number.isInteger(e.initial_date_time)) {
          this.add(`${path}/initial_date_time`, "must be an integer (unix seconds)");
        }
        break;
      case "image":
        this.image(e, path);
        break;
      case "workflow_button":
        this.text(e.text, `${path}/text`, { max: 75, plainOnly: true, required: true });
        break;
      default:
        break;
    }
  }

  image(e: Obj, path: string): void {
    if (e.image_url === undefined && e.slack_file === undefined) this.add(`${path}/image_url`, "must provide image_url or slack_file");
    this.maxLen(e.image_url, `${path}/image_url`, 3000);
    if (typeof e.alt_text !== "string" || e.alt_text.length === 0) this.add(`${path}/alt_text`, "must provide a string");
    else this.maxLen(e.alt_text, `${path}/alt_text`, 2000);
  }

  block(b: unknown, path: string, surface: Surface): void {
    if (!isObj(b)) return this.add(path, "must be a block object");
    const type = b.type;
    if (typeof type !== "string" || !BLOCK_TYPES.has(type)) {
      return this.add(`${path}/type`, `must be one of [${[...BLOCK_TYPES].join(", ")}] (got ${String(type)})`);
    }
    switch (type) {
      case "section":
        if (b.text === undefined && b.fields === undefined) this.add(path, "must provide text or fields");
        this.text(b.text, `${path}/text`, { max: 3000 });
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields)) this.add(`${path}/fields`, "must provide an array");
          else {
            if (b.fields.length === 0) this.add(`${path}/fields`, "must provide at least 1 item");
            if (b.fields.length > 10) this.add(`${path}/fields`, "must provide no more than 10 items");
            b.fields.forEach((f, i) => this.text(f, `${path}/fields/${i}`, { max: 2000, required: true }));
          }
        }
        if (b.accessory !== undefined) this.element(b.accessory, `${path}/accessory`, new Set([...INTERACTIVE_ELEMENTS, "image"]));
        break;
      case "header":
        this.text(b.text, `${path}/text`, { max: 150, plainOnly: true, required: true });
        break;
      case "context":
        if (!Array.isArray(b.elements)) return this.add(`${path}/elements`, "must provide an array");
        if (b.elements.length === 0) this.add(`${path}/elements`, "must provide at least 1 item");
        if (b.elements.length > 10) this.add(`${path}/elements`, "must provide no more than 10 items");
        b.elements.forEach((el, i) => {
          const p = `${path}/elements/${i}`;
          if (isObj(el) && el.type === "image") this.image(el, p);
          else this.text(el, p, { max: 3000, required: true });
        });
        break;
      case "actions": {
        if (!Array.isArray(b.elements)) return this.add(`${path}/elements`, "must provide an array");
        if (b.elements.length === 0) this.add(`${path}/elements`, "must provide at least 1 item");
        if (b.elements.length > 25) this.add(`${path}/elements`, "must provide no more than 25 items");
        const seen = new Set<string>();
        b.elements.forEach((el, i) => {
          this.element(el, `${path}/elements/${i}`, INTERACTIVE_ELEMENTS);
          const id = isObj(el) ? el.action_id : undefined;
          if (typeof id === "string") {
            if (seen.has(id)) this.add(`${path}/elements/${i}/action_id`, `action_id "${id}" is already used in this block`);
            seen.add(id);
          }
        });
        break;
      }
      case "input":
        if (surface === "message") this.add(path, "input blocks are not allowed in messages");
        this.text(b.label, `${path}/label`, { max: 2000, plainOnly: true, required: true });
        this.text(b.hint, `${path}/hint`, { max: 2000, plainOnly: true });
        if (b.element === undefined) this.add(`${path}/element`, "must provide an object");
        else this.element(b.element, `${path}/element`, INPUT_ELEMENTS);
        if (b.optional !== undefined && typeof b.optional !== "boolean") this.add(`${path}/optional`, "must be a boolean");
        break;
      case "image":
        this.image(b, path);
        this.text(b.title, `${path}/title`, { max: 2000, plainOnly: true });
        break;
      case "rich_text":
        if (!Array.isArray(b.elements)) this.add(`${path}/elements`, "must provide an array");
        break;
      case "markdown":
        if (typeof b.text !== "string" || b.text.length === 0) this.add(`${path}/text`, "must provide a non-empty string");
        else this.maxLen(b.text, `${path}/text`, 12000);
        break;
      case "video":
        for (const k of ["alt_text", "video_url", "thumbnail_url"]) {
          if (typeof b[k] !== "string") this.add(`${path}/${k}`, "must provide a string");
        }
        this.text(b.title, `${path}/title`, { max: 200, plainOnly: true, required: true });
        break;
      case "file":
        if (typeof b.external_id !== "string") this.add(`${path}/external_id`, "must provide a string");
        if (b.source !== "remote") this.add(`${path}/source`, "must be remote");
        break;
      default:
        break;
    }
  }
}

function isValidDate(v: unknown): boolean {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

function checkBlocks(c: Checker, blocks: unknown, surface: Surface, path: string): void {
  if (!Array.isArray(blocks)) return c.add(path, "must provide an array");
  const max = MAX_BLOCKS[surface];
  if (blocks.length > max) c.add(path, `no more than ${max} items allowed`);
  const ids = new Set<string>();
  blocks.forEach((b, i) => {
    c.block(b, `${path}/${i}`, surface);
    const id = isObj(b) ? b.block_id : undefined;
    if (id === undefined) return;
    if (typeof id !== "string" || id.length === 0) return c.add(`${path}/${i}/block_id`, "must be a non-empty string");
    if (id.length > 255) c.add(`${path}/${i}/block_id`, "must be less than 256 characters");
    if (ids.has(id)) c.add(`${path}/${i}/block_id`, `block_id "${id}" is already used`);
    ids.add(id);
  });
}

/** Problems with a `blocks` array on the given surface (empty array when valid). */
export function validateBlocks(blocks: unknown, surface: Surface = "message"): string[] {
  const c = new Checker();
  checkBlocks(c, blocks, surface, "/blocks");
  return c.problems;
}

/** True when the serialized view exceeds Slack's 250 kB limit (views.* answer `view_too_large`). */
export function viewTooLarge(view: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(view) ?? "", "utf8") > MAX_VIEW_BYTES;
}

/** Problems with a modal or Home tab view (empty array when valid). */
export function validateView(view: unknown): string[] {
  const c = new Checker();
  if (!isObj(view)) {
    c.add("/view", "must provide an object");
    return c.problems;
  }
  if (view.type !== "modal" && view.type !== "home") {
    c.add("/view/type", "must be one of [modal, home]");
    return c.problems;
  }
  const surface: Surface = view.type;
  if (surface === "modal" || view.title !== undefined) {
    c.text(view.title, "/view/title", { max: 24, plainOnly: true, required: surface === "modal" });
  }
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === "input");
  if (surface === "modal" && hasInput && view.submit === undefined) {
    c.add("/view/submit", "must provide a submit button when the view has input blocks");
  }
  c.text(view.submit, "/view/submit", { max: 24, plainOnly: true });
  c.text(view.close, "/view/close", { max: 24, plainOnly: true });
  c.maxLen(view.callback_id, "/view/callback_id", 255);
  c.maxLen(view.private_metadata, "/view/private_metadata", 3000);
  c.maxLen(view.external_id, "/view/external_id", 255);
  checkBlocks(c, view.blocks, surface, "/view/blocks");
  if (viewTooLarge(view)) c.add("/view", `view_too_large: must be less than ${MAX_VIEW_BYTES} bytes`);
  return c.problems;
}

// Renders Block Kit as plain text, the way a person would read it in Slack, for the demo's
// transcript and for readable test failures.
type Obj = Record<string, any>;

const textOf = (t: Obj | undefined): string => (t && typeof t.text === "string" ? t.text : "");

export function blocksToText(blocks: unknown[] | undefined, fallback = ""): string {
  if (!blocks || blocks.length === 0) return fallback;
  const lines: string[] = [];
  for (const b of blocks as Obj[]) {
    switch (b.type) {
      case "header":
        lines.push(`■ ${textOf(b.text)}`);
        break;
      case "section":
        if (b.text) lines.push(textOf(b.text));
        if (Array.isArray(b.fields)) for (const f of b.fields) lines.push(`  ${textOf(f).replace(/\n/g, ": ")}`);
        if (b.accessory) lines.push(`  ${elementToText(b.accessory)}`);
        break;
      case "context":
        lines.push(`  (${(b.elements ?? []).map((e: Obj) => textOf(e) || e.alt_text || "").join(" ")})`);
        break;
      case "divider":
        lines.push("  ────────");
        break;
      case "actions":
        lines.push(`  ${(b.elements ?? []).map(elementToText).join("  ")}`);
        break;
      case "input":
        lines.push(`  ${textOf(b.label)}${b.optional ? "" : " *"}: ${elementToText(b.element)}`);
        break;
      default:
        lines.push(`  [${b.type}]`);
    }
  }
  return lines.join("\n");
}

function elementToText(e: Obj | undefined): string {
  if (!e) return "";
  switch (e.type) {
    case "button":
      return `[${textOf(e.text)}]`;
    case "static_select":
    case "radio_buttons":
    case "checkboxes":
      return `(${(e.options ?? []).map((o: Obj) => textOf(o.text)).join(" / ")})`;
    case "plain_text_input":
      return e.multiline ? "[multi-line text]" : "[text]";
    case "number_input":
      return "[number]";
    case "datetimepicker":
      return "[date and time]";
    default:
      return `[${e.type}]`;
  }
}

/** Indents a multi-line text under a heading line. */
export function indent(text: string, prefix = "    "): string {
  return text
    .split("\n")
    .map((l) => `${prefix}${l}`)
    .join("\n");
}

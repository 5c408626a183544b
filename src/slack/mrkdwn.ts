// User text placed into Slack mrkdwn is escaped so it can never become a live mention
// (<!channel>, <@U123>) or a link: Slack only parses &, < and > as control characters.
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes and shortens so the escaped result fits in `max` characters, never cutting an entity. */
export function escapeAndTruncate(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let out = "";
  for (const ch of Array.from(text)) {
    const piece = escapeMrkdwn(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** Plain text with no characters Slack could read as markup, for topics, purposes and names. */
export function plainSafe(text: string, max: number): string {
  const cleaned = text.replace(/[<>]/g, (c) => (c === "<" ? "＜" : "＞")).replace(/\s+/g, " ").trim();
  const chars = Array.from(cleaned);
  return chars.length <= max ? cleaned : `${chars.slice(0, max - 1).join("")}…`;
}

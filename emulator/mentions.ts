// Live mentions as Slack renders them in mrkdwn: <!channel>, <!here>, <!everyone>, <@U123>,
// <!subteam^S123>, each optionally with a "|label". Escaped text (&lt;!channel&gt;) is not a mention.

const MENTION_RE = /<(!channel|!here|!everyone|@[UW][A-Z0-9]+|!subteam\^[A-Z0-9]+)(?:\|[^>]*)?>/g;

/** The live mentions in a mrkdwn string, normalized without labels, in order, de-duplicated. */
export function liveMentions(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(MENTION_RE)) {
    const normalized = `<${m[1]}>`;
    if (!found.includes(normalized)) found.push(normalized);
  }
  return found;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Mentions Slack would render for a whole message: top-level text (mrkdwn) plus every mrkdwn
 * text object inside the blocks (plain_text is never parsed), plus rich_text user/broadcast/usergroup
 * elements.
 */
export function messageMentions(text: string | undefined, blocks: unknown): string[] {
  const parts: string[] = [];
  const extra: string[] = [];
  if (text) parts.push(text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isObj(node)) return;
    if (node.type === "mrkdwn" && typeof node.text === "string") parts.push(node.text);
    else if (node.type === "markdown" && typeof node.text === "string") parts.push(node.text);
    else if (node.type === "user" && typeof node.user_id === "string") extra.push(`<@${node.user_id}>`);
    else if (node.type === "usergroup" && typeof node.usergroup_id === "string") extra.push(`<!subteam^${node.usergroup_id}>`);
    else if (node.type === "broadcast" && typeof node.range === "string") extra.push(`<!${node.range}>`);
    for (const [k, v] of Object.entries(node)) {
      if (k !== "text" || typeof v !== "string") walk(v);
    }
  };
  walk(blocks);
  const all = liveMentions(parts.join("\n"));
  for (const m of extra) if (!all.includes(m)) all.push(m);
  return all;
}

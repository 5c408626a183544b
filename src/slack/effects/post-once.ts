// Posting a message from an effect exactly once. If a chat.postMessage timed out after Slack had
// posted it, retrying blindly would post it twice; so each message carries its delivery key in
// message metadata, and a retry first looks for that key in the channel's recent history.
import type { ChatPostMessageArguments, WebClient } from "@slack/web-api";
import type { StoredEffect } from "../../domain/effects";

export const DELIVERY_EVENT = "renkei_delivery";

type Message = { text: string; blocks?: unknown[] };

export async function postOnce(
  client: WebClient,
  effect: Pick<StoredEffect, "dedupeKey" | "attempts"> | undefined,
  channel: string,
  message: Message,
  part = "",
  opts: { threadTs?: string | null } = {},
): Promise<{ channel: string; ts: string }> {
  const key = effect ? `${effect.dedupeKey}${part ? `#${part}` : ""}` : null;
  if (effect && key && effect.attempts > 1) {
    const id = /^[UW]/.test(channel) ? ((await client.conversations.open({ users: channel })).channel?.id ?? channel) : channel;
    // A thread reply is not in the channel's history: look in the thread.
    const history = opts.threadTs
      ? await client.conversations.replies({ channel: id, ts: opts.threadTs, limit: 200, include_all_metadata: true })
      : await client.conversations.history({ channel: id, limit: 100, include_all_metadata: true });
    const earlier = history.messages?.find((m) => m.metadata?.event_type === DELIVERY_EVENT && (m.metadata.event_payload as { key?: string } | undefined)?.key === key);
    if (earlier?.ts) return { channel: id, ts: earlier.ts };
  }
  const args = {
    channel,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
    ...(key ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { key } } } : {}),
  } as ChatPostMessageArguments;
  const res = await client.chat.postMessage(args);
  return { channel: res.channel!, ts: res.ts! };
}

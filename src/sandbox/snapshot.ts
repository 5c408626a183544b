// What one person would see in Slack, read from the emulator's state: the channels they are in,
// their DM with renkei, the private (ephemeral) messages shown to them, their App Home and the
// modal on top of their stack. The console polls it; its `version` changes with the content.
import { createHash } from "node:crypto";
import type { EmuEphemeral, EmuMessage, SlackEmulator } from "../../emulator";

export type SnapshotMessage = {
  ts: string;
  threadTs?: string;
  user: string;
  bot: boolean;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  edited: boolean;
  files?: Array<{ id: string; name: string; title: string; size: number }>;
  /** Only this person sees it (chat.postEphemeral, a private response). */
  ephemeral: boolean;
  pinned: boolean;
  replies: SnapshotMessage[];
};

export type SnapshotConversation = {
  id: string;
  kind: "channel" | "dm";
  name: string;
  isPrivate: boolean;
  archived: boolean;
  extShared: boolean;
  topic: string;
  members: string[];
  messages: SnapshotMessage[];
};

export type Snapshot = {
  user: string;
  conversations: SnapshotConversation[];
  home: { id: string; view: Record<string, unknown> } | null;
  modal: { id: string; hash: string; view: Record<string, unknown>; state: unknown; errors: Record<string, string> | null; depth: number } | null;
  /** Display names for mentions: users and channels the emulator knows. */
  names: { users: Record<string, string>; channels: Record<string, string>; handles: Record<string, string> };
  version: string;
};

export function snapshotFor(emu: SlackEmulator, userId: string): Snapshot {
  const dmId = emu.dmChannelId(userId);
  const ephemerals = emu.ephemerals(userId);
  const conversations: SnapshotConversation[] = [];
  const visible = emu
    .channels()
    .filter((c) => (c.isIm ? c.id === dmId : c.members.includes(userId)))
    .sort((a, b) => (a.isIm === b.isIm ? a.name.localeCompare(b.name) : a.isIm ? 1 : -1));
  for (const c of visible) {
    const pins = new Set(emu.pins(c.id));
    const mine = ephemerals.filter((e) => e.channel === c.id);
    const toMessage = (m: EmuMessage): SnapshotMessage => ({
      ts: m.ts, ...(m.threadTs ? { threadTs: m.threadTs } : {}), user: m.user, bot: !!m.botId, text: m.text,
      ...(m.blocks ? { blocks: m.blocks } : {}), ...(m.attachments ? { attachments: m.attachments } : {}), edited: !!m.edited,
      ...(m.files ? { files: m.files } : {}), ephemeral: false, pinned: pins.has(m.ts), replies: [],
    });
    const fromEphemeral = (e: EmuEphemeral): SnapshotMessage => ({
      ts: e.ts, ...(e.threadTs ? { threadTs: e.threadTs } : {}), user: emu.botUserId, bot: true, text: e.text,
      ...(e.blocks ? { blocks: e.blocks } : {}), edited: false, ephemeral: true, pinned: false, replies: [],
    });
    const byTs = (a: SnapshotMessage, b: SnapshotMessage) => Number(a.ts) - Number(b.ts);
    const top = [...emu.messages(c.id).map(toMessage), ...mine.filter((e) => !e.threadTs).map(fromEphemeral)].sort(byTs);
    for (const m of top) {
      if (m.ephemeral) continue;
      m.replies = [...emu.messages(c.id, { threadTs: m.ts }).map(toMessage), ...mine.filter((e) => e.threadTs === m.ts).map(fromEphemeral)].sort(byTs);
    }
    conversations.push({
      id: c.id, kind: c.isIm ? "dm" : "channel", name: c.isIm ? "renkei" : c.name, isPrivate: c.isPrivate, archived: c.isArchived,
      extShared: c.isExtShared, topic: c.topic, members: c.members, messages: top,
    });
  }
  const home = emu.homeView(userId);
  const stack = emu.openViews(userId);
  const top = stack.at(-1);
  const names = {
    users: Object.fromEntries(emu.users().map((u) => [u.id, u.realName || u.name])),
    channels: Object.fromEntries(emu.channels().filter((c) => !c.isIm).map((c) => [c.id, c.name])),
    handles: Object.fromEntries(emu.users().filter((u) => !u.isBot).map((u) => [u.name.toLowerCase(), u.id])),
  };
  const body = {
    user: userId,
    conversations,
    home: home ? { id: home.id, view: home.view } : null,
    modal: top ? { id: top.id, hash: top.hash, view: top.view, state: top.state, errors: top.errors ?? null, depth: stack.length } : null,
    names,
  };
  const version = createHash("sha1").update(JSON.stringify(body)).digest("hex").slice(0, 16);
  return { ...body, version };
}

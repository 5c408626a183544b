import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { WebClient, ErrorCode, LogLevel, type Logger } from "@slack/web-api";
import { SlackEmulator } from "./index";

// WebClient logs response_metadata.messages of failed calls; these tests provoke many on purpose.
const quiet: Logger = {
  debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {},
};

let emu: SlackEmulator;
let client: WebClient;

/** The Slack error code of a failed WebClient call (fails the test if the call succeeded). */
async function slackError(p: Promise<unknown>): Promise<{ error: string; data: any }> {
  try {
    await p;
  } catch (err: any) {
    if (err.code !== ErrorCode.PlatformError) throw err;
    return { error: err.data.error, data: err.data };
  }
  throw new Error("expected the call to fail");
}

beforeAll(async () => {
  emu = await SlackEmulator.start({ triggerTtlMs: 200 });
  client = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => {
  emu.reset();
  emu.addUser({ id: "U0ALICE", name: "alice", email: "alice@example.jp" });
  emu.addUser({ id: "U0BOB", name: "bob" });
  emu.addUser({ id: "U0EXT", name: "ext", teamId: "T0OTHER" });
});

describe("auth", () => {
  it("answers auth.test for the bot token and rejects others", async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: emu.botUserId, bot_id: "B0BOT00001", team_id: "T0RENKEI1" });
    const bad = new WebClient("xoxb-wrong", { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
    expect((await slackError(bad.auth.test())).error).toBe("invalid_auth");
    const none = new WebClient(undefined, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
    expect((await slackError(none.auth.test())).error).toBe("not_authed");
    expect((await slackError(client.apiCall("nope.nothing"))).error).toBe("unknown_method");
  });

  it("looks users up", async () => {
    expect((await client.users.info({ user: "U0ALICE" })).user?.name).toBe("alice");
    expect((await client.users.lookupByEmail({ email: "alice@example.jp" })).user?.id).toBe("U0ALICE");
    expect((await slackError(client.users.info({ user: "U0NOPE" }))).error).toBe("user_not_found");
    expect((await slackError(client.users.lookupByEmail({ email: "x@y.z" }))).error).toBe("users_not_found");
  });
});

describe("conversations", () => {
  it("creates channels with Slack's name rules", async () => {
    const res = await client.conversations.create({ name: "incident-2025_01", is_private: true });
    expect(res.channel).toMatchObject({ name: "incident-2025_01", is_private: true, creator: emu.botUserId });
    const ch = emu.channel("incident-2025_01")!;
    expect(ch.id).toMatch(/^G/);
    expect(ch.members).toContain(emu.botUserId);

    const err = async (name: string) => (await slackError(client.conversations.create({ name }))).error;
    expect(await err("")).toBe("invalid_name_required");
    expect(await err("a".repeat(81))).toBe("invalid_name_maxlength");
    expect(await err("Upper")).toBe("invalid_name_specials");
    expect(await err("with space")).toBe("invalid_name_specials");
    expect(await err("事故対応")).toBe("invalid_name_specials");
    expect(await err("--__")).toBe("invalid_name_punctuation");
    expect(await err("incident-2025_01")).toBe("name_taken");
    await client.conversations.archive({ channel: ch.id });
    expect(await err("incident-2025_01")).toBe("name_taken");
  });

  it("invites with Slack's rules", async () => {
    const { channel } = await client.conversations.create({ name: "inc" });
    const id = channel!.id!;
    await client.conversations.invite({ channel: id, users: "U0ALICE" });
    expect(emu.channel(id)!.members).toEqual([emu.botUserId, "U0ALICE"]);

    const already = await slackError(client.conversations.invite({ channel: id, users: "U0BOB,U0ALICE" }));
    expect(already.error).toBe("already_in_channel");
    expect(already.data.errors).toEqual([{ user: "U0ALICE", ok: false, error: "already_in_channel" }]);
    expect(emu.channel(id)!.members).not.toContain("U0BOB"); // nothing added

    expect((await slackError(client.conversations.invite({ channel: id, users: emu.botUserId }))).error).toBe("cant_invite_self");
    expect((await slackError(client.conversations.invite({ channel: id, users: "U0NOPE" }))).error).toBe("user_not_found");
    expect((await slackError(client.conversations.invite({ channel: id, users: "U0EXT" }))).error).toBe("user_not_found");
    const outside = emu.addChannel({ name: "no-bot", members: ["U0ALICE"] });
    expect((await slackError(client.conversations.invite({ channel: outside.id, users: "U0BOB" }))).error).toBe("not_in_channel");
    expect((await slackError(client.conversations.invite({ channel: "C0NOPE", users: "U0BOB" }))).error).toBe("channel_not_found");

    // Users of another workspace are reached with inviteShared.
    const shared = await client.conversations.inviteShared({ channel: id, user_ids: ["U0EXT"] });
    const invite = emu.channel(id)!.sharedInvites[0]!;
    expect(invite).toMatchObject({ inviteId: shared.invite_id, userIds: ["U0EXT"] });
    emu.acceptSharedInvite(invite.inviteId);
    expect(emu.channel(id)!.members).toContain("U0EXT");
  });

  it("sets topic/purpose, info, members, open and archive", async () => {
    const { channel } = await client.conversations.create({ name: "inc" });
    const id = channel!.id!;
    await client.conversations.setTopic({ channel: id, topic: "漏えい対応" });
    await client.conversations.setPurpose({ channel: id, purpose: "purpose" });
    expect((await slackError(client.conversations.setTopic({ channel: id, topic: "x".repeat(251) }))).error).toBe("too_long");
    expect(emu.channel(id)).toMatchObject({ topic: "漏えい対応", purpose: "purpose" });
    expect((await client.conversations.info({ channel: id })).channel?.topic?.value).toBe("漏えい対応");
    expect((await client.conversations.members({ channel: id })).members).toEqual([emu.botUserId]);
    const im = await client.conversations.open({ users: "U0ALICE" });
    expect(im.channel?.id).toBe(emu.dmChannelId("U0ALICE"));
    expect((await client.conversations.open({ users: "U0ALICE" })).channel?.id).toBe(im.channel?.id);
    await client.conversations.archive({ channel: id });
    expect((await slackError(client.conversations.archive({ channel: id }))).error).toBe("already_archived");
    expect((await slackError(client.chat.postMessage({ channel: id, text: "x" }))).error).toBe("is_archived");
  });
});

describe("chat", () => {
  let id: string;
  beforeEach(async () => {
    id = (await client.conversations.create({ name: "inc" })).channel!.id!;
    await client.conversations.invite({ channel: id, users: "U0ALICE" });
  });

  it("posts, threads, updates and deletes messages", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*bold*" } }];
    const a = await client.chat.postMessage({ channel: id, text: "fallback", blocks });
    const b = await client.chat.postMessage({ channel: id, text: "second" });
    expect(a.ts! < b.ts!).toBe(true);
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(emu.message(id, a.ts!)).toMatchObject({ user: emu.botUserId, botId: "B0BOT00001", text: "fallback", blocks });
    const reply = await client.chat.postMessage({ channel: id, text: "reply", thread_ts: a.ts! });
    expect(emu.messages(id).map((m) => m.text)).toEqual(["fallback", "second"]);
    expect(emu.messages(id, { threadTs: a.ts! }).map((m) => m.text)).toEqual(["reply"]);

    await client.chat.update({ channel: id, ts: reply.ts!, text: "edited" });
    expect(emu.message(id, reply.ts!)).toMatchObject({ text: "edited", threadTs: a.ts, edited: { user: emu.botUserId } });
    expect((await slackError(client.chat.update({ channel: id, ts: "1.000000", text: "x" }))).error).toBe("message_not_found");

    const link = await client.chat.getPermalink({ channel: id, message_ts: reply.ts! });
    expect(link.permalink).toBe(
      `https://renkei-emulator.slack.com/archives/${id}/p${reply.ts!.replace(".", "")}?thread_ts=${a.ts}&cid=${id}`,
    );
    await client.chat.delete({ channel: id, ts: b.ts! });
    expect(emu.message(id, b.ts!)).toBeUndefined();

    // DM by user id
    await client.chat.postMessage({ channel: "U0BOB", text: "hi bob" });
    expect(emu.dms("U0BOB").map((m) => m.text)).toEqual(["hi bob"]);
  });

  it("applies posting checks", async () => {
    const err = async (args: any) => (await slackError(client.chat.postMessage({ channel: id, ...args }))).error;
    expect(await err({ text: "" })).toBe("no_text");
    expect(await err({ blocks: [{ type: "divider" }] })).toBe("no_text"); // stricter than Slack: fallback required
    expect(await err({ text: "x".repeat(40_001) })).toBe("msg_too_long");
    expect((await slackError(client.chat.postMessage({ channel: "C0NOPE", text: "x" }))).error).toBe("channel_not_found");
    const noBot = emu.addChannel({ name: "no-bot", members: ["U0ALICE"] });
    expect((await slackError(client.chat.postMessage({ channel: noBot.id, text: "x" }))).error).toBe("not_in_channel");
    const user = emu.addUserMessage({ user: "U0ALICE", channel: id, text: "mine" });
    expect((await slackError(client.chat.update({ channel: id, ts: user.ts, text: "x" }))).error).toBe("cant_update_message");
  });

  it("reports Block Kit violations as invalid_blocks", async () => {
    const fiftyOne = Array.from({ length: 51 }, () => ({ type: "divider" }));
    const r1 = await slackError(client.chat.postMessage({ channel: id, text: "t", blocks: fiftyOne }));
    expect(r1.error).toBe("invalid_blocks");
    expect(r1.data.response_metadata.messages.join()).toMatch(/no more than 50/);
    const long = [{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }];
    expect((await slackError(client.chat.postMessage({ channel: id, text: "t", blocks: long }))).error).toBe("invalid_blocks");
    const actionId = [{ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "b" }, action_id: "a".repeat(256) }] }];
    const r3 = await slackError(client.chat.postMessage({ channel: id, text: "t", blocks: actionId }));
    expect(r3.data.response_metadata.messages.join()).toMatch(/action_id/);
    const ok = await client.chat.postMessage({ channel: id, text: "t" });
    expect((await slackError(client.chat.update({ channel: id, ts: ok.ts!, text: "t", blocks: long }))).error).toBe("invalid_blocks");
  });

  it("posts ephemerals, pins, reactions and bookmarks", async () => {
    const e = await client.chat.postEphemeral({ channel: id, user: "U0ALICE", text: "only you" });
    expect(emu.ephemerals("U0ALICE")).toMatchObject([{ channel: id, text: "only you", viaResponseUrl: false, ts: e.message_ts }]);
    expect((await slackError(client.chat.postEphemeral({ channel: id, user: "U0BOB", text: "x" }))).error).toBe("user_not_in_channel");

    const m = await client.chat.postMessage({ channel: id, text: "pin me" });
    await client.pins.add({ channel: id, timestamp: m.ts! });
    expect(emu.pins(id)).toEqual([m.ts]);
    expect((await slackError(client.pins.add({ channel: id, timestamp: m.ts! }))).error).toBe("already_pinned");
    expect((await slackError(client.pins.add({ channel: id, timestamp: "1.000000" }))).error).toBe("message_not_found");
    expect((await client.pins.list({ channel: id })).items).toHaveLength(1);

    await client.reactions.add({ channel: id, timestamp: m.ts!, name: "eyes" });
    expect(emu.reactions(id, m.ts!)).toEqual(["eyes"]);
    expect((await slackError(client.reactions.add({ channel: id, timestamp: m.ts!, name: "eyes" }))).error).toBe("already_reacted");

    await client.bookmarks.add({ channel_id: id, title: "Runbook", type: "link", link: "https://example.jp/runbook" });
    expect(emu.bookmarks(id)).toMatchObject([{ title: "Runbook", link: "https://example.jp/runbook" }]);
    expect((await slackError(client.bookmarks.add({ channel_id: id, title: "x", type: "link", link: "ftp://x" }))).error).toBe("invalid_link");
  });

  it("records live mentions", async () => {
    const live = await client.chat.postMessage({ channel: id, text: "<!channel> please look, <@U0ALICE>" });
    const escaped = await client.chat.postMessage({ channel: id, text: "&lt;!channel&gt; is written literally" });
    expect(emu.message(id, live.ts!)!.mentions).toEqual(["<!channel>", "<@U0ALICE>"]);
    expect(emu.message(id, escaped.ts!)!.mentions).toEqual([]);
    expect(emu.liveMentions("<!here|here>")).toEqual(["<!here>"]);
  });
});

describe("fault injection and call log", () => {
  it("fails the next call with an API error, then recovers", async () => {
    emu.failNext("auth.test", { error: "fatal_error" }, 2);
    expect((await slackError(client.auth.test())).error).toBe("fatal_error");
    expect((await slackError(client.auth.test())).error).toBe("fatal_error");
    expect((await client.auth.test()).ok).toBe(true);
    expect(emu.calls("auth.test")).toHaveLength(3);
  });

  it("answers 429 with Retry-After and 500 with a body", async () => {
    const rl = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: quiet });
    emu.failNext("chat.postMessage", { status: 429, retryAfter: 7 });
    const err: any = await rl.chat.postMessage({ channel: "U0ALICE", text: "x" }).catch((e) => e);
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(7);
    emu.failNext("chat.postMessage", { status: 500, body: "boom" });
    const err500: any = await client.chat.postMessage({ channel: "U0ALICE", text: "x" }).catch((e) => e);
    expect(err500.code).toBe(ErrorCode.HTTPError);
    expect(err500.statusCode).toBe(500);
    await rl.chat.postMessage({ channel: "U0ALICE", text: "x" });
    expect(emu.calls("chat.postMessage").map((c) => c.args.text)).toEqual(["x", "x", "x"]);
    expect(emu.calls("chat.postMessage")[2]!.response.ok).toBe(true);
  });

  it("answers slowly when asked to: the call takes effect and is answered that much later", async () => {
    emu.slowAnswers(300, { methods: ["chat.postMessage"], when: (args) => args.text === "slow" });
    const started = Date.now();
    const posting = client.chat.postMessage({ channel: "U0ALICE", text: "slow" });
    expect((await client.auth.test()).ok).toBe(true); // other methods answer as usual
    expect((await client.chat.postMessage({ channel: "U0ALICE", text: "quick" })).ok).toBe(true); // and other posts
    expect(emu.dms("U0ALICE").map((m) => m.text)).toEqual(["quick"]); // the slow one is not posted yet
    expect((await posting).ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emu.dms("U0ALICE").map((m) => m.text)).toEqual(["quick", "slow"]);
    emu.slowAnswers(0);
  });

  it("parses JSON fields in the call log", async () => {
    await client.chat.postMessage({ channel: "U0ALICE", text: "t", blocks: [{ type: "divider" }] });
    expect(emu.calls("chat.postMessage")[0]!.args.blocks).toEqual([{ type: "divider" }]);
  });
});

describe("views", () => {
  const modal = (title = "Report") => ({
    type: "modal" as const, title: { type: "plain_text" as const, text: title }, submit: { type: "plain_text" as const, text: "OK" },
    blocks: [{ type: "input", block_id: "b", label: { type: "plain_text", text: "L" }, element: { type: "plain_text_input", action_id: "a" } }],
  });

  it("opens modals with single-use, short-lived triggers", async () => {
    const trigger = emu.registerTrigger("U0ALICE");
    const res = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(res.view?.id).toMatch(/^V/);
    expect(emu.openViews("U0ALICE").map((v) => v.id)).toEqual([res.view!.id]);
    expect((await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).error).toBe("exchanged_trigger_id");
    expect((await slackError(client.views.open({ trigger_id: "123.456.abc", view: modal() }))).error).toBe("invalid_trigger_id");
    const old = emu.registerTrigger("U0ALICE");
    await new Promise((r) => setTimeout(r, 250)); // triggerTtlMs is 200 in this file (3000 by default)
    expect((await slackError(client.views.open({ trigger_id: old, view: modal() }))).error).toBe("expired_trigger_id");
  });

  it("rejects invalid views with invalid_arguments", async () => {
    const r = await slackError(client.views.open({ trigger_id: emu.registerTrigger("U0ALICE"), view: modal("x".repeat(25)) }));
    expect(r.error).toBe("invalid_arguments");
    expect(r.data.response_metadata.messages.join()).toMatch(/title/);
  });

  it("pushes up to 3 views, updates with hash checks and publishes Home", async () => {
    const root = (await client.views.open({ trigger_id: emu.registerTrigger("U0ALICE"), view: modal() })).view!;
    await client.views.push({ trigger_id: emu.registerTrigger("U0ALICE"), view: modal("2") });
    await client.views.push({ trigger_id: emu.registerTrigger("U0ALICE"), view: modal("3") });
    expect((await slackError(client.views.push({ trigger_id: emu.registerTrigger("U0ALICE"), view: modal("4") }))).error).toBe("push_limit_reached");
    expect(emu.openViews("U0ALICE").map((v) => v.view.title.text)).toEqual(["Report", "2", "3"]);

    const updated = await client.views.update({ view_id: root.id!, hash: root.hash!, view: modal("Updated") });
    expect(emu.view(root.id!)!.view.title.text).toBe("Updated");
    expect((await slackError(client.views.update({ view_id: root.id!, hash: root.hash!, view: modal() }))).error).toBe("hash_conflict");
    expect(updated.view?.hash).not.toBe(root.hash);
    expect((await slackError(client.views.update({ view_id: "V0NOPE", view: modal() }))).error).toBe("not_found");

    await client.views.publish({ user_id: "U0BOB", view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "home" } }] } });
    expect(emu.homeView("U0BOB")!.view.blocks[0].text.text).toBe("home");
  });
});

describe("threads and shared messages", () => {
  it("answers conversations.replies with the parent and its replies, metadata on request", async () => {
    emu.addMembers("C0GENERAL1", emu.botUserId);
    const parent = emu.addUserMessage({ user: "U0ALICE", channel: "C0GENERAL1", text: "parent" });
    await client.chat.postMessage({ channel: "C0GENERAL1", text: "reply", thread_ts: parent.ts, metadata: { event_type: "k", event_payload: { key: "x" } } });
    const res = await client.conversations.replies({ channel: "C0GENERAL1", ts: parent.ts, include_all_metadata: true });
    expect(res.messages!.map((m) => m.text)).toEqual(["parent", "reply"]);
    expect(res.messages![1]!.metadata?.event_type).toBe("k");
    expect((await client.conversations.history({ channel: "C0GENERAL1" })).messages!.map((m) => m.text)).toEqual(["parent"]);
  });

  it("reads one message by its ts: oldest = latest = ts with inclusive (history for the channel, replies for a thread), never without inclusive", async () => {
    emu.addMembers("C0GENERAL1", emu.botUserId);
    const first = emu.addUserMessage({ user: "U0ALICE", channel: "C0GENERAL1", text: "first" });
    const second = emu.addUserMessage({ user: "U0BOB", channel: "C0GENERAL1", text: "second" });
    const reply = await client.chat.postMessage({ channel: "C0GENERAL1", text: "in thread", thread_ts: first.ts });
    const one = await client.conversations.history({ channel: "C0GENERAL1", oldest: first.ts, latest: first.ts, inclusive: true, limit: 1 });
    expect(one.messages!.map((m) => [m.text, m.user])).toEqual([["first", "U0ALICE"]]);
    expect((await client.conversations.history({ channel: "C0GENERAL1", oldest: first.ts, latest: first.ts, limit: 1 })).messages).toEqual([]);
    expect((await client.conversations.history({ channel: "C0GENERAL1", latest: second.ts, inclusive: true, limit: 1 })).messages!.map((m) => m.text)).toEqual(["second"]);
    const inThread = await client.conversations.replies({ channel: "C0GENERAL1", ts: first.ts, oldest: reply.ts!, latest: reply.ts!, inclusive: true, limit: 2 });
    expect(inThread.messages!.map((m) => m.text)).toEqual(["in thread"]);
  });

  it("builds the share attachment Slack adds to a forwarded message, with the source's permalink", () => {
    const src = emu.addUserMessage({ user: "U0ALICE", channel: "C0GENERAL1", text: "original" });
    const a = emu.shareAttachment("C0GENERAL1", src.ts);
    expect(a).toMatchObject({ is_share: true, is_msg_unfurl: true, channel_id: "C0GENERAL1", ts: src.ts, author_id: "U0ALICE", text: "original" });
    expect(a.from_url).toBe(emu.permalink("C0GENERAL1", src.ts));
    expect(String(a.from_url)).toMatch(/\/archives\/C0GENERAL1\/p\d{16}$/);
  });
});

describe("external file upload (files.uploadV2)", () => {
  it("reserves, receives and shares files in a DM with the initial comment, bytes intact", async () => {
    const dm = (await client.conversations.open({ users: "U0ALICE" })).channel!.id!;
    const csv = "\uFEFFref,title\r\n2026-0001,\"a, b\"\r\n";
    const res = await client.filesUploadV2({
      channel_id: dm,
      initial_comment: "Export 2026-04-01 – 2027-03-31",
      file_uploads: [
        { content: csv, filename: "record.csv", title: "Record (CSV)" },
        { content: '{"ok":true}', filename: "record.json" },
      ],
    });
    expect(res.ok).toBe(true);
    const files = emu.files();
    expect(files.map((f) => [f.filename, f.title, f.completed, f.channels])).toEqual([
      ["record.csv", "Record (CSV)", true, [dm]],
      ["record.json", "record.json", true, [dm]],
    ]);
    expect(files[0]!.content!.toString("utf8")).toBe(csv);
    expect(files[0]!.content!.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [message] = emu.dms("U0ALICE");
    expect(message!.text).toBe("Export 2026-04-01 – 2027-03-31");
    expect(message!.files!.map((f) => f.name)).toEqual(["record.csv", "record.json"]);
    expect(emu.calls().map((c) => c.method).filter((m) => m.startsWith("files.") || m === "upload")).toEqual([
      "files.getUploadURLExternal", "files.getUploadURLExternal", "upload", "upload", "files.completeUploadExternal",
    ]);
  });

  it("rejects what Slack rejects: no filename or length, completing an unknown or unsent file, a channel the bot is not in", async () => {
    expect((await slackError(client.files.getUploadURLExternal({ filename: "x.csv" } as never))).error).toBe("invalid_arguments");
    expect((await slackError(client.files.getUploadURLExternal({ filename: "x.csv", length: 0 }))).error).toBe("missing_argument");
    const reserved = await client.files.getUploadURLExternal({ filename: "x.csv", length: 3 });
    expect(reserved.upload_url).toMatch(/\/upload\/v1\/F/);
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: reserved.file_id! }] }))).error).toBe("file_not_found"); // bytes never sent
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: "F0NOPE" }] }))).error).toBe("file_not_found");
    // A wrong length is refused at the upload URL (stricter than Slack).
    const wrong = await fetch(reserved.upload_url!, { method: "POST", body: "four" });
    expect(wrong.status).toBe(400);
    const right = await fetch(reserved.upload_url!, { method: "POST", body: "abc" });
    expect([right.status, await right.text()]).toEqual([200, "OK - 3"]);
    const notMember = emu.addChannel({ name: "closed", members: ["U0ALICE"] });
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: reserved.file_id! }], channel_id: notMember.id }))).error).toBe("not_in_channel");
    // Completed once, not twice.
    await client.files.completeUploadExternal({ files: [{ id: reserved.file_id! }] });
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: reserved.file_id! }] }))).error).toBe("file_not_found");
  });
});

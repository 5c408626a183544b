import { describe, expect, it } from "vitest";
import { validateBlocks, validateView } from "./block-kit";
import { liveMentions, messageMentions } from "./mentions";

const section = (text: string, extra: Record<string, unknown> = {}) => ({ type: "section", text: { type: "mrkdwn", text }, ...extra });
const button = (actionId: string, extra: Record<string, unknown> = {}) => ({
  type: "button", action_id: actionId, text: { type: "plain_text", text: "Go" }, ...extra,
});
const input = (blockId: string, element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: "input", block_id: blockId, label: { type: "plain_text", text: "Label" }, element, ...extra,
});

describe("validateBlocks", () => {
  it("accepts a typical message", () => {
    const blocks = [
      { type: "header", text: { type: "plain_text", text: "Incident" } },
      section("*hello*", { accessory: button("a1") }),
      { type: "divider" },
      { type: "context", elements: [{ type: "mrkdwn", text: "ctx" }] },
      { type: "actions", elements: [button("ok", { style: "primary", value: "1" }), button("ng", { style: "danger" })] },
    ];
    expect(validateBlocks(blocks, "message")).toEqual([]);
  });

  it("rejects more than 50 blocks in a message but allows 100 in a modal", () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
    expect(validateBlocks(blocks, "message").join()).toMatch(/no more than 50/);
    expect(validateBlocks(blocks, "modal")).toEqual([]);
    expect(validateBlocks([...blocks, ...blocks], "home").join()).toMatch(/no more than 100/);
  });

  it("checks text lengths and text types", () => {
    expect(validateBlocks([section("x".repeat(3001))]).join()).toMatch(/less than 3001.*\/blocks\/0\/text\/text/);
    expect(validateBlocks([section("x".repeat(3000))])).toEqual([]);
    expect(validateBlocks([{ type: "header", text: { type: "mrkdwn", text: "h" } }]).join()).toMatch(/plain_text/);
    expect(validateBlocks([{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }]).join()).toMatch(/151/);
    expect(validateBlocks([section("")]).join()).toMatch(/more than 0/);
    expect(validateBlocks([{ type: "section" }]).join()).toMatch(/text or fields/);
    const fields = Array.from({ length: 11 }, () => ({ type: "mrkdwn", text: "f" }));
    expect(validateBlocks([{ type: "section", fields }]).join()).toMatch(/no more than 10/);
  });

  it("checks elements", () => {
    expect(validateBlocks([{ type: "actions", elements: [button("a".repeat(256))] }]).join()).toMatch(/action_id/);
    expect(validateBlocks([{ type: "actions", elements: [button("x"), button("x")] }]).join()).toMatch(/already used/);
    expect(validateBlocks([{ type: "actions", elements: [button("x", { style: "secondary" })] }]).join()).toMatch(/primary, danger/);
    expect(validateBlocks([{ type: "actions", elements: [] }]).join()).toMatch(/at least 1/);
    const opts = (n: number) => Array.from({ length: n }, (_, i) => ({ text: { type: "plain_text", text: `o${i}` }, value: `v${i}` }));
    expect(validateBlocks([{ type: "actions", elements: [{ type: "overflow", action_id: "o", options: opts(6) }] }]).join()).toMatch(/no more than 5/);
    expect(validateBlocks([{ type: "actions", elements: [{ type: "static_select", action_id: "s", options: opts(3), initial_option: opts(4)[3] }] }]).join())
      .toMatch(/initial_option/);
    expect(validateBlocks([{ type: "actions", elements: [{ type: "static_select", action_id: "s", options: opts(3), initial_option: opts(3)[1] }] }])).toEqual([]);
    expect(validateBlocks([{ type: "actions", elements: [{ type: "datepicker", action_id: "d", initial_date: "2025-02-30" }] }]).join()).toMatch(/YYYY-MM-DD/);
    expect(validateBlocks([{ type: "actions", elements: [button("c", { confirm: { title: { type: "plain_text", text: "t" } } })] }]).join())
      .toMatch(/confirm\/text/);
  });

  it("rejects input blocks in messages, duplicate block_ids and unknown types", () => {
    expect(validateBlocks([input("b", { type: "plain_text_input", action_id: "a" })], "message").join()).toMatch(/not allowed in messages/);
    expect(validateBlocks([{ type: "divider", block_id: "x" }, { type: "divider", block_id: "x" }]).join()).toMatch(/already used/);
    expect(validateBlocks([{ type: "table" }]).join()).toMatch(/must be one of/);
    expect(validateBlocks("nope" as unknown).join()).toMatch(/array/);
  });
});

describe("validateView", () => {
  const modal = (extra: Record<string, unknown> = {}) => ({
    type: "modal", title: { type: "plain_text", text: "Report" }, submit: { type: "plain_text", text: "Send" },
    blocks: [input("name", { type: "plain_text_input", action_id: "v", max_length: 100 })], ...extra,
  });

  it("accepts a valid modal", () => {
    expect(validateView(modal())).toEqual([]);
  });

  it("enforces title/submit rules and metadata limits", () => {
    expect(validateView(modal({ title: { type: "plain_text", text: "x".repeat(25) } })).join()).toMatch(/title\/text/);
    expect(validateView(modal({ title: undefined })).join()).toMatch(/title/);
    expect(validateView(modal({ submit: undefined })).join()).toMatch(/submit/);
    expect(validateView(modal({ private_metadata: "x".repeat(3001) })).join()).toMatch(/private_metadata/);
    expect(validateView(modal({ type: "dialog" })).join()).toMatch(/modal, home/);
    expect(validateView({ type: "home", blocks: [section("hi")] })).toEqual([]);
  });

  it("checks input elements", () => {
    const bad = modal({ blocks: [input("n", { type: "plain_text_input", action_id: "v", max_length: 3001 })] });
    expect(validateView(bad).join()).toMatch(/max_length/);
    const notInput = modal({ blocks: [input("n", { type: "button", action_id: "v", text: { type: "plain_text", text: "b" } })] });
    expect(validateView(notInput).join()).toMatch(/element\/type/);
    const big = modal({ blocks: Array.from({ length: 100 }, (_, i) => section("x".repeat(3000), { block_id: `b${i}` })) });
    expect(validateView(big).join()).toMatch(/view_too_large/);
  });
});

describe("mentions", () => {
  it("finds live mentions and ignores escaped ones", () => {
    expect(liveMentions("hi <!channel> and <@U123|bob> <!subteam^S1|@team> <!here|here>")).toEqual([
      "<!channel>", "<@U123>", "<!subteam^S1>", "<!here>",
    ]);
    expect(liveMentions("&lt;!channel&gt; is not live")).toEqual([]);
  });

  it("collects mentions from mrkdwn blocks but not plain_text", () => {
    const blocks = [
      { type: "section", text: { type: "mrkdwn", text: "<@U1>" }, fields: [{ type: "mrkdwn", text: "<!everyone>" }] },
      { type: "header", text: { type: "plain_text", text: "<!channel>" } },
      { type: "rich_text", elements: [{ type: "rich_text_section", elements: [{ type: "broadcast", range: "here" }] }] },
    ];
    expect(messageMentions("fallback", blocks)).toEqual(["<@U1>", "<!everyone>", "<!here>"]);
  });
});

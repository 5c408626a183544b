import { WebClient, type FetchFunction } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { effectWebClient, withLayoutSerialized } from "./client";

/** A fetch that records each request's body and answers ok, echoing nothing. */
function recordingFetch(bodies: string[]): FetchFunction {
  return (async (_url: string | URL, init?: { body?: unknown }) => {
    bodies.push(String(init?.body));
    return new Response(JSON.stringify({ ok: true, channel: "C1", ts: "1.2" }), { status: 200, headers: { "content-type": "application/json" } });
  }) as unknown as FetchFunction;
}

const blocks = [{ type: "section", block_id: "b1", text: { type: "mrkdwn", text: "完了 <@U1> & \"quoted\"" } }, { type: "actions", elements: [{ type: "button", action_id: "task_done", value: "t1", text: { type: "plain_text", text: "Done" } }] }];
const view = { type: "home", blocks };

describe("the effect handlers' Web API client", () => {
  it("sends the same bytes as the Web API client itself for blocks and views", async () => {
    const mine: string[] = [];
    const theirs: string[] = [];
    const effects = effectWebClient("xoxb-test", { fetch: recordingFetch(mine), slackApiUrl: "http://127.0.0.1:9/api/" });
    const plain = new WebClient("xoxb-test", { fetch: recordingFetch(theirs), slackApiUrl: "http://127.0.0.1:9/api/", retryConfig: { retries: 0 } });
    for (const client of [effects, plain]) {
      await client.chat.update({ channel: "C1", ts: "1.2", text: "完了", blocks });
      await client.views.publish({ user_id: "U1", view: view as never });
      await client.chat.postMessage({ channel: "C1", text: "no layout" });
    }
    expect(mine).toEqual(theirs);
    expect(new URLSearchParams(mine[0]).get("blocks")).toBe(JSON.stringify(blocks));
    expect(new URLSearchParams(mine[1]).get("view")).toBe(JSON.stringify(view));
  });

  it("reads each block of a layout once per call (the client's debug copy of the arguments walks none of it)", async () => {
    let reads = 0;
    const counted = { type: "section", get text() {
      reads++;
      return { type: "mrkdwn", text: "x" };
    } };
    const client = effectWebClient("xoxb-test", { fetch: recordingFetch([]), slackApiUrl: "http://127.0.0.1:9/api/" });
    await client.chat.update({ channel: "C1", ts: "1.2", text: "x", blocks: [counted] as never });
    expect(reads).toBe(1);
  });

  it("leaves arguments without a layout, and text already serialized, as they are", () => {
    const args = { channel: "C1", text: "hi" };
    expect(withLayoutSerialized(args)).toBe(args);
    const serialized = { channel: "C1", blocks: "[]" };
    expect(withLayoutSerialized(serialized)).toBe(serialized);
    const original = { channel: "C1", blocks };
    expect(withLayoutSerialized(original)).toEqual({ channel: "C1", blocks: JSON.stringify(blocks) });
    expect(original.blocks).toBe(blocks); // the caller's arguments are not changed
  });
});

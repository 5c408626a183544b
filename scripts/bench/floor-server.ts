// The floor of the open-loop benchmark, in its own process: a bare Bolt app (HTTPReceiver, no
// middleware, no database) that acknowledges each request and then makes the one Web API call
// renkei's answer needs, so what it measures is Bolt, HTTP and the emulated Slack alone:
//   /renkei help          → the acknowledgement carries the answer
//   /renkei new           → views.open (the modal)
//   /renkei <other>       → a private answer posted to the response_url
//   a click on task_done  → chat.update of the clicked message
//   any other click       → a private answer posted to the response_url
//   node --import tsx scripts/bench/floor-server.ts <signing secret> <Slack API URL> <bot token>
// Prints one JSON line with its port once listening.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";

async function main(): Promise<void> {
  const [secret, apiUrl, token] = process.argv.slice(2);
  if (!secret || !apiUrl || !token) throw new Error("usage: floor-server.ts <signing secret> <Slack API URL> <bot token>");
  const app = new App({ token, receiver: new HTTPReceiver({ signingSecret: secret }), logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
  const modal = { type: "modal" as const, callback_id: "floor", title: { type: "plain_text" as const, text: "Floor" }, blocks: [{ type: "section", text: { type: "mrkdwn", text: "floor" } }] };
  app.command("/renkei", async ({ ack, command, respond, client }) => {
    const sub = command.text.trim().split(/\s+/)[0] ?? "";
    if (sub === "help") return ack({ response_type: "ephemeral", text: "help" });
    await ack();
    if (sub === "new") await client.views.open({ trigger_id: command.trigger_id, view: modal });
    else await respond({ response_type: "ephemeral", replace_original: false, text: "floor" });
  });
  app.action(/.*/, async ({ ack, body, action, respond, client }) => {
    await ack();
    const b = body as { container?: { channel_id?: string; message_ts?: string } };
    if ((action as { action_id?: string }).action_id === "task_done" && b.container?.channel_id && b.container.message_ts) {
      await client.chat.update({ channel: b.container.channel_id, ts: b.container.message_ts, text: "done (floor)" });
    } else await respond({ response_type: "ephemeral", replace_original: false, text: "floor" });
  });
  const server = (await app.start(0)) as unknown as Server;
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  process.once("SIGTERM", () => void app.stop().finally(() => process.exit(0)));
}

main().catch((e: unknown) => {
  process.stderr.write(`floor server failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});

// The server side of the acknowledgement benchmark, in its own process (the load generator runs
// in the parent, so the two do not share an event loop):
//   - the real renkei app over HTTP against the Slack emulator (startEmulatedStack), on a
//     migrated database given by the parent, with two incidents, a consultation and agreed tasks
//     created through the app as people would;
//   - the floor: a bare Bolt app on the same HTTPReceiver that acknowledges everything at once,
//     pointed at the same emulator.
// The parent asks over IPC for request bodies (fresh trigger_ids and response_urls from the
// emulator, like Slack's), to settle the effect queue between runs, and to stop.
import { stringify as stringifyQuery } from "node:querystring";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { EMULATED_SIGNING_SECRET, startEmulatedStack } from "../../src/dev/emulated-stack";
import type { BenchRequest } from "./load";
import { ACTORS, benchConfig, benchUsers } from "./seed";
import { propose, registerIncident, until } from "./scenario";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type ScenarioId = "cmd_help" | "cmd_list" | "cmd_status" | "click_decision" | "click_done";

export type ServerReady = { type: "ready"; renkeiUrl: string; floorUrl: string; secret: string; ref: string; openIncidents: number };
export type ParentMessage = { type: "requests"; scenario: ScenarioId; count: number } | { type: "measure" } | { type: "settle" } | { type: "stop" };
/** Event-loop delay of the server process during a measured run, ms. */
export type LoopDelay = { p99: number; max: number };

async function main(): Promise<void> {
  const databaseUrl = process.argv[2];
  if (!databaseUrl || !process.send) throw new Error("usage: forked by scripts/bench/index.ts with a DATABASE_URL");
  const config = benchConfig();
  const stack = await startEmulatedStack({ databaseUrl, config, users: benchUsers(config) });
  const { emu } = stack;

  // The floor: Bolt's own HTTPReceiver, acknowledging at once, no middleware, no database.
  const floor = new App({
    token: emu.botToken,
    receiver: new HTTPReceiver({ signingSecret: EMULATED_SIGNING_SECRET }),
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emu.apiUrl },
  });
  floor.command("/renkei", async ({ ack }) => ack());
  floor.action(/.*/, async ({ ack }) => ack());
  const floorServer = (await floor.start(0)) as unknown as Server;
  const floorPort = (floorServer.address() as AddressInfo).port;

  // Scenario data, created through the app: incident A becomes a cooperation case with three
  // agreed tasks (Done clicks), incident B has an open consultation (decision clicks).
  const refA = await registerIncident(stack, "Unauthorised access to the staff portal");
  const cardA = await propose(stack, refA, ["joint_investigation", "sharing_results", "joint_alert"]);
  for (const item of ["joint_investigation", "sharing_results", "joint_alert"]) {
    await stack.driver.clickButton({ user: ACTORS.niscLiaison, channel: cardA.channel, ts: cardA.ts, actionId: "consult_agree", blockId: `consult_actions_${item}` });
  }
  const incidentA = (await stack.store.incidentByRef(refA))!;
  const tasks = await until(async () => {
    await stack.settle();
    const t = (await stack.store.tasksOfIncident(incidentA.id)).filter((x) => x.kind === "cooperation_item" && x.messageTs);
    return t.length === 3 ? t : undefined;
  }, "agreed tasks posted");
  const refB = await registerIncident(stack, "Misdirected e-mail with customer data");
  const decisionItems = ["joint_investigation", "sharing_results", "prior_notice_of_powers", "joint_alert"];
  const cardB = await propose(stack, refB, decisionItems);
  await stack.settle();

  const { total } = await stack.store.openIncidents(1);
  const messageJson = (channel: string, ts: string) => emu.messageJson(emu.message(channel, ts)!);
  const team = { id: emu.teamId, domain: emu.teamDomain };
  const userJson = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: emu.teamId });
  const general = emu.channel("general")!;

  const slash = (text: string): BenchRequest => {
    const user = ACTORS.ppcStaff;
    const form = {
      token: "emulator-verification-token", team_id: emu.teamId, team_domain: emu.teamDomain, channel_id: general.id, channel_name: general.name,
      user_id: user, user_name: user.toLowerCase(), command: "/renkei", text, api_app_id: emu.appId, is_enterprise_install: "false",
      response_url: emu.createResponseUrl({ userId: user, channelId: general.id }), trigger_id: emu.registerTrigger(user),
    };
    return { body: stringifyQuery(form), contentType: "application/x-www-form-urlencoded" };
  };
  const click = (user: string, channel: string, ts: string, action: { action_id: string; block_id: string; value: string; text: string }): BenchRequest => {
    const payload = {
      type: "block_actions", user: userJson(user), api_app_id: emu.appId, token: "emulator-verification-token",
      container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false },
      trigger_id: emu.registerTrigger(user), team, enterprise: null, is_enterprise_install: false,
      channel: { id: channel, name: emu.channel(channel)?.name ?? "" }, message: messageJson(channel, ts), state: { values: {} },
      response_url: emu.createResponseUrl({ userId: user, channelId: channel, messageTs: ts, isEphemeral: false }),
      actions: [{ type: "button", action_id: action.action_id, block_id: action.block_id, text: { type: "plain_text", text: action.text, emoji: true }, value: action.value, action_ts: (Date.now() / 1000).toFixed(6) }],
    };
    return { body: stringifyQuery({ payload: JSON.stringify(payload) }), contentType: "application/x-www-form-urlencoded" };
  };
  /** The button's value as rendered on the card, so the app decodes what Slack would send. */
  const buttonOf = (channel: string, ts: string, actionId: string, blockId?: string) => {
    for (const b of (emu.message(channel, ts)?.blocks ?? []) as Array<Record<string, any>>) {
      if (blockId && b.block_id !== blockId) continue;
      const els = [...(Array.isArray(b.elements) ? b.elements : []), ...(b.accessory ? [b.accessory] : [])];
      const el = els.find((e: Record<string, any>) => e.action_id === actionId);
      if (el) return { action_id: actionId, block_id: String(b.block_id ?? "emu-block"), value: String(el.value ?? ""), text: String(el.text?.text ?? "") };
    }
    throw new Error(`bench set-up: no ${actionId} button${blockId ? ` in ${blockId}` : ""} on ${channel}/${ts}`);
  };
  const decisionButtons = decisionItems.map((item) => buttonOf(cardB.channel, cardB.ts, "consult_agree", `consult_actions_${item}`));
  const doneButtons = tasks.map((t) => ({ task: t, button: buttonOf(t.channelId!, t.messageTs!, "task_done") }));

  const build = (scenario: ScenarioId, i: number): BenchRequest => {
    switch (scenario) {
      case "cmd_help":
        return slash("help");
      case "cmd_list":
        return slash("list");
      case "cmd_status":
        return slash(`status ${refA}`);
      case "click_decision":
        // PPC's liaison on an item PPC already agreed: the app acks, then refuses privately.
        return click(ACTORS.ppcLiaison, cardB.channel, cardB.ts, decisionButtons[i % decisionButtons.length]!);
      case "click_done": {
        // PPC's liaison on PPC's tasks: the first click completes each, later ones are told who was first.
        const d = doneButtons[i % doneButtons.length]!;
        return click(ACTORS.ppcLiaison, d.task.channelId!, d.task.messageTs!, d.button);
      }
    }
  };

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  process.on("message", (m: ParentMessage) => {
    void (async () => {
      switch (m.type) {
        case "requests":
          process.send!({ type: "requests", requests: Array.from({ length: m.count }, (_, i) => build(m.scenario, i)) });
          return;
        case "measure":
          loop.reset();
          process.send!({ type: "measuring" });
          return;
        case "settle": {
          const delay: LoopDelay = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
          await sleep(300); // work the app does after its acks (private answers) finishes
          await stack.settle();
          process.send!({ type: "settled", delay });
          return;
        }
        case "stop":
          await floor.stop();
          await stack.stop();
          process.send!({ type: "stopped" });
          process.exit(0);
      }
    })().catch((e: unknown) => {
      process.stderr.write(`latency server: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(1);
    });
  });
  const ready: ServerReady = { type: "ready", renkeiUrl: `${stack.baseUrl}/slack/events`, floorUrl: `http://127.0.0.1:${floorPort}/slack/events`, secret: EMULATED_SIGNING_SECRET, ref: refA, openIncidents: total };
  process.send(ready);
}

main().catch((e: unknown) => {
  process.stderr.write(`latency server failed: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});

// The open-loop benchmark (issue 14): requests sent at a fixed rate whatever the answers (as a
// surge of people clicking would), to renkei started from its build (`node dist/main.js`, a process
// of its own) and to the floor (scripts/bench/floor-server.ts, a bare Bolt app making the same one
// Web API call), both against one Slack emulator in this process, optionally answering every Web
// API call and response_url post 100 ms late. For each request it times the acknowledgement (the
// HTTP answer) and the visible outcome: when the emulated Slack applied the answer posted to the
// response_url, the card's chat.update, the modal's views.open (help: the acknowledgement is the
// answer). Then a closed loop of every scenario: how many visible outcomes per second renkei
// delivers with 50 people waiting for their answer before asking again, against the floor's.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { stringify as stringifyQuery } from "node:querystring";
import { stringify as stringifyYaml } from "yaml";
import { preciseNow, SlackDriver, SlackEmulator } from "../../emulator";
import { Store } from "../../src/store/store";
import { cpuProfileFlags, freePort, percentile, signedHeaders, type BenchRequest } from "./load";
import { propose, registerIncident, until, type ScenarioStack } from "./scenario";
import { ACTORS, benchConfig, benchConfigInput, benchUsers } from "./seed";

export type OpenScenario = "cmd_help" | "cmd_list" | "cmd_status" | "cmd_new" | "click_decision" | "click_done";
export const OPEN_SCENARIOS: Array<{ id: OpenScenario; label: string; outcome: string }> = [
  { id: "cmd_help", label: "`/renkei help`", outcome: "the acknowledgement (it is the answer)" },
  { id: "cmd_list", label: "`/renkei list`", outcome: "answer posted (response_url)" },
  { id: "cmd_status", label: "`/renkei status <ref>`", outcome: "answer posted (response_url)" },
  { id: "cmd_new", label: "`/renkei new`", outcome: "modal opened (views.open)" },
  { id: "click_decision", label: "decision click (refused: already decided)", outcome: "private answer posted (response_url)" },
  { id: "click_done", label: "task Done click", outcome: "card updated (chat.update)" },
];

export type Percentiles = { p50: number; p95: number; p99: number };
/** One target's requests in a step: percentiles of the acknowledgements and the visible outcomes. */
export type Measured = { ack: Percentiles; visible: Percentiles; missing: number; errors: number };
export type OpenLoopRow = {
  provider: string;
  latencyMs: number;
  rate: number;
  scenario: OpenScenario;
  sent: number;
  renkei: Measured;
  floor: Measured;
};
/** Closed loop of one scenario: visible outcomes per second (the last one's time decides), and the acknowledgements' p99. */
export type CapacityRow = { provider: string; scenario: OpenScenario; requests: number; concurrency: number; renkeiPerS: number; floorPerS: number; renkeiAckP99: number; floorAckP99: number; missing: number; renkeiCpuMs: number; floorCpuMs: number };

/** Issue 14's targets for the open and closed loops. */
export const LOOP_TARGETS = { visibleRatio: 1.5, ackRatio: 1.2, doneCapacity: 300, capacityShare: 0.25 };
export const visibleMet = (r: OpenLoopRow) => r.renkei.visible.p99 <= LOOP_TARGETS.visibleRatio * r.floor.visible.p99;
export const ackMet = (r: OpenLoopRow) => r.renkei.ack.p99 <= LOOP_TARGETS.ackRatio * r.floor.ack.p99;
export const capacityMet = (c: CapacityRow) => c.missing === 0 && c.renkeiPerS >= LOOP_TARGETS.capacityShare * c.floorPerS && (c.scenario !== "click_done" || c.renkeiPerS >= LOOP_TARGETS.doneCapacity);

const SECRET = "bench-signing-secret";
/** Requests of each scenario sent to each target before it is timed (not counted). */
const WARM_UP = 10;
/** Requests a target is sent before the other takes its turn, in an open-loop step. */
const OPEN_BLOCK = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Sent = { at: number; ackAt: number | null; status: number; error: boolean; match: (c: { method: string; args: Record<string, unknown>; at: number }) => boolean; ackIsVisible: boolean };

function send(agent: http.Agent, url: URL, req: BenchRequest, record: Sent): Promise<void> {
  return new Promise((resolve) => {
    const headers = signedHeaders(SECRET, req.body, req.contentType);
    const r = http.request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers }, (res) => {
      res.on("data", () => undefined);
      res.on("end", () => {
        record.ackAt = preciseNow();
        record.status = res.statusCode ?? 0;
        resolve();
      });
      res.on("error", () => {
        record.error = true;
        resolve();
      });
    });
    r.on("error", () => {
      record.error = true;
      resolve();
    });
    record.at = preciseNow();
    r.end(req.body);
  });
}

function pct(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}

async function spawnLine(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }, children: Set<ChildProcess>): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += String(d);
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once("exit", (code) => reject(new Error(`${path.basename(args[args.length - 1] ?? cmd)} exited (${code}):\n${stderr}`)));
  });
  return { child, line };
}

async function stopChild(child: ChildProcess, children: Set<ChildProcess>): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const t = setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(t);
  }
  children.delete(child);
}

/** CPU time (user + system) a process has used so far, ms: less sensitive than wall time to what else the machine runs. */
function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** PostgreSQL: the server processes of the connections to this database (renkei's pool among them); none on SQLite. */
async function databaseServerPids(store: Store): Promise<number[]> {
  if (store.provider !== "postgres") return [];
  const rows = await store.db.$queryRawUnsafe<Array<{ pid: number }>>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
  return rows.map((r) => Number(r.pid));
}

export type OpenLoopOptions = {
  /** Where the built renkei is (its dist/main.js); default the repository. */
  appDir: string;
  root: string;
  tmpDir: string;
  rates: number[];
  latencies: number[];
  /** How long each rate is held, per scenario and target... */
  seconds: number;
  /** ...and at least this many requests (a nearest-rank p99 of fewer than 100 is the slowest one). */
  minRequests: number;
  /** Requests per scenario and target in the closed loop, and how many are in flight at a time. */
  capacityRequests: number;
  capacityConcurrency: number;
  /** Node options renkei runs with (those of `npm start`). */
  nodeFlags: string[];
  /** Only these scenarios (default all). */
  scenarios?: string[];
  children: Set<ChildProcess>;
  log: (s: string) => void;
};

/** Requests sent at `rate` in one step: `seconds` of them, and no fewer than `minRequests`. */
const requestsPerStep = (rate: number, o: { seconds: number; minRequests: number }) => Math.max(o.minRequests, Math.round(rate * o.seconds));

/** Runs the open loop and the closed loop against renkei (from `appDir`/dist) and the floor, on one database. */
export async function openLoopFor(provider: string, databaseUrl: string, o: OpenLoopOptions): Promise<{ rows: OpenLoopRow[]; capacity: CapacityRow[] }> {
  const config = benchConfig();
  const emu = await SlackEmulator.start();
  for (const u of benchUsers(config)) emu.addUser(u);
  emu.addMembers("general", emu.botUserId);
  // The seeded incidents' channels, with the bot in them, as in a workspace where renkei opened
  // them: reminders posted there (a report deadline's) are delivered, not retried as channel_not_found.
  const seeded = await Store.open(databaseUrl);
  try {
    for (const i of await seeded.db.incident.findMany({ where: { channelId: { not: null } }, select: { channelId: true, channelName: true } })) {
      emu.addChannel({ id: i.channelId!, name: i.channelName ?? i.channelId!.toLowerCase(), members: [emu.botUserId] });
    }
  } finally {
    await seeded.close();
  }
  const configFile = path.join(o.tmpDir, `renkei-${provider}.yml`);
  fs.writeFileSync(configFile, stringifyYaml(benchConfigInput()));
  const port = await freePort();
  const env = { ...process.env, NODE_ENV: "production", SLACK_BOT_TOKEN: emu.botToken, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: emu.apiUrl, PORT: String(port), DATABASE_URL: databaseUrl, RENKEI_CONFIG: configFile, LOG_LEVEL: "error" };
  const prof = cpuProfileFlags();
  const renkei = spawn(process.execPath, [...o.nodeFlags, ...prof, path.join(o.appDir, "dist/main.js")], { cwd: o.appDir, env, stdio: ["ignore", "ignore", "pipe"] });
  o.children.add(renkei);
  let renkeiErr = "";
  renkei.stderr!.on("data", (d) => (renkeiErr += String(d)));
  const floorProc = await spawnLine(process.execPath, ["--import", "tsx", "scripts/bench/floor-server.ts", SECRET, emu.apiUrl, emu.botToken], { cwd: o.root }, o.children);
  const floorPort = (JSON.parse(floorProc.line) as { port: number }).port;
  const store = await Store.open(databaseUrl);
  try {
    await until(async () => {
      if (renkei.exitCode !== null) throw new Error(`renkei (dist) exited (${renkei.exitCode}):\n${renkeiErr}`);
      return fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status > 0, () => false);
    }, "renkei (dist) answering /healthz", 60_000);
    const renkeiUrl = new URL(`http://127.0.0.1:${port}/slack/events`);
    const floorUrl = new URL(`http://127.0.0.1:${floorPort}/slack/events`);
    const settle = async () => {
      await until(async () => (await store.pendingEffectCount(new Date())) === 0, "renkei's effects delivered", 120_000);
    };
    const stack: ScenarioStack = { emu, driver: new SlackDriver({ emulator: emu, appUrl: renkeiUrl.toString(), signingSecret: SECRET }), store, settle };
    await settle(); // whatever start-up queued (today's missed digests)

    // Scenario data, through the app: A with Done tasks, B with an open consultation (PPC agreed).
    const refA = await registerIncident(stack, "Unauthorised access to the staff portal");
    const refB = await registerIncident(stack, "Misdirected e-mail with customer data");
    const decisionItems = ["joint_investigation", "sharing_results", "prior_notice_of_powers", "joint_alert"];
    const cardB = await propose(stack, refB, decisionItems);
    // Open tasks of PPC's liaison on B's channel, their cards posted by renkei: one per Done click
    // (on B, not A: `/renkei status` of A shows A's tasks, and should not show these).
    const incidentA = (await store.incidentByRef(refB))!;
    const perRate = o.rates.reduce((a, r) => a + requestsPerStep(r, o), 0) + o.rates.length * WARM_UP;
    const doneCount = perRate * o.latencies.length * 2 + (o.capacityRequests + WARM_UP) * 2 + 20;
    const now = new Date();
    for (let i = 0; i < doneCount; i += 200) {
      await store.transact(now, async (tx) => {
        for (let j = i; j < Math.min(doneCount, i + 200); j++) {
          const task = await tx.insertTask(incidentA.id, { dedupeKey: `bench-done:${j}`, kind: "cooperation_item", itemType: "joint_investigation", ownerParty: "ppc", assigneeUserId: ACTORS.ppcLiaison, params: { ref: refB }, dueAt: null });
          await tx.enqueue({ kind: "post_task", payload: { taskId: task.id }, dedupeKey: `post-task:${task.id}` });
        }
        await tx.audit({ actorUserId: "bench", actorParty: "ppc", article: null, action: "bench.tasks_added", entityType: "incident", entityId: incidentA.id, before: null, after: null });
      });
    }
    // renkei is woken by its own commits only: a click nudges it (refused privately, changes nothing).
    await stack.driver.slashCommand({ user: ACTORS.ppcStaff, text: "help" });
    await until(async () => (await store.db.task.count({ where: { incidentId: incidentA.id, status: "open", messageTs: { not: null }, dedupeKey: { startsWith: "bench-done:" } } })) === doneCount, `${doneCount} task cards posted`, 300_000);
    const doneTasks = (await store.db.task.findMany({ where: { incidentId: incidentA.id, dedupeKey: { startsWith: "bench-done:" } }, select: { channelId: true, messageTs: true } })).map((t) => ({ channel: t.channelId!, ts: t.messageTs! }));
    let nextDone = 0;
    o.log(`${provider}: open loop set up (${refA}, ${refB}, ${doneCount} task cards)`);

    const team = { id: emu.teamId, domain: emu.teamDomain };
    const general = emu.channel("general")!;
    const userJson = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: emu.teamId });
    const responseId = (url: string) => url.slice(url.indexOf("/response/") + "/response/".length);
    const slash = (text: string): { req: BenchRequest; match: Sent["match"] } => {
      const user = ACTORS.ppcStaff;
      const responseUrl = emu.createResponseUrl({ userId: user, channelId: general.id });
      const trigger = emu.registerTrigger(user);
      const form = {
        token: "emulator-verification-token", team_id: emu.teamId, team_domain: emu.teamDomain, channel_id: general.id, channel_name: general.name,
        user_id: user, user_name: user.toLowerCase(), command: "/renkei", text, api_app_id: emu.appId, is_enterprise_install: "false", response_url: responseUrl, trigger_id: trigger,
      };
      const id = responseId(responseUrl);
      const match: Sent["match"] = text === "new" ? (c) => c.method === "views.open" && c.args.trigger_id === trigger : (c) => c.method === "response_url" && c.args.response_url_id === id;
      return { req: { body: stringifyQuery(form), contentType: "application/x-www-form-urlencoded" }, match };
    };
    const button = (channel: string, ts: string, actionId: string, blockId?: string) => {
      for (const b of (emu.message(channel, ts)?.blocks ?? []) as Array<Record<string, any>>) {
        if (blockId && b.block_id !== blockId) continue;
        const els = [...(Array.isArray(b.elements) ? b.elements : []), ...(b.accessory ? [b.accessory] : [])];
        const el = els.find((e: Record<string, any>) => e.action_id === actionId);
        if (el) return { action_id: actionId, block_id: String(b.block_id ?? "emu-block"), value: String(el.value ?? ""), text: String(el.text?.text ?? "") };
      }
      throw new Error(`bench set-up: no ${actionId} button on ${channel}/${ts}`);
    };
    const click = (user: string, channel: string, ts: string, action: ReturnType<typeof button>, matchOf: (responseUrlId: string) => Sent["match"]): { req: BenchRequest; match: Sent["match"] } => {
      const responseUrl = emu.createResponseUrl({ userId: user, channelId: channel, messageTs: ts, isEphemeral: false });
      const payload = {
        type: "block_actions", user: userJson(user), api_app_id: emu.appId, token: "emulator-verification-token",
        container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false },
        trigger_id: emu.registerTrigger(user), team, enterprise: null, is_enterprise_install: false,
        channel: { id: channel, name: emu.channel(channel)?.name ?? "" }, message: emu.messageJson(emu.message(channel, ts)!), state: { values: {} },
        response_url: responseUrl,
        actions: [{ type: "button", action_id: action.action_id, block_id: action.block_id, text: { type: "plain_text", text: action.text, emoji: true }, value: action.value, action_ts: (Date.now() / 1000).toFixed(6) }],
      };
      return { req: { body: stringifyQuery({ payload: JSON.stringify(payload) }), contentType: "application/x-www-form-urlencoded" }, match: matchOf(responseId(responseUrl)) };
    };
    const decisionButtons = decisionItems.map((item) => button(cardB.channel, cardB.ts, "consult_agree", `consult_actions_${item}`));
    const doneButton = button(doneTasks[0]!.channel, doneTasks[0]!.ts, "task_done");
    const build = (scenario: OpenScenario, i: number): { req: BenchRequest; match: Sent["match"]; ackIsVisible: boolean } => {
      switch (scenario) {
        case "cmd_help":
          return { ...slash("help"), ackIsVisible: true };
        case "cmd_list":
          return { ...slash("list"), ackIsVisible: false };
        case "cmd_status":
          return { ...slash(`status ${refA}`), ackIsVisible: false };
        case "cmd_new":
          return { ...slash("new"), ackIsVisible: false };
        case "click_decision":
          return { ...click(ACTORS.ppcLiaison, cardB.channel, cardB.ts, decisionButtons[i % decisionButtons.length]!, (id) => (c) => c.method === "response_url" && c.args.response_url_id === id), ackIsVisible: false };
        case "click_done": {
          const t = doneTasks[nextDone++];
          if (!t) throw new Error("bench: out of task cards for Done clicks");
          const b = button(t.channel, t.ts, "task_done");
          return { ...click(ACTORS.ppcLiaison, t.channel, t.ts, { ...doneButton, value: b.value }, () => (c) => c.method === "chat.update" && c.args.ts === t.ts), ackIsVisible: false };
        }
      }
    };

    /** Sends `count` requests at `rate`/s (open loop), then waits for their visible outcomes. */
    const openLoop = async (url: URL, scenario: OpenScenario, rate: number, count: number) => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
      const callsBefore = emu.calls().length;
      const records: Sent[] = [];
      const inflight: Array<Promise<void>> = [];
      const t0 = Date.now() + 20;
      for (let i = 0; i < count; i++) {
        const wait = t0 + (i * 1000) / rate - Date.now();
        if (wait > 0) await sleep(wait);
        const b = build(scenario, i);
        const rec: Sent = { at: 0, ackAt: null, status: 0, error: false, match: b.match, ackIsVisible: b.ackIsVisible };
        records.push(rec);
        inflight.push(send(agent, url, b.req, rec));
      }
      await Promise.all(inflight);
      agent.destroy();
      const seen = new Map<Sent, number>();
      const deadline = Date.now() + 15_000;
      for (;;) {
        const calls = emu.calls().slice(callsBefore);
        for (const r of records) {
          if (seen.has(r) || r.ackIsVisible) continue;
          const c = calls.find((x) => r.match(x));
          if (c) seen.set(r, c.at);
        }
        if (records.every((r) => r.ackIsVisible || seen.has(r)) || Date.now() > deadline) break;
        await sleep(50);
      }
      // With RENKEI_BENCH_CPU_PROF: when the slowest request was sent, on the monotonic clock (µs) of the CPU profiles' samples.
      if (process.env.RENKEI_BENCH_CPU_PROF && count > WARM_UP) {
        const worst = records.reduce((w, r) => ((r.ackAt ?? Infinity) - r.at > (w.ackAt ?? Infinity) - w.at ? r : w), records[0]!);
        o.log(`open loop ${scenario} at ${rate}/s on ${url.port}: slowest acknowledgement ${(worst.ackAt ?? NaN) - worst.at} ms, sent at ${process.hrtime.bigint() / 1000n - BigInt(Math.round((preciseNow() - worst.at) * 1000))} µs`);
      }
      const acks = records.filter((r) => r.ackAt !== null && !r.error).map((r) => r.ackAt! - r.at);
      const visible = records.flatMap((r) => (r.ackIsVisible ? (r.ackAt !== null ? [r.ackAt - r.at] : []) : seen.has(r) ? [Math.max(0, seen.get(r)! - r.at)] : []));
      return { acks, visible, missing: records.length - visible.length, errors: records.filter((r) => r.error || (r.status !== 200 && r.status !== 0)).length };
    };

    /**
     * One step: `count` requests to each target in blocks of OPEN_BLOCK, the targets taking turns
     * (floor, renkei, renkei, floor, …), each block's effects delivered before the next: both see
     * the same phases of a machine whose speed drifts, where one run after the other compared one
     * target's quiet seconds with the other's busy ones.
     */
    const step = async (scenario: OpenScenario, rate: number, count: number): Promise<{ renkei: Measured; floor: Measured }> => {
      const samples = { renkei: { acks: [] as number[], visible: [] as number[], missing: 0, errors: 0 }, floor: { acks: [] as number[], visible: [] as number[], missing: 0, errors: 0 } };
      for (let sent = 0, block = 0; sent < count; sent += OPEN_BLOCK, block++) {
        const n = Math.min(OPEN_BLOCK, count - sent);
        const order = block % 2 === 0 ? (["floor", "renkei"] as const) : (["renkei", "floor"] as const);
        for (const target of order) {
          const r = await openLoop(target === "floor" ? floorUrl : renkeiUrl, scenario, rate, n);
          await settle();
          const into = samples[target];
          into.acks.push(...r.acks);
          into.visible.push(...r.visible);
          into.missing += r.missing;
          into.errors += r.errors;
        }
      }
      // A missing outcome counts as the worst: the percentiles do not improve by losing answers.
      const measured = (m: typeof samples.floor): Measured => ({ ack: pct(m.acks), visible: pct([...m.visible, ...Array<number>(m.missing).fill(Infinity)]), missing: m.missing, errors: m.errors });
      return { renkei: measured(samples.renkei), floor: measured(samples.floor) };
    };

    const rows: OpenLoopRow[] = [];
    for (const latencyMs of o.latencies) {
      emu.slowAnswers(latencyMs, { responseUrls: true });
      for (const rate of o.rates) {
        for (const s of OPEN_SCENARIOS.filter((x) => !o.scenarios || o.scenarios.includes(x.id))) {
          const count = requestsPerStep(rate, o);
          // Each target first answers a few of the same requests, untimed: the first of a kind pays
          // for code loaded and compiled on first use (both processes), not what a running bot costs.
          await openLoop(floorUrl, s.id, rate, WARM_UP);
          await openLoop(renkeiUrl, s.id, rate, WARM_UP);
          await settle();
          const { renkei: app, floor } = await step(s.id, rate, count);
          rows.push({ provider, latencyMs, rate, scenario: s.id, sent: count, renkei: app, floor });
          o.log(`${provider} ${latencyMs} ms Slack, ${rate}/s ${s.id}: visible p99 renkei ${app.visible.p99.toFixed(1)} / floor ${floor.visible.p99.toFixed(1)} ms, ack p99 ${app.ack.p99.toFixed(1)} / ${floor.ack.p99.toFixed(1)} ms${app.missing ? `, ${app.missing} missing` : ""}`);
        }
      }
    }
    emu.slowAnswers(0);

    // Closed loop: `capacityConcurrency` people each sending the next request once they have their
    // answer (the acknowledgement; for help it is the answer); capacity = visible outcomes ÷ time
    // until the last one was seen.
    const closed = async (url: URL, scenario: OpenScenario, pid: number | undefined) => {
      // The database server's backends on this database (PostgreSQL) and this process (the client and
      // the emulated Slack): with renkei's, what a request costs the machine.
      const serverPids = await databaseServerPids(store);
      const serverBefore = serverPids.reduce((a, p) => a + cpuMs(p), 0);
      const benchBefore = process.cpuUsage();
      const cpuBefore = cpuMs(pid);
      const window0 = process.hrtime.bigint() / 1000n;
      const agent = new http.Agent({ keepAlive: true, maxSockets: o.capacityConcurrency });
      const callsBefore = emu.calls().length;
      const records: Sent[] = [];
      let issued = 0;
      const started = preciseNow();
      await Promise.all(Array.from({ length: o.capacityConcurrency }, async () => {
        while (issued < o.capacityRequests) {
          const b = build(scenario, issued++);
          const rec: Sent = { at: 0, ackAt: null, status: 0, error: false, match: b.match, ackIsVisible: b.ackIsVisible };
          records.push(rec);
          await send(agent, url, b.req, rec);
        }
      }));
      agent.destroy();
      let last = 0;
      let missing = 0;
      await until(async () => {
        const calls = emu.calls().slice(callsBefore);
        missing = 0;
        last = 0;
        for (const r of records) {
          const at = r.ackIsVisible ? (r.ackAt !== null && !r.error && r.status === 200 ? r.ackAt : undefined) : calls.find((x) => r.match(x))?.at;
          if (at !== undefined) last = Math.max(last, at);
          else missing++;
        }
        return missing === 0;
      }, `every outcome of the closed loop (${scenario}) seen`, 120_000).catch(() => undefined);
      await sleep(300); // background completions and Home rebuilds of the last clicks
      // With RENKEI_BENCH_CPU_PROF: the loop's time window on the monotonic clock (µs) of the CPU profiles' samples.
      if (process.env.RENKEI_BENCH_CPU_PROF) o.log(`closed loop ${scenario} on ${url.port}: profile window ${window0}–${process.hrtime.bigint() / 1000n} µs`);
      const n = Math.max(1, records.length - missing);
      const cpu = (cpuMs(pid) - cpuBefore) / n;
      const bench = process.cpuUsage(benchBefore);
      const benchCpu = (bench.user + bench.system) / 1000 / n;
      const serverCpu = serverPids.length ? (serverPids.reduce((a, p) => a + cpuMs(p), 0) - serverBefore) / n : NaN;
      return { perS: (records.length - missing) / ((last - started) / 1000), ackP99: pct(records.filter((r) => r.ackAt).map((r) => r.ackAt! - r.at)).p99, missing, cpu, serverCpu, benchCpu };
    };
    const capacity: CapacityRow[] = [];
    for (const s of OPEN_SCENARIOS.filter((x) => !o.scenarios || o.scenarios.includes(x.id))) {
      await openLoop(floorUrl, s.id, 50, WARM_UP);
      await openLoop(renkeiUrl, s.id, 50, WARM_UP);
      await settle();
      const floorCap = await closed(floorUrl, s.id, floorProc.child.pid);
      await settle();
      const appCap = await closed(renkeiUrl, s.id, renkei.pid);
      await settle();
      o.log(`${provider} closed loop ${s.id} (${o.capacityRequests} requests, ${o.capacityConcurrency} at a time): renkei ${appCap.perS.toFixed(0)}/s, floor ${floorCap.perS.toFixed(0)}/s (visible outcomes); CPU per request renkei ${appCap.cpu.toFixed(2)} ms, floor ${floorCap.cpu.toFixed(2)} ms${Number.isFinite(appCap.serverCpu) ? `, PostgreSQL's backends ${appCap.serverCpu.toFixed(2)} ms` : ""}, client and emulated Slack ${appCap.benchCpu.toFixed(2)} / ${floorCap.benchCpu.toFixed(2)} ms${appCap.missing ? `, ${appCap.missing} missing` : ""}`);
      capacity.push({ provider, scenario: s.id, requests: o.capacityRequests, concurrency: o.capacityConcurrency, renkeiPerS: appCap.perS, floorPerS: floorCap.perS, renkeiAckP99: appCap.ackP99, floorAckP99: floorCap.ackP99, missing: appCap.missing, renkeiCpuMs: appCap.cpu, floorCpuMs: floorCap.cpu });
    }
    return { rows, capacity };
  } catch (e) {
    // What renkei said before it failed (its stderr is otherwise not shown).
    if (renkei.exitCode !== null || renkeiErr) o.log(`renkei (exit ${renkei.exitCode}) stderr:\n${renkeiErr.slice(-4000)}`);
    throw e;
  } finally {
    await store.close();
    await stopChild(renkei, o.children);
    await stopChild(floorProc.child, o.children);
    await emu.stop();
  }
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : "∞");
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "∞");
const ratio = (a: number, b: number) => (Number.isFinite(a) && b > 0 ? `${(a / b).toFixed(2)}×` : "—");

/** The markdown section for the open loop and the Done capacity. */
export function renderOpenLoop(rows: OpenLoopRow[], capacity: CapacityRow[], seconds: number, minRequests: number): string {
  const out: string[] = [];
  out.push("## Open loop: what people see at 20 and 50 requests/s");
  out.push("");
  out.push(`Requests are sent at a fixed rate whatever the answers (an open loop, ${seconds} s per rate, scenario and target, and at least ${minRequests} requests, so that a p99 is not simply the slowest request or the one after it; sent in blocks of ${OPEN_BLOCK}, the two targets taking turns, so that both meet the same phases of the machine), signed like Slack's, to renkei started from its build (\`node dist/main.js\`, a process of its own, its schedules on) and to **the floor**: a bare Bolt app (\`scripts/bench/floor-server.ts\`, its own process) that acknowledges and makes the same one Web API call. Both use one Slack emulator; with *100 ms* every Web API call and every response_url post is applied and answered 100 ms late. *Visible* is from sending the request to the moment the emulated Slack applied the outcome (an answer missing after 15 s counts as infinite); *ack* is the HTTP answer. Milliseconds (timed to the microsecond: both ends are clocks of the bench's process), nearest-rank percentiles; target: visible p99 ≤ 1.5× the floor's, ack p99 ≤ 1.2×.`);
  out.push("");
  out.push("| database | Slack latency | rate | scenario | visible outcome | renkei visible p50 / p99 | floor visible p50 / p99 | visible p99 ÷ floor | renkei ack p99 | floor ack p99 | ack p99 ÷ floor | missing |");
  out.push("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const s = OPEN_SCENARIOS.find((x) => x.id === r.scenario)!;
    const okV = visibleMet(r);
    const okA = ackMet(r);
    out.push(`| ${r.provider === "sqlite" ? "SQLite" : "PostgreSQL"} | ${r.latencyMs} ms | ${r.rate}/s | ${s.label} | ${s.outcome} | ${f1(r.renkei.visible.p50)} / ${f1(r.renkei.visible.p99)} | ${f1(r.floor.visible.p50)} / ${f1(r.floor.visible.p99)} | ${okV ? "" : "**"}${ratio(r.renkei.visible.p99, r.floor.visible.p99)}${okV ? "" : "**"} | ${f1(r.renkei.ack.p99)} | ${f1(r.floor.ack.p99)} | ${okA ? "" : "**"}${ratio(r.renkei.ack.p99, r.floor.ack.p99)}${okA ? "" : "**"} | ${r.renkei.missing || ""} |`);
  }
  out.push("");
  out.push("Bold: the target missed. The floor's acknowledgement at these rates is ~1–3 ms, so the ack ratio is sensitive to a single slow request on a shared machine.");
  out.push("");
  out.push("## Closed loop: how much one process delivers");
  out.push("");
  out.push(`The same requests and visible outcomes, now sent by ${capacity[0]?.concurrency ?? 50} people at a time, each sending the next one as soon as the previous is acknowledged (${capacity[0]?.requests ?? 0} per scenario and target), with no Slack latency. *Per second* counts visible outcomes (the card updated, the answer posted, the modal opened) up to the moment the last of them was seen, so work queued behind the acknowledgements counts. *CPU per request* is the user and system time the process used during the loop (and 300 ms after, for work the loop left behind) divided by the requests: what one request costs whatever else the machine is doing. Target: every scenario at least ${LOOP_TARGETS.capacityShare * 100}% of the floor's rate, and Done at least ${LOOP_TARGETS.doneCapacity}/s including its card update.`);
  out.push("");
  out.push("| database | scenario | visible outcome | renkei /s | floor /s | renkei ÷ floor | CPU per request, renkei / floor | renkei ack p99 | floor ack p99 | missing | target |");
  out.push("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const c of capacity) {
    const s = OPEN_SCENARIOS.find((x) => x.id === c.scenario)!;
    out.push(`| ${c.provider === "sqlite" ? "SQLite" : "PostgreSQL"} | ${s.label} | ${s.outcome} | ${f0(c.renkeiPerS)} | ${f0(c.floorPerS)} | ${((c.renkeiPerS / c.floorPerS) * 100).toFixed(0)}% | ${c.renkeiCpuMs.toFixed(2)} / ${c.floorCpuMs.toFixed(2)} ms | ${f1(c.renkeiAckP99)} | ${f1(c.floorAckP99)} | ${c.missing || ""} | ${capacityMet(c) ? "met" : "**missed**"} |`);
  }
  out.push("");
  return out.join("\n");
}

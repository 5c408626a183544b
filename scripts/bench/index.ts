// `npm run bench [-- --quick]`: the open and closed loops (renkei from its build vs a bare Bolt
// floor making the same one Web API call), sweeps at scale and start-up, on the embedded SQLite and on PostgreSQL. Prints the tables and writes
// docs/benchmarks.md. Everything it starts it stops; temporary files and databases are removed.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { SlackEmulator } from "../../emulator";
import { applyMigrations } from "../../src/store/migrate";
import { cpuProfileFlags, freePort, median } from "./load";
import { renderReport, type Report, type StartupRow, type SweepRow } from "./report";
import { benchConfig, openWriter, OPEN_TASK_SHARE, seedScale, type SeedSummary } from "./seed";
import type { SweepMeasurement } from "./sweeps-child";
import { openLoopFor, renderOpenLoop } from "./open-loop";
import { execFileSync } from "node:child_process";
import { bundle } from "../build.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const QUICK = process.argv.includes("--quick");
const PG_ADMIN = process.env.RENKEI_BENCH_PG_URL ?? process.env.RENKEI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const PROVIDERS = (process.env.RENKEI_BENCH_DATABASES ?? (QUICK ? "sqlite" : "sqlite,postgres")).split(",").map((s) => s.trim()) as Array<"sqlite" | "postgres">;
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
/** Which parts run: open (the open and the closed loop), sweeps, startup. */
const SECTIONS = new Set((arg("sections") ?? "open,sweeps,startup").split(",").map((x) => x.trim()));
const ALL_SECTIONS = ["open", "sweeps", "startup"].every((x) => SECTIONS.has(x));
/** The renkei build the open loop starts (`<dir>/dist/main.js`): default this repository, built first. */
const APP_DIR = path.resolve(arg("app") ?? process.env.RENKEI_BENCH_APP_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", ".."));

const P = {
  runs: 1,
  /** The closed loop: people at a time, requests per scenario and target. */
  concurrency: 50,
  capacityRequests: QUICK ? 200 : 400,
  backgroundIncidents: QUICK ? 100 : 1000,
  scales: arg("scales") ? arg("scales")!.split(",").map(Number) : QUICK ? [100, 1000] : [10_000, 50_000],
  /** Runs of each sweep, each in a fresh process: the time is their median, the peak RSS their highest. */
  sweepRuns: Number(arg("sweep-runs") ?? (QUICK ? 1 : 3)),
  openRates: (arg("rates") ?? "20,50").split(",").map(Number),
  openLatencies: (arg("latencies") ?? "0,100").split(",").map(Number),
  openSeconds: Number(arg("seconds") ?? (QUICK ? 2 : 4)),
  /** At least this many requests per open-loop step and target (at 20/s: 10 s): a nearest-rank p99 of 200 is the third slowest, not the second. */
  openMinRequests: QUICK ? 20 : 200,
  tasksPerIncident: 10,
  members: 500,
  startupRuns: QUICK ? 1 : 3,
  idleMs: 2000,
};


const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Temporary databases
// ---------------------------------------------------------------------------------------------

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-bench-"));
const pgDatabases: string[] = [];
const children = new Set<ChildProcess>();

function pgUrl(db: string): string {
  const u = new URL(PG_ADMIN);
  u.pathname = `/${db}`;
  return u.toString();
}

async function pgAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_ADMIN });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function createDatabase(provider: "sqlite" | "postgres", name: string, opts: { migrate?: boolean } = {}): Promise<string> {
  let url: string;
  if (provider === "sqlite") {
    url = `file:${path.join(tmpDir, `${name}.db`)}`;
  } else {
    const db = `renkei_bench_${process.pid}_${name}`;
    await pgAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${db}`);
      await c.query(`CREATE DATABASE ${db}`);
    });
    pgDatabases.push(db);
    url = pgUrl(db);
  }
  if (opts.migrate !== false) await applyMigrations(url);
  return url;
}

async function dropDatabase(url: string): Promise<void> {
  if (url.startsWith("file:")) {
    const file = url.slice("file:".length);
    for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    return;
  }
  const db = new URL(url).pathname.slice(1);
  await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  pgDatabases.splice(pgDatabases.indexOf(db), 1);
}

async function cleanup(): Promise<void> {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  for (const db of [...pgDatabases]) await pgAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`)).catch(() => undefined);
  fs.rmSync(tmpDir, { recursive: true, force: true });
}

/**
 * The Node options `npm start` runs renkei with (package.json's start script, between `node` and
 * `dist/main.js`): the bench measures renkei as it runs in production.
 */
function startNodeFlags(appDir: string = ROOT): string[] {
  const start = (JSON.parse(fs.readFileSync(path.join(appDir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start ?? "";
  const m = /(?:^|\s)node\s+(.*?)\s*dist\/main\.js/.exec(start);
  if (!m) throw new Error(`bench: package.json's start script does not run node … dist/main.js: ${start}`);
  return m[1]!.split(/\s+/).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// 2. Sweeps at scale
// ---------------------------------------------------------------------------------------------

function runChild(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The sweeps child compiled as `npm run build` compiles the app (`bundle` of scripts/build.mjs: one
 * esbuild bundle of our code, packages from node_modules, each provider's client its own chunk),
 * so its memory is what a sweep costs in production (`npm start`, `npm run job`), not under tsx.
 * Written to the checkout's dist/bench (the bundle resolves its packages from the checkout's node_modules).
 * Returns the bundle's path.
 */
async function buildSweepsChild(appDir: string): Promise<string> {
  const outdir = path.join(appDir, "dist/bench");
  await bundle(await import("esbuild"), { workingDir: appDir, entryPoints: { "sweeps-child": "scripts/bench/sweeps-child.ts" }, outdir });
  return path.join(outdir, "sweeps-child.js");
}

/** The checkouts whose sweeps child runs (`--sweep-apps=a,b`: runs alternate between them on the same seeded database, for before/after). */
const SWEEP_APPS = (arg("sweep-apps") ?? APP_DIR).split(",").map((d) => path.resolve(d));

/** Which sweeps run (`--sweep-modes=reminders,digest`; default all four). */
const SWEEP_MODES = (arg("sweep-modes") ?? "reminder-read,reminders,reminders-again,digest").split(",") as Array<SweepRow["mode"]>;

async function sweepsFor(provider: "sqlite" | "postgres"): Promise<{ rows: SweepRow[]; seeds: Array<SeedSummary & { provider: string }> }> {
  const rows: SweepRow[] = [];
  const seeds: Array<SeedSummary & { provider: string }> = [];
  const config = benchConfig(P.members);
  const bundles = new Map<string, string>();
  for (const app of SWEEP_APPS) bundles.set(app, await buildSweepsChild(app));
  const label = (app: string) => (SWEEP_APPS.length > 1 ? ` [${path.basename(app)}]` : "");
  for (const scale of P.scales) {
    const url = await createDatabase(provider, `sweeps_${scale}`);
    try {
      const seed = await seedScale(url, config, { incidents: scale, tasksPerIncident: P.tasksPerIncident });
      seeds.push({ ...seed, provider });
      log(`${provider} seeded ${scale} incidents, ${seed.tasks} tasks (${seed.openTasks} open), ${seed.effects} effects in ${seed.ms} ms`);
      for (const mode of SWEEP_MODES) {
        const runs: SweepMeasurement[] = [];
        for (let run = 1; run <= P.sweepRuns; run++) {
          for (const app of SWEEP_APPS) {
            // Each run starts from the seeded state: no reminder queued yet today.
            const w = await openWriter(url);
            await w.exec(`DELETE FROM "Effect" WHERE "kind" IN ('send_reminder', 'send_reminders')`);
            await w.exec(`DELETE FROM "ReminderSent"`);
            await w.exec(`DELETE FROM "ReminderSentDigest"`);
            // What the deletes left, cleared as autovacuum would between two business days.
            if (provider === "postgres") await w.exec(`VACUUM "ReminderSent", "ReminderSentDigest", "Effect"`);
            await w.close();
            // With the Node options of the app's `npm start`: the scheduled sweeps run in the bot's process.
            const res = await runChild([...startNodeFlags(app), ...cpuProfileFlags(), bundles.get(app)!, mode, url]);
            if (res.code !== 0) throw new Error(`sweeps child ${mode} failed:\n${res.stderr}`);
            const m = JSON.parse(res.stdout.trim().split("\n").pop()!) as SweepMeasurement;
            if (app === SWEEP_APPS[0]) runs.push(m);
            log(`${provider} ${scale} ${mode} run ${run}${label(app)}: ${m.ms.toFixed(0)} ms, ${m.queries} queries, ${m.produced} produced, RSS before ${m.rssBeforeMb.toFixed(0)} MB, peak RSS ${m.peakRssMb.toFixed(0)} MB`);
          }
        }
        rows.push({
          provider,
          incidents: scale,
          mode,
          ms: median(runs.map((r) => r.ms)),
          queries: median(runs.map((r) => r.queries)),
          produced: median(runs.map((r) => r.produced)),
          rssBeforeMb: median(runs.map((r) => r.rssBeforeMb)),
          peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
        });
      }
    } finally {
      await dropDatabase(url);
    }
  }
  return { rows, seeds };
}

// ---------------------------------------------------------------------------------------------
// 3. Start-up
// ---------------------------------------------------------------------------------------------

const procStatus = (pid: number, field: string): number => {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;
  } catch {
    return NaN;
  }
};

function descendants(pid: number): number[] {
  let kids: number[] = [];
  try {
    kids = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return kids.flatMap((k) => [k, ...descendants(k)]);
}


async function startupOnce(url: string, emu: SlackEmulator): Promise<{ ms: number; appRssMb: number; appRssFileMb: number; treeRssMb: number }> {
  const port = await freePort();
  const env = {
    ...process.env,
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_SIGNING_SECRET: "bench-signing-secret",
    SLACK_API_URL: emu.apiUrl,
    PORT: String(port),
    DATABASE_URL: url,
    RENKEI_CONFIG: path.join(ROOT, "renkei.example.yml"),
    LOG_LEVEL: "warn",
  };
  const t0 = performance.now();
  // What `npm start` runs once built (without npm itself): node dist/main.js.
  const child = spawn(process.execPath, [...startNodeFlags(), path.join(ROOT, "dist/main.js")], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  let ms = NaN;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`renkei exited during start-up (${child.exitCode}):\n${stderr}`);
      if (performance.now() - t0 > 60_000) throw new Error(`renkei did not answer /healthz within 60 s:\n${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) {
        ms = performance.now() - t0;
        break;
      }
      await sleep(10);
    }
    await sleep(P.idleMs);
    const pids = [child.pid!, ...descendants(child.pid!)];
    const rss = pids.map((p) => procStatus(p, "VmRSS"));
    // One process (no transpiler, no launcher): app and tree are the same unless it spawned children.
    // RssFile: pages mapped from files (the node binary with its ICU data, shared libraries), shared with other processes.
    return { ms, appRssMb: rss[0]!, appRssFileMb: procStatus(child.pid!, "RssFile"), treeRssMb: rss.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0) };
  } finally {
    const exited = new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
    children.delete(child);
  }
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function startupFor(provider: "sqlite" | "postgres", url: string, emu: SlackEmulator): Promise<StartupRow> {
  const runs: Array<{ ms: number; appRssMb: number; appRssFileMb: number; treeRssMb: number }> = [];
  for (let i = 0; i < P.startupRuns; i++) {
    const r = await startupOnce(url, emu);
    runs.push(r);
    log(`${provider} start-up run ${i + 1}: /healthz after ${r.ms.toFixed(0)} ms, idle RSS ${r.appRssMb.toFixed(0)} MB (${r.appRssFileMb.toFixed(0)} MB of it mapped from files; tree ${r.treeRssMb.toFixed(0)} MB)`);
  }
  const migrate: number[] = [];
  // The release step (`node dist/cli/migrate.js`) with nothing to apply, as a process of its own.
  const releaseStep = () =>
    new Promise<void>((resolve, reject) =>
      spawn(process.execPath, [path.join(ROOT, "dist/cli/migrate.js")], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" }).on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`dist/cli/migrate.js exited with ${code}`)),
      ),
    );
  for (let i = 0; i < P.startupRuns; i++) migrate.push(await timeIt(releaseStep));
  // On an empty database: start-up applies the shipped migrations first.
  const fresh: number[] = [];
  for (let i = 0; i < P.startupRuns; i++) {
    const empty = await createDatabase(provider, `startup_fresh_${i}`, { migrate: false });
    try {
      const r = await startupOnce(empty, emu);
      fresh.push(r.ms);
      log(`${provider} start-up on an empty database ${i + 1}: /healthz after ${r.ms.toFixed(0)} ms`);
    } finally {
      await dropDatabase(empty);
    }
  }
  const nodeBoot: number[] = [];
  for (let i = 0; i < P.startupRuns; i++) nodeBoot.push(await timeIt(() => new Promise((r) => spawn(process.execPath, ["-e", "0"], { cwd: ROOT, stdio: "ignore" }).on("close", r))));
  return {
    provider,
    ms: median(runs.map((r) => r.ms)),
    runsMs: runs.map((r) => r.ms),
    freshMs: median(fresh),
    appRssMb: median(runs.map((r) => r.appRssMb)),
    appRssFileMb: median(runs.map((r) => r.appRssFileMb)),
    treeRssMb: median(runs.map((r) => r.treeRssMb)),
    migrateMs: median(migrate),
    nodeBootMs: median(nodeBoot),
  };
}

// ---------------------------------------------------------------------------------------------

function machine(): Report["machine"] {
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  return { cpu: model, cores: os.cpus().length, memoryGb: os.totalmem() / 1024 ** 3, node: process.version, os: `${os.type()} ${os.release()}` };
}

async function postgresVersion(): Promise<string> {
  return pgAdmin(async (c) => (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version);
}

async function main(): Promise<void> {
  const started = Date.now();
  const report: Report = {
    quick: QUICK,
    date: new Date().toISOString(),
    machine: machine(),
    postgres: PROVIDERS.includes("postgres") ? await postgresVersion() : null,
    params: { ...P, openTaskShare: OPEN_TASK_SHARE },
    open: [],
    capacity: [],
    sweeps: [],
    seeds: [],
    startup: [],
    durationS: 0,
  };
  const startupDbs = new Map<string, string>();
  if (SECTIONS.has("open")) {
    if (APP_DIR === ROOT) {
      log("building renkei (npm run build)");
      execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    }
    for (const provider of PROVIDERS) {
      log(`${provider}: open loop (renkei from ${path.relative(process.cwd(), APP_DIR) || "."}/dist)`);
      const url = await createDatabase(provider, "openloop");
      await seedScale(url, benchConfig(P.members), { incidents: P.backgroundIncidents, tasksPerIncident: P.tasksPerIncident });
      const r = await openLoopFor(provider, url, { appDir: APP_DIR, root: ROOT, tmpDir, rates: P.openRates, latencies: P.openLatencies, seconds: P.openSeconds, minRequests: P.openMinRequests, capacityRequests: P.capacityRequests, capacityConcurrency: P.concurrency, nodeFlags: startNodeFlags(APP_DIR), children, log, ...(arg("scenarios") ? { scenarios: arg("scenarios")!.split(",") } : {}) });
      report.open.push(...r.rows);
      report.capacity.push(...r.capacity);
      await dropDatabase(url);
    }
  }
  for (const provider of SECTIONS.has("sweeps") ? PROVIDERS : []) {
    log(`${provider}: sweeps at scale`);
    const { rows, seeds } = await sweepsFor(provider);
    report.sweeps.push(...rows);
    report.seeds.push(...seeds);
  }
  if (SECTIONS.has("startup")) {
    if (!SECTIONS.has("open") || APP_DIR !== ROOT) {
      log("building renkei (npm run build)");
      execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    }
    const emu = await SlackEmulator.start();
    try {
      for (const provider of PROVIDERS) {
        log(`${provider}: start-up`);
        let url = startupDbs.get(provider);
        if (!url) {
          url = await createDatabase(provider, "startup");
          startupDbs.set(provider, url);
        }
        report.startup.push(await startupFor(provider, url, emu));
      }
    } finally {
      await emu.stop();
    }
  }
  for (const url of startupDbs.values()) await dropDatabase(url);
  report.durationS = (Date.now() - started) / 1000;

  const open = report.open.length ? renderOpenLoop(report.open, report.capacity, P.openSeconds, P.openMinRequests) : "";
  if (!ALL_SECTIONS) {
    const sweepTable = report.sweeps.length
      ? ["## Sweeps", "", "| database | incidents | sweep | time | queries | produced | peak RSS |", "|---|---:|---|---:|---:|---:|---:|", ...report.sweeps.map((r) => `| ${r.provider} | ${r.incidents} | ${r.mode} | ${r.ms.toFixed(0)} ms | ${r.queries} | ${r.produced} | ${r.peakRssMb.toFixed(0)} MB |`), ""].join("\n")
      : "";
    const partial = [open, sweepTable].filter(Boolean).join("\n");
    process.stdout.write(`${partial}\n`);
    const out = arg("out");
    if (out) fs.writeFileSync(out, `# Benchmark (${[...SECTIONS].join(", ")}${QUICK ? ", quick" : ""})\n\n- **Date:** ${report.date}\n- **Machine:** ${report.machine.cpu}, ${report.machine.cores} cores; load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")}\n- **renkei:** ${APP_DIR}\n- **Duration:** ${(report.durationS / 60).toFixed(1)} min\n\n${partial}`);
    log(`partial run (${[...SECTIONS].join(", ")}): docs/benchmarks.md left as it is${out ? `; wrote ${out}` : ""}`);
    return;
  }
  const rendered = renderReport(report, open);
  const table = `${rendered.table}\n\n${open}`;
  const markdown = rendered.markdown;
  process.stdout.write(`${table}\n`);
  if (QUICK) {
    log("quick run: docs/benchmarks.md left as it is (run without --quick to update it)");
  } else {
    fs.mkdirSync(path.join(ROOT, "docs"), { recursive: true });
    fs.writeFileSync(path.join(ROOT, "docs/benchmarks.md"), markdown);
    log("wrote docs/benchmarks.md");
  }
}

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(cleanup)
  .then(
    () => process.exit(0),
    async (e: unknown) => {
      if (interrupted) return;
      process.stderr.write(`bench failed: ${(e as Error)?.stack ?? String(e)}\n`);
      await cleanup().catch(() => undefined);
      process.exit(1);
    },
  );

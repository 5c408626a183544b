// Renders the benchmark's figures: a plain table for the terminal and docs/benchmarks.md.
import { ackMet, capacityMet, LOOP_TARGETS, OPEN_SCENARIOS, visibleMet, type CapacityRow, type OpenLoopRow } from "./open-loop";
import type { SeedSummary } from "./seed";

export type SweepRow = { provider: string; incidents: number; mode: "reminder-read" | "reminders" | "reminders-again" | "digest"; ms: number; queries: number; produced: number; rssBeforeMb: number; peakRssMb: number };
export type StartupRow = { provider: string; ms: number; runsMs: number[]; freshMs: number; appRssMb: number; appRssFileMb: number; treeRssMb: number; migrateMs: number; nodeBootMs: number };

export type Report = {
  quick: boolean;
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; os: string };
  postgres: string | null;
  params: { runs: number; sweepRuns: number; concurrency: number; capacityRequests: number; backgroundIncidents: number; scales: number[]; tasksPerIncident: number; members: number; startupRuns: number; idleMs: number; openTaskShare: number };
  /** The open loop (section 1) and the closed loop (section 2). */
  open: OpenLoopRow[];
  capacity: CapacityRow[];
  sweeps: SweepRow[];
  seeds: Array<SeedSummary & { provider: string }>;
  startup: StartupRow[];
  durationS: number;
};

export const TARGETS = { sweepMs: 1000, sweepMsAt50k: 3000, sweepRssMb: 300, startupMs: 1000, freshStartupMs: 2000, idleRssMb: 120 };

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");
const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");
const ok = (met: boolean) => (met ? "met" : "**missed**");
const okPlain = (met: boolean) => (met ? "met" : "MISSED");
const dbName = (p: string) => (p === "sqlite" ? "SQLite" : "PostgreSQL");
const modeName: Record<SweepRow["mode"], string> = {
  "reminder-read": "reminder sweep, read only (snapshot + rule)",
  reminders: "reminder sweep (`runReminderSweep`, queues effects)",
  "reminders-again": "the same sweep again, the same day (everything queued already)",
  digest: "digest build, every manager",
};

function pad(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")).join("\n");
}

function mdTable(head: string[], rows: string[][], align?: string[]): string {
  return [`| ${head.join(" | ")} |`, `|${(align ?? head.map((_, i) => (i === 0 ? "---" : "---:"))).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

const scenarioLabel = (id: string) => OPEN_SCENARIOS.find((x) => x.id === id)?.label ?? id;
const startupMet = (s: StartupRow) => s.ms < TARGETS.startupMs && s.freshMs < TARGETS.freshStartupMs && s.appRssMb < TARGETS.idleRssMb;
/** Issue 14: < 1 s at 10,000 incidents, < 3 s at 50,000 (with peak RSS < 300 MB). */
const sweepTargetMs = (incidents: number) => (incidents > 10_000 ? TARGETS.sweepMsAt50k : TARGETS.sweepMs);
const sweepMet = (s: SweepRow) => s.ms < sweepTargetMs(s.incidents) && s.peakRssMb < TARGETS.sweepRssMb;

/** `open`: the open and closed loops' markdown section (renderOpenLoop), placed first. */
export function renderReport(r: Report, open: string): { table: string; markdown: string } {
  const largest = Math.max(...r.params.scales);
  const smallest = Math.min(...r.params.scales);

  // ---- terminal ----
  const t: string[] = [];
  t.push(`renkei benchmark${r.quick ? " (quick)" : ""} — ${r.date} — ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}`);
  t.push("");
  t.push(`1. Closed loop (${r.params.capacityRequests} requests per scenario, ${r.params.concurrency} at a time): visible outcomes per second; the open loop's table follows`);
  t.push(
    pad([
      ["db", "scenario", "renkei/s", "floor/s", "share", "target"],
      ...r.capacity.map((c) => [dbName(c.provider), scenarioLabel(c.scenario).replace(/`/g, ""), f0(c.renkeiPerS), f0(c.floorPerS), `${((c.renkeiPerS / c.floorPerS) * 100).toFixed(0)}%`, okPlain(capacityMet(c))]),
    ]),
  );
  t.push("");
  t.push(`2. Sweeps (${r.params.members} members, ${r.params.tasksPerIncident} tasks per incident, time the median of ${r.params.sweepRuns} runs, peak RSS the highest)`);
  t.push(
    pad([
      ["db", "incidents", "sweep", "ms", "queries", "produced", "RSS before MB", "peak RSS MB", "target"],
      ...r.sweeps.map((s) => [dbName(s.provider), f0(s.incidents), s.mode, f0(s.ms), f0(s.queries), f0(s.produced), f0(s.rssBeforeMb), f0(s.peakRssMb), okPlain(sweepMet(s))]),
    ]),
  );
  t.push("");
  t.push(`3. Start-up (node dist/main.js to /healthz 200; RSS after ${r.params.idleMs / 1000} s idle; median of ${r.params.startupRuns})`);
  t.push(
    pad([
      ["db", "to /healthz ms", "empty db (migrations applied) ms", "release step alone ms", "app RSS MB", "process tree RSS MB", "target"],
      ...r.startup.map((s) => [dbName(s.provider), f0(s.ms), f0(s.freshMs), f0(s.migrateMs), f0(s.appRssMb), f0(s.treeRssMb), okPlain(startupMet(s))]),
    ]),
  );
  t.push("");
  t.push(`total ${r.durationS.toFixed(0)} s`);

  // ---- markdown ----
  const m: string[] = [];
  m.push("# Benchmarks");
  m.push("");
  m.push("Generated by `npm run bench` (`scripts/bench/`); do not edit by hand — run it again. Issue 14's before/after figures: [benchmarks-before-after.md](benchmarks-before-after.md).");
  m.push("");
  m.push(`- **Date:** ${r.date}${r.quick ? " (quick run: smaller figures, not comparable)" : ""}`);
  m.push(`- **Machine:** ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb.toFixed(1)} GB RAM, ${r.machine.os}`);
  m.push(`- **Software:** Node ${r.machine.node}, Prisma 6.19 (query compiler + driver adapters), better-sqlite3 12 (embedded SQLite)${r.postgres ? `, PostgreSQL ${r.postgres} on 127.0.0.1` : ""}`);
  m.push(`- **Duration of the whole run:** ${(r.durationS / 60).toFixed(1)} min`);
  m.push("");
  m.push("```sh");
  m.push("npm run bench              # full run (this file): builds renkei, open and closed loops, sweeps at 10k/50k, start-up");
  m.push("npm run bench -- --quick   # smoke run: SQLite only, 2 s per open-loop step, smaller seed; does not write this file");
  m.push("npm run bench -- --sections=open --out=open.md       # only some parts (open, sweeps, startup), written to a file of your own");
  m.push("npm run bench -- --sections=open --app=../other-checkout   # the open and closed loops against another build (its dist/main.js), e.g. before/after");
  m.push("# --rates=20,50 --latencies=0,100 --scenarios=click_done,cmd_list narrow the open loop; RENKEI_BENCH_CPU_PROF=<dir> profiles renkei (RENKEI_BENCH_CPU_PROF_INTERVAL=<µs> samples more often)");
  m.push("npm run bench -- --sections=sweeps --scales=50000 --sweep-modes=reminders --sweep-runs=3 --sweep-apps=../before,.   # sweeps: runs alternate between checkouts on one seeded database");
  m.push("# PostgreSQL: RENKEI_BENCH_PG_URL (default RENKEI_TEST_PG_URL, then postgres://postgres@127.0.0.1:5432/test);");
  m.push("# it creates and drops renkei_bench_* databases. RENKEI_BENCH_DATABASES=sqlite runs SQLite only.");
  m.push("```");
  m.push("");

  // summary
  m.push("## Targets");
  m.push("");
  const summary: string[][] = [];
  for (const p of [...new Set(r.open.map((x) => x.provider))]) {
    const rows = r.open.filter((x) => x.provider === p);
    const name = (x: OpenLoopRow) => `${scenarioLabel(x.scenario)}, ${x.rate}/s, ${x.latencyMs} ms`;
    const worstV = rows.reduce((a, b) => (b.renkei.visible.p99 / b.floor.visible.p99 > a.renkei.visible.p99 / a.floor.visible.p99 ? b : a));
    const worstA = rows.reduce((a, b) => (b.renkei.ack.p99 / b.floor.ack.p99 > a.renkei.ack.p99 / a.floor.ack.p99 ? b : a));
    summary.push([dbName(p), `open loop: visible p99 ≤ ${LOOP_TARGETS.visibleRatio}× floor`, `${rows.filter(visibleMet).length} of ${rows.length} met; worst ${(worstV.renkei.visible.p99 / worstV.floor.visible.p99).toFixed(2)}× (${name(worstV)})`, ok(rows.every(visibleMet))]);
    summary.push([dbName(p), `open loop: ack p99 ≤ ${LOOP_TARGETS.ackRatio}× floor`, `${rows.filter(ackMet).length} of ${rows.length} met; worst ${(worstA.renkei.ack.p99 / worstA.floor.ack.p99).toFixed(2)}× (${name(worstA)})`, ok(rows.every(ackMet))]);
  }
  for (const p of [...new Set(r.capacity.map((x) => x.provider))]) {
    const rows = r.capacity.filter((x) => x.provider === p);
    const done = rows.find((x) => x.scenario === "click_done");
    if (done) summary.push([dbName(p), `closed loop: Done ≥ ${LOOP_TARGETS.doneCapacity}/s incl. its card update`, `${f0(done.renkeiPerS)}/s`, ok(done.renkeiPerS >= LOOP_TARGETS.doneCapacity && done.missing === 0)]);
    const worst = rows.reduce((a, b) => (b.renkeiPerS / b.floorPerS < a.renkeiPerS / a.floorPerS ? b : a));
    summary.push([dbName(p), `closed loop: every scenario ≥ ${LOOP_TARGETS.capacityShare * 100}% of the floor's rate`, `worst ${((worst.renkeiPerS / worst.floorPerS) * 100).toFixed(0)}% (${scenarioLabel(worst.scenario)}: ${f0(worst.renkeiPerS)} vs ${f0(worst.floorPerS)}/s)`, ok(rows.every((x) => x.missing === 0 && x.renkeiPerS >= LOOP_TARGETS.capacityShare * x.floorPerS))]);
  }
  for (const p of [...new Set(r.sweeps.map((x) => x.provider))]) {
    for (const mode of ["reminders", "digest"] as const) {
      const s = r.sweeps.find((x) => x.provider === p && x.mode === mode && x.incidents === largest);
      if (!s) continue;
      for (const scale of r.params.scales) {
        const at = r.sweeps.find((x) => x.provider === p && x.mode === mode && x.incidents === scale);
        if (at) summary.push([dbName(p), `${mode === "reminders" ? "reminder sweep" : "digests"} < ${sweepTargetMs(scale) / 1000} s at ${f0(scale)} incidents`, `${(at.ms / 1000).toFixed(2)} s`, ok(at.ms < sweepTargetMs(scale))]);
      }
      summary.push([dbName(p), `${mode === "reminders" ? "reminder sweep" : "digests"} peak RSS < ${TARGETS.sweepRssMb} MB`, `${f0(s.peakRssMb)} MB`, ok(s.peakRssMb < TARGETS.sweepRssMb)]);
      const small = r.sweeps.find((x) => x.provider === p && x.mode === mode && x.incidents === smallest);
      if (small && mode === "digest") summary.push([dbName(p), "digest queries do not grow with incidents", `${f0(small.queries)} at ${f0(smallest)} → ${f0(s.queries)} at ${f0(largest)}`, ok(s.queries <= small.queries * 1.05)]);
      if (small && mode === "reminders") {
        const read = r.sweeps.find((x) => x.provider === p && x.mode === "reminder-read" && x.incidents === largest);
        const perRow = (s.queries - (read?.queries ?? 0)) / Math.max(1, s.produced);
        summary.push([dbName(p), "reminder sweep: no query per row", `${f0(small.queries)} at ${f0(smallest)} → ${f0(s.queries)} at ${f0(largest)} (${perRow.toFixed(3)} per reminder queued)`, ok(perRow < 0.5)]);
      }
    }
  }
  for (const s of r.startup) {
    summary.push([dbName(s.provider), `start-up < ${TARGETS.startupMs / 1000} s`, `${(s.ms / 1000).toFixed(2)} s`, ok(s.ms < TARGETS.startupMs)]);
    summary.push([dbName(s.provider), `start-up on an empty database < ${TARGETS.freshStartupMs / 1000} s`, `${(s.freshMs / 1000).toFixed(2)} s`, ok(s.freshMs < TARGETS.freshStartupMs)]);
    summary.push([dbName(s.provider), `idle RSS < ${TARGETS.idleRssMb} MB`, `${f0(s.appRssMb)} MB`, ok(s.appRssMb < TARGETS.idleRssMb)]);
  }
  m.push(mdTable(["database", "target", "measured (median)", ""], summary, ["---", "---", "---:", "---"]));
  m.push("");
  m.push("Why the missed ones are missed, with figures, is under [Findings](#findings).");
  m.push("");

  // 1. the open and closed loops
  if (open) m.push(open);

  // 2. sweeps
  m.push("## 2. Sweeps at scale");
  m.push("");
  m.push(
    `Each database is seeded with raw multi-row inserts (\`scripts/bench/seed.ts\`, deterministic): incidents spread over ten years, half of them still open (one in five of those a cooperation case); ${r.params.tasksPerIncident} tasks per incident (tasks of closed incidents done, ${Math.round(r.params.openTaskShare * 100)}% of an open incident's tasks open, due between 30 days ago and 30 days ahead); one consultation per ten incidents (half of those of open incidents still open, awaiting the other party); a planned exercise of powers per hundred incidents; two audit entries per incident plus 100 in the last day; one delivered effect per task and 30 days of delivered digests per manager. ${r.params.members} members in a generated \`renkei.yml\` (\`parseRenkeiConfig\`): per party 25 managers, 25 liaison officers, 200 staff, so 50 digests.`,
  );
  m.push("");
  m.push(mdTable(["database", "incidents", "open", "tasks", "open tasks", "consultations (open)", "audit entries", "effects", "seeded in"], r.seeds.map((s) => [dbName(s.provider), f0(s.incidents), f0(s.openIncidents), f0(s.tasks), f0(s.openTasks), `${f0(s.consultations)} (${f0(s.openConsultations)})`, f0(s.auditEntries), f0(s.effects), `${(s.ms / 1000).toFixed(1)} s`])));
  m.push("");
  m.push(
    `Each sweep is run ${r.params.sweepRuns} times: the time shown is the median, the peak RSS the highest. ` +
      "Each run is a process of its own (`scripts/bench/sweeps-child.ts`, compiled by esbuild as `npm run build` compiles the app and run with `node`, as production runs a sweep in `dist/main.js` or `npm run job`: no transpiler in its memory) that opens the store over a Prisma client with query events (`log: [{ emit: \"event\", level: \"query\" }]`, one event per SQL statement sent through the driver adapter), puts SQLite in write-ahead-log mode and pings the database (as the bot does at start-up), and then times one sweep with the clock fixed at a Wednesday 11:00 in Tokyo. *Queries* counts statements; *peak RSS* is the process's `VmHWM` (so it includes what Node, the Prisma client with its query-compiler WASM module and the configuration take before the sweep starts, shown as *RSS before*). Before each run the reminders recorded as sent (`ReminderSent`, `ReminderSentDigest`) and the reminder messages queued are deleted, so every reminder sweep starts with nothing reminded of today.",
  );
  m.push("");
  m.push("- **reminder sweep, read only**: `reminderSnapshot` + `dueReminders` — what the sweep reads and decides.");
  m.push("- **reminder sweep**: `runReminderSweep(ctx)` — the same, then recording each reminder's key as sent and queuing one message per recipient (`store.recordReminders`, one transaction); delivery is not included.");
  m.push("- **the same sweep again**: in one process, run once (not measured), then 20 s of quiet (the default schedule runs a sweep every 15 minutes, 08:00–20:00; a quiet process's garbage is returned by V8's memory reducer meanwhile) and the peak RSS reset (`/proc/self/clear_refs`), then measured: what the day's other sweeps cost in the bot's process, every reminder already queued. *RSS before* is what the process holds after the first sweep and the quiet.");
  m.push("- **digest build**: for every manager what the `send_digest` effect computes (`src/slack/effects/scheduled.ts`): `lastDigestAt`, `digestRows`, `buildDigest` and the Block Kit message — without the Slack calls.");
  m.push("");
  m.push(
    mdTable(
      ["database", "incidents", "sweep", "time", "queries", "reminders / digests", "RSS before", "peak RSS", "target (< 2 s, < 300 MB)"],
      r.sweeps.map((s) => [dbName(s.provider), f0(s.incidents), modeName[s.mode], `${f0(s.ms)} ms`, f0(s.queries), f0(s.produced), `${f0(s.rssBeforeMb)} MB`, `${f0(s.peakRssMb)} MB`, s.mode === "reminder-read" ? "(part of the sweep)" : ok(sweepMet(s))]),
    ),
  );
  m.push("");

  // 3. start-up
  m.push("## 3. Start-up");
  m.push("");
  m.push(
    `\`node dist/main.js\` with the Node options of \`npm start\` (what it runs once built, without npm) is spawned with the emulator's token and API URL, \`RENKEI_CONFIG=renkei.example.yml\` and \`DATABASE_URL\` of an existing, already-migrated database (created and migrated for this section); \`/healthz\` is polled every 10 ms from the spawn. *Empty database*: the same on a database created empty just before, so start-up applies the shipped migrations first. The release step (\`node dist/cli/migrate.js\`) with nothing to apply is timed on its own. RSS is read from \`/proc/<pid>/status\` after ${r.params.idleMs / 1000} s idle (one process: no transpiler, no launcher).`,
  );
  m.push("");
  m.push(
    mdTable(
      ["database", "to /healthz", "each run", "empty database (migrations applied)", "release step alone", "`node -e 0`", "app RSS (idle)", "of it mapped from files", "process tree RSS", `target (< ${TARGETS.startupMs / 1000} s, empty < ${TARGETS.freshStartupMs / 1000} s, < ${TARGETS.idleRssMb} MB)`],
      r.startup.map((s) => [dbName(s.provider), `${f0(s.ms)} ms`, s.runsMs.map(f0).join(" / "), `${f0(s.freshMs)} ms`, `${f0(s.migrateMs)} ms`, `${f0(s.nodeBootMs)} ms`, `${f0(s.appRssMb)} MB`, `${f0(s.appRssFileMb)} MB`, `${f0(s.treeRssMb)} MB`, ok(startupMet(s))]),
    ),
  );
  m.push("");

  m.push("## Findings");
  m.push("");
  m.push(...findings(r, smallest, largest));
  m.push("");
  return { table: t.join("\n"), markdown: m.join("\n") };
}

function findings(r: Report, smallest: number, largest: number): string[] {
  const out: string[] = [];
  const sweep = (p: string, mode: SweepRow["mode"], n: number) => r.sweeps.find((s) => s.provider === p && s.mode === mode && s.incidents === n);
  const providers = [...new Set(r.sweeps.map((x) => x.provider))];

  // the open and closed loops
  const missedOpen = r.open.filter((x) => !visibleMet(x) || !ackMet(x));
  if (r.open.length > 0) {
    out.push(
      missedOpen.length === 0
        ? `- **Open loop: met** in all ${r.open.length} cases (visible p99 ≤ ${LOOP_TARGETS.visibleRatio}× and ack p99 ≤ ${LOOP_TARGETS.ackRatio}× the floor's).`
        : `- **Open loop: missed in ${missedOpen.length} of ${r.open.length} cases:** ${missedOpen
            .map((x) => `${dbName(x.provider)} ${scenarioLabel(x.scenario)} at ${x.rate}/s with ${x.latencyMs} ms Slack latency (${[!visibleMet(x) ? `visible p99 ${f0(x.renkei.visible.p99)} vs ${f0(x.floor.visible.p99)} ms` : "", !ackMet(x) ? `ack p99 ${f1(x.renkei.ack.p99)} vs ${f1(x.floor.ack.p99)} ms` : ""].filter(Boolean).join(", ")})`)
            .join("; ")}. With no Slack latency the floor's p99 is a few milliseconds, so one request that waits behind another's database work or a garbage collection misses the ratio; with 100 ms of Slack latency the same work is hidden behind Slack's own time.`,
    );
  }
  const missedCap = r.capacity.filter((c) => !capacityMet(c));
  if (r.capacity.length > 0) {
    out.push(
      missedCap.length === 0
        ? `- **Closed loop: met.** Every scenario delivers at least ${LOOP_TARGETS.capacityShare * 100}% of the floor's rate, and Done at least ${LOOP_TARGETS.doneCapacity}/s with its card update.`
        : `- **Closed loop: missed in ${missedCap.length} of ${r.capacity.length} cases:** ${missedCap.map((c) => `${dbName(c.provider)} ${scenarioLabel(c.scenario)} ${f0(c.renkeiPerS)}/s = ${((c.renkeiPerS / c.floorPerS) * 100).toFixed(0)}% of the floor's ${f0(c.floorPerS)}/s${c.missing ? ` (${c.missing} outcomes missing)` : ""}`).join("; ")}. The floor makes the one Web API call and nothing else; renkei authorises the member, reads (and for Done writes, audits and queues) in its database, renders the Block Kit answer and, for Done, also rebuilds the clicker's App Home — all on the same event loop as the next requests.`,
    );
  }

  // sweeps
  for (const p of providers) {
    const rem = sweep(p, "reminders", largest);
    const remSmall = sweep(p, "reminders", smallest);
    const read = sweep(p, "reminder-read", largest);
    const readSmall = sweep(p, "reminder-read", smallest);
    if (rem && read && remSmall && readSmall) {
      const perReminder = (rem.queries - read.queries) / Math.max(1, rem.produced);
      const batched = perReminder < 0.5;
      out.push(
        `- **Reminder sweep on ${dbName(p)}: ${rem.ms < sweepTargetMs(largest) ? `time met (${(rem.ms / 1000).toFixed(2)} s for ${f0(rem.produced)} reminders at ${f0(largest)} incidents)` : `missed by ${((rem.ms - sweepTargetMs(largest)) / 1000).toFixed(1)} s (${(rem.ms / 1000).toFixed(1)} s for ${f0(rem.produced)} reminders at ${f0(largest)} incidents)`}; ${batched ? `no query per row (${f0(remSmall.queries)} statements at ${f0(smallest)} incidents, ${f0(rem.queries)} at ${f0(largest)})` : `a query per row: ${f0(remSmall.queries)} statements at ${f0(smallest)} incidents, ${f0(rem.queries)} at ${f0(largest)}`}.** ` +
          `The read half is a fixed number of queries (${f0(readSmall.queries)} at ${f0(smallest)} incidents, ${f0(read.queries)} at ${f0(largest)}: the reads of \`reminderSnapshot\`, the open tasks, report deadlines and consultations' positions on the driver without the Prisma client) and takes ${f0(read.ms)} ms with the rule. ` +
          (batched
            ? `Recording is batched (\`store.recordReminders\`: one INSERT of keys per slice of up to 5,000 rows of the snapshot, ${p === "postgres" ? "each key's 64-bit digest, the digests as one bigint[] parameter" : "the keys as one JSON parameter"}, then one message per recipient queued in bulk, all in one transaction): ${perReminder.toFixed(3)} statements per reminder, so the count grows in steps of a slice with the number of due reminders — which, in a database that grows, grows with it — and not by one query per reminder.`
            : `Queuing awaits one Prisma \`upsert\` per reminder, ${perReminder.toFixed(1)} statements each (SELECT by \`dedupeKey\`, INSERT, SELECT of the new row, COMMIT), so the sweep's queries and time grow with the number of due reminders. Batch it (one \`INSERT … ON CONFLICT DO NOTHING\` per few hundred rows).`),
      );
    }
    const dig = sweep(p, "digest", largest);
    const digSmall = sweep(p, "digest", smallest);
    if (dig && digSmall) {
      out.push(
        `- **Digests on ${dbName(p)}: queries ${dig.queries <= digSmall.queries * 1.05 ? `do not grow (${f0(digSmall.queries)} at ${f0(smallest)} incidents, ${f0(dig.queries)} at ${f0(largest)}: about ${(dig.queries / Math.max(1, dig.produced)).toFixed(0)} per manager)` : `grow: ${f0(digSmall.queries)} at ${f0(smallest)} incidents → ${f0(dig.queries)} at ${f0(largest)}, in a step, not per row — Prisma loads the positions of the open consultations' items with \`IN (…)\` lists of at most 999 parameters on SQLite, so a second query per manager appears once more than 999 items are open (PostgreSQL's limit is higher)`}; time ${dig.ms < sweepTargetMs(largest) ? "met" : `missed by ${((dig.ms - sweepTargetMs(largest)) / 1000).toFixed(1)} s (${(dig.ms / 1000).toFixed(1)} s for ${f0(dig.produced)} managers, ${f0(dig.ms / Math.max(1, dig.produced))} ms each)`}.** ` +
          `A party's rows — open incidents (up to 500), open consultations with their items and positions, up to 200 of the party's tasks, open normal-times activities with their records and the Art. 7 warnings — are read once per sweep minute and shared by its managers (\`partyRows\` in src/store/sweeps.ts). The changes (up to 500 audit entries and the incidents and tasks they name) are read once per sweep and each digest keeps those after its manager's last digest, found by its keys: about one query per manager.`,
      );
    }
    const peak = Math.max(...r.sweeps.filter((s) => s.provider === p && s.mode !== "reminder-read" && s.incidents === largest).map((s) => s.peakRssMb));
    if (Number.isFinite(peak) && peak >= TARGETS.sweepRssMb) {
      const before = sweep(p, "digest", largest)?.rssBeforeMb ?? NaN;
      out.push(
        `- **Peak RSS of the sweeps on ${dbName(p)}: missed by ${f0(peak - TARGETS.sweepRssMb)} MB (${f0(peak)} MB).** About ${f0(before)} MB is there before the sweep starts (Node, the compiled bundle, the Prisma client with its query-compiler WASM module, the configuration); the rest is the rows read, the reminders computed a slice at a time (digests: domain objects and Block Kit) and each statement's text, garbage V8 lets grow before a full collection.`,
      );
    }
  }

  // start-up
  for (const s of r.startup) {
    const met = s.ms < TARGETS.startupMs;
    out.push(
      `- **Start-up on ${dbName(s.provider)}: ${met ? `met (${(s.ms / 1000).toFixed(2)} s)` : `missed by ${((s.ms - TARGETS.startupMs) / 1000).toFixed(2)} s (${(s.ms / 1000).toFixed(2)} s)`}; on an empty database ${s.freshMs < TARGETS.freshStartupMs ? `met (${(s.freshMs / 1000).toFixed(2)} s)` : `missed (${(s.freshMs / 1000).toFixed(2)} s against ${TARGETS.freshStartupMs / 1000} s)`}.** \`npm start\` applies the shipped migrations in its own process (\`src/store/migrate.ts\`) when \`_prisma_migrations\` lacks one: the second figure. The release step (\`node dist/cli/migrate.js\`), a process of its own finding nothing to apply, takes ${f0(s.migrateMs)} ms. Starting Node itself costs ${f0(s.nodeBootMs)} ms (\`node -e 0\`); the rest is loading the bundle, Bolt, the Prisma client, reading \`_prisma_migrations\` and \`auth.test\`.`,
    );
    out.push(
      `- **Idle RSS on ${dbName(s.provider)}: ${s.appRssMb < TARGETS.idleRssMb ? `met (${f0(s.appRssMb)} MB)` : `missed by ${f0(s.appRssMb - TARGETS.idleRssMb)} MB (${f0(s.appRssMb)} MB)`}**, the app's one Node process (the built bundle; no transpiler), run as \`npm start\` runs it (with its Node options and no source maps: README, Build and run). ${f0(s.appRssFileMb)} MB of it are pages mapped from files — mostly the node binary itself with its ICU data (the time-zone and Japanese date formatting touch it), shared with any other Node process on the machine; the rest is V8's heap (the loaded code of Bolt, Prisma's client and its query-compiler WASM module, renkei) and the allocator's.`,
    );
  }
  out.push("");
  out.push("No figure here is part of any test's pass/fail; the tests stay deterministic.");
  return out;
}

// Bulk seeding for the benchmark: years of incidents, their tasks, consultations, records, audit
// entries and delivered effects, written with createMany in batches (no use case, no Slack), and
// the 500-member renkei configuration the benchmark runs with. Deterministic (seeded PRNG).
import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { parseRenkeiConfig, type RenkeiConfig } from "../../src/config/renkei-config";
import { parseDatabaseUrl } from "../../src/config/database-url";

/** The benchmark's fixed "now" for sweeps: a Wednesday, 11:00 in Tokyo, not a holiday. */
export const BENCH_NOW = new Date("2026-11-25T02:00:00Z");

const DAY = 86_400_000;
/** Share of an open incident's tasks still open. */
export const OPEN_TASK_SHARE = 0.1;
const ROLES_PER_PARTY = { managers: 25, liaisons: 25 };

/** Member IDs of a party: the first 25 are managers, the next 25 liaisons, the rest staff. */
export function memberId(party: "ppc" | "nisc", i: number): string {
  return `U${party.toUpperCase()}${String(i).padStart(4, "0")}`;
}

export const ACTORS = {
  ppcManager: memberId("ppc", 0),
  ppcLiaison: memberId("ppc", ROLES_PER_PARTY.managers),
  ppcStaff: memberId("ppc", ROLES_PER_PARTY.managers + ROLES_PER_PARTY.liaisons),
  niscLiaison: memberId("nisc", ROLES_PER_PARTY.managers),
  niscStaff: memberId("nisc", ROLES_PER_PARTY.managers + ROLES_PER_PARTY.liaisons),
} as const;

function roleOf(i: number): "manager" | "liaison" | "staff" {
  if (i < ROLES_PER_PARTY.managers) return "manager";
  if (i < ROLES_PER_PARTY.managers + ROLES_PER_PARTY.liaisons) return "liaison";
  return "staff";
}

/** renkei.yml content with `members` people split evenly between the two parties. */
export function benchConfigInput(members = 500): Record<string, unknown> {
  const per = Math.floor(members / 2);
  const party = (id: "ppc" | "nisc") => ({ members: Array.from({ length: per }, (_, i) => ({ user: memberId(id, i), roles: [roleOf(i)] })) });
  return { profile: "ppc-nisc-2023", locale: "ja", timezone: "Asia/Tokyo", parties: { ppc: party("ppc"), nisc: party("nisc") } };
}

export function benchConfig(members = 500): RenkeiConfig {
  return parseRenkeiConfig(benchConfigInput(members), "benchmark config");
}

export function benchUsers(config: RenkeiConfig): Array<{ id: string; name: string }> {
  return config.directory.all().map((m) => ({ id: m.userId, name: m.userId.toLowerCase() }));
}

/** mulberry32: a small deterministic PRNG, so every run seeds the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = (kind: string, n: number) => {
  const h = createHash("sha1").update(`${kind}:${n}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const hex = (kind: string, n: number) => createHash("sha256").update(`${kind}:${n}`).digest("hex");
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export type SeedSpec = { incidents: number; tasksPerIncident: number; now?: Date };
export type SeedSummary = {
  incidents: number;
  openIncidents: number;
  tasks: number;
  openTasks: number;
  consultations: number;
  openConsultations: number;
  itemRecords: number;
  auditEntries: number;
  effects: number;
  ms: number;
};

type Row = Record<string, unknown>;

/**
 * Raw multi-row inserts straight through the drivers (Prisma's createMany seeds 300,000 rows in
 * minutes on SQLite; this takes seconds). Values are stored the way Prisma's adapters store them:
 * SQLite DateTime as ISO text with "+00:00", booleans as 0/1.
 */
export type RowWriter = { insert(table: string, rows: Row[]): Promise<void>; exec(sql: string): Promise<void>; close(): Promise<void> };

export async function openWriter(url: string): Promise<RowWriter> {
  const target = parseDatabaseUrl(url);
  if (target.provider === "sqlite") {
    const db = new Database(target.filePath);
    db.pragma("busy_timeout = 5000");
    const sqliteValue = (v: unknown) => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : typeof v === "boolean" ? (v ? 1 : 0) : v);
    return {
      async insert(table, rows) {
        if (rows.length === 0) return;
        const cols = Object.keys(rows[0]!);
        const stmt = db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
        db.transaction(() => {
          for (const r of rows) stmt.run(cols.map((c) => sqliteValue(r[c] ?? null)));
        })();
      },
      async exec(sql) {
        db.exec(sql);
      },
      async close() {
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  return {
    async insert(table, rows) {
      if (rows.length === 0) return;
      const cols = Object.keys(rows[0]!);
      const per = Math.floor(30_000 / cols.length);
      await client.query("BEGIN");
      for (let i = 0; i < rows.length; i += per) {
        const batch = rows.slice(i, i + per);
        const values: unknown[] = [];
        const tuples = batch.map((r) => `(${cols.map((c) => (values.push(r[c] ?? null), `$${values.length}`)).join(", ")})`);
        await client.query(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`, values);
      }
      await client.query("COMMIT");
    },
    async exec(sql) {
      await client.query(sql);
    },
    async close() {
      await client.end();
    },
  };
}

/**
 * Seeds `incidents` incidents over the ten years before `now` (half of them still open, one in
 * five of those a cooperation case), `tasksPerIncident` tasks each (tasks of closed incidents
 * are done; 10% of an open incident's tasks are open, due between 30 days ago and 30 days
 * ahead), one consultation per ten incidents (half of those of open incidents still open,
 * awaiting the other party), a planned exercise of powers per hundred incidents, two audit
 * entries per incident (plus 100 in the last day) and one delivered effect per task plus 30 days
 * of delivered digests per manager.
 */
export async function seedScale(databaseUrl: string, config: RenkeiConfig, spec: SeedSpec): Promise<SeedSummary> {
  const started = Date.now();
  const w = await openWriter(databaseUrl);
  const now = spec.now ?? BENCH_NOW;
  const rand = prng(20260325 + spec.incidents);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const members = { ppc: config.directory.membersOf("ppc").map((m) => m.userId), nisc: config.directory.membersOf("nisc").map((m) => m.userId) };
  const parties = ["ppc", "nisc"] as const;
  const span = 10 * 365 * DAY;

  const incidents: Record<string, unknown>[] = [];
  const refSeq = new Map<number, number>();
  const open: boolean[] = [];
  for (let i = 0; i < spec.incidents; i++) {
    const createdAt = new Date(now.getTime() - span + Math.floor(((i + 1) / spec.incidents) * (span - DAY)));
    const year = createdAt.getUTCFullYear();
    const seq = (refSeq.get(year) ?? 0) + 1;
    refSeq.set(year, seq);
    const isOpen = i % 2 === 1;
    open.push(isOpen);
    const party = pick([...parties]);
    const awareAt = new Date(createdAt.getTime() - DAY);
    incidents.push({
      id: uuid("incident", i),
      ref: `${year - 10}-${String(seq).padStart(4, "0")}`, // years before any the app allocates
      title: `Benchmark incident ${i}`,
      state: isOpen ? (i % 10 === 1 ? "cooperation_case" : "open") : "closed",
      reporterName: `Reporter ${i % 97}`,
      reporterCategory: 1 + (i % 4),
      supervisingAgency: `Agency ${i % 31}`,
      personalData: "yes",
      awareAt,
      appiRegime: i % 3 === 0 ? "art68" : "art26",
      unlawfulPurposeSuspected: i % 7 === 0,
      affectedCount: 100 + (i % 5000),
      specialCareData: i % 11 === 0,
      financialRiskData: i % 13 === 0,
      summary: "Records were read by an unknown party. ".repeat(3),
      providedByAdminBody: false,
      preliminaryDueAt: new Date(awareAt.getTime() + 5 * DAY),
      finalDueAt: new Date(awareAt.getTime() + 30 * DAY),
      createdByUserId: pick(members[party]),
      createdByParty: party,
      channelId: `CBENCH${String(i).padStart(6, "0")}`,
      channelName: `inc-bench-${i}`,
      channelStatus: "ready",
      summaryTs: `${Math.floor(createdAt.getTime() / 1000)}.000100`,
      createdAt,
      updatedAt: createdAt,
    });
  }
  await w.insert("Incident", incidents);

  const items = ["joint_investigation", "sharing_results", "prior_notice_of_powers", "joint_alert", "overseas_cooperation", "technical_advice"];
  const tasks: Record<string, unknown>[] = [];
  const effects: Record<string, unknown>[] = [];
  const openTaskIds: Array<{ id: string; party: string }> = [];
  let n = 0;
  for (let i = 0; i < spec.incidents; i++) {
    const inc = incidents[i]!;
    const createdAt = inc.createdAt as Date;
    for (let k = 0; k < spec.tasksPerIncident; k++, n++) {
      const owner = pick([...parties]);
      const isOpen = open[i]! && rand() < OPEN_TASK_SHARE;
      const dueAt = isOpen ? new Date(now.getTime() + Math.floor((rand() * 2 - 1) * 30 * DAY)) : new Date(createdAt.getTime() + 7 * DAY);
      const id = uuid("task", n);
      if (isOpen) openTaskIds.push({ id, party: owner });
      tasks.push({
        id,
        dedupeKey: `bench:${n}`,
        incidentId: inc.id,
        kind: "cooperation_item",
        itemType: items[k % items.length],
        ownerParty: owner,
        assigneeUserId: pick(members[owner]),
        params: JSON.stringify({ ref: inc.ref, requester: owner, need: "Benchmark need." }),
        dueAt,
        status: isOpen ? "open" : "done",
        doneByUserId: isOpen ? null : pick(members[owner]),
        doneAt: isOpen ? null : dueAt,
        channelId: inc.channelId,
        messageTs: `${Math.floor(createdAt.getTime() / 1000)}.${String(200 + k).padStart(6, "0")}`,
        createdAt,
        updatedAt: createdAt,
      });
      effects.push({
        id: uuid("effect", n),
        dedupeKey: `task-card:${id}:v1`,
        kind: "refresh_task_card",
        payload: JSON.stringify({ taskId: id }),
        status: "done",
        attempts: 1,
        runAfter: createdAt,
        createdAt,
        updatedAt: createdAt,
      });
    }
  }
  await w.insert("Task", tasks);

  const consultations: Record<string, unknown>[] = [];
  const consultationItems: Record<string, unknown>[] = [];
  const positions: Record<string, unknown>[] = [];
  let openConsultations = 0;
  for (let i = 0; i < spec.incidents; i += 10) {
    const inc = incidents[i + 1] ?? incidents[i]!; // odd indexes are the open incidents
    const idx = incidents[i + 1] ? i + 1 : i;
    const isOpen = open[idx]! && (i / 10) % 2 === 0;
    if (isOpen) openConsultations++;
    const proposer = pick([...parties]);
    const other = proposer === "ppc" ? "nisc" : "ppc";
    const contactedAt = isOpen ? new Date(now.getTime() - Math.floor(rand() * 30 * DAY)) : (inc.createdAt as Date);
    const cid = uuid("consultation", i);
    consultations.push({
      id: cid,
      incidentId: inc.id,
      round: 1,
      proposedByParty: proposer,
      proposedByUserId: members[proposer][ROLES_PER_PARTY.managers]!,
      impactOnDuties: "Two staff for a week.",
      status: isOpen ? "open" : "concluded",
      outcome: isOpen ? null : "cooperate",
      contactedAt,
      concludedAt: isOpen ? null : contactedAt,
      channelId: inc.channelId,
      cardTs: `${Math.floor(contactedAt.getTime() / 1000)}.000300`,
      createdAt: contactedAt,
      updatedAt: contactedAt,
    });
    for (const [j, itemType] of ["joint_investigation", "sharing_results"].entries()) {
      const itemId = uuid(`citem${j}`, i);
      consultationItems.push({ id: itemId, consultationId: cid, itemType, need: "We need the other party." });
      for (const party of isOpen ? [proposer] : [proposer, other]) {
        positions.push({ id: uuid(`position${j}${party}`, i), consultationItemId: itemId, party, position: "agree", decidedByUserId: members[party as "ppc" | "nisc"][ROLES_PER_PARTY.managers]!, decidedAt: contactedAt });
      }
    }
  }
  await w.insert("Consultation", consultations);
  await w.insert("ConsultationItem", consultationItems);
  await w.insert("Position", positions);

  const records: Record<string, unknown>[] = [];
  for (let r = 0; r < Math.max(1, Math.floor(spec.incidents / 100)) && openTaskIds.length > 0; r++) {
    const task = openTaskIds[Math.floor(rand() * openTaskIds.length)]!;
    records.push({
      id: uuid("record", r),
      taskId: task.id,
      kind: "power_notice",
      party: task.party,
      byUserId: members[task.party as "ppc" | "nisc"][ROLES_PER_PARTY.managers]!,
      data: JSON.stringify({ kind: "report_request", plannedDate: isoDay(new Date(now.getTime() + Math.floor((rand() * 10 - 3) * DAY))), note: "" }),
      status: "planned",
      createdAt: now,
      updatedAt: now,
    });
  }
  await w.insert("ItemRecord", records);

  const audit: Record<string, unknown>[] = [];
  let prev = "0".repeat(64);
  const auditAt: Date[] = [];
  for (let i = 0; i < spec.incidents; i++) {
    auditAt.push(incidents[i]!.createdAt as Date, new Date((incidents[i]!.createdAt as Date).getTime() + 3 * DAY));
  }
  for (let j = 0; j < 100; j++) auditAt.push(new Date(now.getTime() - DAY + j * 600_000));
  auditAt.sort((a, b) => a.getTime() - b.getTime());
  for (const [j, at] of auditAt.entries()) {
    const inc = incidents[j % spec.incidents]!;
    const hash = hex("audit", j);
    audit.push({
      at,
      actorUserId: inc.createdByUserId,
      actorParty: inc.createdByParty,
      article: "4(2)",
      action: j % 2 ? "incident.updated" : "incident.registered",
      entityType: "incident",
      entityId: inc.id,
      before: null,
      after: JSON.stringify({ ref: inc.ref }),
      prevHash: prev,
      contentHash: hex("content", j),
      hash,
    });
    prev = hash;
  }
  await w.insert("AuditEntry", audit);

  // Delivered digests of the last 30 days, so each manager's "since" is found among many effects.
  const managers = config.directory.all().filter((m) => m.roles.includes("manager"));
  for (let d = 1; d <= 30; d++) {
    const at = new Date(now.getTime() - d * DAY);
    for (const m of managers) {
      effects.push({ id: uuid(`digest${d}`, effects.length), dedupeKey: `digest:${m.userId}:${isoDay(at)}`, kind: "send_digest", payload: JSON.stringify({ userId: m.userId, party: m.party, day: isoDay(at) }), status: "done", attempts: 1, runAfter: at, createdAt: at, updatedAt: at });
    }
  }
  await w.insert("Effect", effects);

  // A database that grew to this size over years has been vacuumed and checkpointed by
  // PostgreSQL's background workers long since; one loaded in a minute has not, and autovacuum
  // and the checkpointer would then run over the first measurements (a sweep read 1.2 s in one
  // run and 1.5 s in the next). Done here, once, as they would have done it.
  if (parseDatabaseUrl(databaseUrl).provider === "postgres") {
    await w.exec("VACUUM (ANALYZE)");
    await w.exec("CHECKPOINT");
  }
  await w.close();
  return {
    incidents: incidents.length,
    openIncidents: open.filter(Boolean).length,
    tasks: tasks.length,
    openTasks: openTaskIds.length,
    consultations: consultations.length,
    openConsultations,
    itemRecords: records.length,
    auditEntries: audit.length,
    effects: effects.length,
    ms: Date.now() - started,
  };
}

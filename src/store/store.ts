// Persistence behind one small module. Every state change runs in `transact`: one database
// transaction that also appends one hash-chained audit entry and enqueues the Slack side effects
// to run after the commit. Listeners and domain code never see Prisma.
//
// Lookups use findFirst, not findUnique: Prisma 6.19's query compiler batches findUnique calls
// made in the same tick into one `IN` query and fails on it ("Argument `in` is missing"), which
// concurrent Slack requests would hit. findFirst on a unique column is the same query, unbatched.
import { randomUUID } from "node:crypto";
import { auditHash, auditHashAround, contentHashOf, GENESIS_HASH, type AuditRecord, type ChainedAuditRecord } from "../domain/audit";
import type { Incident, IncidentListItem } from "../domain/incident";
import type { NewTask, Task } from "../domain/tasks";
import { formatReference } from "../domain/reference";
import { openPrisma, type Db, type DbTx } from "./prisma";
import { placeholder, type DirectReads, type DirectSql, type SqlConn, type SqlValue } from "./direct-sql";
import { insertEffectsBulk } from "./effect-bulk";
import { openBulkWriter, type BulkWriter } from "./bulk-writer";
import { WalCheckpointer } from "./wal-checkpointer";
import { ledgerStatement, recordedReminderKeys } from "./reminder-ledger";
import type { DatabaseTarget } from "../config/database-url";
import { toIncident, toItemRecord, toTask, fromIncident } from "./mapping";
import type { Incident as IncidentRow, ItemRecord as ItemRecordRow, Task as TaskRow } from "../generated/sqlite/client";
import type { ItemRecord } from "../domain/item-records";
import type { EffectFence, EffectRequest, StoredEffect } from "../domain/effects";
import { consultationRepository } from "./consultations";
import { activityRepository } from "./activities";
import { internalChannelRepository } from "./internal-channels";
import { scopeConsentRepository, scopeWarningRepository, sharedItemRepository } from "./sharing-scopes";
import { exerciseIncidentIds, exerciseRepository, notExerciseIncident } from "./exercises";
import { closureRepository } from "./closures";
import { installationRepository } from "./installations";
import { sharedInviteRepository } from "./shared-channel-invites";

export type AuditInput = Omit<AuditRecord, "at">;

/** The PostgreSQL advisory lock (transaction-scoped) that orders appends to the audit chain. */
const AUDIT_CHAIN_LOCK = 7_265_601;

/**
 * The record kept for each part of the cooperation, reached the same way outside and inside a
 * change. `direct`: the Store's (outside a change) read on the driver what every click or command
 * reads; a change's (Tx) have none and read through its transaction.
 */
function repositories(db: DbTx, direct?: DirectReads) {
  return {
    consultations: consultationRepository(db, direct),
    activities: activityRepository(db),
    internalChannels: internalChannelRepository(db),
    sharedItems: sharedItemRepository(db),
    scopeWarnings: scopeWarningRepository(db),
    scopeConsents: scopeConsentRepository(db),
    exercises: exerciseRepository(db, direct),
    closures: closureRepository(db, direct),
    installations: installationRepository(db),
    sharedInvites: sharedInviteRepository(db),
  };
}

/** The repositories of Store and Tx: one line in `repositories` adds one to both. */
export type Repositories = ReturnType<typeof repositories>;

// The repositories (assigned in the constructor) are part of the type of Tx and of Store.
export interface Tx extends Repositories {}
export class Tx {
  private audited = false;
  private queued = 0;
  /** Of what it queued, rebuilds a pending one would have covered (Home): their runner may wait for more. */
  private queuedCoalescing = 0;
  /** SQLite: the audit chain's head, when a statement of this change returned it (under the database's write lock). */
  private auditHead: string | undefined;
  /** PostgreSQL: the audit entry's INSERT, sent just before commit under the chain's lock (beforeCommit). */
  private pendingAudit: Statement | null = null;
  /** PostgreSQL, a change on the driver: effect INSERTs sent with the COMMIT (see insertEffectRows). */
  private readonly effectsAtCommit: Array<Statement & { then: (rows: Array<Record<string, unknown>>) => void }> = [];
  /** The Prisma transaction: for src/store only. */
  readonly db: DbTx;
  /** Raw statements in the same transaction (the hot ones: every Done click's). */
  private readonly sql: SqlConn;
  /** Effects this change queued already claimed for this process's runner (handed to it after commit). */
  readonly claimedHere: ClaimedEffect[] = [];
  constructor(
    db: DbTx,
    readonly now: Date,
    private readonly provider: DatabaseTarget["provider"] = "sqlite",
    sql?: SqlConn,
    /** This process's effect runner, when one takes effects claimed as they are queued. */
    readonly claimedFor: LocalClaimer | null = null,
  ) {
    this.db = db;
    this.sql = sql ?? prismaConn(db);
    Object.assign(this, repositories(db));
  }

  /** Next reference number for the year; the counter row is locked until commit. */
  async allocateReference(year: number): Promise<string> {
    const row = await this.db.refCounter.upsert({
      where: { year },
      create: { year, last: 1 },
      update: { last: { increment: 1 } },
    });
    return formatReference(year, row.last);
  }

  async insertIncident(incident: Incident, sourceViewId?: string): Promise<Incident> {
    return toIncident(await this.db.incident.create({ data: { ...fromIncident(incident), sourceViewId: sourceViewId ?? null } }));
  }

  /** Updates an incident and bumps its version. */
  async updateIncident(id: string, patch: Partial<Omit<Incident, "id" | "version">>): Promise<Incident> {
    const data = fromIncident(patch as Incident);
    return toIncident(
      await this.db.incident.update({ where: { id }, data: { ...data, updatedAt: this.now, version: { increment: 1 } } }),
    );
  }

  /**
   * Updates an incident only if it is still at `version` (bumping it); null when another writer
   * changed it first (the caller re-reads and decides again).
   */
  async updateIncidentIfVersion(id: string, version: number, patch: Partial<Omit<Incident, "id" | "version">>): Promise<Incident | null> {
    const data = fromIncident(patch as Incident);
    const rows = await this.db.incident.updateManyAndReturn({ where: { id, version }, data: { ...data, updatedAt: this.now, version: { increment: 1 } } });
    return rows.length === 1 ? toIncident(rows[0]!) : null;
  }

  async findIncident(id: string): Promise<Incident | null> {
    const row = await this.db.incident.findFirst({ where: { id } });
    return row ? toIncident(row) : null;
  }

  async insertTask(incidentId: string | null, task: NewTask): Promise<Task> {
    const row = await this.db.task.create({
      data: {
        id: randomUUID(),
        dedupeKey: task.dedupeKey,
        incidentId,
        kind: task.kind,
        itemType: task.itemType ?? null,
        consultationId: task.consultationId ?? null,
        conditions: task.conditions ?? null,
        activityId: task.activityId ?? null,
        ownerParty: task.ownerParty,
        assigneeUserId: task.assigneeUserId,
        params: JSON.stringify(task.params),
        dueAt: task.dueAt,
        status: "open",
        createdAt: this.now,
        updatedAt: this.now,
      },
    });
    return toTask(row);
  }

  async findTask(id: string): Promise<Task | null> {
    const row = await this.db.task.findFirst({ where: { id } });
    return row ? toTask(row) : null;
  }

  /** Changes a task's assignment or due date; bumps its version. */
  async updateTask(id: string, patch: Partial<Pick<Task, "assigneeUserId" | "dueAt">>): Promise<Task> {
    return toTask(await this.db.task.update({ where: { id }, data: { ...patch, version: { increment: 1 }, updatedAt: this.now } }));
  }

  /**
   * Changes a task only if it is still in `expectedStatus`; null when another request got there
   * first (a double click, a Slack retry), so the caller reports instead of changing twice.
   */
  async updateTaskIf(
    id: string,
    expectedStatus: Task["status"],
    patch: Partial<Pick<Task, "status" | "doneByUserId" | "doneAt" | "channelId" | "messageTs">>,
    opts: { readAuditHead?: boolean } = {},
  ): Promise<Task | null> {
    // One raw statement (UPDATE … RETURNING): the row as written, no read after it. Raw, as every
    // Done click passes here (through the ORM a statement costs several times a raw one).
    // `readAuditHead` (a change whose audit entry follows this write), SQLite: the same statement
    // returns the audit chain's head, so audit() does not read it again (the write holds the
    // database's write lock until commit, so the head cannot move). PostgreSQL reads the head in
    // the audit entry's INSERT (see audit()).
    const withHead = opts.readAuditHead === true && this.provider === "sqlite" && !this.audited && this.auditHead === undefined;
    const keys = TASK_PATCH_KEYS.filter((k) => patch[k] !== undefined);
    const p = (n: number) => placeholder(this.provider, n);
    const set = [...keys.map((k, i) => `"${k}" = ${p(i + 1)}`), `"version" = "version" + 1`, `"updatedAt" = ${p(keys.length + 1)}`];
    const head = withHead ? `, (SELECT "hash" FROM "AuditEntry" ORDER BY "seq" DESC LIMIT 1) AS "auditHead"` : "";
    const rows = await this.sql.all<TaskRow & { auditHead?: string | null }>(
      `UPDATE "Task" SET ${set.join(", ")} WHERE "id" = ${p(keys.length + 2)} AND "status" = ${p(keys.length + 3)} RETURNING ${TASK_COLUMNS}${head}`,
      [...keys.map((k) => patch[k] ?? null), this.now, id, expectedStatus],
    );
    if (rows.length !== 1) return null;
    const { auditHead, ...row } = rows[0]!;
    if (withHead) this.auditHead = auditHead ?? GENESIS_HASH;
    return rawTask(row);
  }

  /** Adds an item-specific record (consent, hearing, result, notice, request, advice, draft...). */
  async insertItemRecord(rec: Pick<ItemRecord, "taskId" | "kind" | "party" | "byUserId" | "data"> & Partial<Pick<ItemRecord, "status" | "version">>): Promise<ItemRecord> {
    return toItemRecord(
      await this.db.itemRecord.create({
        data: { id: randomUUID(), taskId: rec.taskId, kind: rec.kind, party: rec.party, byUserId: rec.byUserId, data: JSON.stringify(rec.data), status: rec.status ?? null, version: rec.version ?? null, createdAt: this.now, updatedAt: this.now },
      }),
    );
  }

  /**
   * Changes a record only while it is still in `expectedStatus` (null = any); null when another
   * request changed it first, so a double click acts once.
   */
  async updateItemRecordIf(id: string, expectedStatus: string | null, patch: { status?: string | null; data?: Record<string, unknown> }): Promise<ItemRecord | null> {
    const rows = await this.db.itemRecord.updateManyAndReturn({
      where: { id, ...(expectedStatus !== null ? { status: expectedStatus } : {}) },
      data: { ...(patch.status !== undefined ? { status: patch.status } : {}), ...(patch.data ? { data: JSON.stringify(patch.data) } : {}), updatedAt: this.now },
    });
    return rows.length === 1 ? toItemRecord(rows[0]!) : null;
  }

  async recordsOfTask(taskId: string): Promise<ItemRecord[]> {
    return (await this.db.itemRecord.findMany({ where: { taskId }, orderBy: { createdAt: "asc" } })).map(toItemRecord);
  }

  /** Registers information shared under Art. 4(2) or 5(2) (Art. 7 scopes build on it). */
  async insertSharedInformation(info: { incidentId: string | null; taskId: string | null; basis: string; providerParty: string; summary: string; sharedByUserId: string }): Promise<string> {
    const id = randomUUID();
    await this.db.sharedInformation.create({ data: { id, ...info, createdAt: this.now } });
    return id;
  }

  /** Whether an effect with this key was ever queued (inside the transaction that would queue it). */
  async hasEffect(dedupeKey: string): Promise<boolean> {
    return (await this.db.effect.findFirst({ where: { dedupeKey }, select: { id: true } })) !== null;
  }

  /** Open tasks of a normal-times activity (its preparation tasks). */
  async openTaskIdsOfActivity(activityId: string): Promise<string[]> {
    return (await this.db.task.findMany({ where: { activityId, status: "open" }, select: { id: true } })).map((t) => t.id);
  }

  /** Enqueues the refresh of a task's card (after a record changed it). */
  async refreshTaskCard(taskId: string): Promise<void> {
    const task = (await this.db.task.update({ where: { id: taskId }, data: { version: { increment: 1 }, updatedAt: this.now } }));
    await this.enqueue({ kind: "refresh_task_card", payload: { taskId }, dedupeKey: `task-card:${taskId}:v${task.version}` });
  }

  /** Appends the transaction's audit entry, chained to the last one. */
  async audit(input: AuditInput): Promise<void> {
    if (this.audited) throw new Error("one state change, one audit entry: this transaction already has its entry");
    this.audited = true;
    const record: AuditRecord = { ...input, at: this.now };
    const contentHash = contentHashOf(record);
    const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
    const content = [this.now, input.actorUserId, input.actorParty ?? null, input.article ?? null, input.action, input.entityType, input.entityId, json(input.before), json(input.after)];
    if (this.provider === "postgres") {
      // The entry is linked to the chain's head by the INSERT itself: it reads the head and hashes
      // the entry around it (auditHashAround). Sent just before commit, after the chain's lock
      // (beforeCommit), so the lock is held from there to the commit only.
      const { head, tail } = auditHashAround(record, contentHash);
      this.pendingAudit = { sql: PG_AUDIT_INSERT, values: [...content, contentHash, Buffer.from(head, "utf8").toString("hex"), tail, GENESIS_HASH] };
      return;
    }
    // SQLite: two raw statements (through the ORM each costs several times a raw one: ~0.7 ms of CPU
    // against ~0.1 ms); one when the change's task update returned the head already
    // (updateTaskIf's readAuditHead). The database's write lock, taken by the change's first write,
    // keeps the head from moving until commit.
    let prevHash = this.auditHead;
    if (prevHash === undefined) {
      const last = await this.sql.all<{ hash: string }>('SELECT "hash" FROM "AuditEntry" ORDER BY "seq" DESC LIMIT 1');
      prevHash = last[0]?.hash ?? GENESIS_HASH;
    }
    const values = [...content, prevHash, contentHash, auditHash(record, prevHash, contentHash)];
    await this.sql.run(`INSERT INTO "AuditEntry" ("at", "actorUserId", "actorParty", "article", "action", "entityType", "entityId", "before", "after", "prevHash", "contentHash", "hash") VALUES (${values.map(() => "?").join(", ")})`, values);
  }

  /**
   * PostgreSQL, just before commit (transact and transactDirect call it): the chain's lock, then
   * the audit entry, which reads the head in a statement of its own (under READ COMMITTED a
   * statement sees what was committed before it started, so the head it reads is the one the last
   * holder of the lock committed: correct across replicas). Concurrent changes take turns from
   * the lock to their commit instead of racing for the head and retrying.
   *
   * A change on the driver sends all of it with the COMMIT, in one round trip (SqlConn.atCommit),
   * the entry riding on its first effect INSERT (WITH … INSERT): the lock is held while the server
   * runs them and commits, never while this process's event loop is busy elsewhere. Through the
   * Prisma client: two statements, then Prisma's COMMIT.
   */
  async beforeCommit(): Promise<void> {
    if (this.provider !== "postgres") return;
    const audit = this.pendingAudit;
    this.pendingAudit = null;
    const atCommit = this.sql.atCommit;
    if (atCommit) {
      if (!audit && this.effectsAtCommit.length === 0) return;
      atCommit(AUDIT_CHAIN_LOCK_SQL, []);
      for (const [i, e] of this.effectsAtCommit.entries()) {
        const [sql, values] = i === 0 && audit ? withLeadingInsert(audit, e) : [e.sql, e.values];
        atCommit(sql, values, e.then);
      }
      if (audit && this.effectsAtCommit.length === 0) atCommit(audit.sql, audit.values);
      return;
    }
    if (!audit) return;
    await this.sql.run(AUDIT_CHAIN_LOCK_SQL);
    await this.sql.run(audit.sql, audit.values);
  }

  /**
   * Sends an effect INSERT (`stmt`, null: nothing to insert). `claim`: given the ids of the rows it
   * inserted (a key queued before is skipped), returns those this process's runner was handed
   * (claimed as queued: no need to wake it for those). `coalescing`: the ids of rows queued
   * unless a pending one covers them. PostgreSQL, a change on the driver: kept for the commit (see
   * beforeCommit), so what went in is known once committed.
   */
  private async insertEffectRows(stmt: Statement | null, claim?: (inserted: Set<string>) => Set<string>, coalescing: ReadonlySet<string> = new Set()): Promise<void> {
    if (!stmt) return;
    const inserted = (rows: Array<Record<string, unknown>>) => {
      const ids = new Set(rows.map((r) => String(r.id)));
      const handed = claim?.(ids) ?? new Set<string>();
      // Pending rows among them: the commit wakes the runner to claim them.
      const pending = [...ids].filter((id) => !handed.has(id));
      if (pending.length === 0) return;
      if (pending.every((id) => coalescing.has(id))) this.queuedCoalescing++;
      else this.queued++;
    };
    if (this.provider === "postgres" && this.sql.atCommit) {
      this.effectsAtCommit.push({ sql: `${stmt.sql} RETURNING "id"`, values: stmt.values, then: inserted });
    } else if (claim || coalescing.size > 0) {
      inserted(await this.sql.all(`${stmt.sql} RETURNING "id"`, stmt.values));
    } else if ((await this.sql.run(stmt.sql, stmt.values)) > 0) {
      this.queued++;
    }
  }

  /**
   * Queues a Slack side effect to run after commit (the commit wakes the effect runner); the same
   * dedupeKey is never queued twice.
   */
  async enqueue(effect: EffectRequest): Promise<void> {
    await this.insertEffectRows(effectsInsert(this.provider, [effectRow(effect, this.now)]));
  }

  /**
   * Queues `effect` unless an effect of the same kind whose key starts with `coalesceWith` is
   * still pending (see Store.enqueueUnlessPending), in the same transaction: one statement.
   */
  async enqueueUnlessPending(effect: EffectRequest, coalesceWith: string): Promise<boolean> {
    const inserted = await insertEffectUnlessPending((sql, values) => this.sql.run(sql, values), this.provider, effectRow(effect, this.now), coalesceWith);
    if (inserted) this.queuedCoalescing++;
    return inserted;
  }

  /**
   * Queues `effects` (skipping keys already queued) and each of `coalescing` unless an effect of
   * its kind whose key starts with its prefix is still pending (as enqueueUnlessPending), all in
   * one statement: a Done click queues its card and the Homes it changes with one round trip.
   *
   * `runHere`: `effects` are queued already claimed by this process's effect runner (when it runs:
   * see Store.claimLocally), with a lease as a claim takes, and handed to it after commit: it runs
   * them at once, without a claim statement between the commit and the Slack call (the Done
   * card's update). Exactly once as any claimed effect: fenced by owner and attempt, taken over
   * by another replica when the lease runs out. Coalescing rows stay pending (a pending one covers
   * later changes).
   */
  async enqueueAll(effects: EffectRequest[], coalescing: Array<{ effect: EffectRequest; prefix: string }> = [], opts: { runHere?: boolean } = {}): Promise<void> {
    const claimer = opts.runHere ? this.claimedFor : null;
    const lockedUntil = claimer ? new Date(claimer.leaseNow().getTime() + claimer.leaseMs) : null;
    const rows = effects.map((e) => (claimer ? { ...effectRow(e, this.now), status: "running", attempts: 1, leaseOwner: claimer.owner, lockedUntil } : effectRow(e, this.now)));
    const coalescingRows = coalescing.map((c) => ({ row: effectRow(c.effect, this.now), prefix: c.prefix }));
    const coalescingIds = new Set(coalescingRows.map((c) => c.row.id));
    const stmt = effectsCoalescingInsert(this.provider, rows, coalescingRows);
    if (!claimer) return this.insertEffectRows(stmt, undefined, coalescingIds);
    // Which rows went in (a key queued before is skipped): only those are this runner's to run.
    // The runner is woken after commit only when a pending row went in too (a Home rebuild not
    // covered by one already waiting): in a burst of clicks most add none, and need no claim.
    await this.insertEffectRows(stmt, (ids) => {
      const handed = new Set<string>();
      for (const r of rows) {
        if (!ids.has(r.id)) continue;
        this.claimedHere.push({ id: r.id, kind: r.kind, payload: JSON.parse(r.payload), attempts: 1, dedupeKey: r.dedupeKey, teamId: r.teamId, fence: { owner: claimer.owner, attempt: 1 }, lockedUntil: lockedUntil! } as ClaimedEffect);
        handed.add(r.id);
      }
      return handed;
    }, coalescingIds);
  }

  get hasAudit(): boolean {
    return this.audited;
  }

  /** Whether the change queued an effect (its commit wakes the runner); known once committed. */
  get queuedEffects(): boolean {
    return this.queued + this.queuedCoalescing > 0;
  }

  /** Whether all it queued are rebuilds queued unless a pending one covered them (see Store.onEffectsQueued). */
  get queuedOnlyCoalescing(): boolean {
    return this.queued === 0 && this.queuedCoalescing > 0;
  }
}

export type { StoredEffect };

/**
 * What a change run by Store.transactDirect may do: Tx's raw statements, no repositories. On
 * PostgreSQL its effect INSERTs and audit entry are sent with the COMMIT (Tx.beforeCommit).
 */
export type DirectTx = Pick<Tx, "now" | "updateTaskIf" | "audit" | "enqueue" | "enqueueAll" | "enqueueUnlessPending" | "hasAudit" | "queuedEffects">;

/** The Prisma transaction of a Tx made by transactDirect: there is none (DirectTx does not reach it). */
const NO_PRISMA = new Proxy({}, {
  get(_, key) {
    throw new Error(`this change runs without the Prisma client (Store.transactDirect): db.${String(key)} is not available`);
  },
}) as DbTx;

/** Raw statements through the Prisma client (a Tx of Store.transact). */
function prismaConn(db: DbTx): SqlConn {
  return {
    all: <T>(sql: string, args: readonly SqlValue[] = []) => db.$queryRawUnsafe<T[]>(sql, ...args),
    run: (sql: string, args: readonly SqlValue[] = []) => db.$executeRawUnsafe(sql, ...args),
  };
}

/** The columns a raw read of a task returns (a Task row as Prisma maps it). */
const TASK_FIELDS = ["id", "dedupeKey", "incidentId", "kind", "itemType", "consultationId", "conditions", "ownerParty", "assigneeUserId", "params", "dueAt", "status", "doneByUserId", "doneAt", "channelId", "messageTs", "version", "createdAt", "updatedAt", "activityId"] as const;
export const TASK_COLUMNS = TASK_FIELDS.map((c) => `"${c}"`).join(", ");
const TASK_PATCH_KEYS = ["status", "doneByUserId", "doneAt", "channelId", "messageTs"] as const;
const ITEM_RECORD_FIELDS = ["id", "taskId", "kind", "party", "byUserId", "data", "status", "version", "createdAt", "updatedAt"] as const;

/** A task row read with raw SQL: both drivers return dates as Date; integers may come as bigint. */
export function rawTask(row: TaskRow): Task {
  return toTask({ ...row, version: Number(row.version) });
}

/** An incident row read with raw SQL (`SELECT *`: the columns are the model's fields), its integers as numbers. */
/** An incident open (neither out of scope nor closed) and not a tabletop exercise's (Art. 5(1)). */
const OPEN_INCIDENT = `"state" IN ('open', 'cooperation_case') AND "exerciseId" IS NULL`;
/** The columns of an IncidentListItem. */
const INCIDENT_LIST_COLUMNS = '"id", "ref", "title", "state", "reporterName", "createdByParty", "channelId"';

export function rawIncident(row: IncidentRow): IncidentRow {
  return { ...row, reporterCategory: Number(row.reporterCategory), affectedCount: Number(row.affectedCount), version: Number(row.version) };
}

function effectRow(e: EffectRequest, now: Date): EffectRow {
  return {
    id: randomUUID(),
    dedupeKey: e.dedupeKey,
    kind: e.kind,
    payload: JSON.stringify(e.payload),
    status: "pending",
    runAfter: e.runAfter ?? now,
    teamId: e.teamId ?? null,
    createdAt: now,
    updatedAt: now,
    attempts: 0,
    leaseOwner: null,
    lockedUntil: null,
  };
}

/** An Effect row as queued: pending, or (Tx.enqueueAll's runHere) already claimed by this process's runner. */
type EffectRow = { id: string; dedupeKey: string; kind: string; payload: string; status: string; runAfter: Date; teamId: string | null; createdAt: Date; updatedAt: Date; attempts: number; leaseOwner: string | null; lockedUntil: Date | null };
const EFFECT_COLUMNS = '"id", "dedupeKey", "kind", "payload", "status", "runAfter", "teamId", "createdAt", "updatedAt", "attempts", "leaseOwner", "lockedUntil"';
const effectValues = (r: EffectRow): SqlValue[] => [r.id, r.dedupeKey, r.kind, r.payload, r.status, r.runAfter, r.teamId, r.createdAt, r.updatedAt, r.attempts, r.leaseOwner, r.lockedUntil];
/** PostgreSQL cannot type the parameters of a SELECT list from the target columns: their casts, in EFFECT_COLUMNS' order. */
const EFFECT_TYPES = ["text", "text", "text", "text", "text", "timestamp(3)", "text", "timestamp(3)", "timestamp(3)", "integer", "text", "timestamp(3)"];

/** Runs one statement, returning the rows it changed. */
type RunSql = (sql: string, values: SqlValue[]) => Promise<number>;
/** A statement and its values. */
type Statement = { sql: string; values: SqlValue[] };

/**
 * A runner of this process that takes the effects a change claims for it as it queues them
 * (Tx.enqueueAll's runHere): its owner name and lease length, the lease clock, and how it is handed
 * them after commit.
 */
export type LocalClaimer = { owner: string; leaseMs: number; leaseNow(): Date; accept(effects: ClaimedEffect[]): void };

/** Takes the audit chain's lock until the transaction ends. */
const AUDIT_CHAIN_LOCK_SQL = `SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`;

/**
 * PostgreSQL: an audit entry linked to the chain's head by the statement itself. $1–$9 the entry,
 * $10 its content hash, $11 the hashed text before the previous hash (UTF-8, in hex: the same bytes
 * whatever the database's encoding), $12 the text after it, $13 the genesis hash (an empty chain).
 * The hash is auditHash's: SHA-256 of head + previous hash + tail (domain/audit's auditHashAround).
 */
const PG_AUDIT_INSERT =
  `INSERT INTO "AuditEntry" ("at", "actorUserId", "actorParty", "article", "action", "entityType", "entityId", "before", "after", "prevHash", "contentHash", "hash") ` +
  `SELECT CAST($1 AS timestamp(3)), CAST($2 AS text), CAST($3 AS text), CAST($4 AS text), CAST($5 AS text), CAST($6 AS text), CAST($7 AS text), CAST($8 AS text), CAST($9 AS text), ` +
  `"head"."hash", CAST($10 AS text), encode(sha256(decode(CAST($11 AS text), 'hex') || convert_to("head"."hash" || CAST($12 AS text), 'UTF8')), 'hex') ` +
  `FROM (SELECT COALESCE((SELECT "hash" FROM "AuditEntry" ORDER BY "seq" DESC LIMIT 1), CAST($13 AS text)) AS "hash") AS "head"`;

/** One statement: `lead` (an INSERT) run by a data-modifying WITH (exactly once, whatever the main statement does) ahead of `main`; lead's $n come first. */
function withLeadingInsert(lead: Statement, main: Statement): [string, SqlValue[]] {
  const shifted = main.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + lead.values.length}`);
  return [`WITH "audit_entry" AS (${lead.sql}) ${shifted}`, [...lead.values, ...main.values]];
}

/**
 * Effects in one statement, skipping keys already queued (INSERT … ON CONFLICT DO NOTHING on the
 * unique key, on both databases): no read before the write, and no unique violation, which would
 * abort a PostgreSQL transaction. Null when there is none.
 */
function effectsInsert(provider: DatabaseTarget["provider"], rows: EffectRow[]): Statement | null {
  if (rows.length === 0) return null;
  const params: SqlValue[] = [];
  const tuples = rows.map((r) => {
    const values = effectValues(r);
    const base = params.length;
    params.push(...values);
    return `(${values.map((_, i) => placeholder(provider, base + i + 1)).join(", ")})`;
  });
  return { sql: `INSERT INTO "Effect" (${EFFECT_COLUMNS}) VALUES ${tuples.join(", ")} ON CONFLICT ("dedupeKey") DO NOTHING`, values: params };
}

/** Inserts effects in one statement (see effectsInsert); returns how many rows were inserted. */
async function insertEffects(run: RunSql, provider: DatabaseTarget["provider"], rows: EffectRow[]): Promise<number> {
  const stmt = effectsInsert(provider, rows);
  return stmt ? run(stmt.sql, stmt.values) : 0;
}


/** One statement: the row, unless a pending effect of its kind has a key starting with `prefix`. */
async function insertEffectUnlessPending(run: RunSql, provider: DatabaseTarget["provider"], row: EffectRow, prefix: string): Promise<boolean> {
  const values = effectValues(row);
  const n = values.length;
  const select = values.map((_, i) => (provider === "postgres" ? `CAST($${i + 1} AS ${EFFECT_TYPES[i]})` : "?")).join(", ");
  const count = await run(
    `INSERT INTO "Effect" (${EFFECT_COLUMNS}) SELECT ${select} WHERE NOT EXISTS (SELECT 1 FROM "Effect" WHERE "status" = 'pending' AND "kind" = ${placeholder(provider, n + 1)} AND "dedupeKey" LIKE ${placeholder(provider, n + 2)} ESCAPE '\\') ON CONFLICT ("dedupeKey") DO NOTHING`,
    [...values, row.kind, `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
  );
  return count > 0;
}

/**
 * One statement: `plain` rows (keys already queued skipped) and each `coalescing` row unless a
 * pending effect of its kind has a key starting with its prefix. A SELECT per row, joined by
 * UNION ALL (a WHERE on each, which SQLite needs before ON CONFLICT). Null when there is none.
 */
function effectsCoalescingInsert(provider: DatabaseTarget["provider"], plain: EffectRow[], coalescing: Array<{ row: EffectRow; prefix: string }>): Statement | null {
  if (plain.length + coalescing.length === 0) return null;
  const params: SqlValue[] = [];
  const p = (v: SqlValue, type: string) => {
    params.push(v);
    // PostgreSQL cannot type the parameters of a SELECT list from the target columns: cast them.
    return provider === "postgres" ? `CAST($${params.length} AS ${type})` : "?";
  };
  const select = (r: EffectRow) => `SELECT ${effectValues(r).map((v, i) => p(v, EFFECT_TYPES[i]!)).join(", ")}`;
  const selects = [
    ...plain.map((r) => `${select(r)} WHERE 1 = 1`),
    ...coalescing.map(({ row, prefix }) => {
      const head = select(row);
      return `${head} WHERE NOT EXISTS (SELECT 1 FROM "Effect" WHERE "status" = 'pending' AND "kind" = ${p(row.kind, "text")} AND "dedupeKey" LIKE ${p(`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, "text")} ESCAPE '\\')`;
    }),
  ];
  return { sql: `INSERT INTO "Effect" (${EFFECT_COLUMNS}) ${selects.join(" UNION ALL ")} ON CONFLICT ("dedupeKey") DO NOTHING`, values: params };
}

/** An effect claimed by a runner, with the fence its completion must pass and its lease's expiry. */
export type ClaimedEffect = StoredEffect & { fence: EffectFence; lockedUntil: Date };

const MAX_TX_ATTEMPTS = 6;

export interface Store extends Repositories {}
export class Store {
  private readonly effectListeners = new Set<(coalescing: boolean) => void>();
  /** This process's running effect runner, which takes effects claimed as they are queued. */
  private claimer: LocalClaimer | null = null;
  private constructor(
    /** The Prisma client: for src/store, scripts and tests only; everything else uses the repositories. */
    readonly db: Db,
    readonly target: DatabaseTarget,
    /** Raw SQL on Prisma's connection without the client (./direct-sql): the statements of the hot paths. */
    readonly sql: DirectSql,
  ) {
    Object.assign(this, repositories(db, { sql, provider: target.provider }));
  }

  /** SQL statements sent so far, when opened with `countQueries` (tests and the benchmark); else 0. */
  queryCount = 0;
  /**
   * The sweeps' bulk writes: statements sent on the bulk connection (bulk-writer.ts), which
   * Prisma's query events do not see, and those recording reminders (recordReminders).
   */
  bulkStatements = 0;
  private onBulkStatement: ((sql: string) => void) | undefined;
  private bulk: Promise<BulkWriter | null> | undefined;
  /** The latest statements sent (up to 100), when opened with `countQueries`. */
  readonly recentQueries: string[] = [];

  static async open(databaseUrl: string | undefined, opts: { countQueries?: boolean } = {}): Promise<Store> {
    let store: Store | null = null;
    const onQuery = (sql: string) => {
      store!.queryCount++;
      store!.recentQueries.push(sql);
      if (store!.recentQueries.length > 100) store!.recentQueries.shift();
    };
    const { db, target, sql } = await openPrisma(databaseUrl, opts.countQueries ? { onQuery } : {});
    store = new Store(db, target, sql);
    if (opts.countQueries) store.onBulkStatement = onQuery;
    // SQLite plans from the statistics ANALYZE keeps; a long-lived connection is advised to let
    // SQLite refresh them when they are missing or stale (bounded work; e.g. Home's open incidents
    // then read by reference instead of sorting every open one). Optional: a failure changes nothing.
    if (target.provider === "sqlite") await db.$executeRawUnsafe("PRAGMA optimize=0x10002").catch(() => undefined);
    store.queryCount = 0;
    store.recentQueries.length = 0;
    return store;
  }

  /**
   * SQLite: write-ahead logging (the bot calls it once its migrations are applied). A commit then
   * appends to the log and syncs it once, instead of writing a rollback journal and syncing it,
   * the database and the directory (~2.4 ms against ~0.35 ms per commit on the benchmark machine,
   * spent blocking the one event loop: better-sqlite3 is synchronous); readers no longer wait for
   * a writer. synchronous stays FULL (SQLite's default): a committed change survives a power cut.
   * The mode is kept in the file. If another connection holds the file this instant, it stays as
   * it was. Under sustained writes the log is copied into the database by a thread of its own
   * (./wal-checkpointer), not by the commit that takes it past 1,000 pages; `onCheckpointError`
   * is told if that thread fails (SQLite's own checkpoints take over). Nothing on PostgreSQL.
   */
  async useWriteAheadLog(opts: { onCheckpointError?: (error: Error) => void } = {}): Promise<void> {
    const target = this.target;
    if (target.provider !== "sqlite") return;
    const before = this.queryCount;
    const mode = await this.db.$queryRawUnsafe<Array<{ journal_mode: string }>>("PRAGMA journal_mode=WAL").catch(() => []);
    this.queryCount = before;
    // Checkpoints on a thread of their own under sustained writes (./wal-checkpointer): a file's log only.
    const control = this.sql.sqlite;
    if (mode[0]?.journal_mode === "wal" && control && !this.checkpointer) {
      const checkpointer = new WalCheckpointer({ filePath: target.filePath, setAutoCheckpoint: (pages) => control.pragma(`wal_autocheckpoint=${pages}`), onError: opts.onCheckpointError });
      control.onCommit(() => checkpointer.noteCommit());
      this.checkpointer = checkpointer;
    }
  }

  /** SQLite in write-ahead-log mode: its checkpoints (./wal-checkpointer). */
  checkpointer: WalCheckpointer | null = null;

  get provider(): DatabaseTarget["provider"] {
    return this.target.provider;
  }

  async close(): Promise<void> {
    const bulk = this.bulk;
    this.bulk = undefined;
    await this.checkpointer?.close();
    await Promise.all([this.db.$disconnect(), bulk?.then((w) => w?.close())]);
  }

  /** Migrations recorded as finished, or null before the first migration created the table. */
  async appliedMigrations(): Promise<string[] | null> {
    try {
      const rows = await this.db.$queryRawUnsafe<Array<{ migration_name: string }>>(
        'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      return rows.map((r) => r.migration_name);
    } catch {
      return null;
    }
  }

  async ping(): Promise<void> {
    await this.db.$queryRawUnsafe("SELECT 1");
  }

  /**
   * Runs one state change: fn gets a Tx and must append exactly one audit entry. Retried when it
   * lost a race on the audit chain or a reference counter (another replica committed first).
   */
  async transact<T>(now: Date, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.change(now, fn, (body) => this.db.$transaction((prismaTx) => body(prismaTx, undefined), { maxWait: 10_000, timeout: 20_000 }));
    this.checkpointer?.noteCommit(); // committed on the Prisma client (the driver's commits are told by ./direct-sql)
    return result;
  }

  /**
   * A state change that needs only Tx's raw statements (a task's conditional update, the audit
   * entry, effects): as transact, but on the driver without the Prisma client (./direct-sql), as
   * a Done click's. `DirectTx` has no repositories: they use the Prisma client.
   */
  async transactDirect<T>(now: Date, fn: (tx: DirectTx) => Promise<T>): Promise<T> {
    return this.change(now, fn, (body) => this.sql.transaction((conn) => body(NO_PRISMA, conn)));
  }

  /**
   * One state change in one transaction (opened by `open`, on the Prisma client or on the driver):
   * `fn`'s statements, its audit entry (required), then — after the commit — the effects claimed
   * here handed to this process's runner and the runner woken. A conflict between concurrent
   * changes (SQLite busy, PostgreSQL serialization) retries the whole change a few times.
   */
  private async change<T>(now: Date, fn: (tx: Tx) => Promise<T>, open: (body: (prismaTx: DbTx, conn: SqlConn | undefined) => Promise<T>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        let committed: Tx | null = null;
        const result = await open(async (prismaTx, conn) => {
          const tx = new Tx(prismaTx, now, this.provider, conn, this.claimer);
          const result = await fn(tx);
          if (!tx.hasAudit) throw new Error("every state change needs an audit entry: call tx.audit() in the transaction");
          await tx.beforeCommit();
          committed = tx;
          return result;
        });
        // Committed: what it queued is known now (on PostgreSQL a change on the driver sends its effects with the COMMIT).
        const tx = committed as Tx | null;
        this.handOver(tx);
        if (tx?.queuedEffects) this.effectsQueued(tx.queuedOnlyCoalescing);
        return result;
      } catch (e) {
        if (attempt >= MAX_TX_ATTEMPTS || !isRetryableConflict(e)) throw e;
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
      }
    }
  }

  // ---- reads ----

  async incidentBySourceView(sourceViewId: string): Promise<Incident | null> {
    const row = await this.db.incident.findFirst({ where: { sourceViewId } });
    return row ? toIncident(row) : null;
  }

  // The reads behind `/renkei status` and `/renkei list` (every answer of those commands) and the
  // closing card's: raw statements on the driver, prepared once (see direct-sql.ts), instead of a
  // plan compiled and interpreted by the Prisma client for each (issue 14: with 50 people asking
  // at once, the client's share of these commands' CPU was about a third).
  async incidentByRef(ref: string): Promise<Incident | null> {
    const rows = await this.sql.all<IncidentRow>(`SELECT * FROM "Incident" WHERE "ref" = ${placeholder(this.provider, 1)} LIMIT 1`, [ref]);
    return rows[0] ? toIncident(rawIncident(rows[0])) : null;
  }

  /** The incident whose shared channel this is, if any. */
  async incidentByChannel(channelId: string): Promise<Incident | null> {
    const row = await this.db.incident.findFirst({ where: { channelId } });
    return row ? toIncident(row) : null;
  }

  async incidentById(id: string): Promise<Incident | null> {
    const row = await this.db.incident.findFirst({ where: { id } });
    return row ? toIncident(row) : null;
  }

  async incidentsByIds(ids: string[]): Promise<Incident[]> {
    if (ids.length === 0) return [];
    return (await this.db.incident.findMany({ where: { id: { in: ids } } })).map(toIncident);
  }

  /** Open real incidents (an exercise's never show here), as the list shows them, and how many there are. */
  async openIncidents(limit: number): Promise<{ incidents: IncidentListItem[]; total: number }> {
    const [incidents, count] = await Promise.all([
      this.openIncidentList(limit),
      this.sql.all<{ n: number | string | bigint }>(`SELECT COUNT(*) AS "n" FROM "Incident" WHERE ${OPEN_INCIDENT}`),
    ]);
    return { incidents, total: Number(count[0]?.n ?? 0) };
  }

  /**
   * The newest open incidents (not of an exercise), up to `limit`, with what `/renkei list` and
   * App Home show of them. Each open state is read newest first from the index on (state,
   * exerciseId, ref), only as far as `limit`; the two are merged, then the rows read by id. On
   * SQLite the list of 50 took ~0.8 ms at 500 open incidents reading every column of every open
   * one and sorting them, ~0.2 ms this way, whatever the number of incidents.
   */
  async openIncidentList(limit: number): Promise<IncidentListItem[]> {
    const l = placeholder(this.provider, 1);
    const newest = (state: string) => `SELECT "id", "ref" FROM (SELECT "id", "ref" FROM "Incident" WHERE "state" = '${state}' AND "exerciseId" IS NULL ORDER BY "ref" DESC LIMIT ${l}) AS "${state}"`;
    return this.sql.all<IncidentListItem>(
      `SELECT ${INCIDENT_LIST_COLUMNS} FROM "Incident" WHERE "id" IN ` +
        `(SELECT "id" FROM (${newest("open")} UNION ALL ${newest("cooperation_case")}) AS "open_incident" ORDER BY "ref" DESC LIMIT ${l}) ORDER BY "ref" DESC`,
      this.provider === "postgres" ? [limit] : [limit, limit, limit],
    );
  }

  async openTasksAssignedTo(userId: string, limit: number): Promise<Task[]> {
    const rows = await this.db.task.findMany({ where: { assigneeUserId: userId, status: "open", ...notExerciseIncident(await exerciseIncidentIds(this.db)) }, orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }], take: limit });
    return rows.map(toTask);
  }

  async tasksOfIncident(incidentId: string): Promise<Task[]> {
    const rows = await this.sql.all<TaskRow>(`SELECT ${TASK_COLUMNS} FROM "Task" WHERE "incidentId" = ${placeholder(this.provider, 1)} ORDER BY "createdAt" ASC`, [incidentId]);
    return rows.map(rawTask);
  }

  /**
   * A task and its item records (oldest first), in one raw statement: what its card shows (read
   * for every card refresh, a Done click's among them). Null when there is no such task.
   */
  async taskWithRecords(taskId: string): Promise<{ task: Task; records: ItemRecord[] } | null> {
    const recordColumns = ITEM_RECORD_FIELDS.map((c) => `r."${c}" AS "r_${c}"`).join(", ");
    const rows = await this.sql.all<TaskRow & Record<string, unknown>>(
      `SELECT ${TASK_FIELDS.map((c) => `t."${c}"`).join(", ")}, ${recordColumns} FROM "Task" t LEFT JOIN "ItemRecord" r ON r."taskId" = t."id" WHERE t."id" = ${placeholder(this.provider, 1)} ORDER BY r."createdAt" ASC`,
      [taskId],
    );
    if (rows.length === 0) return null;
    const task = rawTask(Object.fromEntries(TASK_FIELDS.map((c) => [c, rows[0]![c]])) as TaskRow);
    const records = rows
      .filter((r) => r.r_id !== null && r.r_id !== undefined)
      .map((r) => {
        const rec = Object.fromEntries(ITEM_RECORD_FIELDS.map((c) => [c, r[`r_${c}`]])) as ItemRecordRow;
        return toItemRecord({ ...rec, version: rec.version === null ? null : Number(rec.version) });
      });
    return { task, records };
  }

  async recordsOfTask(taskId: string): Promise<ItemRecord[]> {
    const rows = await this.db.itemRecord.findMany({ where: { taskId }, orderBy: { createdAt: "asc" } });
    return rows.map(toItemRecord);
  }

  async itemRecordById(id: string): Promise<ItemRecord | null> {
    const row = await this.db.itemRecord.findFirst({ where: { id } });
    return row ? toItemRecord(row) : null;
  }

  async taskById(id: string): Promise<Task | null> {
    const row = await this.db.task.findFirst({ where: { id } });
    return row ? toTask(row) : null;
  }

  async *auditEntries(batch = 500): AsyncGenerator<ChainedAuditRecord> {
    let after = 0;
    for (;;) {
      const rows = await this.db.auditEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: batch });
      if (rows.length === 0) return;
      for (const r of rows) {
        yield {
          seq: r.seq,
          at: r.at,
          actorUserId: r.actorUserId,
          actorParty: r.actorParty,
          article: r.article,
          action: r.action,
          entityType: r.entityType,
          entityId: r.entityId,
          before: r.before === null ? null : JSON.parse(r.before),
          after: r.after === null ? null : JSON.parse(r.after),
          prevHash: r.prevHash,
          hash: r.hash,
          contentHash: r.contentHash,
          erased: r.erasedAt !== null,
        };
      }
      after = rows[rows.length - 1]!.seq;
    }
  }

  /** The chain's head: how many entries and the last one's hash (posted each day to both parties, issue 12); null when empty. */
  async auditHead(): Promise<{ count: number; hash: string } | null> {
    // The count up to that entry, not of the whole table: an entry written meanwhile does not skew it.
    const last = await this.db.auditEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    if (!last) return null;
    return { count: await this.db.auditEntry.count({ where: { seq: { lte: last.seq } } }), hash: last.hash };
  }

  async auditTrail(entityId: string): Promise<Array<{ action: string; article: string | null; actorUserId: string }>> {
    return this.db.auditEntry.findMany({ where: { entityId }, orderBy: { seq: "asc" }, select: { action: true, article: true, actorUserId: true } });
  }

  /** The audit entries of several entities (a case file's timeline), oldest first. */
  async auditEntriesFor(entityIds: string[]): Promise<Array<{ seq: number; at: Date; action: string; article: string | null; actorUserId: string; actorParty: string | null; entityType: string; entityId: string; before: unknown; after: unknown }>> {
    if (entityIds.length === 0) return [];
    const rows = await this.db.auditEntry.findMany({ where: { entityId: { in: entityIds } }, orderBy: { seq: "asc" }, take: 5000 });
    return rows.map((r) => ({ seq: r.seq, at: r.at, action: r.action, article: r.article, actorUserId: r.actorUserId, actorParty: r.actorParty, entityType: r.entityType, entityId: r.entityId, before: r.before ? (JSON.parse(r.before) as unknown) : null, after: r.after ? (JSON.parse(r.after) as unknown) : null }));
  }

  /** An entity's audit entries with who (and which party) and what changed, oldest first. */
  async auditEntriesOf(entityId: string): Promise<Array<{ action: string; article: string | null; actorUserId: string; actorParty: string | null; before: unknown; after: unknown }>> {
    const rows = await this.db.auditEntry.findMany({ where: { entityId }, orderBy: { seq: "asc" }, select: { action: true, article: true, actorUserId: true, actorParty: true, before: true, after: true } });
    return rows.map((r) => ({ ...r, before: r.before ? (JSON.parse(r.before) as unknown) : null, after: r.after ? (JSON.parse(r.after) as unknown) : null }));
  }

  // ---- Slack delivery bookkeeping: where a card was posted. Not a change of the cooperation
  // record, so it is not audited; the audited events are the channel's opening and readiness. ----

  async setIncidentDelivery(id: string, patch: { summaryTs?: string; sharedInvitesSentAt?: Date }): Promise<void> {
    await this.db.incident.update({ where: { id }, data: patch });
  }

  async setTaskDelivery(id: string, channelId: string, messageTs: string): Promise<void> {
    await this.db.task.update({ where: { id }, data: { channelId, messageTs } });
  }

  async setConsultationDelivery(id: string, channelId: string, cardTs: string): Promise<void> {
    await this.db.consultation.update({ where: { id }, data: { channelId, cardTs } });
  }

  // ---- effects (the outbox) ----

  /**
   * Queues many effects in a few statements (a sweep's reminders): chunks of EFFECT_CHUNK, one
   * INSERT … ON CONFLICT DO NOTHING each, so existing keys are skipped, also against a replica
   * queuing the same keys. `effects` may be a generator: it is consumed a chunk at a time.
   */
  async enqueueEffects(effects: Iterable<EffectRequest>, now: Date): Promise<number> {
    // One statement per 5,000 effects (EFFECT_CHUNK), the rows as one JSON parameter, on the bulk connection
    // (see effect-bulk.ts, bulk-writer.ts).
    this.bulk ??= openBulkWriter(this.target);
    const writer = await this.bulk;
    const run = writer
      ? (sql: string, args: unknown[]) => {
          this.bulkStatements++;
          this.onBulkStatement?.(sql);
          return writer.run(sql, args);
        }
      : (sql: string, args: unknown[]) => this.db.$executeRawUnsafe(sql, ...args);
    const inserted = await insertEffectsBulk(run, this.provider, effects, now);
    if (inserted > 0) this.effectsQueued();
    return inserted;
  }

  /**
   * Records a sweep's due reminders as sent (by key: ./reminder-ledger) and queues the messages
   * `messages` makes of those recorded now, in one transaction: a key recorded already (by an
   * earlier sweep, or by another replica's sweep at the same moment) is left out, and a failure
   * before the commit records nothing and queues nothing. `recorded` is told each reminder recorded
   * now (the first of a key given twice); `messages` is asked after each slice (`last` false: the
   * messages complete so far) and once at the end (`last` true: the rest). One INSERT per slice,
   * the keys (or their digests) as one parameter, inserted in order. Returns how many were recorded.
   */
  async recordReminders<R extends { key: string }>(slices: Iterable<R[]>, recorded: (r: R) => void, messages: (last: boolean) => Iterable<EffectRequest>, now: Date): Promise<number> {
    // The keys themselves on SQLite, their digests on PostgreSQL (./reminder-ledger).
    const ledger = ledgerStatement(this.provider);
    const answersRecordedBefore = ledger.answersRecordedBefore;
    let count = 0;
    let queued = 0;
    await this.sql.transaction(async (conn) => {
      const run = (sql: string, args: unknown[]) => conn.run(sql, args as SqlValue[]);
      // Statements sent and not yet awaited: PostgreSQL records a slice's keys (and queues the
      // messages of the slice before) while this process computes the next slice, instead of one
      // waiting for the other. All are awaited before the commit; the first failure rolls back.
      const sent: Array<Promise<unknown>> = [];
      const send = <T>(p: Promise<T>): Promise<T> => {
        p.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
        sent.push(p);
        return p;
      };
      const queue = (last: boolean) => send(insertEffectsBulk(run, this.provider, messages(last), now).then((n) => (queued += n)));
      let previous: { slice: R[]; forms: string[]; answer: Promise<Array<{ key: string }>> } | null = null;
      const take = async () => {
        if (!previous) return;
        const { slice, forms, answer } = previous;
        previous = null;
        const answered = new Set((await answer).map((r) => r.key));
        // A key twice in a slice is recorded once: its first reminder.
        const taken = new Set<string>();
        for (let i = 0; i < slice.length; i++) {
          const r = slice[i]!;
          const form = forms[i]!;
          if (answered.has(form) === answersRecordedBefore || taken.has(form)) continue;
          taken.add(form);
          recorded(r);
          count++;
        }
        void queue(false);
      };
      for (const slice of slices) {
        if (slice.length === 0) continue;
        await take();
        // Sorted by the database (the primary key's pages in one walk); a key twice is recorded once.
        this.bulkStatements++;
        const forms = slice.map((r) => ledger.form(r.key));
        previous = { slice, forms, answer: send(conn.all<{ key: string }>(ledger.sql, [ledger.param(forms)])) };
      }
      await take();
      void queue(true);
      await Promise.all(sent);
    });
    if (queued > 0) this.effectsQueued();
    return count;
  }

  /** Which of these reminder keys are recorded as sent (by a sweep here or on another replica), in the order given. */
  async remindersRecorded(keys: readonly string[]): Promise<string[]> {
    return recordedReminderKeys((sql, args) => this.sql.all(sql, args), this.provider, keys);
  }

  /**
   * Queues a follow-up effect outside a state change (e.g. DMs that may only go out once the
   * card they link to is posted). Same dedupeKey, same effect.
   */
  async enqueueEffect(effect: EffectRequest, now: Date): Promise<void> {
    // One statement; a replica queuing the same key at the same moment changes nothing.
    await insertEffects((sql, values) => this.sql.run(sql, values), this.provider, [effectRow(effect, now)]);
    this.effectsQueued();
  }

  /**
   * Queues `effect` unless an effect of the same kind whose key starts with `coalesceWith` is still
   * pending (queued, not yet claimed): that one runs after this change committed, so it already
   * covers it (e.g. one Home rebuild for a burst of clicks). One statement. Returns whether a row was inserted.
   */
  async enqueueUnlessPending(effect: EffectRequest, coalesceWith: string, now: Date): Promise<boolean> {
    const inserted = await insertEffectUnlessPending((sql, values) => this.sql.run(sql, values), this.provider, effectRow(effect, now), coalesceWith);
    if (inserted) this.effectsQueued(true);
    return inserted;
  }

  /**
   * Calls `listener` after every commit that queued an effect (a state change, a follow-up, a
   * sweep, a retry): how the effect runner is woken. `coalescing`: all it queued are rebuilds
   * queued unless a pending one covers them (Home): while one waits pending, later changes queue
   * none, so the runner may wait a moment for them. Returns the unsubscribe function.
   */
  onEffectsQueued(listener: (coalescing: boolean) => void): () => void {
    this.effectListeners.add(listener);
    return () => this.effectListeners.delete(listener);
  }

  /**
   * Registers this process's running effect runner as the one that takes effects claimed as they
   * are queued (Tx.enqueueAll's runHere); without one they are queued pending. Returns the
   * unregister function.
   */
  claimLocally(claimer: LocalClaimer): () => void {
    this.claimer = claimer;
    return () => {
      if (this.claimer === claimer) this.claimer = null;
    };
  }

  /**
   * After commit: the effects a change claimed for this process's runner, to the runner it claimed
   * them for (stopped meanwhile, it still runs them; if this process ends first, their lease runs
   * out and another runner takes them).
   */
  private handOver(tx: Tx | null): void {
    if (tx && tx.claimedHere.length > 0) tx.claimedFor?.accept(tx.claimedHere);
  }

  private effectsQueued(coalescing = false): void {
    for (const listener of this.effectListeners) listener(coalescing);
  }

  /**
   * Claims due effects for one runner (`owner`): pending or failed ones whose time has come, and
   * running ones whose lease ran out (their replica died or stalled). The conditional update makes
   * the claim atomic across replicas: only one claimer sees count 1. Leases are wall-clock time
   * (`leaseNow`), not the business clock `now` that decides when an effect is due.
   */
  async claimEffects(now: Date, leaseMs: number, limit: number, opts: { owner?: string; leaseNow?: Date } = {}): Promise<ClaimedEffect[]> {
    const owner = opts.owner ?? "anonymous";
    const leaseNow = opts.leaseNow ?? new Date();
    const lockedUntil = new Date(leaseNow.getTime() + leaseMs);
    // One statement: UPDATE … RETURNING over the oldest due rows (PostgreSQL skips rows another
    // replica is claiming this instant). The outer condition is checked again on each row, so a row
    // another claimer took in between is left out; the attempt number returned fences this claim.
    const pg = this.provider === "postgres";
    const p = (n: number) => placeholder(this.provider, n);
    // One condition per status, each a range of the (status, runAfter) index. Written as
    // `"status" IN ('pending', 'failed')` SQLite took ~0.2 ms per claim, an empty one included
    // (measured at 10,000 and 100,000 delivered effects), against ~2 µs for this form: every
    // commit that queues an effect wakes a claim, so this is paid per click.
    const due = (at: string, lease: string) => `(("status" = 'pending' AND "runAfter" <= ${at}) OR ("status" = 'failed' AND "runAfter" <= ${at}) OR ("status" = 'running' AND "lockedUntil" < ${lease}))`;
    const dueSql = due(p(1), p(2));
    const dueSqlAgain = due(p(6), p(7));
    const rows = await this.sql.all<{ id: string; kind: string; payload: string; attempts: number | bigint; dedupeKey: string; teamId: string | null; runAfter: Date | string }>(
      `UPDATE "Effect" SET "status" = 'running', "lockedUntil" = ${p(3)}, "leaseOwner" = ${p(4)}, "attempts" = "attempts" + 1, "updatedAt" = ${p(5)} ` +
        `WHERE "id" IN (SELECT "id" FROM "Effect" WHERE ${dueSql} ORDER BY "runAfter" ASC LIMIT ${p(8)}${pg ? " FOR UPDATE SKIP LOCKED" : ""}) AND ${dueSqlAgain} ` +
        `RETURNING "id", "kind", "payload", "attempts", "dedupeKey", "teamId", "runAfter"`,
      // SQLite's ? are numbered in the order they appear; PostgreSQL's $n by number.
      pg ? [now, leaseNow, lockedUntil, owner, now, now, leaseNow, limit] : [lockedUntil, owner, now, now, now, leaseNow, limit, now, now, leaseNow],
    );
    const at = (v: Date | string) => new Date(v).getTime();
    return rows
      .sort((a, b) => at(a.runAfter) - at(b.runAfter))
      .map((c) => ({ id: c.id, kind: c.kind, payload: JSON.parse(c.payload), attempts: Number(c.attempts), dedupeKey: c.dedupeKey, fence: { owner, attempt: Number(c.attempts) }, lockedUntil, teamId: c.teamId }) as ClaimedEffect);
  }

  /**
   * Extends the leases `owner` still holds among `ids`; returns the ids it still holds (the others
   * were taken over by another replica after the lease ran out, or completed).
   */
  async renewEffectLeases(owner: string, ids: string[], lockedUntil: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const where = { id: { in: ids }, status: "running", leaseOwner: owner };
    const { count } = await this.db.effect.updateMany({ where, data: { lockedUntil } });
    if (count === ids.length) return ids;
    return (await this.db.effect.findMany({ where, select: { id: true } })).map((r) => r.id);
  }

  /** Marks a claimed effect done; false (and nothing changes) when the claim's lease was lost. */
  async completeEffect(id: string, now: Date, fence: EffectFence): Promise<boolean> {
    // One statement (Prisma's updateMany adds a transaction around it).
    const p = (n: number) => placeholder(this.provider, n);
    const count = await this.sql.run(
      `UPDATE "Effect" SET "status" = 'done', "lockedUntil" = NULL, "leaseOwner" = NULL, "lastError" = NULL, "updatedAt" = ${p(1)} WHERE "id" = ${p(2)} AND "status" = 'running' AND "leaseOwner" = ${p(3)} AND "attempts" = ${p(4)}`,
      [now, id, fence.owner, fence.attempt],
    );
    return count === 1;
  }

  /**
   * Marks several claimed effects of one runner done in one statement; returns the ids completed
   * (an effect whose claim's lease was lost is left out and unchanged, as in completeEffect).
   */
  async completeEffects(effects: Array<{ id: string; fence: EffectFence }>, now: Date): Promise<Set<string>> {
    if (effects.length === 0) return new Set();
    if (effects.length === 1) {
      const only = effects[0]!;
      return new Set((await this.completeEffect(only.id, now, only.fence)) ? [only.id] : []);
    }
    const params: SqlValue[] = [now];
    const p = (v: SqlValue) => {
      params.push(v);
      return placeholder(this.provider, params.length);
    };
    // Each effect's own fence: its owner and the attempt it claimed.
    const fenced = effects.map((e) => `("id" = ${p(e.id)} AND "leaseOwner" = ${p(e.fence.owner)} AND "attempts" = ${p(e.fence.attempt)})`).join(" OR ");
    const rows = await this.sql.all<{ id: string }>(
      `UPDATE "Effect" SET "status" = 'done', "lockedUntil" = NULL, "leaseOwner" = NULL, "lastError" = NULL, "updatedAt" = ${placeholder(this.provider, 1)} WHERE "status" = 'running' AND (${fenced}) RETURNING "id"`,
      params,
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Records a claimed effect's failure: due again at `retryAt`, or given up (null). False (and
   * nothing changes) when the claim's lease was lost.
   */
  async failEffect(id: string, now: Date, error: string, retryAt: Date | null, fence: EffectFence): Promise<boolean> {
    const { count } = await this.db.effect.updateMany({
      where: { id, status: "running", leaseOwner: fence.owner, attempts: fence.attempt },
      data: retryAt
        ? { status: "failed", lockedUntil: null, leaseOwner: null, lastError: error, runAfter: retryAt, updatedAt: now }
        : { status: "gave_up", lockedUntil: null, leaseOwner: null, lastError: error, updatedAt: now },
    });
    return count === 1;
  }

  /**
   * Hands a claimed effect back, due now (its runner could not tell it still held the lease).
   * `uncounted`: no Slack call was made, so the claim's attempt is taken back.
   */
  async releaseEffect(id: string, now: Date, fence: EffectFence, uncounted = false): Promise<boolean> {
    const { count } = await this.db.effect.updateMany({
      where: { id, status: "running", leaseOwner: fence.owner, attempts: fence.attempt },
      data: { status: "pending", lockedUntil: null, leaseOwner: null, runAfter: now, updatedAt: now, ...(uncounted ? { attempts: { decrement: 1 } } : {}) },
    });
    return count === 1;
  }

  /** Makes a failed or abandoned effect due now (a user pressed Retry). */
  async retryEffect(dedupeKey: string, now: Date): Promise<boolean> {
    const { count } = await this.db.effect.updateMany({
      where: { dedupeKey, status: { in: ["failed", "gave_up"] } },
      data: { status: "pending", runAfter: now, updatedAt: now },
    });
    if (count === 1) this.effectsQueued();
    return count === 1;
  }

  /**
   * Makes due now, with their attempts counted afresh, the effects that failed (or were given up)
   * with one of `errors` — those that could not be delivered while an installation was revoked or
   * missing, once it is installed again. Returns how many.
   */
  async retryEffectsFailedWith(errors: string[], now: Date): Promise<number> {
    const { count } = await this.db.effect.updateMany({
      where: { status: { in: ["failed", "gave_up"] }, lastError: { in: errors } },
      data: { status: "pending", runAfter: now, attempts: 0, updatedAt: now },
    });
    if (count > 0) this.effectsQueued();
    return count;
  }

  async effectByKey(dedupeKey: string): Promise<{ status: string; attempts: number; lastError: string | null } | null> {
    return this.db.effect.findFirst({ where: { dedupeKey }, select: { status: true, attempts: true, lastError: true } });
  }

  /**
   * The outbox as health and metrics see it, in two indexed queries: effects due now (pending or
   * failed whose time has come) with the oldest one's due time, and how many rows are in each
   * unfinished status (`failed` includes retries scheduled for later).
   */
  async outboxStats(now: Date): Promise<{ due: number; oldestDueAt: Date | null; byStatus: Record<string, number> }> {
    const [due, groups] = await Promise.all([
      this.db.effect.aggregate({ where: { status: { in: ["pending", "failed"] }, runAfter: { lte: now } }, _count: { _all: true }, _min: { runAfter: true } }),
      this.db.effect.groupBy({ by: ["status"], where: { status: { in: ["pending", "running", "failed", "gave_up"] } }, _count: { _all: true } }),
    ]);
    return {
      due: due._count._all,
      oldestDueAt: due._min.runAfter ?? null,
      byStatus: Object.fromEntries(groups.map((g) => [g.status, g._count._all])),
    };
  }

  async pendingEffectCount(now: Date): Promise<number> {
    return this.db.effect.count({
      where: { OR: [{ status: { in: ["pending", "failed"] }, runAfter: { lte: now } }, { status: "running" }] },
    });
  }
}

function isRetryableConflict(e: unknown): boolean {
  const err = e as { code?: string; meta?: unknown; message?: string };
  if (err?.code === "P2034") return true; // write conflict or deadlock
  // The same from the driver itself (transactDirect): SQLite busy, PostgreSQL serialization failure or deadlock.
  if (err?.code === "SQLITE_BUSY" || err?.code === "40001" || err?.code === "40P01") return true;
  if (err?.code === "P2002") {
    const where = `${JSON.stringify(err.meta ?? {})} ${err.message ?? ""}`;
    return /prevHash|hash|RefCounter|year/.test(where);
  }
  // The audit entry is written with raw SQL: a lost race on the chain's head is a unique violation there.
  return /SQLITE_BUSY|could not serialize|deadlock detected|UNIQUE constraint failed: AuditEntry\.(prevHash|hash)|AuditEntry_(prevHash|hash)_key/i.test(err?.message ?? "");
}

// Runs queued side effects after their transaction committed, exactly once across replicas:
// - an effect is claimed in the database for a short lease, renewed while this process delivers
//   it; a replica that dies or stalls loses its effects to another one once the lease runs out;
// - completion is fenced (only the lease's owner, for the attempt it claimed, can complete or fail
//   the effect) and so is every Slack call (see ./lease), so a replica that lost its lease neither
//   posts nor completes;
// - a failure is retried with backoff, or when Slack asked (Retry-After on HTTP 429), by a timer
//   set for that moment, not by the next background pass;
// - effects run concurrently (a small pool; scheduled deliveries one at a time), each in its
//   lane: effects of the same target (one card, one person's Home) one after another in the order
//   claimed; kinds without a lane (they create channels, post what others link to) run alone,
//   after everything claimed before them and before everything claimed after them, as when the
//   runner ran one effect at a time.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../domain/clock";
import type { EffectKind, EffectPayloads, StoredEffect } from "../domain/effects";
import type { Logger } from "../logger";
import type { ClaimedEffect, Store } from "../store/store";
import { EffectLease, LeaseLostError, type LeaseFence } from "./lease";

export type EffectHandler<K extends EffectKind = EffectKind> = (payload: EffectPayloads[K], effect: StoredEffect<K>) => Promise<void>;
export type FailureHook<K extends EffectKind = EffectKind> = (payload: EffectPayloads[K], error: unknown, willRetry: boolean, effect: StoredEffect<K>) => Promise<void>;

/** One handler for every kind: a kind left out, or a handler of the wrong payload, fails the type check. */
export type EffectHandlers = { [K in EffectKind]: EffectHandler<K> };
/** What to do when an effect of a kind failed (optional per kind). */
export type FailureHooks = { [K in EffectKind]?: FailureHook<K> };
/** The handlers one feature file provides. */
export type HandlersFor<K extends EffectKind> = { [P in K]: EffectHandler<P> };

/** Thrown by a handler when retrying cannot help (e.g. the incident no longer exists). */
export class PermanentEffectError extends Error {}

const BACKOFF_MS = [10_000, 60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000];
export const MAX_EFFECT_ATTEMPTS = BACKOFF_MS.length + 1;
/** A crashed replica's effects are taken over when their lease runs out, found by the next poll. */
export const DEFAULT_LEASE_MS = 15_000;
/** How often the runner looks for due effects on its own (other replicas' retries, lost leases). */
export const DEFAULT_POLL_MS = 10_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export type EffectRunnerOptions = {
  /** How long a claim holds an effect (renewed every third of it while the effect runs). */
  leaseMs?: number;
  /** How many due effects one claim takes (at most; also how many this runner holds at once). */
  batch?: number;
  /** How many effects run at the same time (each lane one at a time). */
  concurrency?: number;
  /**
   * The least time between two rebuilds of one person's Home, ms (default 250; 0: none); also how
   * long the runner waits before claiming after a commit that queued only Home rebuilds: while
   * one waits pending, the next changes of a burst queue none (see Store.onEffectsQueued).
   */
  homeSpacingMs?: number;
  /** Wall clock of the leases, in ms (the business clock decides only when an effect is due). */
  wallClock?: () => number;
  /** A short, user-presentable description of a failure (the Slack layer gives Slack's error code). */
  describeError?: (error: unknown) => string;
  /** Told how each attempt ended and how long it took (metrics). */
  observe?: EffectObserver;
};

/**
 * The lane of an effect: effects of one lane run one at a time, in the order claimed, beside other
 * lanes. Only kinds that touch one target and need nothing another effect creates have a lane;
 * null: the effect runs alone (a barrier), in claim order with everything else.
 */
export function laneOf(effect: { kind: EffectKind; payload: unknown; dedupeKey: string }): string | null {
  const p = effect.payload as Record<string, unknown>;
  switch (effect.kind) {
    case "refresh_task_card":
      return `task:${String(p.taskId)}`;
    case "refresh_incident_card":
      return `incident:${String(p.incidentId)}`;
    case "refresh_consultation_card":
      return `consultation:${String(p.consultationId)}`;
    case "refresh_activity_card":
      return `activity:${String(p.activityId)}`;
    case "refresh_scope_warning":
      return `warning:${String(p.warningId)}`;
    case "refresh_home":
      return `home:${String(p.userId)}`;
    case "send_digest":
      return `digest:${String(p.userId ?? p.channel)}`;
    case "send_reminder":
      return `reminder:${effect.dedupeKey}`;
    case "send_reminders": // messages to people and channels no other effect of a sweep's posts to
      return `reminders:${effect.dedupeKey}`;
    default:
      return null;
  }
}

/**
 * Delivered effects are marked done together, in one statement (a Done click's card and Home; a
 * burst's many): when every effect this runner claimed has been delivered (or failed), when this
 * many wait, or at the latest this long after the first began to wait. Their Slack calls are made;
 * only the bookkeeping waits, in the background (the runner claims and runs others meanwhile),
 * with the leases still held and renewed. A replica that dies meanwhile leaves them to be
 * delivered again once their leases run out, as when it dies before completing one: rebuilds are
 * idempotent and posts look for their delivery key first (postOnce).
 */
const COMPLETION_BATCH = 50;
const COMPLETION_MAX_WAIT_MS = 2000;

/**
 * Scheduled deliveries: a sweep queues them by the dozen at once (a digest for every manager, a
 * reminder list for everyone reminded), and each builds a large message from many rows. They run
 * one at a time (BACKGROUND_SLOTS), the event loop turning between two, so the cards and
 * answers of people clicking meanwhile do not queue behind a burst of them on the one event loop;
 * a digest arriving a second later is not noticed.
 */
const BACKGROUND = new Set<EffectKind>(["send_digest", "send_reminders", "send_reminder"]);
const BACKGROUND_SLOTS = 1;

/** Kinds that rebuild what they show from the current state: one waiting covers an identical later one. */
const REBUILDS = new Set<EffectKind>(["refresh_home", "refresh_task_card", "refresh_incident_card", "refresh_consultation_card", "refresh_activity_card", "refresh_scope_warning"]);

/** How an attempt ended: delivered, to be retried, given up, or stopped because the lease was lost. */
export type EffectObserver = (kind: string, outcome: "done" | "retry" | "gave_up" | "lease_lost", seconds: number) => void;

export class EffectRunner implements LeaseFence {
  /** This runner's name in the lease columns. */
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly wallClock: () => number;
  private draining: Promise<void> | null = null;
  private again = false;
  private poll: NodeJS.Timeout | null = null;
  private timersOn = false;
  /** Wall-clock times at which a retry this runner scheduled falls due, earliest first. */
  private wakeTimes: number[] = [];
  private wake: NodeJS.Timeout | null = null;
  private readonly leases = new Map<string, EffectLease>();
  private heartbeat: NodeJS.Timeout | null = null;
  private renewing: Promise<void> | null = null;
  /** Claims run one after another (deliveries do not wait for each other's claims). */
  private claims: Promise<unknown> = Promise.resolve();
  /** The lease of the effect whose handler is running, in that handler's async context. */
  private readonly current = new AsyncLocalStorage<EffectLease>();
  private readonly concurrency: number;
  /** Effects claimed and not finished (waiting for their lane or a slot, or running). */
  private readonly inFlight = new Set<Promise<void>>();
  /** The last effect of each lane; the next one of that lane runs after it. */
  private readonly laneTails = new Map<string, Promise<void>>();
  /** The last effect without a lane: everything claimed after it runs after it. */
  private barrier: Promise<void> = Promise.resolve();
  private running = 0;
  private runningBackground = 0;
  /** Effects waiting for a slot, oldest first: any kind but scheduled deliveries, and those. */
  private readonly slotWaiters: Array<() => void> = [];
  private readonly backgroundWaiters: Array<() => void> = [];
  /** Per lane, the rebuild waiting in it that has not started (kind and payload), if any. */
  private readonly laneWaiting = new Map<string, string>();
  /** When each Home lane last started a rebuild (wall clock). */
  private readonly laneStarted = new Map<string, number>();
  private readonly homeSpacingMs: number;
  /** A claim stopped because this runner held all it may: claim again when one finishes. */
  private full = false;
  private unsubscribe: (() => void) | null = null;
  private unclaim: (() => void) | null = null;
  /** A wake asked for by a commit, due on the next turn of the event loop. */
  private wakeAfterCommit: Promise<void> | null = null;
  /** A wake asked for by a commit that queued only Home rebuilds, `homeSpacingMs` later. */
  private wakeForRebuilds: NodeJS.Timeout | null = null;
  private readonly describeError: (error: unknown) => string;
  private readonly observe: EffectObserver;
  /** Delivered effects waiting to be marked done together. */
  private toComplete: Array<{ effect: ClaimedEffect; settle: (done: boolean) => void; fail: (e: unknown) => void }> = [];
  private completionTimer: NodeJS.Timeout | null = null;
  /** Completions under way (idle() waits for them), and the leases they still hold. */
  private readonly settling = new Set<Promise<void>>();
  private readonly completing = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly handlers: EffectHandlers,
    private readonly onFailure: FailureHooks,
    private readonly log: Logger,
    opts: EffectRunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    this.batch = opts.batch ?? 10;
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.homeSpacingMs = opts.homeSpacingMs ?? 250;
    this.wallClock = opts.wallClock ?? Date.now;
    this.describeError = opts.describeError ?? ((error) => (error as Error)?.message ?? String(error));
    this.observe = opts.observe ?? (() => {});
  }

  /** Runs what is due now, in the background; calls made while draining coalesce into one more pass. */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = null;
      this.flushCompletionsWhenDue();
    });
  }

  /** Resolves when nothing is running in this process (used by the demo, tests and one-shot jobs). */
  async idle(): Promise<void> {
    while (this.wakeForRebuilds || this.wakeAfterCommit || this.draining || this.inFlight.size > 0 || this.settling.size > 0) {
      // Whoever waits for everything to be done does not wait for a burst that may follow.
      if (this.wakeForRebuilds) this.wakeRebuildsNow();
      await this.wakeAfterCommit;
      await this.draining;
      await Promise.all([...this.inFlight]);
      await Promise.all([...this.settling]);
    }
  }

  /** Claims what is due and runs it; resolves, with how many effects were claimed, once they ran and are marked done. */
  async runDue(limit = this.batch): Promise<number> {
    const { claimed, delivered } = await this.claimAndRun(limit);
    await delivered;
    // Completions are batched in the background; whoever asked for this pass (a test, a one-off
    // job) reads the outbox next, so the pass ends when its effects are recorded as done.
    this.flushCompletions();
    await Promise.all([...this.settling]);
    return claimed;
  }

  /** Asked by the effect client before each Slack call: is the running effect's lease still ours? */
  async ensureCurrentLeaseHeld(): Promise<void> {
    await this.current.getStore()?.ensureHeld();
  }

  /**
   * Runs effects a change of this process queued already claimed for this runner (Tx.enqueueAll's
   * runHere), handed over after its commit: at once, in their lanes, under the lease they were
   * queued with, as if this runner had claimed them.
   */
  private accept(effects: ClaimedEffect[]): void {
    for (const effect of effects) {
      const lease = new EffectLease(effect.id, effect.fence, this.validUntil(effect.lockedUntil), this.wallClock, (l) => this.revalidate(l));
      this.leases.set(leaseKey(effect), lease);
      void this.schedule(effect, lease);
    }
    if (effects.length > 0) this.startHeartbeat();
  }

  /** Claims up to `limit` due effects (after any claim under way) and schedules them in their lanes. */
  private claimAndRun(limit: number): Promise<{ claimed: number; delivered: Promise<unknown> }> {
    const claim = this.claims.then(async () => {
      const claimed = await this.store.claimEffects(this.clock.now(), this.leaseMs, limit, { owner: this.owner, leaseNow: new Date(this.wallClock()) });
      const runs = claimed.map((effect) => {
        const lease = new EffectLease(effect.id, effect.fence, this.validUntil(effect.lockedUntil), this.wallClock, (l) => this.revalidate(l));
        this.leases.set(leaseKey(effect), lease);
        return this.schedule(effect, lease);
      });
      if (claimed.length > 0) this.startHeartbeat();
      return { claimed: claimed.length, delivered: Promise.all(runs) };
    });
    this.claims = claim.catch(() => undefined);
    return claim;
  }

  /** Runs an effect after the one before it in its lane (or, without a lane, after all before it). */
  private schedule(effect: ClaimedEffect, lease: EffectLease): Promise<void> {
    const lane = laneOf(effect);
    // A rebuild from the current state (a card, a Home) waiting in its lane, not started yet,
    // covers an identical one claimed after it: that one is completed without running.
    const same = lane !== null && REBUILDS.has(effect.kind) ? `${effect.kind}|${JSON.stringify(effect.payload)}` : null;
    const covering = lane !== null && same !== null && this.laneWaiting.get(lane) === same;
    const before = lane === null ? Promise.all([...this.inFlight]) : Promise.all([this.barrier, this.laneTails.get(lane)]);
    const run: Promise<void> = (covering ? this.completeCovered(effect) : before
      .then(() => this.spaced(effect.kind, lane))
      .then(() => {
        // Started: it no longer covers newcomers (a later one of its lane, if any, does).
        if (lane !== null && this.laneTails.get(lane) === run) this.laneWaiting.delete(lane);
        return this.inSlot(BACKGROUND.has(effect.kind), () => this.runOne(effect, lease));
      }))
      .catch((e: unknown) => this.log.error("effect runner failed to settle an effect", { kind: effect.kind, error: this.describeError(e) }))
      .finally(() => {
        // A delivered effect keeps its lease until it is marked done.
        if (!this.completing.has(leaseKey(effect))) this.dropLease(leaseKey(effect));
        this.inFlight.delete(run);
        this.flushCompletionsWhenDue();
        if (lane !== null && this.laneTails.get(lane) === run) this.laneTails.delete(lane);
        if (this.full) {
          this.full = false;
          this.kick();
        }
      });
    this.inFlight.add(run);
    if (covering) return run;
    if (lane === null) this.barrier = run;
    else {
      this.laneTails.set(lane, run);
      if (same !== null) this.laneWaiting.set(lane, same);
      else this.laneWaiting.delete(lane);
    }
    return run;
  }

  /** Completes an effect another one waiting in its lane covers (it would rebuild the same thing). */
  private async completeCovered(effect: ClaimedEffect): Promise<void> {
    this.completeLater(effect, () => 0);
  }

  /**
   * Marks a delivered effect done in the background, with others (see COMPLETION_BATCH); fenced:
   * nothing changes when its lease was lost. Its lease is kept (and renewed) until then.
   */
  private completeLater(effect: ClaimedEffect, seconds: () => number): void {
    const key = leaseKey(effect);
    this.completing.add(key);
    const settled: Promise<void> = new Promise<boolean>((settle, fail) => {
      this.toComplete.push({ effect, settle, fail });
      if (this.toComplete.length >= COMPLETION_BATCH) this.flushCompletions();
      else this.completionTimer ??= setTimeout(() => this.flushCompletions(), COMPLETION_MAX_WAIT_MS);
    })
      .then(
        (done) => {
          if (done) return this.observe(effect.kind, "done", seconds());
          this.log.warn("effect ran after its lease was lost", { kind: effect.kind, key: effect.dedupeKey, attempt: effect.attempts });
          this.observe(effect.kind, "lease_lost", seconds());
        },
        (error: unknown) => this.log.error("effect delivered but not marked done: delivered again once its lease runs out", { kind: effect.kind, key: effect.dedupeKey, error: this.describeError(error) }),
      )
      .finally(() => {
        this.completing.delete(key);
        this.settling.delete(settled);
        this.dropLease(key);
      });
    this.settling.add(settled);
  }

  /**
   * Everything claimed has run, and no claim is under way or asked for (a Done card handed over at
   * commit completes with the Home its commit queued, claimed a moment later): nothing more will
   * join the waiting completions soon.
   */
  private flushCompletionsWhenDue(): void {
    if (this.inFlight.size === 0 && !this.draining && !this.wakeAfterCommit && !this.wakeForRebuilds && this.toComplete.length > 0) this.flushCompletions();
  }

  private dropLease(key: string): void {
    this.leases.delete(key);
    if (this.leases.size === 0) this.stopHeartbeat();
  }

  private flushCompletions(): void {
    if (this.completionTimer) clearTimeout(this.completionTimer);
    this.completionTimer = null;
    const batch = this.toComplete;
    this.toComplete = [];
    if (batch.length === 0) return;
    this.store.completeEffects(batch.map((b) => b.effect), this.clock.now()).then(
      (done) => {
        for (const b of batch) b.settle(done.has(b.effect.id));
      },
      (e: unknown) => {
        for (const b of batch) b.fail(e);
      },
    );
  }

  /** Home rebuilds of one person start at least `homeSpacingMs` apart (a burst of changes, a few rebuilds). */
  private async spaced(kind: EffectKind, lane: string | null): Promise<void> {
    if (kind !== "refresh_home" || lane === null || this.homeSpacingMs <= 0) return;
    const last = this.laneStarted.get(lane);
    const wait = last === undefined ? 0 : last + this.homeSpacingMs - this.wallClock();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    this.laneStarted.set(lane, this.wallClock());
    if (this.laneStarted.size > 10_000) this.laneStarted.clear();
  }

  /**
   * Runs `fn` once a slot is free (and, for a scheduled delivery, one of the background slots).
   * A finishing effect hands its slot on: to the oldest effect waiting for any slot, else to the
   * oldest scheduled delivery if a background slot is free too.
   */
  private async inSlot<T>(background: boolean, fn: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency && (!background || this.runningBackground < BACKGROUND_SLOTS)) this.takeSlot(background);
    else await new Promise<void>((granted) => (background ? this.backgroundWaiters : this.slotWaiters).push(granted));
    try {
      return await fn();
    } finally {
      this.running--;
      if (background) {
        this.runningBackground--;
        // The next delivery after the event loop's next turn: requests that arrived meanwhile first.
        await new Promise((r) => setImmediate(r));
      }
      this.grantSlots();
    }
  }

  private takeSlot(background: boolean): void {
    this.running++;
    if (background) this.runningBackground++;
  }

  private grantSlots(): void {
    while (this.running < this.concurrency) {
      const background = this.slotWaiters.length === 0;
      const next = background ? (this.runningBackground < BACKGROUND_SLOTS ? this.backgroundWaiters.shift() : undefined) : this.slotWaiters.shift();
      if (!next) return;
      this.takeSlot(background);
      next();
    }
  }

  /**
   * Runs effects after every commit of this store that queued one: on the next turn of the event
   * loop, not inside the commit's own continuation, so the listener that committed answers the
   * user first (Bolt's ack) and the effects run after.
   */
  wakeOnCommit(): void {
    // Changes of this process may queue effects already claimed for this runner (a Done click's card).
    this.unclaim ??= this.store.claimLocally({ owner: this.owner, leaseMs: this.leaseMs, leaseNow: () => new Date(this.wallClock()), accept: (effects) => this.accept(effects) });
    this.unsubscribe ??= this.store.onEffectsQueued((onlyRebuilds) => {
      if (onlyRebuilds && this.homeSpacingMs > 0) {
        // Home rebuilds, queued pending: the next changes of a burst find them pending and queue
        // none (one rebuild covers them) as long as they are not claimed yet, so the claim waits a
        // moment, unless a wake is due anyway (it claims them too).
        if (!this.wakeAfterCommit) {
          this.wakeForRebuilds ??= setTimeout(() => this.wakeRebuildsNow(), this.homeSpacingMs);
          this.wakeForRebuilds.unref();
        }
        return;
      }
      if (this.wakeForRebuilds) clearTimeout(this.wakeForRebuilds);
      this.wakeForRebuilds = null;
      this.wakeAfterCommit ??= new Promise<void>((woken) =>
        setImmediate(() => {
          this.wakeAfterCommit = null;
          this.kick();
          woken();
        }),
      );
    });
  }

  private wakeRebuildsNow(): void {
    if (this.wakeForRebuilds) clearTimeout(this.wakeForRebuilds);
    this.wakeForRebuilds = null;
    this.kick();
  }

  /**
   * Runs from now on: woken after every commit of this store that queued an effect, every `pollMs` (0: never;
   * effects due later, or left behind by another replica) and when a retry falls due. Without it,
   * only kick() and runDue() run effects.
   */
  start(pollMs = DEFAULT_POLL_MS): void {
    this.timersOn = true;
    this.wakeOnCommit();
    if (pollMs > 0) {
      this.poll = setInterval(() => this.kick(), pollMs);
      this.poll.unref();
    }
    this.kick();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.unclaim?.();
    this.unclaim = null;
    this.timersOn = false;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    this.wakeTimes = [];
    await this.idle();
    await this.renewing;
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        for (;;) {
          const room = Math.min(this.batch, this.batch - this.inFlight.size);
          if (room <= 0) {
            this.full = true; // claimed as much as it may hold: the next to finish claims again
            break;
          }
          // A claim that found fewer than it could take found everything due: no empty claim after it
          // (an effect queued meanwhile wakes the runner again).
          if ((await this.claimAndRun(room)).claimed < room) break;
        }
      } catch (e) {
        this.log.error("effect runner pass failed", { error: this.describeError(e) });
      }
    } while (this.again);
  }

  private async runOne(effect: ClaimedEffect, lease: EffectLease): Promise<void> {
    // A row of a kind this version does not know (written by a newer one) has no handler.
    const handler = this.handlers[effect.kind] as EffectHandler | undefined;
    const payload = effect.payload;
    const started = this.wallClock();
    const seconds = () => (this.wallClock() - started) / 1000;
    try {
      if (!handler) throw new PermanentEffectError(`no handler for effect kind ${effect.kind}`);
      await lease.ensureHeld();
      await this.current.run(lease, () => handler(payload, effect));
      if (lease.refusedACall) return await this.handBack(effect, lease, seconds());
      this.completeLater(effect, seconds);
    } catch (error) {
      if (error instanceof LeaseLostError || lease.refusedACall) return this.handBack(effect, lease, seconds());
      await this.recordFailure(effect, payload, error, seconds());
    }
  }

  /**
   * The lease was lost before a Slack call: stop, and give the effect back if it is still ours
   * (when the database could not be reached to tell). An attempt that made no Slack call does not
   * count towards the attempts allowed.
   */
  private async handBack(effect: ClaimedEffect, lease: EffectLease, seconds: number): Promise<void> {
    this.observe(effect.kind, "lease_lost", seconds);
    const released = await this.store.releaseEffect(effect.id, this.clock.now(), effect.fence, lease.callsMade === 0).catch(() => false);
    this.log.warn("effect lease lost; stopped before calling Slack", { kind: effect.kind, key: effect.dedupeKey, attempt: effect.attempts, released });
  }

  /** A lease past its known validity (this process stalled): still ours? Then it is extended. */
  private async revalidate(lease: EffectLease): Promise<boolean> {
    const lockedUntil = new Date(this.wallClock() + this.leaseMs);
    try {
      const kept = await this.store.renewEffectLeases(this.owner, [lease.effectId], lockedUntil);
      if (kept.length === 1) {
        lease.renewed(this.validUntil(lockedUntil));
        return true;
      }
      lease.markLost();
    } catch (e) {
      this.log.warn("effect lease check failed", { error: this.describeError(e) });
    }
    return false;
  }

  private async recordFailure(effect: ClaimedEffect, payload: EffectPayloads[EffectKind], error: unknown, seconds: number): Promise<void> {
    const now = this.clock.now();
    const retryAt = error instanceof PermanentEffectError || effect.attempts >= MAX_EFFECT_ATTEMPTS ? null : new Date(now.getTime() + retryDelayMs(error, effect.attempts));
    this.observe(effect.kind, retryAt ? "retry" : "gave_up", seconds);
    this.log.warn("effect failed", { kind: effect.kind, key: effect.dedupeKey, attempt: effect.attempts, error: this.describeError(error), retryAt });
    if (!(await this.store.failEffect(effect.id, now, this.describeError(error), retryAt, effect.fence))) {
      this.log.warn("effect failed after its lease was lost; its new owner decides", { kind: effect.kind, key: effect.dedupeKey });
      return;
    }
    if (retryAt) this.wakeAt(retryAt);
    try {
      const hook = this.onFailure[effect.kind] as FailureHook | undefined;
      await hook?.(payload, error, retryAt !== null, effect);
    } catch (hookError) {
      this.log.error("effect failure hook failed", { kind: effect.kind, error: this.describeError(hookError) });
    }
  }

  /**
   * Runs a pass when effects queued for later fall due (e.g. an exercise's injects), instead of
   * waiting for the next poll. Only a convenience: after a restart the poll still finds them.
   */
  wakeFor(times: readonly Date[]): void {
    for (const at of times) this.wakeAt(at);
  }

  /** Schedules a pass for when a retry falls due (business time `at`, timed on the wall clock). */
  private wakeAt(at: Date): void {
    if (!this.timersOn) return;
    const when = this.wallClock() + Math.max(0, at.getTime() - this.clock.now().getTime());
    this.wakeTimes.push(when);
    this.wakeTimes.sort((a, b) => a - b);
    this.armWake();
  }

  private armWake(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = null;
    const next = this.wakeTimes[0];
    if (next === undefined || !this.timersOn) return;
    this.wake = setTimeout(() => {
      const now = this.wallClock();
      this.wakeTimes = this.wakeTimes.filter((t) => t > now);
      this.kick();
      this.armWake();
    }, Math.min(MAX_TIMER_MS, Math.max(0, next - this.wallClock())));
    this.wake.unref();
  }

  /** Until when a lease stored as expiring at `lockedUntil` is surely ours: a third of it earlier. */
  private validUntil(lockedUntil: Date): number {
    return lockedUntil.getTime() - Math.floor(this.leaseMs / 3);
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      this.renewing ??= this.renew().finally(() => {
        this.renewing = null;
      });
    }, Math.max(1, Math.floor(this.leaseMs / 3)));
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Extends the leases of the effects this runner holds; marks those another replica took as lost. */
  private async renew(): Promise<void> {
    const leases = [...this.leases.values()];
    if (leases.length === 0) return;
    const lockedUntil = new Date(this.wallClock() + this.leaseMs);
    try {
      const kept = new Set(await this.store.renewEffectLeases(this.owner, [...new Set(leases.map((l) => l.effectId))], lockedUntil));
      for (const lease of leases) {
        if (kept.has(lease.effectId)) lease.renewed(this.validUntil(lockedUntil));
        else lease.markLost();
      }
    } catch (e) {
      // The leases lapse on their own when the database stays away; Slack calls stop then.
      this.log.warn("effect lease renewal failed", { error: this.describeError(e) });
    }
  }
}

function leaseKey(effect: ClaimedEffect): string {
  return `${effect.id}#${effect.fence.attempt}`;
}

export function retryDelayMs(error: unknown, attempt: number): number {
  const retryAfter = (error as { retryAfter?: number })?.retryAfter;
  if (typeof retryAfter === "number" && retryAfter > 0) return retryAfter * 1000;
  return BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)]!;
}

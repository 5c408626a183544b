// Runs queued side effects after their transaction committed. Claims them in the database first,
// so two replicas (or a restart in the middle) never run the same effect at the same time, and
// retries failures with backoff, honouring Slack's Retry-After on HTTP 429.
import type { Clock } from "../domain/clock";
import type { EffectKind, EffectPayloads, StoredEffect } from "../domain/effects";
import type { Logger } from "../logger";
import type { Store } from "../store/store";

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
const LEASE_MS = 2 * 60_000;

export class EffectRunner {
  private draining: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly handlers: EffectHandlers,
    private readonly onFailure: FailureHooks,
    private readonly log: Logger,
    /** A short, user-presentable description of a failure (the Slack layer gives Slack's error code). */
    private readonly describeError: (error: unknown) => string = (error) => (error as Error)?.message ?? String(error),
  ) {}

  /** Runs what is due now, in the background; calls made while draining coalesce into one more pass. */
  kick(): void {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = null;
    });
  }

  /** Resolves when nothing is running in this process (used by the demo, tests and one-shot jobs). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** One pass over everything due; returns how many effects ran. */
  async runDue(limit = 50): Promise<number> {
    const claimed = await this.store.claimEffects(this.clock.now(), LEASE_MS, limit);
    for (const effect of claimed) await this.runOne(effect);
    return claimed.length;
  }

  /**
   * Runs from now on: woken by every commit of this store that queued an effect, and every
   * `intervalMs` (0: never) for effects due later or left behind by another process.
   */
  start(intervalMs: number): void {
    this.unsubscribe ??= this.store.onEffectsQueued(() => this.kick());
    if (intervalMs > 0) {
      this.timer = setInterval(() => this.kick(), intervalMs);
      this.timer.unref();
    }
    this.kick();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      try {
        while ((await this.runDue()) > 0) {
          /* keep going while work is due */
        }
      } catch (e) {
        this.log.error("effect runner pass failed", { error: String(e) });
      }
    } while (this.again);
  }

  private async runOne<K extends EffectKind>(effect: StoredEffect<K>): Promise<void> {
    // A row of a kind this version does not know (written by a newer one) has no handler.
    const handler: EffectHandlers[K] | undefined = this.handlers[effect.kind];
    const payload = effect.payload;
    try {
      if (!handler) throw new PermanentEffectError(`no handler for effect kind ${effect.kind}`);
      await handler(payload, effect);
      await this.store.completeEffect(effect.id, this.clock.now());
    } catch (error) {
      const now = this.clock.now();
      const retryAt = error instanceof PermanentEffectError || effect.attempts >= MAX_EFFECT_ATTEMPTS ? null : new Date(now.getTime() + retryDelayMs(error, effect.attempts));
      this.log.warn("effect failed", { kind: effect.kind, key: effect.dedupeKey, attempt: effect.attempts, error: this.describeError(error), retryAt });
      await this.store.failEffect(effect.id, now, this.describeError(error), retryAt);
      try {
        await this.onFailure[effect.kind]?.(payload, error, retryAt !== null, effect);
      } catch (hookError) {
        this.log.error("effect failure hook failed", { kind: effect.kind, error: this.describeError(hookError) });
      }
    }
  }
}

export function retryDelayMs(error: unknown, attempt: number): number {
  const retryAfter = (error as { retryAfter?: number })?.retryAfter;
  if (typeof retryAfter === "number" && retryAfter > 0) return retryAfter * 1000;
  return BACKOFF_MS[Math.min(attempt - 1, BACKOFF_MS.length - 1)]!;
}

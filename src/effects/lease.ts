// A claimed effect's lease, and the fence every Slack call of its handler passes first.
//
// The runner claims an effect for a short time (its lease), renews the lease while it delivers,
// and completes the effect only where it still holds it (owner and attempt number). A replica that
// lost its lease (it stalled, or lost the database) must not post either: the Web API client of
// the effect handlers asks the runner, before each call, whether it still holds the lease of the
// effect it runs (the runner runs one effect at a time). Within the lease's known validity that
// costs nothing; past it (the process stalled, renewals were late) the lease is checked and
// extended in the database, and the call is refused when another replica has taken the effect.

import type { EffectFence } from "../domain/effects";

export type { EffectFence };

/** Thrown before a Slack call when the effect's lease is no longer held by this process. */
export class LeaseLostError extends Error {
  constructor(readonly effectId: string) {
    super("effect lease lost: another replica delivers it");
  }
}

export class EffectLease {
  private lost = false;
  private refused = false;
  private passed = 0;

  constructor(
    readonly effectId: string,
    readonly fence: EffectFence,
    /** Wall-clock ms until which the lease is ours for sure (the stored expiry minus a margin). */
    private validUntil: number,
    private readonly wallClock: () => number,
    /** Extends the lease in the database; false when it is no longer ours (or cannot be told). */
    private readonly revalidate: (lease: EffectLease) => Promise<boolean>,
  ) {}

  renewed(validUntil: number): void {
    this.validUntil = validUntil;
  }

  markLost(): void {
    this.lost = true;
  }

  /** Whether any call was refused: a handler that swallowed the error must not count as delivered. */
  get refusedACall(): boolean {
    return this.refused;
  }

  /** How many Slack calls went out under this lease. */
  get callsMade(): number {
    return this.passed;
  }

  /** Resolves when the lease is (still, or again) ours; throws LeaseLostError otherwise. */
  async ensureHeld(): Promise<void> {
    if (!this.lost && (this.wallClock() < this.validUntil || (await this.revalidate(this)))) {
      this.passed++;
      return;
    }
    this.refused = true;
    throw new LeaseLostError(this.effectId);
  }
}

/** What an effect client asks before each call (the effect runner it serves). */
export type LeaseFence = { ensureCurrentLeaseHeld(): Promise<void> };

// App Home rebuilds, one pending per person: a change that alters what someone's Home shows
// queues a `refresh_home` unless one for that person is still waiting to run (it runs after the
// change committed, so it covers it). A burst of changes shares one rebuild.
import { randomUUID } from "node:crypto";
import type { EffectRequest } from "../domain/effects";
import type { Tx } from "../store/store";

/** The rebuild of `userId`'s Home, and the key prefix every rebuild of that Home shares. */
export function homeRefresh(userId: string, now: Date): { effect: EffectRequest; prefix: string } {
  const prefix = `home:${userId}:`;
  return { effect: { kind: "refresh_home", payload: { userId }, dedupeKey: `${prefix}${now.getTime()}:${randomUUID().slice(0, 8)}` }, prefix };
}

/** The Home rebuilds of these people (each but once), to queue with `tx.enqueueAll`. */
export function homeRefreshes(now: Date, userIds: Array<string | null | undefined>): Array<{ effect: EffectRequest; prefix: string }> {
  return [...new Set(userIds.filter((u): u is string => !!u))].map((userId) => homeRefresh(userId, now));
}

/** Queues the Home rebuilds of these people within a change's transaction (one statement each). */
export async function queueHomeRefreshes(tx: Tx, now: Date, userIds: Array<string | null | undefined>): Promise<void> {
  for (const userId of new Set(userIds.filter((u): u is string => !!u))) {
    const { effect, prefix } = homeRefresh(userId, now);
    await tx.enqueueUnlessPending(effect, prefix);
  }
}

// Home tabs showing something that changed are rebuilt by a separate effect, so a failure there
// never blocks the card or message that caused it.
import { liaisonsOf } from "../../domain/parties";
import type { SlackEffectDeps } from "./handlers";

export async function refreshHomes(deps: Pick<SlackEffectDeps, "store" | "clock" | "effects">, userIds: Array<string | null | undefined>): Promise<void> {
  const now = deps.clock.now();
  for (const userId of new Set(userIds.filter((u): u is string => !!u))) {
    await deps.store.enqueueEffect({ kind: "refresh_home", payload: { userId }, dedupeKey: `home:${userId}:${now.getTime()}` }, now);
  }
  deps.effects.kick();
}

/** Liaison officers of every party: their Home lists decisions and consultations waiting for them. */
export function allLiaisons(deps: Pick<SlackEffectDeps, "config">): string[] {
  return deps.config.profile.parties.flatMap((p) => liaisonsOf(deps.config.directory, p.id).map((m) => m.userId));
}

// What listeners share: the use-case context, the effect runner to kick after a commit, and the
// member resolved from the request by middleware.
import type { AppContext } from "../app/context";
import type { EffectRunner } from "../effects/runner";
import type { Logger } from "../logger";
import type { Member } from "../domain/parties";

export type SlackDeps = AppContext & { effects: EffectRunner; log: Logger };

/** Bolt context after our middleware ran. */
export type RenkeiContext = { member?: Member };

export function memberOf(context: unknown): Member | undefined {
  return (context as RenkeiContext).member;
}

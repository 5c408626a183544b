// The one way an agreed cooperation item changes: lock the task row (bumping its version also
// queues the card refresh), read the task and its records fresh, and let the caller re-check
// its rule on them before writing. A rule that fails there throws `RefusedInChange`, which rolls
// the transaction back (no record, no audit entry) — so a double click or two people at once act
// once, and the loser is told why.
import type { ItemRecord } from "../../domain/item-records";
import type { Task } from "../../domain/tasks";
import type { Tx } from "../../store/store";
import type { AppContext } from "../context";

export class RefusedInChange<R extends string, D = undefined> extends Error {
  constructor(
    readonly refusal: R,
    readonly detail?: D,
  ) {
    super(refusal);
  }
}

export type ItemChange<T, R extends string, D> = { outcome: "done"; value: T } | { outcome: "refused"; refusal: R; detail: D | undefined };

export async function changeItem<T, R extends string, D = undefined>(
  ctx: AppContext,
  taskId: string,
  fn: (tx: Tx, task: Task, records: ItemRecord[]) => Promise<T>,
): Promise<ItemChange<T, R, D>> {
  try {
    const value = await ctx.store.transact(ctx.clock.now(), async (tx) => {
      await tx.refreshTaskCard(taskId);
      const task = (await tx.findTask(taskId))!;
      return fn(tx, task, await tx.recordsOfTask(taskId));
    });
    return { outcome: "done", value };
  } catch (e) {
    if (!(e instanceof RefusedInChange)) throw e;
    return { outcome: "refused", refusal: e.refusal as R, detail: e.detail as D | undefined };
  }
}

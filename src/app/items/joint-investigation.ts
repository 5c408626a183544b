// Art. 4(2)(i) joint investigation: record the reporter's consent, schedule joint hearings. One
// transaction and one audit entry each; the item's card is refreshed in the same transaction.
import type { ItemRecord } from "../../domain/item-records";
import {
  CONSENT_KIND,
  consentsOf,
  HEARING_KIND,
  hearingRefusal,
  ITEM_TYPE,
  recorderRefusal,
  validateConsent,
  validateHearing,
  type ConsentError,
  type ConsentInput,
  type HearingError,
  type HearingInput,
  type JointRefusal,
} from "../../domain/items/joint-investigation";
import type { Member } from "../../domain/parties";
import type { Task } from "../../domain/tasks";
import type { AppContext } from "../context";
import { articleOfTask } from "../task-changes";

export type JointResult<E> =
  | { outcome: "recorded"; record: ItemRecord }
  | { outcome: "refused"; refusal: JointRefusal; task: Task }
  | { outcome: "invalid"; errors: E[] }
  | { outcome: "not_found" };

/** The task behind a button or modal, if it is this item's. */
export async function jointTask(ctx: AppContext, taskId: string): Promise<Task | null> {
  const task = await ctx.store.taskById(taskId);
  return task && task.kind === "cooperation_item" && task.itemType === ITEM_TYPE ? task : null;
}

/** Why `actor` may not open the consent modal now, or null. */
export async function consentPrecheck(ctx: AppContext, actor: Member | undefined, taskId: string): Promise<{ refusal: JointRefusal | "not_found"; task: Task | null } | null> {
  const task = await jointTask(ctx, taskId);
  if (!task) return { refusal: "not_found", task: null };
  const refusal = recorderRefusal(actor, task);
  return refusal ? { refusal, task } : null;
}

/** Why `actor` may not schedule a hearing now (no consent on record yet, role...), or null. */
export async function hearingPrecheck(ctx: AppContext, actor: Member | undefined, taskId: string): Promise<{ refusal: JointRefusal | "not_found"; task: Task | null } | null> {
  const task = await jointTask(ctx, taskId);
  if (!task) return { refusal: "not_found", task: null };
  const refusal = hearingRefusal(actor, task, await ctx.store.recordsOfTask(task.id));
  return refusal ? { refusal, task } : null;
}

export async function recordConsent(ctx: AppContext, actor: Member | undefined, taskId: string, input: ConsentInput): Promise<JointResult<ConsentError>> {
  const task = await jointTask(ctx, taskId);
  if (!task) return { outcome: "not_found" };
  const refusal = recorderRefusal(actor, task);
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", task };
  const now = ctx.clock.now();
  const valid = validateConsent(input, now);
  if (!valid.data) return { outcome: "invalid", errors: valid.errors };
  const data = valid.data;
  const record = await ctx.store.transact(now, async (tx) => {
    const rec = await tx.insertItemRecord({ taskId, kind: CONSENT_KIND, party: actor.party, byUserId: actor.userId, data });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: articleOfTask(ctx, task),
      action: "item.consent_recorded",
      entityType: "item_record",
      entityId: rec.id,
      before: null,
      after: { taskId, kind: CONSENT_KIND, ...data },
    });
    await tx.refreshTaskCard(taskId);
    return rec;
  });
  return { outcome: "recorded", record };
}

export async function scheduleHearing(ctx: AppContext, actor: Member | undefined, taskId: string, input: HearingInput): Promise<JointResult<HearingError>> {
  const task = await jointTask(ctx, taskId);
  if (!task) return { outcome: "not_found" };
  const refusal = hearingRefusal(actor, task, await ctx.store.recordsOfTask(taskId));
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", task };
  const parties = ctx.config.profile.parties.map((p) => p.id);
  const valid = validateHearing(input, parties, (userId) => ctx.config.directory.member(userId)?.party);
  if (!valid.data) return { outcome: "invalid", errors: valid.errors };
  const data = valid.data;
  const now = ctx.clock.now();
  try {
    const record = await ctx.store.transact(now, async (tx) => {
      // Checked again inside the transaction: the consent must be on record when the hearing is.
      if (consentsOf(await tx.recordsOfTask(taskId)).length === 0) throw new ConsentMissing();
      const rec = await tx.insertItemRecord({ taskId, kind: HEARING_KIND, party: actor.party, byUserId: actor.userId, data });
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: articleOfTask(ctx, task),
        action: "item.hearing_scheduled",
        entityType: "item_record",
        entityId: rec.id,
        before: null,
        after: { taskId, kind: HEARING_KIND, ...data },
      });
      await tx.refreshTaskCard(taskId);
      return rec;
    });
    return { outcome: "recorded", record };
  } catch (e) {
    if (e instanceof ConsentMissing) return { outcome: "refused", refusal: "consent_required", task };
    throw e;
  }
}

class ConsentMissing extends Error {}

// Art. 4(2)(iii) prior sharing of the exercise of powers: the planning party records a planned
// exercise of its powers; the other party acknowledges it (once: the update is conditional on the
// notice still being "planned", so a double click acknowledges once and audits once).
import type { ItemRecord } from "../../domain/item-records";
import {
  acknowledgeRefusal,
  ITEM_TYPE,
  NOTICE_KIND,
  noticeRefusal,
  validateNotice,
  type AcknowledgeRefusal,
  type NoticeError,
  type NoticeInput,
} from "../../domain/items/prior-notice-of-powers";
import type { Member } from "../../domain/parties";
import type { Refusal } from "../../domain/permissions";
import { localDateOf } from "../../domain/time";
import type { Task } from "../../domain/tasks";
import type { AppContext } from "../context";
import { articleOfTask } from "../task-changes";

export type NoticeRecorded =
  | { outcome: "recorded"; record: ItemRecord }
  | { outcome: "refused"; refusal: Refusal | "task_done"; task: Task }
  | { outcome: "invalid"; errors: NoticeError[] }
  | { outcome: "not_found" };

export type AcknowledgeResult =
  | { outcome: "acknowledged"; record: ItemRecord }
  | { outcome: "refused"; refusal: AcknowledgeRefusal; record: ItemRecord | null };

export async function powersTask(ctx: AppContext, taskId: string): Promise<Task | null> {
  const task = await ctx.store.taskById(taskId);
  return task && task.kind === "cooperation_item" && task.itemType === ITEM_TYPE ? task : null;
}

export async function noticePrecheck(ctx: AppContext, actor: Member | undefined, taskId: string): Promise<{ refusal: Refusal | "task_done" | "not_found"; task: Task | null } | null> {
  const task = await powersTask(ctx, taskId);
  if (!task) return { refusal: "not_found", task: null };
  const refusal = noticeRefusal(actor, task);
  return refusal ? { refusal, task } : null;
}

export async function recordPowerNotice(ctx: AppContext, actor: Member | undefined, taskId: string, input: NoticeInput): Promise<NoticeRecorded> {
  const task = await powersTask(ctx, taskId);
  if (!task) return { outcome: "not_found" };
  const refusal = noticeRefusal(actor, task);
  if (refusal || !actor) return { outcome: "refused", refusal: refusal ?? "not_a_member", task };
  const now = ctx.clock.now();
  const valid = validateNotice(input, localDateOf(now, ctx.config.timezone));
  if (!valid.data) return { outcome: "invalid", errors: valid.errors };
  const data = valid.data;
  const record = await ctx.store.transact(now, async (tx) => {
    const rec = await tx.insertItemRecord({ taskId, kind: NOTICE_KIND, party: actor.party, byUserId: actor.userId, data, status: "planned" });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: articleOfTask(ctx, task),
      action: "item.power_notice_recorded",
      entityType: "item_record",
      entityId: rec.id,
      before: null,
      after: { taskId, kind: NOTICE_KIND, status: "planned", ...data },
    });
    await tx.refreshTaskCard(taskId);
    return rec;
  });
  return { outcome: "recorded", record };
}

export async function acknowledgePowerNotice(ctx: AppContext, actor: Member | undefined, recordId: string): Promise<AcknowledgeResult> {
  const found = await ctx.store.itemRecordById(recordId);
  const task = found ? await powersTask(ctx, found.taskId) : null;
  const notice = found && task ? found : null;
  const refusal = acknowledgeRefusal(actor, notice);
  if (refusal || !actor || !notice || !task) return { outcome: "refused", refusal: refusal ?? "not_found", record: notice };
  const now = ctx.clock.now();
  const data = { ...notice.data, ackByUserId: actor.userId, ackParty: actor.party, ackAt: now.toISOString() };
  try {
    const record = await ctx.store.transact(now, async (tx) => {
      const updated = await tx.updateItemRecordIf(notice.id, "planned", { status: "acknowledged", data });
      // Lost the race (a double click, the other party's colleague): roll back, say who was first.
      if (!updated) throw new AlreadyAcknowledged();
      await tx.audit({
        actorUserId: actor.userId,
        actorParty: actor.party,
        article: articleOfTask(ctx, task),
        action: "item.power_notice_acknowledged",
        entityType: "item_record",
        entityId: notice.id,
        before: { status: "planned" },
        after: { status: "acknowledged", ackByUserId: actor.userId, ackAt: data.ackAt },
      });
      await tx.refreshTaskCard(task.id);
      return updated;
    });
    return { outcome: "acknowledged", record };
  } catch (e) {
    if (e instanceof AlreadyAcknowledged) return { outcome: "refused", refusal: "already_acknowledged", record: await ctx.store.itemRecordById(notice.id) };
    throw e;
  }
}

class AlreadyAcknowledged extends Error {}

// Art. 4(2)(vi) use cases: edit the joint alert's draft (a new version, withdrawing every earlier
// approval), approve the exact current version as a party's liaison officer, and record the
// publication once both parties approved it. One transaction and one audit entry each; each
// first locks the task row (by bumping its card version) and re-reads the records, so versions
// never collide and a double click approves once.
import type { ItemRecord } from "../../domain/item-records";
import {
  ALERT_APPROVAL_KIND,
  ALERT_DRAFT_KIND,
  ALERT_PUBLICATION_KIND,
  alertRefusal,
  alertStateOf,
  approvalsWithdrawnByEdit,
  parsePublicationDate,
  validateDraft,
  type AlertAction,
  type AlertRefusal,
  type AlertState,
  type DraftError,
} from "../../domain/items/joint-alert";
import type { Member } from "../../domain/parties";
import type { Task } from "../../domain/tasks";
import type { Tx } from "../../store/store";
import type { AppContext } from "../context";
import { articleOfTask } from "../task-changes";
import { changeItem, RefusedInChange } from "./item-change";

export type AlertRefused = { outcome: "refused"; refusal: AlertRefusal; task: Task | null; state: AlertState | null };
export type AlertResult<Invalid = never> = { outcome: "recorded"; task: Task; record: ItemRecord; state: AlertState } | AlertRefused | Invalid;

const Refused = RefusedInChange<AlertRefusal>;

/** Rolls the transaction back and answers with `result` (e.g. a draft that became unchanged meanwhile). */
class Abort extends Error {
  constructor(readonly result: unknown) {
    super("aborted");
  }
}

const partiesOf = (ctx: AppContext) => ctx.config.profile.parties.map((p) => p.id);

/** The alert's current state: draft, approvals of that version, publication. */
export async function alertStateOfTask(ctx: AppContext, taskId: string): Promise<AlertState> {
  return alertStateOf(await ctx.store.recordsOfTask(taskId), partiesOf(ctx));
}

export async function alertPrecheck(ctx: AppContext, actor: Member | undefined, taskId: string, action: AlertAction, version?: number): Promise<AlertRefused | null> {
  const task = await ctx.store.taskById(taskId);
  if (!task || task.itemType !== "joint_alert") return { outcome: "refused", refusal: "no_draft", task: null, state: null };
  const state = await alertStateOfTask(ctx, taskId);
  const refusal = alertRefusal(actor, task, state, action, version);
  return refusal ? { outcome: "refused", refusal, task, state } : null;
}

async function change<T>(ctx: AppContext, taskId: string, fn: (tx: Tx, task: Task, state: AlertState) => Promise<T>): Promise<T | AlertRefused> {
  try {
    const result = await changeItem<T, AlertRefusal>(ctx, taskId, (tx, task, records) => fn(tx, task, alertStateOf(records, partiesOf(ctx))));
    if (result.outcome === "done") return result.value;
    return { outcome: "refused", refusal: result.refusal, task: await ctx.store.taskById(taskId), state: await alertStateOfTask(ctx, taskId) };
  } catch (e) {
    if (e instanceof Abort) return e.result as T;
    throw e;
  }
}

/** Saves the text as the next version; every approval still standing is withdrawn. */
export async function editAlertDraft(
  ctx: AppContext,
  actor: Member | undefined,
  taskId: string,
  text: string,
  baseVersion?: number,
): Promise<AlertResult<{ outcome: "invalid"; errors: DraftError[] }>> {
  const refused = await alertPrecheck(ctx, actor, taskId, "edit");
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", task: null, state: null };
  const errors = validateDraft(text, (await alertStateOfTask(ctx, taskId)).current, baseVersion);
  if (errors.length > 0) return { outcome: "invalid", errors };
  const trimmed = text.trim();
  return change(ctx, taskId, async (tx, task, state) => {
    const refusal = alertRefusal(actor, task, state, "edit");
    if (refusal) throw new Refused(refusal);
    const again = validateDraft(trimmed, state.current, baseVersion);
    if (again.length > 0) throw new Abort({ outcome: "invalid", errors: again });
    const version = (state.current?.version ?? 0) + 1;
    const withdrawn = approvalsWithdrawnByEdit(state);
    for (const a of withdrawn) await tx.updateItemRecordIf(a.id, "approved", { status: "withdrawn" });
    const withdrew = withdrawn.map((a) => ({ party: a.party, version: a.version, byUserId: a.byUserId }));
    const record = await tx.insertItemRecord({ taskId, kind: ALERT_DRAFT_KIND, party: actor.party, byUserId: actor.userId, data: { text: trimmed, withdrew }, version });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: articleOfTask(ctx, task),
      action: "item.alert_draft_edited",
      entityType: "task",
      entityId: taskId,
      before: state.current ? { version: state.current.version, text: state.current.text } : null,
      after: { ref: task.params.ref ?? null, recordId: record.id, version, text: trimmed, approvalsWithdrawn: withdrew },
    });
    return { outcome: "recorded" as const, task, record, state: alertStateOf(await tx.recordsOfTask(taskId), partiesOf(ctx)) } as AlertResult<{ outcome: "invalid"; errors: DraftError[] }>;
  });
}

/** A liaison officer approves, for their party, the exact version they saw on the card. */
export async function approveAlertVersion(ctx: AppContext, actor: Member | undefined, taskId: string, version: number): Promise<AlertResult> {
  const refused = await alertPrecheck(ctx, actor, taskId, "approve", version);
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", task: null, state: null };
  return change(ctx, taskId, async (tx, task, state) => {
    const refusal = alertRefusal(actor, task, state, "approve", version);
    if (refusal) throw new Refused(refusal);
    const record = await tx.insertItemRecord({ taskId, kind: ALERT_APPROVAL_KIND, party: actor.party, byUserId: actor.userId, data: { draftId: state.current!.id }, status: "approved", version });
    const after = alertStateOf(await tx.recordsOfTask(taskId), partiesOf(ctx));
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: articleOfTask(ctx, task),
      action: "item.alert_approved",
      entityType: "task",
      entityId: taskId,
      before: { version, approvedBy: Object.keys(state.approvals) },
      after: { ref: task.params.ref ?? null, recordId: record.id, version, approvedBy: Object.keys(after.approvals), approvedByAll: after.approvedByAll },
    });
    return { outcome: "recorded" as const, task, record, state: after };
  });
}

/** Records the joint publication of the current version, which both parties approved. */
export async function recordAlertPublication(ctx: AppContext, actor: Member | undefined, taskId: string, date: string): Promise<AlertResult<{ outcome: "invalid"; error: "invalid_date" }>> {
  const refused = await alertPrecheck(ctx, actor, taskId, "publish");
  if (refused || !actor) return refused ?? { outcome: "refused", refusal: "not_a_member", task: null, state: null };
  const day = parsePublicationDate(date);
  if (!day) return { outcome: "invalid", error: "invalid_date" };
  return change(ctx, taskId, async (tx, task, state) => {
    const refusal = alertRefusal(actor, task, state, "publish");
    if (refusal) throw new Refused(refusal);
    const version = state.current!.version;
    const record = await tx.insertItemRecord({ taskId, kind: ALERT_PUBLICATION_KIND, party: actor.party, byUserId: actor.userId, data: { date: day, version }, status: "published", version });
    await tx.audit({
      actorUserId: actor.userId,
      actorParty: actor.party,
      article: articleOfTask(ctx, task),
      action: "item.alert_published",
      entityType: "task",
      entityId: taskId,
      before: { published: false },
      after: { ref: task.params.ref ?? null, recordId: record.id, date: day, version, approvedBy: Object.values(state.approvals).map((a) => ({ party: a!.party, userId: a!.byUserId })) },
    });
    return { outcome: "recorded" as const, task, record, state: alertStateOf(await tx.recordsOfTask(taskId), partiesOf(ctx)) };
  });
}

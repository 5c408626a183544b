// Art. 4(2)(vi) on the task card: the current version of the joint alert's draft (escaped and
// shortened), each party's approval of that exact version, approvals an edit withdrew, and the
// publication; the buttons Attach/edit draft, Approve version N and Record publication; the
// draft and publication modals.
import type { Button, KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import type { ItemRecord } from "../../../domain/item-records";
import { ALERT_EDIT_ROLES, ALERT_LIMITS, alertStateOf, type AlertRefusal, type AlertState, type DraftError } from "../../../domain/items/joint-alert";
import { escapeAndTruncate, escapeMrkdwn } from "../../mrkdwn";
import type { Member } from "../../../domain/parties";
import type { Task } from "../../../domain/tasks";
import { ALERT_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, type RenderContext } from "../../render-context";
import { itemArticle } from "../consultation";
import { plainNotice, refusalMessage } from "../notices";
import type { ItemView } from "./index";
import { modal, partyName, plain, type SlackMessage } from "../kit";

/** How much of the draft the card shows; the full text is in the edit modal. */
export const ALERT_SHOWN_CHARS = 2000;

/** The Approve button's value: the exact version the card showed. */
export const ZAlertApprove = z.object({ taskId: z.string().min(1), version: z.number().int().min(1) });
/** The draft modal's metadata: the version the editor started from (0: none). */
export const ZAlertDraftMeta = z.object({ taskId: z.string().min(1), base: z.number().int().min(0) });

const sep = (rc: RenderContext) => (rc.locale === "ja" ? "、" : ", ");

export function alertStateFor(rc: RenderContext, records: ItemRecord[]): AlertState {
  return alertStateOf(records, rc.profile.parties.map((p) => p.id));
}

export function alertDetails(rc: RenderContext, _task: Task, records: ItemRecord[]): KnownBlock[] {
  const { t } = rc;
  const state = alertStateFor(rc, records);
  const current = state.current;
  if (!current) {
    return [{ type: "section", block_id: "item_alert_heading", text: { type: "mrkdwn", text: `*${t("item.alert.card.heading")}*\n${t("item.alert.card.none")}` } }];
  }
  const shown = escapeAndTruncate(current.text, ALERT_SHOWN_CHARS);
  const truncated = escapeMrkdwn(current.text).length > ALERT_SHOWN_CHARS;
  const blocks: KnownBlock[] = [
    {
      type: "section",
      block_id: "item_alert_heading",
      text: {
        type: "mrkdwn",
        text: `*${t("item.alert.card.heading")}*\n${t("item.alert.card.draft", { version: current.version, user: mentionUser(current.byUserId), party: partyName(rc, current.party), date: formatDateTime(rc, current.at) })}`,
      },
    },
    { type: "section", block_id: "item_alert_text", text: { type: "mrkdwn", text: `\`\`\`${shown}\`\`\`${truncated ? `\n${t("item.alert.card.truncated")}` : ""}` } },
  ];
  if (current.withdrew.length > 0) {
    const withdrawn = current.withdrew.map((w) => t("item.alert.card.withdrawn_one", { party: partyName(rc, w.party), version: w.version, user: mentionUser(w.byUserId) })).join(sep(rc));
    blocks.push({ type: "context", block_id: "item_alert_withdrawn", elements: [{ type: "mrkdwn", text: t("item.alert.card.withdrawn", { version: current.version, approvals: withdrawn }) }] });
  }
  const approvalLines = rc.profile.parties.map((p) => {
    const a = state.approvals[p.id];
    return a
      ? t("item.alert.card.approved", { party: partyName(rc, p.id), version: a.version, user: mentionUser(a.byUserId), date: formatDateTime(rc, a.at) })
      : t("item.alert.card.pending", { party: partyName(rc, p.id), version: current.version });
  });
  if (state.publication) {
    approvalLines.push(
      t("item.alert.card.published", { day: state.publication.date, version: state.publication.version, user: mentionUser(state.publication.byUserId), date: formatDateTime(rc, state.publication.at) }),
    );
  } else if (state.approvedByAll) {
    approvalLines.push(t("item.alert.card.approved_by_both", { version: current.version }));
  }
  blocks.push({ type: "section", block_id: "item_alert_approvals", text: { type: "mrkdwn", text: approvalLines.join("\n") } });
  return blocks;
}

export function alertButtons(rc: RenderContext, task: Task, records: ItemRecord[]): Button[] {
  const state = alertStateFor(rc, records);
  if (state.publication) return [];
  const buttons: Button[] = [{ type: "button", action_id: ALERT_ID.actionEdit, text: plain(rc.t("item.alert.button.edit")), value: encode({ taskId: task.id }) }];
  if (state.current && !state.approvedByAll) {
    buttons.push({ type: "button", action_id: ALERT_ID.actionApprove, style: "primary", text: plain(rc.t("item.alert.button.approve", { version: state.current.version })), value: encode({ taskId: task.id, version: state.current.version }) });
  }
  if (state.approvedByAll) buttons.push({ type: "button", action_id: ALERT_ID.actionPublish, style: "primary", text: plain(rc.t("item.alert.button.publish")), value: encode({ taskId: task.id }) });
  return buttons;
}

export const alertView: ItemView = { details: alertDetails, buttons: alertButtons };

// ---- modals ----

export function alertDraftModal(rc: RenderContext, task: Task, state: AlertState): ModalView {
  const base = state.current?.version ?? 0;
  const standing = state.allApprovals.some((a) => a.status === "approved");
  return modal(rc, {
    callbackId: ALERT_ID.callbackDraft,
    metadata: encode({ taskId: task.id, base }),
    title: rc.t("item.alert.draft.title"),
    submit: rc.t("item.alert.draft.submit"),
    blocks: [
      { type: "section", block_id: "item_alert_intro", text: { type: "mrkdwn", text: rc.t("item.alert.draft.intro", { ref: task.params.ref ?? "", article: itemArticle(rc, task.itemType ?? "joint_alert") }) } },
      ...(standing ? [{ type: "context" as const, block_id: "item_alert_warning", elements: [{ type: "mrkdwn" as const, text: rc.t("item.alert.draft.warning") }] }] : []),
      {
        type: "input",
        block_id: ALERT_ID.blockText,
        label: plain(rc.t("item.alert.draft.field", { version: base + 1 })),
        element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: ALERT_LIMITS.text, ...(state.current ? { initial_value: state.current.text } : {}) },
      },
    ],
  });
}

export function alertPublicationModal(rc: RenderContext, task: Task, state: AlertState, today: string): ModalView {
  return modal(rc, {
    callbackId: ALERT_ID.callbackPublish,
    metadata: encode({ taskId: task.id }),
    title: rc.t("item.alert.publish.title"),
    submit: rc.t("item.alert.publish.submit"),
    blocks: [
      { type: "section", block_id: "item_alert_publish_intro", text: { type: "mrkdwn", text: rc.t("item.alert.publish.intro", { version: state.current?.version ?? 0 }) } },
      { type: "input", block_id: ALERT_ID.blockDate, label: plain(rc.t("item.alert.publish.field")), element: { type: "datepicker", action_id: VALUE_ACTION, initial_date: today } },
    ],
  });
}

export function alertDraftErrors(rc: RenderContext, errors: DraftError[]): Record<string, string> {
  const e = errors[0];
  if (!e) return {};
  const text =
    e.error === "required"
      ? rc.t("intake.error.required")
      : e.error === "too_long"
        ? rc.t("intake.error.too_long", { max: e.max ?? ALERT_LIMITS.text })
        : e.error === "unchanged"
          ? rc.t("item.alert.error.unchanged")
          : rc.t("item.alert.error.outdated", { version: e.current ?? 0 });
  return { [ALERT_ID.blockText]: text };
}

export function alertRefusalMessage(rc: RenderContext, refusal: AlertRefusal, ctx: { member?: Member | undefined; state?: AlertState | null; version?: number }): SlackMessage {
  const state = ctx.state;
  switch (refusal) {
    case "not_a_member":
      return refusalMessage(rc, "not_a_member");
    case "role_required":
      return refusalMessage(rc, "role_required", { ...(ctx.member ? { member: ctx.member } : {}), roles: [...ALERT_EDIT_ROLES] });
    case "not_liaison":
      return plainNotice(rc.t("item.alert.refusal.not_liaison", { party: partyName(rc, ctx.member?.party ?? "") }));
    case "task_done":
      return plainNotice(rc.t("item.alert.refusal.task_done"));
    case "already_published":
      return plainNotice(rc.t("item.alert.refusal.already_published", { day: state?.publication?.date ?? "", version: state?.publication?.version ?? 0 }));
    case "no_draft":
      return plainNotice(rc.t("item.alert.refusal.no_draft"));
    case "stale_version":
      return plainNotice(rc.t("item.alert.refusal.stale_version", { version: ctx.version ?? 0, current: state?.current?.version ?? 0 }));
    case "already_approved": {
      const a = ctx.member && state ? state.approvals[ctx.member.party] : undefined;
      return plainNotice(rc.t("item.alert.refusal.already_approved", { party: partyName(rc, ctx.member?.party ?? ""), version: a?.version ?? ctx.version ?? 0, user: a ? mentionUser(a.byUserId) : "?", date: a ? formatDateTime(rc, a.at) : "" }));
    }
    case "not_approved_by_all":
      return plainNotice(
        rc.t("item.alert.refusal.not_approved_by_all", { version: state?.current?.version ?? 0, parties: (state?.pending ?? []).map((p) => partyName(rc, p)).join(sep(rc)) }),
      );
  }
}

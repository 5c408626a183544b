// A task as a card with its buttons, posted in the incident channel and updated in place.
import type { KnownBlock } from "@slack/types";
import type { Task } from "../../domain/tasks";
import { escapeAndTruncate, escapeMrkdwn } from "../mrkdwn";
import { ACTION } from "../ids";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../render-context";
import type { ItemRecord } from "../../domain/item-records";
import { itemArticle, itemName } from "./consultation";
import { itemActionButtons, itemDetailBlocks } from "./items";
import { type SlackMessage } from "./kit";
import { recipientName } from "./recipient";

/** Task parameters are user text (agency and reporter names): escaped before they reach mrkdwn. */
function escapedParams(task: Task, max = 500): Record<string, string> {
  return Object.fromEntries(Object.entries(task.params).map(([k, v]) => [k, escapeAndTruncate(v, max)]));
}

export function taskTitle(rc: RenderContext, task: Task): string {
  if (task.kind === "cooperation_item" && task.itemType) {
    return rc.t("task.cooperation_item.title", { item: escapeMrkdwn(itemName(rc, task.itemType)), article: itemArticle(rc, task.itemType) });
  }
  return rc.t(`task.${task.kind}.title`, escapedParams(task));
}

/** The ready-to-send text of the Art. 4(1) introduction, in the context's language. */
export function templateSection(rc: RenderContext, task: Task): KnownBlock {
  // Addressed to the head of the agency; names the report's recipient for the reporter's regime
  // (PPC, or the minister PPC delegated to under APPI Art. 150) and the article of the duty.
  const regime = task.params.regime === "art26" || task.params.regime === "art68" ? task.params.regime : null;
  const template = rc.t("task.introduce_leak_report_system.template", {
    ...task.params,
    recipient: recipientName(rc, { appiRegime: regime ?? "art68", delegatedRecipient: task.params.delegated || null }, false),
    article: rc.t(regime ? `task.introduce_leak_report_system.article.${regime}` : "task.introduce_leak_report_system.article.either"),
  });
  return {
    type: "section",
    block_id: "task_template",
    text: { type: "mrkdwn", text: `*${rc.t("task.introduce_leak_report_system.template_heading")}*\n\`\`\`${escapeAndTruncate(template, 2800)}\`\`\`` },
  };
}

/** The ready-to-send text alone, as a private answer (the "other language" button). */
export function templateMessage(rc: RenderContext, task: Task): SlackMessage {
  return { text: rc.t("task.introduce_leak_report_system.template_heading"), blocks: [templateSection(rc, task)] };
}

export function taskCard(rc: RenderContext, task: Task, records: ItemRecord[] = []): SlackMessage {
  const { t } = rc;
  const params = escapedParams(task);
  const status = task.status === "done" ? t("common.done") : task.status === "ended" ? t("task.state.ended") : t("common.open");
  const blocks: KnownBlock[] = [
    { type: "section", block_id: "task_title", text: { type: "mrkdwn", text: `*${t("task.header", { party: escapeMrkdwn(partyShort(rc, task.ownerParty)) })}*\n${taskTitle(rc, task)}` } },
    { type: "section", block_id: "task_explain", text: { type: "mrkdwn", text: t(`task.${task.kind}.explain`, params) } },
  ];
  if (task.kind === "introduce_leak_report_system") blocks.push(templateSection(rc, task));
  if (task.kind === "cooperation_item") {
    const lines = [rc.t("item.requested", { party: escapeMrkdwn(partyShort(rc, task.params.requester ?? "")), need: escapeAndTruncate(task.params.need ?? "", 1000) })];
    if (task.conditions) lines.push(rc.t("item.conditions", { conditions: escapeAndTruncate(task.conditions, 1000) }));
    blocks.push({ type: "section", block_id: "task_item", text: { type: "mrkdwn", text: lines.join("\n") } });
    blocks.push(...itemDetailBlocks(rc, task, records));
  }
  const facts = [
    task.assigneeUserId ? t("task.assignee", { user: mentionUser(task.assigneeUserId) }) : t("task.unassigned"),
    ...(task.dueAt ? [t("task.due", { date: formatDateTime(rc, task.dueAt) })] : []),
    t("task.status", { status }),
  ];
  blocks.push({ type: "context", block_id: "task_facts", elements: [{ type: "mrkdwn", text: facts.join("　|　") }] });
  if (task.status === "ended") {
    // Issue 15: ended with the incident's closing; reopening makes it open again (with its buttons)
    blocks.push({ type: "context", block_id: "task_ended", elements: [{ type: "mrkdwn", text: t("task.ended_note") }] });
  } else if (task.status === "done" && task.doneByUserId && task.doneAt) {
    blocks.push({ type: "context", block_id: "task_completed", elements: [{ type: "mrkdwn", text: t("task.done_by", { user: mentionUser(task.doneByUserId), date: formatDateTime(rc, task.doneAt) }) }] });
  } else {
    const button = (action_id: string, text: string, style?: "primary") => ({ type: "button" as const, action_id, text: { type: "plain_text" as const, text }, value: task.id, ...(style ? { style } : {}) });
    const itemButtons = task.kind === "cooperation_item" ? itemActionButtons(rc, task, records) : [];
    if (itemButtons.length > 0) blocks.push({ type: "actions", block_id: "task_item_actions", elements: itemButtons });
    blocks.push({
      type: "actions",
      block_id: "task_actions",
      elements: [
        button(ACTION.taskDone, t("task.button.done"), "primary"),
        button(ACTION.taskReassign, t("task.button.reassign")),
        button(ACTION.taskDue, t("task.button.due")),
        ...(task.kind === "introduce_leak_report_system" ? [button(ACTION.taskTemplateOtherLanguage, t("task.button.other_language"))] : []),
      ],
    });
  }
  const requiredText = task.kind === "cooperation_item" ? `${task.params.ref ?? ""} ` : "";
  return { text: `${requiredText}${taskTitle(rc, task)} — ${status}`, blocks };
}

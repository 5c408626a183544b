// Reminder messages. Task reminders carry the task's card, buttons included, so the reminder can
// be acted on where it is read.
import type { KnownBlock } from "@slack/types";
import type { Consultation } from "../../domain/consultation";
import type { Incident } from "../../domain/incident";
import type { ItemRecord } from "../../domain/item-records";
import { escapeMrkdwn } from "../mrkdwn";
import type { Reminder } from "../../domain/reminders";
import type { Task } from "../../domain/tasks";
import { computeDeadlines } from "../../domain/appi";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../render-context";
import { itemName } from "./consultation";
import { taskCard, taskTitle } from "./task-card";
import { contextLine, section, type SlackMessage } from "./kit";

export function taskReminder(rc: RenderContext, kind: "task_due_soon" | "task_overdue" | "task_escalation", task: Task, incident: Incident | null, records: ItemRecord[], daysOverdue = 0): SlackMessage {
  const vars = {
    ref: incident?.ref ?? task.params.ref ?? "", // an activity's task (Art. 5(1)) names the activity
    title: taskTitle(rc, task),
    date: task.dueAt ? formatDateTime(rc, task.dueAt) : "",
    party: escapeMrkdwn(partyShort(rc, task.ownerParty)),
    days: daysOverdue,
    assignee: task.assigneeUserId ? mentionUser(task.assigneeUserId) : "—",
  };
  const key = kind === "task_due_soon" ? "remind.task_due_soon" : kind === "task_overdue" ? "remind.task_overdue" : "remind.task_escalation";
  const text = rc.t(key, vars);
  const card = taskCard(rc, task, records);
  const blocks: KnownBlock[] = [section(text, "reminder_heading"), { type: "divider" }, ...card.blocks];
  return { text, blocks: blocks.slice(0, 50) };
}

/** A party's review of a closed incident past its due date (issue 15). */
export function reviewOverdueReminder(rc: RenderContext, incident: Pick<Incident, "ref" | "channelId">, dueOn: string, party: string): SlackMessage {
  const text = rc.t("remind.review_overdue", { ref: incident.ref, due: dueOn, party: escapeMrkdwn(partyShort(rc, party)), channel: incident.channelId ? `<#${incident.channelId}>` : "" });
  return { text, blocks: [section(text, "reminder_review")] };
}

export function positionReminder(rc: RenderContext, c: Consultation, incident: Incident, party: string, link: string): SlackMessage {
  const items = c.items.filter((i) => !i.positions.some((p) => p.party === party)).map((i) => escapeMrkdwn(itemName(rc, i.itemType)));
  const text = rc.t("remind.position_pending", { ref: incident.ref, round: c.round, party: escapeMrkdwn(partyShort(rc, party)), items: items.join(rc.locale === "ja" ? "、" : ", "), link });
  return { text, blocks: [section(text, "reminder_position")] };
}

export function powerNoticeReminder(rc: RenderContext, record: ItemRecord, incident: Incident | null, link: string, kindLabel: string): SlackMessage {
  const text = rc.t("remind.power_notice", {
    party: escapeMrkdwn(partyShort(rc, record.party)),
    kind: escapeMrkdwn(kindLabel),
    date: String(record.data.plannedDate ?? ""),
    ref: incident?.ref ?? "",
    link,
  });
  return { text, blocks: [section(text, "reminder_power_notice")] };
}

export function deadlineReminder(rc: RenderContext, incident: Incident, which: "preliminary" | "final"): SlackMessage {
  const d = computeDeadlines(incident.awareAt, incident.appiRegime, incident.unlawfulPurposeSuspected, rc.timezone, rc.profile.leakReportRules);
  const due = which === "preliminary" ? incident.preliminaryDueAt! : incident.finalDueAt!;
  const text = rc.t(which === "preliminary" ? "remind.report_deadline.preliminary" : "remind.report_deadline.final", {
    ref: incident.ref,
    date: formatDateTime(rc, due),
    article: d.rulesArticle,
    days: d.finalDays,
  });
  return { text, blocks: [section(text, "reminder_deadline")] };
}

/** The reporter's report past its deadline and not received: in the channel and to the recipient's liaisons and, later, managers. */
export function reportOverdueReminder(rc: RenderContext, incident: Incident, which: "preliminary" | "final", daysOverdue: number, escalation: boolean): SlackMessage {
  const d = computeDeadlines(incident.awareAt, incident.appiRegime, incident.unlawfulPurposeSuspected, rc.timezone, rc.profile.leakReportRules);
  const due = which === "preliminary" ? incident.preliminaryDueAt! : incident.finalDueAt!;
  const text = rc.t(escalation ? "remind.report_overdue_escalation" : "remind.report_overdue", {
    ref: incident.ref,
    which: rc.t(`report.which.${which}`),
    date: formatDateTime(rc, due),
    days: daysOverdue,
    article: which === "preliminary" ? d.preliminaryArticle : d.finalArticle,
    channel: incident.channelId ? `<#${incident.channelId}>` : "",
  });
  return { text, blocks: [section(text, escalation ? "reminder_report_overdue_escalation" : "reminder_report_overdue")] };
}

/**
 * Several reminders for one person or channel, in one message: a heading with how many, each
 * reminder's own text (the most urgent first) with a link to its task's card where it has one
 * (a permalink, or a channel mention when Slack gave none), and how many more were not listed.
 */
export function reminderListMessage(rc: RenderContext, reminders: Array<{ text: string; card?: string }>, more: number): SlackMessage {
  const heading = rc.t("remind.list.heading", { count: reminders.length + more });
  const withCard = (m: { text: string; card?: string }) =>
    !m.card ? m.text : `${m.text} ${/^https?:\/\//.test(m.card) ? `<${m.card}|${rc.t("remind.list.open_card")}>` : m.card}`;
  const blocks: KnownBlock[] = [section(heading, "reminder_list"), { type: "divider" }, ...reminders.map((m, i) => section(withCard(m), `reminder_list_${i}`))];
  if (more > 0) blocks.push(contextLine(rc.t("remind.list.more", { count: more }), "reminder_list_more"));
  // The notification: the heading and the first reminder (a phone shows a line or two).
  return { text: [heading, reminders[0]?.text].filter(Boolean).join("\n"), blocks: blocks.slice(0, 50) };
}

export type { Reminder };

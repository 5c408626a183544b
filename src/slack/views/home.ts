// App Home: the user's open tasks (with the task buttons), the consultations waiting for their
// decision (with the position buttons) and their party's open incidents.
import type { HomeView, KnownBlock } from "@slack/types";
import type { Consultation } from "../../domain/consultation";
import type { IncidentListItem } from "../../domain/incident";
import type { Member } from "../../domain/parties";
import type { Task } from "../../domain/tasks";
import { escapeAndTruncate, escapeMrkdwn } from "../mrkdwn";
import { ACTION } from "../ids";
import { encode } from "../metadata";
import { formatDateTime, partyShort, type RenderContext } from "../render-context";
import { itemName } from "./consultation";
import { taskTitle } from "./task-card";
import type { Activity, ActivityRecord } from "../../domain/activity";
import { resolutionStateOf } from "../../domain/activities/consultation";
import { activityLine } from "./activities/list";
import { plain, section } from "./kit";

/** How many items waiting for a decision App Home shows (the rest are counted: "and N more"). */
export const HOME_DECISIONS_SHOWN = 8;

export function homeView(
  rc: RenderContext,
  member: Member | undefined,
  data: {
    tasks: Task[];
    consultations: Consultation[];
    /** More open consultations exist than were read (App Home reads a bounded number, oldest first). */
    consultationsTruncated?: boolean;
    incidents: IncidentListItem[];
    activities?: Array<{ activity: Activity; records: ActivityRecord[] }>;
  },
  now: Date = new Date(),
): HomeView {
  const { t } = rc;
  if (!member) return { type: "home", blocks: [section(t("home.not_member"), "home_not_member")] };
  const refOf = new Map(data.incidents.map((i) => [i.id, i.ref]));
  const blocks: KnownBlock[] = [{ type: "header", block_id: "home_header", text: plain(t("home.header", { party: partyShort(rc, member.party) }).slice(0, 150)) }];

  blocks.push(section(t("home.tasks", { count: data.tasks.length }), "home_tasks"));
  if (data.tasks.length === 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: t("home.tasks.empty") }] });
  for (const task of data.tasks.slice(0, 10)) {
    const due = task.dueAt ? ` — ${t("task.due", { date: formatDateTime(rc, task.dueAt) })}` : "";
    blocks.push(section(`*${refOf.get(task.incidentId ?? "") ?? task.params.ref ?? ""}* ${taskTitle(rc, task)}${due}`, `home_task_${task.id}`));
    blocks.push({
      type: "actions",
      block_id: `home_task_actions_${task.id}`,
      elements: [
        { type: "button", action_id: ACTION.taskDone, style: "primary", text: plain(t("task.button.done")), value: task.id },
        { type: "button", action_id: ACTION.taskReassign, text: plain(t("task.button.reassign")), value: task.id },
        { type: "button", action_id: ACTION.taskDue, text: plain(t("task.button.due")), value: task.id },
      ],
    });
  }

  if (member.roles.includes("liaison")) {
    blocks.push({ type: "divider" }, section(t("home.decisions"), "home_decisions"));
    const waiting = data.consultations.flatMap((c) => c.items.filter((i) => !i.positions.some((p) => p.party === member.party)).map((i) => ({ c, i })));
    if (waiting.length === 0) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: t("home.decisions.empty") }] });
    for (const { c, i } of waiting.slice(0, HOME_DECISIONS_SHOWN)) {
      const value = encode({ c: c.id, i: i.itemType });
      blocks.push(section(`${t("home.decision.item", { ref: refOf.get(c.incidentId) ?? "", round: c.round, item: escapeMrkdwn(itemName(rc, i.itemType)) })}\n${escapeAndTruncate(i.need, 300)}`, `home_decision_${c.id}_${i.itemType}`));
      blocks.push({
        type: "actions",
        block_id: `consult_actions_${i.itemType}_${c.id}`.slice(0, 255),
        elements: [
          { type: "button", action_id: ACTION.consultAgree, style: "primary", text: plain(t("consult.button.agree")), value },
          { type: "button", action_id: ACTION.consultAgreeConditions, text: plain(t("consult.button.agree_conditions")), value },
          { type: "button", action_id: ACTION.consultDecline, style: "danger", text: plain(t("consult.button.decline")), value },
        ],
      });
    }
    const more = waiting.length - HOME_DECISIONS_SHOWN;
    if (more > 0 || (data.consultationsTruncated && waiting.length > 0)) {
      const text = data.consultationsTruncated ? t("home.decisions.more_at_least", { count: Math.max(1, more) }) : t("home.decisions.more", { count: more });
      blocks.push({ type: "context", block_id: "home_decisions_more", elements: [{ type: "mrkdwn", text }] });
    }
  }

  blocks.push({ type: "divider" }, section(t("home.incidents", { count: data.incidents.length }), "home_incidents"));
  const lines = data.incidents.map((i) => `• *${i.ref}* ${escapeAndTruncate(i.title, 80)} — ${t(`card.state.${i.state}`)}${i.channelId ? ` <#${i.channelId}>` : ""}`);
  blocks.push(lines.length > 0 ? section(lines.join("\n")) : { type: "context", elements: [{ type: "mrkdwn", text: t("home.incidents.empty") }] });
  // Normal-times cooperation (Arts. 5, 6, 8): open activities, those awaiting this liaison's party first.
  const activities = data.activities ?? [];
  blocks.push({ type: "divider" }, section(t("home.activities", { count: activities.length }), "home_activities"));
  const parties = rc.profile.parties.map((p) => p.id);
  const activityLines = activities
    .map(({ activity, records }) => {
      const state = activity.kind === "consultation" ? resolutionStateOf(records, parties) : null;
      const awaiting = !!state?.current && member.roles.includes("liaison") && state.awaiting.includes(member.party);
      const mark = awaiting ? t("home.activity.awaiting", { party: escapeMrkdwn(partyShort(rc, member.party)), version: state!.current!.version }) : "";
      return { awaiting, line: activityLine(rc, activity, now, activity.channelId ? `<#${activity.channelId}>` : undefined) + mark };
    })
    .sort((a, b) => Number(b.awaiting) - Number(a.awaiting))
    .slice(0, 10)
    .map((x) => x.line);
  blocks.push(activityLines.length > 0 ? section(activityLines.join("\n"), "home_activity_list") : { type: "context", elements: [{ type: "mrkdwn", text: t("home.activities.empty") }] });
  return { type: "home", blocks: blocks.slice(0, 100) };
}

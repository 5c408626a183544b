// Short private answers and notices: help, lists, status, refusals, channel set-up results.
import type { KnownBlock } from "@slack/types";
import type { Incident, IncidentListItem } from "../../domain/incident";
import type { Refusal } from "../../domain/permissions";
import type { Member, Role } from "../../domain/parties";
import type { Task } from "../../domain/tasks";
import { escapeAndTruncate, escapeMrkdwn } from "../mrkdwn";
import { ACTION } from "../ids";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../render-context";
import { incidentCard } from "./incident-card";
import { closingCard } from "./closing";
import type { Closure } from "../../domain/closing";
import { taskTitle } from "./task-card";
import { message, plain, section, type SlackMessage } from "./kit";
import type { MessageKey } from "../../i18n/messages";

/** The help of `/renkei`: one line per sub-command, in the order of the command's table. */
export function helpMessage(rc: RenderContext, lines: MessageKey[], problem?: string): SlackMessage {
  const text = `${problem ? `${problem}\n\n` : ""}*${rc.t("help.title")}*\n${lines.map((key) => rc.t(key)).join("\n")}`;
  return message(text);
}

export function refusalMessage(rc: RenderContext, refusal: Refusal, details: { member?: Member; roles?: Role[]; party?: string; action?: "reassign" | "due" } = {}): SlackMessage {
  const { t } = rc;
  switch (refusal) {
    case "not_a_member":
      return message(t("refusal.not_a_member", { parties: rc.profile.parties.map((p) => p.short[rc.locale]).join(rc.locale === "ja" ? "・" : ", ") }));
    case "role_required":
      return message(
        t("refusal.role_required", {
          roles: (details.roles ?? []).map((r) => t(`role.${r}`)).join(" / "),
          mine: (details.member?.roles ?? []).map((r) => t(`role.${r}`)).join(" / "),
        }),
      );
    case "other_party_task":
      // The refusal names the action refused: completing (the default), reassigning, changing the due date.
      return message(t(details.action ? `refusal.other_party_task.${details.action}` : "refusal.other_party_task", { party: escapeMrkdwn(partyShort(rc, details.party ?? "")) }));
    case "recipient_party_only":
      return message(t("refusal.recipient_party_only", { party: escapeMrkdwn(partyShort(rc, details.party ?? "")) }));
  }
}

export function incidentListMessage(rc: RenderContext, incidents: IncidentListItem[], total: number, which: "open" | "closed" = "open"): SlackMessage {
  const { t } = rc;
  const heading = which === "closed" ? "list.closed.heading" : "list.heading";
  if (incidents.length === 0) return message(t(which === "closed" ? "list.closed.empty" : "list.empty"));
  const lines = incidents.map((i) =>
    t("list.item", {
      ref: i.ref,
      title: escapeAndTruncate(i.title, 120),
      state: t(`card.state.${i.state}`),
      reporter: escapeAndTruncate(i.reporterName, 80),
      party: escapeMrkdwn(partyShort(rc, i.createdByParty)),
      channel: i.channelId ? ` <#${i.channelId}>` : "",
    }),
  );
  // Sections hold 3000 characters: pack lines into as few sections as fit.
  const blocks: KnownBlock[] = [section(`*${t(heading, { count: total })}*`, "list_heading")];
  let chunk = "";
  for (const line of lines) {
    if (chunk && chunk.length + line.length + 1 > 2900) {
      blocks.push(section(chunk));
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  if (total > incidents.length) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: t("list.more", { count: total - incidents.length }) }] });
  return { text: t(heading, { count: total }), blocks };
}

export function statusMessage(rc: RenderContext, incident: Incident, tasks: Task[], closure: Closure | null = null): SlackMessage {
  const { t } = rc;
  const card = incidentCard(rc, incident);
  const channel =
    incident.channelStatus === "ready" && incident.channelId
      ? t("status.channel", { channel: `<#${incident.channelId}>` })
      : incident.channelStatus === "failed"
        ? t("status.channel.failed", { error: escapeMrkdwn(incident.channelError ?? "") })
        : incident.channelStatus === "none"
          ? t("status.channel.none")
          : t("status.channel.pending");
  const blocks: KnownBlock[] = [...card.blocks, section(channel, "status_channel")];
  if (incident.channelStatus === "failed") blocks.push(retryActions(rc, incident));
  if (tasks.length > 0) {
    const lines = tasks.map((task) => `• ${taskTitle(rc, task)} — ${task.status === "done" ? t("common.done") : task.status === "ended" ? t("task.state.ended") : t("common.open")}${task.assigneeUserId ? ` (${mentionUser(task.assigneeUserId)})` : ""}`);
    blocks.push(section(`*${t("status.tasks")}*\n${lines.join("\n")}`, "status_tasks"));
  }
  // Issue 15: the closing (or its proposal, or the reopening), without its buttons
  if (closure) blocks.push({ type: "divider" }, ...closingCard(rc, incident, closure, { buttons: false }).blocks);
  return { text: card.text, blocks };
}

function retryActions(rc: RenderContext, incident: Incident): KnownBlock {
  return {
    type: "actions",
    block_id: "channel_retry",
    elements: [{ type: "button", action_id: ACTION.retryChannel, text: plain(rc.t("provision.retry")), value: incident.id }],
  };
}

export function channelFailureNotice(rc: RenderContext, incident: Incident): SlackMessage {
  const text = rc.t("provision.failed", { ref: incident.ref, error: escapeMrkdwn(incident.channelError ?? "") });
  return { text, blocks: [section(text, "channel_failure"), retryActions(rc, incident)] };
}

export function channelReadyNotice(rc: RenderContext, incident: Incident, sharedInviteParties: string[]): SlackMessage {
  const lines = [rc.t("provision.ready", { ref: incident.ref, channel: incident.channelId ?? "" })];
  for (const party of sharedInviteParties) lines.push(rc.t("provision.shared_invite", { party: escapeMrkdwn(partyShort(rc, party)) }));
  return message(lines.join("\n"));
}

export function alreadyDoneMessage(rc: RenderContext, task: Task): SlackMessage {
  return message(rc.t("task.already_done", { user: task.doneByUserId ? mentionUser(task.doneByUserId) : "?", date: task.doneAt ? formatDateTime(rc, task.doneAt) : "" }));
}

export function plainNotice(text: string): SlackMessage {
  return message(text);
}

/**
 * In the normal-times channel: its Slack Connect invitation to a party waits for approval, was
 * refused or expired (what to do, with the button that sends it again), or is being sent again.
 */
export function normalTimesShareNotice(rc: RenderContext, invite: { id: string; party: string }, status: "waiting_approval" | "declined" | "expired" | "invited" | "accepting" | "resent"): SlackMessage {
  const org = escapeMrkdwn(partyShort(rc, invite.party));
  if (status === "declined" || status === "expired") {
    const text = rc.t(`card.share.${status}.resend`, { org });
    return { text, blocks: [section(text, "normal_times_share"), { type: "actions", block_id: "share_actions", elements: [{ type: "button", action_id: ACTION.shareResend, style: "primary", text: plain(rc.t("share.button.resend")), value: invite.id }] }] };
  }
  return message(rc.t(`card.share.${status === "accepting" ? "invited" : status}`, { org }));
}

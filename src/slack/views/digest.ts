// The managers' daily digest as Block Kit: readable at a glance, linking to each incident channel.
import type { KnownBlock } from "@slack/types";
import type { Digest } from "../../domain/digest";
import { isQuietDigest } from "../../domain/digest";
import { escapeAndTruncate, escapeMrkdwn } from "../mrkdwn";
import { MESSAGES, type MessageKey } from "../../i18n/messages";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../render-context";
import { itemName } from "./consultation";
import { taskTitle } from "./task-card";
import { TLP_LABEL, type ScopeLevel } from "../../domain/sharing-scope";
import { DIGEST_EVENT_HORIZON_DAYS } from "../../domain/digest";
import { plain, section, type SlackMessage } from "./kit";
import { conversationName } from "./sharing-scope";

/** Lines shown per list of the digest. */
const LINES = 20;

export function digestMessage(rc: RenderContext, d: Digest, day: string, links: Map<string, string>): SlackMessage {
  const { t } = rc;
  const party = escapeMrkdwn(partyShort(rc, d.party));
  if (isQuietDigest(d)) {
    const text = t("digest.quiet", { party, date: day });
    return { text, blocks: [section(text, "digest_quiet"), ...auditHeadBlocks(rc, d)] };
  }
  const header = t("digest.header", { party: partyShort(rc, d.party), date: day });
  const blocks: KnownBlock[] = [{ type: "header", block_id: "digest_header", text: plain(header.slice(0, 150)) }];
  const incidentLine = (i: { ref: string; title: string; channelId: string | null }) =>
    t("digest.incident.line", { ref: i.ref, title: escapeAndTruncate(i.title, 80), channel: i.channelId ? ` <#${i.channelId}>` : "" });
  const list = (heading: string, lines: string[], block_id: string) => {
    if (lines.length === 0) return;
    blocks.push(section(`${heading}\n${lines.slice(0, LINES).join("\n")}`, block_id));
  };
  // Only the lines shown are rendered (a digest at scale lists hundreds of incidents and deadlines).
  const top = <T>(xs: T[]): T[] => xs.slice(0, LINES);
  list(t("digest.open", { count: d.openIncidents.length }), top(d.openIncidents).map(incidentLine), "digest_open");
  list(t("digest.cases", { count: d.cooperationCases.length }), top(d.cooperationCases).map(incidentLine), "digest_cases");
  list(
    t("digest.awaiting", { party }),
    top(d.awaitingPositions).map((a) =>
      t("digest.awaiting.line", { ref: a.ref, round: a.consultation.round, items: a.items.map((i) => escapeMrkdwn(itemName(rc, i))).join(rc.locale === "ja" ? "、" : ", "), link: links.get(a.consultation.id) ?? "" }),
    ),
    "digest_awaiting",
  );
  const refOf = (incidentId: string | null) => [...d.openIncidents, ...d.cooperationCases].find((i) => i.id === incidentId)?.ref ?? "";
  const taskLine = (task: Digest["overdueTasks"][number]) =>
    t("digest.task.line", { ref: refOf(task.incidentId) || (task.params.ref ?? ""), title: taskTitle(rc, task), date: formatDateTime(rc, task.dueAt!), assignee: task.assigneeUserId ? mentionUser(task.assigneeUserId) : "—" });
  list(t("digest.overdue"), top(d.overdueTasks).map(taskLine), "digest_overdue");
  list(t("digest.upcoming"), top(d.upcomingTasks).map(taskLine), "digest_upcoming");
  const receipt = (x: Digest["deadlines"][number]) =>
    x.receivedOn ? t("digest.deadline.received", { date: x.receivedOn.replaceAll("-", rc.locale === "ja" ? "/" : "-") }) : x.overdue ? t("digest.deadline.overdue") : "";
  list(t("digest.deadlines"), top(d.deadlines).map((x) => t("digest.deadline.line", { ref: x.incident.ref, which: t(`digest.which.${x.which}`), date: formatDateTime(rc, x.dueAt) }) + receipt(x)), "digest_deadlines");
  // Normal-times cooperation (Arts. 5, 6, 8).
  const channelOf = (a: { channelId: string | null }) => (a.channelId ? ` <#${a.channelId}>` : "");
  list(
    t("digest.activities.events", { days: DIGEST_EVENT_HORIZON_DAYS }),
    top(d.upcomingEvents ?? []).map((a) => t("digest.activity.line", { ref: a.ref, title: escapeAndTruncate(a.title, 80), date: formatDateTime(rc, a.scheduledAt!), link: channelOf(a) })),
    "digest_activity_events",
  );
  list(
    t("digest.activities.awaiting", { party }),
    top(d.awaitingResolutions ?? []).map(({ activity: a, version }) => t("digest.activity.awaiting.line", { ref: a.ref, title: escapeAndTruncate(a.title, 80), version, link: channelOf(a) })),
    "digest_activity_awaiting",
  );
  list(
    t("digest.activities.due"),
    top(d.dueActivities ?? []).map((a) => t("digest.activity.line", { ref: a.ref, title: escapeAndTruncate(a.title, 80), date: formatDateTime(rc, a.dueAt!), link: channelOf(a) })),
    "digest_activity_due",
  );
  const changes = top(d.changes).map((c) =>
    t("digest.change.line", {
      date: formatDateTime(rc, c.at),
      ref: c.ref ? `*${c.ref}* ` : "",
      action: actionText(rc, c.action),
      actor: c.actorUserId === "renkei" ? "renkei" : mentionUser(c.actorUserId),
    }),
  );
  if (d.changesOmitted > 0) changes.push(t("digest.changes.more", { count: d.changesOmitted }));
  list(t("digest.changes"), changes, "digest_changes");
  // ---- Art. 7 scope warnings (issue 5): where it went and who, never the content ----
  list(
    t("digest.scope"),
    top(d.scopeWarnings).map((w) =>
      t("digest.scope.line", {
        ref: w.ref ?? t("digest.scope.no_ref"),
        tlp: w.level ? TLP_LABEL[w.level as ScopeLevel] ?? "" : "",
        via: t(`scope.via.${w.via}`),
        channel: conversationName(rc, w.channelId, w.forwardedByUserId),
        user: mentionUser(w.forwardedByUserId),
        count: w.outsiderCount,
        date: formatDateTime(rc, w.createdAt),
        status: t(`scope.status.${w.status}`) + (w.side === "forwarder" ? t("digest.scope.side.forwarder") : ""),
        new: w.isNew ? t("digest.scope.new") : "",
      }),
    ),
    "digest_scope_warnings",
  );
  blocks.push(...auditHeadBlocks(rc, d));
  return { text: header, blocks };
}

/**
 * The audit chain's head (issue 12), in every digest, quiet or not: both parties keep, outside
 * renkei's database, the count and hash the chain had that day, and `npm run audit:verify --
 * --head <hash>` later shows whether the chain still holds it (not cut short, not rewritten).
 */
function auditHeadBlocks(rc: RenderContext, d: Digest): KnownBlock[] {
  if (d.auditHead === undefined) return [];
  const text = d.auditHead ? rc.t("digest.audit_head", { count: d.auditHead.count, hash: d.auditHead.hash }) : rc.t("digest.audit_head.empty");
  return [{ type: "context", block_id: "digest_audit_head", elements: [{ type: "mrkdwn", text }] }];
}

/** An audit action in words: translated when the catalogue knows it, else its code. */
export function actionText(rc: RenderContext, action: string): string {
  const key = `action.${action}`;
  return key in MESSAGES.ja ? rc.t(key as MessageKey) : action;
}

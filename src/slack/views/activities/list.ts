// `/renkei activities`: the open normal-times activities of every kind, soonest first (overdue
// ones first), each with its reference, kind, article, owner party, when or due, and card link.
import type { KnownBlock } from "@slack/types";
import type { Activity } from "../../../domain/activity";
import { escapeAndTruncate, escapeMrkdwn } from "../../mrkdwn";
import { articleLabel } from "../../../i18n/articles";
import { formatDateTime, partyShort, type RenderContext } from "../../render-context";
import { section, type SlackMessage } from "../kit";

export function activityLine(rc: RenderContext, a: Activity, now: Date, link: string | undefined): string {
  const { t } = rc;
  const when = a.scheduledAt
    ? t("activities.when.scheduled", { date: formatDateTime(rc, a.scheduledAt) })
    : a.dueAt
      ? t("activities.when.due", { date: formatDateTime(rc, a.dueAt) }) + (a.dueAt.getTime() < now.getTime() ? t("activities.overdue") : "")
      : "";
  return t("activities.line", {
    ref: a.ref,
    kind: t(`activity.kind.${a.kind}`),
    article: articleLabel(rc.locale, a.article),
    title: escapeAndTruncate(a.title, 100),
    party: escapeMrkdwn(partyShort(rc, a.ownerParty)),
    when,
    link: link ? ` ${link}` : "",
  });
}

/** `links`: the card's permalink (or channel) by activity id, when it was posted. */
export function activityListMessage(rc: RenderContext, activities: Activity[], total: number, now: Date, links: Map<string, string>): SlackMessage {
  const { t } = rc;
  const heading = t("activities.heading", { count: total });
  if (activities.length === 0) return { text: t("activities.empty"), blocks: [section(t("activities.empty"), "activities_empty")] };
  const blocks: KnownBlock[] = [section(`*${heading}*`, "activities_heading")];
  let chunk = "";
  for (const line of activities.map((a) => activityLine(rc, a, now, links.get(a.id)))) {
    if (chunk && chunk.length + line.length + 1 > 2900) {
      blocks.push(section(chunk));
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n${line}` : line;
  }
  if (chunk) blocks.push(section(chunk));
  if (total > activities.length) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: t("activities.more", { count: total - activities.length }) }] });
  return { text: heading, blocks: blocks.slice(0, 50) };
}

// The card of a normal-times activity in the normal-times channel. What every kind shows (title,
// reference, kind, article, owner party, status, when) is here; each kind adds its own body and
// buttons by registering a renderer in ./index.ts.
import type { KnownBlock } from "@slack/types";
import type { Activity, ActivityKind, ActivityRecord } from "../../../domain/activity";
import { escapeAndTruncate, plainSafe } from "../../mrkdwn";
import { articleLabel } from "../../../i18n/articles";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../../render-context";
import { plain, type SlackMessage } from "../kit";

/** The kind-specific part of a card: blocks under the common header (body, records, buttons). */
export type ActivityCardBody = (rc: RenderContext, activity: Activity, records: ActivityRecord[]) => KnownBlock[];

export function activityTitleLine(rc: RenderContext, activity: Activity): string {
  return `${activity.ref} ${rc.t(`activity.kind.${activity.kind}`)}: ${activity.title}`;
}

export function activityCardWith(rc: RenderContext, activity: Activity, records: ActivityRecord[], body: ActivityCardBody | undefined): SlackMessage {
  const { t } = rc;
  const when: string[] = [];
  if (activity.scheduledAt) when.push(t("activity.card.scheduled", { date: formatDateTime(rc, activity.scheduledAt) }));
  if (activity.dueAt) when.push(t("activity.card.due", { date: formatDateTime(rc, activity.dueAt) }));
  const blocks: KnownBlock[] = [
    { type: "header", text: plain(plainSafe(activity.title, 150)) },
    {
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: t("activity.card.context", {
            ref: activity.ref,
            kind: t(`activity.kind.${activity.kind}`),
            article: articleLabel(rc.locale, activity.article),
            party: escapeAndTruncate(partyShort(rc, activity.ownerParty), 40),
            status: t(statusKey(activity.status)),
          }),
        },
      ],
    },
    ...(when.length > 0 ? [{ type: "section", text: { type: "mrkdwn", text: when.join("\n") } } as KnownBlock] : []),
    ...(body ? body(rc, activity, records) : []),
    { type: "context", elements: [{ type: "mrkdwn", text: t("activity.card.by", { user: mentionUser(activity.createdByUserId), date: formatDateTime(rc, activity.createdAt) }) }] },
  ];
  return { text: plainSafe(activityTitleLine(rc, activity), 300), blocks };
}

function statusKey(status: string): "activity.status.open" | "activity.status.done" | "activity.status.resolved" | "activity.status.cancelled" {
  return status === "done" || status === "resolved" || status === "cancelled" ? `activity.status.${status}` : "activity.status.open";
}

export type ActivityCardBodies = Partial<Record<ActivityKind, ActivityCardBody>>;

// `/renkei activity` without a kind: one button per kind of normal-times cooperation.
import type { KnownBlock } from "@slack/types";
import { ACTIVITY_KINDS, type ActivityKind } from "../../../domain/activity";
import { ACTIVITY_ID } from "../../ids";
import type { RenderContext } from "../../render-context";
import { plain, type SlackMessage } from "../kit";

/** With `problem` (e.g. an unknown kind was typed), the chooser says so first. */
export function activityChooser(rc: RenderContext, available: readonly ActivityKind[], problem?: string): SlackMessage {
  const { t } = rc;
  const blocks: KnownBlock[] = [
    ...(problem ? [{ type: "section", text: { type: "mrkdwn", text: problem } } as KnownBlock] : []),
    { type: "section", text: { type: "mrkdwn", text: `*${t("activity.chooser.heading")}*` } },
  ];
  for (const kind of ACTIVITY_KINDS.filter((k) => available.includes(k))) {
    blocks.push({
      type: "section",
      block_id: `activity_kind_${kind}`,
      text: { type: "mrkdwn", text: `*${t(`activity.kind.${kind}`)}*\n${t(`activity.kind.${kind}.hint`)}` },
      accessory: { type: "button", action_id: ACTIVITY_ID.actionStart, value: kind, text: plain(t("activity.chooser.start")) },
    });
  }
  return { text: t("activity.chooser.heading"), blocks };
}

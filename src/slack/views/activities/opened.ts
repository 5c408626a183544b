// The modal shown after an activity was registered (its reference, where the card goes).
import type { ModalView } from "@slack/types";
import type { Activity } from "../../../domain/activity";
import type { RenderContext } from "../../render-context";

export function activityOpenedModal(rc: RenderContext, activity: Activity): ModalView {
  return {
    type: "modal",
    title: { type: "plain_text", text: rc.t("activity.opened.title") },
    close: { type: "plain_text", text: rc.t("common.close") },
    blocks: [{ type: "section", block_id: "activity_opened", text: { type: "mrkdwn", text: rc.t("activity.opened.body", { ref: activity.ref }) } }],
  };
}

// The modal shown after an activity was registered (its reference, where the card goes).
import type { ModalView } from "@slack/types";
import type { Activity } from "../../../domain/activity";
import type { RenderContext } from "../../render-context";
import { modal, section } from "../kit";

export function activityOpenedModal(rc: RenderContext, activity: Activity): ModalView {
  return modal(rc, { title: rc.t("activity.opened.title"), close: rc.t("common.close"), blocks: [section(rc.t("activity.opened.body", { ref: activity.ref }), "activity_opened")] });
}

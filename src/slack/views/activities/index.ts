// Which body each kind of activity adds to its card. A kind's renderer lives in its own file.
import type { Activity, ActivityRecord } from "../../../domain/activity";
import type { RenderContext } from "../../render-context";
import { activityCardWith, type ActivityCardBodies } from "./card";
import { shareCardBody } from "./share";
import { adviceCardBody } from "./advice";
import { consultationCardBody } from "./consultation";
import { eventCardBody } from "./event";
import { type SlackMessage } from "../kit";

const BODIES: ActivityCardBodies = {
  event: eventCardBody,
  share: shareCardBody,
  advice: adviceCardBody,
  consultation: consultationCardBody,
};

export function activityCard(rc: RenderContext, activity: Activity, records: ActivityRecord[]): SlackMessage {
  return activityCardWith(rc, activity, records, BODIES[activity.kind]);
}

/** A private copy of an activity's card (`/renkei activity <ref>`) with where the card is; without its buttons, which act in the channel. */
export function activityCardCopy(rc: RenderContext, activity: Activity, records: ActivityRecord[], link: string | null): SlackMessage {
  const card = activityCard(rc, activity, records);
  const where = link ? rc.t("activities.card_link", { link }) : rc.t("activities.card_pending");
  return { text: card.text, blocks: [...card.blocks.filter((b) => b.type !== "actions"), { type: "context", elements: [{ type: "mrkdwn", text: where }] }] };
}

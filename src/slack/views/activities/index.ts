// Which body each kind of activity adds to its card. A kind's renderer lives in its own file.
import type { Activity, ActivityRecord } from "../../../domain/activity";
import type { RenderContext } from "../../render-context";
import type { SlackMessage } from "../incident-card";
import { activityCardWith, type ActivityCardBodies } from "./card";
import { shareCardBody } from "./share";
import { adviceCardBody } from "./advice";
import { consultationCardBody } from "./consultation";
import { eventCardBody } from "./event";

const BODIES: ActivityCardBodies = {
  event: eventCardBody,
  share: shareCardBody,
  advice: adviceCardBody,
  consultation: consultationCardBody,
};

export function activityCard(rc: RenderContext, activity: Activity, records: ActivityRecord[]): SlackMessage {
  return activityCardWith(rc, activity, records, BODIES[activity.kind]);
}

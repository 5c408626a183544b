// Item-specific parts of an agreed cooperation item's card: what was recorded (consent,
// hearings, results, notices, requests, advice, drafts) and the buttons to record more. One file
// per item type; this index dispatches on the profile's item id.
import type { Button, KnownBlock } from "@slack/types";
import type { ItemRecord } from "../../../domain/item-records";
import type { Task } from "../../../domain/tasks";
import type { RenderContext } from "../../render-context";
import { jointInvestigationView } from "./joint-investigation";
import { priorNoticeOfPowersView } from "./prior-notice-of-powers";
import { sharingResultsView } from "./sharing-results";
import { overseasView } from "./overseas-cooperation";
import { adviceView } from "./technical-advice";
import { alertView } from "./joint-alert";

export type ItemView = {
  details(rc: RenderContext, task: Task, records: ItemRecord[]): KnownBlock[];
  buttons(rc: RenderContext, task: Task, records: ItemRecord[]): Button[];
};

/** One view per cooperation item type (the profile's item ids); an item without one shows no extra part. */
const VIEWS: Record<string, ItemView> = {
  joint_investigation: jointInvestigationView,
  sharing_results: sharingResultsView,
  prior_notice_of_powers: priorNoticeOfPowersView,
  overseas_cooperation: overseasView,
  technical_advice: adviceView,
  joint_alert: alertView,
};

export function itemDetailBlocks(rc: RenderContext, task: Task, records: ItemRecord[]): KnownBlock[] {
  return task.itemType ? (VIEWS[task.itemType]?.details(rc, task, records) ?? []) : [];
}

export function itemActionButtons(rc: RenderContext, task: Task, records: ItemRecord[]): Button[] {
  return task.itemType ? (VIEWS[task.itemType]?.buttons(rc, task, records) ?? []) : [];
}

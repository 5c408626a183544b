// Item-specific parts of an agreed cooperation item's card: what was recorded (consent,
// hearings, results, notices, requests, advice, drafts) and the buttons to record more. One file
// per item type; this index dispatches on the profile's item id.
import type { Button, KnownBlock } from "@slack/types";
import type { ItemRecord } from "../../../domain/item-records";
import type { Task } from "../../../domain/tasks";
import type { RenderContext } from "../../render-context";

export type ItemView = {
  details(rc: RenderContext, task: Task, records: ItemRecord[]): KnownBlock[];
  buttons(rc: RenderContext, task: Task, records: ItemRecord[]): Button[];
};

const VIEWS: Record<string, ItemView> = {};

export function registerItemView(itemType: string, view: ItemView): void {
  VIEWS[itemType] = view;
}

export function itemDetailBlocks(rc: RenderContext, task: Task, records: ItemRecord[]): KnownBlock[] {
  return task.itemType ? (VIEWS[task.itemType]?.details(rc, task, records) ?? []) : [];
}

export function itemActionButtons(rc: RenderContext, task: Task, records: ItemRecord[]): Button[] {
  return task.itemType ? (VIEWS[task.itemType]?.buttons(rc, task, records) ?? []) : [];
}

// Listeners of the item-specific actions on agreed cooperation items, one file per item type.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../listener-context";

export function registerItemListeners(app: App, deps: SlackDeps): void {
  void app;
  void deps;
}

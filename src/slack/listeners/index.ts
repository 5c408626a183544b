// Routing: each feature folder routes its own Slack surfaces (commands, buttons, modals,
// shortcuts, events) in its index.ts; this file only lists the folders. Every listener goes
// through the kit (./kit.ts): member → render context → decode → refuse privately or act → answer.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../listener-context";
import { registerActivityListeners } from "./activities";
import { registerClosingListeners } from "./closing";
import { registerCommandListeners } from "./commands";
import { registerConsultationListeners } from "./consultation";
import { registerHomeListeners } from "./home";
import { registerIncidentListeners } from "./incident";
import { registerItemListeners } from "./items";
import { registerReleaseListeners } from "./release";
import { registerSharingScopeListeners } from "./sharing-scope";
import { registerTaskListeners } from "./tasks";

export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommandListeners(app, deps); // /renkei and its sub-commands
  registerIncidentListeners(app, deps); // Art. 4(1): intake, the card's forms
  registerConsultationListeners(app, deps); // Art. 4(2): consultation and decision
  registerTaskListeners(app, deps); // tasks of agreed items
  registerItemListeners(app, deps); // item-specific actions (Art. 4(2)(i)-(vi))
  registerSharingScopeListeners(app, deps); // Art. 7 sharing scopes
  registerReleaseListeners(app, deps); // Art. 4(2)/7 releases and consent
  registerActivityListeners(app, deps); // normal-times cooperation (Arts. 5, 6, 8)
  registerClosingListeners(app, deps); // closing, reopening, archiving and the review (issue 15)
  registerHomeListeners(app, deps); // App Home
}

// Listeners of the item-specific actions on agreed cooperation items, one file per item type.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../listener-context";
import { registerJointInvestigation } from "./joint-investigation";
import { registerPriorNoticeOfPowers } from "./prior-notice-of-powers";
import { registerSharingResults } from "./sharing-results";
import { registerOverseasCooperation } from "./overseas-cooperation";
import { registerTechnicalAdvice } from "./technical-advice";
import { registerJointAlert } from "./joint-alert";

export function registerItemListeners(app: App, deps: SlackDeps): void {
  registerJointInvestigation(app, deps);
  registerSharingResults(app, deps);
  registerPriorNoticeOfPowers(app, deps);
  registerOverseasCooperation(app, deps);
  registerTechnicalAdvice(app, deps);
  registerJointAlert(app, deps);
}

// Art. 4(2)/7: releases from a party's internal channel to the other party, and consent asked in
// advance from the provider.
import type { App } from "@slack/bolt";
import { RELEASE_ID } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { consentDecisionButton, requestConsentShortcut, requestConsentSubmission, shareShortcut, shareSubmission } from "./listeners";

export function registerReleaseListeners(app: App, deps: SlackDeps): void {
  app.shortcut({ callback_id: RELEASE_ID.shortcutShare, type: "message_action" }, shareShortcut(deps));
  app.view(RELEASE_ID.callbackShare, shareSubmission(deps));
  app.shortcut({ callback_id: RELEASE_ID.shortcutRequestConsent, type: "message_action" }, requestConsentShortcut(deps));
  app.view(RELEASE_ID.callbackRequestConsent, requestConsentSubmission(deps));
  app.action(RELEASE_ID.actionApprove, consentDecisionButton(deps, "granted"));
  app.action(RELEASE_ID.actionDecline, consentDecisionButton(deps, "declined"));
}

// Art. 7: designating a sharing scope (message shortcut), every message seen for forwards out of
// scope, and the provider's answers (consent, removal).
import type { App } from "@slack/bolt";
import { SCOPE_ID } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { designateShortcut, designateSubmission, messageSeen, scopeAnswerButton } from "./listeners";

export function registerSharingScopeListeners(app: App, deps: SlackDeps): void {
  app.shortcut({ callback_id: SCOPE_ID.shortcutDesignate, type: "message_action" }, designateShortcut(deps));
  app.view(SCOPE_ID.callbackDesignate, designateSubmission(deps));
  app.event("message", messageSeen(deps));
  app.action(SCOPE_ID.actionConsent, scopeAnswerButton(deps, "consent"));
  app.action(SCOPE_ID.actionRemoval, scopeAnswerButton(deps, "removal"));
  app.action(SCOPE_ID.actionRemoved, scopeAnswerButton(deps, "removed"));
}

// Routing table: which listener answers which Slack surface.
import type { App, BlockAction, CheckboxesAction } from "@slack/bolt";
import { ACTION, CALLBACK, COMMAND, CONSULT_BLOCK, RELEASE_ID, SCOPE_ID, VALUE_ACTION } from "../ids";
import type { SlackDeps } from "../listener-context";
import { renkeiCommand } from "./commands/renkei-command";
import { intakeSubmission } from "./views/intake-submission";
import { taskDone, taskTemplateOtherLanguage } from "./actions/task-done";
import { retryChannel } from "./actions/retry-channel";
import { openDeadlineEditor } from "./actions/edit-deadlines";
import { deadlinesSubmission } from "./views/deadlines-submission";
import { openReceiptsEditor } from "./actions/report-receipts";
import { receiptsSubmission } from "./views/receipts-submission";
import { adminBodyInfoSubmission, openAdminBodyInfo } from "./actions/admin-body-info";
import { agreeButton, positionModalButton, positionSubmission, proposalItemsTicked, proposalSubmission, proposeButton } from "./consultation";
import { openTaskModal, taskModalSubmission } from "./actions/task-changes";
import { registerItemListeners } from "./items";
import { appHomeOpened } from "./events/app-home-opened";
import { registerActivityListeners } from "./activities";
import { designateShortcut, designateSubmission, messageSeen, scopeAnswerButton } from "./sharing-scope";
import { consentDecisionButton, requestConsentShortcut, requestConsentSubmission, shareShortcut, shareSubmission } from "./release";

export function registerListeners(app: App, deps: SlackDeps): void {
  app.command(COMMAND, renkeiCommand(deps));
  app.view(CALLBACK.intake, intakeSubmission(deps));
  app.action(ACTION.taskDone, taskDone(deps));
  app.action(ACTION.taskTemplateOtherLanguage, taskTemplateOtherLanguage(deps));
  app.action(ACTION.retryChannel, retryChannel(deps));
  app.action(ACTION.editDeadlines, openDeadlineEditor(deps));
  // the reporter's leak reports tracked to receipt (APPI Art. 26(1) / 68(1))
  app.action(ACTION.reportReceipts, openReceiptsEditor(deps));
  app.view(CALLBACK.reportReceipts, receiptsSubmission(deps));
  // Art. 4(1) later: information received from a relevant administrative body after intake
  app.action(ACTION.adminBodyInfo, openAdminBodyInfo(deps));
  app.view(CALLBACK.adminBodyInfo, adminBodyInfoSubmission(deps));
  // Art. 4(2) consultation
  app.action(ACTION.consultPropose, proposeButton(deps));
  app.action<BlockAction<CheckboxesAction>>({ type: "block_actions", block_id: CONSULT_BLOCK.items, action_id: VALUE_ACTION }, proposalItemsTicked(deps));
  app.view(CALLBACK.consultProposal, proposalSubmission(deps));
  app.action(ACTION.consultAgree, agreeButton(deps));
  app.action(ACTION.consultAgreeConditions, positionModalButton(deps, "conditions"));
  app.action(ACTION.consultDecline, positionModalButton(deps, "decline"));
  app.view(CALLBACK.consultConditions, positionSubmission(deps, "conditions"));
  app.view(CALLBACK.consultDecline, positionSubmission(deps, "decline"));
  // tasks
  app.action(ACTION.taskReassign, openTaskModal(deps, "reassign"));
  app.action(ACTION.taskDue, openTaskModal(deps, "due"));
  app.view(CALLBACK.taskReassign, taskModalSubmission(deps, "reassign"));
  app.view(CALLBACK.taskDue, taskModalSubmission(deps, "due"));
  // item-specific actions of agreed cooperation items (Art. 4(2)(i)-(vi))
  registerItemListeners(app, deps);
  // Art. 7 sharing scopes
  app.shortcut({ callback_id: SCOPE_ID.shortcutDesignate, type: "message_action" }, designateShortcut(deps));
  app.view(SCOPE_ID.callbackDesignate, designateSubmission(deps));
  app.event("message", messageSeen(deps));
  app.action(SCOPE_ID.actionConsent, scopeAnswerButton(deps, "consent"));
  app.action(SCOPE_ID.actionRemoval, scopeAnswerButton(deps, "removal"));
  app.action(SCOPE_ID.actionRemoved, scopeAnswerButton(deps, "removed"));
  // normal-times cooperation (Arts. 5, 6, 8)
  registerActivityListeners(app, deps);
  // Art. 4(2)/7: releases from a party's internal channel, consent asked in advance
  app.shortcut({ callback_id: RELEASE_ID.shortcutShare, type: "message_action" }, shareShortcut(deps));
  app.view(RELEASE_ID.callbackShare, shareSubmission(deps));
  app.shortcut({ callback_id: RELEASE_ID.shortcutRequestConsent, type: "message_action" }, requestConsentShortcut(deps));
  app.view(RELEASE_ID.callbackRequestConsent, requestConsentSubmission(deps));
  app.action(RELEASE_ID.actionApprove, consentDecisionButton(deps, "granted"));
  app.action(RELEASE_ID.actionDecline, consentDecisionButton(deps, "declined"));
  app.event("app_home_opened", appHomeOpened(deps));
  app.view(CALLBACK.editDeadlines, deadlinesSubmission(deps));
}

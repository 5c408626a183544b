// Incidents: intake (Art. 4(1)), the channel's Retry, and the card's forms — the reporter's
// deadlines, their receipts (APPI Art. 26(1) / 68(1)) and information from an administrative body
// received later (Art. 4(1)).
import type { App } from "@slack/bolt";
import { ACTION, CALLBACK } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { adminBodyInfoSubmission, openAdminBodyInfo } from "./admin-body-info";
import { deadlinesSubmission } from "./deadlines-submission";
import { openDeadlineEditor } from "./edit-deadlines";
import { intakeSubmission } from "./intake-submission";
import { receiptsSubmission } from "./receipts-submission";
import { openReceiptsEditor } from "./report-receipts";
import { retryChannel } from "./retry-channel";
import { resendSharedInvite } from "./share-resend";

export function registerIncidentListeners(app: App, deps: SlackDeps): void {
  app.view(CALLBACK.intake, intakeSubmission(deps));
  app.action(ACTION.retryChannel, retryChannel(deps));
  app.action(ACTION.shareResend, resendSharedInvite(deps));
  app.action(ACTION.editDeadlines, openDeadlineEditor(deps));
  app.view(CALLBACK.editDeadlines, deadlinesSubmission(deps));
  app.action(ACTION.reportReceipts, openReceiptsEditor(deps));
  app.view(CALLBACK.reportReceipts, receiptsSubmission(deps));
  app.action(ACTION.adminBodyInfo, openAdminBodyInfo(deps));
  app.view(CALLBACK.adminBodyInfo, adminBodyInfoSubmission(deps));
}

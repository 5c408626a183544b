// Closing, reopening and archiving an incident (issue 15): the card's Close and Reopen buttons,
// the closing card's Confirm button, and their modals.
import type { App } from "@slack/bolt";
import { CLOSING_ID } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { channelUnarchivedEvent, closeButton, closingSubmission, confirmButton, lessonButton, reopenButton, reopenSubmission, reviewButton, reviewSubmission, withdrawButton, withdrawSubmission } from "./listeners";

export function registerClosingListeners(app: App, deps: SlackDeps): void {
  app.action(CLOSING_ID.actionClose, closeButton(deps));
  app.view(CLOSING_ID.callbackClose, closingSubmission(deps));
  app.action(CLOSING_ID.actionConfirm, confirmButton(deps));
  app.action(CLOSING_ID.actionWithdraw, withdrawButton(deps));
  app.view(CLOSING_ID.callbackWithdraw, withdrawSubmission(deps));
  app.action(CLOSING_ID.actionReopen, reopenButton(deps));
  app.view(CLOSING_ID.callbackReopen, reopenSubmission(deps));
  // the review after closing; a lesson proposed as an Art. 5(1) training topic or an Art. 8 consultation
  app.action(CLOSING_ID.actionReview, reviewButton(deps));
  app.view(CLOSING_ID.callbackReview, reviewSubmission(deps));
  app.action(CLOSING_ID.actionLessonTraining, lessonButton(deps, "training"));
  app.action(CLOSING_ID.actionLessonConsultation, lessonButton(deps, "consultation"));
  // a reopened incident's channel unarchived by someone in Slack (public and private channels)
  app.event("channel_unarchive", channelUnarchivedEvent(deps));
  app.event("group_unarchive", channelUnarchivedEvent(deps));
}

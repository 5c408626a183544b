// Tasks of agreed cooperation items: Done (and the template in the other language), Reassign and
// Change due date.
import type { App } from "@slack/bolt";
import { ACTION, CALLBACK } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { openTaskModal, taskModalSubmission } from "./task-changes";
import { taskDone, taskTemplateOtherLanguage } from "./task-done";

export function registerTaskListeners(app: App, deps: SlackDeps): void {
  app.action(ACTION.taskDone, taskDone(deps));
  app.action(ACTION.taskTemplateOtherLanguage, taskTemplateOtherLanguage(deps));
  app.action(ACTION.taskReassign, openTaskModal(deps, "reassign"));
  app.action(ACTION.taskDue, openTaskModal(deps, "due"));
  app.view(CALLBACK.taskReassign, taskModalSubmission(deps, "reassign"));
  app.view(CALLBACK.taskDue, taskModalSubmission(deps, "due"));
}

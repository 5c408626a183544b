// Routing table: which listener answers which Slack surface.
import type { App } from "@slack/bolt";
import { ACTION, CALLBACK, COMMAND } from "../ids";
import type { SlackDeps } from "../listener-context";
import { renkeiCommand } from "./commands/renkei-command";
import { intakeSubmission } from "./views/intake-submission";
import { taskDone, taskTemplateOtherLanguage } from "./actions/task-done";
import { retryChannel } from "./actions/retry-channel";
import { openDeadlineEditor } from "./actions/edit-deadlines";
import { deadlinesSubmission } from "./views/deadlines-submission";

export function registerListeners(app: App, deps: SlackDeps): void {
  app.command(COMMAND, renkeiCommand(deps));
  app.view(CALLBACK.intake, intakeSubmission(deps));
  app.action(ACTION.taskDone, taskDone(deps));
  app.action(ACTION.taskTemplateOtherLanguage, taskTemplateOtherLanguage(deps));
  app.action(ACTION.retryChannel, retryChannel(deps));
  app.action(ACTION.editDeadlines, openDeadlineEditor(deps));
  app.view(CALLBACK.editDeadlines, deadlinesSubmission(deps));
}

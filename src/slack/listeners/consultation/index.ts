// Art. 4(2): proposing cooperation items, each party's position, the conclusion.
import type { App, BlockAction, CheckboxesAction } from "@slack/bolt";
import { ACTION, CALLBACK, CONSULT_BLOCK, VALUE_ACTION } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { agreeButton, positionModalButton, positionSubmission, proposalItemsTicked, proposalSubmission, proposeButton } from "./listeners";

export function registerConsultationListeners(app: App, deps: SlackDeps): void {
  app.action(ACTION.consultPropose, proposeButton(deps));
  // Ticking an item shows (or hides) its "why you need <party>" field.
  app.action<BlockAction<CheckboxesAction>>({ type: "block_actions", block_id: CONSULT_BLOCK.items, action_id: VALUE_ACTION }, proposalItemsTicked(deps));
  app.view(CALLBACK.consultProposal, proposalSubmission(deps));
  app.action(ACTION.consultAgree, agreeButton(deps));
  app.action(ACTION.consultAgreeConditions, positionModalButton(deps, "conditions"));
  app.action(ACTION.consultDecline, positionModalButton(deps, "decline"));
  app.view(CALLBACK.consultConditions, positionSubmission(deps, "conditions"));
  app.view(CALLBACK.consultDecline, positionSubmission(deps, "decline"));
}

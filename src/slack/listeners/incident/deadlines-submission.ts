// Saving the deadline editor: errors inline, otherwise audited and the card updated in place.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { editDeadlines } from "../../../app/edit-deadlines";
import { DEADLINE_BLOCK, VALUE_ACTION } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { deadlineErrors } from "../../views/deadlines-modal";
import { refusalMessage } from "../../views/notices";
import { formErrors } from "../../views/kit";
import { listenerContext } from "../kit";

export function deadlinesSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const { incidentId } = JSON.parse(view.private_metadata || "{}") as { incidentId?: string };
    const at = (block: string) => {
      const seconds = view.state.values[block]?.[VALUE_ACTION]?.selected_date_time;
      return typeof seconds === "number" ? new Date(seconds * 1000) : null;
    };
    const preliminaryDueAt = at(DEADLINE_BLOCK.preliminary);
    const finalDueAt = at(DEADLINE_BLOCK.final);
    if (!preliminaryDueAt || !finalDueAt) {
      const required = rc.t("intake.error.required");
      return ack(formErrors({ ...(!preliminaryDueAt ? { [DEADLINE_BLOCK.preliminary]: required } : {}), ...(!finalDueAt ? { [DEADLINE_BLOCK.final]: required } : {}) }));
    }
    const result = await editDeadlines(deps, member, incidentId ?? "", { preliminaryDueAt, finalDueAt });
    switch (result.outcome) {
      case "invalid": {
        const incident = (await deps.store.incidentById(incidentId ?? ""))!;
        return ack(formErrors(deadlineErrors(rc, incident, result.errors)));
      }
      case "refused":
        return ack(formErrors({ [DEADLINE_BLOCK.preliminary]: refusalMessage(rc, result.refusal, { member, roles: ["staff", "liaison", "admin"] }).text }));
      default:
        await ack();
    }
  };
}

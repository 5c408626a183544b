// Art. 4(2)(ii) sharing investigation results: the "Record a result shared" button and its modal.
import type { App } from "@slack/bolt";
import { recordSharedResult, resultPrecheck } from "../../../app/items/sharing-results";
import { RELEASE_ID, RESULTS_ID } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { ZTaskRef } from "../../metadata";
import { resultErrors, resultModal, resultRefusalMessage } from "../../views/items/sharing-results";
import { field, modalButton, modalSubmission } from "../kit";

export function registerSharingResults(app: App, deps: SlackDeps): void {
  app.action(RESULTS_ID.actionRecord, modalButton(deps, {
    schema: ZTaskRef,
    precheck: async ({ rc, member }, ref) => {
      const refused = await resultPrecheck(deps, member, ref.taskId);
      return refused || !member ? resultRefusalMessage(rc, member, refused?.refusal ?? "not_a_member") : null;
    },
    // The precheck refused anyone who is not a member, so there is a member (and their party) here.
    view: async ({ rc, member }, ref) => resultModal(rc, (await deps.store.taskById(ref.taskId))!, member!.party),
  }));
  app.view(RESULTS_ID.callbackResult, modalSubmission(deps, {
    schema: ZTaskRef,
    fallbackBlock: RESULTS_ID.blockSummary,
    read: (v) => ({ summary: field(v, RESULTS_ID.blockSummary)?.value ?? "", details: field(v, RESULTS_ID.blockDetails)?.value ?? "", level: field(v, RELEASE_ID.blockResultLevel)?.selected_option?.value ?? null }),
    run: ({ member }, meta, { level, ...input }) => recordSharedResult(deps, member, meta.taskId, input, level),
    errors: ({ rc, member }, result) =>
      result.outcome === "invalid" ? resultErrors(rc, result.errors) : resultRefusalMessage(rc, member, result.outcome === "refused" ? result.refusal : "not_found").text,
  }));
}

// Art. 4(2)(iii) prior sharing of the exercise of powers: "Record planned exercise of powers"
// (button and modal) and each notice's "Acknowledge" button for the other party.
import type { App } from "@slack/bolt";
import { z } from "zod";
import { acknowledgePowerNotice, noticePrecheck, recordPowerNotice } from "../../../app/items/prior-notice-of-powers";
import { POWERS_ID } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { ZTaskRef } from "../../metadata";
import { acknowledgeRefusalMessage, noticeErrors, noticeModal, noticeRefusalMessage } from "../../views/items/prior-notice-of-powers";
import { actionButton, field, modalButton, modalSubmission } from "../kit";

/** The Acknowledge button's value: the notice's record id. */
const ZNoticeRef = z.object({ recordId: z.string().min(1) });

export function registerPriorNoticeOfPowers(app: App, deps: SlackDeps): void {
  app.action(POWERS_ID.actionRecord, modalButton(deps, {
    schema: ZTaskRef,
    precheck: async ({ rc, member }, ref) => {
      const refused = await noticePrecheck(deps, member, ref.taskId);
      return refused || !member ? noticeRefusalMessage(rc, member, refused?.refusal ?? "not_a_member") : null;
    },
    // The precheck refused anyone who is not a member, so there is a member (and their party) here.
    view: async ({ rc, member }, ref) => noticeModal(rc, (await deps.store.taskById(ref.taskId))!, member!.party),
  }));
  app.view(POWERS_ID.callbackNotice, modalSubmission(deps, {
    schema: ZTaskRef,
    fallbackBlock: POWERS_ID.blockKind,
    read: (v) => ({
      kind: field(v, POWERS_ID.blockKind)?.selected_option?.value ?? null,
      plannedDate: field(v, POWERS_ID.blockPlannedDate)?.selected_date ?? null,
      note: field(v, POWERS_ID.blockNote)?.value ?? "",
    }),
    run: ({ member }, meta, input) => recordPowerNotice(deps, member, meta.taskId, input),
    errors: ({ rc, member }, result) =>
      result.outcome === "invalid" ? noticeErrors(rc, result.errors) : noticeRefusalMessage(rc, member, result.outcome === "refused" ? result.refusal : "not_found").text,
  }));
  app.action(POWERS_ID.actionAcknowledge, actionButton(deps, {
    schema: ZNoticeRef,
    run: ({ member }, ref) => acknowledgePowerNotice(deps, member, ref.recordId),
    refusal: ({ rc, member }, result) => acknowledgeRefusalMessage(rc, member, result.refusal, result.record),
  }));
}

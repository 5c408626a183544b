// Art. 4(2)(i) joint investigation: "Record reporter's consent" and "Schedule hearing" buttons and
// their modals. Thin: parse, call the use case, answer (privately, or inline in the modal).
import type { App } from "@slack/bolt";
import { consentPrecheck, hearingPrecheck, recordConsent, scheduleHearing, type JointResult } from "../../../app/items/joint-investigation";
import { JOINT_ID } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { ZTaskRef } from "../../metadata";
import { consentErrors, consentModal, hearingErrors, hearingModal, jointRefusalMessage } from "../../views/items/joint-investigation";
import { field, modalButton, modalSubmission, type ListenerContext } from "../kit";

const dateOf = (seconds: number | null | undefined) => (typeof seconds === "number" ? new Date(seconds * 1000) : null);

/** A result not recorded, as the text shown inline ("refused", e.g. no consent on record yet when a hearing arrived, or "not_found"). */
const refusalText = ({ rc, member }: ListenerContext, result: Exclude<JointResult<unknown>, { outcome: "recorded" | "invalid" }>) =>
  jointRefusalMessage(rc, member, result.outcome === "refused" ? result.refusal : "not_found").text;

/** Opens the consent or hearing modal, or says privately why not (a hearing needs the consent first). */
function openModal(deps: SlackDeps, kind: "consent" | "hearing") {
  return modalButton(deps, {
    schema: ZTaskRef,
    precheck: async ({ rc, member }, ref) => {
      const refused = await (kind === "consent" ? consentPrecheck : hearingPrecheck)(deps, member, ref.taskId);
      return refused ? jointRefusalMessage(rc, member, refused.refusal) : null;
    },
    view: async ({ rc }, ref) => (kind === "consent" ? consentModal : hearingModal)(rc, (await deps.store.taskById(ref.taskId))!),
  });
}

export function registerJointInvestigation(app: App, deps: SlackDeps): void {
  app.action(JOINT_ID.actionRecordConsent, openModal(deps, "consent"));
  app.action(JOINT_ID.actionScheduleHearing, openModal(deps, "hearing"));
  app.view(JOINT_ID.callbackConsent, modalSubmission(deps, {
    schema: ZTaskRef,
    fallbackBlock: JOINT_ID.blockConsentedBy,
    read: (v) => ({
      consentedBy: field(v, JOINT_ID.blockConsentedBy)?.value ?? "",
      consentedAt: dateOf(field(v, JOINT_ID.blockConsentedAt)?.selected_date_time),
      method: field(v, JOINT_ID.blockMethod)?.selected_option?.value ?? null,
      note: field(v, JOINT_ID.blockNote)?.value ?? "",
    }),
    run: ({ member }, meta, input) => recordConsent(deps, member, meta.taskId, input),
    errors: (c, result) => (result.outcome === "invalid" ? consentErrors(c.rc, result.errors) : refusalText(c, result)),
  }));
  app.view(JOINT_ID.callbackHearing, modalSubmission(deps, {
    schema: ZTaskRef,
    fallbackBlock: JOINT_ID.blockHearingAt,
    read: (v) => ({
      at: dateOf(field(v, JOINT_ID.blockHearingAt)?.selected_date_time),
      participants: field(v, JOINT_ID.blockParticipants)?.selected_users ?? [],
      notes: field(v, JOINT_ID.blockHearingNotes)?.value ?? "",
    }),
    run: ({ member }, meta, input) => scheduleHearing(deps, member, meta.taskId, input),
    errors: (c, result) => (result.outcome === "invalid" ? hearingErrors(c.rc, result.errors) : refusalText(c, result)),
  }));
}

// Art. 4(2)(vi) listeners: Attach/edit draft (modal, prefilled with the current version),
// Approve version N (recorded at once; the value names the version the card showed) and Record
// publication (modal with the date). Thin.
import type { App } from "@slack/bolt";
import { alertPrecheck, alertStateOfTask, approveAlertVersion, editAlertDraft, recordAlertPublication } from "../../../app/items/joint-alert";
import { localDateOf } from "../../../domain/time";
import { ALERT_ID } from "../../ids";
import type { SlackDeps } from "../../listener-context";
import { ZTaskRef } from "../../metadata";
import { alertDraftErrors, alertDraftModal, alertPublicationModal, alertRefusalMessage, ZAlertApprove, ZAlertDraftMeta } from "../../views/items/joint-alert";
import { actionButton, field, modalButton, modalSubmission } from "../kit";

const isoDay = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/** "Attach/edit draft" and "Record publication" open their modal, after saying privately if the clicker may not. */
function openModal(deps: SlackDeps, kind: "edit" | "publish") {
  return modalButton(deps, {
    schema: ZTaskRef,
    precheck: async ({ rc, member }, ref) => {
      const refused = await alertPrecheck(deps, member, ref.taskId, kind);
      return refused ? alertRefusalMessage(rc, refused.refusal, { member, state: refused.state }) : null;
    },
    view: async ({ rc }, ref) => {
      const task = (await deps.store.taskById(ref.taskId))!;
      const state = await alertStateOfTask(deps, ref.taskId);
      return kind === "edit" ? alertDraftModal(rc, task, state) : alertPublicationModal(rc, task, state, isoDay(localDateOf(deps.clock.now(), deps.config.timezone)));
    },
  });
}

export function registerJointAlert(app: App, deps: SlackDeps): void {
  app.action(ALERT_ID.actionEdit, openModal(deps, "edit"));
  app.view(ALERT_ID.callbackDraft, modalSubmission(deps, {
    schema: ZAlertDraftMeta,
    fallbackBlock: ALERT_ID.blockText,
    read: (v) => field(v, ALERT_ID.blockText)?.value ?? "",
    run: ({ member }, meta, text) => editAlertDraft(deps, member, meta.taskId, text, meta.base),
    errors: ({ rc, member }, result) =>
      result.outcome === "invalid" ? alertDraftErrors(rc, result.errors) : alertRefusalMessage(rc, result.refusal, { member, state: result.state }).text,
  }));
  app.action(ALERT_ID.actionApprove, actionButton(deps, {
    schema: ZAlertApprove,
    run: ({ member }, ref) => approveAlertVersion(deps, member, ref.taskId, ref.version),
    refusal: ({ rc, member }, result, ref) => alertRefusalMessage(rc, result.refusal, { member, state: result.state, version: ref.version }),
  }));
  app.action(ALERT_ID.actionPublish, openModal(deps, "publish"));
  app.view(ALERT_ID.callbackPublish, modalSubmission(deps, {
    schema: ZTaskRef,
    fallbackBlock: ALERT_ID.blockDate,
    read: (v) => field(v, ALERT_ID.blockDate)?.selected_date ?? "",
    run: ({ member }, meta, date) => recordAlertPublication(deps, member, meta.taskId, date),
    errors: ({ rc, member }, result) =>
      result.outcome === "invalid" ? rc.t("item.alert.error.invalid_date") : alertRefusalMessage(rc, result.refusal, { member, state: result.state }).text,
  }));
}

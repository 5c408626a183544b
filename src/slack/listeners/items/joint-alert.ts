// Art. 4(2)(vi) listeners: Attach/edit draft (modal, prefilled with the current version),
// Approve version N (recorded at once; the value names the version the card showed) and Record
// publication (modal with the date). Thin.
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { alertPrecheck, alertStateOfTask, approveAlertVersion, editAlertDraft, recordAlertPublication } from "../../../app/items/joint-alert";
import { localDateOf } from "../../../domain/time";
import { describeError } from "../../../effects/runner";
import { ALERT_ID, VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode, ZTaskRef } from "../../metadata";
import { personalContext } from "../../render-context";
import { alertDraftErrors, alertDraftModal, alertPublicationModal, alertRefusalMessage, ZAlertApprove, ZAlertDraftMeta } from "../../views/items/joint-alert";
import { plainNotice } from "../../views/notices";
import { privately } from "../respond";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const isoDay = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

function openModal(deps: SlackDeps, kind: "edit" | "publish") {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZTaskRef, action.value);
    if (!ref) return;
    const refused = await alertPrecheck(deps, member, ref.taskId, kind);
    if (refused) return privately(respond, alertRefusalMessage(rc, refused.refusal, { member, state: refused.state }));
    const task = (await deps.store.taskById(ref.taskId))!;
    const state = await alertStateOfTask(deps, ref.taskId);
    const view = kind === "edit" ? alertDraftModal(rc, task, state) : alertPublicationModal(rc, task, state, isoDay(localDateOf(deps.clock.now(), deps.config.timezone)));
    await client.views.open({ trigger_id: body.trigger_id, view }).catch(async (e: unknown) => {
      await privately(respond, plainNotice(rc.t("error.generic", { error: describeError(e) })));
    });
  };
}

function draftSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const meta = decode(ZAlertDraftMeta, view.private_metadata);
    if (!meta) return ack({ response_action: "errors", errors: { [ALERT_ID.blockText]: rc.t("error.generic", { error: "bad metadata" }) } });
    const result = await editAlertDraft(deps, member, meta.taskId, view.state.values[ALERT_ID.blockText]?.[VALUE_ACTION]?.value ?? "", meta.base);
    if (result.outcome === "invalid") return ack({ response_action: "errors", errors: alertDraftErrors(rc, result.errors) });
    if (result.outcome === "refused") return ack({ response_action: "errors", errors: { [ALERT_ID.blockText]: alertRefusalMessage(rc, result.refusal, { member, state: result.state }).text } });
    await ack();
    deps.effects.kick();
  };
}

function approve(deps: SlackDeps) {
  return async ({ ack, action, respond, context }: ButtonArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const ref = decode(ZAlertApprove, action.value);
    if (!ref) return;
    const result = await approveAlertVersion(deps, member, ref.taskId, ref.version);
    if (result.outcome === "refused") return privately(respond, alertRefusalMessage(personalContext(deps.config, member), result.refusal, { member, state: result.state, version: ref.version }));
    deps.effects.kick();
  };
}

function publicationSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const meta = decode(ZTaskRef, view.private_metadata);
    if (!meta) return ack({ response_action: "errors", errors: { [ALERT_ID.blockDate]: rc.t("error.generic", { error: "bad metadata" }) } });
    const result = await recordAlertPublication(deps, member, meta.taskId, view.state.values[ALERT_ID.blockDate]?.[VALUE_ACTION]?.selected_date ?? "");
    if (result.outcome === "invalid") return ack({ response_action: "errors", errors: { [ALERT_ID.blockDate]: rc.t("item.alert.error.invalid_date") } });
    if (result.outcome === "refused") return ack({ response_action: "errors", errors: { [ALERT_ID.blockDate]: alertRefusalMessage(rc, result.refusal, { member, state: result.state }).text } });
    await ack();
    deps.effects.kick();
  };
}

export function registerJointAlert(app: App, deps: SlackDeps): void {
  app.action(ALERT_ID.actionEdit, openModal(deps, "edit"));
  app.view(ALERT_ID.callbackDraft, draftSubmission(deps));
  app.action(ALERT_ID.actionApprove, approve(deps));
  app.action(ALERT_ID.actionPublish, openModal(deps, "publish"));
  app.view(ALERT_ID.callbackPublish, publicationSubmission(deps));
}

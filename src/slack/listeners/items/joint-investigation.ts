// Art. 4(2)(i) joint investigation: "Record reporter's consent" and "Schedule hearing" buttons and
// their modals. Thin: parse, call the use case, answer (privately, or inline in the modal).
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { consentPrecheck, hearingPrecheck, recordConsent, scheduleHearing } from "../../../app/items/joint-investigation";
import { describeError } from "../../../effects/runner";
import { JOINT_ID, VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode, ZTaskRef } from "../../metadata";
import { personalContext } from "../../render-context";
import { consentErrors, consentModal, hearingErrors, hearingModal, jointRefusalMessage } from "../../views/items/joint-investigation";
import { plainNotice } from "../../views/notices";
import { privately } from "../respond";

type Values = ViewSubmitAction["view"]["state"]["values"];
const el = (values: Values, block: string) => values[block]?.[VALUE_ACTION];
const dateOf = (seconds: number | null | undefined) => (typeof seconds === "number" ? new Date(seconds * 1000) : null);

/** Opens the consent or hearing modal, or says privately why not (a hearing needs the consent first). */
function openModal(deps: SlackDeps, kind: "consent" | "hearing") {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZTaskRef, action.value);
    if (!ref) return;
    const refused = kind === "consent" ? await consentPrecheck(deps, member, ref.taskId) : await hearingPrecheck(deps, member, ref.taskId);
    if (refused) return privately(respond, jointRefusalMessage(rc, member, refused.refusal));
    const task = (await deps.store.taskById(ref.taskId))!;
    await client.views.open({ trigger_id: body.trigger_id, view: kind === "consent" ? consentModal(rc, task) : hearingModal(rc, task) }).catch(async (e: unknown) => {
      await privately(respond, plainNotice(rc.t("error.generic", { error: describeError(e) })));
    });
  };
}

function consentSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const inline = (text: string) => ack({ response_action: "errors", errors: { [JOINT_ID.blockConsentedBy]: text } });
    const meta = decode(ZTaskRef, view.private_metadata);
    if (!meta) return inline(rc.t("error.generic", { error: "bad metadata" }));
    const v = view.state.values;
    const result = await recordConsent(deps, member, meta.taskId, {
      consentedBy: el(v, JOINT_ID.blockConsentedBy)?.value ?? "",
      consentedAt: dateOf(el(v, JOINT_ID.blockConsentedAt)?.selected_date_time),
      method: el(v, JOINT_ID.blockMethod)?.selected_option?.value ?? null,
      note: el(v, JOINT_ID.blockNote)?.value ?? "",
    });
    switch (result.outcome) {
      case "invalid":
        return ack({ response_action: "errors", errors: consentErrors(rc, result.errors) });
      case "refused":
        return inline(jointRefusalMessage(rc, member, result.refusal).text);
      case "not_found":
        return inline(jointRefusalMessage(rc, member, "not_found").text);
      case "recorded":
        await ack();
        deps.effects.kick();
    }
  };
}

function hearingSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const inline = (text: string) => ack({ response_action: "errors", errors: { [JOINT_ID.blockHearingAt]: text } });
    const meta = decode(ZTaskRef, view.private_metadata);
    if (!meta) return inline(rc.t("error.generic", { error: "bad metadata" }));
    const v = view.state.values;
    const result = await scheduleHearing(deps, member, meta.taskId, {
      at: dateOf(el(v, JOINT_ID.blockHearingAt)?.selected_date_time),
      participants: el(v, JOINT_ID.blockParticipants)?.selected_users ?? [],
      notes: el(v, JOINT_ID.blockHearingNotes)?.value ?? "",
    });
    switch (result.outcome) {
      case "invalid":
        return ack({ response_action: "errors", errors: hearingErrors(rc, result.errors) });
      case "refused":
        // e.g. the consent was not on record when this submission arrived.
        return inline(jointRefusalMessage(rc, member, result.refusal).text);
      case "not_found":
        return inline(jointRefusalMessage(rc, member, "not_found").text);
      case "recorded":
        await ack();
        deps.effects.kick();
    }
  };
}

export function registerJointInvestigation(app: App, deps: SlackDeps): void {
  app.action(JOINT_ID.actionRecordConsent, openModal(deps, "consent"));
  app.action(JOINT_ID.actionScheduleHearing, openModal(deps, "hearing"));
  app.view(JOINT_ID.callbackConsent, consentSubmission(deps));
  app.view(JOINT_ID.callbackHearing, hearingSubmission(deps));
}

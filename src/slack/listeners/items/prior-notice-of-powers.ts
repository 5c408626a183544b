// Art. 4(2)(iii) prior sharing of the exercise of powers: "Record planned exercise of powers"
// (button and modal) and each notice's "Acknowledge" button for the other party.
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { acknowledgePowerNotice, noticePrecheck, recordPowerNotice } from "../../../app/items/prior-notice-of-powers";
import { describeError } from "../../../effects/runner";
import { POWERS_ID, VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode, ZTaskRef } from "../../metadata";
import { personalContext } from "../../render-context";
import { acknowledgeRefusalMessage, noticeErrors, noticeModal, noticeRefusalMessage } from "../../views/items/prior-notice-of-powers";
import { plainNotice } from "../../views/notices";
import { privately } from "../respond";

/** The Acknowledge button's value: the notice's record id. */
const ZNoticeRef = z.object({ recordId: z.string().min(1) });

function openNoticeModal(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const ref = decode(ZTaskRef, action.value);
    if (!ref) return;
    const refused = await noticePrecheck(deps, member, ref.taskId);
    if (refused || !member) return privately(respond, noticeRefusalMessage(rc, member, refused?.refusal ?? "not_a_member"));
    const task = (await deps.store.taskById(ref.taskId))!;
    await client.views.open({ trigger_id: body.trigger_id, view: noticeModal(rc, task, member.party) }).catch(async (e: unknown) => {
      await privately(respond, plainNotice(rc.t("error.generic", { error: describeError(e) })));
    });
  };
}

function noticeSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const member = memberOf(context);
    const rc = personalContext(deps.config, member);
    const inline = (text: string) => ack({ response_action: "errors", errors: { [POWERS_ID.blockKind]: text } });
    const meta = decode(ZTaskRef, view.private_metadata);
    if (!meta) return inline(rc.t("error.generic", { error: "bad metadata" }));
    const v = view.state.values;
    const result = await recordPowerNotice(deps, member, meta.taskId, {
      kind: v[POWERS_ID.blockKind]?.[VALUE_ACTION]?.selected_option?.value ?? null,
      plannedDate: v[POWERS_ID.blockPlannedDate]?.[VALUE_ACTION]?.selected_date ?? null,
      note: v[POWERS_ID.blockNote]?.[VALUE_ACTION]?.value ?? "",
    });
    switch (result.outcome) {
      case "invalid":
        return ack({ response_action: "errors", errors: noticeErrors(rc, result.errors) });
      case "refused":
        return inline(noticeRefusalMessage(rc, member, result.refusal).text);
      case "not_found":
        return inline(noticeRefusalMessage(rc, member, "not_found").text);
      case "recorded":
        await ack();
        deps.effects.kick();
    }
  };
}

function acknowledgeButton(deps: SlackDeps) {
  return async ({ ack, action, respond, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const ref = decode(ZNoticeRef, action.value);
    if (!ref) return;
    const result = await acknowledgePowerNotice(deps, member, ref.recordId);
    if (result.outcome === "refused") return privately(respond, acknowledgeRefusalMessage(personalContext(deps.config, member), member, result.refusal, result.record));
    deps.effects.kick();
  };
}

export function registerPriorNoticeOfPowers(app: App, deps: SlackDeps): void {
  app.action(POWERS_ID.actionRecord, openNoticeModal(deps));
  app.view(POWERS_ID.callbackNotice, noticeSubmission(deps));
  app.action(POWERS_ID.actionAcknowledge, acknowledgeButton(deps));
}

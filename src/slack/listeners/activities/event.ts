// Art. 5(1) listeners: the registration modal and its submission, Mark as held and Cancel on the card. Thin.
import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { closeEvent } from "../../../app/activities/event";
import { openEvent } from "../../../app/activities/event";
import { validateEventForm, type EventAction, type EventForm } from "../../../domain/activities/event";
import { escapeMrkdwn } from "../../mrkdwn";
import { describeError } from "../../errors";
import { EVENT_ID, VALUE_ACTION } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { decode, ZActivityRef } from "../../metadata";
import { partyShort } from "../../render-context";
import { eventErrors, eventModal } from "../../views/activities/event";
import { activityOpenedModal } from "../../views/activities/opened";
import { statusKey } from "../../views/activities/consultation";
import { plainNotice, refusalMessage } from "../../views/notices";
import { privately, listenerContext } from "../kit";
import type { ActivityStarter } from "./index";
import { formErrors } from "../../views/kit";

type Values = ViewSubmitAction["view"]["state"]["values"];

export const startEvent: ActivityStarter = async ({ client, triggerId, member, rc }) => {
  await client.views.open({ trigger_id: triggerId, view: eventModal(rc, member) });
};

export function readEventForm(values: Values): EventForm {
  const el = (block: string) => values[block]?.[VALUE_ACTION];
  return {
    subKind: el(EVENT_ID.blockSubKind)?.selected_option?.value ?? null,
    title: el(EVENT_ID.blockTitle)?.value ?? null,
    scheduledAt: el(EVENT_ID.blockWhen)?.selected_date_time ?? null,
    ownerParty: el(EVENT_ID.blockOwner)?.selected_option?.value ?? null,
    format: el(EVENT_ID.blockFormat)?.selected_option?.value ?? null,
    participants: el(EVENT_ID.blockParticipants)?.selected_users ?? [],
    description: el(EVENT_ID.blockDescription)?.value ?? null,
    preparation: el(EVENT_ID.blockPreparation)?.value ?? null,
  };
}

function eventSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    if (!member) return ack(formErrors({ [EVENT_ID.blockTitle]: refusalMessage(rc, "not_a_member").text }));
    const parties = deps.config.profile.parties.map((p) => p.id);
    const result = validateEventForm(readEventForm(view.state.values), parties, deps.clock.now(), deps.config.timezone);
    if (!result.ok) return ack(formErrors(eventErrors(rc, result.errors)));
    try {
      const activity = await openEvent(deps, member, result.event, view.id);
      await ack({ response_action: "update", view: activityOpenedModal(rc, activity) });
    } catch (e) {
      deps.log.error("opening an event failed", { error: describeError(e) });
      return ack(formErrors({ [EVENT_ID.blockTitle]: rc.t("error.generic", { error: describeError(e) }) }));
    }
  };
}

function closeButton(deps: SlackDeps, action: EventAction) {
  return async ({ ack, action: button, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const ref = decode(ZActivityRef, button.value);
    if (!ref) return;
    const result = await closeEvent(deps, member, ref.a, action);
    if (result.outcome === "changed") return;
    const reply = (text: string) => privately({ respond, client, body }, plainNotice(text));
    switch (result.refusal) {
      case "not_a_member":
        return privately({ respond, client, body }, refusalMessage(rc, "not_a_member"));
      case "not_organiser":
        return reply(rc.t("event.refusal.not_organiser", { party: escapeMrkdwn(partyShort(rc, result.activity?.ownerParty ?? "")) }));
      case "not_open":
        return reply(rc.t("activity.refusal.not_open", { status: rc.t(statusKey(result.activity?.status)) }));
    }
  };
}

export function registerEventListeners(app: App, deps: SlackDeps): void {
  app.view(EVENT_ID.callbackOpen, eventSubmission(deps));
  app.action(EVENT_ID.actionDone, closeButton(deps, "complete"));
  app.action(EVENT_ID.actionCancel, closeButton(deps, "cancel"));
}

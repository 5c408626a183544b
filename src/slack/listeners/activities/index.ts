// Normal-times cooperation (Arts. 5, 6, 8): `/renkei activity [kind]` and the chooser's buttons
// start an activity of one kind. Each kind registers its starter (usually: open its modal) and
// its own listeners here; this file only routes.
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { isActivityKind, type ActivityKind } from "../../../domain/activity";
import type { Member } from "../../../domain/parties";
import { describeError } from "../../errors";
import { ACTIVITY_ID } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { personalContext, type RenderContext } from "../../render-context";
import { activityChooser } from "../../views/activities/chooser";
import { plainNotice, refusalMessage } from "../../views/notices";
import { registerShareListeners, startShare } from "./share";
import { registerAdviceListeners, startAdvice } from "./advice";
import { registerEventListeners, startEvent } from "./event";
import { registerConsultationListeners, startConsultation } from "./consultation";
import { type SlackMessage } from "../../views/kit";
import { privately, listenerContext } from "../kit";

/** How a kind starts: usually opens its modal with the trigger; may answer privately instead. */
export type ActivityStarter = (args: { deps: SlackDeps; client: WebClient; triggerId: string; member: Member; rc: RenderContext; reply: (m: SlackMessage) => Promise<void> }) => Promise<void>;

const STARTERS: Partial<Record<ActivityKind, ActivityStarter>> = {
  share: startShare,
  advice: startAdvice,
  event: startEvent,
  consultation: startConsultation,
};

/** Listeners of each kind (modal submissions, buttons on its card). */
const KIND_LISTENERS: Array<(app: App, deps: SlackDeps) => void> = [registerShareListeners, registerAdviceListeners, registerEventListeners, registerConsultationListeners];

export function availableActivityKinds(): ActivityKind[] {
  return Object.keys(STARTERS) as ActivityKind[];
}

/** `/renkei activity [kind]`: the chooser, or straight to the kind's form. */
export async function startActivity(deps: SlackDeps, client: WebClient, triggerId: string, member: Member, kind: string | undefined, reply: (m: SlackMessage) => Promise<void>): Promise<void> {
  const rc = personalContext(deps.config, member);
  const starter = isActivityKind(kind) ? STARTERS[kind] : undefined;
  if (!kind || !starter) {
    return reply(activityChooser(rc, availableActivityKinds(), kind ? rc.t("activity.chooser.unavailable") : undefined));
  }
  try {
    await starter({ deps, client, triggerId, member, rc, reply });
  } catch (e) {
    deps.log.warn("starting an activity failed", { kind, error: describeError(e) });
    await reply(plainNotice(rc.t("error.generic", { error: describeError(e) })));
  }
}

function chooserButton(deps: SlackDeps) {
  return async ({ ack, body, action, client, respond, context }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const reply = (m: SlackMessage) => privately(respond, m);
    if (!member) return reply(refusalMessage(rc, "not_a_member"));
    await startActivity(deps, client, body.trigger_id, member, action.value, reply);
  };
}

export function registerActivityListeners(app: App, deps: SlackDeps): void {
  app.action(ACTIVITY_ID.actionStart, chooserButton(deps));
  for (const register of KIND_LISTENERS) register(app, deps);
}

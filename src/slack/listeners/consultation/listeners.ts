// Art. 4(2) listeners: propose (card button, `/renkei consult`), record positions (buttons and
// the decline / conditions modals). Thin: parse, call the use case, answer.
import type { AllMiddlewareArgs, BlockAction, BlockButtonAction, CheckboxesAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { agreedItemTypes, positionPrecheck, proposeCooperation, recordPosition, type PositionResult } from "../../../app/consultation";
import { canPropose, type Proposal } from "../../../domain/consultation";
import type { Incident } from "../../../domain/incident";
import type { Member } from "../../../domain/parties";
import { describeError } from "../../errors";
import { CONSULT_BLOCK, VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode, ZIncidentRef, ZItemRef } from "../../metadata";
import { mentionUser, partyShort, personalContext, type RenderContext } from "../../render-context";
import { positionModal, proposalErrors, proposalModal } from "../../views/consultation";
import { plainNotice, refusalMessage } from "../../views/notices";
import { openModalOrTell, privately, listenerContext } from "../kit";
import { formErrors, type SlackMessage } from "../../views/kit";

type Say = (message: SlackMessage) => Promise<unknown>;

/** Opens the proposal modal, or says privately why not. Shared by the button and the command. */
export async function openProposal(deps: SlackDeps, client: WebClient, triggerId: string, member: Member | undefined, incident: Incident, say: Say): Promise<void> {
  const rc = personalContext(deps.config, member);
  if (!member) return void (await say(refusalMessage(rc, "not_a_member")));
  if (!canPropose(member)) return void (await say(refusalMessage(rc, "role_required", { member, roles: ["staff", "liaison", "admin"] })));
  if (incident.state !== "open" && incident.state !== "cooperation_case") return void (await say(plainNotice(rc.t("consult.incident_not_open"))));
  const view = proposalModal(rc, incident, member.party, await agreedItemTypes(deps, incident.id));
  try {
    await client.views.open({ trigger_id: triggerId, view });
  } catch (e) {
    await say(plainNotice(rc.t("error.generic", { error: describeError(e) })));
  }
}

export function proposeButton(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const incident = await deps.store.incidentById(action.value ?? "");
    if (!incident) return;
    await openProposal(deps, client, body.trigger_id, memberOf(context), incident, (m) => privately({ respond, client, body }, m));
  };
}

/**
 * A tick in the proposal form's items (the checkboxes dispatch their changes): the form is redrawn
 * with a reason field for each ticked item only. What was typed stays (same block and action IDs);
 * a redraw that lost a race with a newer one (hash_conflict) is dropped, the newer one wins.
 */
export function proposalItemsTicked(deps: SlackDeps) {
  return async ({ ack, body, client, context }: SlackActionMiddlewareArgs<BlockAction<CheckboxesAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const view = body.view;
    const meta = view ? decode(ZIncidentRef, view.private_metadata) : null;
    const member = memberOf(context);
    if (!view || !meta || !member) return;
    const incident = await deps.store.incidentById(meta.incidentId);
    if (!incident) return;
    const ticked = (view.state.values[CONSULT_BLOCK.items]?.[VALUE_ACTION]?.selected_options ?? []).map((o) => o.value);
    const rc = personalContext(deps.config, member);
    const next = proposalModal(rc, incident, member.party, await agreedItemTypes(deps, incident.id), ticked);
    await client.views.update({ view_id: view.id, hash: view.hash, view: next }).catch((e: unknown) => deps.log.warn("proposal form not redrawn", { error: describeError(e) }));
  };
}

export function readProposal(values: ViewSubmitAction["view"]["state"]["values"]): Proposal {
  const chosen = (values[CONSULT_BLOCK.items]?.[VALUE_ACTION]?.selected_options ?? []).map((o) => o.value);
  return {
    items: chosen.map((itemType) => ({ itemType, need: values[`${CONSULT_BLOCK.needPrefix}${itemType}`]?.[VALUE_ACTION]?.value ?? "" })),
    impactOnDuties: values[CONSULT_BLOCK.impact]?.[VALUE_ACTION]?.value ?? "",
  };
}

export function proposalSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const meta = decode(ZIncidentRef, view.private_metadata);
    const inline = (text: string) => ack(formErrors({ [CONSULT_BLOCK.items]: text }));
    if (!meta) return inline(rc.t("error.generic", { error: "bad metadata" }));
    const result = await proposeCooperation(deps, member, meta.incidentId, readProposal(view.state.values), view.id);
    switch (result.outcome) {
      case "invalid":
        return ack(formErrors(proposalErrors(rc, result.errors)));
      case "refused":
        return inline(refusalMessage(rc, result.refusal, { member, roles: ["staff", "liaison", "admin"] }).text);
      case "consultation_open": {
        const incident = await deps.store.incidentById(meta.incidentId);
        return inline(rc.t("consult.open_exists", { ref: incident?.ref ?? "", round: result.consultation.round }));
      }
      case "incident_not_open":
        return inline(rc.t("consult.incident_not_open"));
      case "proposed":
        await ack();
    }
  };
}

/** Explains privately why a position was not recorded. */
export function positionRefusalMessage(rc: RenderContext, member: Member | undefined, result: Extract<PositionResult, { outcome: "refused" }>): SlackMessage {
  const party = escapeParty(rc, member?.party ?? "");
  switch (result.refusal) {
    case "not_a_member":
      return refusalMessage(rc, "not_a_member");
    case "not_liaison":
      return plainNotice(rc.t("consult.refusal.not_liaison", { party }));
    case "already_decided":
      return plainNotice(
        rc.t("consult.refusal.already_decided", {
          party,
          position: rc.t(result.existing?.position === "decline" ? "consult.position.decline" : "consult.position.agree"),
          user: result.existing ? mentionUser(result.existing.decidedByUserId) : "?",
        }),
      );
    default:
      return plainNotice(rc.t(`consult.refusal.${result.refusal}`));
  }
}

const escapeParty = (rc: RenderContext, party: string) => partyShort(rc, party).replace(/[<>&]/g, "");

export function agreeButton(deps: SlackDeps) {
  return async ({ ack, action, respond, context, body, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const member = memberOf(context);
    const ref = decode(ZItemRef, action.value);
    if (!ref) return;
    const result = await recordPosition(deps, member, ref.c, ref.i, "agree");
    if (result.outcome === "refused") return privately({ respond, client, body }, positionRefusalMessage(personalContext(deps.config, member), member, result));
  };
}

/** "Agree with conditions" and "Decline" open a small modal first (a reason is required to decline). */
export function positionModalButton(deps: SlackDeps, kind: "decline" | "conditions") {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const ref = decode(ZItemRef, action.value);
    if (!ref) return;
    // Say now, not after they typed a reason, if they cannot record this position.
    const refused = await positionPrecheck(deps, member, ref.c, ref.i);
    if (refused) return privately({ respond, client, body }, positionRefusalMessage(rc, member, refused));
    await openModalOrTell(client, body.trigger_id, positionModal(rc, kind, ref.c, ref.i), { respond, client, body }, rc);
  };
}

export function positionSubmission(deps: SlackDeps, kind: "decline" | "conditions") {
  return async ({ ack, view, context, client, body }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const ref = decode(ZItemRef, view.private_metadata);
    const block = kind === "decline" ? CONSULT_BLOCK.reason : CONSULT_BLOCK.conditions;
    if (!ref) return ack(formErrors({ [block]: rc.t("error.generic", { error: "bad metadata" }) }));
    const text = view.state.values[block]?.[VALUE_ACTION]?.value ?? "";
    const result =
      kind === "decline"
        ? await recordPosition(deps, member, ref.c, ref.i, "decline", { reason: text })
        : await recordPosition(deps, member, ref.c, ref.i, "agree", { conditions: text });
    if (result.outcome === "refused") {
      if (result.refusal === "reason_required") return ack(formErrors({ [block]: rc.t("consult.refusal.reason_required") }));
      await ack();
      // The modal closes; the reason comes as a DM because a view submission has no channel.
      await client.chat.postMessage({ channel: body.user.id, ...positionRefusalMessage(rc, member, result) }).catch(() => undefined);
      return;
    }
    await ack();
  };
}

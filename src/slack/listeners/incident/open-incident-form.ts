// A card button that opens a form about its incident (edit deadlines, record report receipts,
// Art. 4(1) information received later): refuse privately, or open the form.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { Incident } from "../../../domain/incident";
import type { Member } from "../../../domain/parties";
import type { Refusal } from "../../../domain/permissions";
import { type SlackDeps } from "../../listener-context";
import { type RenderContext } from "../../render-context";
import { refusalMessage } from "../../views/notices";
import { privately, openModalOrTell, listenerContext } from "../kit";

export type IncidentFormGate = (member: Member | undefined, deps: SlackDeps) => { refusal: Refusal | undefined; details: Parameters<typeof refusalMessage>[2] };

export function openIncidentForm(deps: SlackDeps, gate: IncidentFormGate, form: (rc: RenderContext, incident: Incident) => ModalView) {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const { refusal, details } = gate(member, deps);
    if (refusal) return privately(respond, refusalMessage(rc, refusal, { member, ...details }));
    const incident = await deps.store.incidentById(action.value ?? "");
    if (!incident) return;
    await openModalOrTell(client, body.trigger_id, form(rc, incident), respond, rc);
  };
}

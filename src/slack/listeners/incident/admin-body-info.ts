// Art. 4(1) later: the card's button opens the modal; saving it records the information received
// and gives the introducing party (NISC) its task. Errors inline; refusals private.
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { recordAdminBodyInformation } from "../../../app/admin-body-information";
import { refusalFor } from "../../../domain/permissions";
import { ADMIN_BODY_INFO_BLOCK, VALUE_ACTION } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { partyShort } from "../../render-context";
import { adminBodyInfoModal, adminBodyInfoRecordedModal } from "../../views/admin-body-info-modal";
import { refusalMessage } from "../../views/notices";
import { openIncidentForm } from "./open-incident-form";
import { listenerContext } from "../kit";

export function openAdminBodyInfo(deps: SlackDeps) {
  return openIncidentForm(deps, (member) => ({ refusal: refusalFor(member, "incident.edit"), details: { roles: ["staff", "liaison", "admin"] } }), adminBodyInfoModal);
}

export function adminBodyInfoSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const { incidentId } = JSON.parse(view.private_metadata || "{}") as { incidentId?: string };
    const agency = view.state.values[ADMIN_BODY_INFO_BLOCK.agency]?.[VALUE_ACTION]?.value ?? "";
    const result = await recordAdminBodyInformation(deps, member, incidentId ?? "", agency);
    const party = partyShort(rc, deps.config.profile.leakReportIntroduction?.party ?? "");
    const error = (text: string) => ack({ response_action: "errors", errors: { [ADMIN_BODY_INFO_BLOCK.agency]: text } });
    switch (result.outcome) {
      case "invalid":
        return error(rc.t(`intake.error.${result.error}`, { max: 200 }));
      case "refused":
        return error(refusalMessage(rc, result.refusal, { member, roles: ["staff", "liaison", "admin"] }).text);
      case "already":
        return error(rc.t("adminInfo.already"));
      case "not_applicable":
      case "not_found":
        return error(rc.t("intake.error.invalid_choice"));
      case "recorded":
        await ack({ response_action: "update", view: adminBodyInfoRecordedModal(rc, party) });
    }
  };
}

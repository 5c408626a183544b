// The modal behind the card's "<NISC> received information from an agency" button (Art. 4(1) later).
import type { ModalView } from "@slack/types";
import type { Incident } from "../../domain/incident";
import { INTAKE_LIMITS } from "../../domain/incident";
import { ADMIN_BODY_INFO_BLOCK, CALLBACK, VALUE_ACTION } from "../ids";
import { partyShort, type RenderContext } from "../render-context";
import { escapeMrkdwn } from "../mrkdwn";
import { modal, plain, section } from "./kit";

export function adminBodyInfoModal(rc: RenderContext, incident: Incident): ModalView {
  const party = escapeMrkdwn(partyShort(rc, rc.profile.leakReportIntroduction?.party ?? ""));
  return modal(rc, {
    callbackId: CALLBACK.adminBodyInfo,
    metadata: JSON.stringify({ incidentId: incident.id }),
    title: rc.t("adminInfo.title"),
    submit: rc.t("adminInfo.submit"),
    blocks: [
      section(rc.t("adminInfo.intro", { ref: incident.ref, party }), "admin_info_intro"),
      {
        type: "input",
        block_id: ADMIN_BODY_INFO_BLOCK.agency,
        label: plain(rc.t("adminInfo.agency")),
        element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: INTAKE_LIMITS.supervisingAgency, initial_value: incident.supervisingAgency },
      },
    ],
  });
}

/** What the modal becomes once the information is recorded. */
export function adminBodyInfoRecordedModal(rc: RenderContext, party: string): ModalView {
  return modal(rc, { title: rc.t("adminInfo.title"), close: rc.t("common.close"), blocks: [section(rc.t("adminInfo.recorded", { party }))] });
}

// The modal behind the card's "<NISC> received information from an agency" button (Art. 4(1) later).
import type { ModalView } from "@slack/types";
import type { Incident } from "../../domain/incident";
import { INTAKE_LIMITS } from "../../domain/incident";
import { ADMIN_BODY_INFO_BLOCK, CALLBACK, VALUE_ACTION } from "../ids";
import { partyShort, type RenderContext } from "../render-context";
import { escapeMrkdwn } from "../mrkdwn";

const plain = (text: string) => ({ type: "plain_text" as const, text });

export function adminBodyInfoModal(rc: RenderContext, incident: Incident): ModalView {
  const party = escapeMrkdwn(partyShort(rc, rc.profile.leakReportIntroduction?.party ?? ""));
  return {
    type: "modal",
    callback_id: CALLBACK.adminBodyInfo,
    private_metadata: JSON.stringify({ incidentId: incident.id }),
    title: plain(rc.t("adminInfo.title")),
    submit: plain(rc.t("adminInfo.submit")),
    close: plain(rc.t("intake.cancel")),
    blocks: [
      { type: "section", block_id: "admin_info_intro", text: { type: "mrkdwn", text: rc.t("adminInfo.intro", { ref: incident.ref, party }) } },
      {
        type: "input",
        block_id: ADMIN_BODY_INFO_BLOCK.agency,
        label: plain(rc.t("adminInfo.agency")),
        element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: INTAKE_LIMITS.supervisingAgency, initial_value: incident.supervisingAgency },
      },
    ],
  };
}

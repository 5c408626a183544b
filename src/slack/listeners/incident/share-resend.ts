// The "Re-send invitation" button (incident card and the liaison officers' DM): a refused or
// expired Slack Connect invitation of an incident channel (or of the normal-times channel) is sent again, once.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { isNormalTimes, requestShareResend } from "../../../app/slack-connect";
import { escapeMrkdwn } from "../../mrkdwn";
import { type SlackDeps } from "../../listener-context";
import { partyShort } from "../../render-context";
import { plainNotice, refusalMessage } from "../../views/notices";
import { privately, listenerContext } from "../kit";

export function resendSharedInvite(deps: SlackDeps) {
  return async ({ ack, action, body, respond, client, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const result = await requestShareResend(deps, member, action.value ?? "");
    const to = { respond, client, body };
    switch (result.outcome) {
      case "refused":
        return privately(to, refusalMessage(rc, result.refusal, { member, roles: ["liaison", "admin"] }));
      case "not_found":
        return privately(to, plainNotice(rc.t("share.resend.not_found")));
      case "not_needed":
        return privately(to, plainNotice(rc.t("share.resend.not_needed")));
      case "resending": {
        const org = escapeMrkdwn(partyShort(rc, result.invite.party));
        if (isNormalTimes(result.invite)) return privately(to, plainNotice(rc.t("share.resend.resending.normal_times", { channel: result.invite.channelId, org })));
        const incident = await deps.store.incidentById(result.invite.incidentId);
        return privately(to, plainNotice(rc.t("share.resend.resending", { ref: incident?.ref ?? "", org })));
      }
    }
  };
}

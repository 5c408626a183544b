// The Retry button shown when an incident channel could not be set up.
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { requestChannelRetry } from "../../../app/channel-provisioning";
import { type SlackDeps } from "../../listener-context";
import { plainNotice, refusalMessage } from "../../views/notices";
import { privately, listenerContext } from "../kit";

export function retryChannel(deps: SlackDeps) {
  return async ({ ack, action, respond, context }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const { member, rc } = listenerContext(deps, context);
    const result = await requestChannelRetry(deps, member, action.value ?? "");
    if (result.outcome === "refused") return privately(respond, refusalMessage(rc, result.refusal, { member, roles: ["liaison", "admin"] }));
    if (result.outcome === "retrying") {
      await privately(respond, plainNotice(rc.t("provision.retrying", { ref: result.incident.ref })));
    }
  };
}

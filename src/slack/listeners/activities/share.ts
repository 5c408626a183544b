// Art. 5(2) information sharing: the starter (the modal with the member's party's categories only,
// or a private answer when the party has none), its submission (the direction rule answered
// inline), and the receiving party's "Received" button.
import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { acknowledgeShare, releaseShare, sharePrecheck } from "../../../app/activities/share";
import { parseOrganisations } from "../../../domain/sharing-scope";
import { RELEASE_ID, SHARE_ID } from "../../ids";
import { type SlackDeps } from "../../listener-context";
import { shareErrors, shareModal, shareRefusalMessage, ZShareRef } from "../../views/activities/share";
import { actionButton, field, listenerContext } from "../kit";
import type { ActivityStarter } from "./index";
import { formErrors } from "../../views/kit";

export const startShare: ActivityStarter = async ({ deps, client, triggerId, member, rc, reply }) => {
  const check = sharePrecheck(deps, member);
  if ("refusal" in check) return reply(shareRefusalMessage(rc, check.refusal, null, member.party));
  await client.views.open({ trigger_id: triggerId, view: shareModal(rc, member.party, check.categories) });
};

function shareSubmission(deps: SlackDeps) {
  return async ({ ack, view, context }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const { member, rc } = listenerContext(deps, context);
    const v = view.state.values;
    const result = await releaseShare(
      deps,
      member,
      {
        category: field(v, SHARE_ID.blockCategory)?.selected_option?.value ?? null,
        title: field(v, SHARE_ID.blockTitle)?.value ?? "",
        content: field(v, SHARE_ID.blockContent)?.value ?? "",
        reference: field(v, SHARE_ID.blockReference)?.value ?? "",
        level: field(v, SHARE_ID.blockLevel)?.selected_option?.value ?? null,
        allow: { users: field(v, SHARE_ID.blockUsers)?.selected_users ?? [], channels: field(v, RELEASE_ID.blockChannels)?.selected_conversations ?? [], organisations: parseOrganisations(field(v, SHARE_ID.blockOrganisations)?.value) },
      },
      view.id,
    );
    switch (result.outcome) {
      case "invalid":
        return ack(formErrors(shareErrors(rc, result.errors, member?.party ?? "")));
      case "refused":
        return ack(formErrors({ [SHARE_ID.blockCategory]: shareRefusalMessage(rc, result.refusal, null, member?.party ?? null).text }));
      case "recorded":
        await ack();
    }
  };
}

export function registerShareListeners(app: App, deps: SlackDeps): void {
  app.view(SHARE_ID.callbackShare, shareSubmission(deps));
  app.action(
    SHARE_ID.actionReceived,
    actionButton(deps, {
      schema: ZShareRef,
      run: ({ member }, ref) => acknowledgeShare(deps, member, ref.a),
      refusal: ({ rc, member }, result) => shareRefusalMessage(rc, result.refusal, result.activity, member?.party ?? null),
    }),
  );
}

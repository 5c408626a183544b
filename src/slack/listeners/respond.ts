import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { View } from "@slack/types";
import { plainNotice } from "../views/notices";
import { describeError } from "../errors";
import type { RenderContext } from "../render-context";
import { type SlackMessage } from "../views/kit";

/** What a listener has to answer privately: a response_url (messages), or a DM (App Home clicks). */
export type PrivateReplyArgs = { respond?: RespondFn; client: WebClient; body: { user?: { id: string }; response_url?: string } };

/**
 * An answer only the clicking user sees; the message they clicked stays as it is. Clicks in App
 * Home have no response_url, so the answer goes to the user's DM with the bot.
 */
export async function privately(to: RespondFn | PrivateReplyArgs, message: SlackMessage): Promise<void> {
  if (typeof to === "function") {
    await to({ response_type: "ephemeral", replace_original: false, text: message.text, blocks: message.blocks });
    return;
  }
  if (to.respond && to.body.response_url) {
    await to.respond({ response_type: "ephemeral", replace_original: false, text: message.text, blocks: message.blocks });
    return;
  }
  if (to.body.user?.id) await to.client.chat.postMessage({ channel: to.body.user.id, text: message.text, blocks: message.blocks });
}

/** Opens a modal; when Slack refuses (an expired trigger, an API error) the user is told privately instead. */
export async function openModalOrTell(client: WebClient, triggerId: string, view: View, to: RespondFn | PrivateReplyArgs, rc: RenderContext): Promise<void> {
  try {
    await client.views.open({ trigger_id: triggerId, view });
  } catch (e) {
    await privately(to, plainNotice(rc.t("error.generic", { error: describeError(e) })));
  }
}

import type { RespondFn } from "@slack/bolt";
import type { SlackMessage } from "../views/incident-card";

/** An answer only the clicking user sees; the message they clicked stays as it is. */
export async function privately(respond: RespondFn, message: SlackMessage): Promise<void> {
  await respond({ response_type: "ephemeral", replace_original: false, text: message.text, blocks: message.blocks });
}

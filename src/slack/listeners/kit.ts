// The listener kit: the one way a listener goes from a Slack request to an answer — the member
// (resolved by middleware) → their render context → decode the value or metadata → refuse
// privately, or call the use case → answer (privately, inline in the modal, or by closing it).
// Effects run after the use case's commit on their own (the store wakes the runner).
//
// Three shapes cover most listeners: a button that opens a modal after a precheck, the modal's
// submission that records through a use case, and a button that records at once. A listener file
// only says what is particular to it (which use case, which view, which refusal text).
import type { AllMiddlewareArgs, BlockButtonAction, RespondFn, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { ModalView, View } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { z } from "zod";
import type { Member } from "../../domain/parties";
import { describeError } from "../errors";
import { VALUE_ACTION } from "../ids";
import { memberOf, type SlackDeps } from "../listener-context";
import { decode } from "../metadata";
import { personalContext, type RenderContext } from "../render-context";
import { formErrors, type SlackMessage } from "../views/kit";
import { plainNotice } from "../views/notices";

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

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The values of a submitted modal, by block. */
export type Values = ViewSubmitAction["view"]["state"]["values"];
/** What every listener works with: the use-case context, the clicking member and their locale. */
export type ListenerContext = { deps: SlackDeps; member: Member | undefined; rc: RenderContext };

/** The state of a modal's input element (our inputs all carry the action id VALUE_ACTION). */
export const field = (values: Values, block: string) => values[block]?.[VALUE_ACTION];

export function listenerContext(deps: SlackDeps, context: unknown): ListenerContext {
  const member = memberOf(context);
  return { deps, member, rc: personalContext(deps.config, member) };
}

/**
 * A button that opens a modal: ack, decode the button value, run the precheck (a refusal is said
 * privately and no modal opens), then open the view; a failure to open is said privately too.
 */
export function modalButton<Ref>(deps: SlackDeps, options: {
  schema: z.ZodType<Ref>;
  /** Why the clicker may not open the modal, or null when they may. */
  precheck: (c: ListenerContext, ref: Ref) => Promise<SlackMessage | null>;
  /** The modal, with what it needs loaded (only called after the precheck passed). */
  view: (c: ListenerContext, ref: Ref) => Promise<ModalView>;
}) {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const c = listenerContext(deps, context);
    const ref = decode(options.schema, action.value);
    if (!ref) return;
    const refusal = await options.precheck(c, ref);
    if (refusal) return privately({ respond, client, body }, refusal);
    const view = await options.view(c, ref);
    await openModalOrTell(client, body.trigger_id, view, { respond, client, body }, c.rc);
  };
}

/**
 * A modal submission: decode the private_metadata, read the inputs, run the use case. Anything but
 * "recorded" is answered inline in the modal (ack with errors); "recorded" closes it (empty ack).
 */
export function modalSubmission<Meta, Input, R extends { outcome: string }>(deps: SlackDeps, options: {
  schema: z.ZodType<Meta>;
  /** The block that carries bad-metadata errors and any error given as a plain text. */
  fallbackBlock: string;
  read: (values: Values) => Input;
  run: (c: ListenerContext, meta: Meta, input: Input) => Promise<R>;
  /** The inline errors of a result that was not recorded: by block, or one text for fallbackBlock. */
  errors: (c: ListenerContext, result: Exclude<R, { outcome: "recorded" }>) => Record<string, string> | string;
}) {
  return async ({ ack, view, context }: ViewArgs): Promise<void> => {
    const c = listenerContext(deps, context);
    const inline = (text: string) => ({ [options.fallbackBlock]: text });
    const meta = decode(options.schema, view.private_metadata);
    if (!meta) return ack(formErrors(inline(c.rc.t("error.generic", { error: "bad metadata" }))));
    const result = await options.run(c, meta, options.read(view.state.values));
    if (result.outcome !== "recorded") {
      const errors = options.errors(c, result as Exclude<R, { outcome: "recorded" }>);
      return ack(formErrors(typeof errors === "string" ? inline(errors) : errors));
    }
    await ack();
  };
}

/** A button that records at once: ack, decode, run the use case; a refusal is said privately. */
export function actionButton<Ref, R extends { outcome: string }>(deps: SlackDeps, options: {
  schema: z.ZodType<Ref>;
  run: (c: ListenerContext, ref: Ref) => Promise<R>;
  refusal: (c: ListenerContext, result: Extract<R, { outcome: "refused" }>, ref: Ref) => SlackMessage;
}) {
  return async ({ ack, action, body, respond, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const c = listenerContext(deps, context);
    const ref = decode(options.schema, action.value);
    if (!ref) return;
    const result = await options.run(c, ref);
    if (result.outcome === "refused") return privately({ respond, client, body }, options.refusal(c, result as Extract<R, { outcome: "refused" }>, ref));
  };
}

// The three shapes every item-specific listener of an agreed cooperation item (Art. 4(2)(i)-(vi))
// takes, written once: a button that opens the item's modal after a precheck, the modal's
// submission that records through the use case, and a button that records at once. Each listener
// file only says what is particular to its item (which use case, which view, which refusal text).
import type { ModalView } from "@slack/types";
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import type { z } from "zod";
import type { Member } from "../../../domain/parties";
import { VALUE_ACTION } from "../../ids";
import { memberOf, type SlackDeps } from "../../listener-context";
import { decode } from "../../metadata";
import { personalContext, type RenderContext } from "../../render-context";
import { privately, openModalOrTell } from "../respond";
import { formErrors, type SlackMessage } from "../../views/kit";

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The values of a submitted modal, by block. */
export type Values = ViewSubmitAction["view"]["state"]["values"];
/** What every item listener works with: the use-case context, the clicking member and their locale. */
export type ItemListenerContext = { deps: SlackDeps; member: Member | undefined; rc: RenderContext };

/** The state of a modal's input element (our inputs all carry the action id VALUE_ACTION). */
export const field = (values: Values, block: string) => values[block]?.[VALUE_ACTION];

function listenerContext(deps: SlackDeps, context: unknown): ItemListenerContext {
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
  precheck: (c: ItemListenerContext, ref: Ref) => Promise<SlackMessage | null>;
  /** The modal, with what it needs loaded (only called after the precheck passed). */
  view: (c: ItemListenerContext, ref: Ref) => Promise<ModalView>;
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
 * "recorded" is answered inline in the modal (ack with errors); "recorded" closes it (empty ack)
 * and kicks the effects.
 */
export function modalSubmission<Meta, Input, R extends { outcome: string }>(deps: SlackDeps, options: {
  schema: z.ZodType<Meta>;
  /** The block that carries bad-metadata errors and any error given as a plain text. */
  fallbackBlock: string;
  read: (values: Values) => Input;
  run: (c: ItemListenerContext, meta: Meta, input: Input) => Promise<R>;
  /** The inline errors of a result that was not recorded: by block, or one text for fallbackBlock. */
  errors: (c: ItemListenerContext, result: Exclude<R, { outcome: "recorded" }>) => Record<string, string> | string;
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

/** A button that records at once: ack, decode, run the use case; a refusal is said privately, else the effects are kicked. */
export function actionButton<Ref, R extends { outcome: string }>(deps: SlackDeps, options: {
  schema: z.ZodType<Ref>;
  run: (c: ItemListenerContext, ref: Ref) => Promise<R>;
  refusal: (c: ItemListenerContext, result: Extract<R, { outcome: "refused" }>, ref: Ref) => SlackMessage;
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

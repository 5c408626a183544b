// The views kit: the message type every view returns and the Block Kit pieces every view is
// built from, written once. Block Kit is written only under src/slack/views; listeners and
// effects call a view function and send what it returns.
import type { KnownBlock, ModalView, PlainTextElement } from "@slack/types";
import { escapeMrkdwn } from "../../domain/mrkdwn";
import { partyShort, type RenderContext } from "../render-context";

/** What renkei posts, answers or DMs: the notification text and the blocks. */
export type SlackMessage = { text: string; blocks: KnownBlock[] };

/** Slack refuses a section text over 3,000 characters; views cut a little below. */
const SECTION_MAX = 2990;

/** A plain_text object (labels, titles, buttons, options). */
export const plain = (text: string): PlainTextElement => ({ type: "plain_text", text });

/** A mrkdwn section, cut to what Slack accepts. */
export const section = (text: string, block_id?: string): KnownBlock => ({ type: "section", ...(block_id ? { block_id } : {}), text: { type: "mrkdwn", text: text.slice(0, SECTION_MAX) } });

/** A context line (small grey mrkdwn). */
export const contextLine = (text: string, block_id?: string): KnownBlock => ({ type: "context", ...(block_id ? { block_id } : {}), elements: [{ type: "mrkdwn", text }] });

/** A message of one section that is also its notification text. */
export const message = (text: string, blocks?: KnownBlock[]): SlackMessage => ({ text, blocks: blocks ?? [section(text)] });

/** A party's short name, escaped for mrkdwn. */
export const partyName = (rc: RenderContext, id: string | null | undefined): string => escapeMrkdwn(partyShort(rc, id ?? ""));

/**
 * A modal: callback, metadata, title, submit and close labels (close defaults to "Cancel") and the
 * blocks. Titles, submit and close labels are plain text.
 */
export function modal(
  rc: RenderContext,
  o: { callbackId?: string; metadata?: string; title: string; submit?: string; close?: string; blocks: KnownBlock[]; notifyOnClose?: boolean },
): ModalView {
  return {
    type: "modal",
    ...(o.callbackId !== undefined ? { callback_id: o.callbackId } : {}),
    ...(o.metadata !== undefined ? { private_metadata: o.metadata } : {}),
    title: plain(o.title),
    ...(o.submit !== undefined ? { submit: plain(o.submit) } : {}),
    close: plain(o.close ?? rc.t("intake.cancel")),
    ...(o.notifyOnClose ? { notify_on_close: true } : {}),
    blocks: o.blocks,
  };
}

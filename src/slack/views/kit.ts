// The views kit: the message type every view returns and the Block Kit pieces every view is
// built from, written once. Block Kit is written only under src/slack/views; listeners and
// effects call a view function and send what it returns.
import type { KnownBlock, ModalView, PlainTextElement } from "@slack/types";
import { escapeMrkdwn } from "../mrkdwn";
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

/** A direct message (an IM: its ID starts with D); renkei is in those with itself only. */
export const isDirectMessage = (channelId: string): boolean => channelId.startsWith("D");

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

/**
 * A mrkdwn text as plain text, for the surfaces Slack shows literally (the inline errors of a
 * modal): *bold*, _italic_, ~strike~ and `code` lose their marks, <@U…> and <#C…> become @U… and
 * #C…, <url|label> its label, and escaped &lt; &gt; &amp; are shown as the characters.
 */
export function plainText(mrkdwn: string): string {
  return mrkdwn
    .replace(/<([@#!])([^|>]+)(?:\|([^>]*))?>/g, (_m, sigil: string, id: string, label?: string) => (label ? `${sigil === "!" ? "@" : sigil}${label}` : `${sigil === "!" ? "@" : sigil}${id}`))
    .replace(/<([^<>|]+)\|([^<>]+)>/g, "$2")
    .replace(/<([^<>|]+)>/g, "$1")
    .replace(/(^|[^\w*])\*([^*\n]+)\*(?![\w*])/g, "$1$2")
    .replace(/(^|[^\w_])_([^_\n]+)_(?![\w_])/g, "$1$2")
    .replace(/(^|[^\w~])~([^~\n]+)~(?![\w~])/g, "$1$2")
    .replace(/`([^`\n]+)`/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The answer to a view submission that keeps the modal open with errors under its inputs (plain text: Slack shows no mrkdwn there). */
export function formErrors(errors: Record<string, string>): { response_action: "errors"; errors: Record<string, string> } {
  return { response_action: "errors", errors: Object.fromEntries(Object.entries(errors).map(([block, text]) => [block, plainText(text)])) };
}

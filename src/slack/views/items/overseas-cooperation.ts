// Art. 4(2)(iv) on the task card: each request to ask overseas bodies for cooperation with its
// state, the overseas body, what was asked, the limits the agreement with that body sets and the
// results; the Request button, Accept / Decline / Record results per request; and the modals.
import { resultLevelBlock } from "../sharing-scope";
import type { Button, KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import type { ItemRecord } from "../../../domain/item-records";
import { OVERSEAS_LIMITS, OVERSEAS_ROLES, overseasParties, overseasRequestsOf, type FieldError, type OverseasRefusal, type OverseasRequest } from "../../../domain/items/overseas-cooperation";
import { escapeAndTruncate } from "../../mrkdwn";
import type { Member } from "../../../domain/parties";
import type { Task } from "../../../domain/tasks";
import { OVERSEAS_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, type RenderContext } from "../../render-context";
import { itemArticle } from "../consultation";
import { plainNotice, refusalMessage } from "../notices";
import type { ItemView } from "./index";
import { modal, partyName, plain, type SlackMessage } from "../kit";

/** Requests shown on the card, newest last; older ones are counted (50 blocks per message). */
export const OVERSEAS_SHOWN = 10;

/** A button's value or a modal's metadata naming one request of one task. */
export const ZOverseasRef = z.object({ t: z.string().min(1), r: z.string().min(1) });
export type OverseasRef = z.infer<typeof ZOverseasRef>;

function requestText(rc: RenderContext, task: Task, r: OverseasRequest, n: number): string {
  const { t } = rc;
  const lines = [
    t("item.overseas.card.request", {
      n,
      status: t(`item.overseas.status.${r.status}`),
      body: escapeAndTruncate(r.body, OVERSEAS_LIMITS.body),
      ask: escapeAndTruncate(r.ask, 500),
      user: mentionUser(r.byUserId),
      party: partyName(rc, r.party),
      date: formatDateTime(rc, r.createdAt),
    }),
  ];
  if (r.decision) {
    const who = { user: mentionUser(r.decision.byUserId), party: partyName(rc, task.ownerParty), date: formatDateTime(rc, r.decision.at) };
    lines.push(r.status === "declined" ? t("item.overseas.card.declined", { ...who, reason: escapeAndTruncate(r.decision.reason ?? "", 400) }) : t("item.overseas.card.accepted", who));
  }
  if (r.results) {
    lines.push(
      t("item.overseas.card.results", {
        limits: escapeAndTruncate(r.results.limits, 400),
        results: escapeAndTruncate(r.results.results, 1000),
        user: mentionUser(r.results.byUserId),
        party: partyName(rc, task.ownerParty),
        date: formatDateTime(rc, r.results.at),
        article: itemArticle(rc, "overseas_cooperation"),
      }),
    );
  }
  return lines.join("\n");
}

function requestButtons(rc: RenderContext, task: Task, r: OverseasRequest): Button[] {
  const value = encode({ t: task.id, r: r.id });
  if (r.status === "requested") {
    return [
      { type: "button", action_id: OVERSEAS_ID.actionAccept, style: "primary", text: plain(rc.t("item.overseas.button.accept")), value },
      { type: "button", action_id: OVERSEAS_ID.actionDecline, style: "danger", text: plain(rc.t("item.overseas.button.decline")), value },
    ];
  }
  if (r.status === "accepted") return [{ type: "button", action_id: OVERSEAS_ID.actionResults, style: "primary", text: plain(rc.t("item.overseas.button.results")), value }];
  return [];
}

export function overseasDetails(rc: RenderContext, task: Task, records: ItemRecord[]): KnownBlock[] {
  const { requester, asked } = overseasParties(task);
  const requests = overseasRequestsOf(records);
  const blocks: KnownBlock[] = [
    {
      type: "section",
      block_id: "item_overseas_heading",
      text: {
        type: "mrkdwn",
        text: `*${rc.t("item.overseas.card.heading")}*\n${rc.t(requests.length === 0 ? "item.overseas.card.none" : "item.overseas.card.rule", { requester: partyName(rc, requester), asked: partyName(rc, asked) })}`,
      },
    },
  ];
  const hidden = Math.max(0, requests.length - OVERSEAS_SHOWN);
  if (hidden > 0) blocks.push({ type: "context", block_id: "item_overseas_more", elements: [{ type: "mrkdwn", text: rc.t("item.overseas.card.more", { count: hidden }) }] });
  requests.slice(hidden).forEach((r, i) => {
    blocks.push({ type: "section", block_id: `${OVERSEAS_ID.requestPrefix}${r.id}`, text: { type: "mrkdwn", text: requestText(rc, task, r, hidden + i + 1) } });
    const buttons = task.status === "done" ? [] : requestButtons(rc, task, r);
    if (buttons.length > 0) blocks.push({ type: "actions", block_id: `${OVERSEAS_ID.actionsPrefix}${r.id}`, elements: buttons });
  });
  return blocks;
}

export function overseasButtons(rc: RenderContext, task: Task): Button[] {
  return [{ type: "button", action_id: OVERSEAS_ID.actionRequest, text: plain(rc.t("item.overseas.button.request")), value: encode({ taskId: task.id }) }];
}

export const overseasView: ItemView = { details: overseasDetails, buttons: overseasButtons };

// ---- modals ----

function requestSummary(rc: RenderContext, r: OverseasRequest): KnownBlock {
  return {
    type: "section",
    block_id: "item_overseas_summary",
    text: { type: "mrkdwn", text: rc.t("item.overseas.modal.summary", { body: escapeAndTruncate(r.body, OVERSEAS_LIMITS.body), ask: escapeAndTruncate(r.ask, 1500), user: mentionUser(r.byUserId) }) },
  };
}

export function overseasRequestModal(rc: RenderContext, task: Task): ModalView {
  const { requester, asked } = overseasParties(task);
  return modal(rc, {
    callbackId: OVERSEAS_ID.callbackRequest,
    metadata: encode({ taskId: task.id }),
    title: rc.t("item.overseas.request.title"),
    submit: rc.t("item.overseas.request.submit"),
    blocks: [
      { type: "section", block_id: "item_overseas_intro", text: { type: "mrkdwn", text: rc.t("item.overseas.request.intro", { requester: partyName(rc, requester), asked: partyName(rc, asked), article: itemArticle(rc, "overseas_cooperation"), ref: task.params.ref ?? "" }) } },
      { type: "input", block_id: OVERSEAS_ID.blockBody, label: plain(rc.t("item.overseas.request.body")), element: { type: "plain_text_input", action_id: VALUE_ACTION, max_length: OVERSEAS_LIMITS.body } },
      { type: "input", block_id: OVERSEAS_ID.blockAsk, label: plain(rc.t("item.overseas.request.ask")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: OVERSEAS_LIMITS.ask } },
    ],
  });
}

export function overseasDeclineModal(rc: RenderContext, task: Task, r: OverseasRequest): ModalView {
  return modal(rc, {
    callbackId: OVERSEAS_ID.callbackDecline,
    metadata: encode({ t: task.id, r: r.id }),
    title: rc.t("item.overseas.decline.title"),
    submit: rc.t("item.overseas.decline.submit"),
    blocks: [
      requestSummary(rc, r),
      { type: "input", block_id: OVERSEAS_ID.blockReason, label: plain(rc.t("item.overseas.decline.reason")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: OVERSEAS_LIMITS.reason } },
    ],
  });
}

export function overseasResultsModal(rc: RenderContext, task: Task, r: OverseasRequest): ModalView {
  return modal(rc, {
    callbackId: OVERSEAS_ID.callbackResults,
    metadata: encode({ t: task.id, r: r.id }),
    title: rc.t("item.overseas.results.title"),
    submit: rc.t("item.overseas.results.submit"),
    blocks: [
      requestSummary(rc, r),
      { type: "context", block_id: "item_overseas_hint", elements: [{ type: "mrkdwn", text: rc.t("item.overseas.results.hint", { asked: partyName(rc, task.ownerParty), article: itemArticle(rc, "overseas_cooperation") }) }] },
      {
        type: "input",
        block_id: OVERSEAS_ID.blockLimits,
        label: plain(rc.t("item.overseas.results.limits")),
        hint: plain(rc.t("item.overseas.results.limits_hint")),
        element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: OVERSEAS_LIMITS.limits },
      },
      { type: "input", block_id: OVERSEAS_ID.blockResults, label: plain(rc.t("item.overseas.results.results")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: OVERSEAS_LIMITS.results } },
      resultLevelBlock(rc), // Art. 7
    ],
  });
}

const FIELD_BLOCK = { body: OVERSEAS_ID.blockBody, ask: OVERSEAS_ID.blockAsk, reason: OVERSEAS_ID.blockReason, limits: OVERSEAS_ID.blockLimits, results: OVERSEAS_ID.blockResults } as const;

/** Validation errors keyed by the modal's input blocks. */
export function overseasFieldErrors(rc: RenderContext, errors: FieldError<keyof typeof FIELD_BLOCK>[]): Record<string, string> {
  return Object.fromEntries(errors.map((e) => [FIELD_BLOCK[e.field], e.error === "required" ? rc.t("intake.error.required") : rc.t("intake.error.too_long", { max: e.max ?? "" })]));
}

/** Why an action on the item was refused, said privately. */
export function overseasRefusalMessage(rc: RenderContext, refusal: OverseasRefusal, ctx: { member?: Member | undefined; task?: Task | null; request?: OverseasRequest | undefined }): SlackMessage {
  const { requester, asked } = ctx.task ? overseasParties(ctx.task) : { requester: null, asked: "" };
  const article = itemArticle(rc, "overseas_cooperation");
  switch (refusal) {
    case "not_a_member":
      return refusalMessage(rc, "not_a_member");
    case "role_required":
      return refusalMessage(rc, "role_required", { ...(ctx.member ? { member: ctx.member } : {}), roles: [...OVERSEAS_ROLES] });
    case "not_requester":
      return plainNotice(rc.t("item.overseas.refusal.not_requester", { requester: partyName(rc, requester), asked: partyName(rc, asked), article }));
    case "not_asked_party":
      return plainNotice(rc.t("item.overseas.refusal.not_asked_party", { requester: partyName(rc, requester), asked: partyName(rc, asked), article }));
    case "task_done":
      return plainNotice(rc.t("item.overseas.refusal.task_done"));
    case "unknown_request":
      return plainNotice(rc.t("item.overseas.refusal.unknown_request"));
    case "already_decided": {
      const r = ctx.request;
      const by = r?.results ?? r?.decision;
      return plainNotice(
        rc.t("item.overseas.refusal.already_decided", {
          status: rc.t(`item.overseas.status.${r?.status ?? "accepted"}`),
          user: by ? mentionUser(by.byUserId) : "?",
          date: by ? formatDateTime(rc, by.at) : "",
        }),
      );
    }
    case "not_accepted":
      return plainNotice(rc.t("item.overseas.refusal.not_accepted"));
  }
}

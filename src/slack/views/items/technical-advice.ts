// Art. 4(2)(v) on the task card: each request for technical advice (topic, question, who asked
// and when) with the advice given; the Request advice button, Record advice on each open
// request; and the two modals.
import { resultLevelBlock } from "../sharing-scope";
import type { Button, KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import type { ItemRecord } from "../../../domain/item-records";
import { ADVICE_LIMITS, ADVICE_ROLES, ADVICE_TOPICS, adviceParties, adviceRequestsOf, type AdviceFieldError, type AdviceRefusal, type AdviceRequest } from "../../../domain/items/technical-advice";
import { escapeAndTruncate, escapeMrkdwn } from "../../mrkdwn";
import type { Member } from "../../../domain/parties";
import type { Task } from "../../../domain/tasks";
import { ADVICE_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../../render-context";
import { itemArticle } from "../consultation";
import { plainNotice, refusalMessage } from "../notices";
import type { ItemView } from "./index";
import { modal, plain, type SlackMessage } from "../kit";

export const ADVICE_SHOWN = 10;

export const ZAdviceRef = z.object({ t: z.string().min(1), r: z.string().min(1) });

const partyList = (rc: RenderContext, ids: string[]) => escapeMrkdwn(ids.map((id) => partyShort(rc, id)).join(rc.locale === "ja" ? "・" : ", "));

/** The requesting and advising parties of this card's item, from the profile. */
export function advicePartiesFor(rc: RenderContext, task: Task): { requesters: string[]; providers: string[] } {
  return adviceParties(rc.profile.cooperationItems.find((c) => c.id === task.itemType), task);
}

function requestText(rc: RenderContext, r: AdviceRequest, n: number): string {
  const { t } = rc;
  const lines = [
    t("item.advice.card.request", {
      n,
      topic: t(`item.advice.topic.${r.topic}`),
      status: t(`item.advice.status.${r.status}`),
      question: escapeAndTruncate(r.question, 800),
      user: mentionUser(r.byUserId),
      party: escapeMrkdwn(partyShort(rc, r.party)),
      date: formatDateTime(rc, r.createdAt),
    }),
  ];
  const budget = Math.max(200, Math.floor(1600 / Math.max(1, r.advice.length)));
  for (const a of r.advice) {
    lines.push(t("item.advice.card.advice", { advice: escapeAndTruncate(a.text, budget), user: mentionUser(a.byUserId), party: escapeMrkdwn(partyShort(rc, a.party)), date: formatDateTime(rc, a.at) }));
  }
  return lines.join("\n").slice(0, 3000);
}

export function adviceDetails(rc: RenderContext, task: Task, records: ItemRecord[]): KnownBlock[] {
  const { requesters, providers } = advicePartiesFor(rc, task);
  const requests = adviceRequestsOf(records);
  const vars = { requesters: partyList(rc, requesters), providers: partyList(rc, providers) };
  const blocks: KnownBlock[] = [
    {
      type: "section",
      block_id: "item_advice_heading",
      text: { type: "mrkdwn", text: `*${rc.t("item.advice.card.heading")}*\n${rc.t(requests.length === 0 ? "item.advice.card.none" : "item.advice.card.rule", vars)}` },
    },
  ];
  const hidden = Math.max(0, requests.length - ADVICE_SHOWN);
  if (hidden > 0) blocks.push({ type: "context", block_id: "item_advice_more", elements: [{ type: "mrkdwn", text: rc.t("item.advice.card.more", { count: hidden }) }] });
  requests.slice(hidden).forEach((r, i) => {
    blocks.push({ type: "section", block_id: `${ADVICE_ID.requestPrefix}${r.id}`, text: { type: "mrkdwn", text: requestText(rc, r, hidden + i + 1) } });
    if (task.status !== "done" && r.status === "requested") {
      blocks.push({
        type: "actions",
        block_id: `${ADVICE_ID.actionsPrefix}${r.id}`,
        elements: [{ type: "button", action_id: ADVICE_ID.actionRecord, style: "primary", text: plain(rc.t("item.advice.button.record")), value: encode({ t: task.id, r: r.id }) }],
      });
    }
  });
  return blocks;
}

export function adviceButtons(rc: RenderContext, task: Task): Button[] {
  return [{ type: "button", action_id: ADVICE_ID.actionRequest, text: plain(rc.t("item.advice.button.request")), value: encode({ taskId: task.id }) }];
}

export const adviceView: ItemView = { details: adviceDetails, buttons: adviceButtons };

// ---- modals ----

export function adviceRequestModal(rc: RenderContext, task: Task): ModalView {
  const { requesters, providers } = advicePartiesFor(rc, task);
  return modal(rc, {
    callbackId: ADVICE_ID.callbackRequest,
    metadata: encode({ taskId: task.id }),
    title: rc.t("item.advice.request.title"),
    submit: rc.t("item.advice.request.submit"),
    blocks: [
      { type: "section", block_id: "item_advice_intro", text: { type: "mrkdwn", text: rc.t("item.advice.request.intro", { requesters: partyList(rc, requesters), providers: partyList(rc, providers), article: itemArticle(rc, "technical_advice"), ref: task.params.ref ?? "" }) } },
      {
        type: "input",
        block_id: ADVICE_ID.blockTopic,
        label: plain(rc.t("item.advice.request.topic")),
        element: { type: "static_select", action_id: VALUE_ACTION, placeholder: plain(rc.t("item.advice.request.topic_placeholder")), options: ADVICE_TOPICS.map((topic) => ({ text: plain(rc.t(`item.advice.topic.${topic}`)), value: topic })) },
      },
      { type: "input", block_id: ADVICE_ID.blockQuestion, label: plain(rc.t("item.advice.request.question")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: ADVICE_LIMITS.question } },
    ],
  });
}

export function adviceRecordModal(rc: RenderContext, task: Task, r: AdviceRequest): ModalView {
  return modal(rc, {
    callbackId: ADVICE_ID.callbackRecord,
    metadata: encode({ t: task.id, r: r.id }),
    title: rc.t("item.advice.record.title"),
    submit: rc.t("item.advice.record.submit"),
    blocks: [
      {
        type: "section",
        block_id: "item_advice_summary",
        text: { type: "mrkdwn", text: rc.t("item.advice.record.summary", { topic: rc.t(`item.advice.topic.${r.topic}`), question: escapeAndTruncate(r.question, 2000), user: mentionUser(r.byUserId) }) },
      },
      { type: "context", block_id: "item_advice_hint", elements: [{ type: "mrkdwn", text: rc.t("item.advice.record.hint", { article: itemArticle(rc, "technical_advice") }) }] },
      { type: "input", block_id: ADVICE_ID.blockAdvice, label: plain(rc.t("item.advice.record.field")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: ADVICE_LIMITS.advice } },
      resultLevelBlock(rc), // Art. 7
    ],
  });
}

const FIELD_BLOCK = { topic: ADVICE_ID.blockTopic, question: ADVICE_ID.blockQuestion, advice: ADVICE_ID.blockAdvice } as const;

export function adviceFieldErrors(rc: RenderContext, errors: AdviceFieldError[]): Record<string, string> {
  return Object.fromEntries(
    errors.map((e) => [FIELD_BLOCK[e.field], e.error === "required" ? rc.t("intake.error.required") : e.error === "invalid_choice" ? rc.t("intake.error.invalid_choice") : rc.t("intake.error.too_long", { max: e.max ?? "" })]),
  );
}

export function adviceRefusalMessage(rc: RenderContext, refusal: AdviceRefusal, ctx: { member?: Member | undefined; task?: Task | null; request?: AdviceRequest | undefined }): SlackMessage {
  const parties = ctx.task ? advicePartiesFor(rc, ctx.task) : { requesters: [], providers: [] };
  const vars = { requesters: partyList(rc, parties.requesters), providers: partyList(rc, parties.providers), article: itemArticle(rc, "technical_advice") };
  switch (refusal) {
    case "not_a_member":
      return refusalMessage(rc, "not_a_member");
    case "role_required":
      return refusalMessage(rc, "role_required", { ...(ctx.member ? { member: ctx.member } : {}), roles: [...ADVICE_ROLES] });
    case "not_requester":
      return plainNotice(rc.t("item.advice.refusal.not_requester", vars));
    case "not_provider":
      return plainNotice(rc.t("item.advice.refusal.not_provider", vars));
    case "task_done":
      return plainNotice(rc.t("item.advice.refusal.task_done"));
    case "unknown_request":
      return plainNotice(rc.t("item.advice.refusal.unknown_request"));
    case "already_answered": {
      const a = ctx.request?.advice[0];
      return plainNotice(rc.t("item.advice.refusal.already_answered", { user: a ? mentionUser(a.byUserId) : "?", date: a ? formatDateTime(rc, a.at) : "" }));
    }
  }
}

// Art. 4(2)(ii) sharing investigation results on the item's card: each result shared with its
// provider party, who recorded it and when; the button to record one and its modal.
import { resultLevelBlock } from "../sharing-scope";
import type { ModalView } from "@slack/types";
import type { ItemRecord } from "../../../domain/item-records";
import { ITEM_TYPE, RESULT_LIMITS, resultData, resultsOf, type ResultError } from "../../../domain/items/sharing-results";
import { escapeAndTruncate, escapeMrkdwn } from "../../mrkdwn";
import type { Member } from "../../../domain/parties";
import type { Refusal } from "../../../domain/permissions";
import type { Task } from "../../../domain/tasks";
import { RESULTS_ID, VALUE_ACTION } from "../../ids";
import { encode } from "../../metadata";
import { formatDateTime, mentionUser, partyShort, type RenderContext } from "../../render-context";
import { itemArticle } from "../consultation";
import { plainNotice, refusalMessage } from "../notices";
import type { ItemView } from "./index";
import { latest, packSections } from "./joint-investigation";
import { modal, plain, type SlackMessage } from "../kit";

function resultLine(rc: RenderContext, r: ItemRecord): string {
  const d = resultData(r);
  const line = rc.t("item.results.card.result", {
    party: escapeMrkdwn(partyShort(rc, r.party)),
    summary: escapeAndTruncate(d.summary, 500),
    user: mentionUser(r.byUserId),
    date: formatDateTime(rc, r.createdAt),
  });
  return d.details ? `${line}\n　${escapeAndTruncate(d.details, 400)}` : line;
}

export const sharingResultsView: ItemView = {
  details(rc, _task, records) {
    const results = latest(resultsOf(records));
    const lines = results.shown.length > 0 ? results.shown.map((r) => resultLine(rc, r)) : [rc.t("item.results.card.none")];
    return packSections("item_results", `*${rc.t("item.results.card.heading")}*`, lines, results.hidden ? rc.t("item.joint.card.more", { count: results.hidden }) : undefined);
  },
  buttons(rc, task) {
    return [{ type: "button", action_id: RESULTS_ID.actionRecord, text: plain(rc.t("item.results.button.record")), value: encode({ taskId: task.id }) }];
  },
};

export function resultModal(rc: RenderContext, task: Task, party: string): ModalView {
  return modal(rc, {
    callbackId: RESULTS_ID.callbackResult,
    metadata: encode({ taskId: task.id }),
    title: rc.t("item.results.title"),
    submit: rc.t("item.joint.submit"),
    blocks: [
      { type: "section", block_id: "item_results_intro", text: { type: "mrkdwn", text: rc.t("item.results.intro", { ref: escapeMrkdwn(task.params.ref ?? ""), party: escapeMrkdwn(partyShort(rc, party)), article: itemArticle(rc, ITEM_TYPE) }) } },
      { type: "input", block_id: RESULTS_ID.blockSummary, label: plain(rc.t("item.results.field.summary")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: RESULT_LIMITS.summary } },
      { type: "input", block_id: RESULTS_ID.blockDetails, optional: true, label: plain(rc.t("item.results.field.details")), element: { type: "plain_text_input", action_id: VALUE_ACTION, multiline: true, max_length: RESULT_LIMITS.details } },
      resultLevelBlock(rc), // Art. 7
    ],
  });
}

export function resultErrors(rc: RenderContext, errors: ResultError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    if (e.field === "summary") out[RESULTS_ID.blockSummary] = e.error === "required" ? rc.t("intake.error.required") : rc.t("intake.error.too_long", { max: RESULT_LIMITS.summary });
    else out[RESULTS_ID.blockDetails] = rc.t("intake.error.too_long", { max: RESULT_LIMITS.details });
  }
  return out;
}

export function resultRefusalMessage(rc: RenderContext, member: Member | undefined, refusal: Refusal | "task_done" | "not_found"): SlackMessage {
  if (refusal === "task_done") return plainNotice(rc.t("task.error.task_done"));
  if (refusal === "not_found") return plainNotice(rc.t("error.generic", { error: "task not found" }));
  return refusalMessage(rc, refusal, { ...(member ? { member } : {}), roles: ["staff", "liaison", "admin"] });
}

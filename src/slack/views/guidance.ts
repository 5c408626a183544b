// The APPI guidance blocks shared by the intake result and the incident card: whether the leak
// looks reportable and the report deadlines, each with the rule it comes from. Never legal advice.
import type { KnownBlock } from "@slack/types";
import { assessReportability, computeDeadlines } from "../../domain/appi";
import type { Incident } from "../../domain/incident";
import { escapeAndTruncate } from "../mrkdwn";
import { receiptsOf, type ReportKind } from "../../domain/report-receipts";
import { formatDateTime, formatLocalDate, type RenderContext } from "../render-context";
import { recipientName } from "./recipient";

/**
 * A report's receipt as the card shows it: received (day, number) or not received yet. (The card
 * is not re-rendered when a deadline passes, so "overdue" is said by the notices and the digest.)
 */
export function receiptText(rc: RenderContext, incident: Incident, which: ReportKind): string {
  const receipt = receiptsOf(incident)[which];
  if (receipt.receivedOn) {
    const [y, m, d] = receipt.receivedOn.split("-").map(Number) as [number, number, number];
    const no = receipt.receiptNo ? rc.t("receipt.received.no", { no: escapeAndTruncate(receipt.receiptNo, 100) }) : "";
    return rc.t("receipt.received", { date: formatLocalDate(rc, { year: y, month: m, day: d }), no });
  }
  return rc.t("receipt.pending");
}

export function guidanceBlocks(rc: RenderContext, incident: Incident): KnownBlock[] {
  const { t } = rc;
  const r = assessReportability(incident);
  const reasons = r.reasons.map((reason) => t(`reportability.reason.${reason}`, { threshold: r.threshold })).join(rc.locale === "ja" ? "、" : "; ");
  const verdict = [
    r.protectiveMeasures
      ? t("reportability.protective_measures", { article: r.rulesArticle })
      : r.reportable
        ? t("reportability.reportable", { article: r.rulesArticle, reasons })
        : t("reportability.not_reportable", { article: r.rulesArticle, threshold: r.threshold }),
    ...(r.localPublicBody ? [t("reportability.local_public_body")] : []),
    t("reportability.recipient", { recipient: recipientName(rc, incident) }),
  ].join("\n");
  const blocks: KnownBlock[] = [
    {
      type: "section",
      block_id: "guidance_reportability",
      text: { type: "mrkdwn", text: `*${t("reportability.heading")}* (${t(`regime.${incident.appiRegime}`)})\n${verdict}` },
    },
  ];
  if (incident.preliminaryDueAt && incident.finalDueAt) {
    const rules = rc.profile.leakReportRules;
    const d = computeDeadlines(incident.awareAt, incident.appiRegime, incident.unlawfulPurposeSuspected, rc.timezone, rules);
    const edited = (yes: boolean) => (yes ? t("deadline.edited") : "");
    blocks.push({
      type: "section",
      block_id: "guidance_deadlines",
      text: {
        type: "mrkdwn",
        text: [
          `*${t("deadline.heading")}*`,
          `• ${t("deadline.preliminary", { date: formatDateTime(rc, incident.preliminaryDueAt), latest: formatDateTime(rc, d.preliminaryLatest), article: d.rulesArticle })}${edited(incident.preliminaryDueEdited)}${receiptText(rc, incident, "preliminary")}`,
          `• ${t("deadline.final", { days: d.finalDays, date: formatDateTime(rc, incident.finalDueAt), article: d.rulesArticle })}${edited(incident.finalDueEdited)}${d.finalMovedFromClosedDay && !incident.finalDueEdited ? t("deadline.final.moved") : ""}${receiptText(rc, incident, "final")}`,
          // How the date was computed, with the guideline it follows (the rules table's data).
          t("deadline.counting", {
            rule: rules.dayOne.rule[rc.locale],
            days: d.finalDays,
            lastDay: formatLocalDate(rc, d.finalLastDay),
            closed: d.finalMovedFromClosedDay ? `${rules.closedDays.rule[rc.locale]}${rc.locale === "ja" ? "。" : "."}` : "",
            source: rules.dayOne.source[rc.locale],
          }),
        ].join("\n"),
      },
    });
  }
  blocks.push({ type: "context", block_id: "guidance_note", elements: [{ type: "mrkdwn", text: t("result.guidance_note") }] });
  return blocks;
}

// The APPI guidance blocks shared by the intake result and the incident card: whether the leak
// looks reportable and the report deadlines, each with the rule it comes from. Never legal advice.
import type { KnownBlock } from "@slack/types";
import { assessReportability, computeDeadlines } from "../../domain/appi";
import type { Incident } from "../../domain/incident";
import { formatDateTime, formatLocalDate, type RenderContext } from "../render-context";

export function guidanceBlocks(rc: RenderContext, incident: Incident): KnownBlock[] {
  const { t } = rc;
  const r = assessReportability(incident);
  const reasons = r.reasons.map((reason) => t(`reportability.reason.${reason}`, { threshold: r.threshold })).join(rc.locale === "ja" ? "、" : "; ");
  const verdict = r.reportable
    ? t("reportability.reportable", { article: r.rulesArticle, reasons })
    : t("reportability.not_reportable", { article: r.rulesArticle, threshold: r.threshold });
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
          `• ${t("deadline.preliminary", { date: formatDateTime(rc, incident.preliminaryDueAt), latest: formatDateTime(rc, d.preliminaryLatest), article: d.rulesArticle })}${edited(incident.preliminaryDueEdited)}`,
          `• ${t("deadline.final", { days: d.finalDays, date: formatDateTime(rc, incident.finalDueAt), article: d.rulesArticle })}${edited(incident.finalDueEdited)}${d.finalMovedFromClosedDay && !incident.finalDueEdited ? t("deadline.final.moved") : ""}`,
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

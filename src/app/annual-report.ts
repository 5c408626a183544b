// The annual review in numbers (issue 15): `/renkei report` and `npm run report`. Reads the facts of
// the period (timestamps, parties, kinds — no text), computes the figures in the domain, and renders
// the CSV and the charts. Asking for it is audited; delivery is the `send_report` effect.
import { annualReport, annualReportCsv, type AnnualReport, type ReportFacts } from "../domain/annual-report";
import { formatLocalDate, type ExportPeriod } from "../domain/export";
import type { Locale } from "../domain/locale";
import { barChartSvg } from "../charts/bar-chart";
import { translator } from "../i18n/t";
import { reportRows } from "../store/report";
import type { AppContext } from "./context";

export type AnnualReportFiles = {
  report: AnnualReport;
  /** `renkei-report-<from>_<to>.csv` */
  csv: { filename: string; content: string };
  /** Standalone SVG images. */
  charts: Array<{ filename: string; title: string; content: string }>;
};

export async function readReportFacts(ctx: AppContext, period: ExportPeriod): Promise<ReportFacts> {
  const rows = await reportRows(ctx.store, { start: period.start, end: period.end });
  const partyOf = (userId: string) => ctx.config.directory.member(userId)?.party ?? null;
  return { ...rows, warnings: rows.warnings.map((w) => ({ party: partyOf(w.forwardedByUserId), at: w.at })) };
}

export async function buildAnnualReport(ctx: AppContext, period: ExportPeriod, locale: Locale): Promise<AnnualReportFiles> {
  const profile = ctx.config.profile;
  const parties = profile.parties.map((p) => p.id);
  const itemTypes = profile.cooperationItems.map((i) => i.id);
  const report = annualReport(await readReportFacts(ctx, period), period, parties, itemTypes, ctx.clock.now());
  const t = translator(locale);
  const partyName = (id: string) => (id === "all" ? t("report.chart.all") : (profile.parties.find((p) => p.id === id)?.short[locale] ?? id));
  const itemName = (id: string) => profile.cooperationItems.find((i) => i.id === id)?.name[locale] ?? id;
  const base = `renkei-report-${formatLocalDate(period.from)}_${formatLocalDate(period.to)}`;
  const byQuarter = (pick: (r: AnnualReport["rows"][number]) => number | null) =>
    [...parties, "all"].map((party) => ({ name: partyName(party), values: report.quarters.map((q) => pick(report.rows.find((r) => r.quarter === q && r.party === party)!)) }));
  const charts = [
    { name: "decision", title: t("report.chart.decision.title"), unit: t("report.chart.hours"), categories: report.quarters, series: byQuarter((r) => r.figures.contactToDecision.medianHours) },
    { name: "contact", title: t("report.chart.contact.title"), unit: t("report.chart.hours"), categories: report.quarters, series: byQuarter((r) => r.figures.registrationToContact.medianHours) },
    {
      name: "items",
      title: t("report.chart.items.title"),
      unit: t("report.chart.count"),
      categories: itemTypes.map(itemName),
      series: parties.map((party) => ({
        name: partyName(party),
        values: itemTypes.map((it) => report.rows.filter((r) => r.party === party).reduce((n, r) => n + (r.figures.itemsAgreedByKind[it] ?? 0), 0)),
      })),
    },
  ];
  return {
    report,
    csv: { filename: `${base}.csv`, content: annualReportCsv(report) },
    charts: charts.map((c) => ({ filename: `${base}-${c.name}.svg`, title: c.title, content: barChartSvg(c) })),
  };
}

/**
 * `/renkei report <from> <to>`: audited, then made and sent to the person's DM by the
 * `send_report` effect after the commit. The same request within the same minute queues nothing more.
 */
export async function requestAnnualReport(ctx: AppContext, actor: { userId: string; party: string }, period: ExportPeriod): Promise<{ queued: boolean }> {
  const now = ctx.clock.now();
  const from = formatLocalDate(period.from);
  const to = formatLocalDate(period.to);
  const dedupeKey = `report:${actor.userId}:${from}_${to}:${Math.floor(now.getTime() / 60_000)}`;
  if (await ctx.store.effectByKey(dedupeKey)) return { queued: false };
  await ctx.store.transact(now, async (tx) => {
    await tx.audit({ actorUserId: actor.userId, actorParty: actor.party, article: null, action: "record.report_requested", entityType: "report", entityId: `${from}_${to}`, before: null, after: { from, to, timezone: period.timezone } });
    await tx.enqueue({ kind: "send_report", payload: { userId: actor.userId, from, to }, dedupeKey });
  });
  return { queued: true };
}

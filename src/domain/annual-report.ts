// The annual review of the memorandum in numbers (issue 15): per quarter and per party, how much
// cooperation there was and how quickly it went — incidents registered, cooperation cases, time
// from registration to contacting the other party and from contact to the decision (Art. 4(2)),
// cooperation items agreed by kind and completed on time, the reporter's leak-report deadlines
// met, Art. 7 scope designations, warnings and consents, and normal-times events held (Art. 5(1)).
//
// Pure: the facts are read elsewhere (src/store/report.ts), with no free text at all — the report
// carries counts and durations only, so it never holds content outside anyone's Art. 7 scope.
import { formatLocalDate, toCsv, type ExportPeriod, type ExportRow } from "./export";
import { localDateOf, type LocalDate } from "./time";

export type ReportIncident = {
  id: string;
  /** The party that registered it. */
  party: string;
  registeredAt: Date;
  /** The first consultation round's proposal: proposing is contacting the other party (Art. 4(2)). */
  contactedAt: Date | null;
  /** When the first round was concluded (the decision whether to cooperate). */
  decidedAt: Date | null;
  /** A round concluded with cooperation: a cooperation case. */
  cooperation: boolean;
  /** The reporter's 速報 and 確報: when due, and the day the recipient received it (YYYY-MM-DD), if recorded. */
  preliminary: { dueAt: Date | null; receivedOn: string | null };
  final: { dueAt: Date | null; receivedOn: string | null };
};

export type ReportItem = { itemType: string; ownerParty: string; agreedAt: Date; dueAt: Date | null; doneAt: Date | null };
export type ReportScopeEvent = { party: string | null; at: Date };
export type ReportActivity = { ownerParty: string; article: string; heldAt: Date };

/** What the report is computed from: everything of the period, exercises excluded (see the store). */
export type ReportFacts = {
  incidents: ReportIncident[];
  items: ReportItem[];
  /** Art. 7 designations by the provider's party. */
  designations: ReportScopeEvent[];
  /** Art. 7 warnings, by the forwarder's party. */
  warnings: ReportScopeEvent[];
  /** Art. 7 consents granted, by the provider's party. */
  consents: ReportScopeEvent[];
  /** Normal-times events held (Art. 5(1)), by the organising party. */
  activitiesHeld: ReportActivity[];
};

/** Median and 90th percentile (nearest rank) of durations in hours; null when there are none. */
export type DurationFigure = { count: number; medianHours: number | null; p90Hours: number | null };

export type ReportFigures = {
  incidentsRegistered: number;
  cooperationCases: number;
  registrationToContact: DurationFigure;
  contactToDecision: DurationFigure;
  itemsAgreed: number;
  itemsAgreedByKind: Record<string, number>;
  /** Items with a due date that were done by it, of those whose due date has passed or that are done. */
  itemsWithDueDate: number;
  itemsCompletedOnTime: number;
  /** Reporter deadlines (速報 and 確報) that fell due within the report or were met, and how many were met. */
  reporterDeadlinesDue: number;
  reporterDeadlinesMet: number;
  scopeDesignations: number;
  scopeWarnings: number;
  scopeConsents: number;
  normalTimesEventsHeld: number;
};

export type ReportRowKey = { quarter: string; party: string | "all" };
export type AnnualReport = {
  period: { from: string; to: string; timezone: string };
  parties: string[];
  itemTypes: string[];
  /** The quarters of the period in order (Japanese fiscal year: Q1 = April–June). */
  quarters: string[];
  rows: Array<ReportRowKey & { figures: ReportFigures }>;
  /** The whole period, all parties. */
  total: ReportFigures;
};

/**
 * The fiscal quarter of a local date, as government bodies in Japan count the year (年度: April to
 * March): 2026-04-01 → "FY2026 Q1", 2027-01-15 → "FY2026 Q4".
 */
export function fiscalQuarter(d: LocalDate): string {
  const fy = d.month >= 4 ? d.year : d.year - 1;
  const q = Math.floor(((d.month + 8) % 12) / 3) + 1;
  return `FY${fy} Q${q}`;
}

/** Every fiscal quarter from `from` to `to`, in order. */
export function quartersBetween(from: LocalDate, to: LocalDate): string[] {
  const out: string[] = [];
  let y = from.year;
  let m = from.month;
  while (y < to.year || (y === to.year && m <= to.month)) {
    const q = fiscalQuarter({ year: y, month: m, day: 1 });
    if (out[out.length - 1] !== q) out.push(q);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

const HOUR = 3_600_000;

/** Nearest-rank percentile of sorted values (p in 0..100). */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export function durationFigure(durationsMs: number[]): DurationFigure {
  const hours = durationsMs.filter((d) => d >= 0).map((d) => d / HOUR).sort((a, b) => a - b);
  return { count: hours.length, medianHours: round1(median(hours)), p90Hours: round1(percentile(hours, 90)) };
}

/** Was a deadline met: received on or before the local day it was due. Unknown (not yet due, nothing received): null. */
function deadlineMet(d: { dueAt: Date | null; receivedOn: string | null }, asOf: Date, tz: string): boolean | null {
  if (!d.dueAt) return null;
  const dueDay = formatLocalDate(localDateOf(d.dueAt, tz));
  if (d.receivedOn) return d.receivedOn <= dueDay;
  return d.dueAt.getTime() < asOf.getTime() ? false : null;
}

function figures(f: ReportFacts, itemTypes: string[], asOf: Date, tz: string): ReportFigures {
  const byKind: Record<string, number> = Object.fromEntries(itemTypes.map((t) => [t, 0]));
  for (const i of f.items) byKind[i.itemType] = (byKind[i.itemType] ?? 0) + 1;
  const timed = f.items.filter((i) => i.dueAt && (i.doneAt || i.dueAt.getTime() < asOf.getTime()));
  const deadlines = f.incidents.flatMap((i) => [deadlineMet(i.preliminary, asOf, tz), deadlineMet(i.final, asOf, tz)]).filter((m): m is boolean => m !== null);
  return {
    incidentsRegistered: f.incidents.length,
    cooperationCases: f.incidents.filter((i) => i.cooperation).length,
    registrationToContact: durationFigure(f.incidents.flatMap((i) => (i.contactedAt ? [i.contactedAt.getTime() - i.registeredAt.getTime()] : []))),
    contactToDecision: durationFigure(f.incidents.flatMap((i) => (i.contactedAt && i.decidedAt ? [i.decidedAt.getTime() - i.contactedAt.getTime()] : []))),
    itemsAgreed: f.items.length,
    itemsAgreedByKind: byKind,
    itemsWithDueDate: timed.length,
    itemsCompletedOnTime: timed.filter((i) => i.doneAt && i.doneAt.getTime() <= i.dueAt!.getTime()).length,
    reporterDeadlinesDue: deadlines.length,
    reporterDeadlinesMet: deadlines.filter(Boolean).length,
    scopeDesignations: f.designations.length,
    scopeWarnings: f.warnings.length,
    scopeConsents: f.consents.length,
    normalTimesEventsHeld: f.activitiesHeld.length,
  };
}

/** The facts of one quarter and party ("all": both). */
function slice(f: ReportFacts, tz: string, quarter: string, party: string): ReportFacts {
  const q = (at: Date) => fiscalQuarter(localDateOf(at, tz)) === quarter;
  const p = (who: string | null) => party === "all" || who === party;
  return {
    incidents: f.incidents.filter((i) => q(i.registeredAt) && p(i.party)),
    items: f.items.filter((i) => q(i.agreedAt) && p(i.ownerParty)),
    designations: f.designations.filter((e) => q(e.at) && p(e.party)),
    warnings: f.warnings.filter((e) => q(e.at) && p(e.party)),
    consents: f.consents.filter((e) => q(e.at) && p(e.party)),
    activitiesHeld: f.activitiesHeld.filter((a) => q(a.heldAt) && p(a.ownerParty)),
  };
}

/**
 * The report of a period: a row per quarter and party plus "all", and the whole period. `asOf` is
 * when it is made: a deadline or due date still ahead counts neither as met nor as missed.
 */
export function annualReport(facts: ReportFacts, period: ExportPeriod, parties: string[], itemTypes: string[], asOf: Date): AnnualReport {
  const tz = period.timezone;
  const quarters = quartersBetween(period.from, period.to);
  const rows: AnnualReport["rows"] = [];
  for (const quarter of quarters) {
    for (const party of [...parties, "all"]) rows.push({ quarter, party, figures: figures(slice(facts, tz, quarter, party), itemTypes, asOf, tz) });
  }
  return {
    period: { from: formatLocalDate(period.from), to: formatLocalDate(period.to), timezone: tz },
    parties,
    itemTypes,
    quarters,
    rows,
    total: figures(facts, itemTypes, asOf, tz),
  };
}

/** The columns of the CSV, in order (the item kinds follow as items_<kind>). */
const FIGURE_COLUMNS = [
  "incidents_registered",
  "cooperation_cases",
  "registration_to_contact_n",
  "registration_to_contact_median_h",
  "registration_to_contact_p90_h",
  "contact_to_decision_n",
  "contact_to_decision_median_h",
  "contact_to_decision_p90_h",
  "items_agreed",
  "items_with_due_date",
  "items_completed_on_time",
  "reporter_deadlines_due",
  "reporter_deadlines_met",
  "scope_designations",
  "scope_warnings",
  "scope_consents",
  "normal_times_events_held",
] as const;

function figureRow(f: ReportFigures, itemTypes: string[]): ExportRow {
  const row: ExportRow = {
    incidents_registered: f.incidentsRegistered,
    cooperation_cases: f.cooperationCases,
    registration_to_contact_n: f.registrationToContact.count,
    registration_to_contact_median_h: f.registrationToContact.medianHours,
    registration_to_contact_p90_h: f.registrationToContact.p90Hours,
    contact_to_decision_n: f.contactToDecision.count,
    contact_to_decision_median_h: f.contactToDecision.medianHours,
    contact_to_decision_p90_h: f.contactToDecision.p90Hours,
    items_agreed: f.itemsAgreed,
    items_with_due_date: f.itemsWithDueDate,
    items_completed_on_time: f.itemsCompletedOnTime,
    reporter_deadlines_due: f.reporterDeadlinesDue,
    reporter_deadlines_met: f.reporterDeadlinesMet,
    scope_designations: f.scopeDesignations,
    scope_warnings: f.scopeWarnings,
    scope_consents: f.scopeConsents,
    normal_times_events_held: f.normalTimesEventsHeld,
  };
  for (const t of itemTypes) row[`items_${t}`] = f.itemsAgreedByKind[t] ?? 0;
  return row;
}

/** The report as one CSV table (RFC 4180): a row per quarter and party, "all" rows, and the period's total. */
export function annualReportCsv(report: AnnualReport): string {
  const columns = ["quarter", "party", ...FIGURE_COLUMNS, ...report.itemTypes.map((t) => `items_${t}`)];
  const rows: ExportRow[] = report.rows.map((r) => ({ quarter: r.quarter, party: r.party, ...figureRow(r.figures, report.itemTypes) }));
  rows.push({ quarter: `${report.period.from}..${report.period.to}`, party: "all", ...figureRow(report.total, report.itemTypes) });
  return toCsv(columns, rows);
}

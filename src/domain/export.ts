// The cooperation record of a period, for the annual review both parties do (issue 6): what was
// registered, consulted, decided, done and shared, and the audit log, as named sections of flat
// rows. Pure: the period, the rows of each section, CSV (RFC 4180) and the JSON document.
// Reading the rows is src/app/export.ts; each section is one entry of its list.
import { addDays, zonedInstant, type LocalDate } from "./time";

/** [start, end) in instants; from/to as the user gave them (to inclusive). */
export type ExportPeriod = { from: LocalDate; to: LocalDate; start: Date; end: Date; timezone: string };

export type PeriodProblem = { field: "--from" | "--to" | "period"; problem: string; fix: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30), else null. */
export function parseLocalDate(text: string | undefined): LocalDate | null {
  const m = DATE.exec((text ?? "").trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

export const formatLocalDate = (d: LocalDate): string => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

/**
 * The period from `from` 00:00 to the end of `to` (inclusive) in the configured time zone, as the
 * half-open range [start of from, start of the day after to). Problems name the field and the fix.
 */
export function parsePeriod(from: string | undefined, to: string | undefined, timezone: string): { ok: true; period: ExportPeriod } | { ok: false; problems: PeriodProblem[] } {
  const problems: PeriodProblem[] = [];
  const f = parseLocalDate(from);
  const t = parseLocalDate(to);
  if (!from) problems.push({ field: "--from", problem: "is missing", fix: "give the first day of the period, e.g. --from 2026-04-01" });
  else if (!f) problems.push({ field: "--from", problem: `"${from}" is not a date`, fix: "write it as YYYY-MM-DD, e.g. 2026-04-01" });
  if (!to) problems.push({ field: "--to", problem: "is missing", fix: "give the last day of the period (included), e.g. --to 2027-03-31" });
  else if (!t) problems.push({ field: "--to", problem: `"${to}" is not a date`, fix: "write it as YYYY-MM-DD, e.g. 2027-03-31" });
  if (f && t && formatLocalDate(f) > formatLocalDate(t)) problems.push({ field: "period", problem: `--from ${formatLocalDate(f)} is after --to ${formatLocalDate(t)}`, fix: "give the earlier day first (--to is the last day, included)" });
  if (problems.length > 0 || !f || !t) return { ok: false, problems };
  return { ok: true, period: { from: f, to: t, start: zonedInstant(f, 0, 0, 0, 0, timezone), end: zonedInstant(addDays(t, 1), 0, 0, 0, 0, timezone), timezone } };
}

export const inPeriod = (at: Date | null | undefined, period: Pick<ExportPeriod, "start" | "end">): boolean =>
  !!at && at.getTime() >= period.start.getTime() && at.getTime() < period.end.getTime();

const OFFSET_FORMATTERS = new Map<string, Intl.DateTimeFormat>();

/** ISO 8601 with the zone's offset, e.g. 2026-04-01T09:00:00+09:00 (seconds; the record's precision). */
export function isoInZone(instant: Date, timezone: string): string {
  let fmt = OFFSET_FORMATTERS.get(timezone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    OFFSET_FORMATTERS.set(timezone, fmt);
  }
  const p: Record<string, string> = {};
  for (const part of fmt.formatToParts(instant)) if (part.type !== "literal") p[part.type] = part.value;
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offsetMin = Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? "-" : "+";
  const abs = Math.abs(offsetMin);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`;
}

// ---- sections ----

export type ExportValue = string | number | boolean | null;
export type ExportRow = Record<string, ExportValue>;

/** A named table of the record: its columns (in order) and rows. */
export type ExportSection = { name: string; title: string; columns: string[]; rows: ExportRow[] };

export type AuditChainNote =
  | { verified: true; entries: number; lastHash: string }
  | { verified: false; entries: number; brokenAt: number; reason: "hash_mismatch" | "broken_link" };

export type ExportDocument = {
  generatedAt: string;
  period: { from: string; to: string; timezone: string; start: string; end: string; note: string };
  profile: { id: string; title: string; signedOn: string };
  parties: Array<{ id: string; designation: string; name: string; short: string }>;
  /** Who the export was made for, and how many values Art. 7 withheld from them (issue 12). */
  access: { requester: string; withheld: number; note: string };
  auditChain: AuditChainNote;
  sections: Record<string, { title: string; columns: string[]; count: number; rows: ExportRow[] }>;
};

/** A section from records: keeps only the declared columns, in order, missing ones as null. */
export function section(name: string, title: string, columns: string[], rows: ExportRow[]): ExportSection {
  return { name, title, columns, rows: rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))) };
}

export function exportDocument(meta: Omit<ExportDocument, "sections">, sections: ExportSection[]): ExportDocument {
  return {
    ...meta,
    sections: Object.fromEntries(sections.map((s) => [s.name, { title: s.title, columns: s.columns, count: s.rows.length, rows: s.rows }])),
  };
}

// ---- CSV (RFC 4180) ----

/** UTF-8 byte order mark: Excel (Japanese Windows) opens the file as UTF-8 only with it. */
export const BOM = "\uFEFF";

/**
 * A text a spreadsheet would run as a formula: it starts with =, +, -, @, a tab or a carriage return
 * (OWASP, "CSV Injection"). Record text comes from people (titles, summaries, reasons): opened in
 * Excel or LibreOffice, `=HYPERLINK(...)` or `@SUM(...)` would run.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made inert: prefixed with a single quote when it would start a formula (numbers and booleans are ours, left as they are). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One field: text that would start a formula is neutralised first; then quoted when it holds a
 * comma, a quote, CR or LF (quotes doubled), or starts/ends with spaces.
 */
export function csvField(value: ExportValue | undefined): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? neutraliseFormula(value) : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV text: BOM, header row, one record per row, CRLF line breaks (RFC 4180). */
export function toCsv(columns: string[], rows: ExportRow[]): string {
  const lines = [columns.map(csvField).join(","), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(","))];
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

/** The files an export writes: one CSV per section, a summary CSV and the JSON document. */
export function exportFiles(doc: ExportDocument, basename: string): Array<{ name: string; content: string }> {
  const summaryRows: ExportRow[] = [
    { key: "generated_at", value: doc.generatedAt },
    { key: "period_from", value: doc.period.from },
    { key: "period_to", value: doc.period.to },
    { key: "timezone", value: doc.period.timezone },
    { key: "profile", value: doc.profile.id },
    ...doc.parties.map((p) => ({ key: `party_${p.id}`, value: p.name })),
    { key: "requester", value: doc.access.requester },
    { key: "withheld_art7", value: doc.access.withheld },
    { key: "audit_chain_verified", value: doc.auditChain.verified },
    { key: "audit_chain_entries", value: doc.auditChain.entries },
    doc.auditChain.verified ? { key: "audit_chain_last_hash", value: doc.auditChain.lastHash } : { key: "audit_chain_broken_at", value: doc.auditChain.brokenAt },
    ...Object.entries(doc.sections).map(([name, s]) => ({ key: `rows_${name}`, value: s.count })),
  ];
  return [
    { name: `${basename}.json`, content: `${JSON.stringify(doc, null, 2)}\n` },
    { name: `${basename}-summary.csv`, content: toCsv(["key", "value"], summaryRows) },
    ...Object.entries(doc.sections).map(([name, s]) => ({ name: `${basename}-${name}.csv`, content: toCsv(s.columns, s.rows) })),
  ];
}

/** All sections in one CSV (for a single upload): a "section" column first, then each section's header and rows, a blank line between. */
export function combinedCsv(doc: ExportDocument): string {
  const parts: string[] = [];
  for (const [name, s] of Object.entries(doc.sections)) {
    const cols = ["section", ...s.columns];
    parts.push([cols.map(csvField).join(","), ...s.rows.map((r) => [csvField(name), ...s.columns.map((c) => csvField(r[c]))].join(","))].join("\r\n"));
  }
  return `${BOM}${parts.join("\r\n\r\n")}\r\n`;
}

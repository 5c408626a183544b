// Arguments and output of `npm run export` (kept apart from the entry point so they can be tested).
import fs from "node:fs";
import path from "node:path";
import { exportFiles, formatLocalDate, parsePeriod, type ExportDocument, type ExportPeriod } from "../domain/export";

export type ExportFormat = "csv" | "json" | "both";
/** includeScoped: the operator asked for content outside every scope (Art. 7); the request is audited. */
export type ExportArgs = { period: ExportPeriod; format: ExportFormat; out: string; includeScoped: boolean };
export type ArgProblem = { field: string; problem: string; fix: string };

export const EXPORT_USAGE = "usage: npm run export -- --from 2026-04-01 --to 2027-03-31 [--format csv|json|both] [--out dir] [--include-scoped]";

/** The flag that includes Art. 7 scoped content in an operator's export (withheld by default). */
export const INCLUDE_SCOPED = "--include-scoped";

/** Parses `--from --to [--format] [--out] [--include-scoped]` (also `--from=…`); every problem names the argument and the fix. */
export function parseExportArgs(argv: string[], timezone: string): { ok: true; args: ExportArgs } | { ok: false; problems: ArgProblem[] } {
  const values: Record<string, string> = {};
  const problems: ArgProblem[] = [];
  const known = ["--from", "--to", "--format", "--out", INCLUDE_SCOPED];
  let includeScoped = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === INCLUDE_SCOPED) {
      includeScoped = true;
      continue;
    }
    const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (!known.includes(name)) {
      problems.push({ field: name, problem: "is not an option of export", fix: `use ${known.join(", ")}` });
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (inline === undefined) i++;
    if (value === undefined || value.startsWith("--")) {
      problems.push({ field: name, problem: "needs a value", fix: EXPORT_USAGE });
      if (value?.startsWith("--")) i--;
      continue;
    }
    values[name] = value;
  }
  const format = (values["--format"] ?? "both") as ExportFormat;
  if (!["csv", "json", "both"].includes(format)) problems.push({ field: "--format", problem: `"${values["--format"]}" is not a format`, fix: "use csv, json or both (the default)" });
  const parsed = parsePeriod(values["--from"], values["--to"], timezone);
  if (!parsed.ok) problems.push(...parsed.problems.filter((p) => !problems.some((q) => q.field === p.field))); // one problem per argument
  if (problems.length > 0 || !parsed.ok) return { ok: false, problems };
  const out = values["--out"] ?? path.join("exports", `renkei-${formatLocalDate(parsed.period.from)}_${formatLocalDate(parsed.period.to)}`);
  return { ok: true, args: { period: parsed.period, format, out, includeScoped } };
}

/** Writes the export into `dir` (created if needed): JSON, the CSVs, or both. Returns the paths written. */
export function writeExportFiles(doc: ExportDocument, format: ExportFormat, dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const basename = `renkei-${doc.period.from}_${doc.period.to}`;
  const files = exportFiles(doc, basename).filter((f) => (format === "both" ? true : format === "json" ? f.name.endsWith(".json") : f.name.endsWith(".csv")));
  return files.map((f) => {
    const p = path.join(dir, f.name);
    fs.writeFileSync(p, f.content, "utf8");
    return p;
  });
}

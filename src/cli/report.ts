// `npm run report -- --from 2026-04-01 --to 2027-03-31 [--out dir] [--lang ja|en]`: the annual
// review in numbers — per fiscal quarter and party, as one CSV and SVG charts (dates in the
// configured time zone, --to included). Counts and times only, so nothing is withheld or audited.
// Exit 0 written, 2 bad arguments or configuration, 1 failed.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildAnnualReport } from "../app/annual-report";
import { systemClock } from "../app/context";
import { loadCliConfig, runCli } from "./cli";
import { formatLocalDate, parsePeriod } from "../domain/export";
import { LOCALES, type Locale } from "../domain/locale";
import { Store } from "../store/store";

const USAGE = "usage: npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--out dir] [--lang ja|en]";

async function main(): Promise<number> {
  let values: { from?: string; to?: string; out?: string; lang?: string };
  try {
    values = parseArgs({ args: process.argv.slice(2), options: { from: { type: "string" }, to: { type: "string" }, out: { type: "string" }, lang: { type: "string" } }, strict: true }).values;
  } catch (e) {
    console.error(`report: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadCliConfig();
  if (!config) return 2;
  const parsed = parsePeriod(values.from, values.to, config.timezone);
  const lang = (values.lang ?? config.locale) as Locale;
  const problems = parsed.ok ? [] : parsed.problems.map((p) => `report: ${p.field} ${p.problem} — ${p.fix}`);
  if (!LOCALES.includes(lang)) problems.push(`report: --lang "${values.lang}" is not a language — use ${LOCALES.join(" or ")}`);
  if (!parsed.ok || problems.length > 0) {
    for (const p of problems) console.error(p);
    console.error(USAGE);
    return 2;
  }
  const out = values.out ?? path.join("reports", `renkei-report-${formatLocalDate(parsed.period.from)}_${formatLocalDate(parsed.period.to)}`);
  const store = await Store.open(process.env.DATABASE_URL?.trim() || undefined);
  try {
    const { report, csv, charts } = await buildAnnualReport({ store, config, clock: systemClock }, parsed.period, lang);
    fs.mkdirSync(out, { recursive: true });
    const written = [csv, ...charts].map((f) => {
      const p = path.join(out, f.filename);
      fs.writeFileSync(p, f.content);
      return p;
    });
    const t = report.total;
    console.log(`report ${report.period.from} – ${report.period.to} (${report.period.timezone}; ${report.quarters.join(", ")})`);
    console.log(`  incidents ${t.incidentsRegistered}, cooperation cases ${t.cooperationCases}, items agreed ${t.itemsAgreed} (on time ${t.itemsCompletedOnTime}/${t.itemsWithDueDate}), reporter deadlines met ${t.reporterDeadlinesMet}/${t.reporterDeadlinesDue}`);
    console.log(`  contact → decision: median ${t.contactToDecision.medianHours ?? "–"} h, p90 ${t.contactToDecision.p90Hours ?? "–"} h (${t.contactToDecision.count} cases)`);
    for (const f of written) console.log(`  wrote ${f}`);
    return 0;
  } finally {
    await store.close();
  }
}

runCli("report", main);

// `npm run export -- --from 2026-04-01 --to 2027-03-31 [--format csv|json|both] [--out dir]`:
// writes the cooperation record of the period (dates in the configured time zone, --to included)
// for the annual review: one CSV per section (UTF-8 with BOM), a summary CSV and one JSON file.
// The operator has no Slack identity, so content under an Art. 7 sharing scope is withheld unless
// `--include-scoped` asks for it; that request is written to the audit log first.
// Exit 0 written, 2 bad arguments or configuration, 1 failed.
import os from "node:os";
import { systemClock } from "../app/context";
import { buildExport, recordScopedExportRequest } from "../app/export";
import { loadCliConfig, runCli } from "./cli";
import { Store } from "../store/store";
import { EXPORT_USAGE, parseExportArgs, writeExportFiles } from "./export-args";

async function main(): Promise<number> {
  const config = loadCliConfig();
  if (!config) return 2;
  const parsed = parseExportArgs(process.argv.slice(2), config.timezone);
  if (!parsed.ok) {
    for (const p of parsed.problems) console.error(`export: ${p.field} ${p.problem} — ${p.fix}`);
    console.error(EXPORT_USAGE);
    return 2;
  }
  const { period, format, out, includeScoped } = parsed.args;
  const store = await Store.open(process.env.DATABASE_URL?.trim() || undefined);
  try {
    const ctx = { store, config, clock: systemClock };
    if (includeScoped) await recordScopedExportRequest(ctx, period, { osUser: os.userInfo().username, host: os.hostname() });
    const doc = await buildExport(ctx, period, { requester: { kind: "operator", includeScoped } });
    const written = writeExportFiles(doc, format, out);
    const counts = Object.entries(doc.sections).map(([name, s]) => `${name} ${s.count}`).join(", ");
    console.log(`export ${doc.period.from} – ${doc.period.to} (${doc.period.timezone}): ${counts}`);
    console.log(doc.auditChain.verified ? `audit chain verified: ${doc.auditChain.entries} entries` : `audit chain BROKEN at entry #${doc.auditChain.brokenAt} (${doc.auditChain.reason}): run npm run audit:verify`);
    console.log(
      includeScoped
        ? "Art. 7: scoped content INCLUDED on request (--include-scoped); the request is in the audit log"
        : `Art. 7: ${doc.access.withheld} scoped values withheld (an operator is outside every sharing scope; --include-scoped to include them, audited)`,
    );
    for (const f of written) console.log(`  wrote ${f}`);
    return 0;
  } finally {
    await store.close();
  }
}

runCli("export", main);

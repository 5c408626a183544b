// Arguments of `npm run audit:verify` and the reading of an export's audit log (kept apart from
// the entry point so they can be tested).
import fs from "node:fs";
import path from "node:path";
import type { ExportedAuditEntry } from "../domain/audit";

export const VERIFY_USAGE = "usage: npm run audit:verify [-- --head <hash> [--count <n>]] | [-- --export <export dir or .json file>]";

export type VerifyArgs = { head?: string; count?: number; export?: string };

const HASH = /^[0-9a-f]{64}$/i;

export function parseVerifyArgs(argv: string[]): { ok: true; args: VerifyArgs } | { ok: false; problems: string[] } {
  const args: VerifyArgs = {};
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (!["--head", "--count", "--export"].includes(name)) {
      problems.push(`${name} is not an option of audit:verify — use --head, --count or --export`);
      continue;
    }
    const value = inline ?? argv[i + 1];
    if (inline === undefined) i++;
    if (value === undefined || value.startsWith("--")) {
      problems.push(`${name} needs a value`);
      if (value?.startsWith("--")) i--;
      continue;
    }
    if (name === "--head") {
      if (HASH.test(value.trim())) args.head = value.trim().toLowerCase();
      else problems.push(`--head "${value}" is not a hash — give the 64 hexadecimal characters renkei posted`);
    } else if (name === "--count") {
      const n = Number(value);
      if (Number.isInteger(n) && n > 0) args.count = n;
      else problems.push(`--count "${value}" is not a number of entries — give the count renkei posted with the head`);
    } else args.export = value;
  }
  if (args.count !== undefined && !args.head) problems.push("--count goes with --head");
  if (args.export && args.head) problems.push("--export checks a file, --head the database: give one of them");
  return problems.length > 0 ? { ok: false, problems } : { ok: true, args };
}

type Row = Record<string, unknown>;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * The audit log of an export: the JSON document given, or the one in the directory given. Each row
 * becomes an entry; withheld rows keep their hash and links only.
 */
export function readExportedAudit(target: string): { file: string; entries: ExportedAuditEntry[] } {
  let file = target;
  if (fs.statSync(target).isDirectory()) {
    const found = fs.readdirSync(target).filter((f) => f.endsWith(".json"));
    if (found.length !== 1) throw new Error(`${target} holds ${found.length} JSON files; give the export's .json file itself`);
    file = path.join(target, found[0]!);
  }
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { sections?: Record<string, { rows?: Row[] }> };
  const rows = doc.sections?.audit_log?.rows;
  if (!Array.isArray(rows)) throw new Error(`${file} has no audit_log section: is it a renkei export (--format json or both)?`);
  const entries = rows.map((r): ExportedAuditEntry => {
    if (typeof r.hash !== "string" || typeof r.prev_hash !== "string" || typeof r.at_utc !== "string") {
      throw new Error(`${file}: audit entry #${String(r.seq)} has no hash, prev_hash or at_utc (an export from before issue 12?)`);
    }
    const withheld = r.withheld === true;
    const parse = (v: unknown) => (withheld || v === null || v === undefined ? null : (JSON.parse(String(v)) as unknown));
    return {
      seq: Number(r.seq),
      at: new Date(r.at_utc),
      actorUserId: String(r.actor),
      actorParty: text(r.party),
      article: text(r.article),
      action: String(r.action),
      entityType: String(r.entity_type),
      entityId: String(r.entity_id),
      before: parse(r.before),
      after: parse(r.after),
      prevHash: r.prev_hash,
      hash: r.hash,
      withheld,
      // issue 15: the content's hash, chained instead of the content (absent in older exports)
      contentHash: typeof r.content_hash === "string" ? r.content_hash : undefined,
      erased: r.erased === true,
    };
  });
  return { file, entries };
}

// The check behind `npm run audit:verify [-- --head <hash> [--count <n>]] [-- --export <path>]`
// (src/cli/audit-verify.ts is the entry point): the audit log's hash chain, the first broken entry named.
//   --head <hash>   the head renkei posted in a digest (kept outside the database): the chain must
//                   still hold that entry, so a chain cut short or rewritten up to it is caught.
//   --count <n>     with --head: the entry must be the n-th (as posted).
//   --export <path> checks an export's audit log instead of the database: its links, and the hash
//                   of every entry whose content was not withheld (Art. 7).
// Exit 0 when intact, 1 when broken, 2 when the check could not run (bad arguments included).
import { verifyAgainstHead, verifyChain, verifyExportedChain, type ChainedAuditRecord } from "../domain/audit";
import { Store } from "../store/store";
import { parseVerifyArgs, readExportedAudit, VERIFY_USAGE } from "./audit-verify-args";

/** Where the check writes: stdout and stderr for the command, a list in tests. */
export type VerifyOutput = { log: (line: string) => void; error: (line: string) => void };

function describeBroken(entries: ChainedAuditRecord[], verdict: { brokenAt: number; reason: "hash_mismatch" | "broken_link"; entries: number }): string[] {
  const broken = entries.find((e) => e.seq === verdict.brokenAt);
  const what = verdict.reason === "hash_mismatch" ? "its content does not match its hash (edited)" : "it does not link to the entry before it (an entry was removed or inserted)";
  return [
    `audit log BROKEN at entry #${verdict.brokenAt} (${broken?.action ?? "?"} on ${broken?.entityType ?? "?"} ${broken?.entityId ?? "?"}, ${broken?.at.toISOString() ?? "?"}): ${what}.`,
    `${verdict.entries - 1} entries before it verify.`,
  ];
}

function verifyExport(path: string, out: VerifyOutput): number {
  const { file, entries } = readExportedAudit(path);
  const verdict = verifyExportedChain(entries);
  if (!verdict.ok) {
    const broken = entries.find((e) => e.seq === verdict.brokenAt);
    const what = verdict.reason === "hash_mismatch" ? "its content does not match its hash (edited)" : "it does not link to the entry before it (an entry was removed, inserted or edited)";
    out.error(`export ${file}: audit log BROKEN at entry #${verdict.brokenAt} (${broken?.action ?? "?"} on ${broken?.entityType ?? "?"} ${broken?.entityId ?? "?"}): ${what}.`);
    return 1;
  }
  out.log(
    `export ${file}: audit log intact: ${verdict.entries} entries, ${verdict.byContent} checked by content, ${verdict.byLinkOnly} withheld (Art. 7) checked by their links; ` +
      `${verdict.fromGenesis ? "from the first entry" : `continues from ${verdict.firstPrevHash.slice(0, 16)}…`}, last hash ${verdict.lastHash}`,
  );
  return 0;
}

/** The whole check, as the command runs it: exit code 0 intact, 1 broken, 2 bad arguments. */
export async function auditVerify(argv: string[], databaseUrl: string | undefined, out: VerifyOutput = { log: console.log, error: console.error }): Promise<number> {
  const parsed = parseVerifyArgs(argv);
  if (!parsed.ok) {
    for (const p of parsed.problems) out.error(`audit:verify: ${p}`);
    out.error(VERIFY_USAGE);
    return 2;
  }
  const args = parsed.args;
  if (args.export) return verifyExport(args.export, out);
  const store = await Store.open(databaseUrl);
  try {
    const entries: ChainedAuditRecord[] = [];
    for await (const entry of store.auditEntries()) entries.push(entry);
    if (args.head) {
      const v = verifyAgainstHead(entries, { hash: args.head, count: args.count });
      if (v.ok) {
        out.log(`audit log intact and holds the head ${args.head.slice(0, 16)}… as entry ${v.position} of ${v.entries} (${v.after} added since).`);
        return 0;
      }
      if (v.reason === "chain_broken") for (const line of describeBroken(entries, v.verdict)) out.error(line);
      else if (v.reason === "head_missing")
        out.error(`audit log does NOT hold the head ${args.head} (${v.entries} entries now): it was cut short or rewritten at or before that point since the head was posted.`);
      else out.error(`audit log holds the head as entry ${v.position}, not ${v.expected} as posted: entries before it were removed or inserted.`);
      return 1;
    }
    const verdict = verifyChain(entries);
    if (verdict.ok) {
      out.log(`audit log intact: ${verdict.entries} entries, last hash ${verdict.lastHash.slice(0, 16)}…`);
      return 0;
    }
    for (const line of describeBroken(entries, verdict)) out.error(line);
    return 1;
  } finally {
    await store.close();
  }
}


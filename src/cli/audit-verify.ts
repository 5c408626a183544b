// `npm run audit:verify`: checks the audit log's hash chain and names the first broken entry.
// Exit 0 when intact, 1 when broken, 2 when the check could not run.
import { verifyChain } from "../domain/audit";
import { Store } from "../store/store";

async function main(): Promise<number> {
  const store = await Store.open(process.env.DATABASE_URL);
  try {
    const entries = [];
    for await (const entry of store.auditEntries()) entries.push(entry);
    const verdict = verifyChain(entries);
    if (verdict.ok) {
      console.log(`audit log intact: ${verdict.entries} entries, last hash ${verdict.lastHash.slice(0, 16)}…`);
      return 0;
    }
    const broken = entries.find((e) => e.seq === verdict.brokenAt);
    const what = verdict.reason === "hash_mismatch" ? "its content does not match its hash (edited)" : "it does not link to the entry before it (an entry was removed or inserted)";
    console.error(`audit log BROKEN at entry #${verdict.brokenAt} (${broken?.action ?? "?"} on ${broken?.entityType ?? "?"} ${broken?.entityId ?? "?"}, ${broken?.at.toISOString() ?? "?"}): ${what}.`);
    console.error(`${verdict.entries - 1} entries before it verify.`);
    return 1;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`audit:verify could not run: ${(e as Error)?.message ?? String(e)}`);
    process.exit(2);
  },
);

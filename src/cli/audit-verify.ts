// `npm run audit:verify [-- --head <hash> [--count <n>]] [-- --export <dir or .json>]`: checks the
// audit log's hash chain and names the first broken entry (the check is src/cli/audit-verify-run.ts).
// Exit 0 when intact, 1 when broken, 2 when the check could not run (bad arguments included).
import { auditVerify } from "./audit-verify-run";

auditVerify(process.argv.slice(2), process.env.DATABASE_URL).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`audit:verify could not run: ${(e as Error)?.message ?? String(e)}`);
    process.exit(2);
  },
);

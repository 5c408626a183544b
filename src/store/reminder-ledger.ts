// The ledger of reminders sent (the reminder sweep's exactly-once: Store.recordReminders). Each
// reminder has a key naming its cause and period (src/domain/reminders.ts); a key recorded is
// never sent again, by any sweep on any replica.
//
// SQLite records the key itself ("ReminderSent"). PostgreSQL records a 64-bit digest of it
// ("ReminderSentDigest": the first 8 bytes of the key's MD5, as a signed bigint). At 50,000
// incidents a sweep records ~128,000 keys of ~100 characters: as text, PostgreSQL took 160–190 ms
// for each INSERT of ~12,800 keys and was the sweep's critical path; as bigints half of that (a
// B-tree of 8-byte keys instead of ~110-byte ones, and 2.6 MB of parameters instead of 13.8 MB).
// MD5 because PostgreSQL computes it too: the migration that introduced the digests carried the
// keys recorded before over in SQL (prisma/postgres/migrations/20261205000000_reminder_ledger_digest).
// Two different keys share a digest with probability 2^-64 per pair: at 130,000 keys a day for
// ten years (~4.7 × 10^8), ~6 × 10^-3 of one reminder in all that time.
import crypto from "node:crypto";

/** The key's digest as PostgreSQL's `('x' || substr(md5(key), 1, 16))::bit(64)::bigint` gives it, in decimal. */
export function reminderKeyDigest(key: string): string {
  // crypto.hash (one call, no Hash object) from Node 20.12 (`engines`); createHash before it.
  const hex = typeof crypto.hash === "function" ? crypto.hash("md5", key) : crypto.createHash("md5").update(key).digest("hex");
  return BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString();
}

/**
 * How a database records a slice of keys: each key's form in the ledger (the key itself on SQLite,
 * its digest on PostgreSQL), the statement, its one parameter made of those forms, and whether the
 * answer lists the forms recorded before (PostgreSQL) or those recorded now (SQLite); and the
 * statement that reads which forms of such a parameter are recorded (as `form`).
 */
export type LedgerStatement = {
  form: (key: string) => string;
  sql: string;
  param: (forms: readonly string[]) => string;
  answersRecordedBefore: boolean;
  recordedSql: string;
};

export function ledgerStatement(provider: "sqlite" | "postgres"): LedgerStatement {
  if (provider === "postgres") {
    // Answers with the digests it did not insert (recorded before): none, or few, when a sweep is
    // the day's first. As text: a bigint read as a number would lose its last bits.
    return {
      form: reminderKeyDigest,
      sql:
        'WITH offered AS (SELECT d FROM unnest(CAST($1 AS bigint[])) AS d), added AS (INSERT INTO "ReminderSentDigest" ("digest") SELECT d FROM offered ORDER BY d ON CONFLICT DO NOTHING RETURNING "digest") ' +
        'SELECT CAST(d AS text) AS "key" FROM offered WHERE d NOT IN (SELECT "digest" FROM added)',
      param: (forms) => `{${forms.join(",")}}`,
      answersRecordedBefore: true,
      recordedSql: 'SELECT CAST("digest" AS text) AS "form" FROM "ReminderSentDigest" WHERE "digest" = ANY(CAST($1 AS bigint[]))',
    };
  }
  // SQLite has no INSERT in a WITH: it answers with the keys it inserted. "WHERE true": SQLite
  // reads ON CONFLICT after a bare FROM as a join constraint.
  return {
    form: (key) => key,
    sql: 'INSERT INTO "ReminderSent" ("key") SELECT value FROM json_each(?) WHERE true ORDER BY value ON CONFLICT DO NOTHING RETURNING "key"',
    param: (forms) => JSON.stringify(forms),
    answersRecordedBefore: false,
    recordedSql: 'SELECT "key" AS "form" FROM "ReminderSent" WHERE "key" IN (SELECT value FROM json_each(?))',
  };
}

/**
 * Which of `keys` are recorded as sent: one statement, the forms as one parameter. Returns them in
 * the order given.
 */
export async function recordedReminderKeys(all: <T>(sql: string, args: string[]) => Promise<T[]>, provider: "sqlite" | "postgres", keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const ledger = ledgerStatement(provider);
  const forms = keys.map(ledger.form);
  const rows = await all<{ form: string }>(ledger.recordedSql, [ledger.param(forms)]);
  const recorded = new Set(rows.map((r) => r.form));
  return keys.filter((_, i) => recorded.has(forms[i]!));
}

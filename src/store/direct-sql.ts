// Raw SQL straight to the driver, on the connection (SQLite) or pool (PostgreSQL) Prisma's driver
// adapter opened, for the statements every Done click and every effect runs (issue 14). Through
// the Prisma client each statement, raw ones included, is compiled by its query compiler and
// interpreted as a plan, and on SQLite prepared afresh: a profile of the Done loop put ~37% of the
// process's CPU there. Here a statement is prepared once (SQLite: a cache of prepared statements;
// PostgreSQL: a named statement per connection) and its rows are returned as they come.
//
// The same connection as Prisma's, so both see one database: on SQLite a transaction here takes
// the adapter's transaction lock (Prisma's transactions and these take turns), on PostgreSQL a
// connection of the adapter's pool. Values are written and read as Prisma writes and reads them
// (dates: SQLite ISO 8601 text with +00:00, PostgreSQL timestamp(3) in UTC; both read back as Date).
import { createHash } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

export type SqlValue = string | number | bigint | boolean | Date | null;

/** Statements on one connection (in a transaction, or not). */
export interface SqlConn {
  /** The rows a statement returns (a SELECT, or RETURNING), as objects by column name. */
  all<T = Record<string, unknown>>(sql: string, args?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; returns the rows it changed. */
  run(sql: string, args?: readonly SqlValue[]): Promise<number>;
  /**
   * PostgreSQL, in a transaction on the driver: `sql` is not sent now but with the COMMIT, every
   * such statement and the COMMIT in one round trip, and `then` is given its rows once committed.
   * What they lock until commit (the audit chain's lock) is then held while the server runs them
   * and commits, never while this process's event loop gets round to sending the next statement.
   * Absent elsewhere (SQLite has no round trips; Prisma's transactions send their own COMMIT).
   */
  atCommit?(sql: string, args: readonly SqlValue[], then?: (rows: Array<Record<string, unknown>>) => void): void;
}

export interface DirectSql extends SqlConn {
  /** Runs `fn` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(fn: (conn: SqlConn) => Promise<T>): Promise<T>;
  /** SQLite only: the connection's settings and commits (./wal-checkpointer). */
  sqlite?: SqliteControl;
}

export type SqliteControl = {
  /** Sets a PRAGMA on the connection (not counted as a statement). */
  pragma(source: string): void;
  /** `listener` is told of each commit here: a transaction's, or a writing statement's outside one. */
  onCommit(listener: () => void): void;
};

/** The `n`th positional parameter of a statement: `?` on SQLite (numbered by position), `$n` on PostgreSQL. */
export const placeholder = (provider: "sqlite" | "postgres", n: number): string => (provider === "postgres" ? `$${n}` : "?");

/** The driver without the Prisma client, for a repository's reads outside a change (the Store's). */
export type DirectReads = { sql: SqlConn; provider: "sqlite" | "postgres" };

/** Told of every statement sent (BEGIN left out, as Prisma's query events leave it out). */
export type OnStatement = (sql: string) => void;

/** What the SQLite adapter is, for this module: its connection, and its transaction lock + BEGIN. */
type SqliteAdapter = { client: BetterSqlite3.Database; startTransaction(): Promise<{ commit(): Promise<void>; rollback(): Promise<void> }> };
/** What the PostgreSQL adapter is, for this module: its pool. */
type PgAdapter = { underlyingDriver(): pg.Pool };

/** How many prepared statements a SQLite connection keeps (the oldest prepared is dropped first). */
const STATEMENT_CACHE = 500;

export function sqliteDirect(adapter: SqliteAdapter, onStatement?: OnStatement): DirectSql {
  const db = adapter.client;
  type Prepared = { stmt: BetterSqlite3.Statement; reader: boolean; dates: string[]; booleans: string[] };
  const cache = new Map<string, Prepared>();
  const prepare = (sql: string): Prepared => {
    let p = cache.get(sql);
    if (!p) {
      const stmt = db.prepare(sql);
      // The adapter's connection reads integers as BigInt; these statements read numbers (counts,
      // versions and attempts are far below 2^53).
      stmt.safeIntegers(false);
      const reader = stmt.reader;
      // Columns declared DATETIME are read as Date and BOOLEAN as boolean (SQLite stores 0/1), as Prisma reads them.
      const columns = reader ? stmt.columns() : [];
      const dates = columns.filter((c) => c.type === "DATETIME").map((c) => c.name);
      const booleans = columns.filter((c) => c.type === "BOOLEAN").map((c) => c.name);
      p = { stmt, reader, dates, booleans };
      if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value!);
      cache.set(sql, p);
    }
    return p;
  };
  const arg = (v: SqlValue): unknown => (v instanceof Date ? v.toISOString().replace("Z", "+00:00") : typeof v === "boolean" ? (v ? 1 : 0) : v);
  let onCommit: (() => void) | undefined;
  /** A writing statement outside a transaction commits on its own. */
  const committed = (p: Prepared) => {
    if (onCommit && !p.stmt.readonly && !db.inTransaction) onCommit();
  };
  const all = <T>(sql: string, args: readonly SqlValue[] = []): T[] => {
    onStatement?.(sql);
    const p = prepare(sql);
    if (!p.reader) {
      p.stmt.run(...args.map(arg));
      committed(p);
      return [];
    }
    const rows = p.stmt.all(...args.map(arg)) as Array<Record<string, unknown>>;
    committed(p);
    if (p.dates.length > 0 || p.booleans.length > 0) {
      for (const row of rows) {
        for (const c of p.dates) {
          const v = row[c];
          if (typeof v === "string" || typeof v === "number") row[c] = new Date(v);
        }
        for (const c of p.booleans) if (typeof row[c] === "number") row[c] = row[c] !== 0;
      }
    }
    return rows as T[];
  };
  const run = (sql: string, args: readonly SqlValue[] = []): number => {
    onStatement?.(sql);
    const p = prepare(sql);
    // A statement returning rows (RETURNING) runs through all(); run() of better-sqlite3 refuses it.
    const changed = p.reader ? p.stmt.all(...args.map(arg)).length : p.stmt.run(...args.map(arg)).changes;
    committed(p);
    return changed;
  };
  // better-sqlite3 is synchronous: a failure is a rejected promise, as from the other driver.
  const conn: SqlConn = {
    all: async (sql, args) => all(sql, args),
    run: async (sql, args) => run(sql, args),
  };
  return {
    ...conn,
    sqlite: {
      pragma: (source) => void db.pragma(source),
      onCommit: (listener) => (onCommit = listener),
    },
    async transaction(fn) {
      // The adapter's lock (one transaction at a time on the connection, Prisma's included) and BEGIN.
      const tx = await adapter.startTransaction();
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(conn);
        run("COMMIT");
        onCommit?.();
      } catch (e) {
        try {
          if (db.inTransaction) db.prepare("ROLLBACK").run();
        } finally {
          await tx.rollback();
        }
        throw e;
      }
      await tx.commit();
      return result;
    },
  };
}

/** PostgreSQL type OIDs read differently from pg's defaults. */
const PG_INT8 = 20;
const PG_TIMESTAMP = 1114;

/**
 * A text literal for PostgreSQL, as pg.escapeLiteral writes it ('' for a quote; a backslash
 * doubled and the literal marked E''): pg's builds it a character at a time, which for the
 * reminder sweep's first statement (hundreds of kilobytes of keys) made ~25 MB of garbage.
 */
export function pgQuoteLiteral(s: string): string {
  const quoted = `'${s.replace(/'/g, "''").replace(/\\/g, "\\\\")}'`;
  return s.includes("\\") ? ` E${quoted}` : quoted;
}

/**
 * A timestamp(3) as PostgreSQL sends it ("2026-11-25 02:00:00.123", fewer fraction digits or none),
 * read as UTC wall-clock time, as Prisma writes it: never the process's zone. Read from its digits
 * (a sweep reads tens of thousands); any other form (a year past 9999, BC, infinity) through Date's parser.
 */
export function parsePgTimestamp(s: string): Date {
  const n = s.length;
  if (n >= 19 && n <= 23 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 32 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && (n === 19 || s.charCodeAt(19) === 46)) {
    const fraction = n === 19 ? 0 : digitsAt(s, 20, n) * 10 ** (23 - n); // ".5" is 500 ms
    const year = digitsAt(s, 0, 4);
    const t = Date.UTC(year, digitsAt(s, 5, 7) - 1, digitsAt(s, 8, 10), digitsAt(s, 11, 13), digitsAt(s, 14, 16), digitsAt(s, 17, 19), fraction);
    if (Number.isFinite(t) && year >= 100) return new Date(t);
  }
  return new Date(`${s.replace(" ", "T")}Z`);
}

/** The decimal digits of s from..to as a number; NaN if one is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** `pgTypes`: pg's type parsers (pg.types), for every type not read differently here. */
export function pgDirect(adapter: PgAdapter, pgTypes: typeof pg.types, onStatement?: OnStatement): DirectSql {
  const pool = adapter.underlyingDriver();
  const types = {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === PG_TIMESTAMP) return parsePgTimestamp;
      if (oid === PG_INT8) return (s: string) => Number(s);
      return (pgTypes.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
    }) as pg.CustomTypesConfig["getTypeParser"],
  };
  const arg = (v: SqlValue): unknown => (v instanceof Date ? v.toISOString().replace("Z", "") : v);
  // One named statement per SQL text: PostgreSQL parses and plans it once per connection.
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let n = names.get(sql);
    if (!n) {
      n = `renkei_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`;
      if (names.size < 2000) names.set(sql, n);
    }
    return n;
  };
  const on = (q: Pick<pg.Pool, "query">): SqlConn => ({
    all: async <T>(sql: string, args: readonly SqlValue[] = []) => {
      onStatement?.(sql);
      return (await q.query({ name: nameOf(sql), text: sql, values: args.map(arg), types })).rows as T[];
    },
    run: async (sql, args = []) => {
      onStatement?.(sql);
      return (await q.query({ name: nameOf(sql), text: sql, values: args.map(arg), types })).rowCount ?? 0;
    },
  });
  // A value written in as a literal, for a query of several statements (the simple protocol has no
  // parameters): text quoted as pg quotes it (pgQuoteLiteral); a value not a string, number, boolean, date or null is refused.
  const literal = (v: SqlValue | undefined): string => {
    if (v === null) return "NULL";
    if (typeof v === "string") return pgQuoteLiteral(v);
    if (v instanceof Date) return pgQuoteLiteral(arg(v) as string);
    if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
    if ((typeof v === "number" && Number.isFinite(v)) || typeof v === "bigint") return v < 0 ? `(${v})` : String(v); // (-1): never "--", a comment
    throw new Error(`direct SQL: no literal for ${String(v)}`);
  };
  // The SQL-level prepared statements (PREPARE) of each connection, by name.
  const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();
  /**
   * Statements in one round trip (a query of several statements): each with values as EXECUTE of
   * a statement prepared once per connection (PREPARE goes first the first time), so the server
   * parses and plans it once as with a named statement; those without values (BEGIN, COMMIT) as
   * they are. The result of each. `uncertain` is set when it failed with a PREPARE in it (which of
   * them ran is unknown: the connection is then dropped).
   */
  const batch = async (client: pg.PoolClient, stmts: Array<string | { sql: string; args: readonly SqlValue[] }>, failed: { uncertain: boolean }): Promise<pg.QueryResult[]> => {
    let prepared = preparedOn.get(client);
    if (!prepared) preparedOn.set(client, (prepared = new Set()));
    const texts: string[] = [];
    const resultAt: number[] = [];
    const preparing = new Set<string>();
    for (const st of stmts) {
      if (typeof st === "string") texts.push(st);
      else {
        // Not the names pg gives the protocol's named statements (nameOf): one namespace on the server.
        const name = `${nameOf(st.sql)}_b`;
        if (!prepared.has(name) && !preparing.has(name)) {
          texts.push(`PREPARE ${name} AS ${st.sql}`);
          preparing.add(name);
        }
        texts.push(`EXECUTE ${name}${st.args.length > 0 ? `(${st.args.map(literal).join(", ")})` : ""}`);
      }
      resultAt.push(texts.length - 1);
    }
    let res: pg.QueryResult | pg.QueryResult[];
    try {
      res = (await client.query({ text: texts.join(";\n"), types })) as pg.QueryResult | pg.QueryResult[];
    } catch (e) {
      if (preparing.size > 0) failed.uncertain = true;
      throw e;
    }
    for (const name of preparing) prepared.add(name);
    const all = Array.isArray(res) ? res : [res];
    return resultAt.map((i) => all[i]!);
  };
  return {
    ...on(pool),
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const failed = { uncertain: false };
      // BEGIN goes with the transaction's first statement (one round trip, not two); the
      // statements kept for the commit (atCommit) go with the COMMIT.
      let begun = false;
      const tail: Array<{ sql: string; args: readonly SqlValue[]; then: ((rows: Array<Record<string, unknown>>) => void) | undefined }> = [];
      const named = on(client);
      const first = async (sql: string, args: readonly SqlValue[]): Promise<pg.QueryResult> => {
        onStatement?.(sql);
        begun = true;
        return (await batch(client, ["BEGIN", { sql, args }], failed))[1]!;
      };
      const conn: SqlConn = {
        all: async <T>(sql: string, args: readonly SqlValue[] = []) => (begun ? named.all<T>(sql, args) : ((await first(sql, args)).rows as T[])),
        run: async (sql, args = []) => (begun ? named.run(sql, args) : ((await first(sql, args)).rowCount ?? 0)),
        atCommit: (sql, args, then) => {
          onStatement?.(sql);
          tail.push({ sql, args, then });
        },
      };
      let result: Awaited<ReturnType<typeof fn>>;
      let results: pg.QueryResult[];
      try {
        result = await fn(conn);
        onStatement?.("COMMIT");
        results = await batch(client, [...(begun ? [] : ["BEGIN"]), ...tail, "COMMIT"], failed);
        if (!begun) results.shift();
      } catch (e) {
        // After a failed statement the transaction is aborted (the rest of a batch was skipped): roll it back.
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError; // the connection is not reusable: the pool drops it
        });
        if (failed.uncertain) broken ??= new Error("direct SQL: a batch with PREPARE failed; its prepared statements are unknown");
        throw e;
      } finally {
        client.release(broken);
      }
      // Committed (outside the try: nothing here may roll back, or retry, what is committed).
      for (const [i, t] of tail.entries()) t.then?.(results[i]!.rows);
      return result;
    },
  };
}

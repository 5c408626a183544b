// Queuing many effects at once (the reminder sweep queues tens of thousands): the rows travel as
// one text parameter per chunk and the database unpacks them, one INSERT … ON CONFLICT
// ("dedupeKey") DO NOTHING per chunk. Binding nine parameters per row instead costs ~10× the time
// in the driver and as much memory again in the parameter arrays and the SQL text.
import { getRandomValues } from "node:crypto";
import type { DatabaseTarget } from "../config/database-url";
import type { EffectRequest } from "../domain/effects";

/** Runs one statement with positional parameters (`?` in SQLite, `$n` in PostgreSQL); returns the rows changed. */
export type RunStatement = (sql: string, args: unknown[]) => Promise<number>;

// Effect ids in the order they are made (UUID version 7: milliseconds, a counter, random bits).
// Random ids land all over the primary key's B-tree: at 500,000 effects, inserting 127,000
// with random ids took twice as long as with ordered ones.
let sequence = Math.floor(Math.random() * 0x40000000);
const random = new Uint32Array(1024);
let randomAt = random.length;
const random32 = (): number => {
  if (randomAt >= random.length) {
    getRandomValues(random);
    randomAt = 0;
  }
  return random[randomAt++]!;
};
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** A version 7 UUID: 48 bits of Unix milliseconds, a 30-bit counter (ordered within the process), 44 random bits. */
export function orderedUuid(ms: number = Date.now()): string {
  sequence = (sequence + 1) & 0x3fffffff;
  const high = sequence >>> 18; // 12 bits after the version
  const low = sequence & 0x3ffff; // 18 bits after the variant
  const t = hex(ms, 12);
  return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(high, 3)}-${hex(0x8000 | (low >>> 4), 4)}-${hex(low & 0xf, 1)}${hex(random32(), 8)}${hex(random32() & 0x7ff, 3)}`;
}

/** Effects per statement: a few megabytes of JSON, the write lock (and, on SQLite, the event loop) held ~50 ms; larger chunks raise the peak memory more than they save time. */
export const EFFECT_CHUNK = 5_000;

/**
 * A chunk's rows, `[id, key, payload]`, the payload the request's own object (no copy). The chunk
 * is serialised once, when it is written (see insertChunk). Serialising each payload on its way in
 * and splicing the texts together later held every payload of the chunk twice as strings, long
 * enough for V8 to promote them: the reminder sweep at 50,000 incidents left ~150 MB of them in
 * the old generation before a full collection.
 */
type Row = [string, string, unknown];
type Group = { kind: string; runAfter: Date; teamId: string | null; rows: Row[]; keys: Set<string> };

/**
 * Inserts `effects`, skipping keys already queued (the first of a key given twice wins), in as
 * few statements as there are chunks of EFFECT_CHUNK effects of the same kind, due time and
 * workspace. Returns how many rows were inserted.
 */
export async function insertEffectsBulk(run: RunStatement, provider: DatabaseTarget["provider"], effects: Iterable<EffectRequest>, now: Date): Promise<number> {
  let inserted = 0;
  const groups = new Map<string, Group>();
  const flush = async (g: Group) => {
    if (g.rows.length === 0) return;
    // Written in key order (the ids stay in the order given: the claim order): the unique index
    // on the key takes the chunk in one walk through its pages instead of 5,000 jumps.
    const rows = g.rows.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    g.rows = [];
    g.keys.clear();
    inserted += await insertChunk(run, provider, g, rows, now);
  };
  for (const e of effects) {
    const runAfter = e.runAfter ?? now;
    const teamId = e.teamId ?? null;
    const id = `${e.kind}|${runAfter.getTime()}|${teamId ?? ""}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { kind: e.kind, runAfter, teamId, rows: [], keys: new Set() }));
    // A key twice in one statement would conflict with itself on PostgreSQL; in separate
    // statements the first one inserted stays.
    if (g.keys.has(e.dedupeKey)) continue;
    g.keys.add(e.dedupeKey);
    g.rows.push([orderedUuid(), e.dedupeKey, e.payload]);
    if (g.rows.length >= EFFECT_CHUNK) await flush(g);
  }
  for (const g of groups.values()) await flush(g);
  return inserted;
}

/** A key with a tab or a line break cannot travel as a line of tab-separated fields. */
const LINE_UNSAFE = /[\t\n]/;

// PostgreSQL: one line per row, `id<TAB>key<TAB>payload`, split by string_to_array and
// split_part. The payload is JSON.stringify's text (which never holds a raw tab or line break:
// control characters in strings are escaped) and is stored as it is. Against the rows as one JSON
// document read by json_to_recordset, PostgreSQL no longer parses every payload and writes it back
// as text: the reminder sweep's INSERTs at 50,000 incidents took ~0.6× the time. A chunk with a
// key that holds a tab or a line break goes as a JSON document instead.
// SQLite: the rows as one JSON array of `[id, key, payload]` read by json_each, whose -> gives the
// payload's minified text back unchanged (the payload an object in the document, not a string
// escaped a second time).
async function insertChunk(run: RunStatement, provider: DatabaseTarget["provider"], g: Group, rows: Row[], now: Date): Promise<number> {
  const columns = '"id", "dedupeKey", "kind", "payload", "status", "runAfter", "teamId", "createdAt", "updatedAt"';
  if (provider === "postgres") {
    const args = (rowsText: string) => [g.kind, g.runAfter, g.teamId, now, rowsText];
    const values = (id: string, key: string, payload: string) => `${id}, ${key}, CAST($1 AS text), ${payload}, 'pending', CAST($2 AS timestamp(3)), CAST($3 AS text), CAST($4 AS timestamp(3)), CAST($4 AS timestamp(3))`;
    if (rows.some((r) => LINE_UNSAFE.test(r[1]))) {
      return run(`INSERT INTO "Effect" (${columns}) SELECT ${values("r->>0", "r->>1", "CAST(r->2 AS text)")} FROM json_array_elements(CAST($5 AS json)) AS r ON CONFLICT ("dedupeKey") DO NOTHING`, args(JSON.stringify(rows)));
    }
    const lines = rows.map(([id, key, payload]) => `${id}\t${key}\t${JSON.stringify(payload)}`).join("\n");
    const field = (n: number) => `split_part(l, E'\\t', ${n})`;
    return run(`INSERT INTO "Effect" (${columns}) SELECT ${values(field(1), field(2), field(3))} FROM unnest(string_to_array(CAST($5 AS text), E'\\n')) AS l ON CONFLICT ("dedupeKey") DO NOTHING`, args(lines));
  }
  // "WHERE true": SQLite reads ON CONFLICT after a bare FROM as a join constraint.
  return run(
    `INSERT INTO "Effect" (${columns}) SELECT value ->> 0, value ->> 1, ?, value -> 2, 'pending', ?, ?, ?, ? FROM json_each(?) WHERE true ON CONFLICT ("dedupeKey") DO NOTHING`,
    [g.kind, g.runAfter, g.teamId, now, now, JSON.stringify(rows)],
  );
}

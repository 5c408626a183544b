// Queuing a sweep's effects in bulk (src/store/effect-bulk.ts over the bulk connection): keys
// already queued are skipped, the first of a key given twice wins, the rows read back through
// Prisma exactly as a single insert writes them, and thousands go in a few statements.
import { describe, expect, it } from "vitest";
import type { EffectRequest } from "../src/domain/effects";
import { Store } from "../src/store/store";
import { EFFECT_CHUNK } from "../src/store/effect-bulk";
import { storeForSuite, testDatabases } from "./support/databases";

const NOW = new Date("2026-11-25T01:00:00.123Z");
const reminder = (i: number, to = ["U1"]): EffectRequest => ({
  kind: "send_reminder",
  dedupeKey: `remind:task-overdue:task-${i}:2026-11-25`,
  payload: { kind: "task_overdue", key: `remind:task-overdue:task-${i}:2026-11-25`, taskId: `task-${i}`, to },
});

describe.each(testDatabases())("queuing effects in bulk on %s", (database) => {
  let store: Store;
  storeForSuite(database, (s) => (store = s), { countQueries: true });

  it("writes rows that read back like a single enqueue's, skips keys already queued, first of a duplicate wins", async () => {
    await store.enqueueEffect({ kind: "send_reminder", dedupeKey: "single", payload: { kind: "task_overdue", key: "single", taskId: "t", to: ["U1"] } }, NOW);
    const quoted = reminder(1, ["U\"quote\\back", "日本語 ✓", "tab\there\nnew line"]);
    const first = await store.enqueueEffects([quoted, reminder(2), reminder(2, ["U-second"]), { ...reminder(3), runAfter: new Date(NOW.getTime() + 60_000), teamId: "T1" } as EffectRequest], NOW);
    expect(first).toBe(3);
    // again, with one new: only the new one is inserted
    expect(await store.enqueueEffects([reminder(1), reminder(2), reminder(4)], NOW)).toBe(1);
    const rows = await store.db.effect.findMany({ where: { kind: "send_reminder" }, orderBy: { dedupeKey: "asc" } });
    const single = rows.find((r) => r.dedupeKey === "single")!;
    const one = rows.find((r) => r.dedupeKey === quoted.dedupeKey)!;
    expect(JSON.parse(one.payload)).toEqual(quoted.payload);
    expect(one.payload).toBe(JSON.stringify(quoted.payload));
    expect({ ...one, id: "", dedupeKey: "", payload: "" }).toEqual({ ...single, id: "", dedupeKey: "", payload: "" });
    expect(one.runAfter.getTime()).toBe(NOW.getTime());
    expect(one.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(rows.find((r) => r.dedupeKey === reminder(2).dedupeKey)!.payload)).toEqual(reminder(2).payload);
    const later = rows.find((r) => r.dedupeKey === reminder(3).dedupeKey)!;
    expect([later.runAfter.getTime(), later.teamId, later.createdAt.getTime(), later.status, later.attempts]).toEqual([NOW.getTime() + 60_000, "T1", NOW.getTime(), "pending", 0]);
    expect(rows.map((r) => r.dedupeKey).sort()).toEqual(["remind:task-overdue:task-1:2026-11-25", "remind:task-overdue:task-2:2026-11-25", "remind:task-overdue:task-3:2026-11-25", "remind:task-overdue:task-4:2026-11-25", "single"]);
  });

  it("queues effects whose keys hold a tab or a line break, as given", async () => {
    const odd = [{ ...reminder(5), dedupeKey: "odd\tkey" }, { ...reminder(6), dedupeKey: "odd\nkey" }, reminder(7)] as EffectRequest[];
    expect(await store.enqueueEffects(odd, NOW)).toBe(3);
    expect(await store.enqueueEffects(odd, NOW)).toBe(0);
    const rows = await store.db.effect.findMany({ where: { dedupeKey: { in: odd.map((e) => e.dedupeKey) } } });
    expect(rows.map((r) => [r.dedupeKey, r.payload]).sort()).toEqual(odd.map((e) => [e.dedupeKey, JSON.stringify(e.payload)]).sort());
  });

  it("queues 2.5 chunks of effects in three statements, in the order given", async () => {
    const n = Math.floor(EFFECT_CHUNK * 2.5);
    const before = store.queryCount;
    expect(await store.enqueueEffects((function* () { for (let i = 0; i < n; i++) yield reminder(1000 + i); })(), NOW)).toBe(n);
    expect(store.queryCount - before).toBe(3);
    const rows = await store.db.effect.findMany({ where: { kind: "send_reminder" }, select: { id: true, dedupeKey: true } });
    const ours = rows.filter((r) => /task-\d{4,}:/.test(r.dedupeKey)).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(ours.length).toBe(n);
    // ids are ordered as queued: the claim order of equal due times stays the order of the sweep
    expect(ours.map((r) => Number(/task-(\d+):/.exec(r.dedupeKey)![1]))).toEqual(Array.from({ length: n }, (_, i) => 1000 + i));
  });
});

// Issue 14, fast where users feel it: the SQL statements a task's Done click sends, with
// everything it causes (the card updated in place, the person's App Home rebuilt), counted by the
// store (Prisma's query events: one per statement, COMMIT included). A change that adds a
// statement to this path fails here.
// - One click alone pays for a whole Home rebuild: at most 11 statements on SQLite (the click's
//   transaction 4: the task's conditional UPDATE … RETURNING, which also returns the audit chain's
//   head, the audit entry, the card's and the Home's effects in one INSERT, COMMIT; one claim for
//   the card and Home; the card 1, the task and its records in one SELECT; Home 4: the person's
//   tasks, the open consultations, open incidents, open activities; one completion for both).
//   PostgreSQL 11 too: one more, the lock that orders appends to the audit chain, and one fewer,
//   the audit entry carried by the effects' INSERT (WITH … INSERT), which reads the chain's head
//   itself. Its transaction is two round trips: BEGIN with the update, then the lock, the INSERT
//   and COMMIT together.
// - A burst of clicks (they commit faster than Slack takes the card updates, as under load):
//   at most 7 statements per click on either (one Home rebuild, claims and completions shared by
//   the burst; 6.2 measured, the rest is room for how the claims and completions of a burst fall).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Task } from "../src/domain/tasks";
import { testDatabases } from "./support/databases";
import { Store } from "../src/store/store";
import { startHarness, submitIntake, intakeValues, U, until, type Harness } from "./support/harness";

describe.each(testDatabases())("SQL statements per Done click on %s", (database) => {
  const ALONE = 11;
  const BUDGET = 7;
  let h: Harness;
  let channelId: string;
  const tasks: Task[] = [];
  beforeAll(async () => {
    h = await startHarness({ database, countQueries: true });
    // NISC registers what an administrative body told it: an incident with NISC's Art. 4(1) task.
    const { ref } = await submitIntake(h, U.niscStaff, intakeValues({ "intake_supervising_agency.value": "Digital Agency", "intake_reporter_category.value": "2" }));
    await h.settle();
    const incident = (await h.store.incidentByRef(ref!))!;
    channelId = incident.channelId!;
    // Five more tasks of the same person on the card's channel (as agreed items would be).
    await h.store.transact(h.clock.now(), async (tx) => {
      for (let i = 1; i <= 5; i++) {
        const task = await tx.insertTask(incident.id, { dedupeKey: `budget:${i}`, kind: "introduce_leak_report_system", ownerParty: "nisc", assigneeUserId: U.niscStaff, params: { ref: incident.ref, agency: "Digital Agency" }, dueAt: null });
        await tx.enqueue({ kind: "post_task", payload: { taskId: task.id }, dedupeKey: `post-task:${task.id}` });
      }
      await tx.audit({ actorUserId: U.niscStaff, actorParty: "nisc", article: null, action: "test.tasks_added", entityType: "incident", entityId: incident.id, before: null, after: null });
    });
    await h.settle();
    tasks.push(...(await h.store.tasksOfIncident(incident.id)));
    expect(tasks).toHaveLength(6);
    expect(tasks.every((t) => t.messageTs)).toBe(true);
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  /**
   * Clicks Done on `batch` (with the effect runner paused until every click committed, when
   * `burst`), waits until every card shows it done and Home was rebuilt after; returns the
   * statements sent.
   */
  async function clickDone(batch: Task[], burst = false): Promise<{ statements: number; sql: string[] }> {
    await h.renkei.effects.idle();
    if (burst) await h.renkei.effects.stop();
    const publishesBefore = h.emu.calls("views.publish").length;
    const before = h.store.queryCount;
    await Promise.all(batch.map((t) => h.driver.clickButton({ user: U.niscStaff, channel: channelId, ts: t.messageTs!, actionId: "task_done" })));
    if (burst) {
      // Watched through a connection of its own, so its reads are not counted.
      const probe = await Store.open(h.db.url);
      await until(async () => (await probe.db.task.count({ where: { id: { in: batch.map((t) => t.id) }, status: "done" } })) === batch.length, "the clicks did not commit");
      await probe.close();
      h.renkei.effects.start(0);
    }
    for (const t of batch) {
      await h.emu.waitFor(() => {
        const m = h.emu.message(channelId, t.messageTs!)!;
        return m.edited && !JSON.stringify(m.blocks).includes('"task_done"') ? m : undefined;
      }, { message: "the card was not updated" });
    }
    await h.emu.waitFor(() => h.emu.calls("views.publish").length > publishesBefore || undefined, { message: "Home was not rebuilt" });
    await h.renkei.effects.idle();
    const statements = h.store.queryCount - before;
    return { statements, sql: h.store.recentQueries.slice(-statements).map((q) => q.replace(/"public"\./g, "").slice(0, 110)) };
  }

  it(`one Done click alone, its card and its Home: at most ${ALONE} statements`, async () => {
    const { statements, sql } = await clickDone([tasks[0]!]);
    console.log(`${database}: one Done click alone: ${statements} SQL statements`);
    expect(statements, sql.join("\n")).toBeLessThanOrEqual(ALONE);
    // Nothing left to do, and no statement after the work is done (no empty polls).
    const after = h.store.queryCount;
    await h.renkei.effects.idle();
    expect(h.store.queryCount).toBe(after);
    expect((await h.store.taskById(tasks[0]!.id))?.status).toBe("done");
  });

  it(`a burst of five Done clicks: at most ${BUDGET} statements per click`, async () => {
    const batch = tasks.slice(1, 6);
    const { statements, sql } = await clickDone(batch, true);
    console.log(`${database}: a burst of ${batch.length} Done clicks: ${statements} SQL statements (${statements / batch.length} per click)`);
    expect(statements / batch.length, sql.join("\n")).toBeLessThanOrEqual(BUDGET);
    for (const t of batch) expect((await h.store.taskById(t.id))?.status).toBe("done");
    // Each card updated once, in place.
    for (const t of batch) expect(h.emu.calls("chat.update").filter((c) => c.args.ts === t.messageTs)).toHaveLength(1);
  });
});

import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { performance } from "node:perf_hooks";
import { reminderSnapshot, digestRows, lastDigestAt } from "../../src/store/sweeps";
import { Store } from "../../src/store/store";
import { BENCH_NOW, benchConfig } from "./seed";
async function main() {
  const { PrismaClient } = await import("../../src/generated/sqlite/client");
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: "file:/tmp/bq/s.db" }), log: [{ emit: "event", level: "query" }] });
  (db as any).$on("query", (e: any) => console.log(e.duration, "ms", String(e.query).slice(0, 160)));
  const store = new (Store as any)(db, { provider: "sqlite" }) as Store;
  const config = benchConfig();
  await store.ping();
  let t = performance.now();
  const s = await reminderSnapshot(store, BENCH_NOW, config.reminders, config.timezone, ["ppc", "nisc"]);
  console.log("snapshot", performance.now() - t, s.tasks.length, s.consultations.length, s.incidents.length);
  t = performance.now();
  const since = await lastDigestAt(store, "UPPC0000");
  const r = await digestRows(store, "ppc", BENCH_NOW, since, 7);
  console.log("digest", performance.now() - t, r.openIncidents.length, r.tasks.length, r.changes.length);
}
main();

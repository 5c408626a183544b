// Which databases the tests run on (both by default) and where PostgreSQL is.
export type TestDatabase = "sqlite" | "postgres";

export function testDatabases(): TestDatabase[] {
  const wanted = (process.env.RENKEI_TEST_DATABASES ?? "sqlite,postgres").split(",").map((s) => s.trim()).filter(Boolean);
  for (const w of wanted) if (w !== "sqlite" && w !== "postgres") throw new Error(`RENKEI_TEST_DATABASES: unknown database "${w}" (use sqlite, postgres or both)`);
  return wanted as TestDatabase[];
}

/** A connection to an existing database, used to create and drop the test databases. */
export function pgAdminUrl(): string {
  return process.env.RENKEI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
}

export function pgUrlFor(database: string): string {
  const url = new URL(pgAdminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

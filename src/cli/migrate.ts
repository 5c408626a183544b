// `npm run db:migrate`: applies pending migrations to DATABASE_URL (SQLite or PostgreSQL).
import { DEFAULT_DATABASE_URL } from "../config/database-url";
import { applyMigrations } from "../store/migrate";

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
applyMigrations(url).then(
  () => console.log(`migrations applied to ${url.replace(/\/\/[^@]*@/, "//…@")}`),
  (e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);

// `npm run db:migrate`: applies pending migrations to DATABASE_URL (SQLite or PostgreSQL).
import { DEFAULT_DATABASE_URL } from "../config/database-url";
import { applyMigrations } from "../store/migrate";

const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const where = url.replace(/\/\/[^@]*@/, "//…@"); // never print a password
applyMigrations(url).then(
  ({ applied }) => console.log(applied.length === 0 ? `${where}: up to date, nothing to apply` : `${where}: applied ${applied.join(", ")}`),
  (e: unknown) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);

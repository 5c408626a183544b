#!/usr/bin/env bash
# Until the first release, the initial migration is regenerated from the schema for both
# databases. After a release, add migrations instead (never edit an applied one).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsx scripts/sync-postgres-schema.ts
DATABASE_URL=file:./data/diff-only.db npx prisma migrate diff --config prisma.config.ts --from-empty \
  --to-schema-datamodel prisma/sqlite/schema.prisma --script > prisma/sqlite/migrations/20261125000000_init/migration.sql
DATABASE_URL=${RENKEI_PG_URL:-postgres://postgres@127.0.0.1:5432/test} npx prisma migrate diff --config prisma.postgres.config.ts --from-empty \
  --to-schema-datamodel prisma/postgres/schema.prisma --script | sed '/^-- CreateSchema$/,/^$/d' > prisma/postgres/migrations/20261125000000_init/migration.sql
node scripts/generate-clients.mjs

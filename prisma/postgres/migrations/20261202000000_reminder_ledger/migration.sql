-- CreateTable
CREATE TABLE "ReminderSent" (
    "key" TEXT NOT NULL,

    CONSTRAINT "ReminderSent_pkey" PRIMARY KEY ("key")
);

-- The reminders queued one effect per cause before this ledger count as sent: no second reminder on the day of the upgrade.
INSERT INTO "ReminderSent" ("key") SELECT "dedupeKey" FROM "Effect" WHERE "kind" = 'send_reminder' ON CONFLICT DO NOTHING;

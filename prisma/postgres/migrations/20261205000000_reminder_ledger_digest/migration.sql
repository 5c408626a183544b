-- CreateTable
CREATE TABLE "ReminderSentDigest" (
    "digest" BIGINT NOT NULL,

    CONSTRAINT "ReminderSentDigest_pkey" PRIMARY KEY ("digest")
);

-- The reminders recorded before count as sent, by the digest renkei now records (src/store/reminder-ledger.ts: the first 8 bytes
-- of the key's MD5 as a signed bigint): no reminder goes out a second time after the upgrade. The keys are then no longer read.
INSERT INTO "ReminderSentDigest" ("digest") SELECT ('x' || substr(md5("key"), 1, 16))::bit(64)::bigint FROM "ReminderSent" ON CONFLICT DO NOTHING;
DELETE FROM "ReminderSent";

-- CreateTable
-- PostgreSQL's form of the reminder ledger (by the digest of each key); SQLite keeps the keys in "ReminderSent" and leaves this table empty.
CREATE TABLE "ReminderSentDigest" (
    "digest" BIGINT NOT NULL PRIMARY KEY
);

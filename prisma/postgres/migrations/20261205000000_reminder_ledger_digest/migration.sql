-- CreateTable
CREATE TABLE "ReminderSentDigest" (
    "digest" BIGINT NOT NULL,

    CONSTRAINT "ReminderSentDigest_pkey" PRIMARY KEY ("digest")
);

-- The reminders recorded before count as sent, by the digest renkei now records (src/store/reminder-ledger.ts: the first 8 bytes
-- of the key's MD5 as a signed bigint): no reminder goes out a second time after the upgrade. The keys are then no longer read.
INSERT INTO "ReminderSentDigest" ("digest") SELECT ('x' || substr(md5("key"), 1, 16))::bit(64)::bigint FROM "ReminderSent" ON CONFLICT DO NOTHING;
DELETE FROM "ReminderSent";

-- During a rolling upgrade a replica of the previous version may still sweep, recording keys in "ReminderSent": each key it
-- inserts is recorded by its digest as well, and refused (its sweep then counts it as recorded before) when the digest is
-- there already. So a reminder is sent once, whichever version's sweep offers it first. A later release may drop this.
-- The function's body is an escape string whose statement ends are written \073: Prisma's migrate deploy (through the pg
-- driver adapter) splits a migration at every semicolon of its text, comments and function bodies included.
CREATE FUNCTION "renkei_reminder_sent_by_digest"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "ReminderSentDigest" ("digest") VALUES ((''x'' || substr(md5(NEW."key"), 1, 16))::bit(64)::bigint) ON CONFLICT DO NOTHING\073
  IF NOT FOUND THEN
    RETURN NULL\073
  END IF\073
  RETURN NEW\073
END
';
CREATE TRIGGER "ReminderSent_by_digest" BEFORE INSERT ON "ReminderSent" FOR EACH ROW EXECUTE FUNCTION "renkei_reminder_sent_by_digest"();

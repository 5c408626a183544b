-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reporterName" TEXT NOT NULL,
    "reporterCategory" INTEGER NOT NULL,
    "supervisingAgency" TEXT NOT NULL,
    "personalData" TEXT NOT NULL,
    "awareAt" TIMESTAMP(3) NOT NULL,
    "appiRegime" TEXT NOT NULL,
    "unlawfulPurposeSuspected" BOOLEAN NOT NULL,
    "affectedCount" INTEGER NOT NULL,
    "specialCareData" BOOLEAN NOT NULL,
    "financialRiskData" BOOLEAN NOT NULL,
    "summary" TEXT NOT NULL,
    "providedByAdminBody" BOOLEAN NOT NULL,
    "preliminaryDueAt" TIMESTAMP(3),
    "preliminaryDueEdited" BOOLEAN NOT NULL DEFAULT false,
    "finalDueAt" TIMESTAMP(3),
    "finalDueEdited" BOOLEAN NOT NULL DEFAULT false,
    "createdByUserId" TEXT NOT NULL,
    "createdByParty" TEXT NOT NULL,
    "channelId" TEXT,
    "channelName" TEXT,
    "channelStatus" TEXT NOT NULL,
    "channelError" TEXT,
    "summaryTs" TEXT,
    "sharedInvitesSentAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefCounter" (
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "RefCounter_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT,
    "kind" TEXT NOT NULL,
    "ownerParty" TEXT NOT NULL,
    "assigneeUserId" TEXT,
    "params" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "doneByUserId" TEXT,
    "doneAt" TIMESTAMP(3),
    "channelId" TEXT,
    "messageTs" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorUserId" TEXT NOT NULL,
    "actorParty" TEXT,
    "article" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "Effect" (
    "id" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Effect_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Incident_ref_key" ON "Incident"("ref");

-- CreateIndex
CREATE INDEX "Incident_state_idx" ON "Incident"("state");

-- CreateIndex
CREATE INDEX "Task_ownerParty_status_idx" ON "Task"("ownerParty", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Task_incidentId_kind_key" ON "Task"("incidentId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_prevHash_key" ON "AuditEntry"("prevHash");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_hash_key" ON "AuditEntry"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "Effect_dedupeKey_key" ON "Effect"("dedupeKey");

-- CreateIndex
CREATE INDEX "Effect_status_runAfter_idx" ON "Effect"("status", "runAfter");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;


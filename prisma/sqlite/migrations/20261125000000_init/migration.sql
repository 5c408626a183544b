-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ref" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "reporterName" TEXT NOT NULL,
    "reporterCategory" INTEGER NOT NULL,
    "supervisingAgency" TEXT NOT NULL,
    "personalData" TEXT NOT NULL,
    "awareAt" DATETIME NOT NULL,
    "appiRegime" TEXT NOT NULL,
    "unlawfulPurposeSuspected" BOOLEAN NOT NULL,
    "affectedCount" INTEGER NOT NULL,
    "specialCareData" BOOLEAN NOT NULL,
    "financialRiskData" BOOLEAN NOT NULL,
    "summary" TEXT NOT NULL,
    "providedByAdminBody" BOOLEAN NOT NULL,
    "preliminaryDueAt" DATETIME,
    "preliminaryDueEdited" BOOLEAN NOT NULL DEFAULT false,
    "finalDueAt" DATETIME,
    "finalDueEdited" BOOLEAN NOT NULL DEFAULT false,
    "createdByUserId" TEXT NOT NULL,
    "createdByParty" TEXT NOT NULL,
    "channelId" TEXT,
    "channelName" TEXT,
    "channelStatus" TEXT NOT NULL,
    "channelError" TEXT,
    "summaryTs" TEXT,
    "sharedInvitesSentAt" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RefCounter" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "last" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT,
    "kind" TEXT NOT NULL,
    "ownerParty" TEXT NOT NULL,
    "assigneeUserId" TEXT,
    "params" TEXT NOT NULL,
    "dueAt" DATETIME,
    "status" TEXT NOT NULL,
    "doneByUserId" TEXT,
    "doneAt" DATETIME,
    "channelId" TEXT,
    "messageTs" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Task_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "actorUserId" TEXT NOT NULL,
    "actorParty" TEXT,
    "article" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Effect" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
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


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
    "preliminaryReceivedOn" TEXT,
    "preliminaryReceiptNo" TEXT,
    "finalReceivedOn" TEXT,
    "finalReceiptNo" TEXT,
    "localPublicBody" BOOLEAN NOT NULL DEFAULT false,
    "ordinanceSpecialCareData" BOOLEAN NOT NULL DEFAULT false,
    "protectiveMeasures" BOOLEAN NOT NULL DEFAULT false,
    "delegatedRecipient" TEXT,
    "createdByUserId" TEXT NOT NULL,
    "createdByParty" TEXT NOT NULL,
    "channelId" TEXT,
    "channelName" TEXT,
    "channelStatus" TEXT NOT NULL,
    "channelError" TEXT,
    "summaryTs" TEXT,
    "sharedInvitesSentAt" TIMESTAMP(3),
    "sourceViewId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "exerciseId" TEXT,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentClosure" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "priorState" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "requiredParties" TEXT NOT NULL,
    "confirmations" TEXT NOT NULL,
    "proposedByUserId" TEXT NOT NULL,
    "proposedByParty" TEXT NOT NULL,
    "ended" TEXT,
    "closedAt" TIMESTAMP(3),
    "archiveAt" TIMESTAMP(3),
    "archivedAt" TIMESTAMP(3),
    "reopenedAt" TIMESTAMP(3),
    "reopenedByUserId" TEXT,
    "reopenReason" TEXT,
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnByUserId" TEXT,
    "withdrawnByParty" TEXT,
    "withdrawReason" TEXT,
    "cardTs" TEXT,
    "reviewDueOn" TEXT,
    "erasedAt" TIMESTAMP(3),
    "sourceViewId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IncidentClosure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentReview" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "closureId" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "byUserId" TEXT NOT NULL,
    "worked" TEXT NOT NULL,
    "didNot" TEXT NOT NULL,
    "lessons" TEXT NOT NULL,
    "cardTs" TEXT,
    "sourceViewId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IncidentReview_pkey" PRIMARY KEY ("id")
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
    "dedupeKey" TEXT NOT NULL,
    "incidentId" TEXT,
    "kind" TEXT NOT NULL,
    "itemType" TEXT,
    "consultationId" TEXT,
    "conditions" TEXT,
    "ownerParty" TEXT NOT NULL,
    "assigneeUserId" TEXT,
    "params" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "doneByUserId" TEXT,
    "doneAt" TIMESTAMP(3),
    "channelId" TEXT,
    "messageTs" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "activityId" TEXT,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Consultation" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "proposedByParty" TEXT NOT NULL,
    "proposedByUserId" TEXT NOT NULL,
    "impactOnDuties" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "contactedAt" TIMESTAMP(3) NOT NULL,
    "concludedAt" TIMESTAMP(3),
    "channelId" TEXT,
    "cardTs" TEXT,
    "sourceViewId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Consultation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsultationItem" (
    "id" TEXT NOT NULL,
    "consultationId" TEXT NOT NULL,
    "itemType" TEXT NOT NULL,
    "need" TEXT NOT NULL,

    CONSTRAINT "ConsultationItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Position" (
    "id" TEXT NOT NULL,
    "consultationItemId" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "position" TEXT NOT NULL,
    "reason" TEXT,
    "conditions" TEXT,
    "decidedByUserId" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Position_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ItemRecord" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "byUserId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "status" TEXT,
    "version" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ItemRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SharedInformation" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT,
    "activityId" TEXT,
    "taskId" TEXT,
    "basis" TEXT NOT NULL,
    "providerParty" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "sharedByUserId" TEXT NOT NULL,
    "channelId" TEXT,
    "messageTs" TEXT,
    "threadTs" TEXT,
    "scope" TEXT,
    "designatedByUserId" TEXT,
    "designatedAt" TIMESTAMP(3),
    "labelTs" TEXT,
    "sourceChannelId" TEXT,
    "sourceMessageTs" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3),

    CONSTRAINT "SharedInformation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScopeWarning" (
    "id" TEXT NOT NULL,
    "sharedInformationId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "messageTs" TEXT NOT NULL,
    "threadTs" TEXT,
    "via" TEXT NOT NULL,
    "forwardedByUserId" TEXT NOT NULL,
    "outsiders" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "decidedByUserId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "removedAt" TIMESTAMP(3),
    "warningTs" TEXT,
    "teamId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScopeWarning_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScopeConsentAsk" (
    "consentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "ts" TEXT NOT NULL,

    CONSTRAINT "ScopeConsentAsk_pkey" PRIMARY KEY ("consentId","userId")
);

-- CreateTable
CREATE TABLE "ScopeConsent" (
    "id" TEXT NOT NULL,
    "sharedInformationId" TEXT NOT NULL,
    "channelId" TEXT,
    "users" TEXT NOT NULL,
    "warningId" TEXT,
    "requestedByUserId" TEXT,
    "reason" TEXT,
    "requestKey" TEXT,
    "status" TEXT NOT NULL,
    "decidedByUserId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScopeConsent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "article" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerParty" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "scheduledAt" TIMESTAMP(3),
    "dueAt" TIMESTAMP(3),
    "channelId" TEXT,
    "messageTs" TEXT,
    "createdByUserId" TEXT NOT NULL,
    "sourceViewId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Activity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivityRecord" (
    "id" TEXT NOT NULL,
    "activityId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "byUserId" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActivityRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exercise" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "speed" DOUBLE PRECISION NOT NULL,
    "definition" TEXT NOT NULL,
    "cast" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "startedByUserId" TEXT NOT NULL,
    "startedByParty" TEXT NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endedByUserId" TEXT,
    "channelId" TEXT,
    "channelName" TEXT,
    "score" TEXT,
    "activityId" TEXT,
    "runningKey" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Exercise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Counter" (
    "name" TEXT NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "Counter_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "InternalChannel" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "channelId" TEXT,
    "channelName" TEXT,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "requestedByUserId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InternalChannel_pkey" PRIMARY KEY ("id")
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
    "contentHash" TEXT NOT NULL,
    "erasedAt" TIMESTAMP(3),

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
    "leaseOwner" TEXT,
    "lastError" TEXT,
    "teamId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Effect_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlackInstallation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT,
    "teamName" TEXT,
    "enterpriseId" TEXT,
    "enterpriseName" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL,
    "appId" TEXT,
    "botUserId" TEXT NOT NULL,
    "botId" TEXT,
    "botScopes" TEXT NOT NULL,
    "botTokenCipher" TEXT NOT NULL,
    "installerUserId" TEXT NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,
    "installedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackInstallation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SharedChannelInvite" (
    "id" TEXT NOT NULL,
    "incidentId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "hostTeamId" TEXT NOT NULL,
    "targetTeamId" TEXT NOT NULL,
    "party" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SharedChannelInvite_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Incident_ref_key" ON "Incident"("ref");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_sourceViewId_key" ON "Incident"("sourceViewId");

-- CreateIndex
CREATE INDEX "Incident_state_idx" ON "Incident"("state");

-- CreateIndex
CREATE INDEX "Incident_exerciseId_idx" ON "Incident"("exerciseId");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentClosure_sourceViewId_key" ON "IncidentClosure"("sourceViewId");

-- CreateIndex
CREATE INDEX "IncidentClosure_status_archiveAt_idx" ON "IncidentClosure"("status", "archiveAt");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentClosure_incidentId_round_key" ON "IncidentClosure"("incidentId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentReview_sourceViewId_key" ON "IncidentReview"("sourceViewId");

-- CreateIndex
CREATE INDEX "IncidentReview_incidentId_idx" ON "IncidentReview"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentReview_closureId_party_key" ON "IncidentReview"("closureId", "party");

-- CreateIndex
CREATE UNIQUE INDEX "Task_dedupeKey_key" ON "Task"("dedupeKey");

-- CreateIndex
CREATE INDEX "Task_activityId_idx" ON "Task"("activityId");

-- CreateIndex
CREATE INDEX "Task_ownerParty_status_idx" ON "Task"("ownerParty", "status");

-- CreateIndex
CREATE INDEX "Task_assigneeUserId_status_idx" ON "Task"("assigneeUserId", "status");

-- CreateIndex
CREATE INDEX "Task_incidentId_idx" ON "Task"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "Consultation_sourceViewId_key" ON "Consultation"("sourceViewId");

-- CreateIndex
CREATE INDEX "Consultation_status_idx" ON "Consultation"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Consultation_incidentId_round_key" ON "Consultation"("incidentId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "ConsultationItem_consultationId_itemType_key" ON "ConsultationItem"("consultationId", "itemType");

-- CreateIndex
CREATE UNIQUE INDEX "Position_consultationItemId_party_key" ON "Position"("consultationItemId", "party");

-- CreateIndex
CREATE INDEX "ItemRecord_taskId_kind_idx" ON "ItemRecord"("taskId", "kind");

-- CreateIndex
CREATE INDEX "SharedInformation_incidentId_idx" ON "SharedInformation"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "SharedInformation_channelId_messageTs_key" ON "SharedInformation"("channelId", "messageTs");

-- CreateIndex
CREATE UNIQUE INDEX "SharedInformation_sourceChannelId_sourceMessageTs_key" ON "SharedInformation"("sourceChannelId", "sourceMessageTs");

-- CreateIndex
CREATE INDEX "ScopeWarning_status_idx" ON "ScopeWarning"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ScopeWarning_sharedInformationId_channelId_messageTs_key" ON "ScopeWarning"("sharedInformationId", "channelId", "messageTs");

-- CreateIndex
CREATE UNIQUE INDEX "ScopeConsent_warningId_key" ON "ScopeConsent"("warningId");

-- CreateIndex
CREATE UNIQUE INDEX "ScopeConsent_requestKey_key" ON "ScopeConsent"("requestKey");

-- CreateIndex
CREATE INDEX "ScopeConsent_sharedInformationId_idx" ON "ScopeConsent"("sharedInformationId");

-- CreateIndex
CREATE UNIQUE INDEX "Activity_ref_key" ON "Activity"("ref");

-- CreateIndex
CREATE UNIQUE INDEX "Activity_sourceViewId_key" ON "Activity"("sourceViewId");

-- CreateIndex
CREATE INDEX "Activity_status_idx" ON "Activity"("status");

-- CreateIndex
CREATE INDEX "Activity_kind_status_idx" ON "Activity"("kind", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ActivityRecord_dedupeKey_key" ON "ActivityRecord"("dedupeKey");

-- CreateIndex
CREATE INDEX "ActivityRecord_activityId_kind_idx" ON "ActivityRecord"("activityId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Exercise_runningKey_key" ON "Exercise"("runningKey");

-- CreateIndex
CREATE INDEX "Exercise_status_idx" ON "Exercise"("status");

-- CreateIndex
CREATE UNIQUE INDEX "InternalChannel_channelId_key" ON "InternalChannel"("channelId");

-- CreateIndex
CREATE UNIQUE INDEX "InternalChannel_incidentId_party_key" ON "InternalChannel"("incidentId", "party");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_prevHash_key" ON "AuditEntry"("prevHash");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_hash_key" ON "AuditEntry"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "Effect_dedupeKey_key" ON "Effect"("dedupeKey");

-- CreateIndex
CREATE INDEX "Effect_status_runAfter_idx" ON "Effect"("status", "runAfter");

-- CreateIndex
CREATE INDEX "SharedChannelInvite_incidentId_idx" ON "SharedChannelInvite"("incidentId");

-- CreateIndex
CREATE INDEX "SharedChannelInvite_channelId_idx" ON "SharedChannelInvite"("channelId");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsultationItem" ADD CONSTRAINT "ConsultationItem_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Position" ADD CONSTRAINT "Position_consultationItemId_fkey" FOREIGN KEY ("consultationItemId") REFERENCES "ConsultationItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemRecord" ADD CONSTRAINT "ItemRecord_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScopeWarning" ADD CONSTRAINT "ScopeWarning_sharedInformationId_fkey" FOREIGN KEY ("sharedInformationId") REFERENCES "SharedInformation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScopeConsent" ADD CONSTRAINT "ScopeConsent_sharedInformationId_fkey" FOREIGN KEY ("sharedInformationId") REFERENCES "SharedInformation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActivityRecord" ADD CONSTRAINT "ActivityRecord_activityId_fkey" FOREIGN KEY ("activityId") REFERENCES "Activity"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The open incidents newest first (`/renkei list`, App Home), each state read in reference order
-- from this index and only as far as the list goes, whatever the number of incidents.
-- DropIndex
DROP INDEX "Incident_state_idx";

-- CreateIndex
CREATE INDEX "Incident_state_exerciseId_ref_idx" ON "Incident"("state", "exerciseId", "ref");

-- DropIndex
DROP INDEX "EvidenceItem_currentCustodianId_idx";

-- DropIndex
DROP INDEX "EvidenceItem_storageLocationId_idx";

-- CreateIndex
CREATE INDEX "EvidenceItem_currentCustodianId_collectedAt_idx" ON "EvidenceItem"("currentCustodianId", "collectedAt" DESC);

-- CreateIndex
CREATE INDEX "EvidenceItem_storageLocationId_collectedAt_idx" ON "EvidenceItem"("storageLocationId", "collectedAt" DESC);

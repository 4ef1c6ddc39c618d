-- The vet's dashboard at statewide scale (issue 10): the follow-ups due
-- within 30 days either side of today, soonest first, 20 of them. Without an
-- index PostgreSQL read all 300,000 medical records to keep 20 (65-71 ms).
-- CreateIndex
CREATE INDEX "MedicalRecord_followUpDueAt_id_idx" ON "MedicalRecord"("followUpDueAt", "id");

-- The /medical list, newest first (lib/server/medical/queries.ts listMedicalRecords;
-- issue 10). Without it, a page of 25 sorted every record the reader may see:
-- ~300 ms per page at 300,000 records.
CREATE INDEX "MedicalRecord_occurredAt_id_idx" ON "MedicalRecord"("occurredAt" DESC, "id" DESC);

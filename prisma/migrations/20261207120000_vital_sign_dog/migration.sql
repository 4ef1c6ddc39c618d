-- A dog's latest vital signs at statewide scale (issue 10). The dog profile
-- charts a dog's newest 60 readings; a reading only named its medical record,
-- so PostgreSQL read every reading of every record of the dog (1,116 for the
-- benchmark's dog, 1.5 ms) to keep 60. Each reading now names its record's
-- dog as well, read newest first by index. The foreign key on (recordId,
-- dogId) holds the two equal: a reading cannot name another dog than its
-- record's, and a record moved to another dog takes its readings with it.

-- AlterTable: the column, filled from each reading's record, then required.
ALTER TABLE "VitalSign" ADD COLUMN "dogId" UUID;
UPDATE "VitalSign" v SET "dogId" = r."dogId" FROM "MedicalRecord" r WHERE r."id" = v."recordId";
ALTER TABLE "VitalSign" ALTER COLUMN "dogId" SET NOT NULL;

-- CreateIndex: the key the new foreign key references.
CREATE UNIQUE INDEX "MedicalRecord_id_dogId_key" ON "MedicalRecord"("id", "dogId");

-- The foreign key on the record alone gives way to the one on (record, dog).
ALTER TABLE "VitalSign" DROP CONSTRAINT "VitalSign_recordId_fkey";
ALTER TABLE "VitalSign" ADD CONSTRAINT "VitalSign_recordId_dogId_fkey" FOREIGN KEY ("recordId", "dogId") REFERENCES "MedicalRecord"("id", "dogId") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateIndex: a dog's readings in time order.
CREATE INDEX "VitalSign_dogId_takenAt_id_idx" ON "VitalSign"("dogId", "takenAt", "id");

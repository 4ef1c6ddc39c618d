-- The incident list's dog, handler and exposure filters at statewide scale
-- (issue 10). The list is ordered by the incident's time, but a deployment
-- only named its incident, so a dog filter read all of the dog's deployments
-- and their incidents (727 for the benchmark's dog, twice: the page and the
-- count) to keep 26, and the exposure filter walked the newest incidents and
-- tested each one (2,839 to find 26). Each deployment now carries its
-- incident's time, and is read in the list's order by index.
--
-- The foreign key on (incidentId, incidentOccurredAt) holds the copy equal to
-- its source: a deployment cannot carry another time than its incident's,
-- and an incident whose time is edited takes its deployments' copies with it
-- (ON UPDATE CASCADE), so no writer has to keep the two in step.

-- AlterTable: the column, filled from each deployment's incident, then required.
ALTER TABLE "Deployment" ADD COLUMN "incidentOccurredAt" TIMESTAMPTZ(3);
UPDATE "Deployment" d SET "incidentOccurredAt" = i."occurredAt" FROM "Incident" i WHERE i."id" = d."incidentId";
ALTER TABLE "Deployment" ALTER COLUMN "incidentOccurredAt" SET NOT NULL;

-- CreateIndex: the key the new foreign key references.
CREATE UNIQUE INDEX "Incident_id_occurredAt_key" ON "Incident"("id", "occurredAt");

-- The foreign key on the incident alone gives way to the one on (incident, time).
ALTER TABLE "Deployment" DROP CONSTRAINT "Deployment_incidentId_fkey";
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_incidentId_incidentOccurredAt_fkey" FOREIGN KEY ("incidentId", "incidentOccurredAt") REFERENCES "Incident"("id", "occurredAt") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateIndex: a dog's and a handler's incidents in the list's order.
CREATE INDEX "Deployment_dogId_incidentOccurredAt_incidentId_idx" ON "Deployment"("dogId", "incidentOccurredAt" DESC, "incidentId" DESC);
CREATE INDEX "Deployment_handlerId_incidentOccurredAt_incidentId_idx" ON "Deployment"("handlerId", "incidentOccurredAt" DESC, "incidentId" DESC);

-- The deployments with an exposure (8 % of them) in the list's order, with
-- their exposures, so the exposure filter reads only these and no table rows.
-- A partial index, written by hand like the others (Prisma's schema cannot
-- say WHERE; the drift check ignores partial indexes).
CREATE INDEX "Deployment_exposed_incidentOccurredAt_incidentId_idx" ON "Deployment"("incidentOccurredAt" DESC, "incidentId" DESC) INCLUDE ("exposures") WHERE "exposures" <> '{}'::"Exposure"[];

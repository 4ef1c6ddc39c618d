-- The archived incidents, by id (issue 10). The incident list counts a dog's,
-- a handler's or an exposure's incidents from the deployments' index alone,
-- then takes away the archived incidents among them; this partial index holds
-- only those (few: an incident is archived, not deleted, when it was logged in
-- error). Written by hand like the other partial indexes (Prisma's schema
-- cannot say WHERE; the drift check ignores partial indexes).
CREATE INDEX "Incident_archived_id_idx" ON "Incident"("id") WHERE "archivedAt" IS NOT NULL;

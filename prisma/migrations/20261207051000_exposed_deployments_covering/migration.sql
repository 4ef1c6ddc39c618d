-- The investigation timeline's exposures at statewide scale (issue 10;
-- lib/server/investigations/queries.ts timelineEvents). Written by hand.
--
-- The partial index of exposed deployments (20261206060000_timeline_indexes)
-- now carries the two columns the timeline reads besides dog and time (the
-- deployment's id and its incident), so the exposures of a case's dogs in its
-- span are ranked by an index-only scan: the 200-link case read 869
-- deployments from the table to keep 200; now none.
--
-- Prisma's schema cannot express a partial index; its migration diff ignores
-- it, so it does not count as drift for `npm run db:check`.
DROP INDEX "Deployment_exposed_dogId_deployedAt_idx";
CREATE INDEX "Deployment_exposed_dogId_deployedAt_idx" ON "Deployment" ("dogId", "deployedAt") INCLUDE (id, "incidentId") WHERE (exposures <> '{}'::"Exposure"[] OR "injuryObserved");

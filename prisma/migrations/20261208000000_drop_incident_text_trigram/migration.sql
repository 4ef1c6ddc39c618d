-- The incident list's words filter reads the stored search document now, as
-- search does (lib/server/search/sql.ts listMatch; decision 019, amendment of
-- 8 December): words through "Incident_search_fts", a number from its start
-- through "Incident_number_prefix". Nothing reads the trigram index on the
-- incident's text any more (its `ILIKE '%…%'` was the filter's only reader),
-- and it was the table's largest index (219 MB of 1,000,000 incidents), the
-- slowest to build, and a cost on every write of an incident.
DROP INDEX "Incident_search_trgm";

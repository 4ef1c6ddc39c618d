-- Indexes for search (issue 8; lib/server/search/queries.ts). Written by hand.
--
-- Each searchable table has one "search document": an expression that joins
-- the columns a person types into the search box. Two GIN indexes serve it:
--   * gin_trgm_ops (pg_trgm, enabled by the invariants migration): ILIKE
--     '%…%' for partial numbers ("EV-2026-00") and the word-similarity
--     operator <% for typos ("Rexx");
--   * to_tsvector('english', …): full-text search on words ("pipe", "struck").
-- The expressions here and in lib/server/search/documents.ts must stay
-- byte-for-byte identical, or PostgreSQL will not use the index.
--
-- Prisma's schema cannot express expression indexes, and its migration diff
-- ignores them, so none of this counts as drift for `npm run db:check`.
-- A later migration that recreates one of these tables must recreate them.

-- ───────────── dogs ─────────────
CREATE INDEX "Dog_search_trgm" ON "Dog" USING gin ((("name" || ' ' || "k9Number" || ' ' || "breed" || ' ' || coalesce("microchip", ''))) gin_trgm_ops);
CREATE INDEX "Dog_search_fts" ON "Dog" USING gin (to_tsvector('english'::regconfig, ("name" || ' ' || "k9Number" || ' ' || "breed" || ' ' || coalesce("microchip", ''))));

-- ───────────── handlers ─────────────
CREATE INDEX "Handler_search_trgm" ON "Handler" USING gin ((("firstName" || ' ' || "lastName" || ' ' || "badgeNumber" || ' ' || "rank" || ' ' || "unit")) gin_trgm_ops);
CREATE INDEX "Handler_search_fts" ON "Handler" USING gin (to_tsvector('english'::regconfig, ("firstName" || ' ' || "lastName" || ' ' || "badgeNumber" || ' ' || "rank" || ' ' || "unit")));

-- ───────────── incidents ─────────────
CREATE INDEX "Incident_search_trgm" ON "Incident" USING gin ((("number" || ' ' || "locationText" || ' ' || "narrative")) gin_trgm_ops);
CREATE INDEX "Incident_search_fts" ON "Incident" USING gin (to_tsvector('english'::regconfig, ("number" || ' ' || "locationText" || ' ' || "narrative")));

-- ───────────── medical records ─────────────
CREATE INDEX "MedicalRecord_search_trgm" ON "MedicalRecord" USING gin ((("clinic" || ' ' || coalesce("presentingProblem", '') || ' ' || coalesce("findings", '') || ' ' || coalesce("diagnosis", '') || ' ' || coalesce("treatment", '') || ' ' || coalesce("procedure", '') || ' ' || coalesce("outcome", ''))) gin_trgm_ops);
CREATE INDEX "MedicalRecord_search_fts" ON "MedicalRecord" USING gin (to_tsvector('english'::regconfig, ("clinic" || ' ' || coalesce("presentingProblem", '') || ' ' || coalesce("findings", '') || ' ' || coalesce("diagnosis", '') || ' ' || coalesce("treatment", '') || ' ' || coalesce("procedure", '') || ' ' || coalesce("outcome", ''))));

-- ───────────── evidence items ─────────────
CREATE INDEX "EvidenceItem_search_trgm" ON "EvidenceItem" USING gin ((("number" || ' ' || "description" || ' ' || coalesce("sealNumber", '') || ' ' || "collectedAtPlace")) gin_trgm_ops);
CREATE INDEX "EvidenceItem_search_fts" ON "EvidenceItem" USING gin (to_tsvector('english'::regconfig, ("number" || ' ' || "description" || ' ' || coalesce("sealNumber", '') || ' ' || "collectedAtPlace")));

-- ───────────── investigations ─────────────
CREATE INDEX "Investigation_search_trgm" ON "Investigation" USING gin ((("number" || ' ' || "title" || ' ' || "summary")) gin_trgm_ops);
CREATE INDEX "Investigation_search_fts" ON "Investigation" USING gin (to_tsvector('english'::regconfig, ("number" || ' ' || "title" || ' ' || "summary")));

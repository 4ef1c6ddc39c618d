-- Search documents stored as columns (issue 10; docs/decisions/019-search-at-scale.md,
-- amendment of 7 December; lib/server/search/sql.ts). Written by hand.
--
-- Each searchable table gets "searchVector": its search document parsed once,
-- when the row is written, by a STORED generated column. PostgreSQL computes
-- it on every insert and update (COPY and bulk loads included, with triggers
-- off or not), so it cannot be stale or forgotten. The GIN index of each
-- document moves from the expression to the column, under the same name.
--
-- Why: a word in tens of thousands of narratives cost a TID bitmap of every
-- match. With the document stored, search walks the newest rows of a big table
-- and tests each one's vector (no parsing), and falls back to the GIN bitmap
-- only when the newest rows hold too few matches; ranking reads the stored
-- vectors instead of parsing each candidate again.
--
-- Each generation expression is the search_indexes migration's index
-- expression, unchanged. Adding a stored column rewrites the table (about a
-- minute for a million incidents); the old expression index is dropped first
-- so that the rewrite does not rebuild it.
--
-- Prisma cannot express a generated column: schema.prisma declares each as
-- `Unsupported("tsvector")? @default(dbgenerated())` (so the client never
-- writes it and the drift check ignores its expression) with its GIN index.

-- ───────────── dogs ─────────────
DROP INDEX "Dog_search_fts";
ALTER TABLE "Dog" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, ("name" || ' ' || "k9Number" || ' ' || "breed" || ' ' || coalesce("microchip", '')))) STORED;
CREATE INDEX "Dog_search_fts" ON "Dog" USING GIN ("searchVector");

-- ───────────── handlers ─────────────
DROP INDEX "Handler_search_fts";
ALTER TABLE "Handler" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, ("firstName" || ' ' || "lastName" || ' ' || "badgeNumber" || ' ' || "rank" || ' ' || "unit"))) STORED;
CREATE INDEX "Handler_search_fts" ON "Handler" USING GIN ("searchVector");

-- ───────────── incidents ─────────────
DROP INDEX "Incident_search_fts";
ALTER TABLE "Incident" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, ("number" || ' ' || "locationText" || ' ' || "narrative"))) STORED;
CREATE INDEX "Incident_search_fts" ON "Incident" USING GIN ("searchVector");

-- ───────────── medical records ─────────────
DROP INDEX "MedicalRecord_search_fts";
ALTER TABLE "MedicalRecord" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, ("clinic" || ' ' || coalesce("presentingProblem", '') || ' ' || coalesce("findings", '') || ' ' || coalesce("diagnosis", '') || ' ' || coalesce("treatment", '') || ' ' || coalesce("procedure", '') || ' ' || coalesce("outcome", '')))) STORED;
CREATE INDEX "MedicalRecord_search_fts" ON "MedicalRecord" USING GIN ("searchVector");

-- ───────────── evidence items ─────────────
DROP INDEX "EvidenceItem_search_fts";
ALTER TABLE "EvidenceItem" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, ("number" || ' ' || "description" || ' ' || coalesce("sealNumber", '') || ' ' || "collectedAtPlace"))) STORED;
CREATE INDEX "EvidenceItem_search_fts" ON "EvidenceItem" USING GIN ("searchVector");

-- ───────────── investigations ─────────────
DROP INDEX "Investigation_search_fts";
ALTER TABLE "Investigation" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, ("number" || ' ' || "title" || ' ' || "summary"))) STORED;
CREATE INDEX "Investigation_search_fts" ON "Investigation" USING GIN ("searchVector");

-- ───────────── how common a query's words are ─────────────
-- The planner's estimate of the share of a table's search documents that
-- match a full-text query: the selectivity PostgreSQL itself computes for
-- `"searchVector" @@ q` from the column's statistics (the most common lexemes
-- and their frequencies, kept by ANALYZE), for any query (words, typo
-- alternatives, phrases, negations). Search walks a big table's newest rows
-- only when this says they should hold enough matches (lib/server/search/sql.ts).
-- About 0.25 ms: planning a one-table statement reads the statistics through
-- the backend's caches. VOLATILE because PostgreSQL allows EXPLAIN only there;
-- it reads nothing but the catalogue and writes nothing. The table is quoted
-- by its regclass and the query passed as a literal (format %s / %L).
CREATE FUNCTION k9_search_share(tbl regclass, q tsquery) RETURNS real
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  plan json;
  total real;
BEGIN
  IF q IS NULL THEN
    RETURN 0;
  END IF;
  SELECT greatest(reltuples, 1) INTO total FROM pg_class WHERE oid = tbl;
  EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM %s WHERE "searchVector" @@ %L::tsquery', tbl, q) INTO plan;
  RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::real / total;
END
$$;

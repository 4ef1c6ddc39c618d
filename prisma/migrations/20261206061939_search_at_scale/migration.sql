-- Search at statewide scale (issue 10; docs/decisions/019-search-at-scale.md;
-- lib/server/search/sql.ts and queries.ts). Partly written by hand.
--
-- 1. The lexicon "SearchWord" (in schema.prisma): every distinct word of the
--    searchable text, lower case, 3–40 characters, no digits. Search expands
--    a word that is not in it ("Rexx") to its most similar words (trigram
--    index: a few thousand short rows, however many records there are), then
--    runs the full-text search (the GIN to_tsvector indexes of search_indexes).
--    Triggers add the words of every inserted or edited record in the same
--    transaction, so the lexicon cannot lag behind the data. Words are never
--    removed (records are archived, not deleted; a word left over from an
--    edit only costs a wasted alternative).
-- 2. Partial numbers: btree text_pattern_ops indexes on lower(number/code
--    column) of the big tables serve `lower(col) LIKE 'prefix%'` as a range
--    scan that stops at its LIMIT, however many numbers share the prefix.
--    Dogs and handlers (a few thousand rows) match their codes anywhere
--    ("00042" → S-00042) through small trigram indexes.
-- 3. The trigram indexes of search_indexes that search no longer reads are
--    dropped (they cost every write and minutes of index build at 1M rows).
--    "Incident_search_trgm" stays: the incident list's words filter
--    (lib/server/incidents/queries.ts) uses it.
--
-- Expression indexes, functions and triggers are invisible to Prisma's
-- migration diff, so `npm run db:check` sees only the table and its index.

-- CreateTable
CREATE TABLE "SearchWord" (
    "word" TEXT NOT NULL,

    CONSTRAINT "SearchWord_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE INDEX "SearchWord_word_trgm" ON "SearchWord" USING GIN ("word" gin_trgm_ops);

-- ───────────── the lexicon's words and its triggers ─────────────

-- The words of a text the lexicon keeps. The same parser as the full-text
-- indexes, with the 'simple' configuration (lower case, no stemming, no stop
-- words); numbers and codes are left to the prefix search.
CREATE FUNCTION search_words(doc text) RETURNS SETOF text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, doc))) AS w
   WHERE length(w) BETWEEN 3 AND 40 AND w !~ '[0-9]'
$$;

-- Adds the words of the columns named by the trigger's arguments (NEW's
-- values); on UPDATE only when one of them changed. Words are inserted in
-- order, and only those not there yet, so concurrent writers rarely meet on
-- the same new word and never deadlock within one statement.
CREATE FUNCTION search_words_trigger() RETURNS trigger
  LANGUAGE plpgsql
AS $$
DECLARE
  doc text;
BEGIN
  SELECT string_agg(to_jsonb(NEW) ->> c, ' ') INTO doc FROM unnest(TG_ARGV) AS c;
  IF TG_OP = 'UPDATE' AND doc IS NOT DISTINCT FROM (SELECT string_agg(to_jsonb(OLD) ->> c, ' ') FROM unnest(TG_ARGV) AS c) THEN
    RETURN NULL;
  END IF;
  INSERT INTO "SearchWord" ("word")
  SELECT DISTINCT w FROM search_words(doc) AS w
   WHERE NOT EXISTS (SELECT 1 FROM "SearchWord" s WHERE s."word" = w)
   ORDER BY w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

-- The word columns of each kind's search document (lib/server/search/sql.ts
-- DOCS, without the number/code columns). search_words_rebuild() below lists
-- the same columns.
CREATE TRIGGER "Dog_search_words" AFTER INSERT OR UPDATE OF "name", "breed" ON "Dog"
  FOR EACH ROW EXECUTE FUNCTION search_words_trigger('name', 'breed');
CREATE TRIGGER "Handler_search_words" AFTER INSERT OR UPDATE OF "firstName", "lastName", "rank", "unit" ON "Handler"
  FOR EACH ROW EXECUTE FUNCTION search_words_trigger('firstName', 'lastName', 'rank', 'unit');
CREATE TRIGGER "Incident_search_words" AFTER INSERT OR UPDATE OF "locationText", "narrative" ON "Incident"
  FOR EACH ROW EXECUTE FUNCTION search_words_trigger('locationText', 'narrative');
CREATE TRIGGER "MedicalRecord_search_words" AFTER INSERT OR UPDATE OF "clinic", "presentingProblem", "findings", "diagnosis", "treatment", "procedure", "outcome" ON "MedicalRecord"
  FOR EACH ROW EXECUTE FUNCTION search_words_trigger('clinic', 'presentingProblem', 'findings', 'diagnosis', 'treatment', 'procedure', 'outcome');
CREATE TRIGGER "EvidenceItem_search_words" AFTER INSERT OR UPDATE OF "description", "collectedAtPlace" ON "EvidenceItem"
  FOR EACH ROW EXECUTE FUNCTION search_words_trigger('description', 'collectedAtPlace');
CREATE TRIGGER "Investigation_search_words" AFTER INSERT OR UPDATE OF "title", "summary" ON "Investigation"
  FOR EACH ROW EXECUTE FUNCTION search_words_trigger('title', 'summary');

-- Fills the lexicon from every row (this migration; scripts/scale.ts after a
-- bulk load with triggers off). Returns the number of words added.
-- PERFORMANCE: the texts are cut at ". " first, which never splits a word,
-- and the parser only sees the distinct pieces: generated or templated
-- narratives repeat their sentences, so a million incidents parse in seconds.
CREATE FUNCTION search_words_rebuild() RETURNS bigint
  LANGUAGE sql
AS $$
  WITH "text"("t") AS (
    SELECT concat_ws('. ', "name", "breed") FROM "Dog"
    UNION ALL SELECT concat_ws('. ', "firstName", "lastName", "rank", "unit") FROM "Handler"
    UNION ALL SELECT concat_ws('. ', "locationText", "narrative") FROM "Incident"
    UNION ALL SELECT concat_ws('. ', "clinic", "presentingProblem", "findings", "diagnosis", "treatment", "procedure", "outcome") FROM "MedicalRecord"
    UNION ALL SELECT concat_ws('. ', "description", "collectedAtPlace") FROM "EvidenceItem"
    UNION ALL SELECT concat_ws('. ', "title", "summary") FROM "Investigation"
  ), "piece"("p") AS (
    SELECT DISTINCT "p" FROM "text", string_to_table("t", '. ') AS "p"
  ), "added" AS (
    INSERT INTO "SearchWord" ("word")
    SELECT DISTINCT "w" FROM "piece", search_words("p") AS "w"
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT count(*) FROM "added"
$$;

SELECT search_words_rebuild();

-- ───────────── partial numbers ─────────────
-- lower(column) LIKE 'prefix%' ORDER BY lower(column) USING ~<~
-- (lib/server/search/sql.ts DOCS codes): the expressions must stay identical
-- to the query's.
CREATE INDEX "Incident_number_prefix" ON "Incident" (lower("number") text_pattern_ops);
CREATE INDEX "EvidenceItem_number_prefix" ON "EvidenceItem" (lower("number") text_pattern_ops);
CREATE INDEX "EvidenceItem_sealNumber_prefix" ON "EvidenceItem" (lower("sealNumber") text_pattern_ops);
CREATE INDEX "Investigation_number_prefix" ON "Investigation" (lower("number") text_pattern_ops);
-- lower(column) LIKE '%part%' on the small tables.
CREATE INDEX "Dog_codes_trgm" ON "Dog" USING gin (lower("k9Number") gin_trgm_ops, lower(coalesce("microchip", '')) gin_trgm_ops);
CREATE INDEX "Handler_badgeNumber_trgm" ON "Handler" USING gin (lower("badgeNumber") gin_trgm_ops);

-- ───────────── trigram indexes search no longer reads ─────────────
DROP INDEX "Dog_search_trgm";
DROP INDEX "Handler_search_trgm";
DROP INDEX "MedicalRecord_search_trgm";
DROP INDEX "EvidenceItem_search_trgm";
DROP INDEX "Investigation_search_trgm";

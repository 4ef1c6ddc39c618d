import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { infixPattern, prefixPattern, searchPlan, type SearchPlan } from './plan'

/**
 * The SQL of search (decision 019), apart from the queries module so that
 * tools can run or EXPLAIN the very statement the page sends. No database
 * access here.
 */

export type SearchKind = 'dogs' | 'handlers' | 'incidents' | 'medical' | 'evidence' | 'investigations'

/** Candidates per kind handed to the scope filter, best first. */
export const CANDIDATES = 50
/**
 * Full-text matches per kind that are ranked. PERFORMANCE: ranking re-parses
 * each document, so it is bounded: the first POOL matches the index hands over
 * (a word in 17,000 of a million narratives costs what a rare one does).
 */
const POOL = 50
/** Similar lexicon words tried for a word that is not in the lexicon (a probable typo). */
const TYPO_ALTERNATIVES = 3
/** Trigram similarity from which a lexicon word counts as what a typo meant ("Rexx" ~ rex 0.5, "Okafr" ~ okafor 0.44, "Gost" ~ ghost 0.38). */
const TYPO_SIMILARITY = 0.3

/** A code column: lower(column), with the letter prefixes of the numbers generated for it. */
type CodeColumn = {
  expr: Prisma.Sql
  /** Tried in front of a query that lacks them ("2024-0012" → ev-2024-0012…, "101" → k9-101). */
  prefixes: readonly string[]
}

type Codes = {
  /**
   * Big tables: each expression identical to its btree text_pattern_ops index
   * (search_at_scale migration), matched from the start by a range scan.
   */
  indexed: readonly CodeColumn[]
  /**
   * Small tables (a few thousand rows): expressions identical to their
   * trigram index (search_at_scale migration), matched anywhere ("00042" → S-00042).
   */
  anywhere: readonly CodeColumn[]
}

/**
 * The search documents and code columns. SECURITY/PERFORMANCE: constant
 * SQL, never user input; each doc must stay identical to its index expression
 * in prisma/migrations/20261125081627_search_indexes/migration.sql, each code
 * expression to its index in the search_at_scale migration, and the words the
 * lexicon triggers read (search_at_scale) are these documents' word columns.
 */
/** The document each kind is searched by, exactly as its full-text index is built (so that index serves any query written with it). */
export const DOCS = {
  dogs: {
    table: Prisma.sql`"Dog"`,
    alive: Prisma.sql`"archivedAt" IS NULL`,
    doc: Prisma.sql`("name" || ' ' || "k9Number" || ' ' || "breed" || ' ' || coalesce("microchip", ''))`,
    codes: { indexed: [], anywhere: [{ expr: Prisma.sql`lower("k9Number")`, prefixes: ['k9-'] }, { expr: Prisma.sql`lower(coalesce("microchip", ''))`, prefixes: [] }] },
  },
  handlers: {
    table: Prisma.sql`"Handler"`,
    alive: Prisma.sql`TRUE`,
    doc: Prisma.sql`("firstName" || ' ' || "lastName" || ' ' || "badgeNumber" || ' ' || "rank" || ' ' || "unit")`,
    codes: { indexed: [], anywhere: [{ expr: Prisma.sql`lower("badgeNumber")`, prefixes: [] }] },
  },
  incidents: {
    table: Prisma.sql`"Incident"`,
    alive: Prisma.sql`"archivedAt" IS NULL`,
    doc: Prisma.sql`("number" || ' ' || "locationText" || ' ' || "narrative")`,
    codes: { indexed: [{ expr: Prisma.sql`lower("number")`, prefixes: [] }], anywhere: [] },
  },
  medical: {
    table: Prisma.sql`"MedicalRecord"`,
    alive: Prisma.sql`"archivedAt" IS NULL`,
    doc: Prisma.sql`("clinic" || ' ' || coalesce("presentingProblem", '') || ' ' || coalesce("findings", '') || ' ' || coalesce("diagnosis", '') || ' ' || coalesce("treatment", '') || ' ' || coalesce("procedure", '') || ' ' || coalesce("outcome", ''))`,
    codes: { indexed: [], anywhere: [] },
  },
  evidence: {
    table: Prisma.sql`"EvidenceItem"`,
    alive: Prisma.sql`"archivedAt" IS NULL`,
    doc: Prisma.sql`("number" || ' ' || "description" || ' ' || coalesce("sealNumber", '') || ' ' || "collectedAtPlace")`,
    codes: {
      indexed: [
        { expr: Prisma.sql`lower("number")`, prefixes: ['ev-'] },
        { expr: Prisma.sql`lower("sealNumber")`, prefixes: ['seal-'] },
      ],
      anywhere: [],
    },
  },
  investigations: {
    table: Prisma.sql`"Investigation"`,
    alive: Prisma.sql`"archivedAt" IS NULL`,
    doc: Prisma.sql`("number" || ' ' || "title" || ' ' || "summary")`,
    codes: { indexed: [{ expr: Prisma.sql`lower("number")`, prefixes: ['inv-'] }], anywhere: [] },
  },
} satisfies Record<SearchKind, { table: Prisma.Sql; alive: Prisma.Sql; doc: Prisma.Sql; codes: Codes }>

/**
 * The full-text query as one row "tsq"("q" tsquery, "typos" text[]): each word
 * that is not in the lexicon OR-ed with its most similar lexicon words ("Rexx"
 * → 'rexx' | 'rex'), the words AND-ed; words that are only stop words drop out
 * (as in websearch_to_tsquery). With web-search syntax the query goes to
 * websearch_to_tsquery as typed. "typos" are the lexicon words used, so the
 * page highlights what was actually found. "q" is NULL when no word is left.
 */
function fullTextQuery(q: string, plan: SearchPlan): Prisma.Sql {
  return Prisma.sql`
    "term" AS (
      SELECT "t", "fuzzy", "ord" FROM unnest(${plan.words}::text[], ${plan.fuzzy}::boolean[]) WITH ORDINALITY AS "u"("t", "fuzzy", "ord")
    ), "typo" AS (
      SELECT "term"."ord", "s"."word" AS "w"
        FROM "term" CROSS JOIN LATERAL (
          SELECT "word" FROM "SearchWord"
           WHERE "word" % "term"."t" AND similarity("word", "term"."t") >= ${TYPO_SIMILARITY}
           ORDER BY similarity("word", "term"."t") DESC, "word"
           LIMIT ${TYPO_ALTERNATIVES}) AS "s"
       WHERE "term"."fuzzy" AND NOT EXISTS (SELECT 1 FROM "SearchWord" AS "e" WHERE "e"."word" = "term"."t")
    ), "alt" AS (
      SELECT "ord", plainto_tsquery('english'::regconfig, "w") AS "tq"
        FROM (SELECT "ord", "t" AS "w" FROM "term" UNION ALL SELECT "ord", "w" FROM "typo") AS "a"
    ), "per_term" AS (
      SELECT "ord", '(' || string_agg(DISTINCT '(' || "tq"::text || ')', ' | ') || ')' AS "alts"
        FROM "alt" WHERE numnode("tq") > 0 GROUP BY "ord"
    ), "tsq" AS (
      SELECT CASE WHEN ${plan.syntax} THEN nullif(websearch_to_tsquery('english'::regconfig, ${q}), ''::tsquery)
                  ELSE (SELECT string_agg("alts", ' & ' ORDER BY "ord") FROM "per_term")::tsquery END AS "q",
             CASE WHEN ${plan.syntax} THEN '{}'::text[] ELSE (SELECT coalesce(array_agg(DISTINCT "w"), '{}') FROM "typo") END AS "typos"
    )`
}

/**
 * The hits of one kind as rows (kind, id, tier, rank, code): full-text matches
 * (tier 1, ranked among themselves) or, for a number or code query, matches
 * of its code columns (tiers 2–4, see below).
 */
function kindHits(kind: SearchKind, q: string, plan: SearchPlan): Prisma.Sql[] {
  const { table, alive, doc, codes } = DOCS[kind]
  const parts: Prisma.Sql[] = []
  if (plan.words.length > 0 || plan.syntax) {
    // PERFORMANCE: LIMIT before ranking (POOL); the rank counts the words as
    // typed (websearch_to_tsquery) on top of the expanded query.
    parts.push(Prisma.sql`
      SELECT ${kind}::text AS "kind", "m"."id", 1 AS "tier", ts_rank("v", "m"."q") + ts_rank("v", websearch_to_tsquery('english'::regconfig, ${q})) AS "rank", NULL::text AS "code"
        FROM (SELECT "id", ${doc} AS "doc", "tsq"."q" FROM ${table}, "tsq"
               WHERE ${alive} AND to_tsvector('english'::regconfig, ${doc}) @@ "tsq"."q"
               LIMIT ${POOL}) AS "m",
             LATERAL to_tsvector('english'::regconfig, "m"."doc") AS "v"`)
  }
  const code = plan.code
  if (code !== null) {
    // The query as typed and behind each letter prefix it lacks; a code equal
    // to one of them ranks first (tier 4), one starting with one next (3),
    // one only containing the query last (2).
    const startsOf = (column: CodeColumn) => [code, ...column.prefixes.filter((x) => !code.startsWith(x)).map((x) => x + code)]
    for (const column of codes.indexed) {
      for (const start of startsOf(column)) {
        // PERFORMANCE: a range scan of the btree on lower(column), stopped by
        // its LIMIT: the order must be the index's own (text_pattern_ops: ~<~),
        // or every number with the prefix (a year's worth) is sorted first.
        parts.push(Prisma.sql`
          SELECT ${kind}::text AS "kind", "c"."id", CASE WHEN "c"."code" = ${start} THEN 4 ELSE 3 END AS "tier", 0::real AS "rank", "c"."code"
            FROM (SELECT "id", ${column.expr} AS "code" FROM ${table}
                   WHERE ${alive} AND ${column.expr} LIKE ${prefixPattern(start)}
                   ORDER BY ${column.expr} USING ~<~ LIMIT ${CANDIDATES}) AS "c"`)
      }
    }
    // Trigrams need 3 characters: a shorter code would read the whole index.
    if (codes.anywhere.length > 0 && code.length >= 3) {
      const pattern = infixPattern(code)
      const starts = [...new Set(codes.anywhere.flatMap(startsOf))]
      const which = Prisma.join(codes.anywhere.map((column) => Prisma.sql`WHEN ${column.expr} LIKE ${pattern} THEN ${column.expr}`), ' ')
      const any = Prisma.join(codes.anywhere.map((column) => Prisma.sql`${column.expr} LIKE ${pattern}`), ' OR ')
      // PERFORMANCE: the trigram indexes on these expressions (search_at_scale).
      parts.push(Prisma.sql`
        SELECT ${kind}::text AS "kind", "c"."id", "c"."tier", 0::real AS "rank", "c"."code"
          FROM (SELECT "id", "code", CASE WHEN "code" = ANY(${starts}::text[]) THEN 4 WHEN "code" LIKE ANY(${starts.map(prefixPattern)}::text[]) THEN 3 ELSE 2 END AS "tier"
                  FROM (SELECT "id", CASE ${which} END AS "code" FROM ${table} WHERE ${alive} AND (${any})) AS "x"
                 ORDER BY "tier" DESC, "code" LIMIT ${CANDIDATES}) AS "c"`)
    }
  }
  return parts
}

/**
 * What the page shows of each kind's hits, as one JSON object per row (the
 * fields lib/server/search/queries.ts turns into a hit; timestamps as ISO
 * text). Read in the candidates' statement, only for the rows it returns.
 * SECURITY: constant SQL; "b"."id" is the candidate's id.
 */
const ROW: Record<SearchKind, Prisma.Sql> = {
  dogs: Prisma.sql`(SELECT json_build_object('name', "d"."name", 'k9Number', "d"."k9Number", 'breed', "d"."breed", 'status', "d"."status", 'microchip', "d"."microchip") FROM "Dog" AS "d" WHERE "d"."id" = "b"."id")`,
  handlers: Prisma.sql`(SELECT json_build_object('firstName', "h"."firstName", 'lastName', "h"."lastName", 'rank', "h"."rank", 'badgeNumber', "h"."badgeNumber", 'unit', "h"."unit", 'active', "h"."active") FROM "Handler" AS "h" WHERE "h"."id" = "b"."id")`,
  incidents: Prisma.sql`(SELECT json_build_object('number', "i"."number", 'type', "i"."type", 'occurredAt', "i"."occurredAt", 'locationText', "i"."locationText", 'narrative', "i"."narrative") FROM "Incident" AS "i" WHERE "i"."id" = "b"."id")`,
  medical: Prisma.sql`(SELECT json_build_object('kind', "m"."kind", 'occurredAt', "m"."occurredAt", 'clinic', "m"."clinic", 'presentingProblem', "m"."presentingProblem", 'findings', "m"."findings", 'diagnosis', "m"."diagnosis", 'treatment', "m"."treatment", 'procedure', "m"."procedure", 'outcome', "m"."outcome", 'dogName', "d"."name", 'dogK9Number', "d"."k9Number") FROM "MedicalRecord" AS "m" JOIN "Dog" AS "d" ON "d"."id" = "m"."dogId" WHERE "m"."id" = "b"."id")`,
  evidence: Prisma.sql`(SELECT json_build_object('number', "e"."number", 'description', "e"."description", 'category', "e"."category", 'status', "e"."status", 'sealNumber', "e"."sealNumber", 'collectedAtPlace', "e"."collectedAtPlace") FROM "EvidenceItem" AS "e" WHERE "e"."id" = "b"."id")`,
  investigations: Prisma.sql`(SELECT json_build_object('number', "v"."number", 'title', "v"."title", 'status', "v"."status", 'summary', "v"."summary") FROM "Investigation" AS "v" WHERE "v"."id" = "b"."id")`,
}

/**
 * One statement for the given kinds: rows (kind, id, typos, row), best first
 * within a kind, `row` being what the page shows of it (ROW). Of a kind in
 * `whole` (every candidate is one the reader may open) only the first
 * `shown` rows come back; of the others up to CANDIDATES, for the caller to
 * keep those in the reader's scope. Run it after SEARCH_PLAN_SETTINGS in the
 * same transaction (findCandidates in queries.ts).
 */
export function candidatesStatement(q: string, kinds: readonly SearchKind[], { whole = [], shown = CANDIDATES }: { whole?: readonly SearchKind[]; shown?: number } = {}): Prisma.Sql {
  const plan = searchPlan(q)
  const hits = kinds.flatMap((kind) => kindHits(kind, q, plan))
  if (hits.length === 0) return Prisma.sql`SELECT NULL::text AS "kind", NULL::text AS "id", '{}'::text[] AS "typos", NULL::json AS "row" WHERE false`
  // PERFORMANCE: each row is read for the returned candidates only, by its primary key (the CASE evaluates one branch).
  const row = Prisma.join(kinds.map((kind) => Prisma.sql`WHEN ${kind}::text THEN ${ROW[kind]}`), ' ')
  return Prisma.sql`
    WITH ${fullTextQuery(q, plan)},
    "hit" AS (${Prisma.join(hits, ' UNION ALL ')}),
    "best" AS (
      SELECT "kind", "id", row_number() OVER (PARTITION BY "kind" ORDER BY max("tier") DESC, max("rank") DESC, min("code"), "id" DESC) AS "n"
        FROM "hit" GROUP BY "kind", "id"
    )
    SELECT "b"."kind", "b"."id"::text AS "id", (SELECT "typos" FROM "tsq") AS "typos", CASE "b"."kind" ${row} END AS "row"
      FROM "best" AS "b"
     WHERE "b"."n" <= CASE WHEN "b"."kind" = ANY(${[...whole]}::text[]) THEN ${Math.min(shown, CANDIDATES)}::int ELSE ${CANDIDATES}::int END
     ORDER BY "b"."kind", "b"."n"`
}

/**
 * Transaction-local settings for the statement after it: no sequential scans
 * (see findCandidates in queries.ts), and a plan made for this query's own
 * values. The app's statements are named prepared statements (decision 020);
 * a generic plan, made once for any values, cannot turn `LIKE $n` into an
 * index range, and could walk a number index from its start.
 */
export const SEARCH_PLAN_SETTINGS = Prisma.sql`SELECT set_config('enable_seqscan', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true)`

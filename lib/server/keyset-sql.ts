import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { db } from './db'
import type { KeysetBound } from './keyset'
import { SEARCHABLE, type ListMatch } from './search/sql'

/**
 * One statement with a plan made for its own values, in its own short
 * transaction: a generic plan, made once for any values (decision 030: the
 * app's statements are named prepared statements), cannot turn `LIKE $n` into
 * an index range, and would walk the list's time index testing every row.
 */
export async function customPlanned<T>(query: Prisma.Sql): Promise<T> {
  const [, rows] = await db.$transaction([db.$queryRaw`SELECT set_config('plan_cache_mode', 'force_custom_plan', true)`, db.$queryRaw<T>(query)])
  return rows
}

/**
 * PERFORMANCE: how many of a list's newest rows a words filter tests before
 * it asks the GIN index (searchedList, and the incident list). A word in a
 * share f of the table costs a walk of about page/f rows (≈ 2.8 µs a row on
 * this host), or a bitmap of every match (≈ 18 µs a match, one heap page
 * each): at a million rows the two meet near f = 0.2 %. Words are walked
 * only when the statistics give them at least page/5,000 (0.52 % for the
 * incident list's 26), so a rare word never pays the walk, and a word common
 * only in old rows pays at most 5,000 before its index (docs/performance.md).
 */
export const LIST_WALK = 5_000

/**
 * Whether the planner's statistics know these words: its estimate of their
 * share is above the guess it makes for a word it has never seen (half the
 * rarest listed word's share, at most 0.5 %: 2,500 of the 500,000 evidence
 * items for "zeppelin", which none holds). Only then does its estimate say
 * how many rows hold them. `regclass`: the table, as k9_search_share reads it.
 */
export async function wordsKnown(regclass: string, words: Prisma.Sql): Promise<boolean> {
  const [row] = await db.$queryRaw<Array<{ known: boolean }>>`
    SELECT k9_search_share(${regclass}::regclass, ${words}) > k9_search_share(${regclass}::regclass, 'k9unseenlexeme'::tsquery) AS "known"`
  return row?.known ?? false
}

/**
 * The first `take` rows of a list's slice that a text matches (listMatch), in
 * the list's order (`time`, then "id", `dir`): rows ("id" uuid, "t"), in no
 * particular order (the caller orders them). `table` is constant SQL, read as
 * a table of that name; `regclass` the same table as k9_search_share reads
 * it; `others` the list's other conditions and its keyset slice.
 *
 * PERFORMANCE: a common word's matches are most of a GIN bitmap's cost (one
 * heap page a match: "culvert", in 100,000 narratives, 215 ms to sort), a
 * rare word's next to nothing. So when the statistics say the slice's newest
 * LIST_WALK rows should hold the page (k9_search_share, as search decides),
 * those are tested first, and the page is theirs if they hold it: they are
 * the slice's first rows, in its order; PostgreSQL stops reading them once
 * the page is full. A number is walked the same, over `numberWalk` rows
 * whatever its prefix (none: not walked). Otherwise every match is read
 * through its index and sorted, fenced by `OFFSET 0` so that the planner
 * cannot walk the time index until the text turns up (a word found nowhere,
 * or a year whose rows are old, read most of the table: decision 020, "Text
 * filters on big tables"). The words' query is made once ("tsq"): in a
 * filter, `websearch_to_tsquery($n)` is made again for every row a generic
 * plan walks.
 */
export function walkedThenIndexed(o: { table: Prisma.Sql; regclass: string; time: Prisma.Sql; others: Prisma.Sql[]; text: ListMatch; dir: 'ASC' | 'DESC'; take: number; numberWalk?: number }): Prisma.Sql {
  const dir = o.dir === 'ASC' ? Prisma.sql`ASC` : Prisma.sql`DESC`
  const order = Prisma.sql`ORDER BY ${o.time} ${dir}, "id" ${dir}`
  const matches = o.text.words ? Prisma.sql`"searchVector" @@ (SELECT "q" FROM "tsq")` : o.text.match
  const fenced = (gate: Prisma.Sql) =>
    Prisma.sql`(SELECT "id", ${o.time} AS "t" FROM (SELECT "id", ${o.time} FROM ${o.table} WHERE ${Prisma.join([...o.others, matches, gate], ' AND ')} OFFSET 0) AS "m" ${order} LIMIT ${o.take})`
  const walk = o.text.words ? LIST_WALK : o.numberWalk
  if (!walk) return Prisma.sql`SELECT "id", "t" FROM ${fenced(Prisma.sql`TRUE`)} AS "f"`
  const walkable = o.text.words ? Prisma.sql`(SELECT k9_search_share(${o.regclass}::regclass, "q") FROM "tsq") >= ${o.take / LIST_WALK}::real` : Prisma.sql`TRUE`
  return Prisma.sql`
    WITH "tsq" AS MATERIALIZED (SELECT ${o.text.words ?? Prisma.sql`NULL::tsquery`} AS "q"),
    "walked" AS MATERIALIZED (
      SELECT "id", ${o.time} AS "t"
        FROM (SELECT * FROM ${o.table} WHERE ${Prisma.join([...o.others, walkable], ' AND ')} ${order} LIMIT ${walk}) AS ${o.table}
       WHERE ${matches} ${order} LIMIT ${o.take})
    SELECT "id", "t" FROM "walked" WHERE (SELECT count(*) FROM "walked") >= ${o.take}
    UNION ALL
    ${fenced(Prisma.sql`(SELECT count(*) FROM "walked") < ${o.take}`)}`
}

/**
 * A keyset list searched all in SQL (the evidence and medical lists' words
 * filters): the match (listMatch), the filters and the keyset slice in one
 * statement, so Older / Newer reach every match, not only the newest
 * thousand. `kind` names the table and the time it reads newest first (with
 * the id: SEARCHABLE); `conds` the list's other conditions; `within`, a
 * reader's own rows, read before the others are tested. Each read is
 * customPlanned.
 *
 * PERFORMANCE: words are read by walkedThenIndexed (the newest rows first
 * when they should hold the page, else the index, fenced); a number, or a
 * reader's own rows, through its index, fenced. Without the fence the
 * planner walks the time index and tests every row when it guesses a word
 * common: 4.4 s at 500,000 evidence items for a word that matches nothing,
 * which it took for 2,500 matches. A common word now costs a short walk
 * (about 5 ms for 33,000 matches), a number or a rare word what its matches
 * cost (docs/performance.md).
 */
export function searchedList(kind: 'evidence' | 'medical', conds: Prisma.Sql[], text: ListMatch, { within }: { within?: Prisma.Sql | null } = {}) {
  const { table, newest: time, walk } = SEARCHABLE[kind]
  if (!time || !walk) throw new Error(`searchedList: ${kind} has no time or walk`)
  // PERFORMANCE: a reader's own few rows (`within`: an officer's dogs' records) are read first, by their own
  // index, and only they are tested: otherwise the planner builds the words' bitmap over the whole table (an
  // officer's "smoke inhalation" among 300,000 medical records: 39 ms, against 291 records of his own).
  const source = within ? Prisma.sql`(SELECT * FROM ${table} WHERE ${within} OFFSET 0) AS ${table}` : table
  const slice = (bound: KeysetBound) =>
    !bound
      ? []
      : 'olderThan' in bound
        ? [Prisma.sql`(${time}, "id") < (${bound.olderThan.at}::timestamptz, ${bound.olderThan.id}::uuid)`]
        : 'newerThan' in bound
          ? [Prisma.sql`(${time}, "id") > (${bound.newerThan.at}::timestamptz, ${bound.newerThan.id}::uuid)`]
          : [Prisma.sql`${time} < ${bound.before}::timestamptz`]
  const where = (bound: KeysetBound) => Prisma.join([...conds, text.match, ...slice(bound)], ' AND ')
  const find = async (bound: KeysetBound, upwards: boolean, take: number): Promise<Array<{ id: string }>> => {
    const dir = upwards ? Prisma.sql`ASC` : Prisma.sql`DESC`
    const order = Prisma.sql`ORDER BY ${time} ${dir}, "id" ${dir}`
    // A reader's own rows are few: read and tested as they are.
    if (within) return customPlanned<Array<{ id: string }>>(Prisma.sql`SELECT "id"::text AS "id" FROM (SELECT "id", ${time} FROM ${source} WHERE ${where(bound)} OFFSET 0) m ${order} LIMIT ${take}`)
    const rows = walkedThenIndexed({ table, regclass: walk.regclass, time, others: [...conds, ...slice(bound)], text, dir: upwards ? 'ASC' : 'DESC', take })
    return customPlanned<Array<{ id: string }>>(Prisma.sql`SELECT "x"."id"::text AS "id" FROM (${rows}) AS "x" ORDER BY "x"."t" ${dir}, "x"."id" ${dir}`)
  }
  return {
    /** The ids of a page's rows, in the list's order (newest first, or oldest first when `upwards`): chosenFirst's `choose`. */
    find,
    /** Whether a row is newer than the bound (keysetPage asks above a jump's page). */
    async exists(bound: KeysetBound): Promise<boolean> {
      return (await find(bound, true, 1)).length > 0
    },
    /**
     * Matches counted up to `cap` + 1 (one more says "more"): the list counts no further, but pages on.
     * PERFORMANCE: a count reads every match it counts from the table; when the planner's estimate is more
     * than twice the cap, and comes from the statistics (wordsKnown), the list says "more" without counting.
     */
    async count(cap: number): Promise<number> {
      if (!within) {
        const [plan] = await customPlanned<Array<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>>(Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} WHERE ${where(null)}`)
        const estimate = plan?.['QUERY PLAN']?.[0]?.Plan['Plan Rows'] ?? 0
        if (estimate > cap * 2 && (!text.words || (await wordsKnown(walk.regclass, text.words)))) return cap + 1
      }
      const [row] = await customPlanned<Array<{ n: number }>>(Prisma.sql`SELECT count(*)::int AS "n" FROM (SELECT 1 FROM (SELECT 1 FROM ${source} WHERE ${where(null)} OFFSET 0) m LIMIT ${cap + 1}) x`)
      return row?.n ?? 0
    },
  }
}

import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { db } from './db'
import type { KeysetBound } from './keyset'

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
 * A keyset list searched all in SQL (the evidence and medical lists' words
 * filters): the match, the filters and the keyset slice in one statement, so
 * Older / Newer reach every match, not only the newest thousand. `table` and
 * `time` are constant SQL (the list's table and the time it reads newest
 * first, with the id); `conds` the list's conditions; `within`, a reader's
 * own rows, read before the others are tested. Each read is customPlanned.
 *
 * PERFORMANCE: each read finds its matches through the match's index and
 * sorts them (`OFFSET 0` keeps ORDER BY … LIMIT out of the inner query).
 * Without that fence the planner walks the time index and tests every row
 * when it guesses a word common: 4.4 s at 500,000 evidence items for a word
 * that matches nothing, which it took for 2,500 matches. Fenced, a read costs
 * what its matches cost: 38–56 ms for a word on one item in fifteen (33,000),
 * under 6 ms for a number or a rare word (docs/performance.md).
 */
export function searchedList(table: Prisma.Sql, time: Prisma.Sql, conds: Prisma.Sql[], { within }: { within?: Prisma.Sql | null } = {}) {
  // PERFORMANCE: a reader's own few rows (`within`: an officer's dogs' records) are read first, by their own
  // index, and only they are tested: otherwise the planner builds the words' bitmap over the whole table (an
  // officer's "smoke inhalation" among 300,000 medical records: 39 ms, against 291 records of his own).
  const source = within ? Prisma.sql`(SELECT * FROM ${table} WHERE ${within} OFFSET 0) AS "w"` : table
  const where = (bound: KeysetBound) => {
    const slice = !bound
      ? []
      : 'olderThan' in bound
        ? [Prisma.sql`(${time}, "id") < (${bound.olderThan.at}::timestamptz, ${bound.olderThan.id}::uuid)`]
        : 'newerThan' in bound
          ? [Prisma.sql`(${time}, "id") > (${bound.newerThan.at}::timestamptz, ${bound.newerThan.id}::uuid)`]
          : [Prisma.sql`${time} < ${bound.before}::timestamptz`]
    return Prisma.join([...conds, ...slice], ' AND ')
  }
  return {
    /** The ids of a page's rows, in the list's order (newest first, or oldest first when `upwards`): chosenFirst's `choose`. */
    async find(bound: KeysetBound, upwards: boolean, take: number): Promise<Array<{ id: string }>> {
      const order = upwards ? Prisma.sql`ORDER BY ${time} ASC, "id" ASC` : Prisma.sql`ORDER BY ${time} DESC, "id" DESC`
      return customPlanned<Array<{ id: string }>>(Prisma.sql`SELECT "id"::text AS "id" FROM (SELECT "id", ${time} FROM ${source} WHERE ${where(bound)} OFFSET 0) m ${order} LIMIT ${take}`)
    },
    async exists(bound: KeysetBound): Promise<boolean> {
      return (await customPlanned<unknown[]>(Prisma.sql`SELECT 1 FROM (SELECT 1 FROM ${source} WHERE ${where(bound)} OFFSET 0) m LIMIT 1`)).length > 0
    },
    /** Matches counted up to `cap` + 1 (one more says "more"): the list counts no further, but pages on. */
    async count(cap: number): Promise<number> {
      const [row] = await customPlanned<Array<{ n: number }>>(Prisma.sql`SELECT count(*)::int AS "n" FROM (SELECT 1 FROM (SELECT 1 FROM ${source} WHERE ${where(null)} OFFSET 0) m LIMIT ${cap + 1}) x`)
      return row?.n ?? 0
    },
  }
}

import 'server-only'

/**
 * How far a numbered list counts and pages: 10,000 rows. Beyond that, an exact
 * count(*) and a deep OFFSET both read every row before the page (at 300,000
 * medical records, 70 ms to count and 100 ms to reach page 4,000); the list
 * says "more than 10,000" and asks the reader to narrow it. The lists that
 * grow by the hundred thousand (incidents, medical records, evidence items)
 * page by keyset instead (lib/server/keyset.ts, decision 020) and only count
 * up to the cap.
 */
export const MAX_LISTED = 10_000

/** Matches a list's search box counts: counting every item a word common to a tenth of the table matches costs more than the number tells. The evidence list still pages through them all (keyset). */
export const MAX_MATCHED = 1_000

/** The count to ask for: one past the cap, so that "more" is known (`db.x.count({ where, take: countCap })`). */
export const countCap = MAX_LISTED + 1

/** The page actually served (no deeper than the cap allows) and the rows to skip for it. */
export function pageWindow(page: number, pageSize: number, cap = MAX_LISTED): { page: number; skip: number } {
  const served = Math.max(1, Math.min(page, Math.ceil(cap / pageSize)))
  return { page: served, skip: (served - 1) * pageSize }
}

/** Total shown, whether there are more than the cap, and the pages the list offers. */
export function pagesOf(counted: number, pageSize: number, cap = MAX_LISTED): { total: number; more: boolean; pageCount: number } {
  const total = Math.min(counted, cap)
  return { total, more: counted > cap, pageCount: Math.ceil(total / pageSize) }
}

import 'server-only'
import { encodeCursor, type ListCursor } from '@/lib/schemas/cursor'

/** Where a keyset list starts: after or before a row, at a day, at the oldest end, or (none) at the newest. */
export type KeysetInput = { after?: ListCursor; before?: ListCursor; jump?: string; end?: '1' }

export type KeysetPage<R> = {
  rows: R[]
  /** Cursors of the newer and older neighbouring pages (null: none). */
  newer: string | null
  older: string | null
  atNewest: boolean
  atOldest: boolean
}

type Order = Array<Record<string, 'asc' | 'desc'>>

/**
 * The same slice as `extra`, for a list that builds its own SQL: older or newer
 * than a row, before the end of a day (a jump), or none (the newest or the
 * oldest end).
 */
export type KeysetBound = { olderThan: ListCursor } | { newerThan: ListCursor } | { before: Date } | null

/**
 * One page of a list ordered newest first by (`field`, id), by keyset: no
 * OFFSET, so a page deep in half a million rows costs what the first costs
 * (with an index on (field DESC, id DESC) or one leading to it). `find` runs
 * the list's own query with the extra condition and order given (a list that
 * writes its own SQL reads the same slice from `bound`, ascending when
 * `upwards`); `exists` says whether any row meets a condition (the same as
 * `bound`); `counted` is the list's count,
 * running beside the page (awaited only when a jump before every row must
 * still offer the way back to the newest).
 */
export async function keysetPage<R extends { id: string }>(
  input: KeysetInput,
  pageSize: number,
  field: string,
  timeOf: (row: R) => Date,
  find: (extra: object, orderBy: Order, take: number, bound: KeysetBound, upwards: boolean) => Promise<R[]>,
  exists: (extra: object, bound: KeysetBound) => Promise<boolean>,
  counted: Promise<number>,
): Promise<KeysetPage<R>> {
  const olderThan = (c: ListCursor) => ({ OR: [{ [field]: { lt: c.at } }, { [field]: c.at, id: { lt: c.id } }] })
  const newerThan = (c: ListCursor) => ({ OR: [{ [field]: { gt: c.at } }, { [field]: c.at, id: { gt: c.id } }] })
  const DESC: Order = [{ [field]: 'desc' }, { id: 'desc' }]
  const ASC: Order = [{ [field]: 'asc' }, { id: 'asc' }]
  // Newer than a row and the oldest end are read upwards, then turned.
  const upwards = Boolean(input.before || input.end)
  const bound: KeysetBound = input.after
    ? { olderThan: input.after }
    : input.before
      ? { newerThan: input.before }
      : input.jump
        ? { before: new Date(Date.parse(`${input.jump}T00:00:00Z`) + 86_400_000) }
        : null
  const extra = !bound ? {} : 'olderThan' in bound ? olderThan(bound.olderThan) : 'newerThan' in bound ? newerThan(bound.newerThan) : { [field]: { lt: bound.before } }
  const found = await find(extra, upwards ? ASC : DESC, pageSize + 1, bound, upwards)
  const beyond = found.length > pageSize
  const page = found.slice(0, pageSize)
  const rows = upwards ? page.reverse() : page
  const first = rows[0]
  const last = rows.at(-1)
  // A jump's page may have newer rows above it; a jump before every row has them all above.
  const aboveFirst = first ? { at: timeOf(first), id: first.id } : null
  const newerAboveJump = input.jump ? (aboveFirst ? await exists(newerThan(aboveFirst), { newerThan: aboveFirst }) : (await counted) > 0) : false
  const hasNewer = input.after ? true : upwards ? beyond : newerAboveJump
  const hasOlder = input.end ? false : input.before ? true : beyond
  return {
    rows,
    newer: hasNewer && first ? encodeCursor(timeOf(first), first.id) : null,
    older: hasOlder && last ? encodeCursor(timeOf(last), last.id) : null,
    atNewest: !hasNewer,
    atOldest: !hasOlder,
  }
}

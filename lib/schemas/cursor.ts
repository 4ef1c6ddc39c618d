import { z } from 'zod'

/**
 * A position in a list ordered by (time, id): a row's `<epoch ms>.<uuid>`.
 * Keyset pagination: a page is "the rows after (or before) this one" in the
 * list's order, as quick deep in a million rows as on the first page. From
 * the URL: a malformed cursor is no cursor.
 */
export const listCursor = z
  .string()
  .regex(/^\d{1,15}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
  .transform((v) => {
    const dot = v.indexOf('.')
    return { at: new Date(Number(v.slice(0, dot))), id: v.slice(dot + 1).toLowerCase() }
  })
  .optional()
  .catch(undefined)

export type ListCursor = { at: Date; id: string }

/** The URL form of a row's position. */
export const encodeCursor = (at: Date, id: string): string => `${at.getTime()}.${id}`

/** A day from a date input (`YYYY-MM-DD`), or nothing. */
export const listDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)

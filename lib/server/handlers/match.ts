import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '../db'

/** The code the app writes in parentheses after a name: "Rex (K9-2008)" → "K9-2008"; "Carter, Luke (B-1042)" → "B-1042". */
export const inParentheses = (text: string) => /\(([^()]+)\)\s*$/.exec(text)?.[1]?.trim()

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Whether a typed or linked value is a record's id (links carry ids; people type names and numbers). */
export const isId = (text: string) => UUID.test(text.trim())

/** At most this many dogs or handlers answer one filter's text ("Rex" names dozens of dogs in a state unit, a last name dozens of handlers). */
export const FILTER_MATCHES = 100

export type MatchedHandler = { id: string; firstName: string; lastName: string; badgeNumber: string; active: boolean }

/**
 * The handlers a person means by what they typed, wherever a handler is typed
 * rather than picked from a list (a state unit has thousands): a badge number
 * in any case, alone or in parentheses as the app writes it ("Carter, Luke
 * (B-1047)"); "Last, First"; "First Last"; or a last name. An id (a link's)
 * names that handler. The handler with the typed badge comes first, then by
 * name; at most `take`.
 *
 * PERFORMANCE: compared as lower(column) = lower(text), which the Handler
 * expression indexes serve (migrations handler_typed_lookup, then
 * typed_prefix_lookup, whose prefix indexes also serve the suggestions).
 * Prisma's case-insensitive `equals` is ILIKE, which no btree index serves:
 * every lookup read all 3,008 handlers of the statewide dataset (6 ms). With
 * `=` there is no pattern either, so `%`, `_` and `\` are only text.
 */
export async function handlersByText(reader: Pick<Tx, '$queryRaw'>, text: string, { take = 20 }: { take?: number } = {}): Promise<MatchedHandler[]> {
  const typed = text.trim().replace(/\s+/g, ' ')
  if (!typed) return []
  const badge = inParentheses(typed) ?? typed
  let matches: Prisma.Sql
  if (isId(typed)) {
    matches = Prisma.sql`h.id = ${typed}::uuid`
  } else {
    const name = typed.replace(/\([^()]*\)$/, '').trim()
    let byName: Prisma.Sql
    if (name.includes(',')) {
      const [last = '', first = ''] = name.split(',').map((part) => part.trim())
      byName = first ? Prisma.sql`lower(h."lastName") = lower(${last}) AND lower(h."firstName") = lower(${first})` : Prisma.sql`lower(h."lastName") = lower(${last})`
    } else {
      const words = name.split(' ')
      byName =
        words.length === 1
          ? Prisma.sql`lower(h."lastName") = lower(${name})`
          : Prisma.sql`lower(h."firstName") = lower(${words.slice(0, -1).join(' ')}) AND lower(h."lastName") = lower(${words.at(-1)!})`
    }
    matches = Prisma.sql`(lower(h."badgeNumber") = lower(${badge}) OR (${byName}))`
  }
  return reader.$queryRaw<MatchedHandler[]>`
    SELECT h.id::text AS id, h."firstName", h."lastName", h."badgeNumber", h.active
      FROM "Handler" h
     WHERE ${matches}
     ORDER BY lower(h."badgeNumber") = lower(${badge}) DESC, h."lastName", h."firstName", h."badgeNumber"
     LIMIT ${take}`
}

/** Of the handlers found for a text, the one whose badge it names, if one is (an exact badge wins over a name). */
export const exactHandler = <H extends { badgeNumber: string }>(handlers: readonly H[], text: string): H | undefined => handlers.find((h) => namesBadge(text, h.badgeNumber))

/** Whether `badgeNumber` is the badge the text names (so that an exact badge wins over a name). */
export function namesBadge(text: string, badgeNumber: string): boolean {
  const typed = text.trim()
  return (inParentheses(typed) ?? typed).toLowerCase() === badgeNumber.toLowerCase()
}

/** How a handler is written wherever one can be typed back: "Carter, Luke (B-1042)" (what the filters show and every handler field accepts). */
export const handlerLabel = (h: { firstName: string; lastName: string; badgeNumber: string }) => `${h.lastName}, ${h.firstName} (${h.badgeNumber})`

export type HandlerMatch = { ok: true; handler: { id: string; firstName: string; lastName: string; badgeNumber: string } } | { ok: false; message: string }

/**
 * The one handler a person means by what they typed: an exact badge wins;
 * otherwise exactly one active handler, or (unless `activeOnly`: a new
 * pairing) the only handler of that name when none of them is active (an
 * officer of an old incident who has since left). The message of a miss says
 * what to type instead. `reader` is the client or a transaction.
 */
export async function matchHandler(reader: Pick<Tx, '$queryRaw'>, text: string, { activeOnly = true }: { activeOnly?: boolean } = {}): Promise<HandlerMatch> {
  const typed = text.trim().replace(/\s+/g, ' ')
  if (!typed) return { ok: false, message: 'Enter a badge number or a name.' }
  const found = await handlersByText(reader, typed)
  const strip = ({ active: _active, ...h }: MatchedHandler) => h
  const inactive = { ok: false as const, message: 'That handler is not active in the unit. Choose another.' }
  const byBadge = exactHandler(found, typed)
  if (byBadge) return byBadge.active || !activeOnly ? { ok: true, handler: strip(byBadge) } : inactive
  const active = found.filter((h) => h.active)
  if (active.length === 1) return { ok: true, handler: strip(active[0]!) }
  if (active.length === 0 && found.length === 1 && !activeOnly) return { ok: true, handler: strip(found[0]!) }
  if (active.length === 0 && found.length > 0 && activeOnly) return inactive
  if (found.length === 0) return { ok: false, message: `No ${activeOnly ? 'active ' : ''}handler has the badge number or name “${typed}”.` }
  const several = active.length > 1 ? active : found
  const listed = several.slice(0, 3).map(handlerLabel).join('; ')
  return { ok: false, message: `Several ${active.length > 1 ? 'active ' : ''}handlers match “${typed}”: ${listed}${several.length > 3 ? '; …' : ''}. Enter the badge number.` }
}

import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '../db'
import { sameText } from '../same-text'

/** The code the app writes in parentheses after a name: "Rex (K9-2008)" → "K9-2008"; "Carter, Luke (B-1042)" → "B-1042". */
export const inParentheses = (text: string) => /\(([^()]+)\)\s*$/.exec(text)?.[1]?.trim()


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Whether a typed or linked value is a record's id (links carry ids; people type names and numbers). */
export const isId = (text: string) => UUID.test(text.trim())

/**
 * The handlers a person means by what they typed, wherever a handler is typed
 * rather than picked from a list (a state unit has thousands): a badge number
 * in any case, alone or in parentheses as the app writes it ("Carter, Luke
 * (B-1047)"); "Last, First"; "First Last"; or a last name. An id (a link's)
 * names that handler.
 */
export function handlerTextWhere(text: string): Prisma.HandlerWhereInput {
  const typed = text.trim().replace(/\s+/g, ' ')
  if (isId(typed)) return { id: typed }
  const name = typed.replace(/\([^()]*\)$/, '').trim()
  let byName: Prisma.HandlerWhereInput
  if (name.includes(',')) {
    const [last = '', first = ''] = name.split(',').map((part) => part.trim())
    byName = first ? { lastName: sameText(last), firstName: sameText(first) } : { lastName: sameText(last) }
  } else {
    const words = name.split(' ')
    byName = words.length === 1 ? { lastName: sameText(name) } : { firstName: sameText(words.slice(0, -1).join(' ')), lastName: sameText(words.at(-1)!) }
  }
  return { OR: [{ badgeNumber: sameText(inParentheses(typed) ?? typed) }, byName] }
}

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
export async function matchHandler(reader: Pick<Tx, 'handler'>, text: string, { activeOnly = true }: { activeOnly?: boolean } = {}): Promise<HandlerMatch> {
  const typed = text.trim().replace(/\s+/g, ' ')
  if (!typed) return { ok: false, message: 'Enter a badge number or a name.' }
  const found = await reader.handler.findMany({
    where: handlerTextWhere(typed),
    orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }, { badgeNumber: 'asc' }],
    take: 20,
    select: { id: true, firstName: true, lastName: true, badgeNumber: true, active: true },
  })
  const strip = ({ active: _active, ...h }: (typeof found)[number]) => h
  const inactive = { ok: false as const, message: 'That handler is not active in the unit. Choose another.' }
  const byBadge = found.find((h) => namesBadge(typed, h.badgeNumber))
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

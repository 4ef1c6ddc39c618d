import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { humanize, ROLE_LABELS } from '@/lib/format'
import type { Actor } from './actor'
import { db } from './db'
import { dogLabel } from './dogs/match'
import { HOLDER_ROLES } from './evidence/scope'
import { handlerLabel } from './handlers/match'
import { TEAM_ROLES } from './investigations/access'
import { can } from './policy'
import { userLabel } from './users/match'

/**
 * Suggestions for the fields where a dog, a handler or a person is typed (a
 * state unit has thousands of each, so no form lists them all). A suggestion's `value`
 * is what the field then holds, in the form the server resolves (`dogLabel`,
 * `handlerLabel`); the server resolves what is submitted whether or not a
 * suggestion was chosen.
 */

export const LOOKUP_KINDS = ['dog', 'living-dog', 'handler', 'active-handler', 'unlinked-handler', 'evidence-holder', 'custodian', 'team-member'] as const
export type LookupKind = (typeof LOOKUP_KINDS)[number]
export type Suggestion = { value: string; detail: string | null; handler: string | null }

/** How many suggestions one keystroke brings. */
export const SUGGESTIONS = 8

/** Words of what was typed, without the punctuation of a label ("Carter, Luke (B-1042)") or LIKE wildcards. */
function wordsOf(q: string): string[] {
  return q
    .replace(/[(),%_\\]/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 4)
}

const starts = (w: string) => ({ startsWith: w, mode: 'insensitive' as const })

/** Who may ask for which kind (the route answers 404 to the others). */
export function mayLookUp(actor: Actor, kind: LookupKind): boolean {
  switch (kind) {
    case 'dog':
    case 'living-dog':
      return can(actor, 'dogs:read')
    case 'unlinked-handler':
      return can(actor, 'users:manage')
    case 'evidence-holder':
      return can(actor, 'evidence:transfer')
    case 'custodian':
      return can(actor, 'evidence:read')
    case 'team-member':
      return can(actor, 'investigations:manage')
    default:
      return can(actor, 'handlers:read')
  }
}

/** Whom each kind of person field may name (the commands check the same with matchUser). */
export const PEOPLE: Record<'evidence-holder' | 'custodian' | 'team-member', Prisma.UserWhereInput> = {
  'evidence-holder': { role: { in: [...HOLDER_ROLES] } },
  custodian: { role: { in: [...HOLDER_ROLES] } },
  'team-member': { role: { in: [...TEAM_ROLES] } },
}

export async function suggest(actor: Actor, kind: LookupKind, q: string): Promise<Suggestion[] | null> {
  if (!mayLookUp(actor, kind)) return null
  const words = wordsOf(q)
  if (!words.length) return []
  if (kind === 'dog' || kind === 'living-dog') return suggestDogs(words, kind === 'living-dog')
  if (kind === 'evidence-holder' || kind === 'custodian' || kind === 'team-member') return suggestPeople(words, PEOPLE[kind])
  return suggestHandlers(words, kind)
}

async function suggestPeople(words: string[], where: Prisma.UserWhereInput): Promise<Suggestion[]> {
  const users = await db.user.findMany({
    where: { AND: [{ active: true }, where, ...words.map((w) => ({ OR: [{ name: { contains: w, mode: 'insensitive' as const } }, { email: starts(w) }] }))] },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
    take: SUGGESTIONS,
    select: { name: true, email: true, role: true, handler: { select: { badgeNumber: true, unit: true } } },
  })
  return users.map((u) => ({ value: userLabel(u), detail: [ROLE_LABELS[u.role] ?? humanize(u.role), u.handler ? `badge ${u.handler.badgeNumber}` : null, u.handler?.unit].filter(Boolean).join(' · '), handler: null }))
}

/**
 * `lower(column) LIKE 'word%'` for each word, as one SQL condition (the
 * handler suggestions).
 * PERFORMANCE: each keystroke asks. Through Prisma's case-insensitive
 * `startsWith` (ILIKE) every handler of a state unit was tested: 6.3–11.8 ms
 * a suggestion at 3,008 handlers (`suggest` in a loop, median of 25). As
 * `lower(column) LIKE`, served by the `lower(column) text_pattern_ops`
 * indexes (migration typed_prefix_lookup): 0.5–2.5 ms. The words hold no
 * LIKE wildcard (wordsOf takes them out).
 */
function startsLower(columns: Prisma.Sql[], words: string[]): Prisma.Sql {
  return Prisma.join(
    words.map((w) => Prisma.sql`(${Prisma.join(columns.map((c) => Prisma.sql`lower(${c}) LIKE lower(${w}) || '%'`), ' OR ')})`),
    ' AND ',
  )
}

/**
 * PERFORMANCE: on ILIKE (1.4–5.7 ms a suggestion at 2,008 dogs), not
 * startsLower: ordered by name, the planner walks the dogs' name index and
 * tests each dog, and ICU's lower() on two columns per dog cost more than
 * ILIKE (14.9 against 6.3 ms for "re"; docs/performance.md, "What is left").
 */
async function suggestDogs(words: string[], living: boolean): Promise<Suggestion[]> {
  const where: Prisma.DogWhereInput = {
    AND: [{ archivedAt: null }, living ? { status: { not: 'DECEASED' } } : {}, ...words.map((w) => ({ OR: [{ name: starts(w) }, { k9Number: starts(w) }] }))],
  }
  const dogs = await db.dog.findMany({
    where,
    orderBy: [{ name: 'asc' }, { k9Number: 'asc' }],
    take: SUGGESTIONS,
    select: { name: true, k9Number: true, status: true, breed: true, assignments: { where: { endedAt: null }, take: 1, select: { handler: { select: { firstName: true, lastName: true, badgeNumber: true, rank: true } } } } },
  })
  return dogs.map((d) => {
    const h = d.assignments[0]?.handler
    return {
      value: dogLabel(d),
      detail: [d.breed, humanize(d.status), h ? `handler ${h.rank} ${h.firstName} ${h.lastName}` : 'no handler'].filter(Boolean).join(' · '),
      handler: h ? handlerLabel(h) : null,
    }
  })
}

async function suggestHandlers(words: string[], kind: 'handler' | 'active-handler' | 'unlinked-handler'): Promise<Suggestion[]> {
  const handlers = await db.$queryRaw<Array<{ firstName: string; lastName: string; badgeNumber: string; rank: string; unit: string; active: boolean; dogName: string | null }>>`
    SELECT h."firstName", h."lastName", h."badgeNumber", h.rank, h.unit, h.active,
           (SELECT d.name FROM "HandlerAssignment" a JOIN "Dog" d ON d.id = a."dogId" WHERE a."handlerId" = h.id AND a."endedAt" IS NULL ORDER BY a.id LIMIT 1) AS "dogName"
      FROM "Handler" h
     WHERE ${kind === 'handler' ? Prisma.sql`TRUE` : Prisma.sql`h.active`} ${kind === 'unlinked-handler' ? Prisma.sql`AND h."userId" IS NULL` : Prisma.empty}
       AND ${startsLower([Prisma.sql`h."lastName"`, Prisma.sql`h."firstName"`, Prisma.sql`h."badgeNumber"`], words)}
     ORDER BY h.active DESC, h."lastName", h."firstName", h."badgeNumber"
     LIMIT ${SUGGESTIONS}`
  return handlers.map((h) => ({
    value: handlerLabel(h),
    detail: [h.rank, h.unit, h.dogName ? `K-9 ${h.dogName}` : null, h.active ? null : 'inactive'].filter(Boolean).join(' · '),
    handler: null,
  }))
}

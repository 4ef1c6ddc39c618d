import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '../db'
import { inParentheses, isId } from '../handlers/match'

/**
 * Dogs typed rather than picked from a list (a state unit has thousands): a
 * K-9 number in any case, alone or in parentheses as the app writes it
 * ("Rex (K9-2008)"), or a call name. Wherever a dog is typed (deployments,
 * medical records, filters) it is read by these rules.
 */

/** How a dog is written wherever one can be typed back. */
export const dogLabel = (d: { name: string; k9Number: string }) => `${d.name} (${d.k9Number})`

export type MatchedDog = { id: string; name: string; k9Number: string; handlerId: string | null }
export type DogMatch = { ok: true; dog: MatchedDog } | { ok: false; message: string }

/**
 * The dogs a person means by what they typed, by the rules above, in name
 * order: an id names that dog; otherwise every dog whose K-9 number or call
 * name is the text in any case. Archived dogs never answer; `living` leaves
 * out deceased ones. At most `take` (a state unit has dozens of "Rex"), each
 * with its current handler.
 *
 * PERFORMANCE: compared as lower(column) = lower(text), which the Dog
 * expression indexes serve (migration 20261207090000_dog_typed_lookup). Prisma's
 * case-insensitive `equals` is ILIKE, which no btree index serves: the planner
 * walked every dog of the unit in name order and tested each one (3.7 ms of
 * the 4.6 ms of SQL in logging a deployment at 2,008 dogs). With `=` there is
 * no pattern either, so `%`, `_` and `\` in the text are only text.
 */
export async function dogsByText(reader: Pick<Tx, '$queryRaw'>, text: string, { living = false, take = 20 }: { living?: boolean; take?: number } = {}): Promise<MatchedDog[]> {
  const typed = text.trim().replace(/\s+/g, ' ')
  if (!typed) return []
  const number = inParentheses(typed) ?? typed
  const matches = isId(typed)
    ? Prisma.sql`d.id = ${typed}::uuid`
    : Prisma.sql`(lower(d."k9Number") = lower(${number}) OR lower(d.name) = lower(${typed.replace(/\([^()]*\)$/, '').trim()}))`
  // The dog with the typed K-9 number first: "Thor (K9-109)" finds it even when more than `take` dogs are called Thor.
  return reader.$queryRaw<MatchedDog[]>`
    SELECT d.id::text AS id, d.name, d."k9Number",
           (SELECT a."handlerId"::text FROM "HandlerAssignment" a WHERE a."dogId" = d.id AND a."endedAt" IS NULL ORDER BY a.id LIMIT 1) AS "handlerId"
      FROM "Dog" d
     WHERE ${matches} AND d."archivedAt" IS NULL ${living ? Prisma.sql`AND d.status <> 'DECEASED'` : Prisma.empty}
     ORDER BY lower(d."k9Number") = lower(${number}) DESC, d.name, d."k9Number"
     LIMIT ${take}`
}

/** Of the dogs found for a text, the one whose K-9 number (or id) it is: that dog wins over others of the same name. */
export function exactDog<D extends { id: string; k9Number: string }>(dogs: readonly D[], text: string): D | undefined {
  const typed = text.trim().replace(/\s+/g, ' ')
  const number = (inParentheses(typed) ?? typed).toLowerCase()
  return dogs.find((d) => d.k9Number.toLowerCase() === number || d.id === typed.toLowerCase())
}

/**
 * The one dog a person means: an exact K-9 number wins, otherwise exactly one
 * dog of that name. Archived dogs never match; `living` leaves out deceased
 * dogs (a deployment). The message of a miss says what to type instead.
 */
export async function matchDog(reader: Pick<Tx, '$queryRaw'>, text: string, { living = false }: { living?: boolean } = {}): Promise<DogMatch> {
  const typed = text.trim().replace(/\s+/g, ' ')
  if (!typed) return { ok: false, message: 'Enter the dog’s name or K-9 number.' }
  const dogs = await dogsByText(reader, typed, { living })
  const exact = exactDog(dogs, typed)
  if (exact) return { ok: true, dog: exact }
  if (dogs.length === 1) return { ok: true, dog: dogs[0]! }
  if (dogs.length === 0) return { ok: false, message: `No dog of the unit has the name or K-9 number “${typed}”.` }
  const listed = dogs.slice(0, 3).map(dogLabel).join('; ')
  return { ok: false, message: `Several dogs are called “${typed}”: ${listed}${dogs.length > 3 ? '; …' : ''}. Enter the K-9 number.` }
}

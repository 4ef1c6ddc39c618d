import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '../db'
import { inParentheses, isId } from '../handlers/match'
import { sameText } from '../same-text'

/**
 * Dogs typed rather than picked from a list (a state unit has thousands): a
 * K-9 number in any case, alone or in parentheses as the app writes it
 * ("Rex (K9-2008)"), or a call name. Wherever a dog is typed (deployments,
 * medical records, filters) it is read by these rules.
 */


/** How a dog is written wherever one can be typed back. */
export const dogLabel = (d: { name: string; k9Number: string }) => `${d.name} (${d.k9Number})`

export function dogTextWhere(text: string): Prisma.DogWhereInput {
  const typed = text.trim().replace(/\s+/g, ' ')
  if (isId(typed)) return { id: typed }
  const name = typed.replace(/\([^()]*\)$/, '').trim()
  return { OR: [{ k9Number: sameText(inParentheses(typed) ?? typed) }, ...(name ? [{ name: sameText(name) }] : [])] }
}

export type MatchedDog = { id: string; name: string; k9Number: string; handlerId: string | null }
export type DogMatch = { ok: true; dog: MatchedDog } | { ok: false; message: string }

/**
 * The one dog a person means: an exact K-9 number wins, otherwise exactly one
 * dog of that name. Archived dogs never match; `living` leaves out deceased
 * dogs (a deployment). The message of a miss says what to type instead.
 */
export async function matchDog(reader: Pick<Tx, 'dog'>, text: string, { living = false }: { living?: boolean } = {}): Promise<DogMatch> {
  const typed = text.trim().replace(/\s+/g, ' ')
  if (!typed) return { ok: false, message: 'Enter the dog’s name or K-9 number.' }
  const found = await reader.dog.findMany({
    where: { AND: [dogTextWhere(typed), { archivedAt: null }, living ? { status: { not: 'DECEASED' } } : {}] },
    orderBy: [{ name: 'asc' }, { k9Number: 'asc' }],
    take: 20,
    select: { id: true, name: true, k9Number: true, assignments: { where: { endedAt: null }, take: 1, select: { handlerId: true } } },
  })
  const dogs = found.map(({ assignments, ...d }) => ({ ...d, handlerId: assignments[0]?.handlerId ?? null }))
  const number = (inParentheses(typed) ?? typed).toLowerCase()
  const exact = dogs.find((d) => d.k9Number.toLowerCase() === number || d.id === typed)
  if (exact) return { ok: true, dog: exact }
  if (dogs.length === 1) return { ok: true, dog: dogs[0]! }
  if (dogs.length === 0) return { ok: false, message: `No dog of the unit has the name or K-9 number “${typed}”.` }
  const listed = dogs.slice(0, 3).map(dogLabel).join('; ')
  return { ok: false, message: `Several dogs are called “${typed}”: ${listed}${dogs.length > 3 ? '; …' : ''}. Enter the K-9 number.` }
}

import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { Tx } from '../db'
import { inParentheses } from '../handlers/match'
import { sameText } from '../same-text'

/**
 * People (accounts) typed rather than picked from a list: a state unit has
 * thousands of officers. An e-mail address (alone or in parentheses, as the
 * app writes a person: "Luke Carter (carter@k9.test)") or a full name.
 */

/** How a person is written wherever one can be typed back. */
export const userLabel = (u: { name: string; email: string }) => `${u.name} (${u.email})`

export function userTextWhere(text: string): Prisma.UserWhereInput {
  const typed = text.trim().replace(/\s+/g, ' ')
  const name = typed.replace(/\([^()]*\)$/, '').trim()
  return { OR: [{ email: sameText(inParentheses(typed) ?? typed) }, ...(name ? [{ name: sameText(name) }] : [])] }
}

export type UserMatch = { ok: true; user: { id: string; name: string; email: string } } | { ok: false; message: string }

/**
 * The one active person, among those `where` allows (a role that may hold
 * evidence, join an investigation…), that the text names: an exact e-mail
 * wins, otherwise exactly one person of that name. The message of a miss says
 * what to type instead; `who` names the people looked for ("person who may
 * hold evidence").
 */
export async function matchUser(reader: Pick<Tx, 'user'>, text: string, where: Prisma.UserWhereInput, who: string): Promise<UserMatch> {
  const typed = text.trim().replace(/\s+/g, ' ')
  if (!typed) return { ok: false, message: 'Enter a name or an e-mail address.' }
  const found = await reader.user.findMany({
    where: { AND: [userTextWhere(typed), { active: true }, where] },
    orderBy: [{ name: 'asc' }, { email: 'asc' }],
    take: 20,
    select: { id: true, name: true, email: true },
  })
  const email = (inParentheses(typed) ?? typed).toLowerCase()
  const exact = found.find((u) => u.email.toLowerCase() === email)
  if (exact) return { ok: true, user: exact }
  if (found.length === 1) return { ok: true, user: found[0]! }
  if (found.length === 0) return { ok: false, message: `No active ${who} has the name or e-mail “${typed}”.` }
  const listed = found.slice(0, 3).map(userLabel).join('; ')
  return { ok: false, message: `Several people are called “${typed}”: ${listed}${found.length > 3 ? '; …' : ''}. Enter the e-mail address.` }
}

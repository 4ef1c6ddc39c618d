import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'

/** The code the app writes in parentheses after a name: "Rex (K9-2008)" → "K9-2008"; "Carter, Luke (B-1042)" → "B-1042". */
export const inParentheses = (text: string) => /\(([^()]+)\)\s*$/.exec(text)?.[1]?.trim()

const same = (value: string) => ({ equals: value, mode: 'insensitive' as const })

/**
 * The handlers a person means by what they typed, wherever a handler is typed
 * rather than picked from a list (a state unit has thousands): a badge number
 * in any case, alone or in parentheses as the app writes it ("Carter, Luke
 * (B-1047)"); "Last, First"; "First Last"; or a last name.
 */
export function handlerTextWhere(text: string): Prisma.HandlerWhereInput {
  const typed = text.trim().replace(/\s+/g, ' ')
  const name = typed.replace(/\([^()]*\)$/, '').trim()
  let byName: Prisma.HandlerWhereInput
  if (name.includes(',')) {
    const [last = '', first = ''] = name.split(',').map((part) => part.trim())
    byName = first ? { lastName: same(last), firstName: same(first) } : { lastName: same(last) }
  } else {
    const words = name.split(' ')
    byName = words.length === 1 ? { lastName: same(name) } : { firstName: same(words.slice(0, -1).join(' ')), lastName: same(words.at(-1)!) }
  }
  return { OR: [{ badgeNumber: same(inParentheses(typed) ?? typed) }, byName] }
}

/** Whether `badgeNumber` is the badge the text names (so that an exact badge wins over a name). */
export function namesBadge(text: string, badgeNumber: string): boolean {
  const typed = text.trim()
  return (inParentheses(typed) ?? typed).toLowerCase() === badgeNumber.toLowerCase()
}

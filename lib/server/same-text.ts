import 'server-only'

/**
 * "The same text, in any case" as a Prisma filter, for what people type and
 * the app must match exactly (a K-9 number, a badge, an e-mail, a name, an
 * incident or evidence number, a location code).
 *
 * SECURITY / integrity: Prisma's case-insensitive `equals` is PostgreSQL's
 * ILIKE, in which `%` and `_` match anything and `\` escapes. Unescaped, a
 * typed "K9_109" found the dog K9-109, and a reference "2026-0000__" would
 * link an investigation to whichever of a hundred incidents came first. Here
 * the three are escaped, so only the text itself matches.
 */
export function sameText(value: string) {
  return { equals: escapeLike(value), mode: 'insensitive' as const }
}

/**
 * "Contains this text, in any case" as a Prisma filter, for the lists' search
 * boxes. Prisma's `contains` is ILIKE '%text%' with the text as a pattern: a
 * typed "K9_1" listed K9-1…, and "%" everything. Escaped, `%`, `_` and `\`
 * are only characters.
 */
export function containsText(value: string) {
  return { contains: escapeLike(value), mode: 'insensitive' as const }
}

/** `\`, `%` and `_` escaped for LIKE / ILIKE (PostgreSQL's default escape character is `\`). */
const escapeLike = (value: string) => value.replace(/[\\%_]/g, '\\$&')

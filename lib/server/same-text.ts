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
  return { equals: value.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' as const }
}

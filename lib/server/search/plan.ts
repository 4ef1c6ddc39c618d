import 'server-only'
import { queryTerms } from './highlight'

/**
 * How a search box query is searched (decision 019): pure, no database.
 *
 * - words: full-text search (to_tsvector/GIN), every word required; a word
 *   that may be mistyped is first expanded to the lexicon's similar words
 *   ("Rexx" → rex, "Okafr" → okafor);
 * - syntax: the query uses web-search syntax ("a phrase", or, -word): it goes
 *   to websearch_to_tsquery as typed, without typo expansion;
 * - code: a query that is one token with a digit ("EV-2026-00", "S-0004",
 *   "2024-0012") is a prefix of the number/code columns instead. It is not
 *   also searched as words: its pieces ("ev", "2024", "k" and "-9" of "K-9")
 *   are in most documents (every evidence number starts with EV), so the full
 *   text index would hand over most of the table for nothing.
 */
export type SearchPlan = {
  /** Lower-case words (2+ characters), in order, at most MAX_WORDS; none for a code. */
  words: string[]
  /** Per word: whether it is worth looking up in the lexicon (letters only, 3–40 of them). */
  fuzzy: boolean[]
  syntax: boolean
  /** The query in lower case (without quotes around it) when it is a number or code, else null. */
  code: string | null
}

/** More words than this add nothing but cost: the rest are ignored (every word is required anyway). */
export const MAX_WORDS = 8

export function searchPlan(q: string): SearchPlan {
  const trimmed = q.trim()
  const token = trimmed.replace(/^["']+|["']+$/g, '')
  if (token.length >= 2 && !/\s/.test(token) && /\d/.test(token)) return { words: [], fuzzy: [], syntax: false, code: token.toLowerCase() }
  const words = queryTerms(trimmed).slice(0, MAX_WORDS)
  return {
    words,
    fuzzy: words.map((w) => w.length >= 3 && w.length <= 40 && /^\p{L}+$/u.test(w)),
    syntax: /"/.test(trimmed) || /(^|\s)-[\p{L}\p{N}]/u.test(trimmed) || /\sor\s/i.test(trimmed),
    code: null,
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** A LIKE pattern matching values that start with `prefix` (its % _ \ taken literally). */
export function prefixPattern(prefix: string): string {
  return `${escapeLike(prefix)}%`
}

/** A LIKE pattern matching values that contain `part` (its % _ \ taken literally). */
export function infixPattern(part: string): string {
  return `%${escapeLike(part)}%`
}

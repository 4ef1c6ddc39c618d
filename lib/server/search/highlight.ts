import 'server-only'
/**
 * Matched-word highlighting for search results, as plain data: the page turns
 * each segment into a text node or a <mark>, so user text is never parsed as
 * HTML (no dangerouslySetInnerHTML). Pure functions, no database.
 */

export type Segment = { text: string; match: boolean }

/** The words of a query worth highlighting (2+ characters), lower-cased. */
export function queryTerms(q: string): string[] {
  return [...new Set(q.toLowerCase().split(/\s+/).map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((t) => t.length >= 2))]
}

function trigrams(word: string): Set<string> {
  const padded = `  ${word.toLowerCase()} `
  const out = new Set<string>()
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3))
  return out
}

/** pg_trgm's similarity() for single words: shared trigrams over all trigrams. */
export function trigramSimilarity(a: string, b: string): number {
  const x = trigrams(a)
  const y = trigrams(b)
  let shared = 0
  for (const t of x) if (y.has(t)) shared++
  const union = x.size + y.size - shared
  return union === 0 ? 0 : shared / union
}

const TYPO_SIMILARITY = 0.45

/**
 * Splits `text` into segments, marking every occurrence of a query term
 * (case-insensitive substring: "EV-2026-00" inside "EV-2026-0001") and every
 * word close enough to a term to be its typo ("Rex" for "Rexx").
 */
export function highlight(text: string, terms: readonly string[]): Segment[] {
  if (!text) return []
  if (terms.length === 0) return [{ text, match: false }]
  const lower = text.toLowerCase()
  const marked = new Array<boolean>(text.length).fill(false)
  for (const term of terms) {
    let from = 0
    for (;;) {
      const at = lower.indexOf(term, from)
      if (at < 0) break
      for (let i = at; i < at + term.length; i++) marked[i] = true
      from = at + term.length
    }
  }
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = m[0]
    if (word.length < 2 || m.index === undefined) continue
    if (terms.some((t) => trigramSimilarity(t, word) >= TYPO_SIMILARITY)) for (let i = m.index; i < m.index + word.length; i++) marked[i] = true
  }
  const out: Segment[] = []
  for (let i = 0; i < text.length; i++) {
    const last = out[out.length - 1]
    if (last && last.match === marked[i]) last.text += text[i]
    else out.push({ text: text[i]!, match: marked[i]! })
  }
  return out
}

/** A window of a long text around its first highlighted word, with ellipses; the whole text when short. */
export function snippet(text: string | null | undefined, terms: readonly string[], radius = 90): Segment[] {
  if (!text) return []
  const segments = highlight(text, terms)
  if (text.length <= radius * 2) return segments
  let offset = 0
  let first = -1
  for (const s of segments) {
    if (s.match) {
      first = offset
      break
    }
    offset += s.text.length
  }
  const start = first < 0 ? 0 : Math.max(0, first - radius)
  const end = Math.min(text.length, start + radius * 2)
  const window = highlight(text.slice(start, end), terms)
  if (start > 0) window.unshift({ text: '…', match: false })
  if (end < text.length) window.push({ text: '…', match: false })
  return window
}

/** Whether any segment is a match (used to choose which field to show as the snippet). */
export function hasMatch(segments: readonly Segment[]): boolean {
  return segments.some((s) => s.match)
}

/** The first field that matched, as a snippet; else the first non-empty field. */
export function bestSnippet(terms: readonly string[], ...fields: Array<string | null | undefined>): Segment[] {
  for (const f of fields) {
    const s = snippet(f, terms)
    if (hasMatch(s)) return s
  }
  return snippet(fields.find((f) => f) ?? '', terms)
}

/** A medical record's text, as search's hits and the medical list show it. */
export type MedicalText = { diagnosis: string | null; presentingProblem: string | null; findings: string | null; procedure: string | null; treatment: string | null; outcome: string | null; clinic: string }

/** A medical record's passage around the words: the first of its fields that holds them, in the order a vet reads a record. */
export function medicalSnippet(terms: readonly string[], m: MedicalText): Segment[] {
  return bestSnippet(terms, m.diagnosis, m.presentingProblem, m.findings, m.procedure, m.treatment, m.outcome, m.clinic)
}

import 'server-only'
import { wordsFilter } from '@/lib/words-filter'
import { searchPlan } from './plan'
import type { SearchKind } from './sql'

/**
 * The lists with a text filter. `words`: the list reads several words as
 * search does, each anywhere (the incident, evidence and medical lists share
 * search's reading, listMatch); the others look for the text as one piece, so
 * only a one-word query means the same there. `wordRun`: the list does not search a text without a run
 * of three characters (lib/words-filter.ts).
 */
const LISTS: Partial<Record<SearchKind, { path: string; noun: string; list: string; words: boolean; wordRun: boolean }>> = {
  dogs: { path: '/dogs', noun: 'dog', list: 'dog list', words: false, wordRun: false },
  handlers: { path: '/handlers', noun: 'handler', list: 'handler list', words: false, wordRun: false },
  incidents: { path: '/incidents', noun: 'incident', list: 'incident list, newest first', words: true, wordRun: false },
  evidence: { path: '/evidence', noun: 'evidence item', list: 'evidence list', words: true, wordRun: false },
  medical: { path: '/medical', noun: 'medical record', list: 'medical list, newest first', words: true, wordRun: false },
  investigations: { path: '/investigations', noun: 'investigation', list: 'investigation list', words: false, wordRun: true },
}

export type MatchesList = { href: string; label: string }

/**
 * Where a search group that has more hits than it shows goes on: the kind's
 * own list, filtered by the same text, which pages through every record that
 * contains it. Search ranks a bounded pool of matches (decision 019: for a
 * broad query, the first 50 the index hands over, about the oldest), so for a
 * name in thousands of incidents the list is the way to all of them, newest
 * first.
 *
 * None when the list would not find what search found: a query whose words
 * search replaced by lexicon words (typos: "Rexx" → rex) means something the
 * lists, which take the text as typed, do not; web-search syntax ("a phrase",
 * -word, or), for a list that does not read words as search does; several
 * words, for a list that looks for them as one piece (a title's two words may
 * be far apart); a text the investigation list does not search.
 */
export function matchesList(kind: SearchKind, q: string, typos: readonly string[]): MatchesList | null {
  const list = LISTS[kind]
  const text = q.trim()
  if (!list || !text || typos.length > 0) return null
  if (!list.words && (searchPlan(text).syntax || /\s/.test(text))) return null
  if (list.wordRun && !wordsFilter(text)) return null
  return { href: `${list.path}?${new URLSearchParams({ q: text })}`, label: `every ${list.noun} containing “${text}” in the ${list.list}` }
}

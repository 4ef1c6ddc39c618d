/**
 * A list's text filter ("number, place or words") matches through a trigram
 * index, which cannot answer a text without a run of this many characters
 * without a space: such a text would read the whole table (a two-letter text
 * that matches nothing read all 1,000,000 incidents newest first, 7.2 s). A
 * shorter text is not searched, and the list says so next to the field
 * (decision 020, "Text filters on big tables"). Used by the investigation
 * list (the incident list reads words as search does since 8 December).
 */
export const MIN_WORDS_FILTER = 3
const SEARCHABLE = new RegExp(`\\S{${MIN_WORDS_FILTER}}`, 'u')

/** The words the list searches for: none when the text is too short to search. */
export function wordsFilter(q: string | undefined): string | undefined {
  return q && SEARCHABLE.test(q) ? q : undefined
}

/** The message next to the field when its text was too short to search. */
export function shortWordsMessage(q: string): string {
  return `Type a word of at least ${MIN_WORDS_FILTER} characters: “${q}” was not searched.`
}

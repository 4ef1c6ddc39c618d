import { z } from 'zod'
import { storableText } from '@/lib/text'

/** /search?q=… (from the URL: untrusted). Too short or too long answers "type more", not an error. */
export const SearchSchema = z.object({
  q: z.string().trim().max(100).transform(storableText).catch('').default(''),
})
export type SearchInput = z.infer<typeof SearchSchema>

export const SEARCH_MIN_LENGTH = 2

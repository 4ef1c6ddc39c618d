import { shortWordsMessage, wordsFilter } from '@/lib/words-filter'
import { INPUT_CLASS } from './field'

/**
 * A list's "number, place or words" filter field (`q`). A text too short for
 * the trigram index is not searched (lib/words-filter.ts): the field keeps it,
 * is marked invalid, and says so next to it.
 */
export function WordsFilterField({ label, value, className }: { label: string; value: string | undefined; className?: string }) {
  const tooShort = Boolean(value) && !wordsFilter(value)
  return (
    <div className={className}>
      <label htmlFor="q" className="block text-sm font-medium">{label}</label>
      <input id="q" name="q" type="search" defaultValue={value ?? ''} aria-invalid={tooShort || undefined} aria-describedby={tooShort ? 'q-error' : undefined} className={INPUT_CLASS} />
      {tooShort ? (
        <p id="q-error" className="mt-1 text-sm text-red-700">
          {shortWordsMessage(value!)}
        </p>
      ) : null}
    </div>
  )
}

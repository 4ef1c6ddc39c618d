'use client'

import { useState } from 'react'
import { cn } from './cn'
import { useSuggestions } from './use-suggestions'

export type LookupKind = 'dog' | 'living-dog' | 'handler' | 'active-handler' | 'unlinked-handler' | 'evidence-holder' | 'custodian' | 'team-member'
export type Suggestion = { value: string; detail: string | null; handler: string | null }

type Props = {
  id: string
  name: string
  kind: LookupKind
  defaultValue?: string
  className: string
  placeholder?: string
  required?: boolean
  'aria-invalid'?: boolean
  'aria-describedby'?: string
  /** Called with what the field holds, and the suggestion when one was chosen. */
  onValueChange?: (value: string, chosen: Suggestion | null) => void
}

/**
 * A text field for a dog or a handler, with suggestions as one types (WAI-ARIA
 * combobox with a listbox popup, from GET /api/lookup). What is submitted is
 * the text: the server resolves it whether or not a suggestion was chosen, so
 * the field works without JavaScript. Keyboard: ↓/↑ to move, Enter to take,
 * Escape to close.
 */
export function LookupInput({ id, name, kind, defaultValue = '', className, placeholder, required, onValueChange, ...aria }: Props) {
  const listId = `${id}-suggestions`
  const [value, setValue] = useState(defaultValue)
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<Suggestion[]>([])
  const [active, setActive] = useState(-1)
  const [open, setOpen] = useState(false)
  const q = query.trim()
  const status = useSuggestions<Suggestion>(q ? `/api/lookup?kind=${kind}&q=${encodeURIComponent(q)}` : null, (found) => {
    setResults(found)
    setActive(-1)
  })

  function type(next: string) {
    setValue(next)
    setQuery(next)
    setOpen(Boolean(next.trim()))
    if (!next.trim()) setResults([])
    onValueChange?.(next, null)
  }

  function choose(s: Suggestion) {
    setValue(s.value)
    setOpen(false)
    setActive(-1)
    onValueChange?.(s.value, s)
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    const shown = open && results.length > 0
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      if (!open && results.length) setOpen(true)
      else if (results.length) setActive((i) => (i + 1) % results.length)
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      if (results.length) setActive((i) => (i <= 0 ? results.length - 1 : i - 1))
    } else if (event.key === 'Enter' && shown && active >= 0) {
      // Enter takes the highlighted suggestion instead of submitting the form.
      event.preventDefault()
      choose(results[active]!)
    } else if (event.key === 'Escape' && open) {
      event.preventDefault()
      setOpen(false)
    }
  }

  const expanded = open && results.length > 0
  return (
    <div className="relative">
      <input
        id={id}
        name={name}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        required={required}
        placeholder={placeholder}
        value={value}
        onChange={(e) => type(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        className={className}
        {...aria}
      />
      <ul id={listId} role="listbox" aria-label="Suggestions" className={expanded ? 'absolute inset-x-0 top-full z-20 mt-1 max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 bg-white shadow-lg' : 'hidden'}>
        {results.map((r, i) => (
          <li
            key={r.value}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(r)}
            onMouseEnter={() => setActive(i)}
            className={cn('flex min-h-11 cursor-pointer flex-col justify-center px-3 py-1.5 text-sm', i === active && 'bg-brand-50')}
          >
            <span className="font-medium text-slate-900">{r.value}</span>
            {r.detail ? <span className="truncate text-xs text-slate-600">{r.detail}</span> : null}
          </li>
        ))}
      </ul>
      <p aria-live="polite" className="sr-only">
        {!open ? '' : status === 'searching' ? 'Searching…' : status === 'error' ? 'Suggestions are unavailable; type the name or number in full.' : status === 'done' ? (results.length ? `${results.length} suggestions.` : 'No suggestion matches.') : ''}
      </p>
    </div>
  )
}

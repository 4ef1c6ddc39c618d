'use client'

import { useEffect, useId, useRef, useState } from 'react'
import { Button } from '@/components/ui/button'
import { INPUT_CLASS } from '@/components/ui/field'
import { useSuggestions } from '@/components/ui/use-suggestions'
import { MENTION_KIND_LABELS, mentionToken, type MentionKind } from '@/lib/mentions'

type Option = { type: MentionKind; id: string; label: string; detail: string | null }

/**
 * "Mention a record": a combobox (WAI-ARIA combobox with a listbox popup)
 * that searches the records the detective may read and inserts a stable
 * reference at the cursor of the note's textarea. Keyboard: type to search,
 * ↓/↑ to move, Enter to insert, Escape to close.
 */
export function MentionPicker({ investigationId, textareaId }: { investigationId: string; textareaId: string }) {
  const uid = useId()
  const inputId = `${uid}-input`
  const listId = `${uid}-list`
  const [open, setOpen] = useState(false)
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<Option[]>([])
  const [active, setActive] = useState(-1)
  const inputRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (open) inputRef.current?.focus()
  }, [open])

  const q = query.trim()
  const status = useSuggestions<Option>(open && q ? `/investigations/${investigationId}/mentions?q=${encodeURIComponent(q)}` : null, (found) => {
    setResults(found)
    setActive(found.length ? 0 : -1)
  }, 200)

  function close(focusButton: boolean) {
    setOpen(false)
    setQuery('')
    setResults([])
    setActive(-1)
    if (focusButton) document.getElementById(`${uid}-button`)?.focus()
  }

  function insert(option: Option) {
    const textarea = document.getElementById(textareaId) as HTMLTextAreaElement | null
    if (!textarea) return
    const token = mentionToken(option.type, option.id, option.label)
    const start = textarea.selectionStart ?? textarea.value.length
    const end = textarea.selectionEnd ?? start
    const before = textarea.value.slice(0, start)
    const text = `${before && !/\s$/.test(before) ? ' ' : ''}${token} `
    textarea.setRangeText(text, start, end, 'end')
    close(false)
    textarea.focus()
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      if (results.length) setActive((i) => (i + 1) % results.length)
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      if (results.length) setActive((i) => (i <= 0 ? results.length - 1 : i - 1))
    } else if (event.key === 'Enter') {
      event.preventDefault()
      const chosen = results[active]
      if (chosen) insert(chosen)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      close(true)
    }
  }

  const expanded = open && results.length > 0
  return (
    <div className="space-y-2">
      <Button id={`${uid}-button`} type="button" variant="secondary" aria-expanded={open} aria-controls={open ? `${uid}-panel` : undefined} onClick={() => (open ? close(true) : setOpen(true))}>
        {open ? 'Close record search' : 'Mention a record'}
      </Button>
      {open ? (
        <div id={`${uid}-panel`} className="space-y-1 rounded-lg border border-slate-200 bg-slate-50 p-3">
          <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">Find a record to mention</label>
          <input
            ref={inputRef}
            id={inputId}
            type="text"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={listId}
            aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
            aria-describedby={`${uid}-hint`}
            autoComplete="off"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value)
              if (!e.target.value.trim()) setResults([])
            }}
            onKeyDown={onKeyDown}
            className={INPUT_CLASS}
          />
          <p id={`${uid}-hint`} className="text-xs text-slate-500">Dogs, handlers, incidents, deployments, medical records, attachments, evidence and lab results you may read. ↓ ↑ to choose, Enter to insert, Esc to close.</p>
          <ul id={listId} role="listbox" aria-label="Records to mention" className={expanded ? 'max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-lg border border-slate-200 bg-white' : 'hidden'}>
            {results.map((r, i) => (
              <li
                key={`${r.type}:${r.id}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => insert(r)}
                onMouseEnter={() => setActive(i)}
                className={`flex min-h-11 cursor-pointer flex-col justify-center px-3 py-1.5 text-sm ${i === active ? 'bg-brand-50' : ''}`}
              >
                <span>
                  <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-semibold text-slate-700">{MENTION_KIND_LABELS[r.type]}</span>
                  <span className="font-medium">{r.label}</span>
                </span>
                {r.detail ? <span className="truncate text-xs text-slate-600">{r.detail}</span> : null}
              </li>
            ))}
          </ul>
          <p aria-live="polite" className="text-xs text-slate-600">
            {status === 'searching' ? 'Searching…' : status === 'error' ? 'The search failed. Try again.' : status === 'done' ? (results.length ? `${results.length} records found.` : 'No matching record you may read.') : ''}
          </p>
        </div>
      ) : null}
    </div>
  )
}

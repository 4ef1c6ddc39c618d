'use client'

import { useEffect, useRef, useState } from 'react'
import { TIMELINE_KIND_LABELS, type TimelineKindName } from '@/components/investigation-timeline'

/**
 * Show or hide kinds of event on the server-rendered timeline it wraps, by
 * setting `hidden` on its `[data-kind]` items and on days left empty. (The
 * Content-Security-Policy allows no inline styles, so no generated
 * stylesheet.) The list stays a server component with real links, and
 * everything shows when JavaScript is off.
 */
export function TimelineFilter({ counts, children }: { counts: Partial<Record<TimelineKindName, number>>; children: React.ReactNode }) {
  const kinds = (Object.keys(TIMELINE_KIND_LABELS) as TimelineKindName[]).filter((k) => (counts[k] ?? 0) > 0)
  const [hidden, setHidden] = useState<ReadonlySet<TimelineKindName>>(new Set())
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const root = box.current
    if (!root) return
    for (const el of root.querySelectorAll<HTMLElement>('[data-kind]')) el.hidden = hidden.has(el.dataset.kind as TimelineKindName)
    for (const day of root.querySelectorAll<HTMLElement>('[data-day]')) day.hidden = !Array.from(day.querySelectorAll<HTMLElement>('[data-kind]')).some((el) => !el.hidden)
  }, [hidden, children])
  const visible = kinds.filter((k) => !hidden.has(k))
  const toggle = (k: TimelineKindName) =>
    setHidden((prev) => {
      const next = new Set(prev)
      if (next.has(k)) next.delete(k)
      else next.add(k)
      return next
    })
  return (
    <div>
      <fieldset className="mb-4 flex flex-wrap items-center gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">Show on the timeline</legend>
        {kinds.map((k) => (
          <label key={k} className="inline-flex min-h-9 cursor-pointer items-center gap-1.5 rounded-full px-3 text-sm ring-1 ring-inset ring-slate-300 has-[:checked]:bg-slate-100">
            <input type="checkbox" checked={!hidden.has(k)} onChange={() => toggle(k)} className="size-4" />
            {TIMELINE_KIND_LABELS[k]} <span className="text-slate-700">({counts[k]})</span>
          </label>
        ))}
        {hidden.size ? (
          <button type="button" onClick={() => setHidden(new Set())} className="min-h-9 px-2 text-sm font-medium link">
            Show all
          </button>
        ) : null}
      </fieldset>
      <p className="sr-only" role="status">
        {hidden.size ? (visible.length ? `Showing ${visible.map((k) => TIMELINE_KIND_LABELS[k]).join(', ')}.` : 'All kinds hidden.') : ''}
      </p>
      <div ref={box}>{children}</div>
    </div>
  )
}

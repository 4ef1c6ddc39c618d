'use client'

import { useState } from 'react'
import { TIMELINE_KIND_LABELS, type TimelineKindName } from '@/components/investigation-timeline'

/**
 * Show or hide kinds of event on the server-rendered timeline it wraps. It
 * only writes a stylesheet keyed on `data-kind` (a fixed list of names, never
 * user text), so the list itself stays a server component with real links and
 * everything shows when JavaScript is off.
 */
export function TimelineFilter({ counts, targetId, children }: { counts: Partial<Record<TimelineKindName, number>>; targetId: string; children: React.ReactNode }) {
  const kinds = (Object.keys(TIMELINE_KIND_LABELS) as TimelineKindName[]).filter((k) => (counts[k] ?? 0) > 0)
  const [hidden, setHidden] = useState<ReadonlySet<TimelineKindName>>(new Set())
  const visible = kinds.filter((k) => !hidden.has(k))
  const scope = `#${targetId}`
  const css = hidden.size
    ? [
        ...[...hidden].map((k) => `${scope} [data-kind="${k}"]{display:none}`),
        visible.length
          ? `${scope} [data-day]:not(:has(${visible.map((k) => `[data-kind="${k}"]`).join(',')})){display:none}`
          : `${scope} [data-day]{display:none}`,
      ].join('\n')
    : ''
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
        <legend className="mb-1 text-sm font-medium text-slate-800">Show</legend>
        {kinds.map((k) => (
          <label key={k} className="inline-flex min-h-9 cursor-pointer items-center gap-1.5 rounded-full px-3 text-sm ring-1 ring-inset ring-slate-300 has-[:checked]:bg-slate-100">
            <input type="checkbox" checked={!hidden.has(k)} onChange={() => toggle(k)} className="size-4" />
            {TIMELINE_KIND_LABELS[k]} <span className="text-slate-500">({counts[k]})</span>
          </label>
        ))}
        {hidden.size ? (
          <button type="button" onClick={() => setHidden(new Set())} className="min-h-9 px-2 text-sm font-medium text-brand-700 underline">
            Show all
          </button>
        ) : null}
      </fieldset>
      {css ? <style>{css}</style> : null}
      {hidden.size ? <p className="sr-only" role="status">{visible.length ? `Showing ${visible.map((k) => TIMELINE_KIND_LABELS[k]).join(', ')}.` : 'All kinds hidden.'}</p> : null}
      {children}
    </div>
  )
}

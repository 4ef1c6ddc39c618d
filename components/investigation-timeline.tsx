'use client'

import { Link } from '@/components/ui/link'
import { formatDate, formatDateTime } from '@/lib/format'

/** The kinds of event on an investigation's timeline, in the order the filter lists them. */
export const TIMELINE_KIND_LABELS = {
  incident: 'Incidents',
  deployment: 'Deployments',
  medical: 'Medical',
  attachment: 'Images and files',
  custody: 'Custody',
  lab: 'Lab results',
  note: 'Case notes',
  investigation: 'Investigation',
} as const

export type TimelineKindName = keyof typeof TIMELINE_KIND_LABELS

const KIND_STYLE: Record<TimelineKindName, { dot: string; tag: string; short: string }> = {
  incident: { dot: 'bg-blue-600', tag: 'bg-blue-50 text-blue-800 ring-blue-300', short: 'Incident' },
  deployment: { dot: 'bg-amber-600', tag: 'bg-amber-50 text-amber-900 ring-amber-300', short: 'Deployment' },
  medical: { dot: 'bg-red-600', tag: 'bg-red-50 text-red-800 ring-red-300', short: 'Medical' },
  attachment: { dot: 'bg-violet-600', tag: 'bg-violet-50 text-violet-800 ring-violet-300', short: 'Image / file' },
  custody: { dot: 'bg-emerald-600', tag: 'bg-emerald-50 text-emerald-800 ring-emerald-300', short: 'Custody' },
  lab: { dot: 'bg-cyan-600', tag: 'bg-cyan-50 text-cyan-800 ring-cyan-300', short: 'Lab' },
  note: { dot: 'bg-slate-500', tag: 'bg-slate-100 text-slate-700 ring-slate-300', short: 'Case note' },
  investigation: { dot: 'bg-slate-800', tag: 'bg-slate-100 text-slate-800 ring-slate-400', short: 'Investigation' },
}

export type InvestigationTimelineEvent = {
  key: string
  kind: TimelineKindName
  at: Date
  title: string
  detail: string | null
  href: string | null
  via: string | null
  restricted: boolean
}

const DAY_MS = 86_400_000
const utcDay = (d: Date) => Math.floor(d.getTime() / DAY_MS)

/** "Day −14", counted in calendar days from Day 0. */
export function dayLabel(at: Date, day0: Date): string {
  const n = utcDay(at) - utcDay(day0)
  return n === 0 ? 'Day 0' : n < 0 ? `Day −${-n}` : `Day +${n}`
}

/**
 * PERFORMANCE: a client component fed with the events as data. Rendered on
 * the server as a server component, each event's markup would also be sent
 * as the RSC payload; here the payload is the events themselves and the
 * markup is rendered once (docs/decisions/020-performance-at-scale.md).
 *
 * An investigation's records on one vertical time axis, grouped by day and
 * counted from Day 0 (the recovery) when there is one, so the reference case
 * reads from Day −14 to Day 2 as the story it is. Every event carries
 * `data-kind` and every day `data-day`, which the route's small client filter
 * uses to hide kinds; without JavaScript everything shows.
 */
export function InvestigationTimeline({ events, day0, id = 'timeline' }: { events: InvestigationTimelineEvent[]; day0: Date | null; id?: string }) {
  const days: Array<{ day: number; events: InvestigationTimelineEvent[] }> = []
  for (const e of events) {
    const d = utcDay(e.at)
    const last = days.at(-1)
    if (last && last.day === d) last.events.push(e)
    else days.push({ day: d, events: [e] })
  }
  if (events.length === 0) return <p className="text-sm text-slate-600">Nothing on the timeline yet: link an incident, a medical record or an evidence item.</p>
  return (
    <ol id={id} data-timeline className="relative space-y-6 border-l-2 border-slate-200 pl-5" aria-label="Investigation timeline">
      {days.map((group, i) => {
        const first = group.events[0]!
        const previous = days[i - 1]
        const gap = previous ? group.day - previous.day : 0
        return (
          <li key={group.day} data-day>
            <h3 className="-ml-5 flex flex-wrap items-baseline gap-x-2 pl-5 text-sm font-semibold text-slate-900">
              {day0 ? <span className="rounded bg-slate-900 px-1.5 py-0.5 text-xs font-bold text-white">{dayLabel(first.at, day0)}</span> : null}
              <time dateTime={first.at.toISOString().slice(0, 10)}>{formatDate(first.at)}</time>
              {gap > 1 ? <span className="text-xs font-normal text-slate-500">{gap} days later</span> : null}
            </h3>
            <ol className="mt-2 space-y-3">
              {group.events.map((e) => {
                const style = KIND_STYLE[e.kind]
                return (
                  <li key={e.key} data-kind={e.kind} className="relative">
                    <span aria-hidden className={`absolute -left-[1.72rem] top-1.5 size-3 rounded-full ring-2 ring-white ${style.dot}`} />
                    <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                      <time className="text-xs tabular-nums text-slate-500" dateTime={e.at.toISOString()}>
                        {formatDateTime(e.at).split(', ').at(-1)}
                      </time>
                      <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.tag}`}>{style.short}</span>
                      {e.href ? (
                        <Link href={e.href} className="font-medium link-quiet">
                          {e.title}
                        </Link>
                      ) : (
                        <span className="font-medium text-slate-900">{e.title}</span>
                      )}
                    </div>
                    {e.restricted ? (
                      <p className="mt-0.5 text-sm italic text-slate-500">Medical detail withheld: your role may not read this dog’s medical records.</p>
                    ) : e.detail ? (
                      <p className="mt-0.5 whitespace-pre-line text-sm text-slate-700">{e.detail}</p>
                    ) : null}
                    {e.via ? <p className="text-xs text-slate-500">{e.via}</p> : null}
                  </li>
                )
              })}
            </ol>
          </li>
        )
      })}
    </ol>
  )
}

'use client'

import { EXPOSURE_SEVERITY } from './exposure'
import { formatDate, humanize } from '@/lib/format'

type Point = { id: string; at: Date; label: string; exposures: string[]; href?: string }

const COLORS = ['#64748b', '#7c3aed', '#d97706', '#d97706', '#dc2626', '#dc2626']

/** "Jan 25". One formatter for every tick: `toLocaleDateString` with options builds a new one per call (~80 µs each). */
const tickFmt = new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' })

/**
 * A strip of a dog's deployments over time: each dot a deployment, higher and
 * redder the worse the exposure. Readable at a glance; the list below it has
 * the detail, so the picture is decorative for screen readers apart from its summary.
 * PERFORMANCE: a client component fed with the points as data, so its SVG is
 * rendered once as HTML rather than also sent as RSC payload (decision 020).
 */
export function DeploymentTimeline({ points, from, to }: { points: Point[]; from: Date; to: Date }) {
  const span = Math.max(1, to.getTime() - from.getTime())
  const inRange = points.filter((p) => p.at >= from && p.at <= to)
  const exposed = inRange.filter((p) => p.exposures.length > 0)
  const months: Date[] = []
  for (let d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1)); d <= to; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 3, 1))) months.push(d)
  return (
    <figure>
      <svg viewBox="0 0 1000 130" className="h-32 w-full" role="img" aria-label={`${inRange.length} deployments between ${formatDate(from)} and ${formatDate(to)}, ${exposed.length} with an exposure`}>
        <line x1="10" x2="990" y1="100" y2="100" stroke="#cbd5e1" strokeWidth="2" />
        {months.map((m) => {
          const x = Math.round(10 + ((m.getTime() - from.getTime()) / span) * 980)
          return (
            <g key={m.toISOString()}>
              <line x1={x} x2={x} y1="96" y2="104" stroke="#94a3b8" />
              <text x={x} y="122" textAnchor="middle" fontSize="12" fill="#64748b">
                {tickFmt.format(m)}
              </text>
            </g>
          )
        })}
        {inRange.map((p) => {
          const severity = Math.max(0, ...p.exposures.map((e) => EXPOSURE_SEVERITY[e] ?? 1))
          const x = Math.round(10 + ((p.at.getTime() - from.getTime()) / span) * 980)
          const y = 100 - severity * 16
          return (
            <g key={p.id}>
              <title>{`${formatDate(p.at)} · ${p.label}${p.exposures.length ? ` · ${p.exposures.map(humanize).join(', ')}` : ''}`}</title>
              {severity > 0 ? <line x1={x} x2={x} y1={y} y2="100" stroke={COLORS[severity]} strokeWidth="2" strokeDasharray="3 2" /> : null}
              <circle cx={x} cy={y} r={severity > 0 ? 7 : 4} fill={COLORS[severity]} stroke="white" strokeWidth="1.5" />
            </g>
          )
        })}
      </svg>
      <figcaption className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        <span><span aria-hidden className="mr-1 inline-block size-2.5 rounded-full bg-red-600" />Shot at / gunfire</span>
        <span><span aria-hidden className="mr-1 inline-block size-2.5 rounded-full bg-amber-600" />Struck, bitten, fall</span>
        <span><span aria-hidden className="mr-1 inline-block size-2.5 rounded-full bg-violet-600" />Other exposure</span>
        <span><span aria-hidden className="mr-1 inline-block size-2.5 rounded-full bg-slate-500" />No exposure</span>
      </figcaption>
    </figure>
  )
}

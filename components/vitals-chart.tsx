'use client'

import { formatDateTime } from '@/lib/format'
import { CHART_VITALS, VITALS, type VitalKey, type VitalReading } from '@/lib/vitals'

/** Up to this many readings, every one gets a marker. */
const MARKED_SERIES = 40

/**
 * Small multiples of vital signs over time, one panel per vital sign, as SVG.
 * The shaded band is the normal range for an adult dog; points outside it are
 * drawn in red. The table next to it carries the same numbers for screen
 * readers and for reading exact values (components/vitals-table.tsx).
 * PERFORMANCE: a client component fed with the readings once (`vitalReadings`
 * in lib/vitals.ts), not one series per panel: as a server component every
 * marker's markup would also travel as RSC payload (decision 020).
 */
export function VitalsChart({ readings, keys = CHART_VITALS }: { readings: VitalReading[]; keys?: readonly VitalKey[] }) {
  const times = keys.flatMap((k) => readings.filter((r) => r[k] != null).map((r) => r.takenAt.getTime()))
  if (times.length < 2) return null
  const t0 = Math.min(...times)
  const t1 = Math.max(...times)
  const W = 300
  const H = 90
  // Coordinates to a tenth of a unit: the SVG is 300 units wide, and 15-digit floats only make the page heavier.
  const x = (t: number) => Math.round((8 + ((t - t0) / Math.max(1, t1 - t0)) * (W - 16)) * 10) / 10
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {keys.map((k) => {
        const { label, unit, normal } = VITALS[k]
        const pts = readings.flatMap((r) => (r[k] == null ? [] : [{ takenAt: r.takenAt, value: r[k] }]))
        if (pts.length === 0) return null
        const lo = Math.min(normal[0], ...pts.map((p) => p.value))
        const hi = Math.max(normal[1], ...pts.map((p) => p.value))
        const pad = (hi - lo) * 0.1 || 1
        const y = (v: number) => Math.round((H - 8 - ((v - (lo - pad)) / (hi - lo + 2 * pad)) * (H - 16)) * 10) / 10
        const last = pts[pts.length - 1]!
        return (
          <figure key={k} className="rounded-lg border border-slate-200 p-2">
            <figcaption className="flex justify-between text-xs font-medium text-slate-700">
              <span>{label}</span>
              <span className="tabular-nums">latest {last.value} {unit}</span>
            </figcaption>
            <svg viewBox={`0 0 ${W} ${H}`} className="h-24 w-full" aria-hidden>
              <rect x="0" width={W} y={y(normal[1])} height={Math.max(0, y(normal[0]) - y(normal[1]))} fill="#dcfce7" />
              <polyline fill="none" stroke="#1e40af" strokeWidth="2" points={pts.map((p) => `${x(p.takenAt.getTime())},${y(p.value)}`).join(' ')} />
              {pts.map((p, i) => {
                const abnormal = p.value < normal[0] || p.value > normal[1]
                // A long series is a line: only its abnormal readings and the latest get a marker.
                if (pts.length > MARKED_SERIES && !abnormal && i !== pts.length - 1) return null
                return (
                  <circle key={p.takenAt.toISOString()} cx={x(p.takenAt.getTime())} cy={y(p.value)} r="3.5" fill={abnormal ? '#dc2626' : '#1e40af'}>
                    <title>{`${formatDateTime(p.takenAt)}: ${p.value} ${unit}`}</title>
                  </circle>
                )
              })}
            </svg>
          </figure>
        )
      })}
    </div>
  )
}

import { formatDateTime } from '@/lib/format'

type Reading = { takenAt: Date; value: number | null }
type Series = { label: string; unit: string; normal: [number, number]; readings: Reading[] }

/**
 * Small multiples of vital signs over time, rendered on the server as SVG
 * (no client JavaScript). The shaded band is the normal range for an adult
 * dog; points outside it are drawn in red. The table next to it carries the
 * same numbers for screen readers and for reading exact values.
 */
export function VitalsChart({ series }: { series: Series[] }) {
  const all = series.flatMap((s) => s.readings.filter((r) => r.value !== null).map((r) => r.takenAt.getTime()))
  if (all.length < 2) return null
  const t0 = Math.min(...all)
  const t1 = Math.max(...all)
  const W = 300
  const H = 90
  const x = (t: number) => 8 + ((t - t0) / Math.max(1, t1 - t0)) * (W - 16)
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {series.map((s) => {
        const pts = s.readings.filter((r): r is { takenAt: Date; value: number } => r.value !== null)
        if (pts.length === 0) return null
        const lo = Math.min(s.normal[0], ...pts.map((p) => p.value))
        const hi = Math.max(s.normal[1], ...pts.map((p) => p.value))
        const pad = (hi - lo) * 0.1 || 1
        const y = (v: number) => H - 8 - ((v - (lo - pad)) / (hi - lo + 2 * pad)) * (H - 16)
        const last = pts[pts.length - 1]!
        return (
          <figure key={s.label} className="rounded-lg border border-slate-200 p-2">
            <figcaption className="flex justify-between text-xs font-medium text-slate-700">
              <span>{s.label}</span>
              <span className="tabular-nums">latest {last.value} {s.unit}</span>
            </figcaption>
            <svg viewBox={`0 0 ${W} ${H}`} className="h-24 w-full" aria-hidden>
              <rect x="0" width={W} y={y(s.normal[1])} height={Math.max(0, y(s.normal[0]) - y(s.normal[1]))} fill="#dcfce7" />
              <polyline fill="none" stroke="#1e40af" strokeWidth="2" points={pts.map((p) => `${x(p.takenAt.getTime())},${y(p.value)}`).join(' ')} />
              {pts.map((p) => {
                const abnormal = p.value < s.normal[0] || p.value > s.normal[1]
                return (
                  <circle key={p.takenAt.toISOString()} cx={x(p.takenAt.getTime())} cy={y(p.value)} r="3.5" fill={abnormal ? '#dc2626' : '#1e40af'}>
                    <title>{`${formatDateTime(p.takenAt)}: ${p.value} ${s.unit}`}</title>
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

/** Normal ranges for an adult dog at rest, used to flag readings. */
export const VITAL_NORMALS = {
  heartRate: [60, 140] as [number, number],
  respiratoryRate: [10, 35] as [number, number],
  temperatureC: [37.5, 39.2] as [number, number],
  spo2: [95, 100] as [number, number],
  systolicBp: [90, 160] as [number, number],
  painScore: [0, 3] as [number, number],
}

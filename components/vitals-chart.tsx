import { formatDateTime } from '@/lib/format'
import { abnormalVitals, flagVital, VITAL_KEYS, VITALS, type VitalKey } from '@/lib/vitals'

/** Up to this many readings, every one gets a marker. */
const MARKED_SERIES = 40

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
  // Coordinates to a tenth of a unit: the SVG is 300 units wide, and 15-digit floats only make the page heavier.
  const x = (t: number) => Math.round((8 + ((t - t0) / Math.max(1, t1 - t0)) * (W - 16)) * 10) / 10
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {series.map((s) => {
        const pts = s.readings.filter((r): r is { takenAt: Date; value: number } => r.value !== null)
        if (pts.length === 0) return null
        const lo = Math.min(s.normal[0], ...pts.map((p) => p.value))
        const hi = Math.max(s.normal[1], ...pts.map((p) => p.value))
        const pad = (hi - lo) * 0.1 || 1
        const y = (v: number) => Math.round((H - 8 - ((v - (lo - pad)) / (hi - lo + 2 * pad)) * (H - 16)) * 10) / 10
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
              {pts.map((p, i) => {
                const abnormal = p.value < s.normal[0] || p.value > s.normal[1]
                // A long series is a line: only its abnormal readings and the latest get a marker.
                if (pts.length > MARKED_SERIES && !abnormal && i !== pts.length - 1) return null
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

/** Normal ranges for an adult dog at rest, used to flag readings (lib/vitals.ts). */
export const VITAL_NORMALS = Object.fromEntries(VITAL_KEYS.map((k) => [k, [...VITALS[k].normal]])) as Record<VitalKey, [number, number]>

export type VitalRow = { id: string; takenAt: Date; notes?: string | null } & Record<VitalKey, number | null>

/** The chart's usual panels for a series of readings. */
export function vitalSeries(rows: VitalRow[], keys: readonly VitalKey[] = ['heartRate', 'respiratoryRate', 'temperatureC', 'spo2', 'systolicBp', 'painScore']): Series[] {
  return keys.map((k) => ({ label: VITALS[k].label, unit: VITALS[k].unit, normal: VITAL_NORMALS[k], readings: rows.map((v) => ({ takenAt: v.takenAt, value: v[k] })) }))
}

/** A reading in a table cell: flagged in red with ↑/↓ (and words for screen readers) outside a dog's normal range. */
export function VitalValue({ k, value }: { k: VitalKey; value: number | null }) {
  if (value === null) return <>—</>
  const flag = flagVital(k, value)
  if (!flag) return <>{value}</>
  return (
    <span className="font-semibold text-red-700" title={`${flag === 'high' ? 'Above' : 'Below'} a dog’s normal range (${VITALS[k].normal[0]}–${VITALS[k].normal[1]} ${VITALS[k].unit})`}>
      {value}
      <span aria-hidden>{flag === 'high' ? ' ↑' : ' ↓'}</span>
      <span className="sr-only"> ({flag})</span>
    </span>
  )
}

/** The readings as a table: the exact numbers behind the chart, abnormal ones flagged. */
export function VitalsTable({ rows, caption = 'Vital signs' }: { rows: VitalRow[]; caption?: string }) {
  const abnormal = rows.filter((r) => abnormalVitals(r).length > 0).length
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="text-left text-xs uppercase text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3">Time</th><th scope="col" className="pr-3">HR</th><th scope="col" className="pr-3">RR</th><th scope="col" className="pr-3">Temp °C</th><th scope="col" className="pr-3">SpO₂</th><th scope="col" className="pr-3">BP</th><th scope="col" className="pr-3">CRT s</th><th scope="col" className="pr-3">Pain</th><th scope="col">Note</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums">
          {rows.map((v) => (
            <tr key={v.id}>
              <td className="py-1.5 pr-3 whitespace-nowrap">{formatDateTime(v.takenAt)}</td>
              <td className="pr-3"><VitalValue k="heartRate" value={v.heartRate} /></td>
              <td className="pr-3"><VitalValue k="respiratoryRate" value={v.respiratoryRate} /></td>
              <td className="pr-3"><VitalValue k="temperatureC" value={v.temperatureC} /></td>
              <td className="pr-3"><VitalValue k="spo2" value={v.spo2} /></td>
              <td className="pr-3 whitespace-nowrap">{v.systolicBp === null && v.diastolicBp === null ? '—' : <><VitalValue k="systolicBp" value={v.systolicBp} />/<VitalValue k="diastolicBp" value={v.diastolicBp} /></>}</td>
              <td className="pr-3"><VitalValue k="capillaryRefillSec" value={v.capillaryRefillSec} /></td>
              <td className="pr-3"><VitalValue k="painScore" value={v.painScore} /></td>
              <td className="text-slate-600">{v.notes}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {abnormal > 0 ? <p className="mt-2 text-xs text-slate-600"><span className="font-semibold text-red-700">Red ↑/↓</span>: outside a dog’s normal range at rest ({abnormal} of {rows.length} readings).</p> : null}
    </div>
  )
}

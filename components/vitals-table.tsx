import { formatDateTime } from '@/lib/format'
import { abnormalVitals, flagVital, VITALS, type VitalKey } from '@/lib/vitals'

export type VitalRow = { id: string; takenAt: Date; notes?: string | null } & Record<VitalKey, number | null>

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

/**
 * Vital signs of a dog: what is physically possible (the database refuses
 * anything else) and what is normal for an adult dog at rest (flagged, never
 * refused). Pure, shared by the schema, the table, the chart and the tests.
 */

export const VITAL_KEYS = ['heartRate', 'respiratoryRate', 'temperatureC', 'spo2', 'systolicBp', 'diastolicBp', 'capillaryRefillSec', 'painScore'] as const
export type VitalKey = (typeof VITAL_KEYS)[number]

type VitalSpec = {
  label: string
  unit: string
  /** SECURITY/INTEGRITY: the same bounds as the VitalSign_*_range check constraints (migration 20261125071011_invariants). */
  limits: readonly [number, number]
  /** Normal for an adult dog at rest; outside is flagged. */
  normal: readonly [number, number]
  /** Decimals allowed (temperature and capillary refill to 0.1). */
  decimals: 0 | 1
}

export const VITALS: Record<VitalKey, VitalSpec> = {
  heartRate: { label: 'Heart rate', unit: 'bpm', limits: [10, 400], normal: [60, 140], decimals: 0 },
  respiratoryRate: { label: 'Respiratory rate', unit: '/min', limits: [2, 200], normal: [10, 35], decimals: 0 },
  temperatureC: { label: 'Temperature', unit: '°C', limits: [25, 45], normal: [37.5, 39.2], decimals: 1 },
  spo2: { label: 'SpO₂', unit: '%', limits: [0, 100], normal: [95, 100], decimals: 0 },
  systolicBp: { label: 'Systolic BP', unit: 'mmHg', limits: [20, 350], normal: [90, 160], decimals: 0 },
  diastolicBp: { label: 'Diastolic BP', unit: 'mmHg', limits: [10, 250], normal: [50, 100], decimals: 0 },
  capillaryRefillSec: { label: 'Capillary refill', unit: 's', limits: [0, 10], normal: [0, 2], decimals: 1 },
  painScore: { label: 'Pain score', unit: '/10', limits: [0, 10], normal: [0, 3], decimals: 0 },
}

export type VitalFlag = 'low' | 'high' | null

/** 'low' / 'high' when the reading is outside a dog's normal range; null when normal or not measured. */
export function flagVital(key: VitalKey, value: number | null | undefined): VitalFlag {
  if (value === null || value === undefined || Number.isNaN(value)) return null
  const [lo, hi] = VITALS[key].normal
  if (value < lo) return 'low'
  if (value > hi) return 'high'
  return null
}

/** Whether the value is physically possible (inside the database's bounds). */
export function isPossibleVital(key: VitalKey, value: number): boolean {
  const [lo, hi] = VITALS[key].limits
  return value >= lo && value <= hi
}

/** The abnormal readings of one row, for a summary ("HR high, SpO₂ low"). */
export function abnormalVitals(row: Partial<Record<VitalKey, number | null>>): Array<{ key: VitalKey; flag: 'low' | 'high' }> {
  const out: Array<{ key: VitalKey; flag: 'low' | 'high' }> = []
  for (const key of VITAL_KEYS) {
    const flag = flagVital(key, row[key])
    if (flag) out.push({ key, flag })
  }
  return out
}

/** The vital signs a chart draws unless told otherwise (components/vitals-chart.tsx). */
export const CHART_VITALS: readonly VitalKey[] = ['heartRate', 'respiratoryRate', 'temperatureC', 'spo2', 'systolicBp', 'painScore']

/** One reading time with the values a chart draws. */
export type VitalReading = { takenAt: Date } & Partial<Record<VitalKey, number | null>>

/** The readings a chart needs from full rows: their time and the chosen vital signs only (what the browser is sent). */
export function vitalReadings(rows: ReadonlyArray<{ takenAt: Date } & Partial<Record<VitalKey, number | null>>>, keys: readonly VitalKey[]): VitalReading[] {
  return rows.map((r) => {
    const out: VitalReading = { takenAt: r.takenAt }
    for (const k of keys) if (r[k] != null) out[k] = r[k]
    return out
  })
}

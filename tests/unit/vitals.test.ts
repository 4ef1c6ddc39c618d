import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AddVitalSignsSchema, CreateMedicalRecordSchema } from '@/lib/schemas/medical'
import { abnormalVitals, flagVital, isPossibleVital, VITAL_KEYS, VITALS, vitalReadings } from '@/lib/vitals'

describe('vital-sign reference ranges', () => {
  it('flags readings outside a dog’s normal range and leaves normal ones alone', () => {
    expect(flagVital('heartRate', 100)).toBeNull()
    expect(flagVital('heartRate', 190)).toBe('high')
    expect(flagVital('heartRate', 45)).toBe('low')
    expect(flagVital('temperatureC', 38.6)).toBeNull()
    expect(flagVital('temperatureC', 36.1)).toBe('low')
    expect(flagVital('spo2', 82)).toBe('low')
    expect(flagVital('painScore', 7)).toBe('high')
    expect(flagVital('respiratoryRate', null)).toBeNull()
  })

  it('names every abnormal value of a reading', () => {
    expect(abnormalVitals({ heartRate: 190, respiratoryRate: 20, spo2: 82, temperatureC: null })).toEqual([
      { key: 'heartRate', flag: 'high' },
      { key: 'spo2', flag: 'low' },
    ])
  })

  it('uses exactly the database’s check-constraint bounds as the possible range', () => {
    const dir = path.join(process.cwd(), 'prisma/migrations')
    const sql = readdirSync(dir)
      .filter((d) => !d.endsWith('.toml'))
      .map((d) => readFileSync(path.join(dir, d, 'migration.sql'), 'utf8'))
      .join('\n')
    for (const key of VITAL_KEYS) {
      const m = new RegExp(`"VitalSign_${key}_range" CHECK \\("${key}" BETWEEN (\\d+) AND (\\d+)\\)`).exec(sql)
      expect(m, key).not.toBeNull()
      expect(VITALS[key].limits, key).toEqual([Number(m![1]), Number(m![2])])
      expect(isPossibleVital(key, Number(m![1]))).toBe(true)
      expect(isPossibleVital(key, Number(m![2]) + 1)).toBe(false)
    }
  })

  it('every normal range lies inside the possible range', () => {
    for (const key of VITAL_KEYS) {
      expect(VITALS[key].normal[0]).toBeGreaterThanOrEqual(VITALS[key].limits[0])
      expect(VITALS[key].normal[1]).toBeLessThanOrEqual(VITALS[key].limits[1])
    }
  })
})

const vitalsForm = (row: Record<string, string>) => ({
  idempotencyKey: '0193a000-0000-7000-8000-000000000001',
  recordId: '0193a000-0000-7000-8000-000000000002',
  ...Object.fromEntries(Object.entries(row).map(([k, v]) => [`vitals.0.${k}`, v])),
})

function errors(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.map(String).join('.'), i.message]))
}

describe('vital-sign form', () => {
  it('refuses impossible values with a message next to each field', () => {
    const r = AddVitalSignsSchema.safeParse(vitalsForm({ takenAt: '2026-11-20T06:10', heartRate: '1200', temperatureC: '385', spo2: '101', painScore: '11', respiratoryRate: 'fast' }))
    expect(r.success).toBe(false)
    const e = errors(r)
    expect(e['vitals.0.heartRate']).toBe('Heart rate must be between 10 and 400 bpm: check the reading.')
    expect(e['vitals.0.temperatureC']).toBe('Temperature must be between 25 and 45 °C: check the reading.')
    expect(e['vitals.0.spo2']).toMatch(/between 0 and 100/)
    expect(e['vitals.0.painScore']).toMatch(/between 0 and 10/)
    expect(e['vitals.0.respiratoryRate']).toMatch(/whole number/)
  })

  it('accepts a decimal comma, and asks for at least one measurement', () => {
    const ok = AddVitalSignsSchema.safeParse(vitalsForm({ takenAt: '2026-11-20T06:10', temperatureC: '36,4', heartRate: '188' }))
    expect(ok.success).toBe(true)
    if (ok.success) expect(ok.data.vitals[0]).toMatchObject({ temperatureC: 36.4, heartRate: 188, spo2: null })
    expect(errors(AddVitalSignsSchema.safeParse(vitalsForm({ takenAt: '2026-11-20T06:10' })))['vitals.0.heartRate']).toMatch(/at least one measurement/)
  })

  it('diastolic must be below systolic', () => {
    expect(errors(AddVitalSignsSchema.safeParse(vitalsForm({ takenAt: '2026-11-20T06:10', systolicBp: '80', diastolicBp: '90' })))['vitals.0.diastolicBp']).toMatch(/lower than the systolic/)
  })
})

describe('medical record form', () => {
  const base = { idempotencyKey: '0193a000-0000-7000-8000-000000000001', dogId: '0193a000-0000-7000-8000-000000000003', veterinarianId: '0193a000-0000-7000-8000-000000000004', occurredAt: '2026-11-20T06:40', clinic: 'Emergency Vet Clinic' }

  it('a euthanasia decision needs its outcome and its reason', () => {
    const e = errors(CreateMedicalRecordSchema.safeParse({ ...base, kind: 'EUTHANASIA_DECISION' }))
    expect(e.decisionOutcome).toBe('Say whether euthanasia was performed, halted or deferred.')
    expect(e.decisionReason).toMatch(/never recorded without it/)
    expect(CreateMedicalRecordSchema.safeParse({ ...base, kind: 'EUTHANASIA_DECISION', decisionOutcome: 'HALTED', decisionReason: 'Twitch and breathing changes.' }).success).toBe(true)
  })

  it('a surgery needs its procedure and anaesthesia; other kinds drop surgery and decision fields', () => {
    const e = errors(CreateMedicalRecordSchema.safeParse({ ...base, kind: 'SURGERY' }))
    expect(Object.keys(e).sort()).toEqual(['anaesthesia', 'procedure'])
    const exam = CreateMedicalRecordSchema.parse({ ...base, kind: 'EXAM', findings: 'Flinches on palpation.', procedure: 'x', decisionOutcome: 'HALTED' })
    expect(exam).not.toHaveProperty('procedure')
    expect(exam).not.toHaveProperty('decisionOutcome')
  })

  it('asks for the kind, and refuses a record in the future or a follow-up before it', () => {
    expect(errors(CreateMedicalRecordSchema.safeParse({ ...base })).kind).toBe('Choose the kind of record.')
    expect(errors(CreateMedicalRecordSchema.safeParse({ ...base, kind: 'EXAM', findings: 'x', occurredAt: '2999-01-01T00:00' })).occurredAt).toMatch(/future/)
    expect(errors(CreateMedicalRecordSchema.safeParse({ ...base, kind: 'EXAM', findings: 'x', followUpDueAt: '2026-11-01T00:00' })).followUpDueAt).toMatch(/after/)
  })
})

describe('what a chart is sent', () => {
  it('keeps each reading’s time and only the chosen vital signs that were measured', () => {
    const takenAt = new Date('2026-11-20T06:10:00Z')
    const row = { id: 'x', takenAt, notes: 'Before surgery', heartRate: 188, respiratoryRate: null, temperatureC: 39.9, spo2: 91, systolicBp: 120, diastolicBp: 80, capillaryRefillSec: 2.5, painScore: 6 }
    expect(vitalReadings([row], ['heartRate', 'respiratoryRate', 'spo2'])).toEqual([{ takenAt, heartRate: 188, spo2: 91 }])
    expect(vitalReadings([row, { ...row, takenAt: new Date('2026-11-20T07:10:00Z'), spo2: null }], ['spo2']).map((r) => Object.keys(r).length)).toEqual([2, 1])
  })
})

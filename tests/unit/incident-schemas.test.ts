import { describe, expect, it } from 'vitest'
import { AddDeploymentSchema, EditIncidentSchema, LogIncidentSchema, nestRows } from '@/lib/schemas/incidents'

const DOG = '0190a4c2-0000-7000-8000-000000000001'
const DOG2 = '0190a4c2-0000-7000-8000-000000000002'
const KEY = '0190a4c2-0000-7000-8000-0000000000aa'

const base = {
  idempotencyKey: KEY,
  type: 'KIDNAPPING',
  occurredAt: '2026-11-11T22:40',
  locationText: 'Abandoned factory, Mill Lane',
  narrative: 'Rex took the blow.',
  'deployments.0.dogId': DOG,
  'deployments.0.task': 'TRACK',
  'deployments.0.outcome': 'APPREHENDED',
}

/** field name → first message, as the form shows them. */
function errors(result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }): Record<string, string> {
  const out: Record<string, string> = {}
  for (const i of result.error?.issues ?? []) out[i.path.map(String).join('.')] ??= i.message
  return out
}

describe('nestRows', () => {
  it('turns deployments.<i>.<field> into rows and leaves other fields alone', () => {
    expect(nestRows({ a: '1', 'deployments.1.dogId': 'y', 'deployments.0.dogId': 'x', 'deployments.0.exposures': ['STRUCK', 'FALL'] })).toEqual({
      a: '1',
      deployments: [{ dogId: 'x', exposures: ['STRUCK', 'FALL'] }, { dogId: 'y' }],
    })
  })

  it('keeps a deployments array given directly and ignores rows past the limit', () => {
    expect(nestRows({ deployments: [{ dogId: 'x' }] })).toEqual({ deployments: [{ dogId: 'x' }] })
    expect(nestRows({ 'deployments.99.dogId': 'x' })).toEqual({ deployments: [] })
  })
})

describe('LogIncidentSchema', () => {
  it('parses the form as posted: UTC time, one exposure or several, the injury box', () => {
    const parsed = LogIncidentSchema.parse({ ...base, 'deployments.0.exposures': 'STRUCK', 'deployments.0.injuryObserved': 'yes', 'deployments.0.injuryDescription': 'Flinches on the left ribs.', latitude: '41.4921', longitude: '-81.7012' })
    expect(parsed.occurredAt.toISOString()).toBe('2026-11-11T22:40:00.000Z')
    expect(parsed.deployments[0]).toMatchObject({ dogId: DOG, handlerId: null, exposures: ['STRUCK'], injuryObserved: true, notes: null })
    expect(parsed.deployments[0]?.deployedAt).toBeUndefined()
    expect(parsed).toMatchObject({ latitude: 41.4921, longitude: -81.7012, weather: null, officerIds: [] })
  })

  it('puts a specific message on each bad field, named like the field', () => {
    const result = LogIncidentSchema.safeParse({ idempotencyKey: KEY, occurredAt: '', locationText: ' ', narrative: '', 'deployments.0.task': 'TRACK', 'deployments.0.injuryObserved': 'yes' })
    expect(errors(result)).toEqual({
      type: 'Choose the type of incident.',
      occurredAt: 'Enter the incident date and time.',
      locationText: 'Enter where it happened (address or description of the place).',
      narrative: 'Write what happened.',
      'deployments.0.dog': 'Enter the dog’s call name or K-9 number.',
      'deployments.0.outcome': 'Choose the outcome.',
      'deployments.0.injuryDescription': 'Describe the injury you saw (where, what it looked like).',
    })
  })

  it('needs a description when an injury was observed, and a note for an "other" exposure', () => {
    const result = LogIncidentSchema.safeParse({ ...base, 'deployments.0.injuryObserved': 'yes', 'deployments.0.exposures': ['OTHER'] })
    expect(Object.keys(errors(result)).sort()).toEqual(['deployments.0.exposureNotes', 'deployments.0.injuryDescription'])
  })

  it('needs at least one deployment and no dog twice', () => {
    const { 'deployments.0.dogId': _d, 'deployments.0.task': _t, 'deployments.0.outcome': _o, ...noRows } = base
    expect(errors(LogIncidentSchema.safeParse(noRows))).toEqual({ deployments: 'Add at least one dog deployment.' })
    const twice = LogIncidentSchema.safeParse({ ...base, 'deployments.1.dogId': DOG, 'deployments.1.task': 'SEARCH', 'deployments.1.outcome': 'FOUND' })
    expect(errors(twice)).toEqual({ 'deployments.1.dogId': 'This dog is already in another deployment of this incident.' })
    expect(LogIncidentSchema.safeParse({ ...base, 'deployments.1.dogId': DOG2, 'deployments.1.task': 'SEARCH', 'deployments.1.outcome': 'FOUND' }).success).toBe(true)
  })

  it('names cross-field problems in the same round as the others', () => {
    const result = LogIncidentSchema.safeParse({ ...base, narrative: '', latitude: '41.5', 'deployments.0.exposures': 'OTHER' })
    expect(Object.keys(errors(result)).sort()).toEqual(['deployments.0.exposureNotes', 'longitude', 'narrative'])
  })

  it('refuses a future time, half a coordinate pair and coordinates out of range', () => {
    const future = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16)
    expect(errors(LogIncidentSchema.safeParse({ ...base, occurredAt: future }))).toEqual({ occurredAt: 'The incident time cannot be in the future.' })
    expect(errors(LogIncidentSchema.safeParse({ ...base, latitude: '41.5' }))).toEqual({ longitude: 'Enter both latitude and longitude, or neither.' })
    expect(Object.keys(errors(LogIncidentSchema.safeParse({ ...base, latitude: '91', longitude: '0' })))).toEqual(['latitude'])
    expect(Object.keys(errors(LogIncidentSchema.safeParse({ ...base, latitude: 'north', longitude: '0' })))).toEqual(['latitude'])
  })

  it('needs the form’s idempotency key', () => {
    expect(Object.keys(errors(LogIncidentSchema.safeParse({ ...base, idempotencyKey: 'x' })))).toEqual(['idempotencyKey'])
  })
})

describe('edit schemas', () => {
  it('need the version the form was rendered with', () => {
    const result = EditIncidentSchema.safeParse({ incidentId: DOG, version: '', type: 'FIRE', occurredAt: '2026-01-01T10:00', locationText: 'x', narrative: 'y' })
    expect(Object.keys(errors(result))).toEqual(['version'])
  })

  it('treat an empty handler as "the dog’s current handler"', () => {
    expect(AddDeploymentSchema.parse({ incidentId: DOG, dogId: DOG2, handlerId: '', task: 'SEARCH', outcome: 'FOUND' }).handlerId).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { AcknowledgeAlertSchema, ListAlertsSchema } from '@/lib/schemas/alerts'
import { isOverdue, RESOLVING_KINDS, vetCheckKey, vetCheckTitle } from '@/lib/server/alerts/rules'
import { alertScope } from '@/lib/server/alerts/scope'

const ID = '0190a4a0-0000-7000-8000-000000000001'

describe('welfare alerts: pure rules', () => {
  it('an acknowledgement needs a real note', () => {
    expect(AcknowledgeAlertSchema.safeParse({ alertId: ID, version: '1', note: '' }).success).toBe(false)
    expect(AcknowledgeAlertSchema.safeParse({ alertId: ID, version: '1', note: ' ok ' }).success).toBe(false)
    expect(AcknowledgeAlertSchema.safeParse({ alertId: 'not-an-id', version: '1', note: 'Vet booked for 9:00.' }).success).toBe(false)
    expect(AcknowledgeAlertSchema.parse({ alertId: ID, version: '2', note: '  Vet booked for 9:00.  ' })).toEqual({ alertId: ID, version: 2, note: 'Vet booked for 9:00.' })
    expect(ListAlertsSchema.parse({ show: 'nonsense', page: '-3' })).toEqual({ show: 'open', page: 1 })
    expect(ListAlertsSchema.parse({ show: 'all', page: '4' })).toEqual({ show: 'all', page: 4 })
  })

  it('overdue means unresolved and past due', () => {
    const now = new Date('2026-11-25T12:00:00Z')
    expect(isOverdue({ status: 'OPEN', dueAt: new Date('2026-11-25T11:00:00Z') }, now)).toBe(true)
    expect(isOverdue({ status: 'ACKNOWLEDGED', dueAt: new Date('2026-11-25T11:00:00Z') }, now)).toBe(true)
    expect(isOverdue({ status: 'RESOLVED', dueAt: new Date('2026-11-25T11:00:00Z') }, now)).toBe(false)
    expect(isOverdue({ status: 'OPEN', dueAt: new Date('2026-11-25T13:00:00Z') }, now)).toBe(false)
  })

  it('an exam, an emergency admission, a follow-up or a surgery resolves a vet check; imaging, a discharge or a euthanasia decision does not', () => {
    expect([...RESOLVING_KINDS].sort()).toEqual(['EMERGENCY', 'EXAM', 'FOLLOW_UP', 'SURGERY'])
  })

  it('names the dog and its exposures, and dedupes per deployment', () => {
    expect(vetCheckTitle('Thor', ['STRUCK', 'FALL'])).toBe('Vet check due: Thor (struck, fall)')
    expect(vetCheckKey('abc')).toBe('vet-check:abc')
  })

  it('scopes: officers their dogs, evidence technicians and administrators nothing', () => {
    expect(alertScope({ role: 'SUPERVISOR', handlerId: null })).toEqual({})
    expect(alertScope({ role: 'VETERINARIAN', handlerId: null })).toEqual({})
    expect(alertScope({ role: 'OFFICER', handlerId: null })).toBeNull()
    expect(alertScope({ role: 'OFFICER', handlerId: ID })).not.toBeNull()
    expect(alertScope({ role: 'EVIDENCE_TECH', handlerId: null })).toBeNull()
    expect(alertScope({ role: 'ADMIN', handlerId: null })).toBeNull()
  })
})

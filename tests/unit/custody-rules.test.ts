import { describe, expect, it } from 'vitest'
import { custodyHash } from '@/lib/custody'
import { GENESIS_HASH } from '@/lib/hash-chain'
import { refusalOf, type CustodyState } from '@/lib/server/evidence/scope'
import { verifyItemEvents, type ChainEvent } from '@/lib/server/evidence/chain'

const held = (by: string, extra: Partial<CustodyState> = {}): CustodyState => ({
  status: 'IN_CUSTODY', currentCustodianId: by, pendingReceiverId: null, storageLocationId: null, lastStorageAction: null, labSubmitterId: null, ...extra,
})
const officer = { id: 'o1', role: 'OFFICER' as const }
const otherOfficer = { id: 'o2', role: 'OFFICER' as const }
const tech = { id: 't1', role: 'EVIDENCE_TECH' as const }
const detective = { id: 'd1', role: 'DETECTIVE' as const }
const vet = { id: 'v1', role: 'VETERINARIAN' as const }
const supervisor = { id: 's1', role: 'SUPERVISOR' as const }

describe('who may move an item (refusalOf)', () => {
  it('lets the custodian or a technician hand it over, and nobody else', () => {
    expect(refusalOf(officer, 'transfer', held('o1'))).toBeNull()
    expect(refusalOf(tech, 'transfer', held('o1'))).toBeNull()
    expect(refusalOf(vet, 'transfer', held('v1'))).toBeNull() // the surgeon hands over what they recovered
    for (const a of [otherOfficer, detective, supervisor, vet]) expect(refusalOf(a, 'transfer', held('o1'))?.code).toBe('FORBIDDEN')
    expect(refusalOf(supervisor, 'transfer', held('s1'))?.code).toBe('FORBIDDEN') // a supervisor's role cannot move evidence
  })

  it('freezes an item in transit until the named receiver confirms', () => {
    const transit = held('o1', { status: 'IN_TRANSIT', pendingReceiverId: 't1' })
    expect(refusalOf(officer, 'transfer', transit)?.code).toBe('CONFLICT')
    expect(refusalOf(tech, 'receive', transit)).toBeNull()
    expect(refusalOf(otherOfficer, 'receive', transit)?.code).toBe('FORBIDDEN')
    expect(refusalOf(tech, 'receive', held('t1'))?.code).toBe('CONFLICT')
  })

  it('keeps storage with the technicians and in order', () => {
    expect(refusalOf(officer, 'store', held('o1'))?.code).toBe('FORBIDDEN')
    expect(refusalOf(tech, 'store', held('t1'))).toBeNull()
    expect(refusalOf(tech, 'store', held('t1', { storageLocationId: 'l1', lastStorageAction: 'STORED' }))?.code).toBe('CONFLICT')
    expect(refusalOf(tech, 'checkOut', held('t1', { storageLocationId: 'l1', lastStorageAction: 'STORED' }))).toBeNull()
    expect(refusalOf(tech, 'transfer', held('t1', { storageLocationId: 'l1' }))?.code).toBe('CONFLICT')
    expect(refusalOf(tech, 'checkIn', held('t1', { lastStorageAction: 'CHECKED_OUT' }))).toBeNull()
    expect(refusalOf(tech, 'store', held('t1', { lastStorageAction: 'CHECKED_OUT' }))?.code).toBe('CONFLICT')
    expect(refusalOf(tech, 'checkIn', held('t1', { lastStorageAction: 'STORED' }))?.code).toBe('CONFLICT')
  })

  it('sends items to a lab only from roles with lab work, and books them back', () => {
    expect(refusalOf(officer, 'submitToLab', held('o1'))?.code).toBe('FORBIDDEN')
    expect(refusalOf(detective, 'submitToLab', held('d1'))).toBeNull()
    const atLab = held('x', { status: 'AT_LAB', currentCustodianId: null, labSubmitterId: 'd1' })
    expect(refusalOf(detective, 'returnFromLab', atLab)).toBeNull()
    expect(refusalOf(tech, 'returnFromLab', atLab)).toBeNull()
    expect(refusalOf(officer, 'returnFromLab', atLab)?.code).toBe('FORBIDDEN')
    expect(refusalOf(tech, 'transfer', atLab)?.code).toBe('CONFLICT')
  })

  it('closes custody of released and disposed items', () => {
    for (const status of ['RELEASED', 'DISPOSED'] as const) expect(refusalOf(tech, 'transfer', held('t1', { status }))?.code).toBe('CONFLICT')
  })
})

function chain(n: number): ChainEvent[] {
  const events: ChainEvent[] = []
  let prev = GENESIS_HASH
  for (let i = 1; i <= n; i++) {
    const content = {
      evidenceItemId: 'item', sequence: i, action: i === 1 ? 'COLLECTED' : 'TRANSFERRED', occurredAt: new Date(Date.UTC(2026, 0, 1, 10, i)), actorId: 'a',
      fromUserId: null, toUserId: 'b', locationId: null, place: 'Clinic', labName: null, purpose: null, sealIntact: true, notes: null,
    }
    const hash = custodyHash(prev, content)
    events.push({ ...content, id: `e${i}`, prevHash: prev, hash })
    prev = hash
  }
  return events
}

describe('verifyItemEvents', () => {
  it('accepts an untouched chain whose head matches the item', () => {
    const events = chain(10)
    expect(verifyItemEvents(events, { headSequence: 10, headHash: events[9]!.hash })).toEqual({ ok: true, count: 10, headHash: events[9]!.hash })
  })

  it('names the first altered event', () => {
    const events = chain(10)
    events[3] = { ...events[3]!, sealIntact: false }
    expect(verifyItemEvents(events, { headSequence: 10, headHash: events[9]!.hash })).toMatchObject({ ok: false, reason: 'hash-mismatch', brokenAtSequence: 4, brokenEventId: 'e4' })
  })

  it('names the event after a removed one, and a removed tail', () => {
    const events = chain(10)
    const head = { headSequence: 10, headHash: events[9]!.hash }
    expect(verifyItemEvents([...events.slice(0, 4), ...events.slice(5)], head)).toMatchObject({ ok: false, reason: 'prev-hash-mismatch', brokenAtSequence: 6 })
    expect(verifyItemEvents(events.slice(0, 9), head)).toMatchObject({ ok: false, reason: 'head-mismatch', brokenAtSequence: null })
  })

  it('measures: a 1,000-event chain verifies in milliseconds', () => {
    const events = chain(1000)
    const started = performance.now()
    expect(verifyItemEvents(events, { headSequence: 1000, headHash: events[999]!.hash }).ok).toBe(true)
    console.log(`[custody] verified a 1000-event chain in ${(performance.now() - started).toFixed(1)} ms`)
  })
})

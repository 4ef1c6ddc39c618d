import { hash } from 'node:crypto'

/** The fields of a custody event covered by its hash, in one place for writers and verifiers. */
export type CustodyContent = {
  evidenceItemId: string
  sequence: number
  action: string
  occurredAt: Date | string
  actorId: string
  fromUserId: string | null
  toUserId: string | null
  locationId: string | null
  place: string | null
  labName: string | null
  purpose: string | null
  sealIntact: boolean | null
  notes: string | null
}

export function custodyContent(e: CustodyContent): CustodyContent {
  return {
    evidenceItemId: e.evidenceItemId,
    sequence: e.sequence,
    action: e.action,
    occurredAt: new Date(e.occurredAt).toISOString(),
    actorId: e.actorId,
    fromUserId: e.fromUserId ?? null,
    toUserId: e.toUserId ?? null,
    locationId: e.locationId ?? null,
    place: e.place ?? null,
    labName: e.labName ?? null,
    purpose: e.purpose ?? null,
    sealIntact: e.sealIntact ?? null,
    notes: e.notes ?? null,
  }
}

const j = JSON.stringify

/**
 * canonicalJson(custodyContent(e)) (lib/hash-chain.ts), written out for this
 * one fixed shape: the keys in sorted order, each value through JSON.stringify.
 * Byte-for-byte the same (tests/unit/hash-chain.test.ts compares them on
 * random events) and several times quicker, which is what lets a
 * 10,000-event chain verify within 100 ms (docs/performance.md).
 */
export function custodyCanonicalJson(e: CustodyContent): string {
  return (
    `{"action":${j(e.action)},"actorId":${j(e.actorId)},"evidenceItemId":${j(e.evidenceItemId)},"fromUserId":${j(e.fromUserId ?? null)}` +
    `,"labName":${j(e.labName ?? null)},"locationId":${j(e.locationId ?? null)},"notes":${j(e.notes ?? null)}` +
    `,"occurredAt":${j(new Date(e.occurredAt).toISOString())},"place":${j(e.place ?? null)},"purpose":${j(e.purpose ?? null)}` +
    `,"sealIntact":${j(e.sealIntact ?? null)},"sequence":${j(e.sequence)},"toUserId":${j(e.toUserId ?? null)}}`
  )
}

/** chainHash(prevHash, custodyContent(e)) (lib/hash-chain.ts), through custodyCanonicalJson. */
export function custodyHash(prevHash: string, e: CustodyContent): string {
  return hash('sha256', prevHash + custodyCanonicalJson(e), 'hex')
}

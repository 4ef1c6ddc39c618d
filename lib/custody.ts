import { chainHash } from './hash-chain'

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

export function custodyHash(prevHash: string, e: CustodyContent): string {
  return chainHash(prevHash, custodyContent(e))
}

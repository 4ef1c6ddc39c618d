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

/** A string as JSON: quoted as is when nothing in it needs escaping (UUIDs, words), else JSON.stringify. */
const SAFE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/
const str = (v: string | null | undefined): string => (v === null || v === undefined ? 'null' : SAFE.test(v) ? `"${v}"` : JSON.stringify(v))
const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null')
const bool = (b: boolean | null | undefined): string => (b === null || b === undefined ? 'null' : b ? 'true' : 'false')
const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString()

/**
 * canonicalJson(custodyContent(e)) (lib/hash-chain.ts), written out for this
 * one fixed shape: the keys in sorted order, each value as JSON.stringify
 * would write it (strings that need no escaping are quoted directly).
 * Byte-for-byte the same (tests/unit/hash-chain.test.ts compares them on
 * random events) and several times quicker, which is what lets a
 * 10,000-event chain verify within 100 ms (docs/performance.md).
 */
export function custodyCanonicalJson(e: CustodyContent): string {
  return (
    `{"action":${str(e.action)},"actorId":${str(e.actorId)},"evidenceItemId":${str(e.evidenceItemId)},"fromUserId":${str(e.fromUserId)}` +
    `,"labName":${str(e.labName)},"locationId":${str(e.locationId)},"notes":${str(e.notes)}` +
    `,"occurredAt":${str(iso(e.occurredAt))},"place":${str(e.place)},"purpose":${str(e.purpose)}` +
    `,"sealIntact":${bool(e.sealIntact)},"sequence":${num(e.sequence)},"toUserId":${str(e.toUserId)}}`
  )
}

/** chainHash(prevHash, custodyContent(e)) (lib/hash-chain.ts), through custodyCanonicalJson. */
export function custodyHash(prevHash: string, e: CustodyContent): string {
  return hash('sha256', prevHash + custodyCanonicalJson(e), 'hex')
}

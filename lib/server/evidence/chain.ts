import 'server-only'
import { custodyHash, type CustodyContent } from '@/lib/custody'
import { GENESIS_HASH } from '@/lib/hash-chain'

/* Pure chain checks (no database), shared by the item page, the room report and unit tests. */

/** The columns a verification reads: the hashed content plus the links. */
export const CHAIN_EVENT_SELECT = {
  id: true,
  evidenceItemId: true,
  sequence: true,
  action: true,
  occurredAt: true,
  actorId: true,
  fromUserId: true,
  toUserId: true,
  locationId: true,
  place: true,
  labName: true,
  purpose: true,
  sealIntact: true,
  notes: true,
  prevHash: true,
  hash: true,
} as const

export type ChainEvent = CustodyContent & { id: string; prevHash: string; hash: string }

export type ChainResult =
  | { ok: true; count: number; headHash: string }
  | {
      ok: false
      count: number
      /** prev-hash-mismatch: a link is missing or reordered; hash-mismatch: an event's content was altered; head-mismatch: events after the last one were removed or the item's head was changed. */
      reason: 'prev-hash-mismatch' | 'hash-mismatch' | 'head-mismatch'
      /** The sequence number of the first event that does not verify (null: the item's head record itself). */
      brokenAtSequence: number | null
      brokenEventId: string | null
    }

/**
 * Verify one item's events (in sequence order) against each other and against
 * the head the item records. The head check catches what a chain alone cannot:
 * the last events deleted behind the application's back.
 */
export function verifyItemEvents(events: ReadonlyArray<ChainEvent>, head: { headSequence: number; headHash: string | null }): ChainResult {
  // lib/hash-chain.ts verifyChain, with the custody event's own serialiser (custodyHash): same checks, same order.
  let prev = GENESIS_HASH
  for (const e of events) {
    const reason = e.prevHash !== prev ? 'prev-hash-mismatch' : custodyHash(prev, e) !== e.hash ? 'hash-mismatch' : null
    if (reason) return { ok: false, count: events.length, reason, brokenAtSequence: e.sequence, brokenEventId: e.id }
    prev = e.hash
  }
  const result = { headHash: prev }
  const last = events.at(-1)
  const headOk = events.length === head.headSequence && (last ? last.sequence === head.headSequence && last.hash === head.headHash : head.headHash === null || head.headHash === GENESIS_HASH)
  if (!headOk) return { ok: false, count: events.length, reason: 'head-mismatch', brokenAtSequence: null, brokenEventId: null }
  return { ok: true, count: events.length, headHash: result.headHash }
}

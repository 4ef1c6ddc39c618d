import 'server-only'
import { custodyContent, type CustodyContent } from '@/lib/custody'
import { GENESIS_HASH, verifyChain } from '@/lib/hash-chain'
import { AppError } from '@/lib/errors'
import type { Actor } from '../actor'
import { db } from '../db'
import { seesAllEvidence } from './scope'

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
  const result = verifyChain(events.map((e) => ({ content: custodyContent(e), prevHash: e.prevHash, hash: e.hash, label: e.id })))
  if (!result.ok) {
    const bad = events[result.index]!
    return { ok: false, count: events.length, reason: result.reason, brokenAtSequence: bad.sequence, brokenEventId: bad.id }
  }
  const last = events.at(-1)
  const headOk = events.length === head.headSequence && (last ? last.sequence === head.headSequence && last.hash === head.headHash : head.headHash === null || head.headHash === GENESIS_HASH)
  if (!headOk) return { ok: false, count: events.length, reason: 'head-mismatch', brokenAtSequence: null, brokenEventId: null }
  return { ok: true, count: events.length, headHash: result.headHash }
}

/** Recompute one item's chain of custody from the database. Callers authorize (the item page already has). Null: no such item. */
export async function verifyItemChain(itemId: string): Promise<ChainResult | null> {
  const [item, events] = await Promise.all([
    db.evidenceItem.findUnique({ where: { id: itemId }, select: { headSequence: true, headHash: true } }),
    db.custodyEvent.findMany({ where: { evidenceItemId: itemId }, orderBy: { sequence: 'asc' }, select: CHAIN_EVENT_SELECT }),
  ])
  if (!item) return null
  return verifyItemEvents(events, item)
}

export type ChainReportRow = { id: string; number: string; description: string } & ChainResult
export type ChainReport = { checked: number; intact: number; events: number; broken: ChainReportRow[]; durationMs: number; checkedAt: Date }

const BATCH = 200

/**
 * The evidence-room report: every item's chain recomputed. Items are read in
 * batches of 200 by id (keyset), each batch's events in one query: two
 * queries per batch, never one per item.
 */
export async function verifyAllChains(actor: Pick<Actor, 'role'>): Promise<ChainReport> {
  if (!seesAllEvidence(actor)) throw new AppError('FORBIDDEN', 'Only the evidence room, detectives and supervisors can run the chain report.')
  const started = performance.now()
  const broken: ChainReportRow[] = []
  let checked = 0
  let eventCount = 0
  let after: string | undefined
  for (;;) {
    const items = await db.evidenceItem.findMany({
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: 'asc' },
      take: BATCH,
      select: { id: true, number: true, description: true, headSequence: true, headHash: true },
    })
    if (items.length === 0) break
    const events = await db.custodyEvent.findMany({
      where: { evidenceItemId: { in: items.map((i) => i.id) } },
      orderBy: [{ evidenceItemId: 'asc' }, { sequence: 'asc' }],
      select: CHAIN_EVENT_SELECT,
    })
    const byItem = new Map<string, ChainEvent[]>()
    for (const e of events) {
      const list = byItem.get(e.evidenceItemId)
      if (list) list.push(e)
      else byItem.set(e.evidenceItemId, [e])
    }
    for (const item of items) {
      const result = verifyItemEvents(byItem.get(item.id) ?? [], item)
      if (!result.ok) broken.push({ id: item.id, number: item.number, description: item.description, ...result })
    }
    checked += items.length
    eventCount += events.length
    after = items.at(-1)!.id
    if (items.length < BATCH) break
  }
  return { checked, intact: checked - broken.length, events: eventCount, broken, durationMs: Math.round(performance.now() - started), checkedAt: new Date() }
}

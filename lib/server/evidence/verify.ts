import 'server-only'
import { AppError } from '@/lib/errors'
import type { Actor } from '../actor'
import { db } from '../db'
import { CHAIN_EVENT_SELECT, verifyItemEvents, type ChainEvent, type ChainResult } from './chain'
import { seesAllEvidence } from './scope'

export { CHAIN_EVENT_SELECT, verifyItemEvents, type ChainEvent, type ChainResult } from './chain'

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

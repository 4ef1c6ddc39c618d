import 'server-only'
// One item's chain, checked while its page renders. Every item's chain at once is a background run (./verification-runs.ts), never done while a page waits.
import { db } from '../db'
import { CHAIN_EVENT_SELECT, verifyItemEvents, type ChainResult } from './chain'

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

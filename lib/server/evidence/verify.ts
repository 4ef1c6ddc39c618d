import 'server-only'
// One item's chain, checked while its page renders. Every item's chain at once is a background run (./verification-runs.ts), never done while a page waits.
import { db } from '../db'
import { CHAIN_EVENT_SELECT, verifyItemEvents, type ChainResult } from './chain'

export { CHAIN_EVENT_SELECT, verifyItemEvents, type ChainEvent, type ChainResult } from './chain'

/** Recompute one item's chain of custody from the database, its head and events read in one statement (one snapshot). Callers authorize. Null: no such item. */
export async function verifyItemChain(itemId: string): Promise<ChainResult | null> {
  const item = await db.evidenceItem.findUnique({
    where: { id: itemId },
    select: { headSequence: true, headHash: true, custodyEvents: { orderBy: { sequence: 'asc' }, select: CHAIN_EVENT_SELECT } },
  })
  return item ? verifyItemEvents(item.custodyEvents, item) : null
}

/**
 * `npx tsx --conditions=react-server scripts/bench-chain.ts [events]`: how long
 * the product's verifier (lib/server/evidence/chain.ts verifyItemEvents, as
 * the evidence item page calls it) takes on one chain of 10,000 custody events
 * (issue 10: ≤ 100 ms). Builds the chain in memory with custodyHash, then
 * times 15 verifications after 3 warm-up runs; prints JSON.
 */
import { custodyHash, type CustodyContent } from '@/lib/custody'
import { GENESIS_HASH } from '@/lib/hash-chain'
import { verifyItemEvents, type ChainEvent } from '@/lib/server/evidence/chain'

export function buildChain(length: number): ChainEvent[] {
  const events: ChainEvent[] = []
  let prev = GENESIS_HASH
  const item = '0194b3a0-0000-7000-8000-000000000001'
  for (let i = 1; i <= length; i++) {
    const c: CustodyContent = {
      evidenceItemId: item,
      sequence: i,
      action: i === 1 ? 'COLLECTED' : i % 2 ? 'CHECKED_IN' : 'CHECKED_OUT',
      occurredAt: new Date(1_700_000_000_000 + i * 60_000),
      actorId: '0194b3a0-0000-7000-8000-000000000002',
      fromUserId: i % 2 ? '0194b3a0-0000-7000-8000-000000000003' : null,
      toUserId: '0194b3a0-0000-7000-8000-000000000002',
      locationId: '0194b3a0-0000-7000-8000-000000000004',
      place: null,
      labName: null,
      purpose: i % 2 ? null : 'Examination',
      sealIntact: true,
      notes: null,
    }
    const hash = custodyHash(prev, c)
    events.push({ ...c, id: `event-${i}`, prevHash: prev, hash })
    prev = hash
  }
  return events
}

export function benchChain(length = 10_000, runs = 15): { events: number; runs: number; p50_ms: number; max_ms: number; ok: boolean } {
  const events = buildChain(length)
  const head = { headSequence: length, headHash: events.at(-1)!.hash }
  let ok = true
  for (let i = 0; i < 3; i++) ok &&= verifyItemEvents(events, head).ok
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    ok &&= verifyItemEvents(events, head).ok
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { events: length, runs, p50_ms: Number(times[Math.floor(runs / 2)]!.toFixed(2)), max_ms: Number(times.at(-1)!.toFixed(2)), ok }
}

if (process.argv[1]?.endsWith('bench-chain.ts')) {
  console.log(JSON.stringify(benchChain(Number(process.argv[2] ?? 10_000))))
}

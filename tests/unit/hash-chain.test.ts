import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { custodyCanonicalJson, custodyContent, custodyHash, type CustodyContent } from '@/lib/custody'
import { canonicalJson, chainHash, GENESIS_HASH, verifyChain } from '@/lib/hash-chain'

describe('hash chains', () => {
  it('hashes prevHash followed by the canonical JSON (keys sorted, dates as ISO strings), as every stored hash was', () => {
    const content = { b: 1, a: [new Date(0), null], c: { y: 'é', x: true } }
    expect(canonicalJson(content)).toBe('{"a":["1970-01-01T00:00:00.000Z",null],"b":1,"c":{"x":true,"y":"é"}}')
    const expected = createHash('sha256').update(GENESIS_HASH).update(canonicalJson(content)).digest('hex')
    expect(chainHash(GENESIS_HASH, content)).toBe(expected)
  })

  it('writes a custody event exactly as canonicalJson(custodyContent(…)) does, on 5,000 random events', { timeout: 60_000 }, () => {
    let seed = 7
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    // Every kind of character JSON.stringify escapes (quote, backslash, controls, lone surrogates) and some it does not (U+2028, DEL, pairs).
    const text = () => (rand() < 0.3 ? null : ['', 'Room "A"', 'back\\slash', 'line\nbreak', 'é€😀', '\u0001\u2028', 'Examination', 'lone \ud800 high', 'lone \udfff low', 'tab\tand\u007f', '\u001f'][Math.floor(rand() * 11)]!)
    const uuid = () => (rand() < 0.3 ? null : '0194b3a0-0000-7000-8000-00000000000' + Math.floor(rand() * 10))
    for (let i = 0; i < 5_000; i++) {
      const e: CustodyContent = {
        evidenceItemId: uuid() ?? 'x',
        sequence: Math.floor(rand() * 100_000),
        action: ['COLLECTED', 'STORED', 'CHECKED_OUT'][i % 3]!,
        occurredAt: rand() < 0.5 ? new Date(Math.floor(rand() * 4e12)) : new Date(Math.floor(rand() * 4e12)).toISOString(),
        actorId: uuid() ?? 'y',
        fromUserId: uuid(),
        toUserId: uuid(),
        locationId: uuid(),
        place: text(),
        labName: text(),
        purpose: text(),
        sealIntact: rand() < 0.3 ? null : rand() < 0.5,
        notes: text(),
      }
      expect(custodyCanonicalJson(e)).toBe(canonicalJson(custodyContent(e)))
      expect(custodyHash(GENESIS_HASH, e)).toBe(chainHash(GENESIS_HASH, custodyContent(e)))
    }
  })

  it('verifies a 10,000-event custody chain and names the event that was altered', { timeout: 60_000 }, () => {
    const links = []
    let prev = GENESIS_HASH
    for (let i = 1; i <= 10_000; i++) {
      const content = custodyContent({ evidenceItemId: '0194b3a0-0000-7000-8000-000000000001', sequence: i, action: i % 2 ? 'CHECKED_OUT' : 'CHECKED_IN', occurredAt: new Date(1_700_000_000_000 + i * 60_000), actorId: '0194b3a0-0000-7000-8000-000000000002', fromUserId: null, toUserId: null, locationId: null, place: null, labName: null, purpose: 'Examination', sealIntact: true, notes: null })
      const hash = custodyHash(prev, content)
      links.push({ content, prevHash: prev, hash, label: `event ${i}` })
      prev = hash
    }
    expect(verifyChain(links)).toEqual({ ok: true, count: 10_000, headHash: prev })
    links[6_000] = { ...links[6_000]!, content: { ...links[6_000]!.content, notes: 'changed' } }
    expect(verifyChain(links)).toMatchObject({ ok: false, brokenAt: 'event 6001', reason: 'hash-mismatch' })
    expect(chainHash(GENESIS_HASH, links[0]!.content)).toBe(links[0]!.hash)
  })
})

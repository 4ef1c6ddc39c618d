import { describe, expect, it } from 'vitest'
import { infixPattern, MAX_WORDS, prefixPattern, searchPlan } from './plan'

describe('search plan', () => {
  it('searches words by full text, and looks up only plain words of 3+ letters in the lexicon', () => {
    expect(searchPlan('  Rexx  warehouse ')).toEqual({ words: ['rexx', 'warehouse'], fuzzy: [true, true], syntax: false, code: null })
    expect(searchPlan('Al K-9 Okafor').fuzzy).toEqual([false, false, true])
    expect(searchPlan("O'Brien café").words).toEqual(["o'brien", 'café'])
    expect(searchPlan("O'Brien café").fuzzy).toEqual([false, true])
  })

  it('treats one token with a digit as a number or code, not as words', () => {
    expect(searchPlan('EV-2026-00')).toEqual({ words: [], fuzzy: [], syntax: false, code: 'ev-2026-00' })
    expect(searchPlan(' S-0004 ').code).toBe('s-0004')
    expect(searchPlan('"2024-0012"').code).toBe('2024-0012')
    // Two tokens are words, even with a number among them.
    expect(searchPlan('Rex 2024')).toMatchObject({ words: ['rex', '2024'], code: null })
  })

  it('recognises web-search syntax: a quoted phrase, or, -word', () => {
    expect(searchPlan('"metal pipe"').syntax).toBe(true)
    expect(searchPlan('Rex -Kira').syntax).toBe(true)
    expect(searchPlan('Rex or Kira').syntax).toBe(true)
    expect(searchPlan('K-9 Rex').syntax).toBe(false)
    expect(searchPlan('orchard').syntax).toBe(false)
  })

  it(`keeps at most ${MAX_WORDS} words`, () => {
    expect(searchPlan('a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11').words).toHaveLength(MAX_WORDS)
  })

  it('escapes LIKE wildcards in prefixes and parts', () => {
    expect(prefixPattern('ev-2026_0%')).toBe('ev-2026\\_0\\%%')
    expect(infixPattern('a\\b')).toBe('%a\\\\b%')
  })
})

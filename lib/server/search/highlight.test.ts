import { describe, expect, it } from 'vitest'
import { highlight, queryTerms, snippet, trigramSimilarity } from './highlight'

describe('search highlighting', () => {
  it('marks every occurrence of a term, case-insensitively, and keeps the text intact', () => {
    const s = highlight('Rex and REX and rexford', ['rex'])
    expect(s.map((x) => x.text).join('')).toBe('Rex and REX and rexford')
    expect(s.filter((x) => x.match).map((x) => x.text)).toEqual(['Rex', 'REX', 'rex'])
  })

  it('marks a word that is a typo of a term ("Rexx" → Rex) but not an unrelated one', () => {
    expect(trigramSimilarity('rexx', 'Rex')).toBeGreaterThanOrEqual(0.45)
    const s = highlight('Rex (K9-101) and Max', queryTerms('Rexx'))
    expect(s.filter((x) => x.match).map((x) => x.text)).toEqual(['Rex'])
  })

  it('marks a partial number inside a longer one', () => {
    const s = highlight('EV-2026-000001 · Ballistic', queryTerms('EV-2026-00'))
    expect(s[0]).toEqual({ text: 'EV-2026-00', match: true })
  })

  it('leaves markup as text: segments are data, never HTML', () => {
    const s = highlight('<img src=x onerror=alert(1)> pipe', ['pipe'])
    expect(s.map((x) => x.text).join('')).toBe('<img src=x onerror=alert(1)> pipe')
    expect(s.find((x) => x.match)?.text).toBe('pipe')
  })

  it('cuts a window around the first match of a long text', () => {
    const long = `${'a '.repeat(200)}metal pipe${' b'.repeat(200)}`
    const s = snippet(long, ['pipe'])
    expect(s[0]!.text).toBe('…')
    expect(s.at(-1)!.text).toBe('…')
    expect(s.some((x) => x.match && x.text === 'pipe')).toBe(true)
  })
})

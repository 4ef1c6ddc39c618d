import { describe, expect, it } from 'vitest'
import { rankCandidates, severityOf, type CandidateInput } from '@/lib/server/investigations/finder-rank'

const DAY = 86_400_000
const day0 = new Date('2026-11-21T00:00:00Z')
const at = (days: number, hours = 0) => new Date(day0.getTime() + days * DAY + hours * 3_600_000)

function dep(id: string, days: number, exposures: string[], extra: Partial<CandidateInput> = {}): CandidateInput {
  return { id, deployedAt: at(days), exposures, exposureNotes: null, injuryObserved: false, injuryDescription: null, ...extra }
}

describe('rankCandidates', () => {
  it('orders shot at > gunfire nearby > struck > other exposure > none', () => {
    const ranked = rankCandidates(
      [
        dep('none', -5, []),
        dep('heat', -6, ['HEAT']),
        dep('struck', -14, ['STRUCK']),
        dep('gunfire', -240, ['GUNFIRE_NEARBY']),
        dep('shot', -97, ['SHOT_AT']),
        dep('fall', -60, ['FALL']),
      ],
      [],
    )
    expect(ranked.map((r) => r.id)).toEqual(['shot', 'gunfire', 'struck', 'fall', 'heat', 'none'])
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('breaks ties by recency, and a deployment counts by its worst exposure', () => {
    const ranked = rankCandidates([dep('old-shot', -300, ['SHOT_AT']), dep('recent-mixed', -20, ['SMOKE', 'SHOT_AT']), dep('recent-gunfire', -10, ['GUNFIRE_NEARBY'])], [])
    expect(ranked.map((r) => r.id)).toEqual(['recent-mixed', 'old-shot', 'recent-gunfire'])
    expect(severityOf(['SMOKE', 'SHOT_AT'])).toBe(severityOf(['SHOT_AT']))
    expect(severityOf([])).toBe(0)
  })

  it('explains each candidate in words and flags an exposure with no vet exam within 72 h', () => {
    const [shot] = rankCandidates(
      [dep('shot', -97, ['SHOT_AT'], { exposureNotes: 'Two rounds fired toward handler and dog at about 15 m. Rex yelped once and kept working.' })],
      [{ at: at(-90), kind: 'EXAM' }],
    )
    expect(shot!.reason).toBe('Shot at: two rounds fired toward handler and dog at about 15 m. Rex yelped once and kept working; no vet exam within 72 h afterwards')
    expect(shot!.unexamined).toBe(true)
    expect(shot!.examinedAt).toBeNull()
  })

  it('does not flag an exposure followed by an exam or emergency visit within 72 h, and says when', () => {
    const ranked = rankCandidates(
      [dep('struck', -14, ['STRUCK']), dep('fall', -60, ['FALL'])],
      [
        { at: at(-14, 5), kind: 'EXAM' },
        { at: at(-60, 71), kind: 'EMERGENCY' },
      ],
    )
    expect(ranked.map((r) => [r.id, r.unexamined])).toEqual([['struck', false], ['fall', false]])
    expect(ranked[0]!.reason).toBe('Struck; seen by a vet 5 h later')
    expect(ranked[0]!.examinedAt).toEqual(at(-14, 5))
  })

  it('counts only exams and emergencies, only after the deployment and only within 72 h', () => {
    const ranked = rankCandidates(
      [dep('a', -30, ['BITTEN']), dep('b', -50, ['BITTEN']), dep('c', -70, ['BITTEN'])],
      [
        { at: at(-30, 10), kind: 'IMAGING' }, // not an exam
        { at: at(-50, -1), kind: 'EXAM' }, // before the deployment
        { at: at(-70, 73), kind: 'EXAM' }, // too late
      ],
    )
    expect(ranked.every((r) => r.unexamined)).toBe(true)
  })

  it('never flags a deployment without exposure, and names it', () => {
    const [none] = rankCandidates([dep('none', -3, [])], [])
    expect(none!.unexamined).toBe(false)
    expect(none!.reason).toBe('No exposure recorded')
  })

  it('mentions an observed injury and names the exposures worst first', () => {
    const [d] = rankCandidates([dep('x', -3, ['FALL', 'STRUCK'], { injuryObserved: true, injuryDescription: 'Limping on the right foreleg.' })], [{ at: at(-3, 2), kind: 'EXAM' }])
    expect(d!.reason).toBe('Struck and fall; injury observed: limping on the right foreleg; seen by a vet 2 h later')
  })

  it('claims no gap when the medical records are not visible to the actor', () => {
    const [d] = rankCandidates([dep('x', -3, ['SHOT_AT'])], null)
    expect(d!.unexamined).toBe(false)
    expect(d!.reason).toBe('Shot at; vet records not visible to you')
  })
})

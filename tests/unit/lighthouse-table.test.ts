import { describe, expect, it } from 'vitest'
import { lighthouseTable, type LighthouseScore } from '../../scripts/lighthouse'

/**
 * The Lighthouse report's table (scripts/lighthouse.ts, also in the bench's
 * report): besides the scores, each run's host benchmark index, the browser
 * and the median run's main-thread work, so that a drop in the Total Blocking
 * Time can be told apart: a slower host, another browser, or a heavier page.
 */
const row = (over: Partial<LighthouseScore> = {}): LighthouseScore => ({
  page: 'incident list',
  path: '/incidents',
  formFactor: 'mobile',
  performance: 71,
  accessibility: 100,
  bestPractices: 100,
  seo: 100,
  metrics: { fcp_ms: 816, lcp_ms: 2871, tbt_ms: 1313, cls: 0, si_ms: 2000 },
  runs: [
    { performance: 71, fcp_ms: 816, lcp_ms: 2871, tbt_ms: 1313, load: 2.0, benchmark_index: 1602 },
    { performance: 80, fcp_ms: 800, lcp_ms: 2500, tbt_ms: 700, load: 1.5, benchmark_index: 2853 },
  ],
  main_thread_ms: { Other: 1777, 'Script Evaluation': 1077, 'Style & Layout': 600 },
  browser: 'HeadlessChrome/156.0.0.0',
  failing: [],
  warnings: [],
  ...over,
})

describe('lighthouseTable', () => {
  it("shows each run's host benchmark index beside its score", () => {
    const lines = lighthouseTable([row()]).split('\n')
    expect(lines[0]).toContain('host benchmark index (runs)')
    expect(lines[2]).toMatch(/\| 71, 80 \| 1602, 2853 \|$/)
  })

  it('names the browser once and lists the main-thread work of each page, largest first as measured', () => {
    const text = lighthouseTable([row(), row({ formFactor: 'desktop', main_thread_ms: { Other: 248 } })])
    expect(text.match(/Browser: HeadlessChrome\/156\.0\.0\.0\./g)).toHaveLength(1)
    expect(text).toContain('- incident list (mobile): Other 1777 · Script Evaluation 1077 · Style & Layout 600')
    expect(text).toContain('- incident list (desktop): Other 248')
  })

  it('says n/a for a run without a benchmark index and a page without a breakdown', () => {
    const text = lighthouseTable([row({ runs: [{ performance: 90, fcp_ms: null, lcp_ms: null, tbt_ms: null, load: 1, benchmark_index: null }], main_thread_ms: {} })])
    expect(text).toMatch(/\| 90 \| n\/a \|/)
    expect(text).toContain('- incident list (mobile): n/a')
  })
})

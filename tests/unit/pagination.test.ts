import { describe, expect, it } from 'vitest'
import { countCap, MAX_LISTED, MAX_MATCHED, pagesOf, pageWindow } from '@/lib/server/pagination'

describe('numbered lists at scale', () => {
  it('counts one past the cap, and says "more" only beyond it', () => {
    expect(countCap).toBe(MAX_LISTED + 1)
    expect(pagesOf(0, 25)).toEqual({ total: 0, more: false, pageCount: 0 })
    expect(pagesOf(26, 25)).toEqual({ total: 26, more: false, pageCount: 2 })
    expect(pagesOf(MAX_LISTED, 25)).toEqual({ total: MAX_LISTED, more: false, pageCount: 400 })
    expect(pagesOf(MAX_LISTED + 1, 25)).toEqual({ total: MAX_LISTED, more: true, pageCount: 400 })
  })

  it('serves no page deeper than the cap, and skips the rows before the page served', () => {
    expect(pageWindow(1, 25)).toEqual({ page: 1, skip: 0 })
    expect(pageWindow(3, 25)).toEqual({ page: 3, skip: 50 })
    expect(pageWindow(400, 25)).toEqual({ page: 400, skip: 9_975 })
    expect(pageWindow(4_000, 25)).toEqual({ page: 400, skip: 9_975 })
    expect(pageWindow(0, 25)).toEqual({ page: 1, skip: 0 })
  })

  it('a list narrowed by its search box stops at its own, smaller cap', () => {
    expect(pagesOf(MAX_MATCHED + 1, 25, MAX_MATCHED)).toEqual({ total: MAX_MATCHED, more: true, pageCount: 40 })
    expect(pageWindow(400, 25, MAX_MATCHED)).toEqual({ page: 40, skip: 975 })
  })
})

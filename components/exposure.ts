import type { BadgeTone } from './ui/badge'

/** How bad an exposure is for the dog, most serious first (also the finder's ranking). */
export const EXPOSURE_SEVERITY: Record<string, number> = {
  SHOT_AT: 5,
  GUNFIRE_NEARBY: 4,
  STRUCK: 3,
  BITTEN: 2,
  FALL: 2,
  HEAT: 1,
  SMOKE: 1,
  CHEMICAL: 1,
  OTHER: 1,
}

export function exposureTone(exposure: string): BadgeTone {
  const s = EXPOSURE_SEVERITY[exposure] ?? 0
  return s >= 4 ? 'red' : s >= 2 ? 'amber' : 'violet'
}

export const STATUS_TONE: Record<string, BadgeTone> = {
  ACTIVE: 'green',
  RESTRICTED: 'amber',
  UNFIT: 'red',
  RETIRED: 'neutral',
  DECEASED: 'neutral',
}

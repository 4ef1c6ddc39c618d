import 'server-only'
import { EXPOSURE_SEVERITY } from '@/components/exposure'
import { humanize } from '@/lib/format'

/**
 * The candidate-incident finder's ranking, kept pure so it is tested without a
 * database (tests/unit/finder.test.ts). The order is the detective's rule of
 * thumb for a bullet found in a dog: shot at > gunfire nearby > struck >
 * other exposures > none (components/exposure.ts EXPOSURE_SEVERITY); ties go
 * to the more recent deployment.
 */

/** A vet visit that counts as the dog having been looked at after an exposure. */
export const EXAM_KINDS = ['EXAM', 'EMERGENCY'] as const
export const EXAM_WINDOW_HOURS = 72

export type CandidateInput = {
  id: string
  deployedAt: Date
  exposures: readonly string[]
  exposureNotes: string | null
  injuryObserved: boolean
  injuryDescription: string | null
}

export type VetVisit = { at: Date; kind: string }

export type RankedCandidate<T extends CandidateInput> = T & {
  /** 1 = most likely. */
  rank: number
  /** The worst exposure's severity, 0 for none. */
  severity: number
  /** The reason in words, e.g. "Shot at: two rounds fired toward handler and dog…; no vet exam within 72 h afterwards". */
  reason: string
  /** An exposure never followed by a vet exam or emergency visit within 72 h: the gap that matters. */
  unexamined: boolean
  /** The first exam within 72 h, when there was one. */
  examinedAt: Date | null
}

export function severityOf(exposures: readonly string[]): number {
  return exposures.reduce((max, e) => Math.max(max, EXPOSURE_SEVERITY[e] ?? 1), 0)
}

function sentence(text: string): string {
  const t = text.trim().replace(/[.;]+$/, '')
  return t.charAt(0).toLowerCase() + t.slice(1)
}

function hoursBetween(a: Date, b: Date): number {
  return Math.round((b.getTime() - a.getTime()) / 3_600_000)
}

/**
 * Rank a dog's deployments by how likely they caused the injury.
 * `visits` are the dog's vet visits (any kind; only EXAM and EMERGENCY count),
 * or null when the actor may not see the dog's medical records: then no gap is
 * claimed either way and the reason says so.
 */
export function rankCandidates<T extends CandidateInput>(deployments: readonly T[], visits: readonly VetVisit[] | null): Array<RankedCandidate<T>> {
  const exams = visits
    ?.filter((v) => (EXAM_KINDS as readonly string[]).includes(v.kind))
    .map((v) => v.at.getTime())
    .sort((a, b) => a - b)
  const scored = deployments.map((d) => {
    const severity = severityOf(d.exposures)
    const exposed = d.exposures.length > 0
    const start = d.deployedAt.getTime()
    const end = start + EXAM_WINDOW_HOURS * 3_600_000
    const examAt = exams?.find((t) => t >= start && t <= end)
    const examinedAt = examAt === undefined ? null : new Date(examAt)
    const unexamined = exposed && exams !== undefined && examinedAt === null
    const parts: string[] = []
    if (exposed) {
      const ordered = [...d.exposures].sort((a, b) => (EXPOSURE_SEVERITY[b] ?? 1) - (EXPOSURE_SEVERITY[a] ?? 1))
      const label = ordered.map((e, i) => (i === 0 ? humanize(e) : humanize(e).toLowerCase())).join(' and ')
      parts.push(d.exposureNotes ? `${label}: ${sentence(d.exposureNotes)}` : label)
    } else {
      parts.push('No exposure recorded')
    }
    if (d.injuryObserved) parts.push(`injury observed${d.injuryDescription ? `: ${sentence(d.injuryDescription)}` : ''}`)
    if (exposed) {
      if (exams === undefined) parts.push('vet records not visible to you')
      else if (examinedAt) parts.push(`seen by a vet ${hoursBetween(d.deployedAt, examinedAt)} h later`)
      else parts.push(`no vet exam within ${EXAM_WINDOW_HOURS} h afterwards`)
    }
    return { ...d, severity, reason: parts.join('; '), unexamined, examinedAt }
  })
  scored.sort((a, b) => b.severity - a.severity || b.deployedAt.getTime() - a.deployedAt.getTime() || a.id.localeCompare(b.id))
  return scored.map((s, i) => ({ ...s, rank: i + 1 }))
}

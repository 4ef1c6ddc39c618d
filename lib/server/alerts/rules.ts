import 'server-only'
import type { Exposure, MedicalRecordKind } from '@/lib/generated/prisma/enums'
import { humanize } from '@/lib/format'

/** The welfare pathway's pure rules (no database), shared by commands, queries and the sweep. */

/** Medical record kinds that count as the dog having been examined. */
export const RESOLVING_KINDS: readonly MedicalRecordKind[] = ['EXAM', 'EMERGENCY', 'FOLLOW_UP']

export function vetCheckKey(deploymentId: string): string {
  return `vet-check:${deploymentId}`
}

export function vetCheckTitle(dogName: string, exposures: readonly Exposure[]): string {
  const what = exposures.map((e) => humanize(e).toLowerCase()).join(', ')
  return `Vet check due: ${dogName} (${what})`
}

/** Overdue: unresolved and past due (the sweep stamps overdueAt; the clock decides between sweeps). */
export function isOverdue(a: { status: string; dueAt: Date }, now = new Date()): boolean {
  return a.status !== 'RESOLVED' && a.dueAt < now
}

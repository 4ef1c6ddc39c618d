import 'server-only'
import type { Exposure, MedicalRecordKind } from '@/lib/generated/prisma/enums'
import { humanize } from '@/lib/format'

/** The welfare pathway's pure rules (no database), shared by commands, queries and the sweep. */

/**
 * Medical record kinds that count as the dog having been examined by a vet
 * (docs/decisions/018-medical-records.md): an exam, an emergency admission,
 * a follow-up, and a surgery (the surgeon examines the dog before
 * anaesthesia). Imaging alone (images may be taken by a technician and read
 * elsewhere), a discharge and a euthanasia decision do not.
 */
export const RESOLVING_KINDS: readonly MedicalRecordKind[] = ['EXAM', 'EMERGENCY', 'FOLLOW_UP', 'SURGERY']

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

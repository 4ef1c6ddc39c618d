import 'server-only'
import type { Exposure, MedicalRecordKind } from '@/lib/generated/prisma/enums'
import { AppError } from '@/lib/errors'
import type { AcknowledgeAlertInput } from '@/lib/schemas/alerts'
import { SYSTEM_ACTOR, type Actor, type AnyActor } from '../actor'
import { recordAudit } from '../audit'
import { db, type Tx } from '../db'
import { env } from '../env'
import { assertCan } from '../policy'
import { RESOLVING_KINDS, vetCheckKey, vetCheckTitle } from './rules'
import { alertScope, UNRESOLVED } from './scope'

/**
 * The welfare pathway (issue 8, DESIGN.md "What no existing product does" 1):
 * a deployment with an exposure raises a "vet check due" alert; an exam of
 * that dog after the exposure resolves it; the sweep (./sweep.ts) marks what
 * is overdue. Every state change happens inside the writer's transaction or
 * the sweep's, never in a timer, so any number of app instances agree.
 */

const HOUR = 3_600_000

export { RESOLVING_KINDS, vetCheckKey, vetCheckTitle } from './rules'

/** What a vet-check alert needs to know about its deployment. */
export type VetCheckDeployment = { id: string; dogId: string; deployedAt: Date; exposures: readonly Exposure[] }

/** The exam that settles a deployment's vet check: the first examining record of the dog at or after the exposure. */
async function firstExamAfter(tx: Tx, dogId: string, at: Date) {
  return tx.medicalRecord.findFirst({
    where: { dogId, archivedAt: null, kind: { in: [...RESOLVING_KINDS] }, occurredAt: { gte: at } },
    orderBy: { occurredAt: 'asc' },
    select: { id: true, occurredAt: true },
  })
}

/**
 * Raises the "vet check due" alert for a deployment with at least one
 * exposure. Call it inside the transaction that writes (or edits) the
 * deployment, after the deployment row exists:
 *
 *   await raiseVetCheckForDeployment(tx, { id, dogId, deployedAt, exposures })
 *
 * Idempotent: the alert's dedupeKey is `vet-check:<deploymentId>`, so a
 * second call (an edit, a retry, the sweep's backfill) changes nothing. Due
 * VET_CHECK_DUE_HOURS (default 72) after deployedAt. If the dog was already
 * examined after the exposure (a deployment logged late) the alert is born
 * resolved by that exam; if it is already past due, it is born overdue.
 * Audits `alerts.raised` as the system. Returns the alert id, or null when
 * there was no exposure or the alert already existed.
 */
export async function raiseVetCheckForDeployment(tx: Tx, deployment: VetCheckDeployment): Promise<string | null> {
  if (deployment.exposures.length === 0) return null
  const dedupeKey = vetCheckKey(deployment.id)
  const existing = await tx.alert.findUnique({ where: { dedupeKey }, select: { id: true } })
  if (existing) return null
  const dog = await tx.dog.findUnique({ where: { id: deployment.dogId }, select: { name: true } })
  if (!dog) throw new AppError('NOT_FOUND', 'No such dog.')
  const now = new Date()
  const dueAt = new Date(deployment.deployedAt.getTime() + env().VET_CHECK_DUE_HOURS * HOUR)
  const exam = await firstExamAfter(tx, deployment.dogId, deployment.deployedAt)
  // ON CONFLICT DO NOTHING: two writers racing on the same deployment raise it once.
  const created = await tx.alert.createManyAndReturn({
    data: [
      {
        kind: 'VET_CHECK_DUE',
        status: exam ? 'RESOLVED' : 'OPEN',
        dedupeKey,
        dogId: deployment.dogId,
        deploymentId: deployment.id,
        title: vetCheckTitle(dog.name, deployment.exposures),
        raisedAt: now,
        dueAt,
        overdueAt: !exam && dueAt < now ? dueAt : exam && exam.occurredAt > dueAt ? dueAt : null,
        resolvedAt: exam?.occurredAt ?? null,
        resolvedByRecordId: exam?.id ?? null,
      },
    ],
    skipDuplicates: true,
    select: { id: true },
  })
  const id = created[0]?.id ?? null
  if (id) {
    await recordAudit(tx, SYSTEM_ACTOR, 'alerts.raised', { type: 'Alert', id }, { details: { kind: 'VET_CHECK_DUE', deploymentId: deployment.id, dogId: deployment.dogId, dueAt: dueAt.toISOString(), resolvedByRecordId: exam?.id ?? null } })
  }
  return id
}

/**
 * Resolves the dog's unresolved vet-check alerts whose exposure happened at
 * or before this record, when the record is an exam, an emergency admission
 * or a follow-up. Call it inside the transaction that writes the medical
 * record:
 *
 *   await resolveVetChecksForExam(tx, { id, dogId, kind, occurredAt }, actor)
 *
 * An acknowledged alert is resolved too (acknowledging is not an exam).
 * Idempotent; audits `alerts.resolved` with the actor (the system when
 * omitted). Returns the ids of the alerts it resolved.
 */
export async function resolveVetChecksForExam(
  tx: Tx,
  record: { id: string; dogId: string; kind: MedicalRecordKind; occurredAt: Date },
  actor: AnyActor = SYSTEM_ACTOR,
): Promise<string[]> {
  if (!RESOLVING_KINDS.includes(record.kind)) return []
  const where = {
    kind: 'VET_CHECK_DUE' as const,
    dogId: record.dogId,
    status: { in: [...UNRESOLVED] },
    OR: [{ deployment: { deployedAt: { lte: record.occurredAt } } }, { deploymentId: null, raisedAt: { lte: record.occurredAt } }],
  }
  const alerts = await tx.alert.findMany({ where, select: { id: true }, take: 100 })
  if (alerts.length === 0) return []
  const ids = alerts.map((a) => a.id)
  await tx.alert.updateMany({
    where: { id: { in: ids }, status: { in: [...UNRESOLVED] } },
    data: { status: 'RESOLVED', resolvedAt: record.occurredAt, resolvedByRecordId: record.id, version: { increment: 1 } },
  })
  await recordAudit(tx, actor, 'alerts.resolved', { type: 'MedicalRecord', id: record.id }, { details: { alertIds: ids, kind: record.kind } })
  return ids
}

/**
 * Needs alerts:acknowledge and the alert in the actor's scope (else
 * NOT_FOUND). The note is required (the schema says so). An acknowledged
 * vet check stays unresolved until an exam: the dog's fitness stays
 * unconfirmed. Optimistic on `version`. Audits alerts.acknowledged.
 */
export async function acknowledgeAlert(actor: Actor, input: AcknowledgeAlertInput) {
  assertCan(actor, 'alerts:acknowledge')
  const scope = alertScope(actor)
  if (!scope) throw new AppError('NOT_FOUND', 'No such alert.')
  return db.$transaction(async (tx) => {
    const alert = await tx.alert.findFirst({ where: { AND: [{ id: input.alertId }, scope] }, select: { id: true, status: true, version: true, kind: true } })
    if (!alert) throw new AppError('NOT_FOUND', 'No such alert.')
    if (alert.status === 'RESOLVED') throw new AppError('CONFLICT', 'This alert has already been resolved; there is nothing to acknowledge.')
    if (alert.status === 'ACKNOWLEDGED') throw new AppError('CONFLICT', 'Someone has already acknowledged this alert. Reload the page to see their note.')
    const now = new Date()
    const { count } = await tx.alert.updateMany({
      where: { id: alert.id, version: input.version, status: 'OPEN' },
      data: { status: 'ACKNOWLEDGED', acknowledgedAt: now, acknowledgedById: actor.id, note: input.note, version: { increment: 1 } },
    })
    if (count === 0) throw new AppError('CONFLICT', 'This alert changed while you were writing. Reload the page, check it, and acknowledge it again.')
    await recordAudit(tx, actor, 'alerts.acknowledged', { type: 'Alert', id: alert.id }, { details: { kind: alert.kind, note: input.note } })
    return { id: alert.id, acknowledgedAt: now }
  })
}

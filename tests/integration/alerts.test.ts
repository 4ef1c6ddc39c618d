import pg from 'pg'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { isAppError } from '@/lib/errors'
import type { Role } from '@/lib/generated/prisma/enums'
import { AcknowledgeAlertSchema } from '@/lib/schemas/alerts'
import type { Actor } from '@/lib/server/actor'
import { acknowledgeAlert, raiseVetCheckForDeployment, resolveVetChecksForExam, vetCheckKey } from '@/lib/server/alerts/commands'
import { dogsWithFitnessUnconfirmed, listAlerts, listUnresolvedAlerts } from '@/lib/server/alerts/queries'
import { runSweep, sweepIfStale, SWEEP_EVERY_MINUTES, SWEEP_JOB } from '@/lib/server/alerts/sweep'
import { db } from '@/lib/server/db'

/**
 * The welfare pathway on this file's own database (no seed): raise, overdue,
 * resolve by exam, acknowledge with a note, and the sweep under its lease.
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR
let seq = 0

async function makeUser(role: Role, withHandler = false): Promise<Actor> {
  const n = ++seq
  const u = await db.user.create({ data: { email: `alerts-${n}@k9.test`, name: `Alerts ${role} ${n}`, role, passwordHash: 'x' }, select: { id: true, email: true, name: true, role: true } })
  const handler = withHandler
    ? await db.handler.create({ data: { badgeNumber: `A-${n}`, firstName: 'Pat', lastName: `Handler${n}`, rank: 'Officer', unit: 'K-9', userId: u.id }, select: { id: true } })
    : null
  return { ...u, handlerId: handler?.id ?? null, sessionId: null, ip: null, userAgent: null }
}

async function makeDog(name: string, handlerId?: string | null) {
  const n = ++seq
  const dog = await db.dog.create({ data: { k9Number: `K9-A${n}`, name, breed: 'Malinois', sex: 'MALE', dateOfBirth: new Date('2020-01-01') }, select: { id: true } })
  if (handlerId) await db.handlerAssignment.create({ data: { dogId: dog.id, handlerId, startedAt: new Date(Date.now() - 400 * DAY), openDogId: dog.id } })
  return dog.id
}

async function makeDeployment(dogId: string, handlerId: string, reporterId: string, deployedAt: Date, exposures: Array<'STRUCK' | 'FALL' | 'SHOT_AT'>) {
  const n = ++seq
  const incident = await db.incident.create({
    data: { number: `INC-T-${n}`, type: 'PURSUIT', occurredAt: deployedAt, locationText: 'Test Street', narrative: 'Test pursuit.', reportingOfficerId: reporterId },
    select: { id: true },
  })
  return db.deployment.create({
    data: { incidentId: incident.id, incidentOccurredAt: deployedAt, dogId, handlerId, task: 'APPREHENSION', outcome: 'APPREHENDED', exposures, deployedAt, loggedById: reporterId },
    select: { id: true, dogId: true, deployedAt: true, exposures: true },
  })
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error.code
    throw error
  }
  return 'OK'
}

let officer: Actor
let otherOfficer: Actor
let vet: Actor
let supervisor: Actor
let detective: Actor
let tech: Actor

beforeAll(async () => {
  officer = await makeUser('OFFICER', true)
  otherOfficer = await makeUser('OFFICER', true)
  vet = await makeUser('VETERINARIAN')
  supervisor = await makeUser('SUPERVISOR')
  detective = await makeUser('DETECTIVE')
  tech = await makeUser('EVIDENCE_TECH')
})

describe('vet-check lifecycle', () => {
  it('raises once per deployment with an exposure, due 72 hours later, and audits it', async () => {
    const dogId = await makeDog('Rexa', officer.handlerId)
    const deployedAt = new Date(Date.now() - 2 * HOUR)
    const dep = await makeDeployment(dogId, officer.handlerId!, officer.id, deployedAt, ['STRUCK'])
    const first = await db.$transaction((tx) => raiseVetCheckForDeployment(tx, dep))
    const second = await db.$transaction((tx) => raiseVetCheckForDeployment(tx, dep))
    expect(first).toBeTruthy()
    expect(second).toBeNull()
    const alerts = await db.alert.findMany({ where: { deploymentId: dep.id } })
    expect(alerts).toHaveLength(1)
    expect(alerts[0]!.dedupeKey).toBe(vetCheckKey(dep.id))
    expect(alerts[0]!.status).toBe('OPEN')
    expect(alerts[0]!.dueAt.getTime()).toBe(deployedAt.getTime() + 72 * HOUR)
    expect(alerts[0]!.title).toContain('Rexa')
    expect(await db.auditEvent.count({ where: { action: 'alerts.raised', entityId: first! } })).toBe(1)
    expect((await dogsWithFitnessUnconfirmed(supervisor, [dogId])).has(dogId)).toBe(true)
  })

  it('raises nothing for a deployment without exposure', async () => {
    const dogId = await makeDog('Calm', officer.handlerId)
    const dep = await makeDeployment(dogId, officer.handlerId!, officer.id, new Date(), [])
    expect(await db.$transaction((tx) => raiseVetCheckForDeployment(tx, dep))).toBeNull()
    expect(await db.alert.count({ where: { deploymentId: dep.id } })).toBe(0)
  })

  it('lists unresolved alerts by due time, the first ones with their dog, deployment and incident', async () => {
    const dogId = await makeDog('Ordo', officer.handlerId)
    const dues = [5, 1, 3, 2, 4].map((d) => new Date(Date.now() + d * DAY + 1000 * DAY))
    const made: Array<{ id: string; dueAt: Date; incidentId: string }> = []
    for (const dueAt of dues) {
      const dep = await makeDeployment(dogId, officer.handlerId!, officer.id, new Date(Date.now() - DAY), ['FALL'])
      const full = await db.deployment.findUniqueOrThrow({ where: { id: dep.id }, select: { incidentId: true } })
      const a = await db.alert.create({ data: { kind: 'VET_CHECK_DUE', dedupeKey: `order-${dep.id}`, dogId, deploymentId: dep.id, title: 'Vet check due', raisedAt: new Date(), dueAt }, select: { id: true, dueAt: true } })
      made.push({ ...a, incidentId: full.incidentId })
    }
    const inOrder = [...made].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())
    const all = (await listAlerts(supervisor, { show: 'open', page: 1 })).unresolved.filter((a) => made.some((m) => m.id === a.id))
    expect(all.map((a) => a.id)).toEqual(inOrder.map((a) => a.id))
    const firstTwo = await listUnresolvedAlerts(supervisor, { dogId }, 2)
    expect(firstTwo.map((a) => a.id)).toEqual(inOrder.slice(0, 2).map((a) => a.id))
    expect(firstTwo[0]).toMatchObject({ dog: { name: 'Ordo' }, deployment: { incident: { id: inOrder[0]!.incidentId } } })
  })

  it('pages unresolved alerts 50 at a time, overdue first, with the totals of them all', async () => {
    const dogId = await makeDog('Pagina', officer.handlerId)
    const before = await listAlerts(supervisor, { show: 'open', page: 1 })
    // 60 more: 7 overdue, the rest due in a thousand days and beyond (after every other test's alerts).
    await db.alert.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({ kind: 'VET_CHECK_DUE' as const, dedupeKey: `page-${i}`, dogId, title: `Vet check ${i}`, raisedAt: new Date(), dueAt: new Date(Date.now() + (i < 7 ? -(i + 1) * DAY : (2000 + i) * DAY)) })),
    })
    const first = await listAlerts(supervisor, { show: 'open', page: 1 })
    expect(first.total).toBe(before.total + 60)
    expect(first.overdue).toBe(before.overdue + 7)
    expect(first.unresolved).toHaveLength(50)
    expect(first.pageCount).toBe(Math.ceil(first.total / 50))
    expect(first.unresolved.slice(0, first.overdue).every((a) => a.isOverdue)).toBe(true)
    const last = await listAlerts(supervisor, { show: 'open', page: first.pageCount })
    expect(last.page).toBe(first.pageCount)
    expect(last.unresolved.at(-1)?.title).toBe('Vet check 59')
    // A page past the end is the last page.
    expect((await listAlerts(supervisor, { show: 'open', page: 999 })).page).toBe(first.pageCount)
    await db.alert.deleteMany({ where: { dogId } })
  })

  it('goes overdue in the sweep, shows first for the handler and the supervisor, and is resolved by an exam after the exposure only', async () => {
    const dogId = await makeDog('Thora', officer.handlerId)
    const deployedAt = new Date(Date.now() - 4 * DAY)
    const dep = await makeDeployment(dogId, officer.handlerId!, officer.id, deployedAt, ['STRUCK', 'FALL'])
    // An exam before the exposure does not count.
    await db.medicalRecord.create({ data: { dogId, kind: 'EXAM', occurredAt: new Date(deployedAt.getTime() - DAY), clinic: 'Test clinic', veterinarianId: vet.id } })
    const alertId = (await db.$transaction((tx) => raiseVetCheckForDeployment(tx, dep)))!
    // Born overdue (logged late), and the sweep leaves it so.
    await runSweep()
    let alert = await db.alert.findUniqueOrThrow({ where: { id: alertId } })
    expect(alert.status).toBe('OPEN')
    expect(alert.overdueAt?.getTime()).toBe(alert.dueAt.getTime())

    for (const who of [officer, supervisor]) {
      const list = await listAlerts(who, { show: 'open', page: 1 })
      const row = list.unresolved.find((a) => a.id === alertId)
      expect(row?.isOverdue, who.role).toBe(true)
    }
    // Another officer does not see it at all.
    expect((await listAlerts(otherOfficer, { show: 'open', page: 1 })).unresolved.map((a) => a.id)).not.toContain(alertId)

    // A discharge is not an exam.
    const discharge = await db.medicalRecord.create({ data: { dogId, kind: 'DISCHARGE', occurredAt: new Date(), clinic: 'Test clinic', veterinarianId: vet.id }, select: { id: true, dogId: true, kind: true, occurredAt: true } })
    expect(await db.$transaction((tx) => resolveVetChecksForExam(tx, discharge))).toEqual([])

    const exam = await db.medicalRecord.create({ data: { dogId, kind: 'EXAM', occurredAt: new Date(), clinic: 'Test clinic', veterinarianId: vet.id }, select: { id: true, dogId: true, kind: true, occurredAt: true } })
    expect(await db.$transaction((tx) => resolveVetChecksForExam(tx, exam, vet))).toEqual([alertId])
    alert = await db.alert.findUniqueOrThrow({ where: { id: alertId } })
    expect(alert.status).toBe('RESOLVED')
    expect(alert.resolvedByRecordId).toBe(exam.id)
    expect(alert.resolvedAt?.getTime()).toBe(exam.occurredAt.getTime())
    expect(await db.auditEvent.count({ where: { action: 'alerts.resolved', entityId: exam.id, actorId: vet.id } })).toBe(1)
    expect((await dogsWithFitnessUnconfirmed(supervisor, [dogId])).has(dogId)).toBe(false)
  })

  it('the sweep resolves a vet check when an exam was written without calling resolve', async () => {
    const dogId = await makeDog('Luno', officer.handlerId)
    const dep = await makeDeployment(dogId, officer.handlerId!, officer.id, new Date(Date.now() - 10 * HOUR), ['SHOT_AT'])
    const alertId = (await db.$transaction((tx) => raiseVetCheckForDeployment(tx, dep)))!
    const exam = await db.medicalRecord.create({ data: { dogId, kind: 'EMERGENCY', occurredAt: new Date(Date.now() - HOUR), clinic: 'Test clinic', veterinarianId: vet.id }, select: { id: true } })
    const outcome = await runSweep()
    expect(outcome.ran).toBe(true)
    const alert = await db.alert.findUniqueOrThrow({ where: { id: alertId } })
    expect(alert.status).toBe('RESOLVED')
    expect(alert.resolvedByRecordId).toBe(exam.id)
  })
})

describe('acknowledging', () => {
  it('needs a note, alerts:acknowledge and the alert in scope; records who, when and the note; audited', async () => {
    const dogId = await makeDog('Nova', officer.handlerId)
    const dep = await makeDeployment(dogId, officer.handlerId!, officer.id, new Date(Date.now() - HOUR), ['FALL'])
    const alertId = (await db.$transaction((tx) => raiseVetCheckForDeployment(tx, dep)))!

    expect(AcknowledgeAlertSchema.safeParse({ alertId, version: '1', note: '' }).success).toBe(false)
    expect(AcknowledgeAlertSchema.safeParse({ alertId, version: '1', note: '   ' }).success).toBe(false)
    const input = AcknowledgeAlertSchema.parse({ alertId, version: '1', note: 'Vet booked for tomorrow 9:00 at the clinic.' })

    expect(await codeOf(acknowledgeAlert(vet, input))).toBe('FORBIDDEN')
    expect(await codeOf(acknowledgeAlert(detective, input))).toBe('FORBIDDEN')
    expect(await codeOf(acknowledgeAlert(tech, input))).toBe('FORBIDDEN')
    expect(await codeOf(acknowledgeAlert(otherOfficer, input))).toBe('NOT_FOUND')
    expect(await codeOf(acknowledgeAlert(officer, { ...input, version: 7 }))).toBe('CONFLICT')

    await acknowledgeAlert(officer, input)
    const alert = await db.alert.findUniqueOrThrow({ where: { id: alertId } })
    expect(alert.status).toBe('ACKNOWLEDGED')
    expect(alert.acknowledgedById).toBe(officer.id)
    expect(alert.note).toBe('Vet booked for tomorrow 9:00 at the clinic.')
    expect(await db.auditEvent.count({ where: { action: 'alerts.acknowledged', entityId: alertId, actorId: officer.id } })).toBe(1)
    // Acknowledged is not examined: fitness stays unconfirmed, and a second acknowledgement conflicts.
    expect((await dogsWithFitnessUnconfirmed(officer, [dogId])).has(dogId)).toBe(true)
    expect(await codeOf(acknowledgeAlert(supervisor, { ...input, version: 2 }))).toBe('CONFLICT')
    // The exam still resolves it, and keeps the note.
    const exam = await db.medicalRecord.create({ data: { dogId, kind: 'FOLLOW_UP', occurredAt: new Date(), clinic: 'Test clinic', veterinarianId: vet.id }, select: { id: true, dogId: true, kind: true, occurredAt: true } })
    expect(await db.$transaction((tx) => resolveVetChecksForExam(tx, exam))).toEqual([alertId])
    const resolved = await db.alert.findUniqueOrThrow({ where: { id: alertId } })
    expect(resolved.status).toBe('RESOLVED')
    expect(resolved.note).toBe('Vet booked for tomorrow 9:00 at the clinic.')
  })
})

describe('sweep', () => {
  it('raises certification alerts within 30 days once, and two concurrent sweeps never double anything', async () => {
    const dogId = await makeDog('Kira', officer.handlerId)
    const soon = await db.certification.create({ data: { dogId, kind: 'Patrol Dog I', issuer: 'NAPWDA', issuedAt: new Date(Date.now() - 300 * DAY), expiresAt: new Date(Date.now() + 10 * DAY) }, select: { id: true } })
    const later = await db.certification.create({ data: { dogId, kind: 'Narcotics', issuer: 'NAPWDA', issuedAt: new Date(Date.now() - 30 * DAY), expiresAt: new Date(Date.now() + 200 * DAY) }, select: { id: true } })
    // A deployment whose writer forgot to raise its vet check: the sweep backfills it.
    const dep = await makeDeployment(dogId, officer.handlerId!, officer.id, new Date(Date.now() - 3 * HOUR), ['STRUCK'])

    const outcomes = await Promise.all([runSweep(), runSweep(), runSweep()])
    expect(outcomes.filter((o) => o.ran).length).toBeGreaterThanOrEqual(1)
    await runSweep()

    expect(await db.alert.count({ where: { certificationId: soon.id } })).toBe(1)
    expect(await db.alert.count({ where: { certificationId: later.id } })).toBe(0)
    expect(await db.alert.count({ where: { deploymentId: dep.id } })).toBe(1)
    const certAlert = await db.alert.findFirstOrThrow({ where: { certificationId: soon.id } })
    expect(certAlert.kind).toBe('CERTIFICATION_EXPIRING')
    expect(certAlert.title).toContain('Kira')

    // Renewed: the alert resolves itself on the next sweep.
    await db.certification.update({ where: { id: soon.id }, data: { expiresAt: new Date(Date.now() + 365 * DAY) } })
    await runSweep()
    expect((await db.alert.findUniqueOrThrow({ where: { id: certAlert.id } })).status).toBe('RESOLVED')
    const job = await db.scheduledJob.findUniqueOrThrow({ where: { name: SWEEP_JOB } })
    expect(job.leaseUntil).toBeNull()
    expect(job.lastFinishedAt).not.toBeNull()
  })

  it('takes the lease exactly once when instances race, and does nothing while another holds it', async () => {
    // Many racing for a stale job: exactly one takes it (the others see the lease or the fresh run).
    await db.scheduledJob.update({ where: { name: SWEEP_JOB }, data: { lastFinishedAt: new Date(Date.now() - DAY), leaseUntil: null } })
    const raced = await Promise.all(Array.from({ length: 5 }, () => runSweep({ ifOlderThanMinutes: 5 })))
    expect(raced.filter((o) => o.ran)).toHaveLength(1)

    await db.scheduledJob.update({ where: { name: SWEEP_JOB }, data: { leaseUntil: new Date(Date.now() + 60_000), leaseHolder: 'another-instance' } })
    expect(await runSweep()).toEqual({ ran: false, reason: 'lease-held' })
    await db.scheduledJob.update({ where: { name: SWEEP_JOB }, data: { leaseUntil: new Date(Date.now() - 1000) } })
    expect((await runSweep()).ran).toBe(true)
    // A recent run: the page-load trigger does nothing.
    expect(await runSweep({ ifOlderThanMinutes: 5 })).toEqual({ ran: false, reason: 'recent' })
  })

  it('sweeps on a page load when the last run is stale, and asks the database again only when the next one can be due', async () => {
    let statements = 0
    const original = pg.Client.prototype.query
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements++
      return (original as (...a: unknown[]) => unknown).apply(this, args)
    } as typeof original
    try {
      const stale = new Date(Date.now() - DAY)
      await db.scheduledJob.update({ where: { name: SWEEP_JOB }, data: { lastFinishedAt: stale, leaseUntil: null } })
      await sweepIfStale()
      const after = await db.scheduledJob.findUniqueOrThrow({ where: { name: SWEEP_JOB } })
      expect(after.lastFinishedAt!.getTime()).toBeGreaterThan(stale.getTime())

      // Loads within the next SWEEP_EVERY_MINUTES send nothing to the database.
      statements = 0
      await sweepIfStale()
      await sweepIfStale()
      expect(statements).toBe(0)

      // Past it, the next load asks again (and the database, whose clock has not moved, says the run is recent).
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(Date.now() + (SWEEP_EVERY_MINUTES + 1) * 60_000)
      await sweepIfStale()
      expect(statements).toBeGreaterThan(0)
      const unchanged = await db.scheduledJob.findUniqueOrThrow({ where: { name: SWEEP_JOB } })
      expect(unchanged.lastFinishedAt).toEqual(after.lastFinishedAt)
    } finally {
      vi.useRealTimers()
      pg.Client.prototype.query = original
    }
  })
})

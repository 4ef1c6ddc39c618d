import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import { isAppError } from '@/lib/errors'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import {
  FINDINGS_PER_PAGE,
  getVerificationOverview,
  progressOf,
  requestChainVerification,
  verifyChainsIfDue,
  workOnRun,
} from '@/lib/server/evidence/verification-runs'
import { verifyAllNow } from '../helpers/verification'

/**
 * "Verify all chains" as a background run (lib/server/evidence/verification-runs.ts)
 * against this file's own PostgreSQL: the report it stores, one run at a
 * time, a run resumed by another instance after its worker died, the daily
 * schedule, finished reports that nothing can change, and who may see them.
 */

const people: Record<string, Actor> = {}

async function makeUser(key: string, role: Role): Promise<Actor> {
  const email = `${key}-${randomUUID().slice(0, 8)}@verify.test`
  const u = await db.user.create({ data: { email, name: `${key} (${role})`, role, passwordHash: 'x' }, select: { id: true, email: true, name: true, role: true } })
  return { ...u, handlerId: null, sessionId: null, ip: null, userAgent: null }
}

/**
 * `count` items in one statement. Intact ones have no events (head 0); broken
 * ones claim one event that is not there (the head check catches it, as it
 * would catch events deleted behind the application's back).
 */
async function makeItems(count: number, { broken = false } = {}): Promise<string[]> {
  const rows = await db.evidenceItem.createManyAndReturn({
    data: Array.from({ length: count }, () => ({
      number: `EV-V-${randomUUID().slice(0, 12)}`,
      description: broken ? 'Broken chain' : 'Intact chain',
      category: 'OTHER' as const,
      collectedAt: new Date(),
      collectedById: people.evans!.id,
      collectedAtPlace: 'Test scene',
      headSequence: broken ? 1 : 0,
      headHash: broken ? 'f'.repeat(64) : null,
    })),
    select: { id: true },
  })
  return rows.map((r) => r.id)
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'OK'
  } catch (error) {
    if (isAppError(error)) return error.code
    throw error
  }
}

const HOUR = 3_600_000

beforeAll(async () => {
  people.evans = await makeUser('evans', 'EVIDENCE_TECH')
  people.morgan = await makeUser('morgan', 'DETECTIVE')
  people.ruiz = await makeUser('ruiz', 'SUPERVISOR')
  people.carter = await makeUser('carter', 'OFFICER')
  people.hayes = await makeUser('hayes', 'VETERINARIAN')
})

describe('a run over the whole room', () => {
  it('checks every item in batches and stores what it found, audited at start and end', async () => {
    // 450 items: three batches of 200, the last one partial; three broken chains spread through them.
    await makeItems(150)
    const brokenFirst = await makeItems(1, { broken: true })
    await makeItems(200)
    const brokenLater = await makeItems(2, { broken: true })
    await makeItems(97)
    const [items, events] = await Promise.all([db.evidenceItem.count(), db.custodyEvent.count()])

    const report = await verifyAllNow(people.evans!)

    expect(report).toMatchObject({ status: 'COMPLETED', trigger: 'REQUESTED', requestedById: people.evans!.id, itemsTotal: items, itemsChecked: items, eventsChecked: events, brokenCount: 3, leaseHolder: null, leaseUntil: null, error: null })
    expect(report.finishedAt).not.toBeNull()
    expect(report.broken.map((b) => b.evidenceItemId).sort()).toEqual([...brokenFirst, ...brokenLater].sort())
    expect(report.broken.every((b) => b.reason === 'HEAD_MISMATCH' && b.brokenAtSequence === null && b.eventCount === 0)).toBe(true)

    const audit = await db.auditEvent.findMany({ where: { entityType: 'ChainVerificationRun', entityId: report.id }, orderBy: { seq: 'asc' }, select: { action: true, actorId: true, actorLabel: true, details: true } })
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['evidence.verification.started', people.evans!.id],
      ['evidence.verification.completed', null],
    ])
    expect(audit[1]!.actorLabel).toBe('system')
    expect(audit[1]!.details).toMatchObject({ itemsChecked: items, eventsChecked: events, brokenCount: 3 })
    expect((audit[1]!.details as { brokenItemIds: string[] }).brokenItemIds.sort()).toEqual([...brokenFirst, ...brokenLater].sort())
  })

  it('is for those who see every item: the evidence room, detectives and supervisors', async () => {
    for (const who of ['carter', 'hayes'] as const) {
      expect(await codeOf(requestChainVerification(people[who]!))).toBe('FORBIDDEN')
      expect(await codeOf(getVerificationOverview(people[who]!))).toBe('FORBIDDEN')
    }
    expect(await verifyAllNow(people.morgan!)).toMatchObject({ status: 'COMPLETED', requestedById: people.morgan!.id })
    expect(await verifyAllNow(people.ruiz!)).toMatchObject({ status: 'COMPLETED', requestedById: people.ruiz!.id })
  })
})

describe('one run at a time', () => {
  it('asking again while a run goes on returns that run; the database refuses a second one whoever inserts it', async () => {
    const first = await requestChainVerification(people.evans!)
    expect(first.started).toBe(true)
    const again = await requestChainVerification(people.morgan!)
    expect(again).toMatchObject({ runId: first.runId, started: false })
    await expect(db.chainVerificationRun.create({ data: { trigger: 'SCHEDULED', itemsTotal: 0 } })).rejects.toThrow()
    // Another instance cannot take the run while its worker holds the lease…
    expect(await workOnRun(first.runId, 'another-instance')).toBe('not-claimable')
    // …and the page's schedule leaves it alone.
    expect(await verifyChainsIfDue()).toEqual({ ran: false, reason: 'running' })
    expect(await workOnRun(first.runId, first.holder)).toBe('completed')
    expect(await db.chainVerificationRun.count({ where: { status: 'RUNNING' } })).toBe(0)
  })

  it('a run whose worker died is resumed from its cursor by the next instance, not started over', async () => {
    const run = await requestChainVerification(people.evans!)
    const ids = (await db.evidenceItem.findMany({ orderBy: { id: 'asc' }, select: { id: true } })).map((i) => i.id)
    const half = Math.floor(ids.length / 2)
    // The worker checked the first half (and committed it), then its process died: the lease lapses.
    await db.chainVerificationRun.update({ where: { id: run.runId }, data: { cursor: ids[half - 1], itemsChecked: half, leaseUntil: new Date(Date.now() - 1000) } })

    const resumed = await verifyChainsIfDue(new Date(), 'next-instance')
    expect(resumed).toEqual({ ran: true, runId: run.runId, outcome: 'completed' })
    const done = await db.chainVerificationRun.findUniqueOrThrow({ where: { id: run.runId }, include: { findings: { select: { evidenceItemId: true } } } })
    expect(done).toMatchObject({ status: 'COMPLETED', itemsChecked: ids.length })
    // Only the broken chains after the cursor were found again: the first half was not re-read.
    const brokenIds = (await db.evidenceItem.findMany({ where: { description: 'Broken chain' }, select: { id: true } })).map((i) => i.id)
    expect(done.findings.map((f) => f.evidenceItemId).sort()).toEqual(brokenIds.filter((id) => ids.indexOf(id) >= half).sort())
    // The dead worker, were it to come back, finds the run finished.
    expect(await workOnRun(run.runId, run.holder)).toBe('not-claimable')
  })
})

describe('the daily schedule', () => {
  it('starts a run as the system when the last one started more than a day ago, and not before', async () => {
    const latest = await db.chainVerificationRun.findFirstOrThrow({ orderBy: { startedAt: 'desc' }, select: { startedAt: true } })
    expect(await verifyChainsIfDue(new Date(latest.startedAt.getTime() + 23 * HOUR))).toEqual({ ran: false, reason: 'recent' })
    const due = await verifyChainsIfDue(new Date(latest.startedAt.getTime() + 25 * HOUR))
    expect(due).toMatchObject({ ran: true, outcome: 'completed' })
    const run = await db.chainVerificationRun.findUniqueOrThrow({ where: { id: due.ran ? due.runId : '' } })
    expect(run).toMatchObject({ trigger: 'SCHEDULED', requestedById: null, status: 'COMPLETED', brokenCount: 3 })
    const started = await db.auditEvent.findFirstOrThrow({ where: { entityType: 'ChainVerificationRun', entityId: run.id, action: 'evidence.verification.started' }, select: { actorId: true, actorLabel: true } })
    expect(started).toEqual({ actorId: null, actorLabel: 'system' })
  })

  it('retries a failed run after an hour', async () => {
    const failed = await db.chainVerificationRun.create({ data: { trigger: 'SCHEDULED', itemsTotal: 1, status: 'FAILED', finishedAt: new Date(), error: 'connection reset' }, select: { finishedAt: true } })
    const failedAt = failed.finishedAt!
    expect(await verifyChainsIfDue(new Date(failedAt.getTime() + 30 * 60_000))).toEqual({ ran: false, reason: 'recent' })
    expect(await verifyChainsIfDue(new Date(failedAt.getTime() + 61 * 60_000))).toMatchObject({ ran: true, outcome: 'completed' })
  })
})

describe('reports are final', () => {
  it('a finished run cannot be changed or removed, and findings are append-only, whatever the application does', async () => {
    const done = await db.chainVerificationRun.findFirstOrThrow({ where: { status: 'COMPLETED', brokenCount: { gt: 0 } }, select: { id: true } })
    await expect(db.chainVerificationRun.update({ where: { id: done.id }, data: { brokenCount: 0 } })).rejects.toThrow(/cannot be changed/)
    await expect(db.chainVerificationRun.delete({ where: { id: done.id } })).rejects.toThrow(/cannot be changed/)
    await expect(db.chainVerificationFinding.deleteMany({ where: { runId: done.id } })).rejects.toThrow(/append-only/)
    await expect(db.chainVerificationFinding.updateMany({ where: { runId: done.id }, data: { eventCount: 9 } })).rejects.toThrow(/append-only/)
    await expect(db.$executeRaw`TRUNCATE "ChainVerificationFinding", "ChainVerificationRun"`).rejects.toThrow(/append-only/)
    expect(await db.chainVerificationFinding.count({ where: { runId: done.id } })).toBe(3)
  })
})

describe('the page’s overview', () => {
  it('shows the latest finished report with its broken chains a page at a time, the running run and the history', async () => {
    await makeItems(FINDINGS_PER_PAGE + 10, { broken: true })
    const report = await verifyAllNow(people.evans!)
    expect(report.brokenCount).toBe(FINDINGS_PER_PAGE + 13)

    const first = (await getVerificationOverview(people.morgan!))!
    expect(first.report).toMatchObject({ id: report.id, brokenCount: FINDINGS_PER_PAGE + 13, requestedBy: { name: people.evans!.name } })
    expect(first.running).toBeNull()
    expect(first.findings).toHaveLength(FINDINGS_PER_PAGE)
    expect(first.pageCount).toBe(2)
    expect(first.findings[0]!.evidenceItem.number).toMatch(/^EV-V-/)
    const second = (await getVerificationOverview(people.morgan!, { page: 2 }))!
    expect(second.findings).toHaveLength(13)
    expect(new Set([...first.findings, ...second.findings].map((f) => f.evidenceItem.id)).size).toBe(FINDINGS_PER_PAGE + 13)
    expect(first.history[0]!.id).toBe(report.id)
    expect(first.history.map((r) => r.status)).toContain('FAILED')

    // While a run goes on, it is shown apart and the report stays the last finished one.
    const running = await requestChainVerification(people.ruiz!)
    const during = (await getVerificationOverview(people.evans!))!
    expect(during.running).toMatchObject({ id: running.runId, itemsChecked: 0, requestedBy: { name: people.ruiz!.name } })
    expect(during.report?.status).not.toBe('RUNNING')
    await workOnRun(running.runId, running.holder)

    // An older run by its id; an unknown id is no report.
    expect((await getVerificationOverview(people.evans!, { runId: report.id }))!.report!.id).toBe(report.id)
    expect(await getVerificationOverview(people.evans!, { runId: randomUUID() })).toBeNull()
  })

  it('progress: the share of items checked and the time left at the rate so far', () => {
    const startedAt = new Date('2026-12-06T10:00:00Z')
    expect(progressOf({ itemsTotal: 1000, itemsChecked: 0, startedAt }, new Date('2026-12-06T10:00:05Z'))).toEqual({ fraction: 0, secondsLeft: null })
    expect(progressOf({ itemsTotal: 1000, itemsChecked: 250, startedAt }, new Date('2026-12-06T10:00:10Z'))).toEqual({ fraction: 0.25, secondsLeft: 30 })
    // Items added since the run began: never past 100 %.
    expect(progressOf({ itemsTotal: 1000, itemsChecked: 1010, startedAt }, new Date('2026-12-06T10:00:40Z'))).toEqual({ fraction: 1, secondsLeft: null })
    expect(progressOf({ itemsTotal: 0, itemsChecked: 0, startedAt }, new Date('2026-12-06T10:00:01Z'))).toEqual({ fraction: 1, secondsLeft: null })
  })
})

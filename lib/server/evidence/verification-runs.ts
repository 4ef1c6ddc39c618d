import 'server-only'
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { setImmediate as yieldToRequests } from 'node:timers/promises'
import { Prisma } from '@/lib/generated/prisma/client'
import type { ChainBreak, VerificationTrigger } from '@/lib/generated/prisma/enums'
import { SYSTEM_ACTOR, type Actor, type AnyActor } from '../actor'
import { recordAudit } from '../audit'
import { db } from '../db'
import { assertCan } from '../policy'
import { CHAIN_EVENT_SELECT, verifyItemEvents, type ChainEvent, type ChainResult } from './chain'

/*
 * "Verify all chains" as a background job (issue 10; docs/decisions/025-chain-verification-job.md).
 *
 * Re-hashing every custody event of a statewide evidence room takes about a
 * minute (500,000 items, 3,000,000 events), so nobody waits for it: a run is a
 * row in ChainVerificationRun, worked on in batches after the response
 * (Next's `after`), by the nightly script (scripts/verify-chains.ts) or, when
 * no run has started for a day, by the next evidence page view. Each batch
 * commits its findings with the run's progress and cursor, so the page shows a
 * live count, and a run whose instance died resumes where it stopped once its
 * lease lapses. One run at a time: a partial unique index refuses a second
 * RUNNING row, whichever instance inserts it.
 */

/** A day: a run starts by itself when the last one started longer ago than this. */
export const VERIFY_EVERY_HOURS = 24
/** A failed run is retried by itself after this long. */
const RETRY_FAILED_MINUTES = 60
/** A worker renews its lease with every batch; one that stops renewing is presumed dead after this long. */
const LEASE_SECONDS = 60
/** Items read per batch, with all their events in one query. */
const BATCH = 200
/** Items hashed between two yields to the event loop, so that the pages served by this process wait at most a few ms. */
const SLICE = 25
const HOUR = 3_600_000

const REASON: Record<Exclude<ChainResult, { ok: true }>['reason'], ChainBreak> = {
  'prev-hash-mismatch': 'PREV_HASH_MISMATCH',
  'hash-mismatch': 'HASH_MISMATCH',
  'head-mismatch': 'HEAD_MISMATCH',
}

export function newHolder(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
}

function isOneRunningViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

export type StartedRun = { runId: string; started: boolean; holder: string }

/**
 * Inserts a RUNNING run, leased to `holder`, audited in the same transaction.
 * When another run is already going, returns that one (started: false).
 */
async function startRun(trigger: VerificationTrigger, actor: AnyActor, holder: string): Promise<StartedRun> {
  try {
    return await db.$transaction(async (tx) => {
      const itemsTotal = await tx.evidenceItem.count()
      const run = await tx.chainVerificationRun.create({
        data: {
          trigger,
          requestedById: trigger === 'REQUESTED' ? actor.id : null,
          itemsTotal,
          leaseHolder: holder,
          leaseUntil: new Date(Date.now() + LEASE_SECONDS * 1000),
        },
        select: { id: true },
      })
      await recordAudit(tx, actor, 'evidence.verification.started', { type: 'ChainVerificationRun', id: run.id }, { details: { trigger, itemsTotal } })
      return { runId: run.id, started: true, holder }
    })
  } catch (error) {
    if (!isOneRunningViolation(error)) throw error
    const running = await db.chainVerificationRun.findFirst({ where: { status: 'RUNNING' }, select: { id: true } })
    // It finished between the failed insert and this read: the caller's wish (a fresh run) is best met by asking again.
    if (!running) return startRun(trigger, actor, holder)
    return { runId: running.id, started: false, holder }
  }
}

/**
 * A user asks for a run now (the page's button). Only those who may see every
 * item may (evidence:verify). The caller works on the run after its response.
 */
export async function requestChainVerification(actor: Actor, holder: string = newHolder()): Promise<StartedRun> {
  assertCan(actor, 'evidence:verify')
  return startRun('REQUESTED', actor, holder)
}

type Batch = { items: Array<{ id: string; headSequence: number; headHash: string | null }>; events: ChainEvent[] }

/**
 * One batch: items and their events from ONE snapshot (REPEATABLE READ). Read
 * apart, a hand-over committed between the two reads would show an item whose
 * head lags its events: a broken chain that is not.
 */
async function readBatch(after: string | null): Promise<Batch> {
  return db.$transaction(
    async (tx) => {
      const items = await tx.evidenceItem.findMany({
        where: after ? { id: { gt: after } } : {},
        orderBy: { id: 'asc' },
        take: BATCH,
        select: { id: true, headSequence: true, headHash: true },
      })
      if (items.length === 0) return { items, events: [] }
      const events = await tx.custodyEvent.findMany({
        where: { evidenceItemId: { in: items.map((i) => i.id) } },
        orderBy: [{ evidenceItemId: 'asc' }, { sequence: 'asc' }],
        select: CHAIN_EVENT_SELECT,
      })
      return { items, events }
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 60_000 },
  )
}

type Finding = { evidenceItemId: string; reason: ChainBreak; brokenAtSequence: number | null; brokenEventId: string | null; eventCount: number }

/** Recomputes a batch's chains, yielding to the event loop every SLICE items. */
async function checkBatch({ items, events }: Batch): Promise<Finding[]> {
  const byItem = new Map<string, ChainEvent[]>()
  for (const e of events) {
    const list = byItem.get(e.evidenceItemId)
    if (list) list.push(e)
    else byItem.set(e.evidenceItemId, [e])
  }
  const findings: Finding[] = []
  for (let i = 0; i < items.length; i++) {
    if (i > 0 && i % SLICE === 0) await yieldToRequests()
    const item = items[i]!
    const result = verifyItemEvents(byItem.get(item.id) ?? [], item)
    if (!result.ok) findings.push({ evidenceItemId: item.id, reason: REASON[result.reason], brokenAtSequence: result.brokenAtSequence, brokenEventId: result.brokenEventId, eventCount: result.count })
  }
  return findings
}

class LeaseLost extends Error {}

/**
 * Takes the run's lease: this holder already has it, or nobody does, or the
 * last holder stopped renewing it. PostgreSQL re-checks the WHERE after a
 * concurrent update commits, so of two instances racing, one gets the row.
 */
async function claim(runId: string, holder: string) {
  const rows = await db.$queryRaw<Array<{ cursor: string | null }>>`
    UPDATE "ChainVerificationRun"
       SET "leaseHolder" = ${holder}, "leaseUntil" = now() + make_interval(secs => ${LEASE_SECONDS})
     WHERE "id" = ${runId}::uuid AND "status" = 'RUNNING'
       AND ("leaseHolder" = ${holder} OR "leaseUntil" IS NULL OR "leaseUntil" < now())
    RETURNING "cursor"::text`
  return rows[0] ?? null
}

export type WorkOutcome = 'completed' | 'not-claimable' | 'lease-lost'

/**
 * Works on a run until every item is checked (then marks it COMPLETED,
 * audited as the system) or another instance takes it over. Each batch's
 * findings commit with the run's progress, cursor and renewed lease; the next
 * batch is read while this one is hashed. An unexpected error marks the run
 * FAILED (audited) and is rethrown.
 */
export async function workOnRun(runId: string, holder: string): Promise<WorkOutcome> {
  const claimed = await claim(runId, holder)
  if (!claimed) return 'not-claimable'
  try {
    let next = readBatch(claimed.cursor)
    for (;;) {
      const batch = await next
      if (batch.items.length === 0) break
      const lastId = batch.items.at(-1)!.id
      const full = batch.items.length === BATCH
      // Start reading the next batch before hashing this one (a promise from an async function runs at once).
      if (full) {
        next = readBatch(lastId)
        next.catch(() => undefined) // awaited at the top of the loop; this only stops an early rejection from counting as unhandled
      }
      const started = performance.now()
      const findings = await checkBatch(batch)
      const workMs = Math.round(performance.now() - started)
      await db.$transaction(async (tx) => {
        if (findings.length > 0) await tx.chainVerificationFinding.createMany({ data: findings.map((f) => ({ ...f, runId })), skipDuplicates: true })
        const updated = await tx.chainVerificationRun.updateMany({
          where: { id: runId, status: 'RUNNING', leaseHolder: holder },
          data: {
            cursor: lastId,
            itemsChecked: { increment: batch.items.length },
            eventsChecked: { increment: batch.events.length },
            brokenCount: { increment: findings.length },
            workMs: { increment: workMs },
            leaseUntil: new Date(Date.now() + LEASE_SECONDS * 1000),
          },
        })
        if (updated.count !== 1) throw new LeaseLost()
      })
      if (!full) break
    }
    await db.$transaction(async (tx) => {
      const updated = await tx.chainVerificationRun.updateMany({
        where: { id: runId, status: 'RUNNING', leaseHolder: holder },
        data: { status: 'COMPLETED', finishedAt: new Date(), leaseHolder: null, leaseUntil: null },
      })
      if (updated.count !== 1) throw new LeaseLost()
      const run = await tx.chainVerificationRun.findUniqueOrThrow({ where: { id: runId }, select: { itemsChecked: true, eventsChecked: true, brokenCount: true, workMs: true } })
      const broken = await tx.chainVerificationFinding.findMany({ where: { runId }, select: { evidenceItemId: true }, orderBy: { id: 'asc' }, take: 100 })
      await recordAudit(tx, SYSTEM_ACTOR, 'evidence.verification.completed', { type: 'ChainVerificationRun', id: runId }, {
        details: { ...run, brokenItemIds: broken.map((b) => b.evidenceItemId) },
      })
    })
    return 'completed'
  } catch (error) {
    if (error instanceof LeaseLost) return 'lease-lost'
    await failRun(runId, holder, error).catch((e: unknown) => console.error('[evidence] could not mark the verification run failed', e))
    throw error
  }
}

async function failRun(runId: string, holder: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message.slice(0, 500) : 'unknown error'
  await db.$transaction(async (tx) => {
    const updated = await tx.chainVerificationRun.updateMany({
      where: { id: runId, status: 'RUNNING', leaseHolder: holder },
      data: { status: 'FAILED', finishedAt: new Date(), leaseHolder: null, leaseUntil: null, error: message },
    })
    if (updated.count === 1) await recordAudit(tx, SYSTEM_ACTOR, 'evidence.verification.failed', { type: 'ChainVerificationRun', id: runId }, { outcome: 'FAILURE', details: { error: message } })
  })
}

/** For `after()`: works on a run, logging instead of throwing (nobody is waiting for the answer). */
export async function workInBackground(runId: string, holder: string): Promise<void> {
  try {
    await workOnRun(runId, holder)
  } catch (error) {
    console.error('[evidence] chain verification run failed', runId, error)
  }
}

export type DueOutcome = { ran: false; reason: 'recent' | 'running' } | { ran: true; runId: string; outcome: WorkOutcome }

/**
 * The schedule, with no timer in the app (like the alerts sweep): resumes a
 * run whose worker stopped renewing its lease, or starts one when the last run
 * started more than a day ago (a failed one: more than an hour ago), or at
 * once with `evenIfRecent` (scripts/verify-chains.ts, run nightly by cron).
 * Called after evidence pages respond.
 */
export async function verifyChainsIfDue(now: Date = new Date(), holder: string = newHolder(), options: { evenIfRecent?: boolean } = {}): Promise<DueOutcome> {
  const latest = await db.chainVerificationRun.findFirst({ orderBy: { startedAt: 'desc' }, select: { id: true, status: true, startedAt: true, finishedAt: true, leaseUntil: true } })
  if (latest?.status === 'RUNNING') {
    if (latest.leaseUntil && latest.leaseUntil > now) return { ran: false, reason: 'running' }
    return { ran: true, runId: latest.id, outcome: await workOnRun(latest.id, holder) }
  }
  if (latest && !options.evenIfRecent) {
    const age = now.getTime() - (latest.status === 'FAILED' ? latest.finishedAt ?? latest.startedAt : latest.startedAt).getTime()
    if (age < (latest.status === 'FAILED' ? RETRY_FAILED_MINUTES * 60_000 : VERIFY_EVERY_HOURS * HOUR)) return { ran: false, reason: 'recent' }
  }
  const run = await startRun('SCHEDULED', SYSTEM_ACTOR, holder)
  if (!run.started) return { ran: false, reason: 'running' }
  return { ran: true, runId: run.runId, outcome: await workOnRun(run.runId, holder) }
}

/** For pages' `after()`: the schedule, logged, never thrown. */
export async function verifyChainsIfDueInBackground(): Promise<void> {
  try {
    await verifyChainsIfDue()
  } catch (error) {
    console.error('[evidence] scheduled chain verification failed', error)
  }
}

// ───────────────────────────── reading runs ─────────────────────────────

const RUN_SELECT = {
  id: true,
  trigger: true,
  status: true,
  startedAt: true,
  finishedAt: true,
  itemsTotal: true,
  itemsChecked: true,
  eventsChecked: true,
  brokenCount: true,
  workMs: true,
  error: true,
  leaseUntil: true,
  requestedBy: { select: { name: true } },
} as const satisfies Prisma.ChainVerificationRunSelect

export type VerificationRun = Prisma.ChainVerificationRunGetPayload<{ select: typeof RUN_SELECT }>

export const FINDINGS_PER_PAGE = 50
const HISTORY = 10

/**
 * The verification page: the run going on now (if any), the run to report
 * (the one asked for, else the latest finished), a page of its findings with
 * each item's number, and the last runs. Null: no such run.
 */
export async function getVerificationOverview(actor: Actor, options: { runId?: string; page?: number } = {}) {
  assertCan(actor, 'evidence:verify')
  const [running, history, chosen] = await Promise.all([
    db.chainVerificationRun.findFirst({ where: { status: 'RUNNING' }, select: RUN_SELECT }),
    db.chainVerificationRun.findMany({ orderBy: { startedAt: 'desc' }, take: HISTORY, select: RUN_SELECT }),
    options.runId
      ? db.chainVerificationRun.findUnique({ where: { id: options.runId }, select: RUN_SELECT })
      : db.chainVerificationRun.findFirst({ where: { status: { not: 'RUNNING' } }, orderBy: { startedAt: 'desc' }, select: RUN_SELECT }),
  ])
  if (options.runId && !chosen) return null
  const report = chosen?.status === 'RUNNING' ? null : chosen
  const pageCount = Math.max(1, Math.ceil((report?.brokenCount ?? 0) / FINDINGS_PER_PAGE))
  const page = Math.min(Math.max(1, options.page ?? 1), pageCount)
  const findings = report && report.brokenCount > 0
    ? await db.chainVerificationFinding.findMany({
        where: { runId: report.id },
        orderBy: { id: 'asc' },
        skip: (page - 1) * FINDINGS_PER_PAGE,
        take: FINDINGS_PER_PAGE,
        select: { id: true, reason: true, brokenAtSequence: true, eventCount: true, evidenceItem: { select: { id: true, number: true, description: true, archivedAt: true } } },
      })
    : []
  return { running, report, findings, page, pageCount, history }
}

/** Progress of a running run, for the page: a fraction (items added since it began can push it past 1) and the time left at the rate so far. */
export function progressOf(run: Pick<VerificationRun, 'itemsTotal' | 'itemsChecked' | 'startedAt'>, now: Date = new Date()): { fraction: number; secondsLeft: number | null } {
  const fraction = run.itemsTotal === 0 ? 1 : Math.min(1, run.itemsChecked / run.itemsTotal)
  const elapsed = (now.getTime() - run.startedAt.getTime()) / 1000
  if (run.itemsChecked === 0 || fraction >= 1 || elapsed <= 0) return { fraction, secondsLeft: null }
  return { fraction, secondsLeft: Math.ceil((elapsed / run.itemsChecked) * (run.itemsTotal - run.itemsChecked)) }
}

/** A completed run's one-line verdict (the page words a failed or running one itself). */
export function verdictOf(run: Pick<VerificationRun, 'itemsChecked' | 'brokenCount'>): string {
  return run.brokenCount === 0 ? `All ${run.itemsChecked.toLocaleString('en-US')} chains intact.` : `${run.brokenCount.toLocaleString('en-US')} of ${run.itemsChecked.toLocaleString('en-US')} chains do not verify.`
}

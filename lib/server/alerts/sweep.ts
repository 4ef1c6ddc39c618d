import 'server-only'
import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { Prisma } from '@/lib/generated/prisma/client'
import { SYSTEM_ACTOR } from '../actor'
import { recordAudit } from '../audit'
import { db, type Tx } from '../db'
import { env } from '../env'
import { RESOLVING_KINDS, raiseVetCheckForDeployment } from './commands'

/**
 * The periodic welfare sweep (issue 8). No timers in the app: it runs when a
 * dashboard or the alerts page loads and the last run is older than
 * SWEEP_EVERY_MINUTES, and from `npx tsx --conditions=react-server
 * scripts/sweep.ts` (cron, a Kubernetes CronJob…). A lease row in
 * ScheduledJob makes sure that only one instance sweeps at a time; every step
 * is idempotent besides (dedupe keys, "WHERE … IS NULL" updates), so even a
 * lease that expired mid-run cannot double an alert.
 */

export const SWEEP_JOB = 'alerts-sweep'
/** How stale the last run may be before a page load triggers another. */
export const SWEEP_EVERY_MINUTES = 5
/** A crashed sweeper's lease lapses after this long. */
const LEASE_SECONDS = 120
/** Certifications expiring within this many days raise an alert (issue 8, 4). */
export const CERT_WARNING_DAYS = 30
/** Deployments this recent with an exposure but no alert get one (a writer that forgot raiseVetCheckForDeployment). */
const BACKFILL_DAYS = 14
const DAY = 86_400_000

export type SweepResult = {
  vetChecksRaised: number
  vetChecksResolved: number
  markedOverdue: number
  certificationAlertsRaised: number
  certificationAlertsResolved: number
}

export type SweepOutcome = { ran: false; reason: 'lease-held' | 'recent' } | { ran: true; result: SweepResult }

type Claim = { acquired: true } | { acquired: false; lastFinishedAt: Date | null; leaseUntil: Date | null }

/**
 * Takes the lease: one UPDATE … WHERE the lease is free (and, with
 * minAgeMinutes, the last run is old enough) … RETURNING. PostgreSQL
 * re-checks the WHERE after a concurrent update of the row commits, so of two
 * instances racing, exactly one gets the row back. The same statement reads
 * the row as it was, so a refused caller learns when the next run is due.
 * The job's row is created the first time (no row: insert, then claim again).
 */
async function acquireLease(holder: string, minAgeMinutes: number | null): Promise<Claim> {
  const claim = async () => {
    const [row] = await db.$queryRaw<Array<{ acquired: boolean; exists: boolean; lastFinishedAt: Date | null; leaseUntil: Date | null }>>`
      WITH claimed AS (
        UPDATE "ScheduledJob"
           SET "leaseUntil" = now() + make_interval(secs => ${LEASE_SECONDS}), "leaseHolder" = ${holder}, "lastStartedAt" = now()
         WHERE "name" = ${SWEEP_JOB}
           AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
           AND (${minAgeMinutes}::int IS NULL OR "lastFinishedAt" IS NULL OR "lastFinishedAt" < now() - make_interval(mins => ${minAgeMinutes}::int))
        RETURNING "name")
      SELECT EXISTS (SELECT 1 FROM claimed) AS "acquired", j."name" IS NOT NULL AS "exists", j."lastFinishedAt", j."leaseUntil"
        FROM (SELECT 1) AS one LEFT JOIN "ScheduledJob" j ON j."name" = ${SWEEP_JOB}`
    return row!
  }
  let row = await claim()
  if (!row.exists) {
    await db.$executeRaw`INSERT INTO "ScheduledJob" ("name") VALUES (${SWEEP_JOB}) ON CONFLICT ("name") DO NOTHING`
    row = await claim()
  }
  return row.acquired ? { acquired: true } : { acquired: false, lastFinishedAt: row.lastFinishedAt, leaseUntil: row.leaseUntil }
}

async function releaseLease(holder: string, result: unknown): Promise<void> {
  await db.$executeRaw`
    UPDATE "ScheduledJob"
       SET "leaseUntil" = NULL, "leaseHolder" = NULL, "lastFinishedAt" = now(), "lastResult" = ${JSON.stringify(result)}::jsonb
     WHERE "name" = ${SWEEP_JOB} AND "leaseHolder" = ${holder}`
}

async function backfillVetChecks(tx: Tx, now: Date): Promise<number> {
  const deployments = await tx.deployment.findMany({
    where: { deployedAt: { gte: new Date(now.getTime() - BACKFILL_DAYS * DAY), lte: now }, exposures: { isEmpty: false }, alerts: { none: { kind: 'VET_CHECK_DUE' } } },
    select: { id: true, dogId: true, deployedAt: true, exposures: true },
    orderBy: { deployedAt: 'asc' },
    take: 200,
  })
  let raised = 0
  // Rare (only what a writer missed) and bounded by `take`: one raise per row keeps a single code path for the alert.
  for (const d of deployments) if (await raiseVetCheckForDeployment(tx, d)) raised++
  return raised
}

/** Unresolved vet checks whose dog has since been examined (a record written without resolveVetChecksForExam). */
async function resolveExamined(tx: Tx): Promise<string[]> {
  const kinds = Prisma.join(RESOLVING_KINDS.map((k) => Prisma.sql`${k}::"MedicalRecordKind"`))
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE "Alert" a
       SET "status" = 'RESOLVED', "resolvedAt" = s."occurredAt", "resolvedByRecordId" = s."recordId", "version" = a."version" + 1, "updatedAt" = now()
      FROM (
        SELECT a2."id" AS "alertId", m."id" AS "recordId", m."occurredAt"
          FROM "Alert" a2
          JOIN "Deployment" d ON d."id" = a2."deploymentId"
          CROSS JOIN LATERAL (
            SELECT r."id", r."occurredAt" FROM "MedicalRecord" r
             WHERE r."dogId" = a2."dogId" AND r."archivedAt" IS NULL AND r."kind" IN (${kinds}) AND r."occurredAt" >= d."deployedAt"
             ORDER BY r."occurredAt" ASC LIMIT 1
          ) m
         WHERE a2."kind" = 'VET_CHECK_DUE' AND a2."status" IN ('OPEN', 'ACKNOWLEDGED')
      ) s
     WHERE a."id" = s."alertId" AND a."status" IN ('OPEN', 'ACKNOWLEDGED')
    RETURNING a."id"`
  return rows.map((r) => r.id)
}

/** Marks the moment an unresolved alert became overdue (its due time). No version bump: nobody edits overdueAt, so a user's acknowledgement in flight stays valid. */
async function markOverdue(tx: Tx, now: Date): Promise<number> {
  return tx.$executeRaw`
    UPDATE "Alert" SET "overdueAt" = "dueAt", "updatedAt" = now()
     WHERE "status" IN ('OPEN', 'ACKNOWLEDGED') AND "overdueAt" IS NULL AND "dueAt" < ${now}`
}

function certKey(certificationId: string, expiresAt: Date): string {
  return `cert-expiring:${certificationId}:${expiresAt.toISOString().slice(0, 10)}`
}

async function raiseCertificationAlerts(tx: Tx, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + CERT_WARNING_DAYS * DAY)
  const certs = await tx.certification.findMany({
    where: { archivedAt: null, expiresAt: { lte: horizon }, dog: { archivedAt: null, status: { notIn: ['RETIRED', 'DECEASED'] } } },
    select: { id: true, dogId: true, kind: true, expiresAt: true, dog: { select: { name: true } } },
    take: 500,
  })
  if (certs.length === 0) return 0
  // The key carries the expiry date: a renewed certificate that nears its new expiry warns again.
  const created = await tx.alert.createManyAndReturn({
    data: certs.map((c) => ({
      kind: 'CERTIFICATION_EXPIRING' as const,
      dedupeKey: certKey(c.id, c.expiresAt),
      dogId: c.dogId,
      certificationId: c.id,
      title: `${c.expiresAt < now ? 'Certification expired' : 'Certification expiring'}: ${c.dog.name}, ${c.kind}`,
      raisedAt: now,
      dueAt: c.expiresAt,
    })),
    skipDuplicates: true,
    select: { id: true },
  })
  return created.length
}

/** Certification alerts whose certificate was renewed (a new expiry date) or withdrawn. */
async function resolveRenewedCertifications(tx: Tx, now: Date): Promise<number> {
  const horizon = new Date(now.getTime() + CERT_WARNING_DAYS * DAY)
  return tx.$executeRaw`
    UPDATE "Alert" a
       SET "status" = 'RESOLVED', "resolvedAt" = ${now}, "note" = coalesce(a."note", 'Certificate renewed or withdrawn.'), "version" = a."version" + 1, "updatedAt" = now()
      FROM "Certification" c
     WHERE a."certificationId" = c."id" AND a."kind" = 'CERTIFICATION_EXPIRING' AND a."status" IN ('OPEN', 'ACKNOWLEDGED')
       AND (c."archivedAt" IS NOT NULL OR c."expiresAt" > ${horizon} OR a."dedupeKey" <> 'cert-expiring:' || c."id"::text || ':' || to_char(c."expiresAt", 'YYYY-MM-DD'))`
}

/** One pass, in one transaction, audited once as the system when it changed anything. */
async function sweepOnce(): Promise<SweepResult> {
  void env() // fail early on a bad environment, before taking any lock
  return db.$transaction(
    async (tx) => {
      const now = new Date()
      const vetChecksRaised = await backfillVetChecks(tx, now)
      const resolved = await resolveExamined(tx)
      const certificationAlertsResolved = await resolveRenewedCertifications(tx, now)
      const certificationAlertsRaised = await raiseCertificationAlerts(tx, now)
      const markedOverdue = await markOverdue(tx, now)
      const result: SweepResult = { vetChecksRaised, vetChecksResolved: resolved.length, markedOverdue, certificationAlertsRaised, certificationAlertsResolved }
      if (Object.values(result).some((n) => n > 0)) {
        await recordAudit(tx, SYSTEM_ACTOR, 'alerts.swept', null, { details: { ...result, resolvedAlertIds: resolved } })
      }
      return result
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
}

/**
 * Runs the sweep under the lease. With `ifOlderThanMinutes`, only when the
 * last run finished longer ago than that (the page-load trigger). Returns
 * whether this call ran it; never throws for "someone else is on it".
 */
export async function runSweep(options: { ifOlderThanMinutes?: number; holder?: string } = {}): Promise<SweepOutcome> {
  return (await sweepUnderLease(options)).outcome
}

/** runSweep, and when a page-load trigger need not ask again (ms since the epoch). */
async function sweepUnderLease(options: { ifOlderThanMinutes?: number; holder?: string }): Promise<{ outcome: SweepOutcome; nextDueAt: number }> {
  const holder = options.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const minAge = options.ifOlderThanMinutes ?? null
  const claim = await acquireLease(holder, minAge)
  if (!claim.acquired) {
    // Due when the last run is old enough and no lease is held (a sweep under way, or one that crashed, until it lapses).
    const nextDueAt = Math.max((claim.lastFinishedAt?.getTime() ?? 0) + (minAge ?? 0) * 60_000, claim.leaseUntil?.getTime() ?? 0)
    return { outcome: { ran: false, reason: minAge === null ? 'lease-held' : 'recent' }, nextDueAt }
  }
  try {
    const result = await sweepOnce()
    await releaseLease(holder, result)
    return { outcome: { ran: true, result }, nextDueAt: Date.now() + (minAge ?? 0) * 60_000 }
  } catch (error) {
    await releaseLease(holder, { error: error instanceof Error ? error.message.slice(0, 500) : 'unknown error' }).catch(() => undefined)
    throw error
  }
}

/**
 * When this process's page loads next ask the database whether a sweep is
 * due. PERFORMANCE: the supervisor's dashboard and the alerts page load far
 * more often than every SWEEP_EVERY_MINUTES, and asking cost a round trip on
 * every load before the page's own read. A run's finish time only moves
 * forward (any instance's run, or scripts/sweep.ts, makes the next one due
 * later), so until the time learned here nothing can be due; after it, the
 * database decides as before.
 */
let nextPageCheckAt = 0

/**
 * For pages: sweep when the last run is stale. A failure is logged, never
 * shown: the page still renders the alerts as they stand.
 */
export async function sweepIfStale(): Promise<void> {
  if (Date.now() < nextPageCheckAt) return
  try {
    nextPageCheckAt = (await sweepUnderLease({ ifOlderThanMinutes: SWEEP_EVERY_MINUTES })).nextDueAt
  } catch (error) {
    console.error('[alerts] sweep failed', error)
  }
}

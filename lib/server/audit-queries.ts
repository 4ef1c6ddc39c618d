import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { AuditOutcome } from '@/lib/generated/prisma/enums'
import type { AuditFilterInput } from '@/lib/schemas/users'
import type { Actor } from './actor'
import { recordAudit } from './audit'
import { db } from './db'
import { assertCan } from './policy'

/**
 * The audit-trail viewer (audit:read: administrators and supervisors).
 * Keyset pagination on seq (newest first): stable while new events arrive,
 * and as fast on page 500 as on page 1.
 */

export const AUDIT_PAGE_SIZE = 50
const EXPORT_BATCH = 500
/** A bound on one export, so a careless filter cannot stream the whole table for minutes. */
export const AUDIT_EXPORT_MAX_ROWS = 100_000

export type AuditRow = {
  seq: string
  at: Date
  actorId: string | null
  actor: string
  action: string
  entityType: string | null
  entityId: string | null
  outcome: AuditOutcome
  ip: string | null
  userAgent: string | null
  details: string | null
}

/** At most this many people answer one "who" text (a state has about 3,000 users; "k9" may name them all). */
const ACTORS_MATCHED = 5_000

/**
 * The filters as a Prisma condition. "Who" is resolved to people first (name
 * or e-mail, in the small User table), then read through the (actorId, at)
 * index; the text is matched against the recorded label (the e-mail typed at a
 * failed sign-in) only on events with no user. PERFORMANCE: matching the label
 * on every event read the whole trail newest first: more than 30 s at
 * 5,000,000 events for a name nobody has. An event whose user has since
 * changed e-mail is found by the user's current name or e-mail, not the old one.
 */
async function whereOf(filter: AuditFilterInput): Promise<Prisma.AuditEventWhereInput> {
  const and: Prisma.AuditEventWhereInput[] = []
  if (filter.actor) {
    const text = { contains: filter.actor, mode: 'insensitive' } as const
    const people = await db.user.findMany({ where: { OR: [{ email: text }, { name: text }] }, select: { id: true }, take: ACTORS_MATCHED })
    and.push({ OR: [{ actorId: { in: people.map((u) => u.id) } }, { actorId: null, actorLabel: text }] })
  }
  if (filter.action) and.push({ action: { startsWith: filter.action } })
  if (filter.entityType) and.push({ entityType: filter.entityType })
  if (filter.entityId) and.push({ entityId: filter.entityId })
  if (filter.outcome) and.push({ outcome: filter.outcome })
  if (filter.from) and.push({ at: { gte: new Date(`${filter.from}T00:00:00.000Z`) } })
  if (filter.to) and.push({ at: { lt: new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + 86_400_000) } })
  return and.length ? { AND: and } : {}
}

const SELECT = {
  seq: true,
  at: true,
  actorId: true,
  actorLabel: true,
  action: true,
  entityType: true,
  entityId: true,
  outcome: true,
  ip: true,
  userAgent: true,
  details: true,
  actor: { select: { name: true, email: true } },
} satisfies Prisma.AuditEventSelect

type Selected = Prisma.AuditEventGetPayload<{ select: typeof SELECT }>

function toRow(e: Selected): AuditRow {
  return {
    seq: e.seq.toString(),
    at: e.at,
    actorId: e.actorId,
    actor: e.actor ? `${e.actor.name} <${e.actor.email}>` : (e.actorLabel ?? 'system'),
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    outcome: e.outcome,
    ip: e.ip,
    userAgent: e.userAgent,
    details: e.details === null ? null : JSON.stringify(e.details),
  }
}

/** One page of events, newest first; `nextBefore` is the cursor of the following page. */
export async function listAuditEvents(actor: Actor, filter: AuditFilterInput): Promise<{ rows: AuditRow[]; nextBefore: string | null }> {
  assertCan(actor, 'audit:read')
  const where = await whereOf(filter)
  const events = await db.auditEvent.findMany({
    where: filter.before ? { AND: [where, { seq: { lt: BigInt(filter.before) } }] } : where,
    orderBy: { seq: 'desc' },
    take: AUDIT_PAGE_SIZE + 1,
    select: SELECT,
  })
  const more = events.length > AUDIT_PAGE_SIZE
  const rows = events.slice(0, AUDIT_PAGE_SIZE).map(toRow)
  return { rows, nextBefore: more ? (rows.at(-1)?.seq ?? null) : null }
}

/** The distinct record types seen, for the filter's drop-down. */
export async function listAuditEntityTypes(actor: Actor): Promise<string[]> {
  assertCan(actor, 'audit:read')
  // PERFORMANCE: a loose index scan, one probe of the (entityType, entityId) index per type. Prisma's
  // `distinct` read every event to find them (5,000,000 at statewide scale: 12 s per view of the audit page).
  const rows = await db.$queryRaw<Array<{ entityType: string }>>`
    WITH RECURSIVE types AS (
      (SELECT "entityType" FROM "AuditEvent" WHERE "entityType" IS NOT NULL ORDER BY "entityType" LIMIT 1)
      UNION ALL
      SELECT (SELECT "entityType" FROM "AuditEvent" WHERE "entityType" > types."entityType" ORDER BY "entityType" LIMIT 1)
        FROM types WHERE types."entityType" IS NOT NULL
    )
    SELECT "entityType" FROM types WHERE "entityType" IS NOT NULL LIMIT 100`
  return rows.map((r) => r.entityType)
}

// ───────────────────────────── CSV export ─────────────────────────────

const CSV_HEADER = ['seq', 'at_utc', 'actor_id', 'actor', 'action', 'record_type', 'record_id', 'outcome', 'ip', 'user_agent', 'details']

/**
 * SECURITY: a cell that a spreadsheet would read as a formula (= + - @, tab,
 * CR) is prefixed with a quote (OWASP CSV injection), then RFC 4180-quoted.
 */
export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return ''
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

function csvLine(cells: Array<string | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

/**
 * Audit the export, then stream the matching events as CSV in batches
 * (keyset, newest first), never holding the whole result in memory.
 */
export async function exportAuditCsv(actor: Actor, filter: AuditFilterInput): Promise<AsyncGenerator<string>> {
  assertCan(actor, 'audit:read')
  const { before: _ignored, ...filters } = filter
  await db.$transaction((tx) => recordAudit(tx, actor, 'audit.exported', null, { details: { filters, format: 'csv' } }))
  const where = await whereOf(filters)
  return (async function* () {
    yield csvLine(CSV_HEADER)
    let cursor: bigint | null = null
    let sent = 0
    while (sent < AUDIT_EXPORT_MAX_ROWS) {
      const batch: Selected[] = await db.auditEvent.findMany({
        where: cursor === null ? where : { AND: [where, { seq: { lt: cursor } }] },
        orderBy: { seq: 'desc' },
        take: Math.min(EXPORT_BATCH, AUDIT_EXPORT_MAX_ROWS - sent),
        select: SELECT,
      })
      if (batch.length === 0) return
      let chunk = ''
      for (const event of batch) {
        const r = toRow(event)
        chunk += csvLine([r.seq, r.at.toISOString(), r.actorId, r.actor, r.action, r.entityType, r.entityId, r.outcome, r.ip, r.userAgent, r.details])
      }
      yield chunk
      sent += batch.length
      cursor = batch.at(-1)!.seq
      if (batch.length < EXPORT_BATCH) return
    }
  })()
}

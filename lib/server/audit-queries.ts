import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { AuditOutcome } from '@/lib/generated/prisma/enums'
import type { AuditFilterInput } from '@/lib/schemas/users'
import type { Actor } from './actor'
import { appendAudit } from './audit'
import { db } from './db'
import { assertCan } from './policy'
import { containsText } from './same-text'

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
    const text = containsText(filter.actor)
    const people = await db.user.findMany({ where: { OR: [{ email: text }, { name: text }] }, select: { id: true }, take: ACTORS_MATCHED })
    and.push({ OR: [{ actorId: { in: people.map((u) => u.id) } }, { actorId: null, actorLabel: text }] })
  }
  // The actions the prefix names, read from the (action, at) index: a prefix that names none answers at once
  // (matched on every event, one that nothing starts with read the whole trail: 1.6 s at 5,000,000).
  if (filter.action) {
    const prefix = filter.action
    and.push({ action: { in: (await distinctValues('action', 1_000)).filter((a) => a.startsWith(prefix)) } })
  }
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

/**
 * Newest first by (at, seq): every filter's index leads with `at` ((actorId,
 * at), (action, at), (outcome, at), (at)), so a page reads its filter in order.
 * PERFORMANCE: ordered by seq alone, an old "to" day walked the newer events
 * first (1.3 s at 5,000,000) and refused access read the whole trail (668 ms).
 */
const NEWEST_FIRST: Prisma.AuditEventOrderByWithRelationInput[] = [{ at: 'desc' }, { seq: 'desc' }]

/** The events after (older than) a row in that order. */
function olderThan(c: { at: Date; seq: bigint }): Prisma.AuditEventWhereInput {
  return { OR: [{ at: { lt: c.at } }, { at: c.at, seq: { lt: c.seq } }] }
}

/** One page of events, newest first; `nextBefore` is the cursor of the following page ("<ms since epoch>.<seq>"). */
export async function listAuditEvents(actor: Actor, filter: AuditFilterInput): Promise<{ rows: AuditRow[]; nextBefore: string | null }> {
  assertCan(actor, 'audit:read')
  const where = await whereOf(filter)
  const events = await db.auditEvent.findMany({
    where: filter.before ? { AND: [where, olderThan(filter.before)] } : where,
    orderBy: NEWEST_FIRST,
    take: AUDIT_PAGE_SIZE + 1,
    select: SELECT,
  })
  const more = events.length > AUDIT_PAGE_SIZE
  const last = events.slice(0, AUDIT_PAGE_SIZE).at(-1)
  return { rows: events.slice(0, AUDIT_PAGE_SIZE).map(toRow), nextBefore: more && last ? `${last.at.getTime()}.${last.seq}` : null }
}

/**
 * The distinct values of a leading index column, in order. PERFORMANCE: a
 * loose index scan, one probe of the column's index per value. Prisma's
 * `distinct` read every event to find them (5,000,000 at statewide scale: 12 s
 * per view of the audit page).
 */
const LEADING_COLUMNS = { entityType: Prisma.sql`"entityType"`, action: Prisma.sql`"action"` }

async function distinctValues(column: keyof typeof LEADING_COLUMNS, limit: number): Promise<string[]> {
  const c = LEADING_COLUMNS[column]
  const rows = await db.$queryRaw<Array<{ value: string }>>`
    WITH RECURSIVE v AS (
      (SELECT ${c} AS "value" FROM "AuditEvent" WHERE ${c} IS NOT NULL ORDER BY ${c} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${c} FROM "AuditEvent" WHERE ${c} > v."value" ORDER BY ${c} LIMIT 1)
        FROM v WHERE v."value" IS NOT NULL
    )
    SELECT "value" FROM v WHERE "value" IS NOT NULL LIMIT ${limit}`
  return rows.map((r) => r.value)
}

/** The distinct record types seen, for the filter's drop-down. */
export async function listAuditEntityTypes(actor: Actor): Promise<string[]> {
  assertCan(actor, 'audit:read')
  return distinctValues('entityType', 100)
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
  await appendAudit(actor, 'audit.exported', null, { details: { filters, format: 'csv' } })
  const where = await whereOf(filters)
  return (async function* () {
    yield csvLine(CSV_HEADER)
    let cursor: { at: Date; seq: bigint } | null = null
    let sent = 0
    while (sent < AUDIT_EXPORT_MAX_ROWS) {
      const batch: Selected[] = await db.auditEvent.findMany({
        where: cursor === null ? where : { AND: [where, olderThan(cursor)] },
        orderBy: NEWEST_FIRST,
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
      const last = batch.at(-1)!
      cursor = { at: last.at, seq: last.seq }
      if (batch.length < EXPORT_BATCH) return
    }
  })()
}

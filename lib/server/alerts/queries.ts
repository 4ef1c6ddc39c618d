import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { ListAlertsInput } from '@/lib/schemas/alerts'
import type { Actor } from '../actor'
import { chosenFirst } from '../chosen-first'
import { db } from '../db'
import { can } from '../policy'
import { isOverdue } from './rules'
import { alertScope, UNRESOLVED } from './scope'

export const ALERT_SELECT = {
  id: true,
  kind: true,
  status: true,
  title: true,
  raisedAt: true,
  dueAt: true,
  overdueAt: true,
  resolvedAt: true,
  acknowledgedAt: true,
  note: true,
  version: true,
  dog: { select: { id: true, name: true, k9Number: true } },
  deployment: { select: { id: true, deployedAt: true, exposures: true, incident: { select: { id: true, number: true } }, handler: { select: { firstName: true, lastName: true } } } },
  certification: { select: { id: true, kind: true, expiresAt: true } },
  acknowledgedBy: { select: { name: true } },
  resolvedByRecord: { select: { id: true, kind: true, occurredAt: true } },
} satisfies Prisma.AlertSelect

export type AlertRow = Prisma.AlertGetPayload<{ select: typeof ALERT_SELECT }> & { isOverdue: boolean; canAcknowledge: boolean }

export { isOverdue } from './rules'

/**
 * Alerts in order, the first `take`: ordered and cut on the alert table alone,
 * then loaded with their relations. In one statement the relation joins run
 * for every unresolved alert before the sort (at scale, 500 joined to show
 * 10); two statements join only the rows shown.
 */
async function alertsInOrder(where: Prisma.AlertWhereInput, orderBy: Prisma.AlertOrderByWithRelationInput[], take: number, skip = 0) {
  return chosenFirst(
    () => db.alert.findMany({ where, orderBy, take, skip, select: { id: true } }),
    (ids) => db.alert.findMany({ where: { id: { in: ids } }, select: ALERT_SELECT }),
  )
}

/** Unresolved alerts per page of the alerts page. */
export const ALERTS_PAGE_SIZE = 50
/** Resolved alerts the page lists with show=all (the latest). */
export const RESOLVED_LISTED = 100

export type AlertsPage = {
  unresolved: AlertRow[]
  /** Every unresolved alert in scope, and how many of them are overdue (not only those on this page). */
  total: number
  overdue: number
  page: number
  pageCount: number
  recent: AlertRow[]
}

/**
 * The alerts page: unresolved alerts in the actor's scope, overdue first and
 * then by due time, a page of 50 at a time with the true totals (a state unit
 * has hundreds open); with show=all, the 100 most recently resolved too.
 */
export async function listAlerts(actor: Actor, input: ListAlertsInput): Promise<AlertsPage> {
  const scope = alertScope(actor)
  if (!scope) return { unresolved: [], total: 0, overdue: 0, page: 1, pageCount: 0, recent: [] }
  const now = new Date()
  const mayAck = can(actor, 'alerts:acknowledge')
  const where: Prisma.AlertWhereInput = { AND: [scope, { status: { in: [...UNRESOLVED] } }] }
  const [total, overdue] = await Promise.all([db.alert.count({ where }), db.alert.count({ where: { AND: [where, { dueAt: { lt: now } }] } })])
  const pageCount = Math.ceil(total / ALERTS_PAGE_SIZE)
  const page = Math.max(1, Math.min(input.page, pageCount || 1))
  const [unresolved, recent] = await Promise.all([
    alertsInOrder(where, [{ dueAt: 'asc' }, { id: 'asc' }], ALERTS_PAGE_SIZE, (page - 1) * ALERTS_PAGE_SIZE),
    input.show === 'all'
      ? alertsInOrder({ AND: [scope, { status: 'RESOLVED' }] }, [{ resolvedAt: 'desc' }, { id: 'desc' }], RESOLVED_LISTED)
      : Promise.resolve([]),
  ])
  const decorate = (a: (typeof unresolved)[number]): AlertRow => ({ ...a, isOverdue: isOverdue(a, now), canAcknowledge: mayAck && a.status === 'OPEN' })
  return { unresolved: unresolved.map(decorate), total, overdue, page, pageCount, recent: recent.map(decorate) }
}

/** Unresolved alerts in scope for a set of dogs (dashboards): overdue ones first. */
export async function listUnresolvedAlerts(actor: Actor, filter: Prisma.AlertWhereInput = {}, take = 20): Promise<AlertRow[]> {
  const scope = alertScope(actor)
  if (!scope) return []
  const now = new Date()
  const mayAck = can(actor, 'alerts:acknowledge')
  const rows = await alertsInOrder({ AND: [scope, filter, { status: { in: [...UNRESOLVED] } }] }, [{ dueAt: 'asc' }, { id: 'asc' }], take)
  return rows.map((a) => ({ ...a, isOverdue: isOverdue(a, now), canAcknowledge: mayAck && a.status === 'OPEN' }))
}

/** Counts for the supervisor's dashboard (only for actors who see every alert). */
export async function countUnresolvedAlerts(actor: Actor): Promise<{ open: number; overdue: number }> {
  const scope = alertScope(actor)
  if (!scope) return { open: 0, overdue: 0 }
  const base: Prisma.AlertWhereInput = { AND: [scope, { status: { in: [...UNRESOLVED] } }] }
  const [open, overdue] = await Promise.all([db.alert.count({ where: base }), db.alert.count({ where: { AND: [base, { dueAt: { lt: new Date() } }] } })])
  return { open, overdue }
}

/**
 * Dogs whose fitness is unconfirmed: an unresolved vet check (an exposure
 * nobody has examined yet). Every role that reads dogs may know this, as it
 * shows on the dog's page.
 */
export async function dogsWithFitnessUnconfirmed(actor: Actor, dogIds: readonly string[]): Promise<Set<string>> {
  if (!can(actor, 'dogs:read') || dogIds.length === 0) return new Set()
  const rows = await db.alert.findMany({
    where: { kind: 'VET_CHECK_DUE', status: { in: [...UNRESOLVED] }, dogId: { in: [...new Set(dogIds)] } },
    select: { dogId: true },
    distinct: ['dogId'],
  })
  return new Set(rows.flatMap((r) => (r.dogId ? [r.dogId] : [])))
}

import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { ListHandlersInput } from '@/lib/schemas/handlers'
import type { Actor } from '../actor'
import { chosenFirst } from '../chosen-first'
import { db } from '../db'
import { countCap, pagesOf, pageWindow } from '../pagination'
import { can } from '../policy'
import { containsText } from '../same-text'

/** A page of the handlers list (a multiple of the grid's 2 and 3 columns). */
export const HANDLERS_PAGE_SIZE = 24

/** The unit's handlers, active first then by name, a page at a time with the total (a state unit has thousands). */
export async function listHandlers(actor: Actor, input: ListHandlersInput) {
  if (!can(actor, 'handlers:read')) return { rows: [], total: 0, more: false, page: 1, pageCount: 0 }
  const q = input.q
  const where: Prisma.HandlerWhereInput = q ? { OR: [{ lastName: containsText(q) }, { firstName: containsText(q) }, { badgeNumber: containsText(q) }] } : {}
  const served = pageWindow(input.page, HANDLERS_PAGE_SIZE)
  // PERFORMANCE: chosen on the handler table, then loaded with their dog and deployment count (chosenFirst: 228 → 8 ms a page).
  const [counted, rows] = await Promise.all([
    db.handler.count({ where, take: countCap }),
    chosenFirst(
      () => db.handler.findMany({ where, orderBy: [{ active: 'desc' }, { lastName: 'asc' }, { firstName: 'asc' }, { id: 'asc' }], skip: served.skip, take: HANDLERS_PAGE_SIZE, select: { id: true } }),
      (ids) =>
        db.handler.findMany({
          where: { id: { in: ids } },
          select: {
            id: true,
            badgeNumber: true,
            firstName: true,
            lastName: true,
            rank: true,
            unit: true,
            active: true,
            assignments: { where: { endedAt: null }, select: { dog: { select: { id: true, name: true, k9Number: true } } } },
            _count: { select: { deployments: true } },
          },
        }),
    ),
  ])
  return { rows, ...pagesOf(counted, HANDLERS_PAGE_SIZE), page: served.page }
}

export async function getHandler(actor: Actor, handlerId: string) {
  if (!can(actor, 'handlers:read')) return null
  return db.handler.findFirst({
    where: { id: handlerId },
    select: {
      id: true,
      badgeNumber: true,
      firstName: true,
      lastName: true,
      rank: true,
      unit: true,
      phone: true,
      active: true,
      user: { select: { email: true } },
      assignments: {
        orderBy: { startedAt: 'desc' },
        take: 20,
        select: {
          id: true,
          startedAt: true,
          endedAt: true,
          endReason: true,
          dog: { select: { id: true, name: true, k9Number: true, status: true, archivedAt: true, _count: { select: { assignments: { where: { endedAt: null } } } } } },
        },
      },
      incidents: {
        orderBy: { incident: { occurredAt: 'desc' } },
        take: 20,
        select: { incident: { select: { id: true, number: true, type: true, occurredAt: true, locationText: true } } },
      },
      _count: { select: { incidents: true } },
    },
  })
}

/** The handler's editable fields and version, or null without handlers:manage (404). */
export async function getHandlerForEdit(actor: Actor, handlerId: string) {
  if (!can(actor, 'handlers:manage')) return null
  return db.handler.findUnique({
    where: { id: handlerId },
    select: {
      id: true,
      version: true,
      badgeNumber: true,
      firstName: true,
      lastName: true,
      rank: true,
      unit: true,
      phone: true,
      active: true,
      assignments: { where: { endedAt: null }, select: { dog: { select: { id: true, name: true } } } },
    },
  })
}

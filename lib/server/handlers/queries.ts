import 'server-only'
import type { Actor } from '../actor'
import { db } from '../db'
import { can } from '../policy'

export async function listHandlers(actor: Actor, q?: string) {
  if (!can(actor, 'handlers:read')) return []
  return db.handler.findMany({
    where: q ? { OR: [{ lastName: { contains: q, mode: 'insensitive' } }, { firstName: { contains: q, mode: 'insensitive' } }, { badgeNumber: { contains: q, mode: 'insensitive' } }] } : {},
    orderBy: [{ active: 'desc' }, { lastName: 'asc' }, { firstName: 'asc' }],
    take: 100,
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
  })
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

import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { Actor } from '../actor'
import { can } from '../policy'

/**
 * Which welfare alerts an actor sees (issue 8): an officer, those about the
 * dogs they handle now or the deployments they worked; veterinarians,
 * detectives and supervisors, every alert; anyone without alerts:read, none.
 * Out of scope answers 404, like a missing alert.
 */
export function alertScope(actor: Pick<Actor, 'role' | 'handlerId'>): Prisma.AlertWhereInput | null {
  if (!can(actor, 'alerts:read')) return null
  if (!seesEveryAlert(actor)) {
    if (!actor.handlerId) return null
    return {
      OR: [
        { dog: { assignments: { some: { handlerId: actor.handlerId, endedAt: null } } } },
        { deployment: { handlerId: actor.handlerId } },
      ],
    }
  }
  return {}
}

/**
 * Whether the actor sees every alert (alertScope's `{}`): anyone who may read
 * alerts but an officer. The supervisor's dashboard reads its alerts in a
 * hand-written statement only then (lib/server/dashboard/queries.ts).
 */
export function seesEveryAlert(actor: Pick<Actor, 'role'>): boolean {
  return can(actor, 'alerts:read') && actor.role !== 'OFFICER'
}

/** Statuses in which an alert still needs someone: an acknowledged vet check is still not an exam. */
export const UNRESOLVED = ['OPEN', 'ACKNOWLEDGED'] as const

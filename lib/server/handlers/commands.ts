import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { AppError } from '@/lib/errors'
import type { CreateHandlerInput, EditHandlerInput } from '@/lib/schemas/handlers'
import type { Actor } from '../actor'
import { recordAudit } from '../audit'
import { db } from '../db'
import { assertCan } from '../policy'

/** Handler profiles (issue 4). Need handlers:manage; audited in the same transaction. */

const BADGE_TAKEN = new AppError('VALIDATION', 'That badge number is already in use.', { badgeNumber: ['Another handler has this badge number.'] })

function isBadgeClash(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/** Add a handler profile. A badge number already in use is a field error. Audits handlers.created. */
export async function createHandler(actor: Actor, input: CreateHandlerInput): Promise<{ id: string }> {
  assertCan(actor, 'handlers:manage')
  try {
    return await db.$transaction(async (tx) => {
      const handler = await tx.handler.create({ data: { ...input }, select: { id: true } })
      await recordAudit(tx, actor, 'handlers.created', { type: 'Handler', id: handler.id }, { details: { badgeNumber: input.badgeNumber, name: `${input.firstName} ${input.lastName}` } })
      return handler
    })
  } catch (error) {
    if (isBadgeClash(error)) throw BADGE_TAKEN
    throw error
  }
}

/** Kept on each pairing that ends because its handler was marked inactive. */
export const DEACTIVATION_END_REASON = 'Handler marked inactive (left the unit).'

/**
 * Edit a handler profile, or mark it inactive. Optimistic on `version`.
 * Marking a handler inactive ends their open dog pairings in the same
 * transaction (the dogs then have no current handler until a supervisor
 * pairs them again). Audits handlers.edited with the changed fields before
 * and after and the pairings it ended; returns the dogs left without a handler.
 */
export async function editHandler(actor: Actor, input: EditHandlerInput): Promise<{ version: number; unpairedDogs: Array<{ id: string; name: string }> }> {
  assertCan(actor, 'handlers:manage')
  try {
    return await db.$transaction(async (tx) => {
      const current = await tx.handler.findUnique({
        where: { id: input.handlerId },
        select: { id: true, version: true, badgeNumber: true, firstName: true, lastName: true, rank: true, unit: true, phone: true, active: true },
      })
      if (!current) throw new AppError('NOT_FOUND', 'No such handler.')
      const conflict = new AppError('CONFLICT', 'Someone else saved this handler after you opened the form. Nothing was overwritten and your changes are still in the form: reload the page to see theirs, then save again.')
      if (current.version !== input.version) throw conflict
      const next = { badgeNumber: input.badgeNumber, firstName: input.firstName, lastName: input.lastName, rank: input.rank, unit: input.unit, phone: input.phone, active: input.active }
      const { count } = await tx.handler.updateMany({ where: { id: current.id, version: input.version }, data: { ...next, version: { increment: 1 } } })
      if (count !== 1) throw conflict
      const before: Record<string, unknown> = {}
      const after: Record<string, unknown> = {}
      for (const key of Object.keys(next) as Array<keyof typeof next>) {
        if (current[key] !== next[key]) {
          before[key] = current[key]
          after[key] = next[key]
        }
      }
      let unpairedDogs: Array<{ id: string; name: string }> = []
      let endedPairings: Array<{ assignmentId: string; dogId: string }> = []
      if (current.active && !next.active) {
        const now = new Date()
        const open = await tx.handlerAssignment.findMany({
          where: { handlerId: current.id, endedAt: null },
          select: { id: true, startedAt: true, dog: { select: { id: true, name: true } } },
        })
        // A pairing that starts later today (or in the future) ends when it started, never before it.
        const ended = await Promise.all(
          open.map((a) =>
            tx.handlerAssignment.updateMany({
              where: { id: a.id, endedAt: null },
              data: { endedAt: a.startedAt > now ? a.startedAt : now, endReason: DEACTIVATION_END_REASON, openDogId: null },
            }),
          ),
        )
        if (ended.some((r) => r.count !== 1)) throw new AppError('CONFLICT', 'A pairing of this handler changed a moment ago. Reload the page and save again.')
        unpairedDogs = open.map((a) => a.dog)
        endedPairings = open.map((a) => ({ assignmentId: a.id, dogId: a.dog.id }))
      }
      await recordAudit(tx, actor, 'handlers.edited', { type: 'Handler', id: current.id }, {
        details: { version: input.version + 1, before, after, ...(endedPairings.length ? { endedPairings } : {}) },
      })
      return { version: input.version + 1, unpairedDogs }
    })
  } catch (error) {
    if (isBadgeClash(error)) throw BADGE_TAKEN
    throw error
  }
}

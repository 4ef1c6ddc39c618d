import 'server-only'
import { cache } from 'react'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Actor } from '../actor'
import { db } from '../db'
import { can } from '../policy'

/**
 * Medical scope (DESIGN.md access model): vets, detectives and supervisors
 * read every dog's medical history; an officer reads the records of dogs
 * they handle or handled; everyone else none.
 */
export function medicalRecordScope(actor: Actor): Prisma.MedicalRecordWhereInput | null {
  if (!can(actor, 'medical:read')) return null
  if (seesAllMedicalRecords(actor)) return {}
  if (!actor.handlerId) return null
  return { dog: { assignments: { some: { handlerId: actor.handlerId } } } }
}

/**
 * medicalRecordScope's rule in SQL, for search's statement (lib/server/search/sql.ts): a condition on a
 * "MedicalRecord" row (archived ones aside: search leaves those out itself), or null when the actor reads
 * every dog's. tests/integration/search-scope-sql.test.ts holds the two to the same rows for every user.
 * SECURITY: constant SQL; the actor's handler id is a parameter.
 */
export function medicalRecordScopeSql(actor: Actor): Prisma.Sql | null {
  if (seesAllMedicalRecords(actor)) return null
  if (medicalRecordScope(actor) === null || !actor.handlerId) return Prisma.sql`FALSE`
  return Prisma.sql`"dogId" IN (SELECT "dogId" FROM "HandlerAssignment" WHERE "handlerId" = ${actor.handlerId}::uuid)`
}

/** Whether the actor reads every dog's medical records (medicalRecordScope is then no filter at all). */
export function seesAllMedicalRecords(actor: Pick<Actor, 'role'>): boolean {
  return can(actor, 'medical:read') && actor.role !== 'OFFICER'
}

// One answer per request: the dog profile asks twice at once (its medical summary and its chart), and
// for an officer each ask is a query (React's cache() lasts one server render; elsewhere it calls through).
export const canReadMedicalOfDog = cache(async (actor: Actor, dogId: string): Promise<boolean> => {
  const scope = medicalRecordScope(actor)
  if (scope === null) return false
  if (actor.role !== 'OFFICER') return true
  const pairing = await db.handlerAssignment.findFirst({ where: { dogId, handlerId: actor.handlerId ?? undefined }, select: { id: true } })
  return pairing !== null
})

import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import { Role, type LinkTargetType } from '@/lib/generated/prisma/enums'
import type { Actor } from '../actor'
import { db, type Tx } from '../db'
import { medicalRecordScope } from '../medical/scope'
import { can, roleCan } from '../policy'

/** The roles that may be put on an investigation's team: those that can read investigations. */
export const TEAM_ROLES = Object.values(Role).filter((r) => roleCan(r, 'investigations:read'))

/**
 * A supervisor reads every (unarchived) investigation; anyone else who may
 * read investigations, those they lead or sit on the team of. The same rule
 * as investigationScope, for the timeline's hand-written statement
 * (timeline-reads.ts), whose oracle test compares the two for every role.
 */
export function seesEveryInvestigation(actor: Actor): boolean {
  return actor.role === 'SUPERVISOR'
}

/**
 * investigationScope's rule in SQL, for the hand-written statements that read
 * an investigation `i` (timeline-reads.ts, investigation-read.ts): $1 its id,
 * $2 seesEveryInvestigation(actor), $3 the actor's id. Constant text.
 */
export const INVESTIGATION_IN_SCOPE_SQL = `i.id = $1::uuid AND i."archivedAt" IS NULL
   AND ($2::boolean OR i."leadId" = $3::uuid OR EXISTS (SELECT 1 FROM "InvestigationMember" m WHERE m."investigationId" = i.id AND m."userId" = $3::uuid))`

/**
 * Who sees an investigation (DESIGN.md access model, issue 7): its lead, its
 * team and supervisors. Everyone else — another detective, a vet — gets the
 * same answer as for an investigation that does not exist.
 */
export function investigationScope(actor: Actor): Prisma.InvestigationWhereInput | null {
  if (!can(actor, 'investigations:read')) return null
  if (seesEveryInvestigation(actor)) return { archivedAt: null }
  return { archivedAt: null, OR: [{ leadId: actor.id }, { members: { some: { userId: actor.id } } }] }
}

/**
 * investigationScope's rule in SQL, for search's statement (lib/server/search/sql.ts): a condition on an
 * "Investigation" row (archived ones aside: search leaves those out itself), or null when the actor reads
 * every one. tests/integration/search-scope-sql.test.ts holds the two to the same rows for every user.
 * SECURITY: constant SQL; the actor's id is a parameter.
 */
export function investigationScopeSql(actor: Actor): Prisma.Sql | null {
  if (seesEveryInvestigation(actor)) return null
  if (investigationScope(actor) === null) return Prisma.sql`FALSE`
  return Prisma.sql`"id" IN (SELECT "id" FROM "Investigation" WHERE "leadId" = ${actor.id}::uuid
    UNION ALL SELECT "investigationId" FROM "InvestigationMember" WHERE "userId" = ${actor.id}::uuid)`
}

/**
 * SECURITY: changing an investigation needs investigations:manage *and* a
 * seat on it (lead or team). A supervisor reads every investigation but
 * manages none; a detective on another case does not even learn this one exists.
 */
export function manageScope(actor: Actor): Prisma.InvestigationWhereInput | null {
  if (!can(actor, 'investigations:manage')) return null
  return { archivedAt: null, OR: [{ leadId: actor.id }, { members: { some: { userId: actor.id } } }] }
}

/**
 * Which of these dogs' medical records the actor may read, in one query at
 * most (officers: dogs they handle or handled; vets, detectives, supervisors:
 * all; others: none).
 */
export async function medicalReadableDogs(actor: Actor, dogIds: readonly string[], client: Tx | typeof db = db): Promise<(dogId: string) => boolean> {
  const scope = medicalRecordScope(actor)
  if (scope === null) return () => false
  if (actor.role !== 'OFFICER') return () => true
  if (!actor.handlerId || dogIds.length === 0) return () => false
  const rows = await client.handlerAssignment.findMany({
    where: { handlerId: actor.handlerId, dogId: { in: [...new Set(dogIds)] } },
    select: { dogId: true },
  })
  const allowed = new Set(rows.map((r) => r.dogId))
  return (dogId) => allowed.has(dogId)
}

/** The permission a role needs to read a record of this type (record-level scope is applied in readableTarget). */
const READ_PERMISSION = {
  INCIDENT: 'incidents:read',
  DEPLOYMENT: 'incidents:read',
  DOG: 'dogs:read',
  HANDLER: 'handlers:read',
  MEDICAL_RECORD: 'medical:read',
  ATTACHMENT: null, // depends on its owner
  EVIDENCE_ITEM: 'evidence:read',
  LAB_RESULT: 'evidence:read',
} as const satisfies Record<LinkTargetType, string | null>

/**
 * Whether the actor may read the record a link would point at; false for a
 * record that does not exist, is archived, or is outside the actor's scope
 * (the caller answers NOT_FOUND for all three). One query.
 */
export async function canReadTarget(client: Tx | typeof db, actor: Actor, type: LinkTargetType, id: string): Promise<boolean> {
  const permission = READ_PERMISSION[type]
  if (permission !== null && !can(actor, permission)) return false
  switch (type) {
    case 'INCIDENT':
      return (await client.incident.count({ where: { id, archivedAt: null } })) === 1
    case 'DEPLOYMENT':
      return (await client.deployment.count({ where: { id, incident: { archivedAt: null } } })) === 1
    case 'DOG':
      return (await client.dog.count({ where: { id, archivedAt: null } })) === 1
    case 'HANDLER':
      return (await client.handler.count({ where: { id } })) === 1
    case 'MEDICAL_RECORD': {
      const scope = medicalRecordScope(actor)
      if (scope === null) return false
      return (await client.medicalRecord.count({ where: { AND: [{ id, archivedAt: null }, scope] } })) === 1
    }
    case 'ATTACHMENT': {
      const a = await client.attachment.findFirst({
        where: { id, archivedAt: null },
        select: { medicalRecordId: true, medicalRecord: { select: { dogId: true, archivedAt: true } }, evidenceItemId: true, labResultId: true, incidentId: true },
      })
      if (!a) return false
      if (a.medicalRecord) {
        if (a.medicalRecord.archivedAt) return false
        return (await medicalReadableDogs(actor, [a.medicalRecord.dogId], client))(a.medicalRecord.dogId)
      }
      if (a.evidenceItemId || a.labResultId) return can(actor, 'evidence:read')
      if (a.incidentId) return can(actor, 'incidents:read')
      return false
    }
    case 'EVIDENCE_ITEM':
      return (await client.evidenceItem.count({ where: { id, archivedAt: null } })) === 1
    case 'LAB_RESULT':
      return (await client.labResult.count({ where: { id } })) === 1
  }
}

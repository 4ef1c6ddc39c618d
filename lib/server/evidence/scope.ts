import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { EvidenceStatus } from '@/lib/generated/prisma/enums'
import type { Actor } from '../actor'
import { can, roleCan } from '../policy'

/** The roles that may hold evidence (receive a transfer): those allowed to move what they hold. */
export const HOLDER_ROLES = (['OFFICER', 'EVIDENCE_TECH', 'DETECTIVE'] as const).filter((r) => roleCan(r, 'evidence:transfer'))

/**
 * Which evidence items an actor may see (DESIGN.md access model):
 * - evidence technicians, detectives and supervisors: every item;
 * - officers: items they collected, hold, are about to receive, or held
 *   before (named as giver or receiver in any custody event);
 * - veterinarians: items they collected (recovered in surgery);
 * - everyone else: none (null). Out of scope answers 404, like a missing item.
 */
export function evidenceScope(actor: Pick<Actor, 'id' | 'role'>): Prisma.EvidenceItemWhereInput | null {
  if (!can(actor, 'evidence:read')) return null
  switch (actor.role) {
    case 'EVIDENCE_TECH':
    case 'DETECTIVE':
    case 'SUPERVISOR':
      return { archivedAt: null }
    case 'OFFICER':
      return {
        archivedAt: null,
        OR: [
          { collectedById: actor.id },
          { currentCustodianId: actor.id },
          { pendingReceiverId: actor.id },
          { custodyEvents: { some: { OR: [{ fromUserId: actor.id }, { toUserId: actor.id }] } } },
        ],
      }
    case 'VETERINARIAN':
      return { archivedAt: null, collectedById: actor.id }
    default:
      return null
  }
}

/**
 * evidenceScope's officer rule as a set of ids (an id may repeat): the items an officer collected,
 * holds, is about to receive, or is named in a custody event of, each arm read by its own index. As
 * one OR the EXISTS over the custody events serves no index, and PostgreSQL tests every item.
 * SECURITY: constant SQL; the user's id is a parameter.
 */
export function officerItemIdsSql(userId: string): Prisma.Sql {
  const me = Prisma.sql`${userId}::uuid`
  return Prisma.sql`
    SELECT "id" FROM "EvidenceItem" WHERE "collectedById" = ${me}
    UNION ALL SELECT "id" FROM "EvidenceItem" WHERE "currentCustodianId" = ${me}
    UNION ALL SELECT "id" FROM "EvidenceItem" WHERE "pendingReceiverId" = ${me}
    UNION ALL SELECT "evidenceItemId" FROM "CustodyEvent" WHERE "fromUserId" = ${me}
    UNION ALL SELECT "evidenceItemId" FROM "CustodyEvent" WHERE "toUserId" = ${me}`
}

/**
 * evidenceScope's rule in SQL, for search's statement (lib/server/search/sql.ts): a condition on an
 * "EvidenceItem" row (archived ones aside: search leaves those out itself), or null when the actor sees
 * every item. tests/integration/search-scope-sql.test.ts holds the two to the same rows for every user.
 * SECURITY: constant SQL; the actor's id is a parameter.
 */
export function evidenceScopeSql(actor: Pick<Actor, 'id' | 'role'>): Prisma.Sql | null {
  if (seesAllEvidence(actor)) return null
  if (evidenceScope(actor) === null) return Prisma.sql`FALSE`
  if (actor.role === 'VETERINARIAN') return Prisma.sql`"collectedById" = ${actor.id}::uuid`
  return Prisma.sql`"id" IN (${officerItemIdsSql(actor.id)})`
}

/** Whether the actor sees every item (the evidence-room report is for them). */
export function seesAllEvidence(actor: Pick<Actor, 'role'>): boolean {
  return can(actor, 'evidence:read') && (actor.role === 'EVIDENCE_TECH' || actor.role === 'DETECTIVE' || actor.role === 'SUPERVISOR')
}

/** The state of an item that decides which custody moves are possible. */
export type CustodyState = {
  status: EvidenceStatus
  currentCustodianId: string | null
  pendingReceiverId: string | null
  storageLocationId: string | null
  /** The last storage-related action (STORED, CHECKED_OUT or CHECKED_IN), if any. */
  lastStorageAction: 'STORED' | 'CHECKED_OUT' | 'CHECKED_IN' | null
  /** Who submitted the item to the lab it is at (the SUBMITTED_TO_LAB event's giver). */
  labSubmitterId: string | null
}

export type CustodyMove = 'transfer' | 'receive' | 'decline' | 'cancelTransfer' | 'store' | 'checkOut' | 'checkIn' | 'submitToLab' | 'returnFromLab' | 'dispose'

export type Refusal = { code: 'FORBIDDEN' | 'CONFLICT'; message: string }

/**
 * SECURITY: the one rule for who may move an item. Only its current custodian
 * or an evidence technician may move it; a transfer in flight is confirmed
 * only (or declined) by the person it names, and cancelled only by its giver
 * or an evidence technician. A collector who holds the item (a vet in
 * surgery) may hand it over even without evidence:transfer, or it could
 * never leave the operating room.
 *
 * Returns null when allowed; otherwise why not, in words for the user:
 * FORBIDDEN when it is not this person's to move, CONFLICT when the item's
 * state does not allow the move (in transit, at a lab, in storage…).
 */
export function refusalOf(actor: Pick<Actor, 'id' | 'role'>, move: CustodyMove, s: CustodyState): Refusal | null {
  const forbidden = (message: string): Refusal => ({ code: 'FORBIDDEN', message })
  const conflict = (message: string): Refusal => ({ code: 'CONFLICT', message })
  const isTech = can(actor, 'evidence:manage')
  const holds = s.currentCustodianId !== null && s.currentCustodianId === actor.id
  const mayHandle = isTech || (holds && (can(actor, 'evidence:transfer') || can(actor, 'evidence:collect')))
  if (s.status === 'RELEASED' || s.status === 'DISPOSED') return conflict(`This item has been ${s.status === 'RELEASED' ? 'released' : 'disposed of'}; its custody is closed.`)
  switch (move) {
    case 'receive':
      if (s.status !== 'IN_TRANSIT' || !s.pendingReceiverId) return conflict('This item is not in transit: there is no hand-over to confirm.')
      if (s.pendingReceiverId !== actor.id) return forbidden('Only the person the item was handed to can confirm receipt.')
      return null
    case 'decline':
      if (s.status !== 'IN_TRANSIT' || !s.pendingReceiverId) return conflict('This item is not in transit: there is no hand-over to decline.')
      if (s.pendingReceiverId !== actor.id) return forbidden('Only the person the item was handed to can decline the hand-over.')
      return null
    case 'cancelTransfer':
      if (s.status !== 'IN_TRANSIT' || !s.pendingReceiverId) return conflict('This item is not in transit: there is no hand-over to cancel.')
      if (!isTech && !holds) return forbidden('Only the person who handed the item over or an evidence technician can cancel the hand-over.')
      return null
    case 'returnFromLab':
      if (s.status !== 'AT_LAB') return conflict('This item is not at a lab.')
      if (!isTech && !(s.labSubmitterId === actor.id && can(actor, 'evidence:lab'))) return forbidden('Only the person who submitted the item or an evidence technician can book it back from the lab.')
      return null
    default:
      break
  }
  if (!mayHandle) return forbidden('Only the item\'s current custodian or an evidence technician can move it. Ask the custodian to hand it over to you.')
  if (s.status === 'IN_TRANSIT') return conflict('This item is in transit: the receiver must confirm receipt before it can be moved again.')
  if (s.status === 'AT_LAB') return conflict('This item is at a lab: book it back from the lab first.')
  switch (move) {
    case 'transfer':
      if (s.storageLocationId) return conflict('This item is in storage: check it out before handing it over.')
      return null
    case 'store':
      if (!isTech) return forbidden('Only an evidence technician can put an item into storage.')
      if (s.storageLocationId) return conflict('This item is already in storage. Check it out first to move it elsewhere.')
      if (s.lastStorageAction === 'CHECKED_OUT') return conflict('This item was checked out: check it back in instead.')
      return null
    case 'checkIn':
      if (!isTech) return forbidden('Only an evidence technician can check an item back into storage.')
      if (s.storageLocationId || s.lastStorageAction !== 'CHECKED_OUT') return conflict('This item is not checked out.')
      return null
    case 'checkOut':
      if (!s.storageLocationId) return conflict('This item is not in storage.')
      return null
    case 'dispose':
      if (!isTech) return forbidden('Only an evidence technician can release or dispose of an item.')
      return null
    case 'submitToLab':
      if (!can(actor, 'evidence:lab')) return forbidden('Your role cannot submit items to a lab. Hand the item to an evidence technician or a detective.')
      if (s.storageLocationId) return conflict('This item is in storage: check it out before submitting it to a lab.')
      return null
  }
}

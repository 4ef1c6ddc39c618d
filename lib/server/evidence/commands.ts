import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { CustodyAction, EvidenceCategory, EvidenceStatus } from '@/lib/generated/prisma/enums'
import { custodyHash, type CustodyContent } from '@/lib/custody'
import { AppError } from '@/lib/errors'
import { GENESIS_HASH } from '@/lib/hash-chain'
import { DISPOSITION_METHODS, type DispositionMethod } from '@/lib/schemas/evidence'
import type {
  CarryOutDispositionInput,
  CheckInEvidenceInput,
  CancelTransferInput,
  CollectEvidenceInput,
  DeclineTransferInput,
  CreateStorageLocationInput,
  DecideDispositionInput,
  RequestDispositionInput,
  CheckOutEvidenceInput,
  ConfirmReceiptInput,
  RecordLabResultInput,
  ReturnFromLabInput,
  StoreEvidenceInput,
  SubmitToLabInput,
  TransferEvidenceInput,
} from '@/lib/schemas/evidence'
import type { Actor } from '../actor'
import { recordAudit } from '../audit'
import { db, type Tx } from '../db'
import { PEOPLE } from '../lookup'
import { medicalRecordScope } from '../medical/scope'
import { assertCan, can } from '../policy'
import { matchUser } from '../users/match'
import { evidenceScope, refusalOf, type CustodyMove, type CustodyState } from './scope'
import { sameText } from '../same-text'

/**
 * Custody moves (issue 6). Every move is one transaction:
 *   scope check (404 outside it) → row lock on the item (SELECT … FOR UPDATE)
 *   → version check against what the user saw (CONFLICT) → the one move rule
 *   (scope.ts refusalOf) → append the event with sequence = head + 1 and
 *   prevHash = head hash → move the item's head with an optimistic version
 *   check → audit.
 * The unique (evidenceItemId, sequence) makes a fork impossible even if the
 * lock were wrong; a collision surfaces as CONFLICT.
 */

const NOT_FOUND = () => new AppError('NOT_FOUND', 'No such evidence item.')
const STALE = () =>
  new AppError('CONFLICT', 'Someone else recorded a custody event on this item after you opened it. Reload the page to see where it is now; your entries are kept below.')

type Locked = {
  id: string
  number: string
  version: number
  status: EvidenceStatus
  currentCustodianId: string | null
  pendingReceiverId: string | null
  storageLocationId: string | null
  headSequence: number
  headHash: string | null
}

type LockedItem = Locked & { state: CustodyState; lastLabName: string | null }

/** Scope check, row lock, version check and move rule. Throws NOT_FOUND / CONFLICT / FORBIDDEN. */
async function lockForMove(tx: Tx, actor: Actor, evidenceId: string, expectedVersion: number, move: CustodyMove): Promise<LockedItem> {
  const scope = evidenceScope(actor)
  if (!scope) throw NOT_FOUND()
  const visible = await tx.evidenceItem.findFirst({ where: { AND: [{ id: evidenceId }, scope] }, select: { id: true } })
  if (!visible) throw NOT_FOUND()
  // SECURITY: serialises every append to this item's chain until commit.
  const rows = await tx.$queryRaw<Locked[]>`
    SELECT "id"::text AS "id", "number", "version", "status"::text AS "status",
           "currentCustodianId"::text AS "currentCustodianId", "pendingReceiverId"::text AS "pendingReceiverId",
           "storageLocationId"::text AS "storageLocationId", "headSequence", "headHash"
    FROM "EvidenceItem" WHERE "id" = ${evidenceId}::uuid FOR UPDATE`
  const item = rows[0]
  if (!item) throw NOT_FOUND()
  if (item.version !== expectedVersion) throw STALE()
  const [lastStorage, lastSubmit] = await Promise.all([
    tx.custodyEvent.findFirst({
      where: { evidenceItemId: item.id, action: { in: ['STORED', 'CHECKED_OUT', 'CHECKED_IN'] } },
      orderBy: { sequence: 'desc' },
      select: { action: true },
    }),
    tx.custodyEvent.findFirst({ where: { evidenceItemId: item.id, action: 'SUBMITTED_TO_LAB' }, orderBy: { sequence: 'desc' }, select: { actorId: true, labName: true } }),
  ])
  const state: CustodyState = {
    status: item.status,
    currentCustodianId: item.currentCustodianId,
    pendingReceiverId: item.pendingReceiverId,
    storageLocationId: item.storageLocationId,
    lastStorageAction: (lastStorage?.action as CustodyState['lastStorageAction']) ?? null,
    labSubmitterId: lastSubmit?.actorId ?? null,
  }
  const refusal = refusalOf(actor, move, state)
  if (refusal) throw refusal.code === 'FORBIDDEN' ? new MoveRefused(refusal.message, item.id, move) : new AppError(refusal.code, refusal.message)
  return { ...item, state, lastLabName: lastSubmit?.labName ?? null }
}

/** A move refused because the item is not this person's to move; audited (DENIED) after the move's transaction rolls back. */
class MoveRefused extends AppError {
  constructor(
    message: string,
    readonly evidenceId: string,
    readonly move: CustodyMove,
  ) {
    super('FORBIDDEN', message)
  }
}

type EventFields = Omit<CustodyContent, 'evidenceItemId' | 'sequence' | 'occurredAt' | 'actorId' | 'action'>

/** Append the next event to a locked item's chain and move its head; returns the new event's id and sequence. */
async function appendEvent(
  tx: Tx,
  actor: Actor,
  item: LockedItem,
  action: CustodyAction,
  fields: EventFields,
  itemChanges: Prisma.EvidenceItemUncheckedUpdateManyInput,
): Promise<{ eventId: string; sequence: number; hash: string }> {
  const sequence = item.headSequence + 1
  const prevHash = item.headHash ?? GENESIS_HASH
  const content = { evidenceItemId: item.id, sequence, action, occurredAt: new Date(), actorId: actor.id, ...fields }
  const hash = custodyHash(prevHash, content)
  const event = await tx.custodyEvent.create({ data: { ...content, prevHash, hash }, select: { id: true } })
  const moved = await tx.evidenceItem.updateMany({
    where: { id: item.id, version: item.version, headSequence: item.headSequence },
    data: { ...itemChanges, headSequence: sequence, headHash: hash, version: { increment: 1 } },
  })
  if (moved.count !== 1) throw STALE()
  return { eventId: event.id, sequence, hash }
}

/**
 * Runs a move; a unique-sequence collision (a fork that the lock should have
 * prevented) is a CONFLICT. A move refused because the item is not the
 * actor's to move is written to the audit log (outcome DENIED, the item and
 * the reason) in its own transaction, since the move's own rolled back.
 */
async function inTransaction<T>(actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.$transaction(fn, { maxWait: 10_000, timeout: 15_000 })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw STALE()
    if (error instanceof MoveRefused) {
      await db.$transaction(
        (tx) => recordAudit(tx, actor, 'evidence.move_refused', entity(error.evidenceId), { outcome: 'DENIED', details: { move: error.move, reason: error.userMessage } }),
        { maxWait: 10_000, timeout: 15_000 },
      )
      error.audited = true
    }
    throw error
  }
}

const entity = (id: string) => ({ type: 'EvidenceItem', id })

/**
 * Hand the item to a named active person who can hold evidence. The item is
 * IN_TRANSIT until that person confirms receipt; the giver stays custodian
 * until then. The receiver is an id (code, tests) or what the form's field
 * holds (a name, an e-mail, "Name (e-mail)"), resolved in the transaction;
 * every problem with them is named on the `toUser` field and nothing is
 * written. Audits evidence.transferred.
 */
export async function transferEvidence(actor: Actor, input: TransferEvidenceInput) {
  return inTransaction(actor, async (tx) => {
    const item = await lockForMove(tx, actor, input.evidenceId, input.version, 'transfer')
    const receiver = await resolveReceiver(tx, input)
    if (receiver.id === item.currentCustodianId) {
      const message = receiver.id === actor.id ? 'You already hold this item. Name the person who will receive it.' : 'This person already holds the item.'
      throw new AppError('VALIDATION', message, { toUser: [message] })
    }
    // The form never offered oneself (an evidence technician moving someone else's item hands it on, not to themselves).
    if (receiver.id === actor.id) throw new AppError('VALIDATION', 'You cannot hand an item over to yourself.', { toUser: ['You cannot hand an item over to yourself. Name the person who will receive it.'] })
    const appended = await appendEvent(
      tx,
      actor,
      item,
      'TRANSFERRED',
      { fromUserId: item.currentCustodianId, toUserId: receiver.id, locationId: null, place: input.place, labName: null, purpose: input.purpose, sealIntact: input.sealIntact, notes: input.notes ?? null },
      { status: 'IN_TRANSIT', pendingReceiverId: receiver.id },
    )
    await recordAudit(tx, actor, 'evidence.transferred', entity(item.id), { details: { sequence: appended.sequence, to: receiver.id, sealIntact: input.sealIntact } })
    return { ...appended, receiverName: receiver.name }
  })
}

const NOT_A_HOLDER = 'Choose an active officer, detective or evidence technician.'

/** The receiver of a hand-over: an active person whose role may hold evidence (PEOPLE['evidence-holder'], as the field's suggestions). */
async function resolveReceiver(tx: Tx, input: TransferEvidenceInput): Promise<{ id: string; name: string }> {
  if (input.toUserId) {
    const byId = await tx.user.findFirst({ where: { AND: [{ id: input.toUserId, active: true }, PEOPLE['evidence-holder']] }, select: { id: true, name: true } })
    if (!byId) throw new AppError('VALIDATION', NOT_A_HOLDER, { toUser: [NOT_A_HOLDER] })
    return byId
  }
  const text = input.toUser ?? ''
  const match = await matchUser(tx, text, PEOPLE['evidence-holder'], 'person who may hold evidence')
  if (match.ok) return match.user
  // Someone real whose role holds no evidence (a supervisor, a vet…): say so rather than "no such person".
  const other = text.trim() ? await matchUser(tx, text, {}, 'person') : null
  const message = other?.ok ? `${other.user.name} cannot receive evidence. ${NOT_A_HOLDER}` : match.message
  throw new AppError('VALIDATION', 'Check the person who will receive the item.', { toUser: [message] })
}

/** The named receiver confirms the hand-over; they become the custodian. Audits evidence.received. */
export async function confirmReceipt(actor: Actor, input: ConfirmReceiptInput) {
  return inTransaction(actor, async (tx) => {
    const item = await lockForMove(tx, actor, input.evidenceId, input.version, 'receive')
    const appended = await appendEvent(
      tx,
      actor,
      item,
      'RECEIVED',
      { fromUserId: item.currentCustodianId, toUserId: actor.id, locationId: null, place: input.place, labName: null, purpose: null, sealIntact: input.sealIntact, notes: input.notes ?? null },
      { status: 'IN_CUSTODY', currentCustodianId: actor.id, pendingReceiverId: null },
    )
    await recordAudit(tx, actor, 'evidence.received', entity(item.id), { details: { sequence: appended.sequence, sealIntact: input.sealIntact } })
    return appended
  })
}

/**
 * Call off a hand-over the receiver has not confirmed: its giver (still the
 * custodian) or an evidence technician. The chain records who was to receive
 * it (from) and who keeps it (to); the item is back IN_CUSTODY with the giver.
 * Audits evidence.transfer_cancelled.
 */
export async function cancelTransfer(actor: Actor, input: CancelTransferInput) {
  return inTransaction(actor, async (tx) => {
    const item = await lockForMove(tx, actor, input.evidenceId, input.version, 'cancelTransfer')
    const appended = await appendEvent(
      tx,
      actor,
      item,
      'TRANSFER_CANCELLED',
      { fromUserId: item.pendingReceiverId, toUserId: item.currentCustodianId, locationId: null, place: null, labName: null, purpose: input.reason, sealIntact: input.sealIntact, notes: input.notes ?? null },
      { status: 'IN_CUSTODY', pendingReceiverId: null },
    )
    await recordAudit(tx, actor, 'evidence.transfer_cancelled', entity(item.id), {
      details: { sequence: appended.sequence, receiver: item.pendingReceiverId, reason: input.reason, sealIntact: input.sealIntact },
    })
    return appended
  })
}

/**
 * The named receiver refuses the hand-over (wrong item, broken seal…): the
 * item stays with its giver, IN_CUSTODY. Audits evidence.transfer_declined.
 */
export async function declineTransfer(actor: Actor, input: DeclineTransferInput) {
  return inTransaction(actor, async (tx) => {
    const item = await lockForMove(tx, actor, input.evidenceId, input.version, 'decline')
    const appended = await appendEvent(
      tx,
      actor,
      item,
      'TRANSFER_DECLINED',
      { fromUserId: actor.id, toUserId: item.currentCustodianId, locationId: null, place: null, labName: null, purpose: input.reason, sealIntact: input.sealIntact, notes: input.notes ?? null },
      { status: 'IN_CUSTODY', pendingReceiverId: null },
    )
    await recordAudit(tx, actor, 'evidence.transfer_declined', entity(item.id), { details: { sequence: appended.sequence, reason: input.reason, sealIntact: input.sealIntact } })
    return appended
  })
}

async function activeLocation(tx: Tx, locationId: string) {
  const location = await tx.storageLocation.findFirst({ where: { id: locationId, active: true }, select: { id: true, code: true } })
  if (!location) throw new AppError('VALIDATION', 'Choose an active storage location.', { locationId: ['Choose an active storage location.'] })
  return location
}

async function putInStorage(actor: Actor, input: StoreEvidenceInput, move: 'store' | 'checkIn') {
  const action: CustodyAction = move === 'store' ? 'STORED' : 'CHECKED_IN'
  return inTransaction(actor, async (tx) => {
    const item = await lockForMove(tx, actor, input.evidenceId, input.version, move)
    const location = await activeLocation(tx, input.locationId)
    const from = item.currentCustodianId !== actor.id ? item.currentCustodianId : null
    const appended = await appendEvent(
      tx,
      actor,
      item,
      action,
      { fromUserId: from, toUserId: from ? actor.id : null, locationId: location.id, place: location.code, labName: null, purpose: null, sealIntact: input.sealIntact, notes: input.notes ?? null },
      { storageLocationId: location.id, currentCustodianId: actor.id },
    )
    await recordAudit(tx, actor, move === 'store' ? 'evidence.stored' : 'evidence.checked_in', entity(item.id), {
      details: { sequence: appended.sequence, location: location.code, sealIntact: input.sealIntact },
    })
    return appended
  })
}

/** An evidence technician puts the item at a storage location and becomes its custodian. Audits evidence.stored. */
export async function storeEvidence(actor: Actor, input: StoreEvidenceInput) {
  return putInStorage(actor, input, 'store')
}

/** An evidence technician books a checked-out item back into storage. Audits evidence.checked_in. */
export async function checkInEvidence(actor: Actor, input: CheckInEvidenceInput) {
  return putInStorage(actor, input, 'checkIn')
}

/** The item leaves storage in the hands of the actor (its custodian or a technician). Audits evidence.checked_out. */
export async function checkOutEvidence(actor: Actor, input: CheckOutEvidenceInput) {
  return inTransaction(actor, async (tx) => {
    const item = await lockForMove(tx, actor, input.evidenceId, input.version, 'checkOut')
    const from = item.currentCustodianId !== actor.id ? item.currentCustodianId : null
    const appended = await appendEvent(
      tx,
      actor,
      item,
      'CHECKED_OUT',
      { fromUserId: from ?? actor.id, toUserId: actor.id, locationId: item.storageLocationId, place: null, labName: null, purpose: input.purpose, sealIntact: input.sealIntact, notes: input.notes ?? null },
      { storageLocationId: null, currentCustodianId: actor.id },
    )
    await recordAudit(tx, actor, 'evidence.checked_out', entity(item.id), { details: { sequence: appended.sequence, sealIntact: input.sealIntact } })
    return appended
  })
}

/**
 * Send the item to a lab: a lab request (lab, question) and the custody event
 * that submitted it, together. While AT_LAB nobody in the unit holds it.
 * Audits evidence.submitted_to_lab.
 */
export async function submitToLab(actor: Actor, input: SubmitToLabInput) {
  return inTransaction(actor, async (tx) => {
    const item = await lockForMove(tx, actor, input.evidenceId, input.version, 'submitToLab')
    const appended = await appendEvent(
      tx,
      actor,
      item,
      'SUBMITTED_TO_LAB',
      { fromUserId: item.currentCustodianId, toUserId: null, locationId: null, place: null, labName: input.lab, purpose: input.question, sealIntact: input.sealIntact, notes: input.notes ?? null },
      { status: 'AT_LAB', currentCustodianId: null },
    )
    const request = await tx.labRequest.create({
      data: {
        evidenceItemId: item.id,
        lab: input.lab,
        question: input.question,
        labReference: input.labReference ?? null,
        status: 'SUBMITTED',
        requestedById: actor.id,
        requestedAt: new Date(),
        submittedEventId: appended.eventId,
        dueAt: input.dueAt ?? null,
      },
      select: { id: true },
    })
    await recordAudit(tx, actor, 'evidence.submitted_to_lab', entity(item.id), { details: { sequence: appended.sequence, labRequest: request.id, lab: input.lab } })
    return { ...appended, labRequestId: request.id }
  })
}

/** The item comes back from the lab into the actor's custody. Audits evidence.returned_from_lab. */
export async function returnFromLab(actor: Actor, input: ReturnFromLabInput) {
  return inTransaction(actor, async (tx) => {
    const item = await lockForMove(tx, actor, input.evidenceId, input.version, 'returnFromLab')
    const appended = await appendEvent(
      tx,
      actor,
      item,
      'RETURNED_FROM_LAB',
      { fromUserId: null, toUserId: actor.id, locationId: null, place: null, labName: item.lastLabName, purpose: null, sealIntact: input.sealIntact, notes: input.notes ?? null },
      { status: 'IN_CUSTODY', currentCustodianId: actor.id },
    )
    await recordAudit(tx, actor, 'evidence.returned_from_lab', entity(item.id), { details: { sequence: appended.sequence, sealIntact: input.sealIntact } })
    return appended
  })
}

/**
 * Record what the lab found for one of the item's open requests (not a
 * custody event: the item may already be back). One result per request.
 * Audits evidence.lab_result_recorded.
 */
export async function recordLabResult(actor: Actor, input: RecordLabResultInput) {
  if (!can(actor, 'evidence:lab')) throw new AppError('FORBIDDEN', 'Only evidence technicians and detectives record lab results.')
  const scope = evidenceScope(actor)
  if (!scope) throw NOT_FOUND()
  try {
    return await db.$transaction(async (tx) => {
      const request = await tx.labRequest.findFirst({
        where: { id: input.requestId, evidenceItemId: input.evidenceId, evidenceItem: scope },
        select: { id: true, status: true, evidenceItemId: true },
      })
      if (!request) throw new AppError('NOT_FOUND', 'No such lab request for this item.')
      const closed = await tx.labRequest.updateMany({
        where: { id: request.id, status: { in: ['REQUESTED', 'SUBMITTED'] } },
        data: { status: 'COMPLETED', version: { increment: 1 } },
      })
      if (closed.count !== 1) throw new AppError('CONFLICT', 'This lab request already has a result or was cancelled. Reload the page to see it.')
      const result = await tx.labResult.create({
        data: {
          requestId: request.id,
          examiner: input.examiner,
          method: input.method,
          findings: input.findings,
          conclusion: input.conclusion,
          reportedAt: input.reportedAt ?? new Date(),
          recordedById: actor.id,
        },
        select: { id: true },
      })
      await recordAudit(tx, actor, 'evidence.lab_result_recorded', entity(request.evidenceItemId), { details: { labRequest: request.id, labResult: result.id } })
      return result
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('CONFLICT', 'This lab request already has a result. Reload the page to see it.')
    }
    throw error
  }
}

/**
 * Intake: the actor starts an item's custody (an officer at a scene, a vet in
 * surgery, an evidence technician at the counter). The item is numbered
 * EV-<year>-NNNNNN from the Counter table in the same transaction, and its
 * first custody event (COLLECTED, to the collector) is the start of its
 * chain. The origin must be a record the actor can read. Audits
 * evidence.collected.
 */
export async function collectEvidence(actor: Actor, input: CollectEvidenceInput, now = new Date()): Promise<{ id: string; number: string }> {
  assertCan(actor, 'evidence:collect')
  const collectedAt = input.collectedAt ?? now
  if (collectedAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new AppError('VALIDATION', 'The collection time is in the future.', { collectedAt: ['The collection time cannot be in the future.'] })
  }
  return db.$transaction(async (tx) => {
    let originIncidentId: string | null = null
    let originMedicalRecordId: string | null = null
    if (input.incidentNumber) {
      const incident = can(actor, 'incidents:read')
        ? await tx.incident.findFirst({ where: { number: sameText(input.incidentNumber), archivedAt: null }, select: { id: true } })
        : null
      if (!incident) throw new AppError('VALIDATION', 'No incident with this number.', { incidentNumber: ['No incident with this number that you can see. Check the number, or leave it empty.'] })
      originIncidentId = incident.id
    }
    if (input.medicalRecordId) {
      const scope = medicalRecordScope(actor)
      const record = scope ? await tx.medicalRecord.findFirst({ where: { AND: [{ id: input.medicalRecordId, archivedAt: null }, scope] }, select: { id: true } }) : null
      if (!record) throw new AppError('VALIDATION', 'That medical record cannot be used as the origin.', { medicalRecordId: ['That medical record cannot be used as the origin.'] })
      originMedicalRecordId = record.id
    }
    return startCustody(tx, actor, {
      description: input.description,
      category: input.category,
      collectedAt,
      collectedAtPlace: input.collectedAtPlace,
      originIncidentId,
      originMedicalRecordId,
      sealNumber: input.sealNumber ?? null,
      sealIntact: input.sealIntact,
      notes: input.notes ?? null,
    })
  })
}

export type NewEvidence = {
  description: string
  category: EvidenceCategory
  collectedAt: Date
  collectedAtPlace: string
  originIncidentId: string | null
  originMedicalRecordId: string | null
  sealNumber: string | null
  sealIntact: boolean
  notes: string | null
}

/**
 * Inside the caller's transaction: numbers a new item EV-<year>-NNNNNN from
 * the Counter table, creates it in the actor's custody, appends its first
 * custody event (COLLECTED, to the collector: the genesis of its hash chain)
 * and audits evidence.collected. Shared by evidence intake (collectEvidence)
 * and the vet's recovered item (medical/commands.ts recordRecoveredItem), so
 * that custody starts the same way wherever it starts. The caller authorizes.
 */
export async function startCustody(tx: Tx, actor: Actor, e: NewEvidence): Promise<{ id: string; number: string }> {
  const year = e.collectedAt.getUTCFullYear()
  const key = `evidence:${year}`
  const [row] = await tx.$queryRaw<Array<{ value: number }>>`
    INSERT INTO "Counter" ("key", "value") VALUES (${key}, 1)
    ON CONFLICT ("key") DO UPDATE SET "value" = "Counter"."value" + 1
    RETURNING "value"`
  if (!row) throw new Error('Counter upsert returned no row')
  const number = `EV-${year}-${String(row.value).padStart(6, '0')}`
  const item = await tx.evidenceItem.create({
    data: {
      number,
      description: e.description,
      category: e.category,
      collectedAt: e.collectedAt,
      collectedById: actor.id,
      collectedAtPlace: e.collectedAtPlace,
      originIncidentId: e.originIncidentId,
      originMedicalRecordId: e.originMedicalRecordId,
      sealNumber: e.sealNumber,
      status: 'IN_CUSTODY',
      currentCustodianId: actor.id,
    },
    select: { id: true },
  })
  const content = {
    evidenceItemId: item.id,
    sequence: 1,
    action: 'COLLECTED' as const,
    occurredAt: e.collectedAt,
    actorId: actor.id,
    fromUserId: null,
    toUserId: actor.id,
    locationId: null,
    place: e.collectedAtPlace,
    labName: null,
    purpose: null,
    sealIntact: e.sealIntact,
    notes: e.notes,
  }
  const hash = custodyHash(GENESIS_HASH, content)
  await tx.custodyEvent.create({ data: { ...content, prevHash: GENESIS_HASH, hash }, select: { id: true } })
  await tx.evidenceItem.update({ where: { id: item.id }, data: { headSequence: 1, headHash: hash }, select: { id: true } })
  await recordAudit(tx, actor, 'evidence.collected', entity(item.id), {
    details: { number, originIncidentId: e.originIncidentId, originMedicalRecordId: e.originMedicalRecordId },
  })
  return { id: item.id, number }
}

// ───────────── disposition: release or disposal, approved by a second person ─────────────

/**
 * An evidence technician asks to release or dispose of an item. Nothing moves
 * yet: a supervisor other than the requester must approve first. One open
 * request per item. Audits evidence.disposition_requested.
 */
export async function requestDisposition(actor: Actor, input: RequestDispositionInput) {
  assertCan(actor, 'evidence:manage')
  return db.$transaction(async (tx) => {
    const scope = evidenceScope(actor)
    const visible = scope ? await tx.evidenceItem.findFirst({ where: { AND: [{ id: input.evidenceId }, scope] }, select: { id: true } }) : null
    if (!visible) throw NOT_FOUND()
    // Serialises requests for one item, so two technicians cannot open two at once.
    const [item] = await tx.$queryRaw<Array<{ status: EvidenceStatus }>>`SELECT "status"::text AS "status" FROM "EvidenceItem" WHERE "id" = ${input.evidenceId}::uuid FOR UPDATE`
    if (!item) throw NOT_FOUND()
    if (item.status === 'RELEASED' || item.status === 'DISPOSED') throw new AppError('CONFLICT', 'This item has already left the evidence room.')
    const open = await tx.dispositionRequest.findFirst({ where: { evidenceItemId: input.evidenceId, status: { in: ['PENDING', 'APPROVED'] } }, select: { id: true } })
    if (open) throw new AppError('CONFLICT', 'This item already has an open release or disposal request.')
    const request = await tx.dispositionRequest.create({
      data: { evidenceItemId: input.evidenceId, method: input.method, reason: input.reason, requestedById: actor.id },
      select: { id: true },
    })
    await recordAudit(tx, actor, 'evidence.disposition_requested', entity(input.evidenceId), { details: { request: request.id, method: input.method } })
    return request
  })
}

/**
 * A supervisor approves or rejects a pending request. SECURITY: never the
 * person who asked (two-person rule). Audits evidence.disposition_approved /
 * evidence.disposition_rejected.
 */
export async function decideDisposition(actor: Actor, input: DecideDispositionInput) {
  assertCan(actor, 'evidence:approve-disposition')
  const scope = evidenceScope(actor)
  if (!scope) throw NOT_FOUND()
  return db.$transaction(async (tx) => {
    const request = await tx.dispositionRequest.findFirst({
      where: { id: input.requestId, evidenceItemId: input.evidenceId, evidenceItem: scope },
      select: { id: true, status: true, requestedById: true, version: true },
    })
    if (!request) throw new AppError('NOT_FOUND', 'No such request for this item.')
    if (request.requestedById === actor.id) throw new AppError('FORBIDDEN', 'You asked for this yourself: a second person must approve it.')
    if (request.status !== 'PENDING') throw new AppError('CONFLICT', 'This request has already been decided. Reload the page to see the decision.')
    const status = input.decision === 'approve' ? 'APPROVED' : 'REJECTED'
    const decided = await tx.dispositionRequest.updateMany({
      where: { id: request.id, status: 'PENDING', version: input.requestVersion },
      data: { status, decidedById: actor.id, decidedAt: new Date(), decisionNote: input.note ?? null, version: { increment: 1 } },
    })
    if (decided.count !== 1) throw new AppError('CONFLICT', 'This request changed after you opened it. Reload the page and decide again.')
    await recordAudit(tx, actor, input.decision === 'approve' ? 'evidence.disposition_approved' : 'evidence.disposition_rejected', entity(input.evidenceId), {
      details: { request: request.id },
    })
    return { status }
  })
}

/**
 * An evidence technician carries out an approved request: the last custody
 * event (RELEASED or DISPOSED) closes the chain. Audits evidence.released /
 * evidence.disposed.
 */
export async function carryOutDisposition(actor: Actor, input: CarryOutDispositionInput) {
  return inTransaction(actor, async (tx) => {
    const item = await lockForMove(tx, actor, input.evidenceId, input.version, 'dispose')
    const request = await tx.dispositionRequest.findFirst({
      where: { id: input.requestId, evidenceItemId: item.id },
      select: { id: true, status: true, method: true, reason: true, decidedById: true },
    })
    if (!request) throw new AppError('NOT_FOUND', 'No such request for this item.')
    if (request.status !== 'APPROVED') throw new AppError('CONFLICT', request.status === 'PENDING' ? 'This request still waits for a supervisor\'s approval.' : 'This request is not approved.')
    const method = request.method as DispositionMethod
    const disposing = method === 'DESTROY'
    if (!disposing && !input.recipient) throw new AppError('VALIDATION', 'Say to whom the item is released.', { recipient: ['Say to whom the item is released (name and ID or agency).'] })
    const appended = await appendEvent(
      tx,
      actor,
      item,
      disposing ? 'DISPOSED' : 'RELEASED',
      {
        fromUserId: item.currentCustodianId,
        toUserId: null,
        locationId: item.storageLocationId,
        place: disposing ? null : (input.recipient ?? null),
        labName: null,
        purpose: `${DISPOSITION_METHODS[method] ?? request.method}: ${request.reason}`,
        sealIntact: input.sealIntact,
        notes: input.notes ?? null,
      },
      { status: disposing ? 'DISPOSED' : 'RELEASED', currentCustodianId: null, pendingReceiverId: null, storageLocationId: null },
    )
    const done = await tx.dispositionRequest.updateMany({ where: { id: request.id, status: 'APPROVED' }, data: { status: 'CARRIED_OUT', version: { increment: 1 } } })
    if (done.count !== 1) throw STALE()
    await recordAudit(tx, actor, disposing ? 'evidence.disposed' : 'evidence.released', entity(item.id), { details: { sequence: appended.sequence, request: request.id } })
    return appended
  })
}

/** An evidence technician adds a storage location (room / shelf / bin) under a unique code. Audits evidence.location_created. */
export async function createStorageLocation(actor: Actor, input: CreateStorageLocationInput) {
  assertCan(actor, 'evidence:manage')
  try {
    return await db.$transaction(async (tx) => {
      const location = await tx.storageLocation.create({
        data: { code: input.code, room: input.room, shelf: input.shelf ?? null, bin: input.bin ?? null, description: input.description ?? null },
        select: { id: true, code: true },
      })
      await recordAudit(tx, actor, 'evidence.location_created', { type: 'StorageLocation', id: location.id }, { details: { code: location.code } })
      return location
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('VALIDATION', 'A location with this code already exists.', { code: ['A location with this code already exists.'] })
    }
    throw error
  }
}

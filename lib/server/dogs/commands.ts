import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { DogStatus } from '@/lib/generated/prisma/enums'
import { AppError } from '@/lib/errors'
import type { AddCertificationInput, AssignHandlerInput, ChangeDogStatusInput, CreateDogInput, EditDogInput, RenewCertificationInput, SetFitForDutyInput } from '@/lib/schemas/dogs'
import type { Actor } from '../actor'
import { recordAudit } from '../audit'
import { blobStore } from '../blobs'
import { db, type Tx } from '../db'
import { matchHandler } from '../handlers/match'
import { assertCan } from '../policy'

/**
 * Supervisor writes on the unit's dogs (issue 4): status with a reason,
 * fitness for duty, pairing with a handler, certifications. All need
 * dogs:manage; each writes its audit row in the same transaction.
 */

const CONFLICT_DOG = 'Someone else changed this dog’s record after you opened it. Nothing was changed: reload the page and try again.'

/** Statuses in which a dog cannot be fit for duty; moving into one clears the flag. */
const NOT_DEPLOYABLE: ReadonlySet<DogStatus> = new Set(['UNFIT', 'RETIRED', 'DECEASED'])

async function lockDog(tx: Tx, dogId: string) {
  await tx.$queryRaw`SELECT id FROM "Dog" WHERE id = ${dogId}::uuid FOR UPDATE`
  const dog = await tx.dog.findFirst({ where: { id: dogId, archivedAt: null }, select: { id: true, name: true, status: true, fitForDuty: true, version: true } })
  if (!dog) throw new AppError('NOT_FOUND', 'No such dog.')
  return dog
}

/**
 * Change a dog's status with a required reason (a DogStatusChange row).
 * Unfit, retired and deceased also clear fitness for duty. Optimistic on the
 * dog's version. Audits dogs.status_changed.
 */
export async function changeDogStatus(actor: Actor, input: ChangeDogStatusInput): Promise<void> {
  assertCan(actor, 'dogs:manage')
  await db.$transaction(async (tx) => {
    const dog = await lockDog(tx, input.dogId)
    if (dog.version !== input.version) throw new AppError('CONFLICT', CONFLICT_DOG)
    if (dog.status === input.toStatus) throw new AppError('VALIDATION', 'That is already the dog’s status.', { toStatus: [`K-9 ${dog.name} is already ${input.toStatus.toLowerCase()}.`] })
    const clearFitness = NOT_DEPLOYABLE.has(input.toStatus) && dog.fitForDuty
    const now = new Date()
    const { count } = await tx.dog.updateMany({
      where: { id: dog.id, version: input.version },
      data: { status: input.toStatus, ...(clearFitness ? { fitForDuty: false, fitForDutySetAt: now, fitForDutySetById: actor.id } : {}), version: { increment: 1 } },
    })
    if (count !== 1) throw new AppError('CONFLICT', CONFLICT_DOG)
    await tx.dogStatusChange.create({ data: { dogId: dog.id, fromStatus: dog.status, toStatus: input.toStatus, reason: input.reason, changedAt: now, changedById: actor.id } })
    await recordAudit(tx, actor, 'dogs.status_changed', { type: 'Dog', id: dog.id }, {
      details: { from: dog.status, to: input.toStatus, reason: input.reason, ...(clearFitness ? { fitForDuty: { from: true, to: false } } : {}) },
    })
  })
}

/**
 * Set a dog fit or not fit for duty, recording who and when. A dog whose
 * status is unfit, retired or deceased cannot be made fit. Optimistic on the
 * dog's version. Audits dogs.fitness_set.
 */
export async function setFitForDuty(actor: Actor, input: SetFitForDutyInput): Promise<void> {
  assertCan(actor, 'dogs:manage')
  await db.$transaction(async (tx) => {
    const dog = await lockDog(tx, input.dogId)
    if (dog.version !== input.version) throw new AppError('CONFLICT', CONFLICT_DOG)
    if (input.fitForDuty && NOT_DEPLOYABLE.has(dog.status)) {
      throw new AppError('VALIDATION', 'Change the dog’s status first.', { fitForDuty: [`K-9 ${dog.name} is ${dog.status.toLowerCase()}: change the status before clearing the dog for duty.`] })
    }
    const { count } = await tx.dog.updateMany({
      where: { id: dog.id, version: input.version },
      data: { fitForDuty: input.fitForDuty, fitForDutySetAt: new Date(), fitForDutySetById: actor.id, version: { increment: 1 } },
    })
    if (count !== 1) throw new AppError('CONFLICT', CONFLICT_DOG)
    await recordAudit(tx, actor, 'dogs.fitness_set', { type: 'Dog', id: dog.id }, { details: { from: dog.fitForDuty, to: input.fitForDuty, note: input.note } })
  })
}

/**
 * Pair a dog with a handler from `startedAt`. The dog's open assignment, if
 * any, ends at that moment in the same transaction (the database allows one
 * open assignment per dog: HandlerAssignment.openDogId is unique). Audits
 * dogs.paired.
 */
export async function assignHandler(actor: Actor, input: AssignHandlerInput): Promise<{ id: string }> {
  assertCan(actor, 'dogs:manage')
  try {
    return await db.$transaction(async (tx) => {
      const dog = await lockDog(tx, input.dogId)
      const handler = await resolveHandler(tx, input)
      const open = await tx.handlerAssignment.findFirst({ where: { dogId: dog.id, endedAt: null }, select: { id: true, handlerId: true, startedAt: true } })
      if (open?.handlerId === handler.id) throw new AppError('VALIDATION', 'That handler already has this dog.', { handler: [`K-9 ${dog.name} is already paired with this handler.`] })
      if (open && input.startedAt < open.startedAt) {
        throw new AppError('VALIDATION', 'The new pairing cannot start before the current one.', { startedAt: ['Choose a date on or after the start of the current pairing.'] })
      }
      if (open) {
        const { count } = await tx.handlerAssignment.updateMany({
          where: { id: open.id, endedAt: null },
          data: { endedAt: input.startedAt, endReason: input.endReason ?? 'Dog paired with another handler.', openDogId: null },
        })
        if (count !== 1) throw new AppError('CONFLICT', 'Someone else changed this dog’s pairing a moment ago. Reload the page.')
      }
      const assignment = await tx.handlerAssignment.create({
        data: { dogId: dog.id, handlerId: handler.id, startedAt: input.startedAt, openDogId: dog.id },
        select: { id: true },
      })
      await recordAudit(tx, actor, 'dogs.paired', { type: 'Dog', id: dog.id }, {
        details: { assignmentId: assignment.id, handlerId: handler.id, startedAt: input.startedAt.toISOString().slice(0, 10), previous: open ? { assignmentId: open.id, handlerId: open.handlerId, endReason: input.endReason } : null },
      })
      return assignment
    })
  } catch (error) {
    // SECURITY/INTEGRITY: the unique openDogId index refuses a second open pairing made at the same moment by someone else.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('CONFLICT', 'Someone else paired this dog a moment ago. Reload the page.')
    throw error
  }
}

/**
 * The active handler a pairing names: by id, or by what the supervisor typed
 * (lib/server/handlers/match.ts: a badge number, a full name, a last name)
 * when exactly one active handler matches. Field errors name the problem.
 */
async function resolveHandler(tx: Tx, input: AssignHandlerInput): Promise<{ id: string }> {
  if (input.handlerId) {
    const byId = await tx.handler.findFirst({ where: { id: input.handlerId, active: true }, select: { id: true } })
    if (!byId) throw new AppError('VALIDATION', 'Choose an active handler.', { handler: ['That handler is not active in the unit. Choose another.'] })
    return byId
  }
  const match = await matchHandler(tx, input.handler ?? '')
  if (!match.ok) throw new AppError('VALIDATION', 'Check the handler.', { handler: [match.message] })
  return match.handler
}

/** Record a certification the dog holds. Audits dogs.certification_added. */
export async function addCertification(actor: Actor, input: AddCertificationInput): Promise<{ id: string }> {
  assertCan(actor, 'dogs:manage')
  return db.$transaction(async (tx) => {
    const dog = await tx.dog.findFirst({ where: { id: input.dogId, archivedAt: null }, select: { id: true } })
    if (!dog) throw new AppError('NOT_FOUND', 'No such dog.')
    const cert = await tx.certification.create({
      data: { dogId: dog.id, kind: input.kind, issuer: input.issuer, certificateNumber: input.certificateNumber, issuedAt: input.issuedAt, expiresAt: input.expiresAt, notes: input.notes },
      select: { id: true },
    })
    await recordAudit(tx, actor, 'dogs.certification_added', { type: 'Dog', id: dog.id }, {
      details: { certificationId: cert.id, kind: input.kind, issuer: input.issuer, issuedAt: day(input.issuedAt), expiresAt: day(input.expiresAt) },
    })
    return cert
  })
}

const day = (d: Date) => d.toISOString().slice(0, 10)

/**
 * Renew a certification: the old record is archived (kept for the history)
 * and a new one with the same kind and issuer holds the new dates.
 * Optimistic on the old record's version. Audits dogs.certification_renewed.
 */
export async function renewCertification(actor: Actor, input: RenewCertificationInput): Promise<{ id: string }> {
  assertCan(actor, 'dogs:manage')
  return db.$transaction(async (tx) => {
    const old = await tx.certification.findFirst({
      where: { id: input.certificationId, dogId: input.dogId, archivedAt: null, dog: { archivedAt: null } },
      select: { id: true, dogId: true, kind: true, issuer: true, certificateNumber: true, issuedAt: true, expiresAt: true, notes: true, version: true },
    })
    if (!old) throw new AppError('NOT_FOUND', 'No such certification (it may have been renewed already).')
    if (old.version !== input.version) throw new AppError('CONFLICT', 'Someone else changed this certification after you opened it. Reload the page.')
    if (input.expiresAt <= old.expiresAt) throw new AppError('VALIDATION', 'A renewal must expire later than the current certificate.', { expiresAt: [`Choose a date after ${day(old.expiresAt)}.`] })
    const { count } = await tx.certification.updateMany({ where: { id: old.id, version: input.version, archivedAt: null }, data: { archivedAt: new Date(), version: { increment: 1 } } })
    if (count !== 1) throw new AppError('CONFLICT', 'Someone else renewed this certification a moment ago. Reload the page.')
    const renewed = await tx.certification.create({
      data: { dogId: old.dogId, kind: old.kind, issuer: old.issuer, certificateNumber: input.certificateNumber ?? old.certificateNumber, issuedAt: input.issuedAt, expiresAt: input.expiresAt, notes: old.notes },
      select: { id: true },
    })
    await recordAudit(tx, actor, 'dogs.certification_renewed', { type: 'Dog', id: old.dogId }, {
      details: {
        kind: old.kind,
        before: { certificationId: old.id, issuedAt: day(old.issuedAt), expiresAt: day(old.expiresAt), certificateNumber: old.certificateNumber },
        after: { certificationId: renewed.id, issuedAt: day(input.issuedAt), expiresAt: day(input.expiresAt), certificateNumber: input.certificateNumber ?? old.certificateNumber },
      },
    })
    return renewed
  })
}

/** A unique K-9 number or microchip already in use → the message next to that field. */
function particularsClash(error: unknown): AppError | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return null
  const target = JSON.stringify(error.meta ?? {})
  if (target.includes('microchip')) return new AppError('VALIDATION', 'That microchip number is already recorded.', { microchip: ['Another dog has this microchip number.'] })
  return new AppError('VALIDATION', 'That K-9 number is already in use.', { k9Number: ['Another dog has this K-9 number.'] })
}

/** Add a dog to the unit (active, fit for duty). Audits dogs.created. */
export async function createDog(actor: Actor, input: CreateDogInput): Promise<{ id: string }> {
  assertCan(actor, 'dogs:manage')
  try {
    return await db.$transaction(async (tx) => {
      const dog = await tx.dog.create({ data: { ...input, fitForDutySetAt: new Date(), fitForDutySetById: actor.id }, select: { id: true } })
      await recordAudit(tx, actor, 'dogs.created', { type: 'Dog', id: dog.id }, { details: { k9Number: input.k9Number, name: input.name } })
      return dog
    })
  } catch (error) {
    throw particularsClash(error) ?? error
  }
}

/** Edit a dog's particulars. Optimistic on `version`. Audits dogs.edited with what changed, before and after. */
export async function editDog(actor: Actor, input: EditDogInput): Promise<{ version: number }> {
  assertCan(actor, 'dogs:manage')
  try {
    return await db.$transaction(async (tx) => {
      const dog = await lockDog(tx, input.dogId)
      if (dog.version !== input.version) throw new AppError('CONFLICT', 'Someone else saved this dog’s record after you opened it. Nothing was overwritten and your changes are still in the form: reload the page to see theirs, then save again.')
      const current = await tx.dog.findUniqueOrThrow({ where: { id: dog.id }, select: { k9Number: true, name: true, breed: true, sex: true, dateOfBirth: true, microchip: true, specialties: true, notes: true } })
      const { dogId: _id, version: _v, ...next } = input
      const { count } = await tx.dog.updateMany({ where: { id: dog.id, version: input.version }, data: { ...next, version: { increment: 1 } } })
      if (count !== 1) throw new AppError('CONFLICT', CONFLICT_DOG)
      const before: Record<string, unknown> = {}
      const after: Record<string, unknown> = {}
      const plain = (v: unknown) => (v instanceof Date ? day(v) : v)
      for (const key of Object.keys(next) as Array<keyof typeof next>) {
        if (JSON.stringify(plain(current[key])) !== JSON.stringify(plain(next[key]))) {
          before[key] = plain(current[key])
          after[key] = plain(next[key])
        }
      }
      await recordAudit(tx, actor, 'dogs.edited', { type: 'Dog', id: dog.id }, { details: { version: input.version + 1, before, after } })
      return { version: input.version + 1 }
    })
  } catch (error) {
    throw particularsClash(error) ?? error
  }
}

/** The largest dog photo accepted (a phone photo, resized by nobody). */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024

/** The image type from the file's first bytes (never from its name or the browser's claim); null when not JPEG, PNG or WebP. */
export function sniffImageType(bytes: Uint8Array): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v)
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg'
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png'
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp'
  return null
}

/**
 * Set a dog's photo. The type is sniffed from the bytes and the size capped.
 * The bytes go to the content-addressed blob store first, then the dog row
 * points at them in a transaction (optimistic on `version`): a crash in
 * between leaves only an unreferenced blob, never a dog pointing at nothing.
 * Needs dogs:manage. Audits dogs.photo_set with the SHA-256.
 */
export async function setDogPhoto(actor: Actor, input: { dogId: string; version: number }, bytes: Uint8Array): Promise<{ sha256: string }> {
  assertCan(actor, 'dogs:manage')
  if (bytes.length === 0) throw new AppError('VALIDATION', 'Choose a photo to upload.', { photo: ['Choose a photo to upload.'] })
  if (bytes.length > MAX_PHOTO_BYTES) throw new AppError('VALIDATION', 'That photo is too large.', { photo: [`The photo must be under ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`] })
  const mediaType = sniffImageType(bytes)
  if (!mediaType) throw new AppError('VALIDATION', 'That file is not a photo we can show.', { photo: ['Upload a JPEG, PNG or WebP image.'] })
  const exists = await db.dog.findFirst({ where: { id: input.dogId, archivedAt: null }, select: { id: true } })
  if (!exists) throw new AppError('NOT_FOUND', 'No such dog.')
  const stored = await (await blobStore()).putBytes(bytes)
  await db.$transaction(async (tx) => {
    const dog = await lockDog(tx, input.dogId)
    if (dog.version !== input.version) throw new AppError('CONFLICT', CONFLICT_DOG)
    const { count } = await tx.dog.updateMany({
      where: { id: dog.id, version: input.version },
      data: { photoBlobKey: stored.key, photoSha256: stored.sha256, photoMediaType: mediaType, version: { increment: 1 } },
    })
    if (count !== 1) throw new AppError('CONFLICT', CONFLICT_DOG)
    await recordAudit(tx, actor, 'dogs.photo_set', { type: 'Dog', id: dog.id }, { details: { sha256: stored.sha256, mediaType, sizeBytes: stored.sizeBytes } })
  })
  return { sha256: stored.sha256 }
}

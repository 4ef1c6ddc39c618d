import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { ListDogsInput } from '@/lib/schemas/dogs'
import type { Actor } from '../actor'
import { db } from '../db'
import { handlerLabel, handlerTextWhere } from '../handlers/match'
import { can } from '../policy'
import { canReadMedicalOfDog } from '../medical/scope'
import { blobStore } from '../blobs'

export const DOGS_PAGE_SIZE = 20
/** The latest deployments and medical records a dog's profile lists (the rest: the incident list filtered by the dog, /medical?dog=…). */
export const DOG_PROFILE_DEPLOYMENTS = 25
export const DOG_PROFILE_MEDICAL = 10

/** The handler filter as the list read it: the handler's label when exactly one handler with a dog matches, else the text; `matched` false when none does. */
export type DogHandlerFilter = { label: string; matched: boolean }

/**
 * Dogs visible to the actor: every role that may read dogs sees the whole
 * unit. The handler filter is typed (a state unit has thousands of handlers:
 * no list to pick from), read as every typed handler is
 * (lib/server/handlers/match.ts) or as a handler's id (old links), among the
 * handlers who have a dog now.
 */
export async function listDogs(actor: Actor, input: ListDogsInput) {
  if (!can(actor, 'dogs:read')) return { rows: [], total: 0, page: 1, pageCount: 0, handlerFilter: null as DogHandlerFilter | null }
  const where: Prisma.DogWhereInput = {
    archivedAt: null,
    ...(input.status ? { status: input.status } : {}),
    ...(input.specialty ? { specialties: { has: input.specialty } } : {}),
    ...(input.handler ? { assignments: { some: { handler: handlerTextWhere(input.handler), endedAt: null } } } : {}),
    ...(input.q
      ? { OR: [{ name: { contains: input.q, mode: 'insensitive' } }, { k9Number: { contains: input.q, mode: 'insensitive' } }] }
      : {}),
  }
  const orderBy: Prisma.DogOrderByWithRelationInput[] =
    input.sort === 'k9Number' ? [{ k9Number: 'asc' }] : input.sort === 'status' ? [{ status: 'asc' }, { name: 'asc' }] : input.sort === 'age' ? [{ dateOfBirth: 'asc' }] : [{ name: 'asc' }]
  const [total, rows, handlers] = await Promise.all([
    db.dog.count({ where }),
    db.dog.findMany({
      where,
      orderBy: [...orderBy, { id: 'asc' }],
      skip: (input.page - 1) * DOGS_PAGE_SIZE,
      take: DOGS_PAGE_SIZE,
      select: {
        id: true,
        k9Number: true,
        name: true,
        breed: true,
        sex: true,
        dateOfBirth: true,
        specialties: true,
        status: true,
        fitForDuty: true,
        assignments: {
          where: { endedAt: null },
          take: 1,
          select: { handler: { select: { id: true, firstName: true, lastName: true, rank: true } } },
        },
        alerts: { where: { status: 'OPEN', kind: 'VET_CHECK_DUE' }, select: { id: true, dueAt: true }, take: 1 },
      },
    }),
    // Who the handler filter names: two are enough to know it is not one.
    input.handler
      ? db.handler.findMany({ where: { AND: [handlerTextWhere(input.handler), { assignments: { some: { endedAt: null, dog: { archivedAt: null } } } }] }, orderBy: [{ lastName: 'asc' }, { id: 'asc' }], take: 2, select: { firstName: true, lastName: true, badgeNumber: true } })
      : null,
  ])
  const handlerFilter: DogHandlerFilter | null = input.handler && handlers ? { label: handlers.length === 1 ? handlerLabel(handlers[0]!) : input.handler, matched: handlers.length > 0 } : null
  return {
    rows: rows.map(({ assignments, alerts, ...d }) => ({
      ...d,
      handler: assignments[0]?.handler ?? null,
      openVetCheck: alerts[0] ?? null,
    })),
    total,
    page: input.page,
    pageCount: Math.ceil(total / DOGS_PAGE_SIZE),
    handlerFilter,
  }
}

export type DogListRow = Awaited<ReturnType<typeof listDogs>>['rows'][number]

/** Rex's page: status, pairing history, certifications, deployments and (for roles allowed) a medical summary. Null = 404. */
export async function getDogProfile(actor: Actor, dogId: string) {
  if (!can(actor, 'dogs:read')) return null
  // PERFORMANCE: one statement for the dog and its lists (relation joins: a
  // LIMIT per list and correlated counts), the medical summary beside it; a
  // statewide dog has ~750 deployments and ~150 medical records.
  const [dog, medicalOk] = await Promise.all([
    db.dog.findFirst({
      where: { id: dogId, archivedAt: null },
      select: {
        id: true,
        k9Number: true,
        name: true,
        breed: true,
        sex: true,
        dateOfBirth: true,
        microchip: true,
        specialties: true,
        status: true,
        fitForDuty: true,
        fitForDutySetAt: true,
        fitForDutySetBy: { select: { name: true } },
        photoSha256: true,
        notes: true,
        assignments: {
          orderBy: { startedAt: 'desc' },
          take: 20,
          select: { id: true, startedAt: true, endedAt: true, endReason: true, handler: { select: { id: true, firstName: true, lastName: true, rank: true, badgeNumber: true } } },
        },
        certifications: {
          where: { archivedAt: null },
          orderBy: { expiresAt: 'asc' },
          take: 50,
          select: { id: true, kind: true, issuer: true, certificateNumber: true, issuedAt: true, expiresAt: true },
        },
        statusChanges: { orderBy: { changedAt: 'desc' }, take: 10, select: { id: true, fromStatus: true, toStatus: true, reason: true, changedAt: true, changedBy: { select: { name: true } } } },
        deployments: {
          orderBy: [{ deployedAt: 'desc' }, { id: 'desc' }],
          take: DOG_PROFILE_DEPLOYMENTS,
          select: {
            id: true,
            deployedAt: true,
            task: true,
            outcome: true,
            exposures: true,
            exposureNotes: true,
            injuryObserved: true,
            injuryDescription: true,
            handler: { select: { firstName: true, lastName: true } },
            incident: { select: { id: true, number: true, type: true, locationText: true } },
          },
        },
        _count: { select: { deployments: true, medicalRecords: { where: { archivedAt: null } } } },
        alerts: {
          orderBy: { raisedAt: 'desc' },
          take: 10,
          select: { id: true, kind: true, status: true, title: true, raisedAt: true, dueAt: true, overdueAt: true, resolvedAt: true, note: true },
        },
        medicalRecords: {
          where: { archivedAt: null },
          orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
          take: DOG_PROFILE_MEDICAL,
          select: {
            id: true,
            kind: true,
            occurredAt: true,
            clinic: true,
            diagnosis: true,
            outcome: true,
            decisionOutcome: true,
            veterinarian: { select: { name: true } },
            _count: { select: { attachments: true, vitals: true } },
          },
        },
      },
    }),
    canReadMedicalOfDog(actor, dogId),
  ])
  if (!dog) return null
  // SECURITY: the medical summary (and its count) only within the actor's medical scope.
  const { medicalRecords, _count, ...rest } = dog
  return { ...rest, _count: { deployments: _count.deployments }, medical: medicalOk ? medicalRecords : null, medicalCount: medicalOk ? _count.medicalRecords : 0 }
}

export type DogProfile = NonNullable<Awaited<ReturnType<typeof getDogProfile>>>

/** What the supervisor's forms on a dog's page and its edit page need (versions, particulars, the unit's active handlers), or null without dogs:manage. */
export async function getDogManagement(actor: Actor, dogId: string) {
  if (!can(actor, 'dogs:manage')) return null
  // The pairing form takes a badge number or a name the server resolves: no list of handlers to send.
  return db.dog.findFirst({
    where: { id: dogId, archivedAt: null },
    select: { id: true, name: true, version: true, status: true, fitForDuty: true, k9Number: true, breed: true, sex: true, dateOfBirth: true, microchip: true, specialties: true, notes: true, certifications: { where: { archivedAt: null }, orderBy: { expiresAt: 'asc' }, take: 50, select: { id: true, version: true, kind: true, expiresAt: true } } },
  })
}

/**
 * The dog's photo as a stream, after re-checking its SHA-256; null (404)
 * without dogs:read, without a photo, or when the bytes no longer match.
 */
export async function openDogPhoto(actor: Actor, dogId: string) {
  if (!can(actor, 'dogs:read')) return null
  const dog = await db.dog.findFirst({ where: { id: dogId, archivedAt: null }, select: { photoBlobKey: true, photoSha256: true, photoMediaType: true } })
  if (!dog?.photoBlobKey || !dog.photoSha256 || !dog.photoMediaType) return null
  const store = await blobStore()
  const actual = await store.hashOf(dog.photoBlobKey).catch(() => null)
  if (actual !== dog.photoSha256) return null
  return { mediaType: dog.photoMediaType, sha256: dog.photoSha256, stream: await store.read(dog.photoBlobKey) }
}

import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import { AppError, isAppError } from '@/lib/errors'
import { AddCertificationSchema, AssignHandlerSchema, ChangeDogStatusSchema, CreateDogSchema, EditDogSchema, ListDogsSchema, RenewCertificationSchema, SetFitForDutySchema } from '@/lib/schemas/dogs'
import { CreateHandlerSchema, EditHandlerSchema, ListHandlersSchema } from '@/lib/schemas/handlers'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { addCertification, assignHandler, changeDogStatus, createDog, editDog, MAX_PHOTO_BYTES, renewCertification, setDogPhoto, setFitForDuty, sniffImageType } from '@/lib/server/dogs/commands'
import { listDogs, openDogPhoto } from '@/lib/server/dogs/queries'
import { createHandler, DEACTIVATION_END_REASON, editHandler } from '@/lib/server/handlers/commands'
import { getHandler, HANDLERS_PAGE_SIZE, listHandlers } from '@/lib/server/handlers/queries'

/**
 * The supervisor's side of the unit (issue 4): dog status with a reason,
 * fitness for duty, pairing (one open assignment per dog), certifications,
 * handler profiles. Every command is refused to the other roles and audited
 * in its own transaction. Fixtures are built here.
 */

const ROLES: Role[] = ['OFFICER', 'VETERINARIAN', 'EVIDENCE_TECH', 'DETECTIVE', 'SUPERVISOR', 'ADMIN']
const actors = new Map<Role, Actor>()
const supervisor = () => actors.get('SUPERVISOR')!
let carter: string
let sharp: string

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error.code
    throw error
  }
  return 'OK'
}

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error
    throw error
  }
  throw new Error('expected an AppError')
}

let dogSeq = 0
async function makeDog(handlerId?: string) {
  const n = ++dogSeq
  const dog = await db.dog.create({ data: { k9Number: `K9-T${n}`, name: `Dog ${n}`, breed: 'German Shepherd', sex: 'MALE', dateOfBirth: new Date('2019-03-01'), specialties: ['PATROL'] }, select: { id: true } })
  if (handlerId) await db.handlerAssignment.create({ data: { dogId: dog.id, handlerId, startedAt: new Date('2022-01-01'), openDogId: dog.id } })
  return dog.id
}

const audits = (action: string, entityId: string) => db.auditEvent.count({ where: { action, entityId } })

beforeAll(async () => {
  for (const role of ROLES) {
    const u = await db.user.create({ data: { email: `dogs-${role.toLowerCase()}@k9.test`, name: `Test ${role}`, role, passwordHash: 'not-a-hash' }, select: { id: true, email: true, name: true, role: true } })
    actors.set(role, { ...u, handlerId: null, sessionId: null, ip: null, userAgent: null })
  }
  carter = (await db.handler.create({ data: { badgeNumber: 'B-1047', firstName: 'Luke', lastName: 'Carter', rank: 'Officer', unit: 'K-9' }, select: { id: true } })).id
  sharp = (await db.handler.create({ data: { badgeNumber: 'B-1102', firstName: 'Dana', lastName: 'Sharp', rank: 'Officer', unit: 'K-9' }, select: { id: true } })).id
})

describe('who may manage dogs and handlers', () => {
  it('allows only supervisors, and writes nothing for the others', async () => {
    const dogId = await makeDog(carter)
    const before = await db.auditEvent.count()
    for (const role of ROLES) {
      const a = actors.get(role)!
      if (role === 'SUPERVISOR') continue
      const expected = 'FORBIDDEN'
      expect(await codeOf(changeDogStatus(a, ChangeDogStatusSchema.parse({ dogId, version: '1', toStatus: 'RESTRICTED', reason: 'Limping after training.' }))), role).toBe(expected)
      expect(await codeOf(setFitForDuty(a, SetFitForDutySchema.parse({ dogId, version: '1', fitForDuty: 'no' }))), role).toBe(expected)
      expect(await codeOf(assignHandler(a, AssignHandlerSchema.parse({ dogId, handlerId: sharp, startedAt: '2026-01-01' }))), role).toBe(expected)
      expect(await codeOf(addCertification(a, AddCertificationSchema.parse({ dogId, kind: 'Patrol', issuer: 'State', issuedAt: '2026-01-01', expiresAt: '2027-01-01' }))), role).toBe(expected)
      expect(await codeOf(createDog(a, CreateDogSchema.parse({ k9Number: `K9-X-${role.replace('_', '-')}`, name: 'X', breed: 'Y', sex: 'FEMALE', dateOfBirth: '2021-01-01' }))), role).toBe(expected)
      expect(await codeOf(editDog(a, EditDogSchema.parse({ dogId, version: '1', k9Number: 'K9-X', name: 'X', breed: 'Y', sex: 'FEMALE', dateOfBirth: '2021-01-01' }))), role).toBe(expected)
      expect(await codeOf(createHandler(a, CreateHandlerSchema.parse({ badgeNumber: `X-${role.replace("_", "-")}`, firstName: 'A', lastName: 'B', rank: 'Officer', unit: 'K-9' }))), role).toBe(expected)
      expect(await codeOf(editHandler(a, EditHandlerSchema.parse({ handlerId: carter, version: '1', badgeNumber: 'B-1047', firstName: 'Luke', lastName: 'Carter', rank: 'Sergeant', unit: 'K-9', active: 'yes' }))), role).toBe(expected)
    }
    expect(await db.auditEvent.count()).toBe(before)
    expect(await db.dog.findUniqueOrThrow({ where: { id: dogId }, select: { status: true, version: true } })).toEqual({ status: 'ACTIVE', version: 1 })
    expect(await codeOf(changeDogStatus(supervisor(), ChangeDogStatusSchema.parse({ dogId: randomUUID(), version: '1', toStatus: 'RESTRICTED', reason: 'No such dog.' })))).toBe('NOT_FOUND')
  })
})

describe('dog status and fitness', () => {
  it('changes the status with its reason, clears fitness for unfit, and audits it', async () => {
    const dogId = await makeDog(carter)
    await changeDogStatus(supervisor(), ChangeDogStatusSchema.parse({ dogId, version: '1', toStatus: 'UNFIT', reason: 'Struck on the ribs; awaiting vet exam.' }))
    const dog = await db.dog.findUniqueOrThrow({ where: { id: dogId }, select: { status: true, fitForDuty: true, fitForDutySetById: true, version: true } })
    expect(dog).toEqual({ status: 'UNFIT', fitForDuty: false, fitForDutySetById: supervisor().id, version: 2 })
    expect(await db.dogStatusChange.findFirstOrThrow({ where: { dogId }, select: { fromStatus: true, toStatus: true, reason: true, changedById: true } })).toEqual({
      fromStatus: 'ACTIVE',
      toStatus: 'UNFIT',
      reason: 'Struck on the ribs; awaiting vet exam.',
      changedById: supervisor().id,
    })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'dogs.status_changed', entityId: dogId }, select: { details: true } })
    expect(audit.details).toMatchObject({ from: 'ACTIVE', to: 'UNFIT', reason: 'Struck on the ribs; awaiting vet exam.' })
  })

  it('refuses a reason-less change, a stale version and clearing an unfit dog for duty', async () => {
    expect(ChangeDogStatusSchema.safeParse({ dogId: randomUUID(), version: '1', toStatus: 'UNFIT', reason: ' ' }).success).toBe(false)
    const dogId = await makeDog()
    await changeDogStatus(supervisor(), ChangeDogStatusSchema.parse({ dogId, version: '1', toStatus: 'UNFIT', reason: 'Vet exam pending.' }))
    expect(await codeOf(changeDogStatus(supervisor(), ChangeDogStatusSchema.parse({ dogId, version: '1', toStatus: 'RETIRED', reason: 'Stale form.' })))).toBe('CONFLICT')
    const error = await errorOf(setFitForDuty(supervisor(), SetFitForDutySchema.parse({ dogId, version: '2', fitForDuty: 'yes' })))
    expect(error.code).toBe('VALIDATION')
    expect(error.fieldErrors?.fitForDuty).toBeDefined()
    expect(await db.dogStatusChange.count({ where: { dogId } })).toBe(1)
  })

  it('records who set fitness for duty and when', async () => {
    const dogId = await makeDog()
    await setFitForDuty(supervisor(), SetFitForDutySchema.parse({ dogId, version: '1', fitForDuty: 'no', note: 'Rest for a week.' }))
    const dog = await db.dog.findUniqueOrThrow({ where: { id: dogId }, select: { fitForDuty: true, fitForDutySetById: true, fitForDutySetAt: true } })
    expect(dog.fitForDuty).toBe(false)
    expect(dog.fitForDutySetById).toBe(supervisor().id)
    expect(dog.fitForDutySetAt).not.toBeNull()
    expect(await audits('dogs.fitness_set', dogId)).toBe(1)
  })
})

describe('pairing a dog with a handler', () => {
  it('ends the previous pairing in the same transaction and opens the new one', async () => {
    const dogId = await makeDog(carter)
    await assignHandler(supervisor(), AssignHandlerSchema.parse({ dogId, handlerId: sharp, startedAt: '2026-03-01', endReason: 'Carter moved to training.' }))
    const rows = await db.handlerAssignment.findMany({ where: { dogId }, orderBy: { startedAt: 'asc' }, select: { handlerId: true, endedAt: true, endReason: true, openDogId: true } })
    expect(rows).toEqual([
      { handlerId: carter, endedAt: new Date('2026-03-01T00:00:00Z'), endReason: 'Carter moved to training.', openDogId: null },
      { handlerId: sharp, endedAt: null, endReason: null, openDogId: dogId },
    ])
    expect(await audits('dogs.paired', dogId)).toBe(1)
  })

  it('refuses the same handler again, a start before the current pairing, and an unknown handler, changing nothing', async () => {
    const dogId = await makeDog(carter)
    expect(await codeOf(assignHandler(supervisor(), AssignHandlerSchema.parse({ dogId, handlerId: carter, startedAt: '2026-03-01' })))).toBe('VALIDATION')
    expect((await errorOf(assignHandler(supervisor(), AssignHandlerSchema.parse({ dogId, handlerId: sharp, startedAt: '2021-01-01' })))).fieldErrors?.startedAt).toBeDefined()
    expect((await errorOf(assignHandler(supervisor(), AssignHandlerSchema.parse({ dogId, handlerId: randomUUID(), startedAt: '2026-03-01' })))).fieldErrors?.handler).toBeDefined()
    expect(await db.handlerAssignment.findMany({ where: { dogId }, select: { handlerId: true, endedAt: true } })).toEqual([{ handlerId: carter, endedAt: null }])
  })

  it('finds the handler the form names by badge number (any case), full name or last name; an unknown, ambiguous or inactive one is a field error that changes nothing', async () => {
    const make = (badgeNumber: string, firstName: string, lastName: string, active = true) =>
      db.handler.create({ data: { badgeNumber, firstName, lastName, rank: 'Officer', unit: 'K-9', active }, select: { id: true } }).then((h) => h.id)
    const ana = await make('B-3001', 'Ana', 'Quillrivers')
    const ben = await make('B-3002', 'Ben', 'Quillrivers')
    const dov = await make('B-3004', 'Dov', 'Marrowick')
    await make('B-3003', 'Cal', 'Stonequill', false)
    const pair = (dogId: string, handler: string) => assignHandler(supervisor(), AssignHandlerSchema.parse({ dogId, handler, startedAt: '2026-03-01' }))
    const open = (dogId: string) => db.handlerAssignment.findFirst({ where: { dogId, endedAt: null }, select: { handlerId: true } }).then((a) => a?.handlerId)

    const byBadge = await makeDog(carter)
    await pair(byBadge, ' b-3001 ')
    expect(await open(byBadge)).toBe(ana)
    const byName = await makeDog(carter)
    await pair(byName, 'ben  QUILLRIVERS')
    expect(await open(byName)).toBe(ben)
    const byLastName = await makeDog()
    await pair(byLastName, 'marrowick')
    expect(await open(byLastName)).toBe(dov)

    const dogId = await makeDog(carter)
    expect((await errorOf(pair(dogId, 'Quillrivers'))).fieldErrors?.handler?.[0]).toBe('Several active handlers match “Quillrivers”: Quillrivers, Ana (B-3001); Quillrivers, Ben (B-3002). Enter the badge number.')
    expect((await errorOf(pair(dogId, 'Nobody Here'))).fieldErrors?.handler?.[0]).toBe('No active handler has the badge number or name “Nobody Here”.')
    expect((await errorOf(pair(dogId, 'B-3003'))).fieldErrors?.handler?.[0]).toBe('That handler is not active in the unit. Choose another.')
    expect((await errorOf(pair(dogId, 'Cal Stonequill'))).fieldErrors?.handler).toBeDefined()
    expect((await errorOf(pair(dogId, 'Luke Carter'))).fieldErrors?.handler?.[0]).toMatch(/already paired/)
    expect(AssignHandlerSchema.safeParse({ dogId, handler: '  ', startedAt: '2026-03-01' }).error?.issues[0]).toMatchObject({ path: ['handler'], message: 'Enter the new handler’s badge number or name.' })
    expect(await db.handlerAssignment.findMany({ where: { dogId }, select: { handlerId: true, endedAt: true } })).toEqual([{ handlerId: carter, endedAt: null }])
    expect(await audits('dogs.paired', dogId)).toBe(0)
  })

  it('leaves exactly one open pairing when two supervisors pair the dog at once', async () => {
    const dogId = await makeDog(carter)
    const results = await Promise.all([
      codeOf(assignHandler(supervisor(), AssignHandlerSchema.parse({ dogId, handlerId: sharp, startedAt: '2026-03-01' }))),
      codeOf(assignHandler(supervisor(), AssignHandlerSchema.parse({ dogId, handlerId: sharp, startedAt: '2026-03-01' }))),
    ])
    expect(results.sort()).toEqual(['OK', 'VALIDATION']) // the second sees the first's pairing (row lock on the dog)
    expect(await db.handlerAssignment.count({ where: { dogId, endedAt: null } })).toBe(1)
  })
})

describe('certifications', () => {
  it('adds one, renews it (the old one archived), and refuses a stale or shorter renewal', async () => {
    const dogId = await makeDog()
    const cert = await addCertification(supervisor(), AddCertificationSchema.parse({ dogId, kind: 'Patrol dog, level 1', issuer: 'State K-9 Board', certificateNumber: 'PD-1', issuedAt: '2025-12-01', expiresAt: '2026-12-01' }))
    expect(await audits('dogs.certification_added', dogId)).toBe(1)
    expect((await errorOf(renewCertification(supervisor(), RenewCertificationSchema.parse({ dogId, certificationId: cert.id, version: '1', issuedAt: '2026-11-20', expiresAt: '2026-11-30' })))).fieldErrors?.expiresAt).toBeDefined()
    const renewed = await renewCertification(supervisor(), RenewCertificationSchema.parse({ dogId, certificationId: cert.id, version: '1', issuedAt: '2026-11-20', expiresAt: '2027-12-01' }))
    const rows = await db.certification.findMany({ where: { dogId }, orderBy: { createdAt: 'asc' }, select: { id: true, kind: true, certificateNumber: true, expiresAt: true, archivedAt: true } })
    expect(rows).toHaveLength(2)
    expect(rows[0]!.archivedAt).not.toBeNull()
    expect(rows[1]).toMatchObject({ id: renewed.id, kind: 'Patrol dog, level 1', certificateNumber: 'PD-1', expiresAt: new Date('2027-12-01T00:00:00Z'), archivedAt: null })
    expect(await audits('dogs.certification_renewed', dogId)).toBe(1)
    expect(await codeOf(renewCertification(supervisor(), RenewCertificationSchema.parse({ dogId, certificationId: cert.id, version: '1', issuedAt: '2026-11-21', expiresAt: '2028-01-01' })))).toBe('NOT_FOUND') // already renewed
  })

  it('refuses an expiry before the issue date at the schema', () => {
    const result = AddCertificationSchema.safeParse({ dogId: randomUUID(), kind: 'Patrol', issuer: 'State', issuedAt: '2026-01-01', expiresAt: '2025-01-01' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.path).toEqual(['expiresAt'])
  })
})

describe('handlers', () => {
  it('creates a handler, refuses a badge in use as a field error, and audits', async () => {
    const created = await createHandler(supervisor(), CreateHandlerSchema.parse({ badgeNumber: 'B-2001', firstName: 'Ana', lastName: 'Ortiz', rank: 'Officer', unit: 'K-9', phone: '+1 555 0100' }))
    expect(await audits('handlers.created', created.id)).toBe(1)
    const clash = await errorOf(createHandler(supervisor(), CreateHandlerSchema.parse({ badgeNumber: 'B-2001', firstName: 'Other', lastName: 'Person', rank: 'Officer', unit: 'K-9' })))
    expect(clash.code).toBe('VALIDATION')
    expect(clash.fieldErrors?.badgeNumber).toBeDefined()
  })

  it('edits with the version, audits before/after, and refuses a stale version', async () => {
    const { id } = await createHandler(supervisor(), CreateHandlerSchema.parse({ badgeNumber: 'B-2002', firstName: 'Ben', lastName: 'Lee', rank: 'Officer', unit: 'K-9' }))
    const edit = (version: number, rank: string) => EditHandlerSchema.parse({ handlerId: id, version: String(version), badgeNumber: 'B-2002', firstName: 'Ben', lastName: 'Lee', rank, unit: 'K-9', active: 'yes' })
    expect(await editHandler(supervisor(), edit(1, 'Sergeant'))).toEqual({ version: 2, unpairedDogs: [] })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'handlers.edited', entityId: id }, select: { details: true } })
    expect(audit.details).toMatchObject({ before: { rank: 'Officer' }, after: { rank: 'Sergeant' } })
    expect(await codeOf(editHandler(supervisor(), edit(1, 'Lieutenant')))).toBe('CONFLICT')
    expect((await db.handler.findUniqueOrThrow({ where: { id }, select: { rank: true } })).rank).toBe('Sergeant')
  })

  it('marking a handler inactive ends their open pairings in the same transaction, audited; the dogs have no handler until paired again', async () => {
    const { id } = await createHandler(supervisor(), CreateHandlerSchema.parse({ badgeNumber: 'B-2003', firstName: 'Cara', lastName: 'Moss', rank: 'Officer', unit: 'K-9' }))
    const [dogA, dogB] = [await makeDog(id), await makeDog(id)]
    const other = await makeDog(sharp)
    const edit = (version: number, active: 'yes' | '') => EditHandlerSchema.parse({ handlerId: id, version: String(version), badgeNumber: 'B-2003', firstName: 'Cara', lastName: 'Moss', rank: 'Officer', unit: 'K-9', active })
    // A stale form changes nothing: both pairings stay open.
    expect(await codeOf(editHandler(supervisor(), edit(7, '')))).toBe('CONFLICT')
    expect(await db.handlerAssignment.count({ where: { handlerId: id, endedAt: null } })).toBe(2)

    const result = await editHandler(supervisor(), edit(1, ''))
    expect(result.version).toBe(2)
    expect(result.unpairedDogs.map((d) => d.id).sort()).toEqual([dogA, dogB].sort())
    const pairings = await db.handlerAssignment.findMany({ where: { handlerId: id }, select: { dogId: true, endedAt: true, endReason: true, openDogId: true } })
    expect(pairings).toHaveLength(2)
    for (const p of pairings) expect(p).toMatchObject({ endedAt: expect.any(Date), endReason: DEACTIVATION_END_REASON, openDogId: null })
    // Another handler's dog is untouched.
    expect(await db.handlerAssignment.count({ where: { dogId: other, endedAt: null } })).toBe(1)
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'handlers.edited', entityId: id }, orderBy: { seq: 'desc' }, select: { details: true } })
    expect(audit.details).toMatchObject({ before: { active: true }, after: { active: false } })
    expect((audit.details as { endedPairings: Array<{ dogId: string }> }).endedPairings.map((p) => p.dogId).sort()).toEqual([dogA, dogB].sort())

    // The handler's page asks the supervisor to pair both dogs (they have no open pairing).
    const page = await getHandler(supervisor(), id)
    expect(page?.assignments.filter((a) => a.dog._count.assignments === 0).map((a) => a.dog.id).sort()).toEqual([dogA, dogB].sort())
    // An inactive handler cannot be paired; re-activating does not bring the pairings back.
    expect(await codeOf(assignHandler(supervisor(), AssignHandlerSchema.parse({ dogId: dogA, handlerId: id, startedAt: new Date().toISOString().slice(0, 10) })))).toBe('VALIDATION')
    expect(await editHandler(supervisor(), edit(2, 'yes'))).toEqual({ version: 3, unpairedDogs: [] })
    expect(await db.handlerAssignment.count({ where: { handlerId: id, endedAt: null } })).toBe(0)
    // Pairing a dog again works as for any dog without a handler.
    await assignHandler(supervisor(), AssignHandlerSchema.parse({ dogId: dogA, handlerId: sharp, startedAt: new Date().toISOString().slice(0, 10) }))
    expect(await db.handlerAssignment.count({ where: { dogId: dogA, endedAt: null, handlerId: sharp } })).toBe(1)
  })
})

describe('the handlers list', () => {
  it('pages through every match with a total (it showed the first 100 of a state unit’s thousands), active handlers first', async () => {
    const n = HANDLERS_PAGE_SIZE + 6
    await db.handler.createMany({
      data: Array.from({ length: n }, (_, i) => ({ badgeNumber: `PG-${String(i).padStart(3, '0')}`, firstName: `First${String(i).padStart(3, '0')}`, lastName: 'Pager', rank: 'Officer', unit: 'K-9', active: i !== 0 })),
    })
    const page = (p: string) => listHandlers(supervisor(), ListHandlersSchema.parse({ q: 'pager', page: p }))
    const first = await page('1')
    expect(first).toMatchObject({ total: n, more: false, page: 1, pageCount: 2 })
    expect(first.rows).toHaveLength(HANDLERS_PAGE_SIZE)
    expect(first.rows[0]!.badgeNumber).toBe('PG-001')
    const second = await page('2')
    expect(second).toMatchObject({ total: n, page: 2, pageCount: 2 })
    expect(second.rows).toHaveLength(6)
    // The inactive one comes last; every handler appears exactly once across the pages.
    expect(second.rows.at(-1)!.badgeNumber).toBe('PG-000')
    expect(new Set([...first.rows, ...second.rows].map((h) => h.id)).size).toBe(n)
    // A bad page number from the URL falls back to the first page.
    expect((await page('abc')).page).toBe(1)
    // The whole list pages too, and a role without handlers:read gets nothing.
    expect((await listHandlers(supervisor(), ListHandlersSchema.parse({}))).total).toBeGreaterThanOrEqual(n)
    expect(await listHandlers(actors.get('VETERINARIAN')!, ListHandlersSchema.parse({ q: 'pager' }))).toMatchObject({ rows: [], total: 0 })
  })
})

describe('the dogs list’s handler filter, typed (a state unit has thousands of handlers: no list of the first 100)', () => {
  const list = (actor: Actor, handler: string, extra: Record<string, string> = {}) => listDogs(actor, ListDogsSchema.parse({ handler, ...extra }))

  it('reads a badge number, a last name, “First Last”, the label it shows and an old link’s id, for any role that reads dogs', async () => {
    const young = (await db.handler.create({ data: { badgeNumber: 'Y-9001', firstName: 'Zed', lastName: 'Young', rank: 'Officer', unit: 'K-9' }, select: { id: true } })).id
    const dog = await makeDog(young)
    for (const text of ['y-9001', 'Young', ' zed  young ', 'Young, Zed (Y-9001)', young]) {
      const result = await list(supervisor(), text)
      expect(result.rows.map((r) => r.id), text).toEqual([dog])
      expect(result.handlerFilter, text).toEqual({ label: 'Young, Zed (Y-9001)', matched: true })
    }
    // A vet reads dogs (not handlers): the filter still works for them.
    expect((await list(actors.get('VETERINARIAN')!, 'Y-9001')).rows.map((r) => r.id)).toEqual([dog])
    // The other filters still apply on top.
    expect((await list(supervisor(), 'Young', { status: 'RETIRED' })).rows).toEqual([])
  })

  it('lists nothing and says so when no handler with a dog matches; several matches list the dogs of each', async () => {
    const none = await list(supervisor(), 'Nobody')
    expect(none).toMatchObject({ rows: [], total: 0, handlerFilter: { label: 'Nobody', matched: false } })
    // A handler without a dog is not one the filter can show dogs for.
    await db.handler.create({ data: { badgeNumber: 'Y-9002', firstName: 'Ida', lastName: 'Idle', rank: 'Officer', unit: 'K-9' } })
    expect((await list(supervisor(), 'Idle')).handlerFilter).toEqual({ label: 'Idle', matched: false })
    const a = (await db.handler.create({ data: { badgeNumber: 'Y-9003', firstName: 'Ann', lastName: 'Twin', rank: 'Officer', unit: 'K-9' }, select: { id: true } })).id
    const b = (await db.handler.create({ data: { badgeNumber: 'Y-9004', firstName: 'Bo', lastName: 'Twin', rank: 'Officer', unit: 'K-9' }, select: { id: true } })).id
    const dogs = [await makeDog(a), await makeDog(b)]
    const both = await list(supervisor(), 'twin')
    expect(both.rows.map((r) => r.id).sort()).toEqual(dogs.sort())
    expect(both.handlerFilter).toEqual({ label: 'twin', matched: true })
    expect((await list(supervisor(), 'Bo Twin')).rows.map((r) => r.id)).toEqual([dogs[1]])
    // A second Bo Twin: the name lists both Bos' dogs; the label with the badge (as the filter writes it back) only that handler's.
    const c = (await db.handler.create({ data: { badgeNumber: 'Y-9005', firstName: 'Bo', lastName: 'Twin', rank: 'Officer', unit: 'K-9' }, select: { id: true } })).id
    const third = await makeDog(c)
    expect((await list(supervisor(), 'Bo Twin')).rows.map((r) => r.id).sort()).toEqual([dogs[1]!, third].sort())
    const one = await list(supervisor(), 'Twin, Bo (Y-9005)')
    expect(one.rows.map((r) => r.id)).toEqual([third])
    expect(one.handlerFilter).toEqual({ label: 'Twin, Bo (Y-9005)', matched: true })
  })
})

describe('dog particulars', () => {
  const particulars = { name: 'Rex', breed: 'German Shepherd', sex: 'MALE', dateOfBirth: '2019-06-01', microchip: '985112004471023', specialties: ['PATROL', 'TRACKING'] }

  it('adds a dog, refuses a K-9 number or microchip in use as a field error, and audits', async () => {
    const created = await createDog(supervisor(), CreateDogSchema.parse({ ...particulars, k9Number: 'K9-501' }))
    const dog = await db.dog.findUniqueOrThrow({ where: { id: created.id }, select: { status: true, fitForDuty: true, specialties: true, dateOfBirth: true } })
    expect(dog).toEqual({ status: 'ACTIVE', fitForDuty: true, specialties: ['PATROL', 'TRACKING'], dateOfBirth: new Date('2019-06-01T00:00:00Z') })
    expect(await audits('dogs.created', created.id)).toBe(1)
    expect((await errorOf(createDog(supervisor(), CreateDogSchema.parse({ ...particulars, k9Number: 'K9-501', microchip: '' })))).fieldErrors?.k9Number).toBeDefined()
    expect((await errorOf(createDog(supervisor(), CreateDogSchema.parse({ ...particulars, k9Number: 'K9-502' })))).fieldErrors?.microchip).toBeDefined()
  })

  it('edits with the version, audits before/after, and refuses a stale version', async () => {
    const { id } = await createDog(supervisor(), CreateDogSchema.parse({ ...particulars, k9Number: 'K9-503', microchip: '' }))
    expect(await editDog(supervisor(), EditDogSchema.parse({ ...particulars, microchip: '', dogId: id, version: '1', k9Number: 'K9-503', breed: 'Belgian Malinois' }))).toEqual({ version: 2 })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'dogs.edited', entityId: id }, select: { details: true } })
    expect(audit.details).toEqual({ version: 2, before: { breed: 'German Shepherd' }, after: { breed: 'Belgian Malinois' } })
    expect(await codeOf(editDog(supervisor(), EditDogSchema.parse({ ...particulars, microchip: '', dogId: id, version: '1', k9Number: 'K9-503', name: 'Stale' })))).toBe('CONFLICT')
    expect((await db.dog.findUniqueOrThrow({ where: { id }, select: { name: true } })).name).toBe('Rex')
  })
})

describe('dog photo', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5])

  it('knows an image by its bytes, not its name', () => {
    expect(sniffImageType(png)).toBe('image/png')
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg')
    expect(sniffImageType(new TextEncoder().encode('RIFF....WEBPVP8 '))).toBe('image/webp')
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
  })

  it('stores a photo for a supervisor, audits its hash and serves it back; refuses others, non-images, oversized files and stale versions', async () => {
    const dogId = await makeDog()
    expect(await codeOf(setDogPhoto(actors.get('OFFICER')!, { dogId, version: 1 }, png))).toBe('FORBIDDEN')
    expect((await errorOf(setDogPhoto(supervisor(), { dogId, version: 1 }, new TextEncoder().encode('#!/bin/sh')))).fieldErrors?.photo).toEqual(['Upload a JPEG, PNG or WebP image.'])
    expect(await codeOf(setDogPhoto(supervisor(), { dogId, version: 1 }, new Uint8Array(MAX_PHOTO_BYTES + 1)))).toBe('VALIDATION')
    const { sha256 } = await setDogPhoto(supervisor(), { dogId, version: 1 }, png)
    expect(await db.dog.findUniqueOrThrow({ where: { id: dogId }, select: { photoSha256: true, photoMediaType: true, version: true } })).toEqual({ photoSha256: sha256, photoMediaType: 'image/png', version: 2 })
    expect(await db.auditEvent.findFirstOrThrow({ where: { action: 'dogs.photo_set', entityId: dogId }, select: { details: true } })).toMatchObject({ details: { sha256, mediaType: 'image/png' } })
    expect(await codeOf(setDogPhoto(supervisor(), { dogId, version: 1 }, png))).toBe('CONFLICT')
    const photo = await openDogPhoto(actors.get('VETERINARIAN')!, dogId)
    expect(photo?.mediaType).toBe('image/png')
    const chunks: Buffer[] = []
    for await (const chunk of photo!.stream) chunks.push(chunk as Buffer)
    expect(new Uint8Array(Buffer.concat(chunks))).toEqual(png)
    expect(await openDogPhoto(actors.get('ADMIN')!, dogId)).toBeNull()
  })
})

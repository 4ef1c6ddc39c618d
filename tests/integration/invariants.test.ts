import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../helpers/test-db'

/**
 * The rules the database itself enforces (docs/decisions/002-database-invariants.md),
 * whatever the application code does: each test goes around the app and
 * talks to PostgreSQL directly.
 */

let t: Awaited<ReturnType<typeof createTestDatabase>>
let db: typeof t.db

beforeAll(async () => {
  t = await createTestDatabase()
  db = t.db
}, 120_000)

afterAll(async () => {
  await t?.drop()
})

const unique = () => randomUUID().slice(0, 8)
const hex64 = () => randomBytes(32).toString('hex')

async function user(role: 'OFFICER' | 'VETERINARIAN' | 'EVIDENCE_TECH' | 'DETECTIVE' = 'EVIDENCE_TECH') {
  return db.user.create({ data: { email: `u-${unique()}@k9.test`, name: 'Test User', role, passwordHash: 'not-a-real-hash' } })
}

async function dog(k9Number = `K9-${unique()}`) {
  return db.dog.create({ data: { k9Number, name: 'Rex', breed: 'German Shepherd', sex: 'MALE', dateOfBirth: new Date('2019-04-01') } })
}

async function handler() {
  return db.handler.create({ data: { badgeNumber: `B-${unique()}`, firstName: 'Luke', lastName: 'Carter', rank: 'Officer', unit: 'K-9' } })
}

async function evidenceItem(collectedById: string, number = `EV-${unique()}`) {
  return db.evidenceItem.create({
    data: { number, description: 'Metal fragment', category: 'BALLISTIC', collectedAt: new Date(), collectedById, collectedAtPlace: 'Operating room 2' },
  })
}

async function custodyEvent(evidenceItemId: string, actorId: string, sequence: number) {
  return db.custodyEvent.create({
    data: { evidenceItemId, sequence, action: 'COLLECTED', occurredAt: new Date(), actorId, prevHash: '0'.repeat(64), hash: hex64() },
  })
}

async function auditEvent(actorId: string | null = null) {
  return db.auditEvent.create({ data: { action: 'test.recorded', outcome: 'SUCCESS', actorId, prevHash: '0'.repeat(64), hash: hex64() } })
}

async function medicalRecord(dogId: string, veterinarianId: string) {
  return db.medicalRecord.create({ data: { dogId, veterinarianId, kind: 'EXAM', occurredAt: new Date(), clinic: 'Northside Vets' } })
}

async function incident(reportingOfficerId: string, number = `INC-${unique()}`) {
  return db.incident.create({
    data: { number, type: 'KIDNAPPING', occurredAt: new Date(), locationText: 'Old factory', narrative: 'Call-out.', reportingOfficerId },
  })
}

async function investigation(leadId: string, number = `INV-${unique()}`) {
  return db.investigation.create({ data: { number, title: 'Who shot Rex?', summary: 'Fragment found in surgery.', leadId } })
}

/** Prisma reports a unique-constraint violation as P2002. */
const UNIQUE = { code: 'P2002' }

describe('CustodyEvent and AuditEvent are append-only', () => {
  it('accepts new events', async () => {
    const tech = await user()
    const item = await evidenceItem(tech.id)
    await expect(custodyEvent(item.id, tech.id, 1)).resolves.toMatchObject({ sequence: 1 })
    await expect(auditEvent(tech.id)).resolves.toMatchObject({ action: 'test.recorded' })
  })

  it('rejects UPDATE of a custody event and leaves it unchanged', async () => {
    const tech = await user()
    const item = await evidenceItem(tech.id)
    const event = await custodyEvent(item.id, tech.id, 1)

    await expect(db.$executeRaw`UPDATE "CustodyEvent" SET notes = 'rewritten' WHERE id = ${event.id}::uuid`).rejects.toThrow(
      /"CustodyEvent" is append-only: UPDATE is not allowed/,
    )
    await expect(db.custodyEvent.update({ where: { id: event.id }, data: { sealIntact: false } })).rejects.toThrow(/append-only/)
    expect(await db.custodyEvent.findUniqueOrThrow({ where: { id: event.id } })).toEqual(event)
  })

  it('rejects DELETE of a custody event', async () => {
    const tech = await user()
    const item = await evidenceItem(tech.id)
    const event = await custodyEvent(item.id, tech.id, 1)

    await expect(db.$executeRaw`DELETE FROM "CustodyEvent" WHERE id = ${event.id}::uuid`).rejects.toThrow(/"CustodyEvent" is append-only: DELETE is not allowed/)
    await expect(db.custodyEvent.deleteMany({ where: { evidenceItemId: item.id } })).rejects.toThrow(/append-only/)
    expect(await db.custodyEvent.count({ where: { id: event.id } })).toBe(1)
  })

  it('rejects TRUNCATE of the custody events, even cascading', async () => {
    const tech = await user()
    await custodyEvent((await evidenceItem(tech.id)).id, tech.id, 1)

    await expect(db.$executeRaw`TRUNCATE "CustodyEvent" CASCADE`).rejects.toThrow(/"CustodyEvent" is append-only: TRUNCATE is not allowed/)
    await expect(db.$executeRaw`TRUNCATE "EvidenceItem" CASCADE`).rejects.toThrow(/"CustodyEvent" is append-only: TRUNCATE is not allowed/)
    expect(await db.custodyEvent.count()).toBeGreaterThan(0)
  })

  it('rejects UPDATE, DELETE and TRUNCATE of audit events', async () => {
    const event = await auditEvent()

    await expect(db.$executeRaw`UPDATE "AuditEvent" SET outcome = 'FAILURE' WHERE seq = ${event.seq}`).rejects.toThrow(
      /"AuditEvent" is append-only: UPDATE is not allowed/,
    )
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE seq = ${event.seq}`).rejects.toThrow(/"AuditEvent" is append-only: DELETE is not allowed/)
    await expect(db.$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(/"AuditEvent" is append-only: TRUNCATE is not allowed/)
    expect(await db.auditEvent.findUniqueOrThrow({ where: { seq: event.seq } })).toEqual(event)
  })

  it('keeps the audit trail when its actor is deleted (the SET NULL cascade is an UPDATE)', async () => {
    const admin = await user()
    await auditEvent(admin.id)

    await expect(db.user.delete({ where: { id: admin.id } })).rejects.toThrow(/append-only/)
    expect(await db.auditEvent.count({ where: { actorId: admin.id } })).toBe(1)
  })

  it('makes a fork of a custody chain impossible: one event per (item, sequence)', async () => {
    const tech = await user()
    const item = await evidenceItem(tech.id)
    await custodyEvent(item.id, tech.id, 1)

    await expect(custodyEvent(item.id, tech.id, 1)).rejects.toMatchObject(UNIQUE)
    await expect(custodyEvent(item.id, tech.id, 2)).resolves.toMatchObject({ sequence: 2 })
  })

  it('numbers custody events from 1 and never lets an item head go negative', async () => {
    const tech = await user()
    const item = await evidenceItem(tech.id)

    await expect(custodyEvent(item.id, tech.id, 0)).rejects.toThrow(/CustodyEvent_sequence_positive/)
    await expect(db.evidenceItem.update({ where: { id: item.id }, data: { headSequence: -1 } })).rejects.toThrow(/EvidenceItem_headSequence_nonnegative/)
  })
})

describe('vital signs must be plausible for a dog', () => {
  let recordId: string
  let dogId: string
  let vetId: string

  beforeAll(async () => {
    const vet = await user('VETERINARIAN')
    vetId = vet.id
    dogId = (await dog()).id
    recordId = (await medicalRecord(dogId, vet.id)).id
  })

  const vital = (values: Record<string, number>) =>
    db.vitalSign.create({ data: { recordId, dogId, recordedById: vetId, takenAt: new Date(), ...values } })

  it('accepts a normal set, the limits themselves, and unmeasured (empty) values', async () => {
    await expect(
      vital({ heartRate: 90, respiratoryRate: 24, temperatureC: 38.6, spo2: 98, systolicBp: 140, diastolicBp: 80, capillaryRefillSec: 1.5, painScore: 2 }),
    ).resolves.toBeTruthy()
    await expect(
      vital({ heartRate: 400, respiratoryRate: 2, temperatureC: 25, spo2: 0, systolicBp: 350, diastolicBp: 10, capillaryRefillSec: 10, painScore: 10 }),
    ).resolves.toBeTruthy()
    await expect(vital({})).resolves.toBeTruthy()
  })

  it.each([
    ['heartRate', 9],
    ['heartRate', 401],
    ['respiratoryRate', 1],
    ['respiratoryRate', 201],
    ['temperatureC', 24.9],
    ['temperatureC', 385],
    ['spo2', -1],
    ['spo2', 101],
    ['systolicBp', 19],
    ['systolicBp', 351],
    ['diastolicBp', 9],
    ['diastolicBp', 251],
    ['capillaryRefillSec', -0.5],
    ['capillaryRefillSec', 10.5],
    ['painScore', -1],
    ['painScore', 11],
  ])('rejects %s = %s', async (field, value) => {
    await expect(vital({ [field]: value })).rejects.toThrow(new RegExp(`VitalSign_${field}_range`))
  })
})

describe('handler assignments', () => {
  it('allow one open assignment per dog, and a new one once the old has ended', async () => {
    const rex = await dog()
    const [carter, sharp] = [await handler(), await handler()]
    const first = await db.handlerAssignment.create({ data: { dogId: rex.id, handlerId: carter.id, startedAt: new Date('2024-01-01'), openDogId: rex.id } })

    await expect(
      db.handlerAssignment.create({ data: { dogId: rex.id, handlerId: sharp.id, startedAt: new Date('2024-06-01'), openDogId: rex.id } }),
    ).rejects.toMatchObject(UNIQUE)

    await db.handlerAssignment.update({ where: { id: first.id }, data: { endedAt: new Date('2024-06-01'), openDogId: null } })
    await expect(
      db.handlerAssignment.create({ data: { dogId: rex.id, handlerId: sharp.id, startedAt: new Date('2024-06-01'), openDogId: rex.id } }),
    ).resolves.toBeTruthy()
  })

  it('cannot dodge the rule: an open assignment must carry openDogId, and only its own dog', async () => {
    const [rex, ajax] = [await dog(), await dog()]
    const carter = await handler()
    const base = { dogId: rex.id, handlerId: carter.id, startedAt: new Date('2024-01-01') }

    await expect(db.handlerAssignment.create({ data: base })).rejects.toThrow(/HandlerAssignment_open_has_openDogId/)
    await expect(db.handlerAssignment.create({ data: { ...base, endedAt: new Date('2024-02-01'), openDogId: rex.id } })).rejects.toThrow(
      /HandlerAssignment_open_has_openDogId/,
    )
    await expect(db.handlerAssignment.create({ data: { ...base, openDogId: ajax.id } })).rejects.toThrow(/HandlerAssignment_openDogId_is_dogId/)
    await expect(db.handlerAssignment.create({ data: { ...base, endedAt: new Date('2023-12-31') } })).rejects.toThrow(
      /HandlerAssignment_ends_after_start/,
    )
  })
})

describe('numbers people quote are unique', () => {
  it('K-9 numbers', async () => {
    const { k9Number } = await dog()
    await expect(dog(k9Number)).rejects.toMatchObject(UNIQUE)
  })

  it('incident numbers', async () => {
    const officer = await user('OFFICER')
    const { number } = await incident(officer.id)
    await expect(incident(officer.id, number)).rejects.toMatchObject(UNIQUE)
  })

  it('evidence numbers', async () => {
    const tech = await user()
    const { number } = await evidenceItem(tech.id)
    await expect(evidenceItem(tech.id, number)).rejects.toMatchObject(UNIQUE)
  })

  it('investigation numbers', async () => {
    const detective = await user('DETECTIVE')
    const { number } = await investigation(detective.id)
    await expect(investigation(detective.id, number)).rejects.toMatchObject(UNIQUE)
  })
})

describe('records that must say what they belong to', () => {
  it('an attachment has exactly one owner', async () => {
    const vet = await user('VETERINARIAN')
    const record = await medicalRecord((await dog()).id, vet.id)
    const item = await evidenceItem(vet.id)
    const file = { fileName: 'xray.png', mediaType: 'image/png', sizeBytes: 1024, sha256: hex64(), blobKey: hex64(), uploadedById: vet.id }

    await expect(db.attachment.create({ data: { ...file, medicalRecordId: record.id } })).resolves.toBeTruthy()
    await expect(db.attachment.create({ data: file })).rejects.toThrow(/Attachment_exactly_one_owner/)
    await expect(db.attachment.create({ data: { ...file, medicalRecordId: record.id, evidenceItemId: item.id } })).rejects.toThrow(
      /Attachment_exactly_one_owner/,
    )
  })

  it('an investigation link points at exactly the one record its type names', async () => {
    const detective = await user('DETECTIVE')
    const inv = await investigation(detective.id)
    const rex = await dog()
    const inc = await incident(detective.id)
    const link = { investigationId: inv.id, relation: 'RELATED' as const, createdById: detective.id }

    await expect(db.investigationLink.create({ data: { ...link, targetType: 'DOG', dogId: rex.id } })).resolves.toBeTruthy()
    await expect(db.investigationLink.create({ data: { ...link, targetType: 'INCIDENT', dogId: rex.id } })).rejects.toThrow(
      /InvestigationLink_exactly_one_target/,
    )
    await expect(db.investigationLink.create({ data: { ...link, targetType: 'DOG', dogId: rex.id, incidentId: inc.id } })).rejects.toThrow(
      /InvestigationLink_exactly_one_target/,
    )
    await expect(db.investigationLink.create({ data: { ...link, targetType: 'DOG' } })).rejects.toThrow(/InvestigationLink_exactly_one_target/)
  })
})

describe('dates and decisions', () => {
  it('a certification cannot expire before it was issued', async () => {
    const rex = await dog()
    const cert = { dogId: rex.id, kind: 'Patrol', issuer: 'State K-9 Board', issuedAt: new Date('2025-03-01') }
    await expect(db.certification.create({ data: { ...cert, expiresAt: new Date('2026-03-01') } })).resolves.toBeTruthy()
    await expect(db.certification.create({ data: { ...cert, expiresAt: new Date('2025-02-28') } })).rejects.toThrow(
      /Certification_expires_after_issue/,
    )
  })

  it('a decision (e.g. on euthanasia) is never recorded without its reason', async () => {
    const vet = await user('VETERINARIAN')
    const rex = await dog()
    const decision = { dogId: rex.id, veterinarianId: vet.id, kind: 'EUTHANASIA_DECISION' as const, occurredAt: new Date(), clinic: 'Northside Vets' }

    await expect(db.medicalRecord.create({ data: { ...decision, decisionOutcome: 'HALTED' } })).rejects.toThrow(/MedicalRecord_decision_has_reason/)
    await expect(db.medicalRecord.create({ data: { ...decision, decisionOutcome: 'HALTED', decisionReason: '   ' } })).rejects.toThrow(
      /MedicalRecord_decision_has_reason/,
    )
    await expect(
      db.medicalRecord.create({ data: { ...decision, decisionOutcome: 'HALTED', decisionReason: 'Foreign body seen on X-ray; surgery instead.' } }),
    ).resolves.toBeTruthy()
  })
})

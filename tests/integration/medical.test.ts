import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { isAppError } from '@/lib/errors'
import type { Role } from '@/lib/generated/prisma/enums'
import { AddMedicationSchema, AddVitalSignsSchema, AmendMedicalRecordSchema, CreateMedicalRecordSchema, RecordRecoveredItemSchema, ListMedicalSchema } from '@/lib/schemas/medical'
import { TransferEvidenceSchema } from '@/lib/schemas/evidence'
import type { Actor } from '@/lib/server/actor'
import { raiseVetCheckForDeployment } from '@/lib/server/alerts/commands'
import { db } from '@/lib/server/db'
import { transferEvidence } from '@/lib/server/evidence/commands'
import { getEvidenceItem } from '@/lib/server/evidence/queries'
import { verifyItemChain } from '@/lib/server/evidence/verify'
import { addMedication, addVitalSigns, amendMedicalRecord, createMedicalRecord, recordRecoveredItem } from '@/lib/server/medical/commands'
import { getDogVitals, getMedicalRecord, listMedicalRecords } from '@/lib/server/medical/queries'

/**
 * The vets' write side (issue 5) on this file's own database (no seed):
 * who may write and read, ranges, the euthanasia reason, author-only
 * amendments with their history and conflicts, the recovered item starting
 * custody in the same transaction, and the welfare link (issue 8).
 */

const HOUR = 3_600_000
const DAY = 24 * HOUR
let seq = 0

async function makeUser(role: Role, withHandler = false): Promise<Actor> {
  const n = ++seq
  const u = await db.user.create({ data: { email: `medical-${n}@k9.test`, name: `Medical ${role} ${n}`, role, passwordHash: 'x' }, select: { id: true, email: true, name: true, role: true } })
  const handler = withHandler
    ? await db.handler.create({ data: { badgeNumber: `M-${n}`, firstName: 'Luke', lastName: `Handler${n}`, rank: 'Officer', unit: 'K-9', userId: u.id }, select: { id: true } })
    : null
  return { ...u, handlerId: handler?.id ?? null, sessionId: null, ip: null, userAgent: null }
}

async function makeDog(name: string, handlerId?: string | null) {
  const n = ++seq
  const dog = await db.dog.create({ data: { k9Number: `K9-M${n}`, name, breed: 'German Shepherd', sex: 'MALE', dateOfBirth: new Date('2019-03-01') }, select: { id: true } })
  if (handlerId) await db.handlerAssignment.create({ data: { dogId: dog.id, handlerId, startedAt: new Date(Date.now() - 800 * DAY), openDogId: dog.id } })
  return dog.id
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error.code
    throw error
  }
  return 'OK'
}

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (isAppError(error)) return error
    throw error
  }
  throw new Error('expected a refusal')
}

/** A datetime-local value `ms` ago (the forms' format, UTC). */
const local = (msAgo = 0) => new Date(Date.now() - msAgo).toISOString().slice(0, 16)

function createInput(vet: Actor, dogId: string, fields: Record<string, string>) {
  return CreateMedicalRecordSchema.parse({ idempotencyKey: randomUUID(), dogId, veterinarianId: vet.id, occurredAt: local(HOUR), clinic: 'Emergency Vet Clinic', ...fields })
}

const exam = (vet: Actor, dogId: string, extra: Record<string, string> = {}) => createInput(vet, dogId, { kind: 'EXAM', findings: 'Flinches on palpation of the rib cage.', ...extra })
const surgery = (vet: Actor, dogId: string) =>
  createInput(vet, dogId, { kind: 'SURGERY', procedure: 'Thoracotomy; removal of a metallic foreign body.', anaesthesia: 'Propofol induction, isoflurane.', complications: 'Cardiac arrest, resuscitated.' })

let hayes: Actor
let patel: Actor
let carter: Actor
let otherOfficer: Actor
let detective: Actor
let supervisor: Actor
let tech: Actor
let admin: Actor
let rex: string

beforeAll(async () => {
  hayes = await makeUser('VETERINARIAN')
  patel = await makeUser('VETERINARIAN')
  carter = await makeUser('OFFICER', true)
  otherOfficer = await makeUser('OFFICER', true)
  detective = await makeUser('DETECTIVE')
  supervisor = await makeUser('SUPERVISOR')
  tech = await makeUser('EVIDENCE_TECH')
  admin = await makeUser('ADMIN')
  rex = await makeDog('Rex', carter.handlerId)
})

describe('who writes and who reads', () => {
  it('only veterinarians write records; every other role is refused and nothing is saved', async () => {
    for (const actor of [carter, detective, supervisor, tech, admin]) {
      expect(await codeOf(createMedicalRecord(actor, exam(hayes, rex))), actor.role).toBe('FORBIDDEN')
    }
    expect(await db.medicalRecord.count({ where: { dogId: rex } })).toBe(0)
    const created = await createMedicalRecord(hayes, exam(hayes, rex))
    const row = await db.medicalRecord.findUniqueOrThrow({ where: { id: created.id }, select: { kind: true, veterinarianId: true, findings: true, procedure: true } })
    expect(row).toEqual({ kind: 'EXAM', veterinarianId: hayes.id, findings: 'Flinches on palpation of the rib cage.', procedure: null })
    expect(await db.auditEvent.count({ where: { action: 'medical.created', entityId: created.id, actorId: hayes.id } })).toBe(1)
  })

  it('the handler reads his dog’s records, another officer does not; detectives and supervisors read; the evidence room and admins do not; every detail read is audited', async () => {
    const { id } = await createMedicalRecord(hayes, exam(hayes, rex))
    for (const actor of [carter, hayes, patel, detective, supervisor]) {
      const before = await db.auditEvent.count({ where: { action: 'medical.viewed', entityId: id, actorId: actor.id } })
      expect((await getMedicalRecord(actor, id))?.id, actor.role).toBe(id)
      expect(await db.auditEvent.count({ where: { action: 'medical.viewed', entityId: id, actorId: actor.id } })).toBe(before + 1)
    }
    for (const actor of [otherOfficer, tech, admin]) {
      expect(await getMedicalRecord(actor, id), actor.role).toBeNull()
      expect((await listMedicalRecords(actor, {})).rows.some((r) => r.id === id)).toBe(false)
    }
    expect(await getDogVitals(otherOfficer, rex)).toBeNull()
  })

  it('only the record’s author sees the amend button', async () => {
    const { id } = await createMedicalRecord(hayes, exam(hayes, rex))
    expect((await getMedicalRecord(hayes, id))?.canAmend).toBe(true)
    expect((await getMedicalRecord(patel, id))?.canAmend).toBe(false)
    expect((await getMedicalRecord(carter, id))?.canAmend).toBe(false)
  })

  it('a double submit of one form writes one record', async () => {
    const input = exam(hayes, rex, { findings: 'Double submit test.' })
    const [a, b] = await Promise.all([createMedicalRecord(hayes, input), createMedicalRecord(hayes, input)])
    expect(a.id).toBe(b.id)
    expect(await db.medicalRecord.count({ where: { findings: 'Double submit test.' } })).toBe(1)
  })

  it('refuses a dog that does not exist and a signing vet who is not a vet, next to the field', async () => {
    const noDog = await errorOf(createMedicalRecord(hayes, exam(hayes, randomUUID())))
    expect(noDog.fieldErrors?.dogId).toEqual(['Choose a dog from the list.'])
    const notVet = await errorOf(createMedicalRecord(hayes, { ...exam(hayes, rex), veterinarianId: carter.id }))
    expect(notVet.fieldErrors?.veterinarianId?.[0]).toMatch(/active veterinarian/)
  })
})

describe('the dog typed, as a state unit’s vets write it', () => {
  /** The form as the browser posts it: no dog id, only what was typed. */
  const typed = (dog: string, extra: Record<string, string> = {}) =>
    CreateMedicalRecordSchema.parse({ idempotencyKey: randomUUID(), dog, veterinarianId: hayes.id, occurredAt: local(HOUR), clinic: 'Emergency Vet Clinic', kind: 'EXAM', findings: 'Typed by a vet.', ...extra })

  it('resolves a K-9 number in any case, the app’s own label and a call name, and a retired dog', async () => {
    const zara = await makeDog('Zara')
    const { k9Number } = await db.dog.findUniqueOrThrow({ where: { id: zara }, select: { k9Number: true } })
    await db.dog.update({ where: { id: zara }, data: { status: 'RETIRED' } })
    for (const text of [k9Number.toLowerCase(), `Zara (${k9Number})`, ' zara ']) {
      const created = await createMedicalRecord(hayes, typed(text))
      expect(created.dogId, text).toBe(zara)
      expect((await db.medicalRecord.findUniqueOrThrow({ where: { id: created.id }, select: { dogId: true } })).dogId).toBe(zara)
    }
  })

  it('names an unknown, an ambiguous or an archived dog next to the dog field, and saves nothing', async () => {
    const a = await makeDog('Koda')
    await makeDog('Koda')
    const gone = await makeDog('Ghost')
    await db.dog.update({ where: { id: gone }, data: { archivedAt: new Date() } })
    const before = await db.medicalRecord.count()
    const unknown = await errorOf(createMedicalRecord(hayes, typed('Nobodyhere')))
    expect(unknown.fieldErrors).toEqual({ dog: ['No dog of the unit has the name or K-9 number “Nobodyhere”.'] })
    const ambiguous = await errorOf(createMedicalRecord(hayes, typed('koda')))
    expect(ambiguous.fieldErrors?.dog?.[0]).toMatch(/^Several dogs are called “koda”: Koda \(K9-M\d+\); Koda \(K9-M\d+\)\. Enter the K-9 number\.$/)
    expect(Object.keys(ambiguous.fieldErrors ?? {})).toEqual(['dog'])
    const archived = await errorOf(createMedicalRecord(hayes, typed('Ghost')))
    expect(archived.fieldErrors?.dog?.[0]).toBe('No dog of the unit has the name or K-9 number “Ghost”.')
    expect(await db.medicalRecord.count()).toBe(before)
    // The K-9 number picks one of the two.
    const { k9Number } = await db.dog.findUniqueOrThrow({ where: { id: a }, select: { k9Number: true } })
    expect((await createMedicalRecord(hayes, typed(`Koda (${k9Number})`))).dogId).toBe(a)
  })

  it('asks for the dog on the dog field when neither a name nor an id is posted, with the other problems', () => {
    const parsed = CreateMedicalRecordSchema.safeParse({ idempotencyKey: randomUUID(), dog: '  ', veterinarianId: hayes.id, occurredAt: local(), clinic: '', kind: 'SURGERY' })
    expect(parsed.success).toBe(false)
    const byPath = Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]))
    expect(byPath.dog).toBe('Enter the dog’s call name or K-9 number.')
    expect(Object.keys(byPath).sort()).toEqual(['anaesthesia', 'clinic', 'dog', 'procedure'])
    // Without a kind the record's shape is unknown; the dog is still asked for in the same round.
    const noKind = CreateMedicalRecordSchema.safeParse({ idempotencyKey: randomUUID(), dog: '   ', veterinarianId: hayes.id, occurredAt: local(), clinic: 'x' })
    expect(noKind.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['dog', 'kind'])
  })
})

describe('the medical list at scale: a dog typed, Older and Newer by keyset, the oldest end, a jump to a day', () => {
  it('walks every record of a dog newest first and back, and jumps to a day', async () => {
    const dogId = await makeDog('Walker')
    const k9 = (await db.dog.findUniqueOrThrow({ where: { id: dogId }, select: { k9Number: true } })).k9Number
    const vetId = hayes.id
    // 60 records, one a day from 1 March 2026; two on the last day at the same instant (the id breaks the tie).
    const at = (i: number) => new Date(Date.UTC(2026, 2, 1 + Math.min(i, 58), 9))
    await db.medicalRecord.createMany({ data: Array.from({ length: 60 }, (_, i) => ({ dogId, kind: 'EXAM' as const, occurredAt: at(i), clinic: `Clinic ${i}`, veterinarianId: vetId })) })
    const all = await db.medicalRecord.findMany({ where: { dogId }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], select: { id: true } })
    const ids = (page: { rows: Array<{ id: string }> }) => page.rows.map((r) => r.id)
    const parse = (extra: Record<string, string>) => ListMedicalSchema.parse({ dog: 'walker', ...extra })

    const first = await listMedicalRecords(hayes, parse({}))
    expect(first.dog).toEqual({ label: `Walker (${k9})`, problem: null })
    expect(first).toMatchObject({ total: 60, more: false, atNewest: true, atOldest: false, newer: null })
    const second = await listMedicalRecords(hayes, parse({ after: first.older! }))
    const third = await listMedicalRecords(hayes, parse({ after: second.older! }))
    expect([...ids(first), ...ids(second), ...ids(third)]).toEqual(all.map((r) => r.id))
    expect(third).toMatchObject({ atOldest: true, older: null, atNewest: false })
    // Newer from the second page is the first page again.
    expect(ids(await listMedicalRecords(hayes, parse({ before: second.newer! })))).toEqual(ids(first))
    // The oldest end: the last 25, with newer ones above.
    const oldest = await listMedicalRecords(hayes, parse({ end: '1' }))
    expect(ids(oldest)).toEqual(all.slice(-25).map((r) => r.id))
    expect(oldest).toMatchObject({ atOldest: true, atNewest: false })
    // A jump to 10 March starts with that day's record; newer ones exist.
    const jumped = await listMedicalRecords(hayes, parse({ jump: '2026-03-10' }))
    expect(jumped.rows[0]?.occurredAt.toISOString()).toBe('2026-03-10T09:00:00.000Z')
    expect(jumped.newer).not.toBeNull()
    // A day before every record: none up to it, and the way back to the newest.
    expect(await listMedicalRecords(hayes, parse({ jump: '2020-01-01' }))).toMatchObject({ rows: [], atNewest: false, atOldest: true })
    // A dog nobody has: nothing, and why.
    const nobody = await listMedicalRecords(hayes, ListMedicalSchema.parse({ dog: 'Nobodydog' }))
    expect(nobody).toMatchObject({ rows: [], dog: { problem: 'No dog is named or numbered “Nobodydog”.' } })
    // Malformed cursors and days are ignored: the newest page.
    expect(ids(await listMedicalRecords(hayes, parse({ after: 'x', jump: '2026-99' })))).toEqual(ids(first))
  })
})

describe("the medical list's words filter: every match, newest first, by keyset, in the reader's scope", () => {
  it('reads the words as search does, pages through every match, keeps to the dog typed, and to an officer\'s own dogs', async () => {
    const mine = await makeDog('Wordy', carter.handlerId)
    const stranger = await makeDog('Stranger')
    // 40 of Carter's dog, one a day from 1 May 2026; 5 of a dog he never handled; one archived; one without the words.
    const at = (i: number) => new Date(Date.UTC(2026, 4, 1 + i, 9))
    await db.medicalRecord.createMany({ data: Array.from({ length: 40 }, (_, i) => ({ dogId: mine, kind: 'EXAM' as const, occurredAt: at(i), clinic: 'Hillside Clinic', diagnosis: 'Cracked pad on the left forepaw', veterinarianId: hayes.id })) })
    await db.medicalRecord.createMany({ data: Array.from({ length: 5 }, (_, i) => ({ dogId: stranger, kind: 'EXAM' as const, occurredAt: at(50 + i), clinic: 'Hillside Clinic', diagnosis: 'Cracked pad, right hind', veterinarianId: hayes.id })) })
    await db.medicalRecord.create({ data: { dogId: mine, kind: 'EXAM', occurredAt: at(60), clinic: 'Hillside Clinic', diagnosis: 'Cracked pad (entered twice)', veterinarianId: hayes.id, archivedAt: new Date() } })
    await db.medicalRecord.create({ data: { dogId: mine, kind: 'EXAM', occurredAt: at(61), clinic: 'Hillside Clinic', diagnosis: 'Healthy', veterinarianId: hayes.id } })
    const expected = await db.medicalRecord.findMany({ where: { dogId: { in: [mine, stranger] }, archivedAt: null, diagnosis: { startsWith: 'Cracked' } }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], select: { id: true, dogId: true } })
    expect(expected).toHaveLength(45)
    const ids = (page: { rows: Array<{ id: string }> }) => page.rows.map((r) => r.id)
    const list = (actor: Actor, extra: Record<string, string>) => listMedicalRecords(actor, ListMedicalSchema.parse(extra))

    // A vet: every match, newest first, two pages by keyset and back; "cracks" finds "cracked" (stems), as search does.
    const first = await list(hayes, { q: 'cracks pad' })
    expect(first).toMatchObject({ total: 45, more: false, atNewest: true, atOldest: false })
    const second = await list(hayes, { q: 'cracks pad', after: first.older! })
    expect([...ids(first), ...ids(second)]).toEqual(expected.map((r) => r.id))
    expect(second).toMatchObject({ atOldest: true, older: null })
    expect(ids(await list(hayes, { q: 'cracks pad', before: second.newer! }))).toEqual(ids(first))
    expect(ids(await list(hayes, { q: 'cracks pad', end: '1' }))).toEqual(expected.slice(-25).map((r) => r.id))
    expect((await list(hayes, { q: 'cracks pad', jump: '2026-05-10' })).rows[0]?.occurredAt.toISOString()).toBe('2026-05-10T09:00:00.000Z')
    // Each row shows where the words are, highlighted; without words, no snippet.
    expect(first.rows[0]?.snippet).toContainEqual({ text: 'pad', match: true })
    expect((await list(hayes, { dog: 'Wordy' })).rows[0]?.snippet).toBeUndefined()
    // With the dog typed: that dog's only.
    expect(ids(await list(hayes, { q: 'cracked', dog: 'Stranger' }))).toEqual(expected.filter((r) => r.dogId === stranger).map((r) => r.id))
    // Words in no record: nothing.
    expect(await list(hayes, { q: 'zeppelin' })).toMatchObject({ rows: [], total: 0 })

    // An officer: his dog's 40, not the stranger's 5.
    const officer = await list(carter, { q: 'cracked' })
    expect(officer.total).toBe(40)
    const officerAll = [...ids(officer), ...ids(await list(carter, { q: 'cracked', after: officer.older! }))]
    expect(officerAll).toEqual(expected.filter((r) => r.dogId === mine).map((r) => r.id))
    expect(await list(otherOfficer, { q: 'cracked' })).toMatchObject({ rows: [], total: 0 })
    // A role without medical records (the evidence technician) gets nothing, words or not.
    expect(await list(tech, { q: 'cracked' })).toMatchObject({ rows: [], total: 0 })

    // Whatever is typed is words, never SQL or an error: web-search syntax as search reads it, stop words only,
    // quotes and operators alone, a backslash; and the words stay in the page's links.
    expect((await list(hayes, { q: '"cracked pad" -hind' })).total).toBe(40)
    expect((await list(hayes, { q: 'cracked or zeppelin' })).total).toBe(45)
    for (const q of ['the', '"', '-', '!!', "'; DROP TABLE \"MedicalRecord\"; --", 'a\\b']) expect(await list(hayes, { q }), q).toMatchObject({ rows: [], total: 0 })
  })
})

describe('euthanasia decision', () => {
  it('is refused without its reason, by the form and by the database', async () => {
    const parsed = CreateMedicalRecordSchema.safeParse({ idempotencyKey: randomUUID(), dogId: rex, veterinarianId: hayes.id, occurredAt: local(), clinic: 'Emergency Vet Clinic', kind: 'EUTHANASIA_DECISION', decisionOutcome: 'HALTED', decisionReason: '   ' })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['decisionReason'])
    await expect(
      db.medicalRecord.create({ data: { dogId: rex, kind: 'EUTHANASIA_DECISION', occurredAt: new Date(), clinic: 'x', veterinarianId: hayes.id, decisionOutcome: 'HALTED', decisionReason: ' ' } }),
    ).rejects.toThrow(/MedicalRecord_decision_has_reason/)
  })

  it('is stored with its outcome and reason', async () => {
    const { id } = await createMedicalRecord(hayes, createInput(hayes, rex, { kind: 'EUTHANASIA_DECISION', decisionOutcome: 'HALTED', decisionReason: 'Twitch, changing breathing, erratic spikes.' }))
    const r = await getMedicalRecord(carter, id)
    expect(r).toMatchObject({ kind: 'EUTHANASIA_DECISION', decisionOutcome: 'HALTED', decisionReason: 'Twitch, changing breathing, erratic spikes.' })
  })
})

describe('vital signs', () => {
  it('adds several readings at once, shown in time order on the record and on the dog', async () => {
    const dog = await makeDog('Vita', carter.handlerId)
    const { id } = await createMedicalRecord(hayes, createInput(hayes, dog, { kind: 'EMERGENCY', presentingProblem: 'Laboured, shallow breathing.' }))
    const form = {
      idempotencyKey: randomUUID(),
      recordId: id,
      'vitals.0.takenAt': local(50 * 60_000), 'vitals.0.heartRate': '188', 'vitals.0.spo2': '84', 'vitals.0.temperatureC': '36.2',
      'vitals.1.takenAt': local(40 * 60_000), 'vitals.1.heartRate': '210', 'vitals.1.spo2': '80', 'vitals.1.painScore': '8',
    }
    const input = AddVitalSignsSchema.parse(form)
    expect(await addVitalSigns(hayes, input)).toEqual({ count: 2, duplicate: false })
    expect(await addVitalSigns(hayes, input)).toEqual({ count: 2, duplicate: true })
    const r = await getMedicalRecord(carter, id)
    expect(r?.vitals.map((v) => [v.heartRate, v.spo2, v.temperatureC])).toEqual([[188, 84, 36.2], [210, 80, null]])
    expect((await getDogVitals(carter, dog))?.map((v) => [v.heartRate, v.spo2, v.temperatureC, v.painScore])).toEqual([[188, 84, 36.2, null], [210, 80, null, 8]])
    // The chart's read is the record's readings as plain numbers, newest last, with their times.
    expect((await getDogVitals(carter, dog))?.map((v) => [v.id, v.takenAt.getTime()])).toEqual(r?.vitals.map((v) => [v.id, v.takenAt.getTime()]))
    // Only the latest `take`, still oldest first.
    expect((await getDogVitals(carter, dog, 1))?.map((v) => v.heartRate)).toEqual([210])
    expect(await db.auditEvent.count({ where: { action: 'medical.vitals_added', entityId: id } })).toBe(1)
  })

  it('charts the dog’s own readings from its live records, newest last, and the database keeps each reading on its record’s dog', async () => {
    const dog = await makeDog('Pulse', carter.handlerId)
    const other = await makeDog('Tempo', carter.handlerId)
    const reading = async (dogId: string, minutesAgo: number, heartRate: number) => {
      const { id } = await createMedicalRecord(hayes, exam(hayes, dogId))
      await addVitalSigns(hayes, AddVitalSignsSchema.parse({ idempotencyKey: randomUUID(), recordId: id, 'vitals.0.takenAt': local(minutesAgo * 60_000), 'vitals.0.heartRate': String(heartRate) }))
      return id
    }
    const old = await reading(dog, 300, 90)
    await reading(other, 200, 150)
    const recent = await reading(dog, 100, 95)
    expect((await getDogVitals(carter, dog))?.map((v) => v.heartRate)).toEqual([90, 95])
    expect((await getDogVitals(carter, other))?.map((v) => v.heartRate)).toEqual([150])
    // An archived record's readings leave the chart.
    await db.medicalRecord.update({ where: { id: old }, data: { archivedAt: new Date() } })
    expect((await getDogVitals(carter, dog))?.map((v) => v.heartRate)).toEqual([95])
    // A reading cannot name another dog than its record's.
    await expect(db.vitalSign.create({ data: { recordId: old, dogId: other, takenAt: new Date(), heartRate: 80, recordedById: hayes.id } })).rejects.toThrow(/VitalSign_recordId_dogId_fkey/)
    // A record moved to another dog (no screen does it; a data fix might) takes its readings with it.
    await db.medicalRecord.update({ where: { id: recent }, data: { dogId: other } })
    expect((await getDogVitals(carter, dog))?.map((v) => v.heartRate)).toEqual([])
    expect((await getDogVitals(carter, other))?.map((v) => v.heartRate)).toEqual([150, 95])
  })

  it('refuses impossible values with a message per field, and the database refuses them too', async () => {
    const parsed = AddVitalSignsSchema.safeParse({ idempotencyKey: randomUUID(), recordId: randomUUID(), 'vitals.0.takenAt': local(), 'vitals.0.heartRate': '1880', 'vitals.0.temperatureC': '362', 'vitals.0.spo2': '120' })
    expect(parsed.success).toBe(false)
    expect(Object.fromEntries(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]))).toEqual({
      'vitals.0.heartRate': 'Heart rate must be between 10 and 400 bpm: check the reading.',
      'vitals.0.temperatureC': 'Temperature must be between 25 and 45 °C: check the reading.',
      'vitals.0.spo2': 'SpO₂ must be between 0 and 100 %: check the reading.',
    })
    const { id } = await createMedicalRecord(hayes, exam(hayes, rex))
    await expect(db.vitalSign.create({ data: { recordId: id, dogId: rex, takenAt: new Date(), heartRate: 1880, recordedById: hayes.id } })).rejects.toThrow(/VitalSign_heartRate_range/)
  })

  it('is written by vets only, on records in scope', async () => {
    const { id } = await createMedicalRecord(hayes, exam(hayes, rex))
    const input = AddVitalSignsSchema.parse({ idempotencyKey: randomUUID(), recordId: id, 'vitals.0.takenAt': local(), 'vitals.0.heartRate': '90' })
    expect(await codeOf(addVitalSigns(carter, input))).toBe('FORBIDDEN')
    expect(await codeOf(addVitalSigns(patel, { ...input, recordId: randomUUID() }))).toBe('NOT_FOUND')
    // Another vet may add a reading: it is an observation, not a change to the author's text.
    expect(await codeOf(addVitalSigns(patel, input))).toBe('OK')
  })
})

describe('medications', () => {
  it('records drug, dose, route, time and who gave it, on the record', async () => {
    const { id } = await createMedicalRecord(hayes, exam(hayes, rex))
    const input = AddMedicationSchema.parse({ idempotencyKey: randomUUID(), recordId: id, drug: 'Methadone', dose: '0.2 mg/kg', route: 'IV', givenAt: local(10 * 60_000), givenBy: 'Dr. Hayes' })
    await addMedication(hayes, input)
    await addMedication(hayes, input)
    expect((await getMedicalRecord(carter, id))?.medications.map((m) => [m.drug, m.dose, m.route, m.givenBy])).toEqual([['Methadone', '0.2 mg/kg', 'IV', 'Dr. Hayes']])
    expect(await codeOf(addMedication(detective, { ...input, idempotencyKey: randomUUID() }))).toBe('FORBIDDEN')
  })
})

describe('amendments', () => {
  const amend = (recordId: string, version: number, fields: Record<string, string>) =>
    AmendMedicalRecordSchema.parse({ recordId, version: String(version), kind: 'EXAM', occurredAt: local(HOUR), clinic: 'Emergency Vet Clinic', findings: 'Flinches on palpation of the rib cage.', reason: 'Correction after review.', ...fields })

  it('the author amends; each amendment keeps who, when, why and every changed field before and after; the history is on the record', async () => {
    const created = await createMedicalRecord(hayes, exam(hayes, rex))
    const occurredAt = (await db.medicalRecord.findUniqueOrThrow({ where: { id: created.id }, select: { occurredAt: true } })).occurredAt.toISOString().slice(0, 16)
    await amendMedicalRecord(hayes, amend(created.id, 1, { occurredAt, diagnosis: 'Focal trauma, not systemic failure.', reason: 'Diagnosis added after Dr. Patel’s exam.' }))
    await amendMedicalRecord(hayes, amend(created.id, 2, { occurredAt, diagnosis: 'Focal trauma: foreign body suspected.', findings: 'Flinches on palpation of the rib cage and abdomen.', reason: 'Abdomen too.' }))
    const r = await getMedicalRecord(detective, created.id)
    expect(r).toMatchObject({ version: 3, diagnosis: 'Focal trauma: foreign body suspected.', findings: 'Flinches on palpation of the rib cage and abdomen.' })
    expect(r?.amendments.map((a) => [a.author.name, a.reason, a.changes])).toEqual([
      [hayes.name, 'Abdomen too.', [
        { field: 'findings', before: 'Flinches on palpation of the rib cage.', after: 'Flinches on palpation of the rib cage and abdomen.' },
        { field: 'diagnosis', before: 'Focal trauma, not systemic failure.', after: 'Focal trauma: foreign body suspected.' },
      ]],
      [hayes.name, 'Diagnosis added after Dr. Patel’s exam.', [{ field: 'diagnosis', before: null, after: 'Focal trauma, not systemic failure.' }]],
    ])
    expect(await db.auditEvent.count({ where: { action: 'medical.amended', entityId: created.id } })).toBe(2)
  })

  it('another vet is refused with who may amend; other roles are refused; outside the scope is not found', async () => {
    const { id } = await createMedicalRecord(hayes, exam(hayes, rex))
    const refusal = await errorOf(amendMedicalRecord(patel, amend(id, 1, { diagnosis: 'x' })))
    expect(refusal.code).toBe('FORBIDDEN')
    expect(refusal.userMessage).toContain(hayes.name)
    expect(await codeOf(amendMedicalRecord(carter, amend(id, 1, { diagnosis: 'x' })))).toBe('FORBIDDEN')
    expect(await codeOf(amendMedicalRecord(hayes, amend(randomUUID(), 1, { diagnosis: 'x' })))).toBe('NOT_FOUND')
    expect(await db.medicalRecord.findUniqueOrThrow({ where: { id }, select: { version: true, diagnosis: true } })).toEqual({ version: 1, diagnosis: null })
  })

  it('a stale amendment is a conflict and changes nothing; an unchanged one is refused', async () => {
    const { id } = await createMedicalRecord(hayes, exam(hayes, rex))
    const occurredAt = (await db.medicalRecord.findUniqueOrThrow({ where: { id }, select: { occurredAt: true } })).occurredAt.toISOString().slice(0, 16)
    await amendMedicalRecord(hayes, amend(id, 1, { occurredAt, diagnosis: 'First tab.' }))
    const stale = await errorOf(amendMedicalRecord(hayes, amend(id, 1, { occurredAt, diagnosis: 'Second tab.' })))
    expect(stale.code).toBe('CONFLICT')
    expect(stale.userMessage).toMatch(/Someone amended this record after you opened it/)
    expect((await db.medicalRecord.findUniqueOrThrow({ where: { id }, select: { diagnosis: true } })).diagnosis).toBe('First tab.')
    expect(await db.medicalRecordAmendment.count({ where: { recordId: id } })).toBe(1)
    expect(await codeOf(amendMedicalRecord(hayes, amend(id, 2, { occurredAt, diagnosis: 'First tab.' })))).toBe('VALIDATION')
    // Two racing amendments of the same version: exactly one wins.
    const results = await Promise.all([codeOf(amendMedicalRecord(hayes, amend(id, 2, { occurredAt, diagnosis: 'A' }))), codeOf(amendMedicalRecord(hayes, amend(id, 2, { occurredAt, diagnosis: 'B' })))])
    expect(results.sort()).toEqual(['CONFLICT', 'OK'])
  })
})

describe('recovered in surgery', () => {
  const recover = (recordId: string, extra: Record<string, string> = {}) =>
    RecordRecoveredItemSchema.parse({ idempotencyKey: randomUUID(), recordId, description: 'Jagged metal fragment, between the ribs', category: 'BALLISTIC', sealNumber: 'SEAL-0001', recoveredAt: local(), ...extra })

  it('creates the evidence item and its first custody event — collected by this vet, at this clinic — and the vet then hands it to the evidence room', async () => {
    const { id } = await createMedicalRecord(patel, surgery(patel, rex))
    const item = await recordRecoveredItem(patel, recover(id))
    expect(item.number).toMatch(/^EV-\d{4}-\d{6}$/)
    const row = await db.evidenceItem.findUniqueOrThrow({
      where: { id: item.id },
      select: { originMedicalRecordId: true, collectedById: true, collectedAtPlace: true, currentCustodianId: true, sealNumber: true, status: true, headSequence: true, custodyEvents: { select: { sequence: true, action: true, actorId: true, toUserId: true, place: true, sealIntact: true } } },
    })
    expect(row).toEqual({
      originMedicalRecordId: id, collectedById: patel.id, collectedAtPlace: 'Emergency Vet Clinic', currentCustodianId: patel.id, sealNumber: 'SEAL-0001', status: 'IN_CUSTODY', headSequence: 1,
      custodyEvents: [{ sequence: 1, action: 'COLLECTED', actorId: patel.id, toUserId: patel.id, place: 'Emergency Vet Clinic', sealIntact: true }],
    })
    expect((await verifyItemChain(item.id))?.ok).toBe(true)
    expect(await db.auditEvent.count({ where: { OR: [{ action: 'medical.item_recovered', entityId: id }, { action: 'evidence.collected', entityId: item.id }] } })).toBe(2)
    expect((await getMedicalRecord(carter, id))?.recoveredItems.map((e) => e.number)).toEqual([item.number])
    // The vet sees the item (they recovered it); Hayes, who did not, does not.
    expect((await getEvidenceItem(patel, item.id))?.number).toBe(item.number)
    expect(await getEvidenceItem(hayes, item.id)).toBeNull()
    // …and hands it over with the ordinary custody flow.
    const version = (await db.evidenceItem.findUniqueOrThrow({ where: { id: item.id }, select: { version: true } })).version
    await transferEvidence(patel, TransferEvidenceSchema.parse({ evidenceId: item.id, version: String(version), toUserId: tech.id, place: 'Emergency Vet Clinic', purpose: 'To the evidence room', sealIntact: 'yes' }))
    expect(await db.evidenceItem.findUniqueOrThrow({ where: { id: item.id }, select: { status: true, pendingReceiverId: true } })).toEqual({ status: 'IN_TRANSIT', pendingReceiverId: tech.id })
    expect((await verifyItemChain(item.id))?.ok).toBe(true)
  })

  it('only on a surgery record, only by a vet; a double submit makes one item', async () => {
    const { id: examId } = await createMedicalRecord(hayes, exam(hayes, rex))
    expect(await codeOf(recordRecoveredItem(hayes, recover(examId)))).toBe('CONFLICT')
    const { id } = await createMedicalRecord(patel, surgery(patel, rex))
    for (const actor of [carter, detective, supervisor, tech, admin]) expect(await codeOf(recordRecoveredItem(actor, recover(id))), actor.role).toBe('FORBIDDEN')
    const input = recover(id, { description: 'Double submit fragment' })
    const [a, b] = await Promise.all([recordRecoveredItem(patel, input), recordRecoveredItem(patel, input)])
    expect(a.id).toBe(b.id)
    expect(await db.evidenceItem.count({ where: { description: 'Double submit fragment' } })).toBe(1)
  })

  it('is all or nothing: when the custody event cannot be written, no item, no number used, no medical change', async () => {
    const { id } = await createMedicalRecord(patel, surgery(patel, rex))
    const year = new Date().getUTCFullYear()
    const counterBefore = (await db.counter.findUnique({ where: { key: `evidence:${year}` }, select: { value: true } }))?.value ?? 0
    const auditsBefore = await db.auditEvent.count({ where: { entityId: id } })
    // A test-only trigger makes the custody insert fail after the item row was written.
    await db.$executeRaw`CREATE FUNCTION test_fail_custody() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.notes = 'FAIL-CUSTODY' THEN RAISE EXCEPTION 'custody insert failed (test)'; END IF; RETURN NEW; END $$`
    await db.$executeRaw`CREATE TRIGGER test_fail_custody BEFORE INSERT ON "CustodyEvent" FOR EACH ROW EXECUTE FUNCTION test_fail_custody()`
    try {
      await expect(recordRecoveredItem(patel, recover(id, { description: 'Rolled back fragment', notes: 'FAIL-CUSTODY' }))).rejects.toThrow(/custody insert failed/)
    } finally {
      await db.$executeRaw`DROP TRIGGER test_fail_custody ON "CustodyEvent"`
      await db.$executeRaw`DROP FUNCTION test_fail_custody()`
    }
    expect(await db.evidenceItem.count({ where: { OR: [{ description: 'Rolled back fragment' }, { originMedicalRecordId: id }] } })).toBe(0)
    expect((await db.counter.findUnique({ where: { key: `evidence:${year}` }, select: { value: true } }))?.value ?? 0).toBe(counterBefore)
    expect(await db.auditEvent.count({ where: { entityId: id } })).toBe(auditsBefore)
  })
})

describe('welfare link (issue 8)', () => {
  async function openVetCheck(dogId: string, deployedAt: Date) {
    const n = ++seq
    const incident = await db.incident.create({ data: { number: `INC-M-${n}`, type: 'PURSUIT', occurredAt: deployedAt, locationText: 'Factory', narrative: 'Struck with a pipe.', reportingOfficerId: carter.id }, select: { id: true } })
    const dep = await db.deployment.create({
      data: { incidentId: incident.id, incidentOccurredAt: deployedAt, dogId, handlerId: carter.handlerId!, task: 'APPREHENSION', outcome: 'APPREHENDED', exposures: ['STRUCK'], deployedAt, loggedById: carter.id },
      select: { id: true, dogId: true, deployedAt: true, exposures: true },
    })
    await db.$transaction((tx) => raiseVetCheckForDeployment(tx, dep))
    return (await db.alert.findFirstOrThrow({ where: { deploymentId: dep.id }, select: { id: true } })).id
  }

  it('an exam-type record resolves the dog’s open vet check in the same write; a discharge or a euthanasia decision does not', async () => {
    const dog = await makeDog('Welf', carter.handlerId)
    const alertId = await openVetCheck(dog, new Date(Date.now() - 14 * DAY))
    await createMedicalRecord(hayes, createInput(hayes, dog, { kind: 'DISCHARGE', outcome: 'Walked out.' }))
    await createMedicalRecord(hayes, createInput(hayes, dog, { kind: 'EUTHANASIA_DECISION', decisionOutcome: 'DEFERRED', decisionReason: 'Owner consult.' }))
    expect((await db.alert.findUniqueOrThrow({ where: { id: alertId }, select: { status: true } })).status).toBe('OPEN')
    const created = await createMedicalRecord(hayes, createInput(hayes, dog, { kind: 'EMERGENCY', presentingProblem: 'Collapsed.' }))
    expect(created.resolvedAlertIds).toEqual([alertId])
    expect(await db.alert.findUniqueOrThrow({ where: { id: alertId }, select: { status: true, resolvedByRecordId: true } })).toEqual({ status: 'RESOLVED', resolvedByRecordId: created.id })
  })

  it('a surgery counts as an exam', async () => {
    const dog = await makeDog('Surg', carter.handlerId)
    const alertId = await openVetCheck(dog, new Date(Date.now() - 2 * DAY))
    const created = await createMedicalRecord(patel, surgery(patel, dog))
    expect(created.resolvedAlertIds).toEqual([alertId])
  })
})

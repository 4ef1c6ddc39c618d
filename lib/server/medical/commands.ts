import 'server-only'
import type { DecisionOutcome, MedicalRecordKind } from '@/lib/generated/prisma/enums'
import { AppError } from '@/lib/errors'
import { RECORD_FIELDS, type AddMedicationInput, type AddVitalSignsInput, type AmendMedicalRecordInput, type CreateMedicalRecordInput, type RecordField, type RecordRecoveredItemInput } from '@/lib/schemas/medical'
import type { Actor } from '../actor'
import { resolveVetChecksForExam } from '../alerts/commands'
import { recordAudit } from '../audit'
import { db, type Tx } from '../db'
import { matchDog } from '../dogs/match'
import { startCustody } from '../evidence/commands'
import { earlierSubmit } from '../idempotency'
import { assertCan } from '../policy'
import { medicalRecordScope } from './scope'

/*
 * The vets' writes (issue 5). Each is one transaction: authorize → scope
 * check (NOT_FOUND outside it) → the write → audit. Creating an exam-type
 * record resolves the dog's open vet checks in the same transaction
 * (issue 8; which kinds count: lib/server/alerts/rules.ts RESOLVING_KINDS,
 * docs/decisions/018-medical-records.md).
 */

const NOT_FOUND = () => new AppError('NOT_FOUND', 'No such medical record.')
const entity = (id: string) => ({ type: 'MedicalRecord', id })

type Content = {
  occurredAt: Date
  clinic: string
  attendingVets: string | null
  presentingProblem: string | null
  findings: string | null
  diagnosis: string | null
  treatment: string | null
  outcome: string | null
  decisionOutcome: DecisionOutcome | null
  decisionReason: string | null
  procedure: string | null
  anaesthesia: string | null
  complications: string | null
  followUpDueAt: Date | null
}

/** The stored columns of a parsed record: the fields a kind does not have are null. */
function contentOf(input: CreateMedicalRecordInput | AmendMedicalRecordInput): Content {
  const pick = <K extends string>(k: K): unknown => (k in input ? (input as Record<string, unknown>)[k] : null)
  return {
    occurredAt: input.occurredAt,
    clinic: input.clinic,
    attendingVets: input.attendingVets ?? null,
    presentingProblem: input.presentingProblem ?? null,
    findings: input.findings ?? null,
    diagnosis: input.diagnosis ?? null,
    treatment: input.treatment ?? null,
    outcome: input.outcome ?? null,
    decisionOutcome: (pick('decisionOutcome') as DecisionOutcome | null) ?? null,
    decisionReason: (pick('decisionReason') as string | null) ?? null,
    procedure: (pick('procedure') as string | null) ?? null,
    anaesthesia: (pick('anaesthesia') as string | null) ?? null,
    complications: (pick('complications') as string | null) ?? null,
    followUpDueAt: input.followUpDueAt ?? null,
  }
}

/** A record in the actor's medical scope, or NOT_FOUND (the same answer as a record that does not exist). */
async function findInScope(tx: Tx, actor: Actor, recordId: string) {
  const scope = medicalRecordScope(actor)
  if (!scope) throw NOT_FOUND()
  const record = await tx.medicalRecord.findFirst({
    where: { AND: [{ id: recordId, archivedAt: null }, scope] },
    select: { id: true, dogId: true, kind: true, clinic: true, occurredAt: true, veterinarianId: true },
  })
  if (!record) throw NOT_FOUND()
  return record
}

/**
 * Needs medical:write. A new record for a dog, signed by an active
 * veterinarian (the signed-in vet by default); a second submit of the same
 * form returns the first record (decision 013). Resolves the dog's open vet
 * checks when the kind counts as an exam. Audits medical.created.
 */
export async function createMedicalRecord(actor: Actor, input: CreateMedicalRecordInput, now = new Date()) {
  assertCan(actor, 'medical:write')
  return db.$transaction(
    async (tx) => {
      const earlier = await earlierSubmit(tx, actor, 'medical.created', input.idempotencyKey, now)
      if (earlier) return { id: earlier.entityId, dogId: typeof earlier.details.dogId === 'string' ? earlier.details.dogId : null, duplicate: true, resolvedAlertIds: [] as string[] }
      const dog = await resolveDog(tx, input)
      const vet = await tx.user.findFirst({ where: { id: input.veterinarianId, active: true, role: 'VETERINARIAN' }, select: { id: true } })
      if (!vet) throw new AppError('VALIDATION', 'Choose an active veterinarian.', { veterinarianId: ['Choose an active veterinarian from the list.'] })
      const content = contentOf(input)
      const record = await tx.medicalRecord.create({
        data: { dogId: dog.id, kind: input.kind, veterinarianId: vet.id, ...content },
        select: { id: true, dogId: true, kind: true, occurredAt: true },
      })
      await recordAudit(tx, actor, 'medical.created', entity(record.id), {
        details: { idempotencyKey: input.idempotencyKey, dogId: dog.id, kind: input.kind, veterinarianId: vet.id, decisionOutcome: content.decisionOutcome },
      })
      const resolvedAlertIds = await resolveVetChecksForExam(tx, record, actor)
      return { id: record.id, dogId: dog.id, duplicate: false, resolvedAlertIds }
    },
    { maxWait: 10_000, timeout: 15_000 },
  )
}

/**
 * The dog a new record is for: by id, or by what the vet typed (a call name
 * or K-9 number, lib/server/dogs/match.ts). A retired or deceased dog may
 * still get a record (a post-mortem, a pensioner's check-up); an archived one
 * never matches. Field errors name the problem next to the field used.
 */
async function resolveDog(tx: Tx, input: CreateMedicalRecordInput): Promise<{ id: string }> {
  if (input.dogId) {
    const byId = await tx.dog.findFirst({ where: { id: input.dogId, archivedAt: null }, select: { id: true } })
    if (!byId) throw new AppError('VALIDATION', 'Choose a dog from the list.', { dogId: ['Choose a dog from the list.'] })
    return byId
  }
  const match = await matchDog(tx, input.dog ?? '')
  if (!match.ok) throw new AppError('VALIDATION', 'Check the dog.', { dog: [match.message] })
  return match.dog
}

export type FieldChange = { field: RecordField; before: string | null; after: string | null }

const asText = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v))

/** The fields whose value differs, before → after (dates as ISO strings). */
export function diffRecord(before: Record<RecordField, unknown>, after: Record<RecordField, unknown>): FieldChange[] {
  const changes: FieldChange[] = []
  for (const [field] of RECORD_FIELDS) {
    const b = asText(before[field])
    const a = asText(after[field])
    if (b !== a) changes.push({ field, before: b, after: a })
  }
  return changes
}

/**
 * Needs medical:write, and only the veterinarian who signed the record may
 * amend it (FORBIDDEN for another vet; NOT_FOUND outside the medical scope).
 * Optimistic on `version`: a stale form is a CONFLICT and the user keeps
 * their input. The kind never changes. Each amendment keeps who, when, why
 * and every changed field before → after. Audits medical.amended.
 */
export async function amendMedicalRecord(actor: Actor, input: AmendMedicalRecordInput) {
  assertCan(actor, 'medical:write')
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "MedicalRecord" WHERE id = ${input.recordId}::uuid FOR UPDATE`
      const scope = medicalRecordScope(actor)
      if (!scope) throw NOT_FOUND()
      const current = await tx.medicalRecord.findFirst({
        where: { AND: [{ id: input.recordId, archivedAt: null }, scope] },
        select: {
          id: true, dogId: true, kind: true, version: true, veterinarianId: true, veterinarian: { select: { name: true } },
          occurredAt: true, clinic: true, attendingVets: true, presentingProblem: true, findings: true, diagnosis: true, treatment: true, outcome: true,
          decisionOutcome: true, decisionReason: true, procedure: true, anaesthesia: true, complications: true, followUpDueAt: true,
        },
      })
      if (!current) throw NOT_FOUND()
      if (current.veterinarianId !== actor.id) throw new AppError('FORBIDDEN', `Only the veterinarian who signed this record (${current.veterinarian.name}) can amend it. Add your own record instead.`)
      if (current.version !== input.version) throw staleAmend()
      if (current.kind !== input.kind) throw new AppError('CONFLICT', 'The kind of a record cannot be changed. Reload the page and amend the fields instead.')
      const next = contentOf(input)
      const changes = diffRecord(current, next)
      if (changes.length === 0) throw new AppError('VALIDATION', 'Nothing was changed: change a field, or go back to the record.')
      const { count } = await tx.medicalRecord.updateMany({ where: { id: current.id, version: input.version }, data: { ...next, version: { increment: 1 } } })
      if (count !== 1) throw staleAmend()
      const amendment = await tx.medicalRecordAmendment.create({ data: { recordId: current.id, authorId: actor.id, reason: input.reason, changes }, select: { id: true } })
      await recordAudit(tx, actor, 'medical.amended', entity(current.id), { details: { amendmentId: amendment.id, fields: changes.map((c) => c.field), fromVersion: input.version } })
      // A corrected date can bring an exposure's vet check into the record's reach (idempotent).
      if (changes.some((c) => c.field === 'occurredAt')) await resolveVetChecksForExam(tx, { id: current.id, dogId: current.dogId, kind: current.kind, occurredAt: next.occurredAt }, actor)
      return { id: current.id, amendmentId: amendment.id, changes }
    },
    { maxWait: 10_000, timeout: 15_000 },
  )
}

function staleAmend() {
  return new AppError('CONFLICT', 'Someone amended this record after you opened it. Open the record in a new tab to see their change; your amendment is kept below — submit it again to apply it on top.')
}

/**
 * Needs medical:write and the record in scope. Adds one or several readings
 * (any vet: a reading is an observation, not a change to what the author
 * wrote). Ranges are checked by the schema and again by the database.
 * Idempotent per form. Audits medical.vitals_added.
 */
export async function addVitalSigns(actor: Actor, input: AddVitalSignsInput, now = new Date()) {
  assertCan(actor, 'medical:write')
  return db.$transaction(async (tx) => {
    const record = await findInScope(tx, actor, input.recordId)
    const earlier = await earlierSubmit(tx, actor, 'medical.vitals_added', input.idempotencyKey, now)
    if (earlier) return { count: Number(earlier.details.count ?? 0), duplicate: true }
    const { count } = await tx.vitalSign.createMany({
      data: input.vitals.map((v) => ({
        recordId: record.id,
        dogId: record.dogId,
        takenAt: v.takenAt,
        heartRate: v.heartRate,
        respiratoryRate: v.respiratoryRate,
        temperatureC: v.temperatureC,
        spo2: v.spo2,
        systolicBp: v.systolicBp,
        diastolicBp: v.diastolicBp,
        capillaryRefillSec: v.capillaryRefillSec,
        painScore: v.painScore,
        notes: v.notes,
        recordedById: actor.id,
      })),
    })
    await recordAudit(tx, actor, 'medical.vitals_added', entity(record.id), { details: { idempotencyKey: input.idempotencyKey, count } })
    return { count, duplicate: false }
  })
}

/** Needs medical:write and the record in scope. Idempotent per form. Audits medical.medication_added. */
export async function addMedication(actor: Actor, input: AddMedicationInput, now = new Date()) {
  assertCan(actor, 'medical:write')
  return db.$transaction(async (tx) => {
    const record = await findInScope(tx, actor, input.recordId)
    const earlier = await earlierSubmit(tx, actor, 'medical.medication_added', input.idempotencyKey, now)
    if (earlier) return { id: String(earlier.details.medicationId ?? ''), duplicate: true }
    const medication = await tx.medication.create({
      data: { recordId: record.id, drug: input.drug, dose: input.dose, route: input.route, givenAt: input.givenAt, givenBy: input.givenBy, notes: input.notes, recordedById: actor.id },
      select: { id: true },
    })
    await recordAudit(tx, actor, 'medical.medication_added', entity(record.id), { details: { idempotencyKey: input.idempotencyKey, medicationId: medication.id, drug: input.drug } })
    return { id: medication.id, duplicate: false }
  })
}

/** Kinds on which an item can be recovered from the dog. */
export const RECOVERY_KINDS: readonly MedicalRecordKind[] = ['SURGERY']

/**
 * Needs medical:write and evidence:collect, and a surgery record in scope.
 * Custody starts in the operating room: the evidence item (EV-YYYY-NNNNNN),
 * its first custody event (COLLECTED by this vet, at the record's clinic,
 * the genesis of its hash chain) and the record's medical.item_recovered
 * audit commit together or not at all. The vet then holds the item and hands
 * it over with the ordinary custody flow. Idempotent per form.
 */
export async function recordRecoveredItem(actor: Actor, input: RecordRecoveredItemInput, now = new Date()) {
  assertCan(actor, 'medical:write')
  assertCan(actor, 'evidence:collect')
  return db.$transaction(
    async (tx) => {
      const record = await findInScope(tx, actor, input.recordId)
      if (!RECOVERY_KINDS.includes(record.kind)) throw new AppError('CONFLICT', 'Items are recovered in surgery: record this on the surgery record.')
      const earlier = await earlierSubmit(tx, actor, 'medical.item_recovered', input.idempotencyKey, now)
      if (earlier) return { id: String(earlier.details.evidenceId), number: String(earlier.details.number), duplicate: true }
      if (input.recoveredAt.getTime() < record.occurredAt.getTime() - 60 * 60_000) {
        throw new AppError('VALIDATION', 'The item was recovered before the surgery began.', { recoveredAt: ['The recovery time is before the surgery’s own time. Check the date.'] })
      }
      const item = await startCustody(tx, actor, {
        description: input.description,
        category: input.category,
        collectedAt: input.recoveredAt,
        collectedAtPlace: record.clinic,
        originIncidentId: null,
        originMedicalRecordId: record.id,
        sealNumber: input.sealNumber,
        sealIntact: true,
        notes: input.notes,
      })
      await recordAudit(tx, actor, 'medical.item_recovered', entity(record.id), { details: { idempotencyKey: input.idempotencyKey, evidenceId: item.id, number: item.number } })
      return { ...item, duplicate: false }
    },
    { maxWait: 10_000, timeout: 15_000 },
  )
}

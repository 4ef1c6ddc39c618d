import 'server-only'
import type { Actor } from '../actor'
import { recordAudit } from '../audit'
import { db } from '../db'
import { medicalRecordScope } from './scope'

export const MEDICAL_PAGE_SIZE = 25

/** Recent medical records the actor may read, newest first. */
export async function listMedicalRecords(actor: Actor, page: number) {
  const scope = medicalRecordScope(actor)
  if (!scope) return { rows: [], total: 0, page: 1, pageCount: 0 }
  const where = { ...scope, archivedAt: null }
  const [total, rows] = await Promise.all([
    db.medicalRecord.count({ where }),
    db.medicalRecord.findMany({
      where,
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * MEDICAL_PAGE_SIZE,
      take: MEDICAL_PAGE_SIZE,
      select: {
        id: true,
        kind: true,
        occurredAt: true,
        clinic: true,
        diagnosis: true,
        decisionOutcome: true,
        dog: { select: { id: true, name: true, k9Number: true } },
        veterinarian: { select: { name: true } },
      },
    }),
  ])
  return { rows, total, page, pageCount: Math.ceil(total / MEDICAL_PAGE_SIZE) }
}

/** One record in full. Every read of a record's detail is audited (issue 3). Null = 404. */
export async function getMedicalRecord(actor: Actor, recordId: string) {
  const scope = medicalRecordScope(actor)
  if (!scope) return null
  const record = await db.medicalRecord.findFirst({
    where: { id: recordId, archivedAt: null, ...scope },
    select: {
      id: true,
      kind: true,
      occurredAt: true,
      clinic: true,
      attendingVets: true,
      presentingProblem: true,
      findings: true,
      diagnosis: true,
      treatment: true,
      outcome: true,
      decisionOutcome: true,
      decisionReason: true,
      procedure: true,
      anaesthesia: true,
      complications: true,
      followUpDueAt: true,
      dog: { select: { id: true, name: true, k9Number: true } },
      veterinarian: { select: { name: true } },
      vitals: {
        orderBy: { takenAt: 'asc' },
        take: 500,
        select: { id: true, takenAt: true, heartRate: true, respiratoryRate: true, temperatureC: true, spo2: true, systolicBp: true, diastolicBp: true, capillaryRefillSec: true, painScore: true, notes: true },
      },
      medications: { orderBy: { givenAt: 'asc' }, take: 200, select: { id: true, drug: true, dose: true, route: true, givenAt: true, givenBy: true, notes: true } },
      attachments: {
        where: { archivedAt: null },
        orderBy: { createdAt: 'asc' },
        select: { id: true, fileName: true, mediaType: true, sizeBytes: true, sha256: true, description: true, modality: true, view: true, bodyRegion: true, widthPx: true, heightPx: true, uploadedBy: { select: { name: true } }, createdAt: true },
      },
      recoveredItems: { select: { id: true, number: true, description: true } },
    },
  })
  if (!record) return null
  await db.$transaction((tx) => recordAudit(tx, actor, 'medical.viewed', { type: 'MedicalRecord', id: record.id }))
  return {
    ...record,
    vitals: record.vitals.map((v) => ({ ...v, temperatureC: v.temperatureC === null ? null : Number(v.temperatureC), capillaryRefillSec: v.capillaryRefillSec === null ? null : Number(v.capillaryRefillSec) })),
  }
}

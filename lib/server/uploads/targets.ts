import 'server-only'
import { AppError } from '@/lib/errors'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { UploadTarget } from '@/lib/schemas/uploads'
import type { Actor } from '../actor'
import { db } from '../db'
import { evidenceScope } from '../evidence/scope'
import { mayEdit } from '../incidents/commands'
import { medicalRecordScope } from '../medical/scope'
import { can, type Permission } from '../policy'

/**
 * Who may attach a file to what (docs/decisions/015-uploads.md). The role
 * needs the target's permission (else the route answers 404, as for any
 * route the role lacks); the record must be in the actor's read scope (else
 * NOT_FOUND: out of scope looks like missing); then the record rule decides
 * (else FORBIDDEN with the reason).
 */
export const TARGET_PERMISSION: Record<UploadTarget, Permission> = {
  medicalRecord: 'medical:write', // vets
  evidenceItem: 'evidence:read', // then: the current custodian, the collector, or an evidence technician
  labResult: 'evidence:lab', // whoever may record lab results
  incident: 'incidents:edit', // then: the incident's own officers, or a supervisor
}

export type ResolvedTarget = {
  /** The Attachment owner column and value. */
  owner: Pick<Prisma.AttachmentUncheckedCreateInput, 'medicalRecordId' | 'evidenceItemId' | 'labResultId' | 'incidentId'>
  entity: { type: string; id: string }
  /** A lab result's report may be a PDF. */
  allowPdf: boolean
  /** Imaging metadata (modality, view, body region) is recorded for medical records. */
  imaging: boolean
}

const NOT_FOUND = () => new AppError('NOT_FOUND', 'No such record. It may have been removed, or it is not one you can add files to.')

/**
 * The evidence item's rule, for an item already read within the actor's
 * evidence scope: its current custodian, its collector or an evidence
 * technician. Null when allowed. The item's page asks it with the row it has
 * read; the upload route through resolveUploadTarget.
 */
export function evidenceItemUploadRefusal(actor: Actor, item: { currentCustodianId: string | null; collectedById: string }): AppError | null {
  if (!can(actor, TARGET_PERMISSION.evidenceItem)) return NOT_FOUND()
  if (actor.role === 'EVIDENCE_TECH' || item.currentCustodianId === actor.id || item.collectedById === actor.id) return null
  return new AppError('FORBIDDEN', 'Only the person who holds this item, the person who collected it, or an evidence technician can add photos to it.')
}

/** The incident's rule, for an incident already read (not archived): its own officers or a supervisor, while it is open. Null when allowed. */
export function incidentUploadRefusal(actor: Actor, incident: { status: string; reportingOfficerId: string; officers: Array<{ handlerId: string }> }): AppError | null {
  if (!can(actor, TARGET_PERMISSION.incident) || !can(actor, 'incidents:read')) return NOT_FOUND()
  if (!mayEdit(actor, incident)) return new AppError('FORBIDDEN', 'You can add photos only to incidents you reported or took part in. Ask a supervisor.')
  if (incident.status === 'CLOSED') return new AppError('CONFLICT', 'This incident is closed. Re-open it to add photos.')
  return null
}

/** A lab result's rule, for a result whose evidence item was read within the actor's evidence scope: whoever may record lab results. Null when allowed. */
export function labResultUploadRefusal(actor: Actor): AppError | null {
  return can(actor, TARGET_PERMISSION.labResult) ? null : NOT_FOUND()
}

/** Throws NOT_FOUND (missing or out of scope) or FORBIDDEN (in scope, but not this person's to add to). */
export async function resolveUploadTarget(actor: Actor, target: UploadTarget, id: string): Promise<ResolvedTarget> {
  if (!can(actor, TARGET_PERMISSION[target])) throw NOT_FOUND()
  switch (target) {
    case 'medicalRecord': {
      const scope = medicalRecordScope(actor)
      const record = scope && (await db.medicalRecord.findFirst({ where: { id, archivedAt: null, ...scope }, select: { id: true } }))
      if (!record) throw NOT_FOUND()
      return { owner: { medicalRecordId: record.id }, entity: { type: 'MedicalRecord', id: record.id }, allowPdf: false, imaging: true }
    }
    case 'evidenceItem': {
      const scope = evidenceScope(actor)
      const item = scope && (await db.evidenceItem.findFirst({ where: { AND: [{ id }, scope] }, select: { id: true, currentCustodianId: true, collectedById: true } }))
      if (!item) throw NOT_FOUND()
      const refusal = evidenceItemUploadRefusal(actor, item)
      if (refusal) throw refusal
      return { owner: { evidenceItemId: item.id }, entity: { type: 'EvidenceItem', id: item.id }, allowPdf: false, imaging: false }
    }
    case 'labResult': {
      const scope = evidenceScope(actor)
      const result = scope && (await db.labResult.findFirst({ where: { id, request: { evidenceItem: scope } }, select: { id: true } }))
      if (!result) throw NOT_FOUND()
      return { owner: { labResultId: result.id }, entity: { type: 'LabResult', id: result.id }, allowPdf: true, imaging: false }
    }
    case 'incident': {
      const incident = await db.incident.findFirst({ where: { id, archivedAt: null }, select: { id: true, status: true, reportingOfficerId: true, officers: { select: { handlerId: true } } } })
      if (!incident) throw NOT_FOUND()
      const refusal = incidentUploadRefusal(actor, incident)
      if (refusal) throw refusal
      return { owner: { incidentId: incident.id }, entity: { type: 'Incident', id: incident.id }, allowPdf: false, imaging: false }
    }
  }
}

/** For pages: whether to show the upload form (the route checks again). */
export async function mayUploadTo(actor: Actor, target: UploadTarget, id: string): Promise<boolean> {
  try {
    await resolveUploadTarget(actor, target, id)
    return true
  } catch (error) {
    if (error instanceof AppError) return false
    throw error
  }
}

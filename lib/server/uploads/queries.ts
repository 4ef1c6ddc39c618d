import 'server-only'
import type { Readable } from 'node:stream'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { UploadTarget } from '@/lib/schemas/uploads'
import type { Actor } from '../actor'
import { appendAudit } from '../audit'
import { blobStore } from '../blobs'
import { db } from '../db'
import { evidenceScope } from '../evidence/scope'
import { medicalRecordScope } from '../medical/scope'
import { can } from '../policy'
import type { DicomTags } from './inspect'

/**
 * Which attachments an actor may read: those whose owner record they may
 * read (a medical record in their medical scope, an evidence item or its lab
 * result in their evidence scope, an incident). Null: none.
 */
export function attachmentScope(actor: Actor): Prisma.AttachmentWhereInput | null {
  const or: Prisma.AttachmentWhereInput[] = []
  const medical = medicalRecordScope(actor)
  if (medical) or.push({ medicalRecord: { ...medical, archivedAt: null } })
  const evidence = evidenceScope(actor)
  if (evidence) or.push({ evidenceItem: evidence }, { labResult: { request: { evidenceItem: evidence } } })
  if (can(actor, 'incidents:read')) or.push({ incident: { archivedAt: null } })
  return or.length ? { archivedAt: null, OR: or } : null
}

const OWNER_COLUMN: Record<UploadTarget, 'medicalRecordId' | 'evidenceItemId' | 'labResultId' | 'incidentId'> = {
  medicalRecord: 'medicalRecordId',
  evidenceItem: 'evidenceItemId',
  labResult: 'labResultId',
  incident: 'incidentId',
}

export type AttachmentRow = Awaited<ReturnType<typeof listAttachments>>[number]

/** A record's files, oldest first (at most 100), for the attachment panel. */
export async function listAttachments(actor: Actor, target: UploadTarget, id: string) {
  const scope = attachmentScope(actor)
  if (!scope) return []
  const rows = await db.attachment.findMany({
    where: { AND: [{ [OWNER_COLUMN[target]]: id }, scope] },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 100,
    select: {
      id: true,
      fileName: true,
      mediaType: true,
      sizeBytes: true,
      sha256: true,
      description: true,
      modality: true,
      view: true,
      bodyRegion: true,
      capturedAt: true,
      widthPx: true,
      heightPx: true,
      thumbnailKey: true,
      previewKey: true,
      metadata: true,
      createdAt: true,
      uploadedBy: { select: { name: true } },
    },
  })
  return rows.map(({ thumbnailKey, previewKey, metadata, ...row }) => ({
    ...row,
    hasThumbnail: thumbnailKey !== null,
    hasPreview: previewKey !== null,
    dicom: ((metadata as { dicom?: DicomTags } | null)?.dicom ?? null) as DicomTags | null,
  }))
}

export type AttachmentVariant = 'original' | 'thumbnail' | 'preview'

export type OpenedAttachment =
  | { ok: true; fileName: string; mediaType: string; sizeBytes: number | null; sha256: string; stream: Readable }
  | { ok: false; sha256: string }

/**
 * Opens a stored file, or its thumbnail or preview, for the actor: checks the
 * owner's scope, re-hashes the bytes (the original against the SHA-256 taken
 * at upload; a rendition against the hash in its key) and audits the read of
 * the original or the preview (and any failed check). Null = 404.
 */
export async function openAttachment(actor: Actor, attachmentId: string, variant: AttachmentVariant): Promise<OpenedAttachment | null> {
  const scope = attachmentScope(actor)
  if (!scope) return null
  const attachment = await db.attachment.findFirst({
    where: { AND: [{ id: attachmentId }, scope] },
    select: { id: true, fileName: true, mediaType: true, sizeBytes: true, sha256: true, blobKey: true, thumbnailKey: true, previewKey: true },
  })
  if (!attachment) return null
  const key = variant === 'original' ? attachment.blobKey : variant === 'thumbnail' ? attachment.thumbnailKey : attachment.previewKey
  if (!key) return null
  const expected = variant === 'original' ? attachment.sha256 : key.slice(key.lastIndexOf('/') + 1)
  const store = await blobStore()
  const actual = await store.hashOf(key).catch(() => null)
  const entity = { type: 'Attachment', id: attachment.id }
  if (actual !== expected) {
    await appendAudit(actor, 'attachment.integrity_failed', entity, { outcome: 'FAILURE', details: { variant, expected, actual } })
    return { ok: false, sha256: expected }
  }
  if (variant !== 'thumbnail') await appendAudit(actor, 'attachment.downloaded', entity, { details: { variant } })
  const stem = attachment.fileName.replace(/\.[^.]+$/, '')
  return {
    ok: true,
    fileName: variant === 'original' ? attachment.fileName : `${stem}-${variant}.${variant === 'preview' ? 'png' : 'jpg'}`,
    mediaType: variant === 'original' ? attachment.mediaType : variant === 'preview' ? 'image/png' : 'image/jpeg',
    sizeBytes: variant === 'original' ? attachment.sizeBytes : null,
    sha256: expected,
    stream: await store.read(key),
  }
}

/** One attachment for its viewer page: the file's facts, its DICOM tags, and where it belongs. Null = 404. */
export async function getAttachment(actor: Actor, attachmentId: string) {
  const scope = attachmentScope(actor)
  if (!scope) return null
  const row = await db.attachment.findFirst({
    where: { AND: [{ id: attachmentId }, scope] },
    select: {
      id: true,
      fileName: true,
      mediaType: true,
      sizeBytes: true,
      sha256: true,
      description: true,
      modality: true,
      view: true,
      bodyRegion: true,
      capturedAt: true,
      widthPx: true,
      heightPx: true,
      previewKey: true,
      metadata: true,
      createdAt: true,
      uploadedBy: { select: { name: true } },
      medicalRecord: { select: { id: true, kind: true, dog: { select: { name: true } } } },
      evidenceItem: { select: { id: true, number: true } },
      labResult: { select: { request: { select: { evidenceItem: { select: { id: true, number: true } } } } } },
      incident: { select: { id: true, number: true } },
    },
  })
  if (!row) return null
  const { previewKey, metadata, medicalRecord, evidenceItem, labResult, incident, ...rest } = row
  const back = medicalRecord
    ? { href: `/medical/${medicalRecord.id}`, label: `${medicalRecord.dog.name}’s medical record` }
    : evidenceItem
      ? { href: `/evidence/${evidenceItem.id}`, label: evidenceItem.number }
      : labResult
        ? { href: `/evidence/${labResult.request.evidenceItem.id}`, label: `Lab result for ${labResult.request.evidenceItem.number}` }
        : incident
          ? { href: `/incidents/${incident.id}`, label: incident.number }
          : null
  return { ...rest, hasPreview: previewKey !== null, dicom: ((metadata as { dicom?: DicomTags } | null)?.dicom ?? null) as DicomTags | null, back }
}

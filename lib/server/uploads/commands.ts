import 'server-only'
import { rm } from 'node:fs/promises'
import { isAppError } from '@/lib/errors'
import type { Prisma } from '@/lib/generated/prisma/client'
import { MAX_UPLOAD_BYTES } from '@/lib/choices'
import { UploadMetaSchema, type UploadErrorBody, type UploadMetaInput, type UploadOkBody } from '@/lib/schemas/uploads'
import type { Actor } from '../actor'
import { recordAudit } from '../audit'
import { blobStore, keyFor, sha256Hex, type BlobStore, type PutResult } from '../blobs'
import { db } from '../db'
import { isBlobReferenced, lockBlobs } from './blob-lock'
import { ingestStream, megabytes, UploadRefused, type Ingested } from './ingest'
import { inspectUpload, type Inspection } from './inspect'
import { safeFileName, sniffType, type AcceptedType } from './sniff'
import { resolveUploadTarget, type ResolvedTarget } from './targets'

const json = (body: UploadErrorBody | UploadOkBody, status: number) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })

function refusal(error: unknown): Response {
  if (error instanceof UploadRefused) return json({ error: error.userMessage, fieldErrors: error.fieldErrors }, error.status)
  if (isAppError(error)) {
    const status = error.code === 'NOT_FOUND' ? 404 : error.code === 'FORBIDDEN' ? 403 : error.code === 'CONFLICT' ? 409 : 400
    return json({ error: error.userMessage, fieldErrors: error.fieldErrors }, status)
  }
  const ref = crypto.randomUUID().slice(0, 8)
  console.error(`[uploads] ref ${ref}`, error)
  return json({ error: `Something went wrong (ref ${ref}). Nothing was stored; try again.` }, 500)
}

/** The query string as a plain object (repeated keys: the first wins). */
function queryOf(url: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of new URL(url).searchParams) if (!(k in out)) out[k] = v
  return out
}

/**
 * POST /api/uploads after the session and origin checks (app/api/uploads/route.ts):
 * validate the query string, authorize the target, stream the body to a temp
 * file (hashing, capped), judge the type by its bytes, decode it, then store
 * the blobs and the row. Answers 201 with the stored file, or the refusal
 * with a message for the user (400/403/404/413/415/422).
 */
export async function receiveUpload(request: Request, actor: Actor): Promise<Response> {
  const parsed = UploadMetaSchema.safeParse(queryOf(request.url))
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {}
    for (const issue of parsed.error.issues) (fieldErrors[String(issue.path[0] ?? 'file')] ??= []).push(issue.message)
    return json({ error: 'Check the highlighted fields.', fieldErrors }, 400)
  }
  const meta = parsed.data
  let target: ResolvedTarget
  try {
    target = await resolveUploadTarget(actor, meta.target, meta.targetId)
  } catch (error) {
    return refusal(error)
  }
  // Refuse a declared oversize body before reading a byte of it.
  const declared = Number(request.headers.get('content-length') ?? 'NaN')
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
    return refusal(new UploadRefused(413, `The file is larger than ${megabytes(MAX_UPLOAD_BYTES)}, the most we accept. Nothing was stored.`))
  }
  const store = await blobStore()
  let ingested: Ingested | null = null
  try {
    try {
      ingested = await ingestStream(request.body, store.tmpDir, MAX_UPLOAD_BYTES)
    } catch (error) {
      if (error instanceof UploadRefused) throw error
      // The client went away mid-body (or the stream broke): nothing is kept.
      throw new UploadRefused(400, 'The upload was interrupted before the whole file arrived. Nothing was stored; try again.')
    }
    const sniffed = await sniffType(ingested.head, { allowPdf: target.allowPdf })
    if (!sniffed.accepted) {
      await auditRefusal(actor, target, meta, ingested, `detected ${sniffed.detected}`)
      const allowed = target.allowPdf ? 'JPEG, PNG, WebP, DICOM or PDF' : 'JPEG, PNG, WebP or DICOM'
      throw new UploadRefused(415, `This file is ${sniffed.detected}, which we do not accept. Upload a ${allowed} file. Nothing was stored.`)
    }
    let inspection: Inspection
    try {
      inspection = await inspectUpload(ingested.tmpPath, sniffed.mediaType)
    } catch (error) {
      if (error instanceof UploadRefused) await auditRefusal(actor, target, meta, ingested, error.userMessage)
      throw error
    }
    const stored = await storeUpload(store, actor, target, meta, ingested, { mediaType: sniffed.mediaType, fileName: safeFileName(meta.fileName, sniffed.ext) }, inspection)
    return json(stored.body, stored.created ? 201 : 200)
  } catch (error) {
    return refusal(error)
  } finally {
    if (ingested) await rm(ingested.tmpPath, { force: true })
  }
}

async function auditRefusal(actor: Actor, target: ResolvedTarget, meta: UploadMetaInput, ingested: Ingested, reason: string) {
  try {
    await db.$transaction((tx) =>
      recordAudit(tx, actor, 'attachment.refused', target.entity, {
        outcome: 'FAILURE',
        details: { fileName: meta.fileName.slice(0, 255), sha256: ingested.sha256, sizeBytes: ingested.sizeBytes, reason: reason.slice(0, 300) },
      }),
    )
  } catch (error) {
    console.error('[uploads] could not audit a refused upload', error)
  }
}

/**
 * Stores the bytes, then the row. Under the blob locks, in one transaction:
 * put the original (consuming the temp file) and its renditions, create the
 * Attachment and its audit event. If anything fails before the commit, the
 * blobs this upload created (and no row references) are deleted while the
 * locks are still held; a crash in between leaves only unreferenced blobs,
 * which the sweeper removes after an hour.
 * The same bytes sent twice to the same record (a double submission) give
 * the existing attachment back (200) instead of a second row.
 */
async function storeUpload(
  store: BlobStore,
  actor: Actor,
  target: ResolvedTarget,
  meta: UploadMetaInput,
  ingested: Ingested,
  file: { mediaType: AcceptedType; fileName: string },
  inspection: Inspection,
): Promise<{ body: UploadOkBody; created: boolean }> {
  const key = keyFor(ingested.sha256)
  const thumbKey = inspection.thumbnail ? keyFor(sha256Hex(inspection.thumbnail.bytes)) : null
  const previewKey = inspection.preview ? keyFor(sha256Hex(inspection.preview.bytes)) : null
  return db.$transaction(
    async (tx) => {
      await lockBlobs(tx, [key, thumbKey, previewKey])
      const existing = await tx.attachment.findFirst({
        where: { ...target.owner, sha256: ingested.sha256, archivedAt: null },
        select: { id: true, sha256: true, mediaType: true, sizeBytes: true, fileName: true },
      })
      if (existing) return { body: existing, created: false }
      const puts: PutResult[] = []
      try {
        puts.push(await store.putFile(ingested.tmpPath, ingested.sha256))
        if (inspection.thumbnail) puts.push(await store.putBytes(inspection.thumbnail.bytes))
        if (inspection.preview) puts.push(await store.putBytes(inspection.preview.bytes))
        const imaging = target.imaging
        const metadata = inspection.dicom ? ({ dicom: inspection.dicom } as Prisma.InputJsonValue) : undefined
        const row = await tx.attachment.create({
          data: {
            ...target.owner,
            fileName: file.fileName,
            mediaType: file.mediaType,
            sizeBytes: ingested.sizeBytes,
            sha256: ingested.sha256,
            blobKey: key,
            thumbnailKey: thumbKey,
            previewKey,
            metadata,
            widthPx: inspection.widthPx,
            heightPx: inspection.heightPx,
            description: meta.description ?? null,
            modality: (imaging ? meta.modality : undefined) ?? inspection.suggested.modality ?? (file.mediaType.startsWith('image/') && !imaging ? 'PHOTO' : null),
            view: imaging ? (meta.view ?? inspection.suggested.view) : null,
            bodyRegion: imaging ? (meta.bodyRegion ?? inspection.suggested.bodyRegion) : null,
            capturedAt: meta.capturedAt ?? null,
            uploadedById: actor.id,
          },
          select: { id: true, sha256: true, mediaType: true, sizeBytes: true, fileName: true },
        })
        await recordAudit(tx, actor, 'attachment.uploaded', { type: 'Attachment', id: row.id }, {
          details: { owner: target.entity, fileName: row.fileName, mediaType: row.mediaType, sizeBytes: row.sizeBytes, sha256: row.sha256, thumbnailKey: thumbKey, previewKey },
        })
        return { body: row, created: true }
      } catch (error) {
        // Still under the locks: remove what this upload created and nothing references.
        for (const put of puts) {
          if (put.created && !(await isBlobReferenced(db, put.key).catch(() => true))) await store.delete(put.key).catch(() => {})
        }
        throw error
      }
    },
    { maxWait: 10_000, timeout: 120_000 },
  )
}

import { Link } from '@/components/ui/link'
import { AddToInvestigationLink } from '@/components/add-to-investigation'
import { Card } from '@/components/ui/card'
import { formatDateTime, humanize } from '@/lib/format'
import type { UploadTarget } from '@/lib/schemas/uploads'
import type { Actor } from '@/lib/server/actor'
import { can } from '@/lib/server/policy'
import { listAttachments } from '@/lib/server/uploads/queries'
import { mayUploadTo } from '@/lib/server/uploads/targets'
import { UploadForm } from './upload-form'

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

const TYPE_LABEL: Record<string, string> = {
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/webp': 'WebP image',
  'application/dicom': 'DICOM study',
  'application/pdf': 'PDF document',
}

export function typeLabel(mediaType: string): string {
  return TYPE_LABEL[mediaType] ?? mediaType
}

type Props = {
  actor: Actor
  target: UploadTarget
  targetId: string
  title: string
  /** Card id (anchor) — unique on the page. */
  id: string
  imaging?: boolean
  allowPdf?: boolean
  submitLabel?: string
  /** What to say when there are no files yet. */
  empty?: string
  /** Inside another card (a lab result): a sub-heading instead of a card of its own. */
  inline?: boolean
  /**
   * Whether to show the upload form, when the page has already decided it
   * from the record it read (lib/server/uploads/targets.ts, the same rule);
   * else the panel asks. The upload route checks again either way.
   */
  canUpload?: boolean
}

/**
 * A record's files (thumbnail, name, type, size, SHA-256, who and when,
 * download, viewer) and, when the actor may add to it, the upload form.
 * Renders nothing when there is nothing to show and nothing to do.
 */
export async function AttachmentPanel({ actor, target, targetId, title, id, imaging = false, allowPdf = false, submitLabel, empty = 'No files yet.', inline = false, canUpload: decided }: Props) {
  const [rows, canUpload] = await Promise.all([listAttachments(actor, target, targetId), decided ?? mayUploadTo(actor, target, targetId)])
  if (!rows.length && !canUpload) return null
  const canLink = can(actor, 'investigations:manage')
  const body = (
    <>
      {rows.length ? (
        <ul className="divide-y divide-slate-100">
          {rows.map((a) => {
            const viewable = a.mediaType.startsWith('image/') || a.hasPreview
            return (
              <li key={a.id} className="flex flex-col gap-3 py-3 first:pt-0 sm:flex-row">
                <div className="flex h-24 w-32 shrink-0 items-center justify-center overflow-hidden rounded-lg bg-slate-900">
                  {a.hasThumbnail ? (
                    // eslint-disable-next-line @next/next/no-img-element -- uploaded images never go through next/image (STACK.md)
                    <img src={`/api/attachments/${a.id}?variant=thumbnail`} alt={`Thumbnail of ${a.fileName}`} className="max-h-24 max-w-32 object-contain" loading="lazy" />
                  ) : (
                    <span className="px-2 text-center text-xs font-semibold uppercase text-slate-300">{typeLabel(a.mediaType)}</span>
                  )}
                </div>
                <div className="min-w-0 flex-1 space-y-0.5">
                  <p className="font-medium break-words">{a.fileName}</p>
                  {a.description ? <p className="text-sm text-slate-700">{a.description}</p> : null}
                  <p className="text-xs text-slate-600">
                    {[typeLabel(a.mediaType), formatBytes(a.sizeBytes), a.widthPx && a.heightPx ? `${a.widthPx} × ${a.heightPx} px` : null, a.modality ? humanize(a.modality) : null, a.view, a.bodyRegion].filter(Boolean).join(' · ')}
                  </p>
                  {a.dicom ? (
                    <p className="text-xs text-slate-600">
                      DICOM: {[a.dicom.patientName, a.dicom.modality, a.dicom.bodyPart, a.dicom.studyDate].filter(Boolean).join(' · ')}
                    </p>
                  ) : null}
                  <p className="text-xs text-slate-600">
                    Uploaded by {a.uploadedBy.name} · {formatDateTime(a.createdAt)}
                  </p>
                  <p className="break-all font-mono text-xs text-slate-500">
                    SHA-256 <span data-testid="sha256">{a.sha256}</span>
                  </p>
                  <div className="flex flex-wrap gap-x-4">
                    <a href={`/api/attachments/${a.id}`} className="inline-flex min-h-11 items-center text-sm font-medium link">
                      Download<span className="sr-only"> {a.fileName}</span>
                    </a>
                    {viewable ? (
                      <Link href={`/attachments/${a.id}`} className="inline-flex min-h-11 items-center text-sm font-medium link">
                        Open in viewer<span className="sr-only"> {a.fileName}</span>
                      </Link>
                    ) : null}
                    {canLink ? <AddToInvestigationLink type="ATTACHMENT" id={a.id} label={`Add ${a.fileName} to an investigation`} /> : null}
                  </div>
                </div>
              </li>
            )
          })}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">{empty}</p>
      )}
      {canUpload ? (
        <div className={rows.length ? 'mt-4 border-t border-slate-100 pt-4' : 'mt-3'}>
          <UploadForm target={target} targetId={targetId} imaging={imaging} allowPdf={allowPdf} submitLabel={submitLabel} />
        </div>
      ) : null}
    </>
  )
  if (!inline) return <Card title={title} id={id}>{body}</Card>
  return (
    <section aria-labelledby={`${id}-title`} id={id} className="mt-3 border-t border-slate-200 pt-3">
      <h3 id={`${id}-title`} className="mb-2 text-sm font-semibold text-slate-900">
        {title}
      </h3>
      {body}
    </section>
  )
}

import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { formatBytes, typeLabel } from '@/components/attachments/attachment-panel'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { XrayViewer } from '@/components/xray-viewer'
import { formatDateTime, humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/dogs'
import { requireActor } from '@/lib/server/auth'
import { getAttachment } from '@/lib/server/uploads/queries'

export const metadata: Metadata = { title: 'Image viewer' }

/**
 * One stored file in the viewer (zoom, pan, brightness, contrast, keyboard):
 * the image itself, or the PNG preview rendered from a DICOM study, with the
 * file's facts and tags. The owner record decides who may open it (404 otherwise).
 */
export default async function AttachmentPage({ params }: { params: Promise<{ attachmentId: string }> }) {
  const actor = await requireActor()
  const id = IdSchema.safeParse((await params).attachmentId)
  if (!id.success) notFound()
  const a = await getAttachment(actor, id.data)
  if (!a) notFound()
  const src = a.mediaType.startsWith('image/') ? `/api/attachments/${a.id}` : a.hasPreview ? `/api/attachments/${a.id}?variant=preview` : null
  const facts: Array<[string, React.ReactNode]> = [
    ['Type', typeLabel(a.mediaType)],
    ['Size', formatBytes(a.sizeBytes)],
    ['Dimensions', a.widthPx && a.heightPx ? `${a.widthPx} × ${a.heightPx} px` : null],
    ['Modality', a.modality ? humanize(a.modality) : null],
    ['View', a.view],
    ['Body region', a.bodyRegion],
    ['Taken at', a.capturedAt ? formatDateTime(a.capturedAt) : null],
    ['Uploaded', `${a.uploadedBy.name} · ${formatDateTime(a.createdAt)}`],
  ]
  const tags: Array<[string, string | number | null]> = a.dicom
    ? [
        ['Patient', a.dicom.patientName],
        ['Patient ID', a.dicom.patientId],
        ['Modality', a.dicom.modality],
        ['Body part', a.dicom.bodyPart],
        ['View position', a.dicom.viewPosition],
        ['Study date', a.dicom.studyDate],
        ['Study', a.dicom.studyDescription],
        ['Institution', a.dicom.institution],
        ['Rows × columns', a.dicom.rows && a.dicom.columns ? `${a.dicom.rows} × ${a.dicom.columns}` : null],
        ['Bits allocated', a.dicom.bitsAllocated],
        ['Photometric', a.dicom.photometric],
        ['Transfer syntax', a.dicom.transferSyntax],
      ]
    : []
  return (
    <>
      <PageHeader
        eyebrow={a.back ? <Link href={a.back.href} className="underline">{a.back.label}</Link> : undefined}
        title={<span className="break-words">{a.fileName}</span>}
        subtitle={a.description}
        actions={
          <a href={`/api/attachments/${a.id}`} className="inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Download original
          </a>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {src ? (
            <XrayViewer src={src} alt={a.description ?? a.fileName} width={a.widthPx ?? undefined} height={a.heightPx ?? undefined} />
          ) : (
            <Card>
              <p className="text-sm text-slate-700">{a.dicom?.previewNote ?? 'This file cannot be shown here. Download it to open it.'}</p>
            </Card>
          )}
          {src && a.mediaType === 'application/dicom' ? <p className="mt-2 text-xs text-slate-600">Preview rendered from the DICOM pixel data with the study’s window; the original file is unchanged.</p> : null}
        </div>
        <div className="space-y-4">
          <Card title="File">
            <dl className="space-y-2 text-sm">
              {facts.filter(([, v]) => v).map(([k, v]) => (
                <div key={k}>
                  <dt className="font-semibold text-slate-700">{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
              <div>
                <dt className="font-semibold text-slate-700">SHA-256</dt>
                <dd className="break-all font-mono text-xs">{a.sha256}</dd>
              </div>
            </dl>
          </Card>
          {tags.length ? (
            <Card title="DICOM tags">
              <dl className="space-y-2 text-sm">
                {tags.filter(([, v]) => v !== null && v !== '').map(([k, v]) => (
                  <div key={k}>
                    <dt className="font-semibold text-slate-700">{k}</dt>
                    <dd className="break-words">{v}</dd>
                  </div>
                ))}
              </dl>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  )
}

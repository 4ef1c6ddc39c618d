import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { PageHeader } from '@/components/ui/page-header'
import { formatDateTime, humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/evidence'
import { requirePermission } from '@/lib/server/auth'
import { getEvidenceLabel } from '@/lib/server/evidence/queries'
import { requestOrigin } from '../../_components/request-origin'
import { PrintButton } from './print-button'

export const metadata: Metadata = { title: 'Evidence label' }

export default async function EvidenceLabelPage({ params }: { params: Promise<{ evidenceId: string }> }) {
  const actor = await requirePermission('evidence:read')
  const id = IdSchema.safeParse((await params).evidenceId)
  if (!id.success) notFound()
  const label = await getEvidenceLabel(actor, id.data, await requestOrigin())
  if (!label) notFound()
  return (
    <>
      <div className="print:hidden">
        <PageHeader
          eyebrow={<Link href={`/evidence/${id.data}`} className="underline">{label.number}</Link>}
          title="Label"
          subtitle="Print it on a label sheet and stick it on the sealed bag. Scanning the QR code, or the barcode on the Scan a label page, opens this item."
          actions={<PrintButton />}
        />
      </div>
      {/* When printing, the label covers the page so that the app's navigation does not print. */}
      <article
        aria-label={`Label for ${label.number}`}
        className="w-[26rem] max-w-full rounded-lg border-2 border-black bg-white p-4 text-black print:fixed print:inset-0 print:z-50 print:h-fit print:rounded-none"
      >
        <div className="flex gap-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- a generated data: URL, not an optimisable image */}
          <img src={label.qrDataUrl} alt={`QR code linking to ${label.url}`} width={128} height={128} className="size-32 shrink-0" />
          <div className="min-w-0 text-sm leading-snug">
            <p className="font-mono text-lg font-bold">{label.number}</p>
            <p className="line-clamp-3">{label.description}</p>
            <p>{humanize(label.category)}{label.sealNumber ? ` · Seal ${label.sealNumber}` : ''}</p>
            <p>Collected by {label.collectedBy}</p>
            <p>{formatDateTime(label.collectedAt)}, {label.collectedAtPlace}</p>
            {label.caseNumbers.length ? <p>Case {label.caseNumbers.join(', ')}</p> : null}
          </div>
        </div>
        {/* eslint-disable-next-line @next/next/no-img-element -- a generated data: URL, not an optimisable image */}
        <img src={label.barcode.dataUrl} alt={`Code 128 barcode of ${label.barcode.text}`} className="mt-3 h-16 w-full object-contain" />
      </article>
    </>
  )
}

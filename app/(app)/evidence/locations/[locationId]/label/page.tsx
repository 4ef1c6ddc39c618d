import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { PageHeader } from '@/components/ui/page-header'
import { IdSchema } from '@/lib/schemas/evidence'
import { requirePermission } from '@/lib/server/auth'
import { getStorageLocationLabel } from '@/lib/server/evidence/queries'
import { requestOrigin } from '../../../_components/request-origin'
import { PrintButton } from '../../../[evidenceId]/label/print-button'

export const metadata: Metadata = { title: 'Location label' }

/** A storage location's printable shelf or bin label: QR code (its items' page) and Code 128 barcode (its code). */
export default async function LocationLabelPage({ params }: { params: Promise<{ locationId: string }> }) {
  const actor = await requirePermission('evidence:read')
  const id = IdSchema.safeParse((await params).locationId)
  if (!id.success) notFound()
  const label = await getStorageLocationLabel(actor, id.data, await requestOrigin())
  if (!label) notFound()
  const place = [label.room, label.shelf && `shelf ${label.shelf}`, label.bin && `bin ${label.bin}`].filter(Boolean).join(', ')
  return (
    <>
      <div className="print:hidden">
        <PageHeader
          eyebrow={<Link href="/evidence/locations" className="underline">Storage locations</Link>}
          title={`Label for ${label.code}`}
          subtitle="Stick it on the shelf or bin. Scanning the QR code, or the barcode on the Scan a label page, lists the items stored there."
          actions={<PrintButton />}
        />
      </div>
      <article
        aria-label={`Label for location ${label.code}`}
        className="w-[26rem] max-w-full rounded-lg border-2 border-black bg-white p-4 text-black print:fixed print:inset-0 print:z-50 print:h-fit print:rounded-none"
      >
        <div className="flex gap-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- a generated data: URL, not an optimisable image */}
          <img src={label.qrDataUrl} alt={`QR code linking to ${label.url}`} width={128} height={128} className="size-32 shrink-0" />
          <div className="min-w-0 leading-snug">
            <p className="font-mono text-2xl font-bold">{label.code}</p>
            <p className="text-base">{place}</p>
            {label.description ? <p className="text-sm">{label.description}</p> : null}
            {label.active ? null : <p className="text-sm font-semibold">Inactive location</p>}
          </div>
        </div>
        {/* eslint-disable-next-line @next/next/no-img-element -- a generated data: URL, not an optimisable image */}
        <img src={label.barcode.dataUrl} alt={`Code 128 barcode of ${label.code}`} className="mt-3 h-16 w-full object-contain" />
      </article>
    </>
  )
}

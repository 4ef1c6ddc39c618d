import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { ListStorageLocationsSchema } from '@/lib/schemas/evidence'
import { requirePermission } from '@/lib/server/auth'
import { listStorageLocations } from '@/lib/server/evidence/queries'
import { can } from '@/lib/server/policy'
import { requestOrigin } from '../_components/request-origin'
import { LocationForm } from './_components/location-form'

export const metadata: Metadata = { title: 'Storage locations' }

/** The evidence room's rooms, shelves and bins, each with a printable code that opens the items stored there. */
export default async function StorageLocationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('evidence:read')
  const raw = await searchParams
  const input = ListStorageLocationsSchema.parse({ page: Array.isArray(raw.page) ? raw.page[0] : raw.page })
  // A page of locations at a time: each row draws a QR code and a barcode.
  const listed = await listStorageLocations(actor, await requestOrigin(), input)
  if (!listed) notFound()
  const { rows: locations, total, page, pageCount } = listed
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/evidence" className="underline">Evidence</Link>}
        title="Storage locations"
        subtitle="Print a location's label and stick it on the shelf or bin: scanning its QR code or barcode lists the items stored there."
      />
      {can(actor, 'evidence:manage') ? (
        <Card title="Add a location" id="add-location" className="mb-4 print:hidden">
          <LocationForm />
        </Card>
      ) : null}
      {locations.length === 0 ? (
        <EmptyState title="No storage locations yet." />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Storage locations">
          {locations.map((l) => (
            <li key={l.id} className="rounded-xl border border-slate-300 bg-white p-3 break-inside-avoid">
              <div className="flex gap-3">
                {/* eslint-disable-next-line @next/next/no-img-element -- a generated data: URL, not an optimisable image */}
                <img src={l.qrDataUrl} alt={`QR code for location ${l.code}`} width={96} height={96} className="size-24 shrink-0" />
                <div className="min-w-0 text-sm">
                  <p className="font-mono text-base font-bold">{l.code}</p>
                  <p>{[l.room, l.shelf && `shelf ${l.shelf}`, l.bin && `bin ${l.bin}`].filter(Boolean).join(', ')}</p>
                  {l.description ? <p className="text-slate-600">{l.description}</p> : null}
                  <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 print:hidden">
                    <Link href={`/evidence?location=${encodeURIComponent(l.code)}`} className="inline-flex min-h-11 items-center link">
                      {l.itemCount} {l.itemCount === 1 ? 'item' : 'items'}
                    </Link>
                    <Link href={`/evidence/locations/${l.id}/label`} className="inline-flex min-h-11 items-center link" aria-label={`Print the label of ${l.code}`}>
                      Print label
                    </Link>
                    {l.active ? null : <Badge>Inactive</Badge>}
                  </p>
                </div>
              </div>
              {/* eslint-disable-next-line @next/next/no-img-element -- a generated data: URL, not an optimisable image */}
              <img src={l.barcode.dataUrl} alt={`Code 128 barcode of ${l.code}`} className="mt-2 h-12 w-full object-contain" />
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} basePath="/evidence/locations" params={{}} />
    </>
  )
}

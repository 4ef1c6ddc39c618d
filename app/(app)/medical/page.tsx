import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { z } from 'zod'
import { Badge } from '@/components/ui/badge'
import { ButtonLink } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { formatDateTime, humanize } from '@/lib/format'
import { requirePermission } from '@/lib/server/auth'
import { listMedicalRecords } from '@/lib/server/medical/queries'
import { can } from '@/lib/server/policy'

export const metadata: Metadata = { title: 'Medical records' }

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)

export default async function MedicalPage({ searchParams }: { searchParams: Promise<{ page?: string | string[]; dog?: string | string[] }> }) {
  const actor = await requirePermission('medical:read')
  const params = await searchParams
  const page = z.coerce.number().int().min(1).max(10_000).catch(1).parse(first(params.page) ?? 1)
  // An unreadable dog filter is ignored, like any other malformed query parameter.
  const dog = z.uuid().optional().catch(undefined).parse(first(params.dog))
  const { rows, total, more, pageCount, page: served } = await listMedicalRecords(actor, page, dog)
  const dogName = dog ? rows[0]?.dog.name : undefined
  return (
    <>
      <PageHeader
        title={dogName ? `Medical records of ${dogName}` : 'Medical records'}
        subtitle={dog ? <>Newest first. <Link href="/medical" className="font-medium text-brand-700 underline underline-offset-2">All dogs</Link></> : 'Visits, decisions, imaging and surgery, newest first.'}
        actions={can(actor, 'medical:write') ? <ButtonLink variant="primary" href="/medical/new">New medical record</ButtonLink> : undefined}
      />
      {rows.length === 0 ? (
        <EmptyState title="No medical records you can see." />
      ) : (
        <ul className="space-y-2" aria-label="Medical records">
          {rows.map((r) => (
            <li key={r.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link href={`/medical/${r.id}`} className="font-semibold text-brand-700 underline underline-offset-2 hover:decoration-2">
                  {humanize(r.kind)} · {r.dog.name} ({r.dog.k9Number})
                </Link>
                <time className="text-sm text-slate-500" dateTime={r.occurredAt.toISOString()}>{formatDateTime(r.occurredAt)}</time>
              </div>
              <p className="text-sm text-slate-600">{r.veterinarian.name} · {r.clinic}</p>
              {r.diagnosis ? <p className="text-sm">{r.diagnosis}</p> : null}
              {r.decisionOutcome ? <Badge tone="amber">Decision: {humanize(r.decisionOutcome)}</Badge> : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={served} pageCount={pageCount} total={total} more={more} narrow="Open a dog's profile for that dog's records." basePath="/medical" params={{ dog }} />
    </>
  )
}

import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { INPUT_CLASS } from '@/components/ui/field'
import { LookupInput } from '@/components/ui/lookup-input'
import { ButtonLink } from '@/components/ui/button'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { STATUS_TONE } from '@/components/exposure'
import { DogSpecialty, DogStatus } from '@/lib/generated/prisma/enums'
import { ageInYears, humanize } from '@/lib/format'
import { ListDogsSchema } from '@/lib/schemas/dogs'
import { requirePermission } from '@/lib/server/auth'
import { can } from '@/lib/server/policy'
import { listDogs } from '@/lib/server/dogs/queries'

export const metadata: Metadata = { title: 'Dogs' }

export default async function DogsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('dogs:read')
  const raw = await searchParams
  const input = ListDogsSchema.parse({ q: one(raw.q), status: one(raw.status), specialty: one(raw.specialty), handler: one(raw.handler), sort: one(raw.sort), page: one(raw.page) })
  const { rows, total, page, pageCount, handlerFilter } = await listDogs(actor, input)
  const handlerText = handlerFilter?.label ?? input.handler ?? ''
  const filtered = Boolean(input.q || input.status || input.specialty || input.handler)
  return (
    <>
      <PageHeader
        title="Dogs"
        subtitle="The unit's dogs, their handlers and fitness for duty."
        actions={can(actor, 'dogs:manage') ? <ButtonLink variant="primary" href="/dogs/new">New dog</ButtonLink> : null}
      />
      <Card className="mb-4">
        <form role="search" aria-label="Filter dogs" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1.5fr_1fr_auto] lg:items-end" method="get">
          <div>
            <label htmlFor="q" className="block text-sm font-medium text-slate-800">Name or K-9 number</label>
            <input id="q" name="q" type="search" defaultValue={input.q ?? ''} placeholder="e.g. Rex or K9-101" className={INPUT_CLASS} />
          </div>
          <Select id="status" label="Status" value={input.status} options={Object.values(DogStatus)} />
          <Select id="specialty" label="Specialty" value={input.specialty} options={Object.values(DogSpecialty)} />
          <div>
            <label htmlFor="handler" className="block text-sm font-medium text-slate-800">Handler</label>
            {/* Typed, not a list: a state unit has thousands of handlers. Suggestions for those who may look handlers up; the server reads the text either way. */}
            {can(actor, 'handlers:read') ? (
              <LookupInput key={handlerText} id="handler" name="handler" kind="handler" defaultValue={handlerText} placeholder="Name or badge number" className={INPUT_CLASS} />
            ) : (
              <input id="handler" name="handler" type="search" defaultValue={handlerText} placeholder="Name or badge number" className={INPUT_CLASS} />
            )}
          </div>
          <div>
            <label htmlFor="sort" className="block text-sm font-medium text-slate-800">Sort by</label>
            <select id="sort" name="sort" defaultValue={input.sort} className={INPUT_CLASS}>
              <option value="name">Name</option>
              <option value="k9Number">K-9 number</option>
              <option value="status">Status</option>
              <option value="age">Age (oldest first)</option>
            </select>
          </div>
          <div className="flex gap-2">
            <button className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">Apply</button>
            {filtered ? <Link href="/dogs" className="inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-medium link">Clear</Link> : null}
          </div>
        </form>
      </Card>
      {rows.length === 0 ? (
        <EmptyState title={filtered ? 'No dog matches these filters.' : 'No dogs yet.'}>
          {handlerFilter && !handlerFilter.matched ? <p>No handler with a dog has the name or badge number “{input.handler}”.</p> : filtered ? 'Try fewer filters.' : null}
        </EmptyState>
      ) : (
        <>
          <ul className="grid gap-3 md:hidden" aria-label="Dogs">
            {rows.map((d) => (
              <li key={d.id}>
                <Link href={`/dogs/${d.id}`} className="block rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600">
                  <div className="flex items-center justify-between gap-2">
                    <span className="text-lg font-semibold">{d.name}</span>
                    <Badge tone={STATUS_TONE[d.status]}>{humanize(d.status)}</Badge>
                  </div>
                  <p className="text-sm text-slate-600">{d.k9Number} · {d.breed} · {ageInYears(d.dateOfBirth)} yrs</p>
                  <p className="text-sm text-slate-600">{d.handler ? `${d.handler.rank} ${d.handler.firstName} ${d.handler.lastName}` : 'No handler'}</p>
                  {d.openVetCheck ? <Badge tone="red" className="mt-2">Vet check due</Badge> : null}
                </Link>
              </li>
            ))}
          </ul>
          <div className="hidden overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm md:block">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Dogs</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr>
                  <th scope="col" className="px-4 py-3">Dog</th>
                  <th scope="col" className="px-4 py-3">K-9 no.</th>
                  <th scope="col" className="px-4 py-3">Breed</th>
                  <th scope="col" className="px-4 py-3">Specialties</th>
                  <th scope="col" className="px-4 py-3">Handler</th>
                  <th scope="col" className="px-4 py-3">Status</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((d) => (
                  <tr key={d.id} className="hover:bg-slate-50">
                    <td className="px-4 py-3 font-semibold">
                      <Link href={`/dogs/${d.id}`} className="link underline-offset-2 hover:decoration-2">{d.name}</Link>
                      <span className="block text-xs font-normal text-slate-500">{humanize(d.sex)}, {ageInYears(d.dateOfBirth)} yrs</span>
                    </td>
                    <td className="px-4 py-3 tabular-nums">{d.k9Number}</td>
                    <td className="px-4 py-3">{d.breed}</td>
                    <td className="px-4 py-3">{d.specialties.map(humanize).join(', ')}</td>
                    <td className="px-4 py-3">{d.handler ? `${d.handler.rank} ${d.handler.firstName} ${d.handler.lastName}` : <span className="text-slate-500">None</span>}</td>
                    <td className="px-4 py-3">
                      <div className="flex flex-wrap gap-1">
                        <Badge tone={STATUS_TONE[d.status]}>{humanize(d.status)}</Badge>
                        {d.status === 'ACTIVE' && !d.fitForDuty ? <Badge tone="amber">Not fit for duty</Badge> : null}
                        {d.openVetCheck ? <Badge tone="red">Vet check due</Badge> : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} basePath="/dogs" params={{ q: input.q, status: input.status, specialty: input.specialty, handler: input.handler, sort: input.sort === 'name' ? undefined : input.sort }} />
    </>
  )
}

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}

function Select({ id, label, value, options }: { id: string; label: string; value?: string; options: string[] }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <select id={id} name={id} defaultValue={value ?? ''} className={INPUT_CLASS}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o} value={o}>{humanize(o)}</option>
        ))}
      </select>
    </div>
  )
}

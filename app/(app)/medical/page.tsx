import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { ButtonLink } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { Highlighted } from '@/components/ui/highlighted'
import { INPUT_CLASS } from '@/components/ui/field'
import { KeysetPagination } from '@/components/ui/keyset-pagination'
import { LookupInput } from '@/components/ui/lookup-input'
import { PageHeader } from '@/components/ui/page-header'
import { formatDateTime, humanize } from '@/lib/format'
import { ListMedicalSchema } from '@/lib/schemas/medical'
import { requirePermission } from '@/lib/server/auth'
import { listMedicalRecords } from '@/lib/server/medical/queries'
import { can } from '@/lib/server/policy'

export const metadata: Metadata = { title: 'Medical records' }

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)

/**
 * Every medical record the actor may read, newest first: a dog filter (typed,
 * with suggestions), a words filter, Older / Newer by keyset, the oldest end
 * and a jump to a day, so the whole history of a state unit can be walked.
 */
export default async function MedicalPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('medical:read')
  const raw = await searchParams
  const input = ListMedicalSchema.parse(Object.fromEntries(['dog', 'q', 'after', 'before', 'jump', 'end'].map((k) => [k, first(raw[k])])))
  const list = await listMedicalRecords(actor, input)
  const { rows, dog } = list
  const filtered = Boolean(dog || input.q)
  const oneDog = dog && !dog.problem && rows.length > 0 && rows.every((r) => r.dog.id === rows[0]!.dog.id) ? rows[0]!.dog : null
  return (
    <>
      <PageHeader
        title={oneDog ? `Medical records of ${oneDog.name}` : 'Medical records'}
        subtitle={filtered ? <>Newest first. <Link href="/medical" className="font-medium link underline-offset-2">All records</Link></> : 'Visits, decisions, imaging and surgery, newest first.'}
        actions={can(actor, 'medical:write') ? <ButtonLink variant="primary" href="/medical/new">New medical record</ButtonLink> : undefined}
      />
      <Card className="mb-4">
        <form method="get" action="/medical" role="search" aria-label="Filter medical records" className="flex flex-wrap items-end gap-3">
          <div className="min-w-56 flex-1">
            <label htmlFor="dog" className="block text-sm font-medium">Dog</label>
            <LookupInput
              key={dog?.label ?? ''}
              id="dog"
              name="dog"
              kind="dog"
              defaultValue={dog?.label ?? ''}
              placeholder="Every dog"
              aria-invalid={Boolean(dog?.problem)}
              aria-describedby={dog?.problem ? 'dog-hint dog-error' : 'dog-hint'}
              className={INPUT_CLASS}
            />
            <p id="dog-hint" className="mt-1 text-xs text-slate-600">Call name or K-9 number</p>
            {dog?.problem ? <p id="dog-error" className="mt-1 text-sm font-medium text-red-700">{dog.problem}</p> : null}
          </div>
          <div className="min-w-56 flex-1">
            <label htmlFor="q" className="block text-sm font-medium">Words</label>
            <input id="q" name="q" type="search" defaultValue={input.q ?? ''} maxLength={100} aria-describedby="q-hint" className={INPUT_CLASS} />
            <p id="q-hint" className="mt-1 text-xs text-slate-600">Of the problem, findings, diagnosis, treatment or clinic</p>
          </div>
          <div className="flex items-end gap-2 pb-5">
            <button className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">Apply</button>
            {filtered ? <Link href="/medical" className="inline-flex min-h-11 items-center px-3 text-sm font-medium link">Clear</Link> : null}
          </div>
        </form>
      </Card>
      {rows.length === 0 ? (
        <EmptyState title={input.q ? `No medical record you can see contains “${input.q}”${dog && !dog.problem ? ' for that dog' : ''}.` : dog ? 'No medical record of that dog you can see.' : 'No medical records you can see.'}>
          {dog?.problem ? <p>{dog.problem}</p> : null}
        </EmptyState>
      ) : (
        <ul className="space-y-2" aria-label="Medical records">
          {rows.map((r) => (
            <li key={r.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link href={`/medical/${r.id}`} className="font-semibold link underline-offset-2 hover:decoration-2">
                  {humanize(r.kind)} · {r.dog.name} ({r.dog.k9Number})
                </Link>
                <time className="text-sm text-slate-500" dateTime={r.occurredAt.toISOString()}>{formatDateTime(r.occurredAt)}</time>
              </div>
              <p className="text-sm text-slate-600">{r.veterinarian.name} · {r.clinic}</p>
              {r.snippet ? (
                <p className="text-sm">
                  <Highlighted segments={r.snippet} />
                </p>
              ) : r.diagnosis ? (
                <p className="text-sm">{r.diagnosis}</p>
              ) : null}
              {r.decisionOutcome ? <Badge tone="amber">Decision: {humanize(r.decisionOutcome)}</Badge> : null}
            </li>
          ))}
        </ul>
      )}
      <KeysetPagination
        basePath="/medical"
        params={{ dog: input.dog, q: input.q }}
        shown={rows.length}
        total={list.total}
        exact={!list.more}
        more={list.more}
        noun={['record', 'records']}
        prev={list.newer}
        next={list.older}
        atStart={list.atNewest}
        atEnd={list.atOldest}
        firstLabel="Newest"
        lastLabel="Oldest"
        jump={input.jump}
        jumpLabel="Records up to"
      />
    </>
  )
}

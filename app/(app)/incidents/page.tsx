import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { INPUT_CLASS } from '@/components/ui/field'
import { ButtonLink } from '@/components/ui/button'
import { PageHeader } from '@/components/ui/page-header'
import { KeysetPagination } from '@/components/ui/keyset-pagination'
import { LookupInput } from '@/components/ui/lookup-input'
import { IncidentRows } from './_components/incident-rows'
import { Exposure, IncidentStatus, IncidentType } from '@/lib/generated/prisma/enums'
import { humanize } from '@/lib/format'
import { ListIncidentsSchema } from '@/lib/schemas/incidents'
import { requirePermission } from '@/lib/server/auth'
import { listIncidents } from '@/lib/server/incidents/queries'
import { can } from '@/lib/server/policy'

export const metadata: Metadata = { title: 'Incidents' }

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('incidents:read')
  const raw = await searchParams
  const pick = (k: string) => (Array.isArray(raw[k]) ? raw[k][0] : raw[k])
  const input = ListIncidentsSchema.parse(Object.fromEntries(['q', 'type', 'status', 'exposure', 'dog', 'handler', 'from', 'to', 'sort', 'after', 'before', 'jump', 'end'].map((k) => [k, pick(k)])))
  const { rows, total, exact, prev, next, labels } = await listIncidents(actor, input)
  const otherFilters = Boolean(input.type || input.status || input.exposure || input.dog || input.handler || input.from || input.to)
  const filtered = Boolean(input.q) || otherFilters
  return (
    <>
      <PageHeader
        title="Incidents"
        subtitle="Call-outs in which a dog was deployed, with what happened to the dog."
        actions={can(actor, 'incidents:create') ? <ButtonLink variant="primary" href="/incidents/new">Log an incident</ButtonLink> : null}
      />
      <Card className="mb-4">
        <form role="search" aria-label="Filter incidents" method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div className="sm:col-span-2">
            <label htmlFor="q" className="block text-sm font-medium">Number, place or words</label>
            <input id="q" name="q" type="search" defaultValue={input.q ?? ''} maxLength={100} aria-describedby="q-hint" className={INPUT_CLASS} />
            <p id="q-hint" className="mt-1 text-xs text-slate-600">Every word, anywhere in the place or narrative; or a number from its start, such as 2026-000123</p>
          </div>
          <div>
            <label htmlFor="dog" className="block text-sm font-medium">Dog</label>
            <LookupInput key={labels.dog ?? input.dog ?? ''} id="dog" name="dog" kind="dog" defaultValue={labels.dog ?? input.dog ?? ''} aria-describedby="dog-hint" className={INPUT_CLASS} />
            <p id="dog-hint" className="mt-1 text-xs text-slate-600">Name or K-9 number; pick one of the suggestions for that dog alone</p>
          </div>
          <div>
            <label htmlFor="handler" className="block text-sm font-medium">Handler</label>
            <LookupInput key={labels.handler ?? input.handler ?? ''} id="handler" name="handler" kind="handler" defaultValue={labels.handler ?? input.handler ?? ''} aria-describedby="handler-hint" className={INPUT_CLASS} />
            <p id="handler-hint" className="mt-1 text-xs text-slate-600">Name or badge number</p>
          </div>
          <EnumSelect id="exposure" label="Exposure" value={input.exposure} options={Object.values(Exposure)} />
          <EnumSelect id="type" label="Type" value={input.type} options={Object.values(IncidentType)} />
          <EnumSelect id="status" label="Status" value={input.status} options={Object.values(IncidentStatus)} />
          <div>
            <label htmlFor="from" className="block text-sm font-medium">From</label>
            <input id="from" name="from" type="date" defaultValue={input.from ?? ''} className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="to" className="block text-sm font-medium">To</label>
            <input id="to" name="to" type="date" defaultValue={input.to ?? ''} className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="sort" className="block text-sm font-medium">Sort</label>
            <select id="sort" name="sort" defaultValue={input.sort} className={INPUT_CLASS}>
              <option value="newest">Newest first</option>
              <option value="oldest">Oldest first</option>
            </select>
          </div>
          <div className="flex items-end gap-2">
            <button className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">Apply</button>
            {filtered ? <Link href="/incidents" className="inline-flex min-h-11 items-center px-3 text-sm font-medium link">Clear</Link> : null}
          </div>
        </form>
      </Card>
      {rows.length === 0 ? (
        <EmptyState title={input.q ? `No incident contains “${input.q}”${otherFilters ? ' with these filters' : ''}.` : filtered ? 'No incident matches these filters.' : 'No incidents logged yet.'}>
          {input.dog && labels.dog === input.dog && !/^[0-9a-f-]{36}$/i.test(input.dog) ? <p>No dog is named or numbered “{input.dog}”.</p> : null}
          {input.handler && labels.handler === input.handler && !/^[0-9a-f-]{36}$/i.test(input.handler) ? <p>No handler has the name or badge number “{input.handler}”.</p> : null}
        </EmptyState>
      ) : (
        <IncidentRows rows={rows} />
      )}
      <KeysetPagination
        basePath="/incidents"
        params={{ q: input.q, type: input.type, status: input.status, exposure: input.exposure, dog: input.dog, handler: input.handler, from: input.from, to: input.to, sort: input.sort === 'newest' ? undefined : input.sort }}
        shown={rows.length}
        total={total}
        exact={exact}
        noun={['incident', 'incidents']}
        prev={prev}
        next={next}
        atStart={!input.after && !input.before && !input.jump && !input.end}
        atEnd={Boolean(input.end)}
        firstLabel={input.sort === 'oldest' ? 'Oldest' : 'Newest'}
        lastLabel={input.sort === 'oldest' ? 'Newest' : 'Oldest'}
        jump={input.jump}
        jumpLabel={input.sort === 'oldest' ? 'Go to date (from)' : 'Go to date (up to)'}
      />
    </>
  )
}

function EnumSelect({ id, label, value, options }: { id: string; label: string; value?: string; options: string[] }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">{label}</label>
      <select id={id} name={id} defaultValue={value ?? ''} className={INPUT_CLASS}>
        <option value="">Any</option>
        {options.map((o) => <option key={o} value={o}>{humanize(o)}</option>)}
      </select>
    </div>
  )
}

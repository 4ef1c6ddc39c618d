import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { INPUT_CLASS } from '@/components/ui/field'
import { ButtonLink } from '@/components/ui/button'
import { PageHeader } from '@/components/ui/page-header'
import { Pagination } from '@/components/ui/pagination'
import { ListHandlersSchema } from '@/lib/schemas/handlers'
import { requirePermission } from '@/lib/server/auth'
import { listHandlers } from '@/lib/server/handlers/queries'
import { can } from '@/lib/server/policy'

export const metadata: Metadata = { title: 'Handlers' }

export default async function HandlersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('handlers:read')
  const raw = await searchParams
  const pick = (k: string) => (Array.isArray(raw[k]) ? raw[k][0] : raw[k])
  const input = ListHandlersSchema.parse({ q: pick('q'), page: pick('page') })
  const q = input.q
  const { rows: handlers, total, more, page, pageCount } = await listHandlers(actor, input)
  return (
    <>
      <PageHeader
        title="Handlers"
        subtitle="Officers of the K-9 unit and the dogs they work with."
        actions={can(actor, 'handlers:manage') ? <ButtonLink variant="primary" href="/handlers/new">New handler</ButtonLink> : null}
      />
      <Card className="mb-4">
        <form role="search" aria-label="Find a handler" method="get" className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="grow">
            <label htmlFor="q" className="block text-sm font-medium">Name or badge number</label>
            <input id="q" name="q" type="search" defaultValue={q ?? ''} className={INPUT_CLASS} />
          </div>
          <button className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">Search</button>
        </form>
      </Card>
      {handlers.length === 0 ? (
        <EmptyState title={q ? 'No handler matches.' : page > 1 ? 'No handlers on this page.' : 'No handlers yet.'} />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Handlers">
          {handlers.map((h) => (
            <li key={h.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <Link href={`/handlers/${h.id}`} className="font-semibold link underline-offset-2 hover:decoration-2">
                {h.rank} {h.firstName} {h.lastName}
              </Link>
              <p className="text-sm text-slate-600">Badge {h.badgeNumber} · {h.unit}</p>
              <p className="mt-1 text-sm">
                {h.assignments.length ? `Dog: ${h.assignments.map((a) => `${a.dog.name} (${a.dog.k9Number})`).join(', ')}` : 'No dog at present'}
              </p>
              <p className="text-xs text-slate-500">{h._count.deployments} deployments</p>
              {!h.active ? <Badge tone="neutral">Inactive</Badge> : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} more={more} narrow="Search by name or badge number to narrow the list." basePath="/handlers" params={{ q }} />
    </>
  )
}

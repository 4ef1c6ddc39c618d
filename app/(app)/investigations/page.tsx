import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { ButtonLink } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { INPUT_CLASS } from '@/components/ui/field'
import { PageHeader } from '@/components/ui/page-header'
import { WordsFilterField } from '@/components/ui/words-filter-field'
import { Pagination } from '@/components/ui/pagination'
import { InvestigationStatus } from '@/lib/generated/prisma/enums'
import { formatDate, humanize } from '@/lib/format'
import { ListInvestigationsSchema } from '@/lib/schemas/investigations'
import { requirePermission } from '@/lib/server/auth'
import { listInvestigations } from '@/lib/server/investigations/queries'
import { can } from '@/lib/server/policy'
import { INVESTIGATION_STATUS_TONE } from './_components/status'

export const metadata: Metadata = { title: 'Investigations' }

export default async function InvestigationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('investigations:read')
  const raw = await searchParams
  const pick = (k: string) => (Array.isArray(raw[k]) ? raw[k][0] : raw[k])
  const input = ListInvestigationsSchema.parse({ q: pick('q'), status: pick('status'), page: pick('page') })
  const { rows, total, page, pageCount } = await listInvestigations(actor, input)
  const filtered = Boolean(input.q || input.status)
  return (
    <>
      <PageHeader
        title="Investigations"
        subtitle={actor.role === 'SUPERVISOR' ? 'Every investigation in the unit.' : 'Investigations you lead or are on the team of.'}
        actions={can(actor, 'investigations:manage') ? <ButtonLink variant="primary" href="/investigations/new">Open an investigation</ButtonLink> : null}
      />
      <Card className="mb-4">
        <form role="search" aria-label="Filter investigations" method="get" className="grid gap-3 sm:grid-cols-[1fr_12rem_auto]">
          <WordsFilterField label="Number, title or words" value={input.q} />
          <div>
            <label htmlFor="status" className="block text-sm font-medium">Status</label>
            <select id="status" name="status" defaultValue={input.status ?? ''} className={INPUT_CLASS}>
              <option value="">Any</option>
              {Object.values(InvestigationStatus).map((s) => <option key={s} value={s}>{humanize(s)}</option>)}
            </select>
          </div>
          <div className="flex items-end gap-2">
            <button className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">Apply</button>
            {filtered ? <Link href="/investigations" className="inline-flex min-h-11 items-center px-3 text-sm font-medium link">Clear</Link> : null}
          </div>
        </form>
      </Card>
      {rows.length === 0 ? (
        <EmptyState title={filtered ? 'No investigation matches these filters.' : 'No investigations for you yet.'}>
          {can(actor, 'investigations:manage') ? 'Open one to start linking records.' : 'You see an investigation once its lead puts you on the team.'}
        </EmptyState>
      ) : (
        <ul className="space-y-2" aria-label="Investigations">
          {rows.map((r) => (
            <li key={r.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link href={`/investigations/${r.id}`} className="font-semibold link-quiet">
                  {r.number} · {r.title}
                </Link>
                <span className="text-sm text-slate-500">Opened {formatDate(r.openedAt)}</span>
              </div>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
                <Badge tone={INVESTIGATION_STATUS_TONE[r.status]}>{humanize(r.status)}</Badge>
                <span>Lead: {r.lead.name}{r.isLead ? ' (you)' : ''}</span>
                <span>· {r.memberCount} on the team</span>
                <span>· {r.linkCount} linked {r.linkCount === 1 ? "record" : "records"}</span>
                <span>· {r.noteCount} {r.noteCount === 1 ? "note" : "notes"}</span>
              </div>
              {r.disposition ? <p className="mt-1 text-sm text-slate-600">Disposition: {r.disposition}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} basePath="/investigations" params={{ q: input.q, status: input.status }} />
    </>
  )
}

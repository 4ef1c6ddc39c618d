import type { Metadata } from 'next'
import { Link } from '@/components/ui/link'
import { Badge } from '@/components/ui/badge'
import { INPUT_CLASS } from '@/components/ui/field'
import { PageHeader } from '@/components/ui/page-header'
import { formatDateTime } from '@/lib/format'
import { listAuditEntityTypes, listAuditEvents } from '@/lib/server/audit-queries'
import { requirePermission } from '@/lib/server/auth'
import { AuditFilterSchema, type AuditFilterInput } from '@/lib/schemas/users'

export const metadata: Metadata = { title: 'Audit trail' }

function query(filter: AuditFilterInput, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries({ ...filter, before: undefined, ...extra })) if (v) q.set(k, String(v))
  const s = q.toString()
  return s ? `?${s}` : ''
}

const OUTCOME_TONE = { SUCCESS: 'green', FAILURE: 'amber', DENIED: 'red' } as const

/** Who did what to which record, when (audit:read: administrators and supervisors). */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('audit:read')
  const filter = AuditFilterSchema.parse(await searchParams)
  const [{ rows, nextBefore }, entityTypes] = await Promise.all([listAuditEvents(actor, filter), listAuditEntityTypes(actor)])
  const field = 'block text-sm font-medium text-slate-800'
  return (
    <>
      <PageHeader
        title="Audit trail"
        subtitle="Every sign-in, change, refused access and sensitive read, newest first. Times in UTC."
        actions={
          <a href={`/admin/audit/export${query(filter)}`} className="inline-flex min-h-11 items-center rounded-lg bg-white px-4 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50" download>
            Export CSV
          </a>
        }
      />
      <form method="get" role="search" aria-label="Filter the audit trail" className="mb-4 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor="audit-actor" className={field}>Who (name or e-mail)</label>
          <input id="audit-actor" name="actor" type="search" defaultValue={filter.actor ?? ''} className={INPUT_CLASS} />
        </div>
        <div>
          <label htmlFor="audit-action" className={field}>Action (starts with)</label>
          <input id="audit-action" name="action" type="search" placeholder="auth. or evidence.transferred" defaultValue={filter.action ?? ''} className={INPUT_CLASS} />
        </div>
        <div>
          <label htmlFor="audit-type" className={field}>Record type</label>
          <select id="audit-type" name="entityType" defaultValue={filter.entityType ?? ''} className={INPUT_CLASS}>
            <option value="">Any</option>
            {entityTypes.map((t) => (
              <option key={t} value={t}>{t}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-id" className={field}>Record id</label>
          <input id="audit-id" name="entityId" type="search" defaultValue={filter.entityId ?? ''} className={INPUT_CLASS} />
        </div>
        <div>
          <label htmlFor="audit-outcome" className={field}>Outcome</label>
          <select id="audit-outcome" name="outcome" defaultValue={filter.outcome ?? ''} className={INPUT_CLASS}>
            <option value="">Any</option>
            <option value="SUCCESS">Success</option>
            <option value="FAILURE">Failure</option>
            <option value="DENIED">Denied</option>
          </select>
        </div>
        <div>
          <label htmlFor="audit-from" className={field}>From (UTC day)</label>
          <input id="audit-from" name="from" type="date" defaultValue={filter.from ?? ''} className={INPUT_CLASS} />
        </div>
        <div>
          <label htmlFor="audit-to" className={field}>To (UTC day, inclusive)</label>
          <input id="audit-to" name="to" type="date" defaultValue={filter.to ?? ''} className={INPUT_CLASS} />
        </div>
        <div className="flex items-end gap-3">
          <button type="submit" className="inline-flex min-h-11 items-center rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">Filter</button>
          <Link href="/admin/audit" className="inline-flex min-h-11 items-center text-sm font-medium link">Clear</Link>
        </div>
      </form>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Audit events</caption>
          <thead className="bg-slate-50 text-left text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-3 font-semibold">#</th>
              <th scope="col" className="px-3 py-3 font-semibold">When</th>
              <th scope="col" className="px-3 py-3 font-semibold">Who</th>
              <th scope="col" className="px-3 py-3 font-semibold">Action</th>
              <th scope="col" className="px-3 py-3 font-semibold">Record</th>
              <th scope="col" className="px-3 py-3 font-semibold">Outcome</th>
              <th scope="col" className="px-3 py-3 font-semibold">From</th>
              <th scope="col" className="px-3 py-3 font-semibold">Details</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 align-top">
            {rows.length === 0 ? (
              <tr>
                <td colSpan={8} className="px-3 py-6 text-center text-slate-600">No events match these filters.</td>
              </tr>
            ) : null}
            {rows.map((r) => (
              <tr key={r.seq}>
                <td className="px-3 py-2 tabular-nums text-slate-500">{r.seq}</td>
                <td className="px-3 py-2 whitespace-nowrap">{formatDateTime(r.at)}</td>
                <td className="px-3 py-2">{r.actor}</td>
                <td className="px-3 py-2 font-mono text-xs">{r.action}</td>
                <td className="px-3 py-2">
                  {r.entityType ? (
                    <Link href={`/admin/audit${query({ ...filter, entityType: r.entityType, entityId: r.entityId ?? undefined })}`} className="link">
                      {r.entityType}
                      {r.entityId ? <span className="block font-mono text-xs text-slate-600">{r.entityId}</span> : null}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="px-3 py-2"><Badge tone={OUTCOME_TONE[r.outcome]}>{r.outcome.toLowerCase()}</Badge></td>
                <td className="px-3 py-2 text-xs text-slate-600">
                  {r.ip ?? '—'}
                  {r.userAgent ? <span className="block max-w-48 truncate" title={r.userAgent}>{r.userAgent}</span> : null}
                </td>
                <td className="px-3 py-2">
                  {r.details ? (
                    <details>
                      <summary className="cursor-pointer link">Show</summary>
                      <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{JSON.stringify(JSON.parse(r.details), null, 2)}</pre>
                    </details>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pagination" className="mt-4 flex justify-between gap-3">
        {filter.before ? <Link href={`/admin/audit${query(filter)}`} className="inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50">Newest</Link> : <span />}
        {nextBefore ? (
          <Link href={`/admin/audit${query(filter, { before: nextBefore })}`} rel="next" className="inline-flex min-h-11 items-center rounded-lg px-3 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
            Older events
          </Link>
        ) : null}
      </nav>
    </>
  )
}

import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { after } from 'next/server'
import { ButtonLink } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { INPUT_CLASS } from '@/components/ui/field'
import { LookupInput } from '@/components/ui/lookup-input'
import { PageHeader } from '@/components/ui/page-header'
import { KeysetPagination } from '@/components/ui/keyset-pagination'
import { EvidenceCategory, EvidenceStatus } from '@/lib/generated/prisma/enums'
import { formatDateTime, humanize } from '@/lib/format'
import { ListEvidenceSchema } from '@/lib/schemas/evidence'
import { requirePermission } from '@/lib/server/auth'
import { listEvidence } from '@/lib/server/evidence/queries'
import { seesAllEvidence } from '@/lib/server/evidence/scope'
import { verifyChainsIfDueInBackground } from '@/lib/server/evidence/verification-runs'
import { can } from '@/lib/server/policy'
import { EvidenceStatusBadge, evidenceStatusLabel } from './_components/evidence-status'

export const metadata: Metadata = { title: 'Evidence' }

export default async function EvidencePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('evidence:read')
  const raw = await searchParams
  const pick = (k: string) => (Array.isArray(raw[k]) ? raw[k][0] : raw[k])
  const input = ListEvidenceSchema.parse(Object.fromEntries(['q', 'status', 'category', 'custodian', 'location', 'after', 'before', 'jump', 'end'].map((k) => [k, pick(k)])))
  const list = await listEvidence(actor, input)
  // The evidence room's daily chain verification starts after this response when it is due (no timer in the app).
  after(verifyChainsIfDueInBackground)
  const { rows, custodian, unknownLocation } = list
  const filtered = Boolean(input.q || input.status || input.category || input.custodian || input.location)
  return (
    <>
      <PageHeader
        title="Evidence"
        subtitle={seesAllEvidence(actor) ? 'Every item in the evidence room and where it is now.' : 'Items you collected, hold, are receiving or held before.'}
        actions={
          <>
            <ButtonLink href="/evidence/scan">Scan a label</ButtonLink>
            {seesAllEvidence(actor) ? <ButtonLink href="/evidence/locations">Storage locations</ButtonLink> : null}
            {can(actor, 'evidence:verify') ? <ButtonLink href="/evidence/verification">Chain verification</ButtonLink> : null}
            {can(actor, 'evidence:collect') ? <ButtonLink href="/evidence/new" variant="primary">Record new item</ButtonLink> : null}
          </>
        }
      />
      <Card className="mb-4">
        <form role="search" aria-label="Filter evidence" method="get" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <div className="sm:col-span-2">
            <label htmlFor="q" className="block text-sm font-medium">Number, description or seal</label>
            <input id="q" name="q" type="search" defaultValue={input.q ?? ''} aria-describedby="q-hint" className={INPUT_CLASS} />
            <p id="q-hint" className="mt-1 text-xs text-slate-600">A number or seal from its start (EV-2024-0012 or 2024-0012), or words of the description.</p>
          </div>
          <div>
            <label htmlFor="status" className="block text-sm font-medium">Status</label>
            <select id="status" name="status" defaultValue={input.status ?? ''} className={INPUT_CLASS}>
              <option value="">Any</option>
              {Object.values(EvidenceStatus).map((s) => <option key={s} value={s}>{evidenceStatusLabel(s)}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="category" className="block text-sm font-medium">Category</label>
            <select id="category" name="category" defaultValue={input.category ?? ''} className={INPUT_CLASS}>
              <option value="">Any</option>
              {Object.values(EvidenceCategory).map((c) => <option key={c} value={c}>{humanize(c)}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="custodian" className="block text-sm font-medium">Custodian</label>
            {/* The field shows whom the filter found, as "Name (e-mail)"; what was typed when it found nobody or several. */}
            <LookupInput
              key={custodian?.label ?? ''}
              id="custodian"
              name="custodian"
              kind="custodian"
              defaultValue={custodian?.label ?? ''}
              placeholder="Anyone"
              aria-invalid={Boolean(custodian?.problem)}
              aria-describedby={custodian?.problem ? 'custodian-hint custodian-error' : 'custodian-hint'}
              className={INPUT_CLASS}
            />
            <p id="custodian-hint" className="mt-1 text-xs text-slate-600">Name or e-mail</p>
            {custodian?.problem ? <p id="custodian-error" className="mt-1 text-sm font-medium text-red-700">{custodian.problem}</p> : null}
          </div>
          {input.location ? <input type="hidden" name="location" value={input.location} /> : null}
          <div className="flex items-end gap-2">
            {input.location ? (
              <span className={unknownLocation ? 'self-center text-sm font-medium text-red-700' : 'self-center text-sm'}>Location {input.location}</span>
            ) : null}
            <button className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">Apply</button>
            {filtered ? <Link href="/evidence" className="inline-flex min-h-11 items-center px-3 text-sm font-medium link">Clear</Link> : null}
          </div>
        </form>
      </Card>
      {rows.length === 0 ? (
        <EmptyState title={filtered ? 'No item matches these filters.' : 'No evidence items to show.'}>
          {custodian?.problem ? <p>{custodian.problem}</p> : null}
          {unknownLocation ? (
            <p>
              No storage location has the code “{input.location}”.
              {seesAllEvidence(actor) ? (
                <>
                  {' '}
                  <Link href="/evidence/locations" className="font-medium link">See the storage locations</Link>
                </>
              ) : null}
            </p>
          ) : null}
        </EmptyState>
      ) : (
        <ul className="space-y-2" aria-label="Evidence items">
          {rows.map((i) => (
            <li key={i.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link href={`/evidence/${i.id}`} className="font-semibold link-quiet">
                  {i.number} · {humanize(i.category)}
                </Link>
                <time className="text-sm text-slate-500" dateTime={i.collectedAt.toISOString()}>Collected {formatDateTime(i.collectedAt)}</time>
              </div>
              <p className="text-sm text-slate-700">{i.description}</p>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
                <EvidenceStatusBadge status={i.status} />
                {i.status === 'IN_TRANSIT' && i.pendingReceiver ? (
                  <span>
                    {i.currentCustodian?.name ?? 'Unknown'} → {i.pendingReceiver.name} (awaiting receipt)
                  </span>
                ) : i.currentCustodian ? (
                  <span>Held by {i.currentCustodian.name}</span>
                ) : null}
                {i.storageLocation ? <span>· Location {i.storageLocation.code}</span> : null}
                {i.sealNumber ? <span>· Seal {i.sealNumber}</span> : null}
                <span className="text-slate-500">· {i.headSequence} custody {i.headSequence === 1 ? 'event' : 'events'}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      <KeysetPagination
        basePath="/evidence"
        params={{ q: input.q, status: input.status, category: input.category, custodian: input.custodian, location: input.location }}
        shown={rows.length}
        total={list.total}
        exact={!list.more}
        more={list.more}
        noun={['item', 'items']}
        prev={list.newer}
        next={list.older}
        atStart={list.atNewest}
        atEnd={list.atOldest}
        firstLabel="Newest"
        lastLabel="Oldest"
        jump={input.jump}
        jumpLabel="Collected up to"
      />
    </>
  )
}

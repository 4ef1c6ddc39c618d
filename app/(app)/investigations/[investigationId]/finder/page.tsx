import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { DeploymentTimeline } from '@/components/deployment-timeline'
import { exposureTone } from '@/components/exposure'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { INPUT_CLASS } from '@/components/ui/field'
import { LookupInput } from '@/components/ui/lookup-input'
import { PageHeader } from '@/components/ui/page-header'
import { formatDate, formatDateTime, humanize } from '@/lib/format'
import { FinderParamsSchema, InvestigationIdSchema } from '@/lib/schemas/investigations'
import { requirePermission } from '@/lib/server/auth'
import { dogLabel } from '@/lib/server/dogs/match'
import { findCandidateDeployments, resolveFinderDog } from '@/lib/server/investigations/finder'
import { getInvestigation, getRecoveryAnchor } from '@/lib/server/investigations/queries'
import { AddAsLeadButton } from '../../_components/forms'

export const metadata: Metadata = { title: 'Candidate-incident finder' }

const DAY_MS = 86_400_000
const isoDay = (d: Date) => d.toISOString().slice(0, 10)

export default async function FinderPage({ params, searchParams }: { params: Promise<{ investigationId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('investigations:read')
  const id = InvestigationIdSchema.safeParse((await params).investigationId)
  if (!id.success) notFound()
  const inv = await getInvestigation(actor, id.data)
  if (!inv) notFound()
  const raw = await searchParams
  const pick = (k: string) => (Array.isArray(raw[k]) ? raw[k][0] : raw[k])
  const query = FinderParamsSchema.parse({ dog: pick('dog'), from: pick('from'), to: pick('to') })

  const dogLinks = inv.activeLinks.filter((l) => l.targetType === 'DOG')
  const subjectDogId = (dogLinks.find((l) => l.relation === 'SUBJECT') ?? dogLinks[0])?.target.id
  // The dog typed (or a link's id); empty: the case's subject dog. A state unit has thousands of dogs, so there is no list to pick from.
  const asked = query.dog ?? subjectDogId
  const match = asked ? await resolveFinderDog(actor, asked) : null
  const dogId = match?.ok ? match.dog.id : undefined
  const dogError = match && !match.ok ? match.message : null
  const dogText = match?.ok ? dogLabel(match.dog) : (query.dog ?? '')
  const dogDescribedBy = ['dog-hint', dogError ? 'dog-error' : null].filter(Boolean).join(' ')
  // Default window: the 12 months before the recovery (Day 0) of the evidence taken from this dog.
  const anchor = dogId ? await getRecoveryAnchor(inv.id, dogId) : null
  const to = query.to ? new Date(`${query.to}T23:59:59.999Z`) : (anchor ?? new Date())
  const defaultFrom = new Date(to)
  defaultFrom.setUTCFullYear(defaultFrom.getUTCFullYear() - 1)
  const from = query.from ? new Date(`${query.from}T00:00:00Z`) : defaultFrom
  const windowOk = from.getTime() < to.getTime() && to.getTime() - from.getTime() <= 10 * 366 * DAY_MS
  const result = dogId && windowOk ? await findCandidateDeployments(actor, { dogId, from, to }) : null
  const leadIds = new Set(inv.activeLinks.filter((l) => l.targetType === 'DEPLOYMENT').map((l) => l.target.id))

  return (
    <>
      <PageHeader
        eyebrow={<Link href={`/investigations/${inv.id}`} className="underline">{inv.number} · {inv.title}</Link>}
        title="Candidate-incident finder"
        subtitle="A dog’s deployments in a time window, ranked by how likely they caused the injury: shot at, then gunfire nearby, then struck, then other exposures, then none; the more recent first when equal."
      />
      <Card className="mb-4">
        <form method="get" aria-label="Finder" className="grid gap-3 sm:grid-cols-[1fr_11rem_11rem_auto]">
          <div>
            <label htmlFor="dog" className="block text-sm font-medium">Dog</label>
            {/* Keyed by the text shown: a new search remounts it with the dog resolved. */}
            <LookupInput key={dogText} id="dog" name="dog" kind="dog" defaultValue={dogText} placeholder="Call name or K-9 number" className={INPUT_CLASS} aria-invalid={Boolean(dogError)} aria-describedby={dogDescribedBy} />
            <p id="dog-hint" className="mt-1 text-xs text-slate-600">{subjectDogId ? 'Call name or K-9 number; empty: the case’s subject dog.' : 'Call name or K-9 number.'}</p>
            {dogError ? <p id="dog-error" className="mt-1 text-sm font-medium text-red-700">{dogError}</p> : null}
          </div>
          <div>
            <label htmlFor="from" className="block text-sm font-medium">From</label>
            <input id="from" name="from" type="date" defaultValue={isoDay(from)} className={INPUT_CLASS} />
          </div>
          <div>
            <label htmlFor="to" className="block text-sm font-medium">To</label>
            <input id="to" name="to" type="date" defaultValue={isoDay(to)} className={INPUT_CLASS} />
          </div>
          {/* Level with the inputs (below their labels), not with the hint under the dog field. */}
          <div className="flex items-start sm:pt-5">
            <button className="min-h-11 rounded-lg bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-900">Find candidates</button>
          </div>
        </form>
        {!query.from && !query.to && anchor ? (
          <p className="mt-2 text-sm text-slate-600">Window: the 12 months before {formatDateTime(anchor)}, when the evidence was recovered from the dog (Day 0).</p>
        ) : null}
        {!windowOk ? <p role="alert" className="mt-2 text-sm font-medium text-red-700">The window must start before it ends and span at most ten years.</p> : null}
      </Card>

      {result ? (
        <Card title={`${result.candidates.length} deployments of K-9 ${result.dog.name} between ${formatDate(result.from)} and ${formatDate(result.to)}`} id="candidates">
          <DeploymentTimeline
            from={result.from}
            to={result.to}
            points={result.candidates.map((c) => ({ id: c.id, at: c.deployedAt, label: `${c.incident.number} ${humanize(c.task)}`, exposures: c.exposures }))}
          />
          {!result.medicalVisible ? <p className="mt-2 text-sm text-slate-600">You may not read this dog’s medical records, so missing vet exams cannot be shown.</p> : null}
          {result.candidates.some((c) => c.unexamined) ? (
            <p className="mt-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
              {result.candidates.filter((c) => c.unexamined).length} exposures were never followed by a vet exam within 72 hours: an injury could have gone unseen there.
            </p>
          ) : null}
          {result.candidates.length === 0 ? (
            <EmptyState title="No deployments in this window." />
          ) : (
            <ol className="mt-4 space-y-3" aria-label="Ranked candidates">
              {result.candidates.map((c) => (
                <li key={c.id} className={`rounded-lg border p-3 ${c.severity >= 4 ? 'border-red-200' : 'border-slate-200'}`}>
                  <div className="flex flex-wrap items-start justify-between gap-3">
                    <div className="min-w-0">
                      <p className="font-medium">
                        <span aria-hidden className="mr-2 inline-grid size-7 place-items-center rounded-full bg-slate-900 text-xs font-bold text-white">{c.rank}</span>
                        <span className="sr-only">Rank {c.rank}: </span>
                        <Link href={`/incidents/${c.incident.id}`} className="link underline-offset-2">{c.incident.number}</Link> {humanize(c.incident.type)} · {c.incident.locationText}
                      </p>
                      <p className="text-sm text-slate-600">
                        <time dateTime={c.deployedAt.toISOString()}>{formatDateTime(c.deployedAt)}</time> · {humanize(c.task)} → {humanize(c.outcome)} · with {c.handler.firstName} {c.handler.lastName}
                      </p>
                      <div className="mt-1 flex flex-wrap items-center gap-1">
                        {c.exposures.map((e) => <Badge key={e} tone={exposureTone(e)}>{humanize(e)}</Badge>)}
                        {c.unexamined ? <Badge tone="red">No vet exam within 72 h</Badge> : null}
                      </div>
                      <p className="mt-1 text-sm text-slate-800">{c.reason}</p>
                    </div>
                    <div className="shrink-0">
                      {inv.canManage && inv.status !== 'CLOSED' ? (
                        // Stays mounted when the page refreshes after adding, so its confirmation is announced.
                        <AddAsLeadButton investigationId={inv.id} deploymentId={c.id} note={`Finder rank ${c.rank}: ${c.reason}`.slice(0, 1000)} label={`Add as lead (${c.incident.number})`} linked={leadIds.has(c.id)} />
                      ) : leadIds.has(c.id) ? (
                        <Badge tone="amber">Linked to the case</Badge>
                      ) : null}
                    </div>
                  </div>
                </li>
              ))}
            </ol>
          )}
          {result.truncated ? <p className="mt-2 text-sm text-slate-600">Only the first 500 deployments are ranked; narrow the window.</p> : null}
        </Card>
      ) : dogId && windowOk ? (
        <EmptyState title="No such dog, or you may not read its deployments." />
      ) : !asked ? (
        <EmptyState title="Enter a dog to rank its deployments." />
      ) : null}
    </>
  )
}

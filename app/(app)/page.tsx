import { Link } from '@/components/ui/link'
import { redirect } from 'next/navigation'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { formatDate, formatDateTime, humanize, ROLE_LABELS } from '@/lib/format'
import { sweepIfStale } from '@/lib/server/alerts/sweep'
import { requireActor } from '@/lib/server/auth'
import { getDashboard } from '@/lib/server/dashboard/queries'
import { can } from '@/lib/server/policy'
import { AlertList } from './alerts/_components/alert-list'
import { CertificationList, DogTable } from './_components/dashboard-lists'

export const metadata: Metadata = { title: 'Dashboard' }

const LINK = 'font-medium link'

function AlertsCard({ alerts, title = 'Welfare alerts', total, withForms = true }: { alerts: Parameters<typeof AlertList>[0]['alerts']; title?: string; total?: number; withForms?: boolean }) {
  return (
    <Card title={title} id="alerts" actions={<Link href="/alerts" className="text-sm font-medium link">All alerts</Link>}>
      {alerts.length === 0 ? <EmptyState title="No unresolved alerts." /> : <AlertList alerts={alerts} withForms={withForms} now={new Date()} />}
      {total !== undefined && total > alerts.length ? (
        <p className="mt-3 text-sm text-slate-600">
          The {alerts.length} most urgent of {total.toLocaleString('en-US')}. <Link href="/alerts" className="font-medium link">See and acknowledge them all</Link>
        </p>
      ) : !withForms && alerts.some((a) => a.canAcknowledge) ? (
        <p className="mt-3 text-sm text-slate-600">
          <Link href="/alerts" className="font-medium link">Acknowledge alerts</Link> on the Alerts page.
        </p>
      ) : null}
    </Card>
  )
}

/** Dog statuses in the order the unit summary lists them. */
const DOG_STATUS_ORDER = ['ACTIVE', 'RESTRICTED', 'UNFIT', 'RETIRED', 'DECEASED'] as const

/** The first page after sign-in: one dashboard per role (issue 8). Administrators manage users. */
export default async function HomePage() {
  const actor = await requireActor()
  if (actor.role === 'ADMIN') redirect('/admin/users')
  // The welfare sweep runs on page loads when its last run is stale (no timers; lib/server/alerts/sweep.ts).
  if (can(actor, 'alerts:read')) await sweepIfStale()
  const d = await getDashboard(actor)
  if (!d) redirect('/account')
  return (
    <>
      <PageHeader title="Dashboard" subtitle={`${actor.name} · ${ROLE_LABELS[actor.role]}`} />
      {d.role === 'OFFICER' ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="My dogs" id="my-dogs">
            <DogTable dogs={d.dogs} />
          </Card>
          <AlertsCard alerts={d.alerts} title="My dogs’ welfare alerts" />
          <Card title="My recent incidents" id="my-incidents" className="lg:col-span-2">
            {d.incidents.length === 0 ? (
              <EmptyState title="No incidents yet." />
            ) : (
              <ul className="divide-y divide-slate-100">
                {d.incidents.map((i) => (
                  <li key={i.id} className="py-2">
                    <Link href={`/incidents/${i.id}`} className={LINK}>
                      {i.number}
                    </Link>{' '}
                    <span className="text-sm text-slate-700">
                      {humanize(i.type)} · {i.locationText} · {formatDateTime(i.occurredAt)}
                    </span>{' '}
                    <Badge tone={i.status === 'OPEN' ? 'blue' : 'neutral'}>{humanize(i.status)}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      ) : null}

      {d.role === 'VETERINARIAN' ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Recent admissions" id="admissions">
            {d.admissions.length === 0 ? (
              <EmptyState title="No records in the last 30 days." />
            ) : (
              <ul className="divide-y divide-slate-100">
                {d.admissions.map((r) => (
                  <li key={r.id} className="py-2">
                    <Link href={`/medical/${r.id}`} className={LINK}>
                      {humanize(r.kind)}: {r.dog.name} ({r.dog.k9Number})
                    </Link>
                    <span className="block text-sm text-slate-600">
                      {formatDateTime(r.occurredAt)} · {r.clinic} · {r.veterinarian.name}
                      {r.diagnosis ? ` · ${r.diagnosis}` : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Follow-ups due" id="follow-ups">
            {d.followUps.length === 0 ? (
              <EmptyState title="No follow-ups due." />
            ) : (
              <ul className="divide-y divide-slate-100">
                {d.followUps.map((r) => (
                  <li key={r.id} className="row-between">
                    <Link href={`/medical/${r.id}`} className={LINK}>
                      {r.dog.name} ({r.dog.k9Number}) after {humanize(r.kind).toLowerCase()} of {formatDate(r.occurredAt)}
                    </Link>
                    <Badge tone={r.overdue ? 'red' : 'amber'}>{r.overdue ? 'Overdue' : 'Due'} {formatDate(r.followUpDueAt)}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <div className="lg:col-span-2">
            <AlertsCard alerts={d.vetChecks} title="Vet checks due (exposures not yet examined)" />
          </div>
        </div>
      ) : null}

      {d.role === 'EVIDENCE_TECH' ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Items in transit" id="in-transit">
            {d.inTransit.length === 0 ? (
              <EmptyState title="Nothing in transit." />
            ) : (
              <ul className="divide-y divide-slate-100">
                {d.inTransit.map((e) => (
                  <li key={e.id} className="py-2">
                    <Link href={`/evidence/${e.id}`} className={LINK}>
                      {e.number}
                    </Link>{' '}
                    <span className="text-sm text-slate-700">{e.description}</span>
                    <span className="block text-sm text-slate-600">
                      From {e.currentCustodian?.name ?? '—'} to {e.pendingReceiver?.name ?? '—'} · since {formatDateTime(e.updatedAt)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Lab returns due" id="lab-due">
            {d.labDue.length === 0 ? (
              <EmptyState title="No lab requests outstanding." />
            ) : (
              <ul className="divide-y divide-slate-100">
                {d.labDue.map((l) => (
                  <li key={l.id} className="row-between">
                    <span>
                      <Link href={`/evidence/${l.evidenceItem.id}`} className={LINK}>
                        {l.evidenceItem.number}
                      </Link>{' '}
                      <span className="text-sm text-slate-700">{l.lab}</span>
                    </span>
                    <Badge tone={l.overdue ? 'red' : 'amber'}>{l.dueAt ? `${l.overdue ? 'Overdue' : 'Due'} ${formatDate(l.dueAt)}` : humanize(l.status)}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="Disposals awaiting approval or action" id="dispositions" className="lg:col-span-2">
            {d.dispositions.length === 0 ? (
              <EmptyState title="No disposal requests open." />
            ) : (
              <ul className="divide-y divide-slate-100">
                {d.dispositions.map((r) => (
                  <li key={r.id} className="row-between">
                    <span>
                      <Link href={`/evidence/${r.evidenceItem.id}`} className={LINK}>
                        {r.evidenceItem.number}
                      </Link>{' '}
                      <span className="text-sm text-slate-700">
                        {humanize(r.method)} · asked by {r.requestedBy.name} on {formatDate(r.requestedAt)}
                      </span>
                    </span>
                    <Badge tone={r.status === 'PENDING' ? 'amber' : 'green'}>{r.status === 'PENDING' ? 'Awaiting supervisor' : 'Approved: carry out'}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      ) : null}

      {d.role === 'DETECTIVE' ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="My investigations" id="my-investigations" actions={<Link href="/investigations" className="text-sm font-medium link">All</Link>}>
            {d.investigations.length === 0 ? (
              <EmptyState title="No open investigations." />
            ) : (
              <ul className="divide-y divide-slate-100">
                {d.investigations.map((i) => (
                  <li key={i.id} className="py-2">
                    <Link href={`/investigations/${i.id}`} className={LINK}>
                      {i.number}: {i.title}
                    </Link>{' '}
                    <Badge tone="blue">{humanize(i.status)}</Badge>
                    <span className="block text-sm text-slate-600">
                      {i.isLead ? 'You lead' : `Led by ${i.lead.name}`} · updated {formatDateTime(i.updatedAt)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card title="New lab results (30 days)" id="lab-results">
            {d.labResults.length === 0 ? (
              <EmptyState title="No new lab results." />
            ) : (
              <ul className="divide-y divide-slate-100">
                {d.labResults.map((r) => (
                  <li key={r.id} className="py-2">
                    <Link href={`/evidence/${r.request.evidenceItem.id}`} className={LINK}>
                      {r.request.evidenceItem.number}
                    </Link>{' '}
                    <span className="text-sm text-slate-600">
                      {r.request.lab} · {formatDate(r.reportedAt)}
                    </span>
                    <span className="block text-sm text-slate-800">{r.conclusion}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      ) : null}

      {d.role === 'SUPERVISOR' ? (
        <div className="space-y-6">
          <section aria-label="Unit summary" className="grid gap-3 sm:grid-cols-4">
            <Stat label="Welfare alerts open" value={d.counts.open} />
            <Stat label="Overdue" value={d.counts.overdue} urgent={d.counts.overdue > 0} />
            <Stat label="Fitness unconfirmed" value={d.fitnessUnconfirmed} urgent={d.fitnessUnconfirmed > 0} />
            <Stat label="Disposals to approve" value={d.pendingDispositions} />
          </section>
          <AlertsCard alerts={d.alerts} total={d.counts.open} title="Welfare alerts: open and overdue" withForms={false} />
          <div className="grid gap-6 lg:grid-cols-2">
            <Card title="Unit fitness" id="unit-fitness" actions={<Link href="/dogs" className="text-sm font-medium link">All dogs</Link>}>
              <p className="mb-3 text-sm text-slate-700">
                {Object.values(d.dogsByStatus).reduce((a, b) => a + (b ?? 0), 0).toLocaleString('en-US')} dogs:{' '}
                {DOG_STATUS_ORDER.filter((s) => d.dogsByStatus[s]).map((s) => `${d.dogsByStatus[s]!.toLocaleString('en-US')} ${humanize(s).toLowerCase()}`).join(' · ')}
              </p>
              <h3 className="text-sm font-semibold text-slate-800">Needing attention</h3>
              {d.dogs.length === 0 ? <p className="text-sm text-slate-600">Every dog in service is fit for duty.</p> : <DogTable dogs={d.dogs} />}
            </Card>
            <Card title={`Certifications expiring within 30 days`} id="certifications">
              <CertificationList certifications={d.certifications} />
            </Card>
          </div>
        </div>
      ) : null}
    </>
  )
}

function Stat({ label, value, urgent = false }: { label: string; value: number; urgent?: boolean }) {
  return (
    <div className={urgent ? 'rounded-xl border-2 border-red-600 bg-red-50 p-4' : 'rounded-xl border border-slate-200 bg-white p-4'}>
      <p className={urgent ? 'text-3xl font-bold text-red-800' : 'text-3xl font-bold text-slate-900'}>{value}</p>
      <p className="text-sm text-slate-700">{label}</p>
    </div>
  )
}

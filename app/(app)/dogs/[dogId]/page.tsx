import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { ButtonLink } from '@/components/ui/button'
import { PageHeader } from '@/components/ui/page-header'
import { AddToInvestigationButton } from '@/components/add-to-investigation'
import { can } from '@/lib/server/policy'
import { DeploymentTimeline } from '@/components/deployment-timeline'
import { STATUS_TONE } from '@/components/exposure'
import { ageInYears, daysUntil, formatDate, formatDateTime, humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/dogs'
import { requirePermission } from '@/lib/server/auth'
import { getDogProfile } from '@/lib/server/dogs/queries'
import { DOG_VITALS_SHOWN, getDogVitals } from '@/lib/server/medical/queries'
import { VitalsChart } from '@/components/vitals-chart'
import { vitalReadings, type VitalKey } from '@/lib/vitals'
import { CertificationForm, FitnessForm, PairingForm, RenewForm, StatusForm } from './_components/manage-forms'
import { DeploymentList, MedicalList } from './_components/profile-lists'

type Props = { params: Promise<{ dogId: string }>; searchParams?: Promise<Record<string, string | string[] | undefined>> }

const PHOTO_RESULT: Record<string, string> = {
  saved: 'Photo saved.',
  'too-large': 'That photo is too large (8 MB at most).',
  'not-an-image': 'That file is not a JPEG, PNG or WebP image.',
  conflict: 'Someone else changed this dog’s record a moment ago. Reload the page and upload again.',
  invalid: 'The upload did not arrive complete. Try again.',
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { dogId } = await params
  return { title: IdSchema.safeParse(dogId).success ? 'Dog profile' : 'Not found' }
}

/** The vital signs the profile charts. */
const PROFILE_VITALS: readonly VitalKey[] = ['heartRate', 'respiratoryRate', 'temperatureC', 'spo2']

/** Deployments listed in rows under the picture (which shows every deployment loaded); the rest are on the incident list. */
const DEPLOYMENTS_LISTED = 10

export default async function DogProfilePage({ params, searchParams }: Props) {
  const actor = await requirePermission('dogs:read')
  const { dogId } = await params
  const id = IdSchema.safeParse(dogId)
  if (!id.success) notFound()
  const [dog, vitals] = await Promise.all([getDogProfile(actor, id.data), getDogVitals(actor, id.data)])
  if (!dog) notFound()
  // The supervisor's forms, with the versions the profile read (the actions check dogs:manage again).
  const manage = dog.manageable ? dog : null

  const photoParam = (await searchParams)?.photo
  const photoResult = typeof photoParam === 'string' ? PHOTO_RESULT[photoParam] : undefined
  const current = dog.assignments.find((a) => a.endedAt === null)
  const now = new Date()
  const timelineFrom = new Date(now.getTime() - 730 * 86_400_000)
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/dogs" className="underline">Dogs</Link>}
        title={<span>{dog.name} <span className="text-lg font-medium text-slate-500">{dog.k9Number}</span></span>}
        subtitle={`${dog.breed} · ${humanize(dog.sex)} · ${ageInYears(dog.dateOfBirth)} years (born ${formatDate(dog.dateOfBirth)})${dog.microchip ? ` · chip ${dog.microchip}` : ''}`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <div className="flex flex-wrap items-center gap-2" aria-label="Status">
              <Badge tone={STATUS_TONE[dog.status]} className="text-sm">{humanize(dog.status)}</Badge>
              <Badge tone={dog.fitForDuty ? 'green' : 'red'} className="text-sm">{dog.fitForDuty ? 'Fit for duty' : 'Not fit for duty'}</Badge>
            {dog.alerts.some((a) => a.kind === 'VET_CHECK_DUE' && a.status !== 'RESOLVED') ? <Badge tone="amber" className="text-sm">Fitness unconfirmed</Badge> : null}
            {can(actor, 'investigations:manage') ? <AddToInvestigationButton type="DOG" id={dog.id} /> : null}
            </div>
            {manage ? <ButtonLink href={`/dogs/${dog.id}/edit`}>Edit dog</ButtonLink> : null}
          </div>
        }
      />

      {dog.photoSha256 ? (
        // eslint-disable-next-line @next/next/no-img-element -- uploaded images never go through next/image (STACK.md)
        <img src={`/dogs/${dog.id}/photo?v=${dog.photoSha256.slice(0, 12)}`} alt={`K-9 ${dog.name}`} className="mb-4 h-48 w-48 rounded-xl object-cover shadow-sm" />
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card title="Deployments and exposures" id="deployments">
            <DeploymentTimeline
              from={timelineFrom}
              to={now}
              points={dog.deployments.map((d) => ({ id: d.id, at: d.deployedAt, label: `${d.incident.number} ${humanize(d.task)}`, exposures: d.exposures }))}
            />
            {dog.deployments.length === 0 ? (
              <EmptyState title="No deployments logged." />
            ) : (
              <DeploymentList deployments={dog.deployments.slice(0, DEPLOYMENTS_LISTED)} />
            )}
            {dog._count.deployments > Math.min(dog.deployments.length, DEPLOYMENTS_LISTED) ? (
              <p className="mt-2 text-sm text-slate-600">
                Showing the latest {Math.min(dog.deployments.length, DEPLOYMENTS_LISTED)} of {dog._count.deployments.toLocaleString('en-US')} deployments.{' '}
                <Link href={`/incidents?dog=${dog.id}`} className="font-medium link underline-offset-2">All incidents with {dog.name}</Link>
              </p>
            ) : null}
          </Card>

          {dog.medical ? (
            <Card title="Medical summary" id="medical" actions={can(actor, 'medical:write') ? <ButtonLink variant="primary" href={`/medical/new?dog=${dog.id}`}>New medical record</ButtonLink> : undefined}>
              {vitals && vitals.length > 1 ? (
                <div className="mb-4">
                  <h3 className="mb-2 text-sm font-semibold text-slate-700">Vital signs over time{vitals.length >= DOG_VITALS_SHOWN ? ` (the latest ${vitals.length} readings)` : ''}</h3>
                  <VitalsChart readings={vitalReadings(vitals, PROFILE_VITALS)} keys={PROFILE_VITALS} />
                </div>
              ) : null}
              {dog.medical.length === 0 ? (
                <EmptyState title="No medical records." />
              ) : (
                <MedicalList records={dog.medical} />
              )}
              {dog.medicalCount > dog.medical.length ? (
                <p className="mt-2 text-sm text-slate-600">
                  Showing the latest {dog.medical.length} of {dog.medicalCount.toLocaleString('en-US')} records.{' '}
                  <Link href={`/medical?dog=${dog.id}`} className="font-medium link underline-offset-2">All medical records of {dog.name}</Link>
                </p>
              ) : null}
            </Card>
          ) : null}
        </div>

        <div className="space-y-4">
          <Card title="Welfare" id="welfare">
            {dog.alerts.length === 0 ? (
              <p className="text-sm text-slate-600">No welfare alerts.</p>
            ) : (
              <ul className="space-y-3">
                {dog.alerts.map((a) => {
                  const overdueFor = a.resolvedAt && a.resolvedAt > a.dueAt ? Math.round((a.resolvedAt.getTime() - a.dueAt.getTime()) / 86_400_000) : null
                  const isOverdue = a.status === 'OPEN' && a.dueAt < now
                  return (
                    <li key={a.id} className="tile">
                      <div className="flex flex-wrap gap-1">
                        <Badge tone={a.status === 'OPEN' ? (isOverdue ? 'red' : 'amber') : 'neutral'}>{isOverdue ? 'Overdue' : humanize(a.status)}</Badge>
                      </div>
                      <p className="mt-1 text-sm font-medium">{a.title}</p>
                      <p className="text-xs text-slate-600">Raised {formatDateTime(a.raisedAt)} · due {formatDateTime(a.dueAt)}</p>
                      {overdueFor !== null ? <p className="text-xs font-medium text-red-800">Resolved {formatDate(a.resolvedAt)}, {overdueFor} days after it was due.</p> : null}
                      {a.note ? <p className="text-xs text-slate-700">{a.note}</p> : null}
                    </li>
                  )
                })}
              </ul>
            )}
          </Card>

          <Card title="Handler" id="handler">
            {current ? (
              <p>
                <span className="font-semibold">{current.handler.rank} {current.handler.firstName} {current.handler.lastName}</span>
                <span className="block text-sm text-slate-600">Badge {current.handler.badgeNumber} · since {formatDate(current.startedAt)}</span>
              </p>
            ) : (
              <>
                <p className="text-sm text-slate-600">No current handler.</p>
                {manage && dog.status !== 'RETIRED' && dog.status !== 'DECEASED' ? (
                  <p role="status" className="mt-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-950">
                    K-9 {dog.name} needs a handler.{' '}
                    <a href="#manage-pairing" className="font-semibold link underline-offset-2">Pair {dog.name} with a handler</a>
                  </p>
                ) : null}
              </>
            )}
            {dog.assignments.length > 0 ? (
              <>
                <h3 className="mt-4 text-sm font-semibold text-slate-700">Pairing history</h3>
                <ol className="mt-1 space-y-1 text-sm">
                  {dog.assignments.map((a) => (
                    <li key={a.id}>
                      {a.handler.firstName} {a.handler.lastName}: {formatDate(a.startedAt)} – {a.endedAt ? formatDate(a.endedAt) : 'present'}
                      {a.endReason ? <span className="block text-xs text-slate-500">{a.endReason}</span> : null}
                    </li>
                  ))}
                </ol>
              </>
            ) : null}
            <p className="mt-4 text-sm text-slate-600">
              Fitness for duty set {formatDate(dog.fitForDutySetAt)}{dog.fitForDutySetBy ? ` by ${dog.fitForDutySetBy.name}` : ''}.
            </p>
          </Card>

          <Card title="Certifications" id="certifications">
            {dog.certifications.length === 0 ? (
              <p className="text-sm text-slate-600">No certifications.</p>
            ) : (
              <ul className="space-y-2">
                {dog.certifications.map((c) => {
                  const days = daysUntil(c.expiresAt, now)
                  return (
                    <li key={c.id} className="text-sm">
                      <p className="font-medium">{c.kind}</p>
                      <p className="text-slate-600">{c.issuer} · expires {formatDate(c.expiresAt)}</p>
                      {days < 0 ? <Badge tone="neutral">Expired</Badge> : days <= 30 ? <Badge tone="amber">Expires in {days} days</Badge> : null}
                    </li>
                  )
                })}
              </ul>
            )}
          </Card>

          {manage ? (
            <Card title="Supervisor" id="manage">
              <div className="space-y-6">
                <section aria-labelledby="manage-status">
                  <h3 id="manage-status" className="mb-2 text-sm font-semibold text-slate-700">Change status</h3>
                  <StatusForm dogId={manage.id} version={manage.version} status={manage.status} />
                </section>
                <section aria-labelledby="manage-fitness">
                  <h3 id="manage-fitness" className="mb-2 text-sm font-semibold text-slate-700">Fitness for duty</h3>
                  <FitnessForm key={`fit-${manage.version}`} dogId={manage.id} version={manage.version} fitForDuty={manage.fitForDuty} />
                </section>
                <section aria-labelledby="manage-pairing">
                  <h3 id="manage-pairing" className="mb-2 text-sm font-semibold text-slate-700">Pair with a handler</h3>
                  <PairingForm dogId={manage.id} hasHandler={Boolean(current)} today={now.toISOString().slice(0, 10)} />
                </section>
                <section aria-labelledby="manage-photo">
                  <h3 id="manage-photo" className="mb-2 text-sm font-semibold text-slate-700">Photo</h3>
                  {photoResult ? <p role={photoParam === 'saved' ? 'status' : 'alert'} className={photoParam === 'saved' ? 'mb-2 rounded-lg bg-emerald-50 p-3 text-sm font-medium text-emerald-800' : 'mb-2 rounded-lg bg-red-50 p-3 text-sm font-medium text-red-800'}>{photoResult}</p> : null}
                  <form method="post" action={`/dogs/${manage.id}/photo`} encType="multipart/form-data" className="space-y-3" aria-label="Upload a photo">
                    <input type="hidden" name="version" value={manage.version} />
                    <label htmlFor="dog-photo" className="block text-sm font-medium text-slate-800">Photo (JPEG, PNG or WebP, up to 8 MB)</label>
                    <input id="dog-photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" required className="block min-h-11 w-full text-sm" />
                    <button className="inline-flex min-h-11 w-full items-center justify-center rounded-lg bg-white px-4 text-sm font-semibold text-slate-800 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 sm:w-auto">Upload photo</button>
                  </form>
                </section>
                <section aria-labelledby="manage-cert">
                  <h3 id="manage-cert" className="mb-2 text-sm font-semibold text-slate-700">Add a certification</h3>
                  <CertificationForm dogId={manage.id} />
                </section>
                {manage.certifications.map((c) => (
                  <details key={c.id} className="rounded-lg border border-slate-200">
                    <summary className="flex min-h-11 cursor-pointer items-center px-3 text-sm font-semibold text-slate-700">Renew {c.kind} (expires {formatDate(c.expiresAt)})</summary>
                    <div className="px-3 pb-3">
                      <RenewForm dogId={manage.id} certification={{ id: c.id, version: c.version, kind: c.kind }} />
                    </div>
                  </details>
                ))}
              </div>
            </Card>
          ) : null}

          {dog.notes || dog.statusChanges.length ? (
            <Card title="Service notes" id="notes">
              {dog.notes ? <p className="text-sm">{dog.notes}</p> : null}
              {dog.statusChanges.length ? (
                <ol className="mt-3 space-y-2 text-sm">
                  {dog.statusChanges.map((s) => (
                    <li key={s.id}>
                      <span className="font-medium">{humanize(s.fromStatus)} → {humanize(s.toStatus)}</span> · {formatDate(s.changedAt)} by {s.changedBy.name}
                      <span className="block text-slate-600">{s.reason}</span>
                    </li>
                  ))}
                </ol>
              ) : null}
            </Card>
          ) : null}
        </div>
      </div>
    </>
  )
}

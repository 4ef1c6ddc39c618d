import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { ButtonLink } from '@/components/ui/button'
import { PageHeader } from '@/components/ui/page-header'
import { AddToInvestigationButton, AddToInvestigationLink } from '@/components/add-to-investigation'
import { can } from '@/lib/server/policy'
import { exposureTone } from '@/components/exposure'
import { formatDateTime, humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/dogs'
import { AttachmentPanel } from '@/components/attachments/attachment-panel'
import { requirePermission } from '@/lib/server/auth'
import { getIncident } from '@/lib/server/incidents/queries'
import { IncidentStatusForm } from './_components/status-form'

export const metadata: Metadata = { title: 'Incident' }

export default async function IncidentPage({ params }: { params: Promise<{ incidentId: string }> }) {
  const actor = await requirePermission('incidents:read')
  const id = IdSchema.safeParse((await params).incidentId)
  if (!id.success) notFound()
  const incident = await getIncident(actor, id.data)
  if (!incident) notFound()
  const editable = incident.editable
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/incidents" className="underline">Incidents</Link>}
        title={`${incident.number} · ${humanize(incident.type)}`}
        subtitle={`${formatDateTime(incident.occurredAt)} · ${incident.locationText}${incident.weather ? ` · ${incident.weather}` : ''}`}
        actions={
          <>
            <Badge tone={incident.status === 'OPEN' ? 'blue' : 'neutral'} className="self-center text-sm">{humanize(incident.status)}</Badge>
            {editable && incident.status === 'OPEN' ? <ButtonLink href={`/incidents/${incident.id}/edit`}>Edit incident and deployments</ButtonLink> : null}
            {can(actor, 'investigations:manage') ? <AddToInvestigationButton type="INCIDENT" id={incident.id} /> : null}
          </>
        }
      />
      {incident.status === 'CLOSED' ? (
        <div role="status" className="mb-4 rounded-xl border border-slate-300 bg-slate-100 p-4 text-slate-900">
          <p className="font-semibold">
            This incident is closed{incident.closedAt ? ` since ${formatDateTime(incident.closedAt)}` : ''}{incident.closedBy ? ` by ${incident.closedBy.name}` : ''}.
          </p>
          {incident.closedReason ? <p className="text-sm">Reason: {incident.closedReason}</p> : null}
          <p className="text-sm text-slate-700">It cannot be edited and no deployment can be added until it is re-opened.</p>
        </div>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card title="Narrative" id="narrative">
            <p className="whitespace-pre-line">{incident.narrative}</p>
            <p className="mt-3 text-sm text-slate-600">Reported by {incident.reportingOfficer.name}.</p>
          </Card>
          <Card title="Dog deployments" id="deployments">
            <ul className="divide-y divide-slate-100">
              {incident.deployments.map((d) => (
                <li key={d.id} className="py-3">
                  <p className="font-medium">
                    <Link href={`/dogs/${d.dog.id}`} className="link underline-offset-2 hover:decoration-2">K-9 {d.dog.name}</Link> ({d.dog.k9Number}) with {d.handler.rank} {d.handler.firstName} {d.handler.lastName}
                  </p>
                  <p className="text-sm text-slate-700">{humanize(d.task)} → {humanize(d.outcome)} · {formatDateTime(d.deployedAt)}</p>
                  {d.exposures.length ? (
                    <div className="mt-1 flex flex-wrap items-center gap-1">
                      <span className="text-sm font-medium">Exposures:</span>
                      {d.exposures.map((e) => <Badge key={e} tone={exposureTone(e)}>{humanize(e)}</Badge>)}
                    </div>
                  ) : <p className="text-sm text-slate-600">No exposures.</p>}
                  {d.exposureNotes ? <p className="text-sm">{d.exposureNotes}</p> : null}
                  {d.injuryObserved ? <p className="text-sm font-medium text-red-800">Injury observed: {d.injuryDescription}</p> : null}
                  {d.notes ? <p className="text-sm text-slate-600">{d.notes}</p> : null}
                  {can(actor, 'investigations:manage') ? <AddToInvestigationLink type="DEPLOYMENT" id={d.id} label={`Add K-9 ${d.dog.name}'s deployment to an investigation`} /> : null}
                </li>
              ))}
            </ul>
          </Card>
          {/* Scene photos (components/attachments): the incident's own officers and supervisors may add them. */}
          <AttachmentPanel actor={actor} target="incident" targetId={incident.id} canUpload={incident.mayAddPhotos} title="Photos" id="photos" submitLabel="Upload photo" empty="No photos of this incident yet." />
        </div>
        <Card title="Officers involved" id="officers">
          <ul className="space-y-1 text-sm">
            {incident.officers.map((o) => (
              <li key={o.handler.id}>{o.handler.rank} {o.handler.firstName} {o.handler.lastName} <span className="text-slate-500">({o.handler.badgeNumber}{o.role ? `, ${o.role}` : ''})</span></li>
            ))}
          </ul>
          {incident.latitude && incident.longitude ? (
            <p className="mt-3 text-sm text-slate-600">Coordinates {incident.latitude.toString()}, {incident.longitude.toString()}</p>
          ) : null}
        </Card>
        {editable ? (
          <Card title={incident.status === 'CLOSED' ? 'Re-open the incident' : 'Close the incident'} id="incident-status" className="lg:col-start-3">
            <IncidentStatusForm key={incident.version} incidentId={incident.id} version={incident.version} closed={incident.status === 'CLOSED'} />
          </Card>
        ) : null}
      </div>
    </>
  )
}

import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/dogs'
import { requirePermission } from '@/lib/server/auth'
import { dogLabel } from '@/lib/server/dogs/match'
import { handlerLabel } from '@/lib/server/handlers/match'
import { CLOSED_INCIDENT_MESSAGE } from '@/lib/server/incidents/commands'
import { getIncidentForEdit } from '@/lib/server/incidents/queries'
import { toLocalInput } from '../../_components/dates'
import { DeploymentForm, EditIncidentForm } from '../../_components/incident-forms'

export const metadata: Metadata = { title: 'Edit incident' }

/** Officers edit the incidents they reported or took part in, supervisors any (else 404). */
export default async function EditIncidentPage({ params }: { params: Promise<{ incidentId: string }> }) {
  const actor = await requirePermission('incidents:edit')
  const id = IdSchema.safeParse((await params).incidentId)
  if (!id.success) notFound()
  const incident = await getIncidentForEdit(actor, id.data)
  if (!incident) notFound()
  if (incident.status === 'CLOSED') {
    return (
      <>
        <PageHeader eyebrow={<Link href="/incidents" className="underline">Incidents</Link>} title={`Edit ${incident.number}`} />
        <div role="status" className="max-w-3xl rounded-xl border border-slate-300 bg-slate-100 p-4">
          <p className="font-semibold">{CLOSED_INCIDENT_MESSAGE}</p>
          <Link href={`/incidents/${incident.id}#incident-status`} className="mt-2 inline-flex min-h-11 items-center font-semibold link">
            Open {incident.number}
          </Link>
        </div>
      </>
    )
  }
  const defaults = {
    type: incident.type,
    occurredAt: toLocalInput(incident.occurredAt),
    locationText: incident.locationText,
    latitude: incident.latitude ?? '',
    longitude: incident.longitude ?? '',
    weather: incident.weather ?? '',
    narrative: incident.narrative,
    ...Object.fromEntries(incident.officerLabels.map((label, i) => [`officers.${i}`, label])),
  }
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link href="/incidents" className="underline">Incidents</Link> /{' '}
            <Link href={`/incidents/${incident.id}`} className="underline">{incident.number}</Link>
          </>
        }
        title={`Edit ${incident.number}`}
        subtitle={`${humanize(incident.type)} · ${incident.locationText}`}
      />
      <div className="max-w-3xl space-y-4">
        <Card title="The incident" id="incident">
          <EditIncidentForm incidentId={incident.id} version={incident.version} defaults={defaults} />
        </Card>
        {incident.deployments.map((d) => (
          <Card key={d.id} title={`Deployment: K-9 ${d.dog.name} (${d.dog.k9Number})`} id={`deployment-${d.id}`}>
            <DeploymentForm
              incidentId={incident.id}
              deployment={{ id: d.id, version: d.version }}
              formId={`dep-${d.id.slice(-8)}`}
              label={`Edit the deployment of K-9 ${d.dog.name}`}
              defaults={{
                dog: dogLabel(d.dog),
                handler: handlerLabel(d.handler),
                task: d.task,
                outcome: d.outcome,
                exposures: d.exposures.join(','),
                exposureNotes: d.exposureNotes ?? '',
                injuryObserved: d.injuryObserved ? 'yes' : '',
                injuryDescription: d.injuryDescription ?? '',
                notes: d.notes ?? '',
                deployedAt: toLocalInput(d.deployedAt),
              }}
            />
          </Card>
        ))}
        <Card title="Add a deployment" id="add-deployment">
          <DeploymentForm incidentId={incident.id} formId="add-dep" label="Add a deployment" defaults={{}} />
        </Card>
      </div>
    </>
  )
}

import { randomUUID } from 'node:crypto'
import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { requirePermission } from '@/lib/server/auth'
import { getIncidentFormDefaults } from '@/lib/server/incidents/queries'
import { LogIncidentForm } from '../_components/incident-forms'
import { toLocalInput } from '../_components/dates'

export const metadata: Metadata = { title: 'Log an incident' }

/** Officers and supervisors log a call-out with its dogs' deployments. */
export default async function NewIncidentPage() {
  const actor = await requirePermission('incidents:create')
  const { officer } = await getIncidentFormDefaults(actor)
  return (
    <>
      <PageHeader eyebrow={<Link href="/incidents" className="underline">Incidents</Link>} title="Log an incident" subtitle="The call-out and every dog deployed in it. Nothing is saved until you press “Log incident”; if something needs fixing, what you typed stays here." />
      <Card className="max-w-3xl">
        {/* A new key per render: a double submit of this form returns the incident the first submit created. */}
        <LogIncidentForm idempotencyKey={randomUUID()} defaults={{ occurredAt: toLocalInput(new Date()), ...(officer ? { 'officers.0': officer } : {}) }} />
      </Card>
    </>
  )
}

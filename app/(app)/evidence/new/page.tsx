import { Link } from '@/components/ui/link'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { EvidenceCategory } from '@/lib/generated/prisma/enums'
import { formatDateTime, humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/evidence'
import { requirePermission } from '@/lib/server/auth'
import { getIntakeOrigin } from '@/lib/server/evidence/queries'
import { CollectForm } from './_components/collect-form'

export const metadata: Metadata = { title: 'New evidence item' }

/** Intake. ?medicalRecord=<id> starts custody from a surgery or exam; ?incident=<number> pre-fills the incident. */
export default async function NewEvidencePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePermission('evidence:collect')
  const raw = await searchParams
  const pick = (k: string) => (Array.isArray(raw[k]) ? raw[k][0] : raw[k])
  const recordId = IdSchema.safeParse(pick('medicalRecord'))
  const origin = recordId.success ? await getIntakeOrigin(actor, recordId.data) : null
  const incident = pick('incident')?.slice(0, 50)
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/evidence" className="underline">Evidence</Link>}
        title="New evidence item"
        subtitle="Recording the item starts its chain of custody with you as its first custodian."
      />
      <Card className="max-w-2xl">
        <CollectForm
          categories={Object.values(EvidenceCategory).map((c) => ({ value: c, label: humanize(c) }))}
          medicalRecord={origin ? { id: origin.id, label: `${humanize(origin.kind)} of K-9 ${origin.dog.name}, ${formatDateTime(origin.occurredAt)}, ${origin.clinic}` } : null}
          incidentNumber={incident}
        />
      </Card>
    </>
  )
}

import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/dogs'
import { requirePermission } from '@/lib/server/auth'
import { getMedicalRecordForAmend } from '@/lib/server/medical/queries'
import { toLocalInput } from '../../../incidents/_components/dates'
import { AmendMedicalRecordForm } from '../../_components/medical-forms'

export const metadata: Metadata = { title: 'Amend medical record' }

/** The record's author amends it; anyone else with write access is told who can. */
export default async function AmendMedicalRecordPage({ params }: { params: Promise<{ recordId: string }> }) {
  const actor = await requirePermission('medical:write')
  const id = IdSchema.safeParse((await params).recordId)
  if (!id.success) notFound()
  const r = await getMedicalRecordForAmend(actor, id.data)
  if (!r) notFound()
  const text = (v: string | null) => v ?? ''
  const defaults: Record<string, string> = {
    occurredAt: toLocalInput(r.occurredAt),
    clinic: r.clinic,
    attendingVets: text(r.attendingVets),
    presentingProblem: text(r.presentingProblem),
    findings: text(r.findings),
    diagnosis: text(r.diagnosis),
    treatment: text(r.treatment),
    outcome: text(r.outcome),
    decisionOutcome: text(r.decisionOutcome),
    decisionReason: text(r.decisionReason),
    procedure: text(r.procedure),
    anaesthesia: text(r.anaesthesia),
    complications: text(r.complications),
    followUpDueAt: r.followUpDueAt ? toLocalInput(r.followUpDueAt) : '',
  }
  return (
    <>
      <PageHeader
        eyebrow={<><Link href={`/dogs/${r.dog.id}`} className="underline">{r.dog.name} ({r.dog.k9Number})</Link> · <Link href={`/medical/${r.id}`} className="underline">{humanize(r.kind)}</Link></>}
        title={`Amend: ${humanize(r.kind)}`}
        subtitle="The record keeps every amendment: who, when, why, and each field before and after."
      />
      <Card className="max-w-3xl">
        {r.mine ? (
          <AmendMedicalRecordForm recordId={r.id} kind={r.kind} version={r.version} defaults={defaults} />
        ) : (
          <p role="alert" className="rounded-lg bg-amber-50 p-3 text-sm font-medium text-amber-900">
            Only the veterinarian who signed this record ({r.veterinarian.name}) can amend it. <Link href={`/medical/${r.id}`} className="underline">Back to the record</Link>
          </p>
        )}
      </Card>
    </>
  )
}

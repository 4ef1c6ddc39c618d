import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { AddToInvestigationButton } from '@/components/add-to-investigation'
import { can } from '@/lib/server/policy'
import { ButtonLink } from '@/components/ui/button'
import { VitalsChart } from '@/components/vitals-chart'
import { VitalsTable } from '@/components/vitals-table'
import { CHART_VITALS, vitalReadings } from '@/lib/vitals'
import { AttachmentPanel } from '@/components/attachments/attachment-panel'
import { formatDateTime, humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/dogs'
import { requirePermission } from '@/lib/server/auth'
import { getMedicalRecord } from '@/lib/server/medical/queries'
import { RECORD_FIELDS } from '@/lib/schemas/medical'
import { RECOVERY_KINDS } from '@/lib/server/medical/commands'
import { randomUUID } from 'node:crypto'
import { toLocalInput } from '../../incidents/_components/dates'
import { MedicationForm, RecoveredItemForm, VitalSignsForm } from '../_components/medical-forms'

export const metadata: Metadata = { title: 'Medical record' }

const TEXT_FIELDS = [
  ['presentingProblem', 'Presenting problem'],
  ['findings', 'Findings'],
  ['diagnosis', 'Diagnosis'],
  ['procedure', 'Procedure'],
  ['anaesthesia', 'Anaesthesia'],
  ['complications', 'Complications'],
  ['treatment', 'Treatment'],
  ['outcome', 'Outcome'],
] as const

const FIELD_LABEL: Record<string, string> = Object.fromEntries(RECORD_FIELDS)
const DATE_FIELDS = new Set(['occurredAt', 'followUpDueAt'])
/** An amendment's before/after as a reader sees it. */
function show(field: string, value: string | null): string {
  if (value === null) return '(empty)'
  if (DATE_FIELDS.has(field)) return formatDateTime(value)
  if (field === 'decisionOutcome') return humanize(value)
  return value
}

export default async function MedicalRecordPage({ params }: { params: Promise<{ recordId: string }> }) {
  const actor = await requirePermission('medical:read')
  const id = IdSchema.safeParse((await params).recordId)
  if (!id.success) notFound()
  const r = await getMedicalRecord(actor, id.data)
  if (!r) notFound()
  const now = toLocalInput(new Date())
  const actions = [
    r.canAmend ? <ButtonLink key="amend" href={`/medical/${r.id}/amend`}>Amend record</ButtonLink> : null,
    can(actor, 'investigations:manage') ? <AddToInvestigationButton key="inv" type="MEDICAL_RECORD" id={r.id} /> : null,
  ].filter(Boolean)
  return (
    <>
      <PageHeader
        eyebrow={<><Link href="/medical" className="underline">Medical</Link> · <Link href={`/dogs/${r.dog.id}`} className="underline">{r.dog.name} ({r.dog.k9Number})</Link></>}
        title={humanize(r.kind)}
        subtitle={`${formatDateTime(r.occurredAt)} · ${r.clinic} · ${r.veterinarian.name}${r.attendingVets ? ` (${r.attendingVets})` : ''}`}
        actions={actions.length ? <>{actions}</> : undefined}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          {r.decisionOutcome ? (
            <Card title="Decision" id="decision">
              <Badge tone={r.decisionOutcome === 'HALTED' ? 'amber' : 'neutral'} className="text-sm">{humanize(r.decisionOutcome)}</Badge>
              <p className="mt-2">{r.decisionReason}</p>
            </Card>
          ) : null}
          <Card title="Record" id="record">
            <dl className="space-y-3">
              {TEXT_FIELDS.filter(([k]) => r[k]).map(([k, label]) => (
                <div key={k}>
                  <dt className="text-sm font-semibold text-slate-700">{label}</dt>
                  <dd className="whitespace-pre-line">{r[k]}</dd>
                </div>
              ))}
            </dl>
          </Card>
          {r.vitals.length || r.canWrite ? (
            <Card title="Vital signs" id="vitals">
              {r.vitals.length ? (
                <>
                  <VitalsChart readings={vitalReadings(r.vitals, CHART_VITALS)} />
                  <div className="mt-4">
                    <VitalsTable rows={r.vitals} />
                  </div>
                </>
              ) : (
                <p className="text-sm text-slate-600">No readings yet.</p>
              )}
              {r.canWrite ? (
                <div className="mt-4 tile">
                  <h3 className="text-sm font-semibold text-slate-800">Add vital signs</h3>
                  <p className="text-xs text-slate-600">One or several readings; anything outside a dog’s normal range is flagged in red.</p>
                  <div className="mt-3">
                    <VitalSignsForm recordId={r.id} idempotencyKey={randomUUID()} now={now} />
                  </div>
                </div>
              ) : null}
            </Card>
          ) : null}
          {/* Imaging and attachments (components/attachments): list, upload with progress, viewer links. */}
          <AttachmentPanel actor={actor} target="medicalRecord" targetId={r.id} title="Imaging and attachments" id="attachments" imaging submitLabel="Upload image" empty="No images or files yet." />
        </div>
        <div className="min-w-0 space-y-4">
          {r.medications.length || r.canWrite ? (
            <Card title="Medications" id="medications">
              {r.medications.length ? (
                <ul className="space-y-2 text-sm">
                  {r.medications.map((m) => (
                    <li key={m.id}>
                      <span className="font-medium">{m.drug}</span> {m.dose} {m.route}
                      <span className="block text-slate-600">{formatDateTime(m.givenAt)} · {m.givenBy}{m.notes ? ` · ${m.notes}` : ''}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-600">No medications recorded.</p>
              )}
              {r.canWrite ? (
                <details className="mt-4 tile">
                  <summary className="cursor-pointer text-sm font-semibold text-brand-700">Add a medication</summary>
                  <div className="mt-3">
                    <MedicationForm recordId={r.id} idempotencyKey={randomUUID()} defaults={{ givenAt: now, givenBy: actor.name }} />
                  </div>
                </details>
              ) : null}
            </Card>
          ) : null}
          {r.recoveredItems.length || (r.canWrite && can(actor, 'evidence:collect') && RECOVERY_KINDS.includes(r.kind)) ? (
            <Card title="Recovered items" id="recovered">
              {r.recoveredItems.length ? (
                <ul className="space-y-2 text-sm">
                  {r.recoveredItems.map((e) => (
                    <li key={e.id}>
                      <Link href={`/evidence/${e.id}`} className="font-medium link">{e.number}</Link>
                      <span className="block text-slate-600">{e.description}</span>
                      <span className="block text-xs text-slate-500">{e.sealNumber ? `Seal ${e.sealNumber} · ` : ''}collected by {e.collectedBy.name}, {formatDateTime(e.collectedAt)}</span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-600">Nothing recovered yet.</p>
              )}
              {r.canWrite && can(actor, 'evidence:collect') && RECOVERY_KINDS.includes(r.kind) ? (
                <details className="mt-4 tile">
                  <summary className="cursor-pointer text-sm font-semibold text-brand-700">Record recovered item</summary>
                  <div className="mt-3">
                    <RecoveredItemForm recordId={r.id} idempotencyKey={randomUUID()} clinic={r.clinic} defaults={{ recoveredAt: now }} />
                  </div>
                </details>
              ) : null}
            </Card>
          ) : null}
          <Card title="Amendments" id="amendments">
            {r.amendments.length === 0 ? (
              <p className="text-sm text-slate-600">Not amended since it was written.</p>
            ) : (
              <ol className="space-y-4 text-sm" aria-label="Amendments">
                {r.amendments.map((a) => (
                  <li key={a.id} className="tile">
                    <p className="font-medium">{a.author.name} · <time dateTime={a.createdAt.toISOString()}>{formatDateTime(a.createdAt)}</time></p>
                    <p className="text-slate-700">Reason: {a.reason}</p>
                    <dl className="mt-2 space-y-2">
                      {a.changes.map((c) => (
                        <div key={c.field}>
                          <dt className="text-xs font-semibold uppercase text-slate-600">{FIELD_LABEL[c.field] ?? c.field}</dt>
                          <dd className="whitespace-pre-line"><del className="text-slate-500">{show(c.field, c.before)}</del> <span aria-hidden>→</span><span className="sr-only">changed to</span> <ins className="no-underline font-medium">{show(c.field, c.after)}</ins></dd>
                        </div>
                      ))}
                    </dl>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>
      </div>
    </>
  )
}

import Link from 'next/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { Card } from '@/components/ui/card'
import { PageHeader } from '@/components/ui/page-header'
import { AddToInvestigationButton, AddToInvestigationLink } from '@/components/add-to-investigation'
import { can } from '@/lib/server/policy'
import { VITAL_NORMALS, VitalsChart } from '@/components/vitals-chart'
import { XrayViewer } from '@/components/xray-viewer'
import { formatDateTime, humanize } from '@/lib/format'
import { IdSchema } from '@/lib/schemas/dogs'
import { requirePermission } from '@/lib/server/auth'
import { getMedicalRecord } from '@/lib/server/medical/queries'

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

export default async function MedicalRecordPage({ params }: { params: Promise<{ recordId: string }> }) {
  const actor = await requirePermission('medical:read')
  const id = IdSchema.safeParse((await params).recordId)
  if (!id.success) notFound()
  const r = await getMedicalRecord(actor, id.data)
  if (!r) notFound()
  const series = (key: keyof typeof VITAL_NORMALS, label: string, unit: string) => ({ label, unit, normal: VITAL_NORMALS[key], readings: r.vitals.map((v) => ({ takenAt: v.takenAt, value: v[key] })) })
  return (
    <>
      <PageHeader
        eyebrow={<><Link href="/medical" className="underline">Medical</Link> · <Link href={`/dogs/${r.dog.id}`} className="underline">{r.dog.name} ({r.dog.k9Number})</Link></>}
        title={humanize(r.kind)}
        subtitle={`${formatDateTime(r.occurredAt)} · ${r.clinic} · ${r.veterinarian.name}${r.attendingVets ? ` (${r.attendingVets})` : ''}`}
        actions={can(actor, 'investigations:manage') ? <AddToInvestigationButton type="MEDICAL_RECORD" id={r.id} /> : undefined}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
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
          {r.vitals.length ? (
            <Card title="Vital signs" id="vitals">
              <VitalsChart series={[series('heartRate', 'Heart rate', 'bpm'), series('respiratoryRate', 'Respiratory rate', '/min'), series('temperatureC', 'Temperature', '°C'), series('spo2', 'SpO₂', '%')]} />
              <div className="mt-4 overflow-x-auto">
                <table className="min-w-full text-sm">
                  <caption className="sr-only">Vital signs</caption>
                  <thead className="text-left text-xs uppercase text-slate-600">
                    <tr>
                      <th scope="col" className="py-2 pr-3">Time</th><th scope="col" className="pr-3">HR</th><th scope="col" className="pr-3">RR</th><th scope="col" className="pr-3">Temp °C</th><th scope="col" className="pr-3">SpO₂</th><th scope="col" className="pr-3">BP</th><th scope="col" className="pr-3">CRT s</th><th scope="col" className="pr-3">Pain</th><th scope="col">Note</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 tabular-nums">
                    {r.vitals.map((v) => (
                      <tr key={v.id}>
                        <td className="py-1.5 pr-3 whitespace-nowrap">{formatDateTime(v.takenAt)}</td>
                        <td className="pr-3">{v.heartRate ?? '—'}</td>
                        <td className="pr-3">{v.respiratoryRate ?? '—'}</td>
                        <td className="pr-3">{v.temperatureC ?? '—'}</td>
                        <td className="pr-3">{v.spo2 ?? '—'}</td>
                        <td className="pr-3">{v.systolicBp ? `${v.systolicBp}/${v.diastolicBp ?? '—'}` : '—'}</td>
                        <td className="pr-3">{v.capillaryRefillSec ?? '—'}</td>
                        <td className="pr-3">{v.painScore ?? '—'}</td>
                        <td className="text-slate-600">{v.notes}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
          ) : null}
          {r.attachments.length ? (
            <Card title="Imaging and attachments" id="attachments">
              <ul className="grid gap-4 xl:grid-cols-2">
                {r.attachments.map((a) => (
                  <li key={a.id} className="rounded-lg border border-slate-200 p-3">
                    {a.mediaType.startsWith('image/') ? (
                      <XrayViewer src={`/api/attachments/${a.id}`} alt={a.description ?? a.fileName} width={a.widthPx ?? undefined} height={a.heightPx ?? undefined} />
                    ) : null}
                    <p className="mt-2 text-sm font-medium">{a.fileName}</p>
                    {a.description ? <p className="text-sm text-slate-700">{a.description}</p> : null}
                    <p className="text-xs text-slate-600">{[a.modality && humanize(a.modality), a.view, a.bodyRegion].filter(Boolean).join(' · ')}</p>
                    <p className="break-all font-mono text-xs text-slate-500">SHA-256 {a.sha256}</p>
                    <div className="flex flex-wrap gap-x-4">
                      <a href={`/api/attachments/${a.id}?download=1`} className="mt-1 inline-flex min-h-11 items-center text-sm font-medium text-brand-700 underline">Download</a>
                      {can(actor, 'investigations:manage') ? <AddToInvestigationLink type="ATTACHMENT" id={a.id} label={`Add ${a.fileName} to an investigation`} /> : null}
                    </div>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
        <div className="space-y-4">
          {r.medications.length ? (
            <Card title="Medications" id="medications">
              <ul className="space-y-2 text-sm">
                {r.medications.map((m) => (
                  <li key={m.id}>
                    <span className="font-medium">{m.drug}</span> {m.dose} {m.route}
                    <span className="block text-slate-600">{formatDateTime(m.givenAt)} · {m.givenBy}{m.notes ? ` · ${m.notes}` : ''}</span>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
          {r.recoveredItems.length ? (
            <Card title="Recovered items" id="recovered">
              <ul className="space-y-2 text-sm">
                {r.recoveredItems.map((e) => (
                  <li key={e.id}>
                    <Link href={`/evidence/${e.id}`} className="font-medium text-brand-700 underline">{e.number}</Link>
                    <span className="block text-slate-600">{e.description}</span>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  )
}

import { Link } from '@/components/ui/link'
import { notFound } from 'next/navigation'
import type { Metadata } from 'next'
import { Badge } from '@/components/ui/badge'
import { ButtonLink } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { PageHeader } from '@/components/ui/page-header'
import { AddToInvestigationButton, AddToInvestigationLink } from '@/components/add-to-investigation'
import { AttachmentPanel } from '@/components/attachments/attachment-panel'
import type { Actor } from '@/lib/server/actor'
import { can } from '@/lib/server/policy'
import { formatDateTime, humanize } from '@/lib/format'
import { DISPOSITION_METHODS, IdSchema } from '@/lib/schemas/evidence'
import { requirePermission } from '@/lib/server/auth'
import { getEvidenceItem, type EvidenceDetail } from '@/lib/server/evidence/queries'
import { EvidenceStatusBadge } from '../_components/evidence-status'
import { CustodyEvents } from './_components/custody-events'
import {
  CancelTransferForm,
  CarryOutDispositionForm,
  CheckOutForm,
  DecideDispositionForm,
  DeclineTransferForm,
  LabResultForm,
  ReceiptForm,
  RequestDispositionForm,
  ReturnFromLabForm,
  StoreForm,
  SubmitToLabForm,
  TransferForm,
} from './_components/custody-forms'

export const metadata: Metadata = { title: 'Evidence item' }

const REASON: Record<string, string> = {
  'prev-hash-mismatch': 'it does not link to the event before it (an event is missing or out of order)',
  'hash-mismatch': 'its content no longer matches its hash (it was altered after it was recorded)',
  'head-mismatch': 'the last recorded event is missing or the item\'s head does not match',
}

/** Custody events the page lists at once (the latest); the whole chain is always verified, and is in the chain-of-custody report. */
const EVENTS_SHOWN = 100

export default async function EvidenceItemPage({ params, searchParams }: { params: Promise<{ evidenceId: string }>; searchParams: Promise<{ events?: string | string[] }> }) {
  const actor = await requirePermission('evidence:read')
  const id = IdSchema.safeParse((await params).evidenceId)
  if (!id.success) notFound()
  const item = await getEvidenceItem(actor, id.data)
  if (!item) notFound()
  const shownParam = (await searchParams).events
  const showAll = (Array.isArray(shownParam) ? shownParam[0] : shownParam) === 'all'
  const location = item.storageLocation
  return (
    <>
      <PageHeader
        eyebrow={<Link href="/evidence" className="underline">Evidence</Link>}
        title={item.number}
        subtitle={`${humanize(item.category)} · collected ${formatDateTime(item.collectedAt)} by ${item.collectedBy.name}`}
        actions={
          <>
            <EvidenceStatusBadge status={item.status} className="self-center text-sm" />
            <ButtonLink href={`/evidence/${item.id}/label`}>Label</ButtonLink>
            {can(actor, 'investigations:manage') ? <AddToInvestigationButton type="EVIDENCE_ITEM" id={item.id} /> : null}
            {/* A download, not a page: a plain link so the browser saves the PDF. */}
            <a href={`/evidence/${item.id}/custody-report`} download className="inline-flex min-h-11 items-center justify-center rounded-lg bg-white px-4 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50">
              Custody report (PDF)
            </a>
          </>
        }
      />
      <ChainBanner item={item} />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card title="Item" id="item">
            <p className="whitespace-pre-line">{item.description}</p>
            <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
              <Row label="Origin">
                {item.originMedicalRecord ? (
                  <>
                    Recovered from K-9 {item.originMedicalRecord.dog.name} ·{' '}
                    {item.links.medical ? (
                      <Link href={`/medical/${item.originMedicalRecord.id}`} className="link">
                        {humanize(item.originMedicalRecord.kind)} record, {formatDateTime(item.originMedicalRecord.occurredAt)}
                      </Link>
                    ) : (
                      <>{humanize(item.originMedicalRecord.kind)} record, {formatDateTime(item.originMedicalRecord.occurredAt)}</>
                    )}
                  </>
                ) : item.originIncident ? (
                  item.links.incident ? (
                    <Link href={`/incidents/${item.originIncident.id}`} className="link">
                      Incident {item.originIncident.number} ({humanize(item.originIncident.type)})
                    </Link>
                  ) : (
                    <>Incident {item.originIncident.number}</>
                  )
                ) : (
                  'Not linked to an incident or medical record'
                )}
              </Row>
              <Row label="Collected at">{item.collectedAtPlace}</Row>
              <Row label="Seal number">{item.sealNumber ?? 'None recorded'}</Row>
              <Row label="Storage location">{location ? `${location.code} (${[location.room, location.shelf && `shelf ${location.shelf}`, location.bin && `bin ${location.bin}`].filter(Boolean).join(', ')})` : 'Not in storage'}</Row>
              <Row label="Status"><EvidenceStatusBadge status={item.status} /></Row>
              <Row label="Custodian">
                {item.currentCustodian?.name ?? (item.status === 'AT_LAB' ? 'The lab' : 'Nobody')}
                {item.status === 'IN_TRANSIT' && item.pendingReceiver ? <> → {item.pendingReceiver.name} <span className="text-amber-800">(in transit, awaiting receipt)</span></> : null}
              </Row>
            </dl>
          </Card>
          {/* Photos of the item (components/attachments): its custodian, its collector or an evidence technician may add them. */}
          <AttachmentPanel actor={actor} target="evidenceItem" targetId={item.id} canUpload={item.mayAddPhotos} title="Photos" id="photos" submitLabel="Upload photo" empty="No photos of this item yet." />
          <Card title={`Chain of custody (${item.events.length})`} id="chain">
            {item.events.length > EVENTS_SHOWN && !showAll ? (
              <p className="mb-3 text-sm text-slate-700">
                The latest {EVENTS_SHOWN} of {item.events.length.toLocaleString('en-US')} events; the chain is verified in full.{' '}
                <Link href={`/evidence/${item.id}?events=all#chain`} className="font-medium link">Show all {item.events.length.toLocaleString('en-US')} events</Link> or download the chain-of-custody report.
              </p>
            ) : null}
            <CustodyEvents events={(showAll ? item.events : item.events.slice(-EVENTS_SHOWN)).map(({ id: _id, prevHash: _prevHash, ...e }) => e)} brokenAtSequence={item.verification.ok ? null : item.verification.brokenAtSequence} />
          </Card>
          <Card title="Lab work" id="labs">
            <LabSection item={item} actor={actor} canLink={can(actor, 'investigations:manage')} />
          </Card>
        </div>
        <div className="space-y-4">
          <MoveForms item={item} actorRole={actor.role} />
          <DispositionSection item={item} />
        </div>
      </div>
    </>
  )
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  )
}

function ChainBanner({ item }: { item: EvidenceDetail }) {
  const v = item.verification
  if (v.ok) {
    return (
      <p role="status" className="mb-4 rounded-xl border border-emerald-300 bg-emerald-50 p-4 font-medium text-emerald-900">
        Chain intact: {v.count} {v.count === 1 ? 'event' : 'events'}, head <code className="font-mono">{v.headHash.slice(0, 12)}</code>
      </p>
    )
  }
  return (
    <div role="alert" className="mb-4 rounded-xl border border-red-300 bg-red-50 p-4 text-red-900">
      <p className="font-semibold">
        {v.brokenAtSequence !== null ? `Chain broken at event #${v.brokenAtSequence}` : 'Chain broken at its head'}
      </p>
      <p className="text-sm">
        {v.brokenAtSequence !== null ? `Event #${v.brokenAtSequence}` : 'The chain'} does not verify: {REASON[v.reason]}. Do not rely on this chain until the evidence room has investigated.
      </p>
    </div>
  )
}

function LabSection({ item, actor, canLink }: { item: EvidenceDetail; actor: Actor; canLink: boolean }) {
  if (item.labRequests.length === 0) return <EmptyState title="No lab requests for this item." />
  return (
    <ul className="divide-y divide-slate-100">
      {item.labRequests.map((r) => (
        <li key={r.id} className="py-3">
          <p className="flex flex-wrap items-baseline gap-2">
            <span className="font-semibold">{r.lab}</span>
            <Badge tone={r.status === 'COMPLETED' ? 'green' : r.status === 'CANCELLED' ? 'neutral' : 'blue'}>{humanize(r.status)}</Badge>
            {r.labReference ? <span className="text-sm text-slate-600">Ref. {r.labReference}</span> : null}
          </p>
          <p className="text-sm">Question: {r.question}</p>
          <p className="text-sm text-slate-600">
            Requested by {r.requestedBy.name}, {formatDateTime(r.requestedAt)}
            {r.submittedEvent ? ` · submitted in custody event #${r.submittedEvent.sequence}` : ''}
            {r.dueAt ? ` · due ${formatDateTime(r.dueAt)}` : ''}
          </p>
          {r.result ? (
            <div className="mt-2 rounded-lg bg-slate-50 p-3 text-sm">
              <p className="font-semibold">Result: {r.result.conclusion}</p>
              <p>Findings: {r.result.findings}</p>
              <p className="text-slate-600">Method: {r.result.method}</p>
              <p className="text-slate-600">
                Examiner {r.result.examiner}, reported {formatDateTime(r.result.reportedAt)}; recorded by {r.result.recordedBy.name}
              </p>
              {canLink ? <AddToInvestigationLink type="LAB_RESULT" id={r.result.id} label={`Add the lab result from ${r.lab} to an investigation`} /> : null}
              <AttachmentPanel actor={actor} target="labResult" targetId={r.result.id} canUpload={item.mayAddLabReports} title="Lab report" id={`report-${r.result.id}`} inline allowPdf submitLabel="Upload report" empty="No report attached yet." />
            </div>
          ) : item.canRecordResult && (r.status === 'REQUESTED' || r.status === 'SUBMITTED') ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-sm font-medium text-brand-700">Record the lab&apos;s result</summary>
              <div className="mt-2">
                <LabResultForm evidenceId={item.id} requestId={r.id} />
              </div>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  )
}

function MoveForms({ item, actorRole }: { item: EvidenceDetail; actorRole: string }) {
  const base = { evidenceId: item.id, version: item.version }
  // Every active location, grouped by room: the room is the group's label, not repeated in each option.
  const locations = item.locations.map((g) => ({ label: g.room, options: g.locations.map((l) => ({ value: l.id, label: `${l.code}${l.description ? ` · ${l.description}` : ''}` })) }))
  const has = (m: EvidenceDetail['moves'][number]) => item.moves.includes(m)
  if (item.moves.length === 0) {
    if (item.status === 'RELEASED' || item.status === 'DISPOSED') return null
    return (
      <Card title="Custody actions" id="moves">
        <p className="text-sm text-slate-600">
          {item.status === 'IN_TRANSIT'
            ? 'This item is in transit: only the person it was handed to can confirm receipt.'
            : actorRole === 'EVIDENCE_TECH'
              ? 'No custody action is possible in this item\'s current state.'
              : 'Only the item\'s current custodian or an evidence technician can move it.'}
        </p>
      </Card>
    )
  }
  return (
    <>
      {has('receive') ? (
        <Card title="Confirm receipt" id="move-receive">
          <p className="mb-3 text-sm text-slate-700">{item.currentCustodian?.name ?? 'Someone'} handed this item to you. Check the seal, then confirm.</p>
          <ReceiptForm {...base} />
        </Card>
      ) : null}
      {has('decline') ? (
        <Card title="Decline hand-over" id="move-decline">
          <p className="mb-3 text-sm text-slate-700">Not the item you expected, or the seal is broken? Decline it: it stays with {item.currentCustodian?.name ?? 'the giver'}.</p>
          <DeclineTransferForm {...base} />
        </Card>
      ) : null}
      {has('cancelTransfer') ? (
        <Card title="Cancel hand-over" id="move-cancel">
          <p className="mb-3 text-sm text-slate-700">
            {item.pendingReceiver?.name ?? 'The receiver'} has not confirmed receipt yet. Cancelling keeps the item with {item.currentCustodian?.name ?? 'its giver'}.
          </p>
          <CancelTransferForm {...base} />
        </Card>
      ) : null}
      {has('transfer') ? (
        <Card title="Hand over" id="move-transfer">
          <TransferForm {...base} />
        </Card>
      ) : null}
      {has('store') ? (
        <Card title="Store" id="move-store">
          <StoreForm {...base} mode="store" locations={locations} />
        </Card>
      ) : null}
      {has('checkIn') ? (
        <Card title="Check in" id="move-check-in">
          <StoreForm {...base} mode="checkIn" locations={locations} defaultLocationId={item.lastCheckedOutFrom ?? undefined} />
        </Card>
      ) : null}
      {has('checkOut') ? (
        <Card title="Check out" id="move-check-out">
          <CheckOutForm {...base} />
        </Card>
      ) : null}
      {has('submitToLab') ? (
        <Card title="Submit to lab" id="move-lab">
          <SubmitToLabForm {...base} />
        </Card>
      ) : null}
      {has('returnFromLab') ? (
        <Card title="Return from lab" id="move-return">
          <ReturnFromLabForm {...base} />
        </Card>
      ) : null}
    </>
  )
}

const methodLabel = (m: string) => DISPOSITION_METHODS[m as keyof typeof DISPOSITION_METHODS] ?? humanize(m)

/** Release or disposal: asked by a technician, approved by a supervisor who is someone else, then carried out. */
function DispositionSection({ item }: { item: EvidenceDetail }) {
  const d = item.disposition
  if (item.dispositions.length === 0 && !d.canRequest) return null
  return (
    <Card title="Release or disposal" id="disposition">
      {item.dispositions.length ? (
        <ul className="mb-3 space-y-2 text-sm">
          {item.dispositions.map((r) => (
            <li key={r.id}>
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{methodLabel(r.method)}</span>
                <Badge tone={r.status === 'APPROVED' ? 'green' : r.status === 'REJECTED' ? 'red' : r.status === 'PENDING' ? 'amber' : 'neutral'}>
                  {r.status === 'PENDING' ? 'Awaiting approval' : humanize(r.status)}
                </Badge>
              </p>
              <p>{r.reason}</p>
              <p className="text-slate-600">
                Asked by {r.requestedBy.name}, {formatDateTime(r.requestedAt)}
                {r.decidedBy ? ` · ${r.status === 'REJECTED' ? 'rejected' : 'approved'} by ${r.decidedBy.name}, ${formatDateTime(r.decidedAt)}` : ''}
              </p>
              {r.decisionNote ? <p className="text-slate-600">“{r.decisionNote}”</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {d.canRequest ? <RequestDispositionForm evidenceId={item.id} methods={Object.entries(DISPOSITION_METHODS).map(([value, label]) => ({ value, label }))} /> : null}
      {d.canDecide && d.open ? <DecideDispositionForm evidenceId={item.id} requestId={d.open.id} requestVersion={d.open.version} /> : null}
      {d.open?.status === 'PENDING' && !d.canDecide ? (
        <p className="text-sm text-slate-600">A supervisor other than {d.open.requestedBy.name} must approve this request.</p>
      ) : null}
      {d.canCarryOut && d.open ? (
        <CarryOutDispositionForm
          evidenceId={item.id}
          version={item.version}
          requestId={d.open.id}
          needsRecipient={d.open.method !== 'DESTROY'}
          label={d.open.method === 'DESTROY' ? 'Record disposal' : 'Record release'}
        />
      ) : null}
    </Card>
  )
}

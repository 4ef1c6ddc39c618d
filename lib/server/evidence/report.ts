import 'server-only'
import { formatDateTime, humanize, ROLE_LABELS } from '@/lib/format'
import { DISPOSITION_METHODS } from '@/lib/schemas/evidence'
import type { Actor } from '../actor'
import { appendAudit } from '../audit'
import { sha256Hex } from '../blobs'
import { db } from '../db'
import { createPdfWriter } from '../pdf-writer'
import { CHAIN_EVENT_SELECT, verifyItemEvents, type ChainResult } from './chain'
import { evidenceScope } from './scope'

/**
 * The chain-of-custody report for one item (issue 6, item 7): a PDF with the
 * item, every custody event with its people, place, purpose, seal state and
 * hashes, the verification result recomputed at generation time, the lab work
 * and the release/disposal decisions. Who generated it and when is printed on
 * every page; generation is audited with the PDF's own SHA-256.
 */


const REASONS: Record<string, string> = {
  'prev-hash-mismatch': 'it does not link to the event before it (an event is missing or out of order)',
  'hash-mismatch': 'its content no longer matches its hash (it was altered after it was recorded)',
  'head-mismatch': 'the last recorded event is missing or the item record does not match the chain head',
}

export function verificationSentence(v: ChainResult): string {
  if (v.ok) return `Chain intact: ${v.count} ${v.count === 1 ? 'event' : 'events'}, head ${v.headHash}`
  return v.brokenAtSequence !== null
    ? `Chain broken at event #${v.brokenAtSequence}: ${REASONS[v.reason]}.`
    : `Chain broken at its head: ${REASONS[v.reason]}.`
}

const person = { select: { name: true, role: true } } as const

export type CustodyReport = { bytes: Uint8Array; fileName: string; sha256: string; pages: number; verification: ChainResult }

/** Build the PDF and audit it (evidence.custody_report_generated). Null when the item does not exist or is outside the actor's scope. */
export async function generateCustodyReport(actor: Actor, evidenceId: string, now = new Date()): Promise<CustodyReport | null> {
  const scope = evidenceScope(actor)
  if (!scope) return null
  const item = await db.evidenceItem.findFirst({
    where: { AND: [{ id: evidenceId }, scope] },
    select: {
      id: true,
      number: true,
      description: true,
      category: true,
      status: true,
      sealNumber: true,
      collectedAt: true,
      collectedAtPlace: true,
      headSequence: true,
      headHash: true,
      collectedBy: person,
      currentCustodian: person,
      pendingReceiver: person,
      storageLocation: { select: { code: true, room: true } },
      originIncident: { select: { number: true, type: true } },
      originMedicalRecord: { select: { kind: true, occurredAt: true, clinic: true, dog: { select: { name: true } } } },
      custodyEvents: {
        orderBy: { sequence: 'asc' },
        select: { ...CHAIN_EVENT_SELECT, actor: person, fromUser: person, toUser: person, location: { select: { code: true } } },
      },
      labRequests: {
        orderBy: { requestedAt: 'asc' },
        take: 50,
        select: {
          lab: true,
          question: true,
          labReference: true,
          status: true,
          requestedAt: true,
          requestedBy: person,
          submittedEvent: { select: { sequence: true } },
          result: { select: { examiner: true, method: true, findings: true, conclusion: true, reportedAt: true, recordedBy: person } },
        },
      },
      dispositions: {
        orderBy: { requestedAt: 'asc' },
        take: 20,
        select: { method: true, reason: true, status: true, requestedAt: true, decidedAt: true, decisionNote: true, requestedBy: person, decidedBy: person },
      },
    },
  })
  if (!item) return null
  const verification = verifyItemEvents(item.custodyEvents, item)
  const who = (p: { name: string; role: string } | null) => (p ? `${p.name} (${ROLE_LABELS[p.role] ?? p.role})` : '-')

  const w = await createPdfWriter()
  const { doc } = w
  doc.setTitle(`Chain of custody ${item.number}`)
  doc.setAuthor(actor.name)
  doc.setCreator('K9 Casebook')
  doc.setCreationDate(now)

  w.text('Chain-of-custody report', { font: 'bold', size: 20, gapAfter: 4 })
  w.text(`${item.number} · ${humanize(item.category)}`, { font: 'bold', size: 13, gapAfter: 8 })
  w.text(verificationSentence(verification), { font: 'bold', size: 11, color: verification.ok ? [0.02, 0.4, 0.2] : [0.7, 0.05, 0.05], gapAfter: 2 })
  w.text(`Verified by recomputing every event's SHA-256 (previous hash + canonical JSON of the event) at ${formatDateTime(now)}.`, { size: 9, gapAfter: 6 })

  w.heading('Item')
  w.text(item.description, { gapAfter: 4 })
  const origin = item.originMedicalRecord
    ? `Recovered from K-9 ${item.originMedicalRecord.dog.name}: ${humanize(item.originMedicalRecord.kind)} record, ${formatDateTime(item.originMedicalRecord.occurredAt)}, ${item.originMedicalRecord.clinic}`
    : item.originIncident
      ? `Incident ${item.originIncident.number} (${humanize(item.originIncident.type)})`
      : 'Not linked to an incident or medical record'
  for (const [label, value] of [
    ['Collected', `${formatDateTime(item.collectedAt)} by ${who(item.collectedBy)}, ${item.collectedAtPlace}`],
    ['Origin', origin],
    ['Seal number', item.sealNumber ?? 'None recorded'],
    ['Status', humanize(item.status)],
    ['Custodian', item.currentCustodian ? who(item.currentCustodian) : 'Nobody in the unit'],
    ...(item.pendingReceiver ? [['In transit to', who(item.pendingReceiver)]] : []),
    ['Storage location', item.storageLocation ? `${item.storageLocation.code} (${item.storageLocation.room})` : 'Not in storage'],
  ] as const) {
    w.text(`${label}: ${value}`)
  }

  w.heading(`Custody events (${item.custodyEvents.length})`)
  const brokenAt = verification.ok ? null : verification.brokenAtSequence
  for (const e of item.custodyEvents) {
    w.ensure(90)
    const mark = brokenAt === e.sequence ? '  [DOES NOT VERIFY]' : ''
    w.text(`#${e.sequence} ${humanize(e.action)} - ${formatDateTime(e.occurredAt)}${mark}`, { font: 'bold', size: 11, color: mark ? [0.7, 0.05, 0.05] : undefined })
    const to = e.toUser ? who(e.toUser) : e.labName
    if (e.fromUser && to) w.text(`From ${who(e.fromUser)} to ${to}`, { indent: 12 })
    else if (e.fromUser) w.text(`From ${who(e.fromUser)}`, { indent: 12 })
    else if (to) w.text(`To ${to}`, { indent: 12 })
    const where = [e.location?.code && `location ${e.location.code}`, e.place !== e.location?.code ? e.place : null, e.labName].filter(Boolean).join(' · ')
    if (where) w.text(`Where: ${where}`, { indent: 12 })
    if (e.purpose) w.text(`Why: ${e.purpose}`, { indent: 12 })
    w.text(`Seal intact: ${e.sealIntact === null ? 'not stated' : e.sealIntact ? 'yes' : 'NO'}`, { indent: 12 })
    if (e.notes) w.text(`Notes: ${e.notes}`, { indent: 12 })
    w.text(`Recorded by ${who(e.actor)}`, { indent: 12 })
    w.text(`prev ${e.prevHash}`, { font: 'mono', size: 7.5, indent: 12, gapAfter: 0 })
    w.text(`hash ${e.hash}`, { font: 'mono', size: 7.5, indent: 12, gapAfter: 8 })
  }

  const people = new Map<string, string>()
  for (const e of item.custodyEvents) for (const p of [e.actor, e.fromUser, e.toUser]) if (p) people.set(p.name, who(p))
  w.heading('People in the chain')
  for (const p of [...people.values()].sort()) w.text(p)

  w.heading('Lab work')
  if (item.labRequests.length === 0) w.text('No lab requests.')
  for (const r of item.labRequests) {
    w.ensure(60)
    w.text(`${r.lab}${r.labReference ? ` (ref. ${r.labReference})` : ''} - ${humanize(r.status)}`, { font: 'bold' })
    w.text(`Question: ${r.question}`, { indent: 12 })
    w.text(`Requested by ${who(r.requestedBy)}, ${formatDateTime(r.requestedAt)}${r.submittedEvent ? `; submitted in custody event #${r.submittedEvent.sequence}` : ''}`, { indent: 12 })
    if (r.result) {
      w.text(`Conclusion: ${r.result.conclusion}`, { indent: 12, font: 'bold' })
      w.text(`Findings: ${r.result.findings}`, { indent: 12 })
      w.text(`Method: ${r.result.method}. Examiner ${r.result.examiner}, reported ${formatDateTime(r.result.reportedAt)}; recorded by ${who(r.result.recordedBy)}`, { indent: 12, gapAfter: 6 })
    }
  }

  if (item.dispositions.length) {
    w.heading('Release or disposal')
    for (const d of item.dispositions) {
      w.text(`${DISPOSITION_METHODS[d.method as keyof typeof DISPOSITION_METHODS] ?? d.method} - ${humanize(d.status)}`, { font: 'bold' })
      w.text(`Reason: ${d.reason}`, { indent: 12 })
      w.text(`Asked by ${who(d.requestedBy)}, ${formatDateTime(d.requestedAt)}`, { indent: 12 })
      if (d.decidedBy) w.text(`Decided by ${who(d.decidedBy)}, ${formatDateTime(d.decidedAt)}${d.decisionNote ? `: ${d.decisionNote}` : ''}`, { indent: 12, gapAfter: 6 })
    }
  }

  w.footer(`${item.number} · generated by ${actor.name} (${ROLE_LABELS[actor.role] ?? actor.role}) at ${formatDateTime(now)} · K9 Casebook`)
  const bytes = await doc.save()
  const sha256 = sha256Hex(bytes)
  await appendAudit(actor, 'evidence.custody_report_generated', { type: 'EvidenceItem', id: item.id }, { details: { sha256, pages: w.pages.length, chainOk: verification.ok } })
  return { bytes, fileName: `${item.number}-chain-of-custody.pdf`, sha256, pages: w.pages.length, verification }
}

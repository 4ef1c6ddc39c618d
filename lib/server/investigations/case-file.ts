import 'server-only'
import { formatDateTime, humanize, ROLE_LABELS } from '@/lib/format'
import { RELATION_LABELS, TARGET_LABELS } from '@/lib/schemas/investigations'
import type { Actor } from '../actor'
import { recordAudit } from '../audit'
import { blobStore, sha256Hex } from '../blobs'
import { db } from '../db'
import { can } from '../policy'
import { medicalReadableDogs } from './access'
import { getInvestigation, getTimeline } from './queries'
import { resolveMentions } from './mentions'
import { noteAsText } from '@/lib/mentions'
import { createPdfWriter } from '../pdf-writer'
import { CHAIN_EVENT_SELECT, verifyItemEvents } from '../evidence/chain'
import { verificationSentence } from '../evidence/report'

/**
 * The court case file (issue 7): a PDF for the prosecutor with the summary,
 * the team, the linked (and unlinked) records, the timeline, each evidence
 * item's chain of custody with its verification result and hashes, and every
 * attachment with its SHA-256 re-checked against the stored bytes. Generated
 * on demand; who generated it and when is printed on every page and audited
 * (investigations.case_file_generated, with the PDF's own SHA-256). Medical
 * detail is left out when asked, or when the actor may not read it.
 */


// ───────────────────────────── the case file ─────────────────────────────

export type CaseFile = { bytes: Uint8Array; fileName: string; sha256: string; pages: number; medicalIncluded: boolean }

/**
 * Build the case file and audit its generation. Null when the investigation
 * does not exist or the actor may not see it (404).
 */
export async function generateCaseFile(actor: Actor, investigationId: string, options: { includeMedical: boolean }, now = new Date()): Promise<CaseFile | null> {
  const medicalIncluded = options.includeMedical && can(actor, 'medical:read')
  const withholdMedical = !medicalIncluded
  const [inv, timeline] = await Promise.all([getInvestigation(actor, investigationId, { withholdMedical }), getTimeline(actor, investigationId, { withholdMedical })])
  if (!inv || !timeline) return null

  const readEvidence = can(actor, 'evidence:read')
  const linkedItemIds = inv.activeLinks.filter((l) => l.targetType === 'EVIDENCE_ITEM').map((l) => l.target.id)
  const linkedLabResultIds = inv.activeLinks.filter((l) => l.targetType === 'LAB_RESULT').map((l) => l.target.id)
  const linkedAttachmentIds = inv.activeLinks.filter((l) => l.targetType === 'ATTACHMENT').map((l) => l.target.id)
  const linkedMedicalIds = inv.activeLinks.filter((l) => l.targetType === 'MEDICAL_RECORD').map((l) => l.target.id)

  const items = readEvidence
    ? await db.evidenceItem.findMany({
        where: { archivedAt: null, OR: [{ id: { in: linkedItemIds } }, { labRequests: { some: { result: { id: { in: linkedLabResultIds } } } } }] },
        orderBy: { number: 'asc' },
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
          collectedBy: { select: { name: true } },
          currentCustodian: { select: { name: true } },
          storageLocation: { select: { code: true } },
          custodyEvents: {
            orderBy: { sequence: 'asc' },
            select: {
              ...CHAIN_EVENT_SELECT,
              actor: { select: { name: true } },
              fromUser: { select: { name: true } },
              toUser: { select: { name: true } },
              location: { select: { code: true } },
            },
          },
          labRequests: { select: { lab: true, labReference: true, question: true, result: { select: { conclusion: true, findings: true, examiner: true, method: true, reportedAt: true } } } },
        },
      })
    : []
  const itemIds = items.map((i) => i.id)
  const attachments = await db.attachment.findMany({
    where: {
      archivedAt: null,
      OR: [
        { id: { in: linkedAttachmentIds } },
        ...(itemIds.length ? [{ evidenceItemId: { in: itemIds } }, { labResult: { request: { evidenceItemId: { in: itemIds } } } }] : []),
        ...(linkedLabResultIds.length && readEvidence ? [{ labResultId: { in: linkedLabResultIds } }] : []),
        ...(linkedMedicalIds.length ? [{ medicalRecordId: { in: linkedMedicalIds } }] : []),
      ],
    },
    orderBy: { createdAt: 'asc' },
    take: 500,
    select: { id: true, fileName: true, mediaType: true, sizeBytes: true, sha256: true, blobKey: true, description: true, modality: true, createdAt: true, uploadedBy: { select: { name: true } }, medicalRecord: { select: { dogId: true } }, evidenceItemId: true, labResultId: true },
  })
  const medicalOk = withholdMedical ? () => false : await medicalReadableDogs(actor, attachments.flatMap((a) => (a.medicalRecord ? [a.medicalRecord.dogId] : [])))
  // Re-check every file against its recorded hash (external I/O, bounded by `take`).
  const store = await blobStore()
  const checks = await Promise.all(
    attachments.map(async (a) => {
      try {
        const actual = await store.hashOf(a.blobKey)
        return actual === a.sha256 ? 'verified: the stored bytes match this hash' : `MISMATCH: the stored bytes hash to ${actual}`
      } catch {
        return 'NOT VERIFIED: the stored file is missing'
      }
    }),
  )

  const w = await createPdfWriter()
  const { doc } = w
  const generatedLine = `${inv.number} · Case file generated ${formatDateTime(now)} by ${actor.name} (${ROLE_LABELS[actor.role] ?? actor.role})`
  doc.setTitle(`${inv.number} ${inv.title}: case file`)
  doc.setAuthor(actor.name)
  doc.setCreator('K9 Casebook')
  doc.setProducer('K9 Casebook (pdf-lib)')
  doc.setCreationDate(now)
  doc.setModificationDate(now)

  // Cover
  w.text('CASE FILE', { font: 'bold', size: 10, color: [0.4, 0.42, 0.46] })
  w.heading(`${inv.title}`, 1)
  w.text(inv.number, { font: 'bold', size: 13, gapAfter: 10 })
  w.field('Status', `${humanize(inv.status)}${inv.disposition ? ` (disposition: ${inv.disposition})` : ''}`)
  w.field('Opened', formatDateTime(inv.openedAt))
  if (inv.closedAt) w.field('Closed', formatDateTime(inv.closedAt))
  w.field('Lead investigator', inv.lead.name)
  w.field('Team', inv.members.map((m) => `${m.name} (${ROLE_LABELS[m.role] ?? m.role})`).join('; ') || 'none')
  w.space(6)
  w.field('Generated', `${formatDateTime(now)} by ${actor.name} (${actor.email}), on demand; the generation is recorded in the audit trail.`)
  w.field('Medical detail', medicalIncluded ? 'included' : 'left out of this copy (the recipient may not see medical records); medical entries show only that a record exists and when')
  w.space(4)
  w.text('Hashes are SHA-256, hexadecimal. A custody event\'s hash is SHA-256(previous hash || canonical JSON of the event); the first event\'s previous hash is 64 zeros. Anyone can recompute them.', { font: 'italic', size: 9, color: [0.3, 0.32, 0.36] })

  w.heading('Summary')
  w.text(inv.summary)

  // Linked records
  w.heading('Linked records')
  const types = [...new Set(inv.activeLinks.map((l) => l.targetType))]
  if (types.length === 0) w.text('None.')
  for (const type of types) {
    w.heading(TARGET_LABELS[type], 3)
    for (const l of inv.activeLinks.filter((x) => x.targetType === type)) {
      w.text(`${RELATION_LABELS[l.relation]}: ${l.target.title}${l.target.date ? ` (${formatDateTime(l.target.date)})` : ''}`, { font: 'bold', size: 10, indent: 8, gapAfter: 0 })
      if (l.target.subtitle) w.text(l.target.subtitle, { size: 9, indent: 16, gapAfter: 0, color: [0.3, 0.32, 0.36] })
      if (l.note) w.text(`Note: ${l.note}`, { size: 9, indent: 16, gapAfter: 0 })
      w.text(`Linked by ${l.createdBy}, ${formatDateTime(l.createdAt)}`, { size: 8, indent: 16, color: [0.4, 0.42, 0.46], gapAfter: 4 })
    }
  }
  if (inv.removedLinks.length) {
    w.heading('Removed links', 3)
    for (const l of inv.removedLinks) {
      w.text(`${RELATION_LABELS[l.relation]}: ${l.target.title} — linked by ${l.createdBy} ${formatDateTime(l.createdAt)}; removed by ${l.removedBy ?? 'unknown'} ${formatDateTime(l.removedAt)}: ${l.removedReason ?? ''}`, { size: 9, indent: 8, gapAfter: 3 })
    }
  }

  // Timeline
  w.heading('Timeline')
  for (const e of timeline.events) {
    w.text(`${formatDateTime(e.at)} · ${humanize(e.kind)}${e.restricted ? ' (medical detail left out)' : ''}`, { size: 8, color: [0.4, 0.42, 0.46], gapAfter: 0 })
    w.text(e.title, { font: 'bold', size: 10, gapAfter: 0 })
    if (e.detail && !e.restricted) w.text(e.detail, { size: 9, indent: 8, gapAfter: 0 })
    w.space(5)
  }

  // Chains of custody
  w.heading('Evidence and chain of custody')
  if (!readEvidence) w.text('Not included: the role that generated this file may not read evidence.')
  else if (items.length === 0) w.text('No evidence item is linked.')
  for (const item of items) {
    // The same verification as the item page and the custody report, head check included.
    const verification = verifyItemEvents(item.custodyEvents, item)
    w.heading(`${item.number} · ${humanize(item.category)}`, 3)
    w.text(item.description, { size: 10 })
    w.field('Collected', `${formatDateTime(item.collectedAt)} by ${item.collectedBy.name} at ${item.collectedAtPlace}`, { size: 9 })
    w.field('Status', `${humanize(item.status)}${item.currentCustodian ? `; custodian ${item.currentCustodian.name}` : ''}${item.storageLocation ? `; stored at ${item.storageLocation.code}` : ''}${item.sealNumber ? `; seal ${item.sealNumber}` : ''}`, { size: 9 })
    w.text(
      verification.ok
        ? `Chain verification: VERIFIED: all ${verification.count} events recomputed and linked, and the head matches the item record. Head hash:`
        : `Chain verification: FAILED. ${verificationSentence(verification)}`,
      { font: 'bold', size: 9, color: verification.ok ? [0.02, 0.4, 0.2] : [0.7, 0.05, 0.05], gapAfter: 0 },
    )
    if (verification.ok) w.text(verification.headHash, { font: 'mono', size: 8 })
    for (const e of item.custodyEvents) {
      const who = [e.fromUser ? `from ${e.fromUser.name}` : null, e.toUser ? `to ${e.toUser.name}` : null].filter(Boolean).join(' ')
      w.text(`#${e.sequence} ${humanize(e.action)} · ${formatDateTime(e.occurredAt)} · recorded by ${e.actor.name}${who ? ` · ${who}` : ''}`, { font: 'bold', size: 9, indent: 8, gapAfter: 0 })
      const details = [e.place ?? e.location?.code, e.labName, e.purpose, e.sealIntact === null ? null : e.sealIntact ? 'seal intact' : 'SEAL NOT INTACT', e.notes].filter(Boolean).join(' · ')
      if (details) w.text(details, { size: 9, indent: 16, gapAfter: 0 })
      w.text(`prev ${e.prevHash}`, { font: 'mono', size: 7, indent: 16, gapAfter: 0, color: [0.35, 0.38, 0.42] })
      w.text(`hash ${e.hash}`, { font: 'mono', size: 7, indent: 16, gapAfter: 4 })
    }
    for (const r of item.labRequests) {
      w.text(`Lab request to ${r.lab}${r.labReference ? ` (${r.labReference})` : ''}: ${r.question}`, { size: 9, indent: 8, gapAfter: 0 })
      if (r.result) w.text(`Result ${formatDateTime(r.result.reportedAt)}, ${r.result.examiner}, ${r.result.method}: ${r.result.findings} Conclusion: ${r.result.conclusion}`, { size: 9, indent: 16, gapAfter: 4 })
    }
  }

  // Attachments
  w.heading('Attachments and their hashes')
  if (attachments.length === 0) w.text('No attachment is linked.')
  attachments.forEach((a, i) => {
    const withheld = a.medicalRecord !== null && !medicalOk(a.medicalRecord.dogId)
    w.text(withheld ? 'Medical attachment (description left out)' : `${a.fileName}${a.description ? ` · ${a.description}` : ''}`, { font: 'bold', size: 9, gapAfter: 0 })
    if (!withheld) w.text(`${a.mediaType}, ${a.sizeBytes.toLocaleString('en-GB')} bytes${a.modality ? `, ${humanize(a.modality)}` : ''}; uploaded ${formatDateTime(a.createdAt)} by ${a.uploadedBy.name}`, { size: 8, indent: 8, gapAfter: 0 })
    w.text(`SHA-256 ${a.sha256}`, { font: 'mono', size: 8, indent: 8, gapAfter: 0 })
    w.text(`Re-checked ${formatDateTime(now)}: ${checks[i]}`, { size: 8, indent: 8, gapAfter: 5, color: checks[i]!.startsWith('verified') ? [0.02, 0.4, 0.2] : [0.7, 0.05, 0.05] })
  })

  // Case notes
  w.heading('Case notes')
  if (inv.notes.length === 0) w.text('None.')
  // Mentions print as the record's current title, or "[restricted record]" for what this file may not show.
  const mentioned = await resolveMentions(actor, inv.notes.map((n) => n.body), { withholdMedical })
  for (const n of inv.notes) {
    w.text(`${n.author.name}, ${formatDateTime(n.createdAt)}`, { font: 'bold', size: 9, gapAfter: 0 })
    w.text(noteAsText(n.body, mentioned), { size: 10, gapAfter: 5 })
  }

  w.footer(generatedLine)
  const bytes = await doc.save()
  const sha256 = sha256Hex(bytes)
  const pages = w.pages.length
  await db.$transaction((tx) =>
    recordAudit(tx, actor, 'investigations.case_file_generated', { type: 'Investigation', id: inv.id }, { details: { sha256, pages, bytes: bytes.length, medicalIncluded } }),
  )
  const fileName = `${inv.number}-case-file-${now.toISOString().slice(0, 10)}${medicalIncluded ? '' : '-without-medical'}.pdf`
  return { bytes, fileName, sha256, pages, medicalIncluded }
}

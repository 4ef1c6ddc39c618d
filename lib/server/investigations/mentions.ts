import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import { formatDate, humanize } from '@/lib/format'
import { mentionedIds, mentionKey, type MentionKind } from '@/lib/mentions'
import type { Actor } from '../actor'
import { db } from '../db'
import { evidenceScope } from '../evidence/scope'
import { medicalRecordScope } from '../medical/scope'
import { can } from '../policy'
import { manageScope, medicalReadableDogs } from './access'
import { recordHref } from './hrefs'
import { containsText } from '../same-text'

/**
 * Resolving and searching the records a case note may mention (lib/mentions.ts).
 * SECURITY: both apply the reader's own scope per kind (the same rules as the
 * records' pages), so a mention of a record the reader may not see resolves
 * to nothing and is shown as "restricted record", never by its title.
 */

export type ResolvedMention = { title: string; href: string | null }
export type MentionOption = { type: MentionKind; id: string; label: string; detail: string | null }

type Options = { withholdMedical?: boolean }

const dogTitle = (d: { name: string; k9Number: string }) => `K-9 ${d.name} (${d.k9Number})`
const handlerTitle = (h: { rank: string; firstName: string; lastName: string; badgeNumber: string }) => `${h.rank} ${h.firstName} ${h.lastName} (${h.badgeNumber})`
const medicalTitle = (m: { kind: string; occurredAt: Date; dog: { name: string } }) => `${humanize(m.kind)} · K-9 ${m.dog.name}, ${formatDate(m.occurredAt)}`
const labTitle = (r: { request: { lab: string; evidenceItem: { number: string } } }) => `Lab result (${r.request.lab}) for ${r.request.evidenceItem.number}`

const ATTACHMENT_SELECT = {
  id: true,
  fileName: true,
  description: true,
  modality: true,
  medicalRecord: { select: { dogId: true, archivedAt: true } },
  evidenceItem: { select: { id: true } },
  labResultId: true,
  incidentId: true,
} satisfies Prisma.AttachmentSelect
type AttachmentRow = Prisma.AttachmentGetPayload<{ select: typeof ATTACHMENT_SELECT }>

/** Which of these attachments the actor may read: by their owner's rule (as canReadTarget), in one query at most. */
async function readableAttachments(actor: Actor, rows: AttachmentRow[], options: Options): Promise<AttachmentRow[]> {
  const dogIds = rows.flatMap((a) => (a.medicalRecord ? [a.medicalRecord.dogId] : []))
  const medicalOk = options.withholdMedical ? () => false : await medicalReadableDogs(actor, dogIds)
  return rows.filter((a) => {
    if (a.medicalRecord) return !a.medicalRecord.archivedAt && medicalOk(a.medicalRecord.dogId)
    if (a.evidenceItem || a.labResultId) return can(actor, 'evidence:read')
    if (a.incidentId) return can(actor, 'incidents:read')
    return false
  })
}

/**
 * The current title and page of every record the notes mention that the
 * actor may read; a mention missing from the map is restricted (or gone).
 * One query per kind mentioned.
 */
export async function resolveMentions(actor: Actor, bodies: readonly string[], options: Options = {}): Promise<Map<string, ResolvedMention>> {
  const ids = mentionedIds(bodies)
  const out = new Map<string, ResolvedMention>()
  const put = (type: MentionKind, id: string, title: string, href: string | null) => out.set(mentionKey(type, id), { title, href })
  const none = Promise.resolve([])
  const evScope = evidenceScope(actor)
  const medScope = options.withholdMedical ? null : medicalRecordScope(actor)
  const [incidents, deployments, dogs, handlers, medical, attachments, items, labs] = await Promise.all([
    ids.incident.length && can(actor, 'incidents:read')
      ? db.incident.findMany({ where: { id: { in: ids.incident }, archivedAt: null }, select: { id: true, number: true, type: true } })
      : none,
    ids.deployment.length && can(actor, 'incidents:read')
      ? db.deployment.findMany({ where: { id: { in: ids.deployment }, incident: { archivedAt: null } }, select: { id: true, dog: { select: { name: true } }, incident: { select: { id: true, number: true } } } })
      : none,
    ids.dog.length && can(actor, 'dogs:read') ? db.dog.findMany({ where: { id: { in: ids.dog }, archivedAt: null }, select: { id: true, name: true, k9Number: true } }) : none,
    ids.handler.length && can(actor, 'handlers:read')
      ? db.handler.findMany({ where: { id: { in: ids.handler } }, select: { id: true, rank: true, firstName: true, lastName: true, badgeNumber: true } })
      : none,
    ids.medical.length && medScope
      ? db.medicalRecord.findMany({ where: { AND: [{ id: { in: ids.medical }, archivedAt: null }, medScope] }, select: { id: true, kind: true, occurredAt: true, dog: { select: { name: true } } } })
      : none,
    ids.attachment.length ? db.attachment.findMany({ where: { id: { in: ids.attachment }, archivedAt: null }, select: ATTACHMENT_SELECT }) : none,
    ids.evidence.length && evScope ? db.evidenceItem.findMany({ where: { AND: [{ id: { in: ids.evidence } }, evScope] }, select: { id: true, number: true, category: true } }) : none,
    ids.lab.length && evScope
      ? db.labResult.findMany({ where: { id: { in: ids.lab }, request: { evidenceItem: evScope } }, select: { id: true, request: { select: { lab: true, evidenceItem: { select: { id: true, number: true } } } } } })
      : none,
  ])
  for (const i of incidents) put('incident', i.id, `${i.number} · ${humanize(i.type)}`, recordHref.incident(i.id))
  for (const d of deployments) put('deployment', d.id, `K-9 ${d.dog.name} at ${d.incident.number}`, recordHref.deployment(d.incident.id, d.id))
  for (const d of dogs) put('dog', d.id, dogTitle(d), recordHref.dog(d.id))
  for (const h of handlers) put('handler', h.id, handlerTitle(h), recordHref.handler(h.id))
  for (const m of medical) put('medical', m.id, medicalTitle(m), recordHref.medicalRecord(m.id))
  for (const a of await readableAttachments(actor, attachments, options)) put('attachment', a.id, a.description ?? a.fileName, recordHref.attachment(a.id))
  for (const e of items) put('evidence', e.id, `${e.number} · ${humanize(e.category)}`, recordHref.evidenceItem(e.id))
  for (const r of labs) put('lab', r.id, labTitle(r), recordHref.evidenceItem(r.request.evidenceItem.id))
  return out
}

const PER_KIND = 5

/**
 * The records matching `q` that the actor may read, for the mention picker:
 * a few of each kind, including those without a number (deployments, medical
 * records, attachments, lab results), each with the label it will be inserted as.
 */
export async function searchMentionable(actor: Actor, q: string): Promise<MentionOption[]> {
  const text = q.trim()
  if (!text) return []
  const like = containsText(text)
  const none = Promise.resolve([])
  const evScope = evidenceScope(actor)
  const medScope = medicalRecordScope(actor)
  const [incidents, deployments, dogs, handlers, medical, attachments, items, labs] = await Promise.all([
    can(actor, 'incidents:read')
      ? db.incident.findMany({ where: { archivedAt: null, OR: [{ number: like }, { locationText: like }] }, orderBy: { occurredAt: 'desc' }, take: PER_KIND, select: { id: true, number: true, type: true, locationText: true } })
      : none,
    can(actor, 'incidents:read')
      ? db.deployment.findMany({
          where: { incident: { archivedAt: null }, OR: [{ dog: { name: like } }, { incident: { number: like } }, { incident: { locationText: like } }] },
          orderBy: { deployedAt: 'desc' },
          take: PER_KIND,
          select: { id: true, task: true, deployedAt: true, exposures: true, dog: { select: { name: true } }, incident: { select: { number: true, locationText: true } } },
        })
      : none,
    can(actor, 'dogs:read') ? db.dog.findMany({ where: { archivedAt: null, OR: [{ name: like }, { k9Number: like }] }, orderBy: { name: 'asc' }, take: PER_KIND, select: { id: true, name: true, k9Number: true, breed: true } }) : none,
    can(actor, 'handlers:read')
      ? db.handler.findMany({ where: { OR: [{ lastName: like }, { firstName: like }, { badgeNumber: like }] }, orderBy: { lastName: 'asc' }, take: PER_KIND, select: { id: true, rank: true, firstName: true, lastName: true, badgeNumber: true, unit: true } })
      : none,
    medScope
      ? db.medicalRecord.findMany({
          where: { AND: [{ archivedAt: null, OR: [{ dog: { name: like } }, { clinic: like }, { diagnosis: like }] }, medScope] },
          orderBy: { occurredAt: 'desc' },
          take: PER_KIND,
          select: { id: true, kind: true, occurredAt: true, clinic: true, dog: { select: { name: true } } },
        })
      : none,
    db.attachment.findMany({
      where: { archivedAt: null, OR: [{ fileName: like }, { description: like }, { medicalRecord: { dog: { name: like } } }] },
      orderBy: { createdAt: 'desc' },
      take: PER_KIND * 2,
      select: { ...ATTACHMENT_SELECT, sha256: true },
    }),
    evScope
      ? db.evidenceItem.findMany({ where: { AND: [{ OR: [{ number: like }, { description: like }] }, evScope] }, orderBy: { collectedAt: 'desc' }, take: PER_KIND, select: { id: true, number: true, category: true, description: true } })
      : none,
    evScope
      ? db.labResult.findMany({
          where: { request: { evidenceItem: evScope }, OR: [{ conclusion: like }, { request: { lab: like } }, { request: { evidenceItem: { number: like } } }] },
          orderBy: { reportedAt: 'desc' },
          take: PER_KIND,
          select: { id: true, conclusion: true, request: { select: { lab: true, evidenceItem: { select: { id: true, number: true } } } } },
        })
      : none,
  ])
  const readable = (await readableAttachments(actor, attachments, {})).slice(0, PER_KIND)
  return [
    ...dogs.map((d) => ({ type: 'dog' as const, id: d.id, label: dogTitle(d), detail: d.breed })),
    ...handlers.map((h) => ({ type: 'handler' as const, id: h.id, label: handlerTitle(h), detail: h.unit })),
    ...incidents.map((i) => ({ type: 'incident' as const, id: i.id, label: `${i.number} · ${humanize(i.type)}`, detail: i.locationText })),
    ...deployments.map((d) => ({
      type: 'deployment' as const,
      id: d.id,
      label: `K-9 ${d.dog.name} at ${d.incident.number}`,
      detail: `${humanize(d.task)}, ${formatDate(d.deployedAt)}${d.exposures.length ? ` · ${d.exposures.map(humanize).join(', ')}` : ''}`,
    })),
    ...medical.map((m) => ({ type: 'medical' as const, id: m.id, label: medicalTitle(m), detail: m.clinic })),
    ...readable.map((a) => ({ type: 'attachment' as const, id: a.id, label: a.description ?? a.fileName, detail: `${a.fileName}${a.modality ? ` · ${humanize(a.modality)}` : ''}` })),
    ...items.map((e) => ({ type: 'evidence' as const, id: e.id, label: `${e.number} · ${humanize(e.category)}`, detail: e.description })),
    ...labs.map((r) => ({ type: 'lab' as const, id: r.id, label: labTitle(r), detail: r.conclusion })),
  ]
}

/**
 * The picker's search for one investigation's note form: null (404) unless the
 * actor may write notes on it (lead or team with investigations:manage).
 */
export async function searchMentionsFor(actor: Actor, investigationId: string, q: string): Promise<MentionOption[] | null> {
  const scope = manageScope(actor)
  if (!scope) return null
  const seat = await db.investigation.count({ where: { AND: [{ id: investigationId }, scope] } })
  if (seat !== 1) return null
  return searchMentionable(actor, q)
}

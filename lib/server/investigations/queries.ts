import 'server-only'
import { noteAsText } from '@/lib/mentions'
import { resolveMentions } from './mentions'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { LinkRelation, LinkTargetType } from '@/lib/generated/prisma/enums'
import { humanize } from '@/lib/format'
import type { ListInvestigationsInput } from '@/lib/schemas/investigations'
import type { Actor } from '../actor'
import { chosenFirst } from '../chosen-first'
import { db } from '../db'
import { can } from '../policy'
import { canReadTarget, investigationScope, manageScope, medicalReadableDogs } from './access'
import { recordHref } from './hrefs'
import { readTimelineCase, readTimelineDetail, type TimelineDetail } from './timeline-reads'
import { readInvestigation } from './investigation-read'
import { timelineWindow } from '@/lib/timeline-window'
import { wordsFilter } from '@/lib/words-filter'
import { containsText } from '../same-text'

export const INVESTIGATIONS_PAGE_SIZE = 25
const DAY_MS = 86_400_000

// ───────────────────────────── list ─────────────────────────────

/** The investigations the actor may see (lead, team, or any as supervisor), newest first. */
export async function listInvestigations(actor: Actor, input: ListInvestigationsInput = { page: 1 }) {
  const scope = investigationScope(actor)
  if (!scope) return { rows: [], total: 0, page: 1, pageCount: 0 }
  // Through the trigram index on the three columns (a BitmapOr); a text it cannot answer is not searched (wordsFilter).
  const q = wordsFilter(input.q)
  const where: Prisma.InvestigationWhereInput = {
    AND: [
      scope,
      input.status ? { status: input.status } : {},
      q ? { OR: [{ number: containsText(q) }, { title: containsText(q) }, { summary: containsText(q) }] } : {},
    ],
  }
  // PERFORMANCE: chosen on the investigation table, then loaded with its counts (chosenFirst: 341 → 34 ms a page).
  const [total, rows] = await Promise.all([
    db.investigation.count({ where }),
    chosenFirst(
      () => db.investigation.findMany({ where, orderBy: [{ openedAt: 'desc' }, { id: 'desc' }], skip: (input.page - 1) * INVESTIGATIONS_PAGE_SIZE, take: INVESTIGATIONS_PAGE_SIZE, select: { id: true } }),
      (ids) =>
        db.investigation.findMany({
          where: { id: { in: ids } },
          select: {
            id: true,
            number: true,
            title: true,
            status: true,
            disposition: true,
            openedAt: true,
            closedAt: true,
            updatedAt: true,
            lead: { select: { id: true, name: true } },
            _count: { select: { members: true, links: { where: { removedAt: null } }, notes: true } },
          },
        }),
    ),
  ])
  return {
    rows: rows.map(({ _count, ...r }) => ({ ...r, memberCount: _count.members, linkCount: _count.links, noteCount: _count.notes, isLead: r.lead.id === actor.id })),
    total,
    page: input.page,
    pageCount: Math.ceil(total / INVESTIGATIONS_PAGE_SIZE),
  }
}

export type InvestigationListRow = Awaited<ReturnType<typeof listInvestigations>>['rows'][number]

// ───────────────────────────── one investigation ─────────────────────────────

const TARGET_SELECT = {
  incident: { select: { id: true, number: true, type: true, occurredAt: true, locationText: true } },
  deployment: {
    select: {
      id: true,
      deployedAt: true,
      task: true,
      outcome: true,
      exposures: true,
      dog: { select: { id: true, name: true } },
      incident: { select: { id: true, number: true, type: true, locationText: true } },
    },
  },
  dog: { select: { id: true, name: true, k9Number: true, breed: true } },
  handler: { select: { id: true, firstName: true, lastName: true, rank: true, badgeNumber: true } },
  medicalRecord: { select: { id: true, kind: true, occurredAt: true, clinic: true, dogId: true, dog: { select: { name: true } } } },
  attachment: {
    select: {
      id: true,
      fileName: true,
      description: true,
      modality: true,
      sha256: true,
      capturedAt: true,
      createdAt: true,
      medicalRecord: { select: { dogId: true } },
    },
  },
  evidenceItem: { select: { id: true, number: true, description: true, category: true, collectedAt: true } },
  labResult: { select: { id: true, conclusion: true, reportedAt: true, request: { select: { lab: true, evidenceItem: { select: { id: true, number: true } } } } } },
} satisfies Prisma.InvestigationLinkSelect

type LinkRow = Prisma.InvestigationLinkGetPayload<{ select: typeof TARGET_SELECT & { targetType: true } }>

export type LinkTarget = {
  id: string
  title: string
  subtitle: string | null
  date: Date | null
  href: string | null
  /** True when the actor may not see this record's detail (medical records for someone without medical scope). */
  restricted: boolean
  /** The number people write in notes (incident, evidence, K-9 or badge number), for mentions. */
  reference?: string
}

/** One link's target in words, with its page. Medical detail is withheld unless `medicalOk(dogId)`. */
function describeTarget(link: LinkRow, medicalOk: (dogId: string) => boolean): LinkTarget | null {
  switch (link.targetType) {
    case 'INCIDENT': {
      const i = link.incident
      return i && { id: i.id, title: `${i.number} · ${humanize(i.type)}`, subtitle: i.locationText, date: i.occurredAt, href: recordHref.incident(i.id), restricted: false, reference: i.number }
    }
    case 'DEPLOYMENT': {
      const d = link.deployment
      return (
        d && {
          id: d.id,
          title: `K-9 ${d.dog.name} at ${d.incident.number} · ${humanize(d.incident.type)}`,
          subtitle: `${humanize(d.task)} → ${humanize(d.outcome)}${d.exposures.length ? ` · ${d.exposures.map(humanize).join(', ')}` : ' · no exposure'} · ${d.incident.locationText}`,
          date: d.deployedAt,
          href: recordHref.deployment(d.incident.id, d.id),
          restricted: false,
        }
      )
    }
    case 'DOG': {
      const d = link.dog
      return d && { id: d.id, title: `K-9 ${d.name} (${d.k9Number})`, subtitle: d.breed, date: null, href: recordHref.dog(d.id), restricted: false, reference: d.k9Number }
    }
    case 'HANDLER': {
      const h = link.handler
      return h && { id: h.id, title: `${h.rank} ${h.firstName} ${h.lastName}`, subtitle: `Badge ${h.badgeNumber}`, date: null, href: recordHref.handler(h.id), restricted: false, reference: h.badgeNumber }
    }
    case 'MEDICAL_RECORD': {
      const m = link.medicalRecord
      if (!m) return null
      if (!medicalOk(m.dogId)) return { id: m.id, title: 'Medical record', subtitle: 'Details are restricted to medical staff and the dog’s handlers.', date: m.occurredAt, href: null, restricted: true }
      return { id: m.id, title: `${humanize(m.kind)} · K-9 ${m.dog.name}`, subtitle: m.clinic, date: m.occurredAt, href: recordHref.medicalRecord(m.id), restricted: false }
    }
    case 'ATTACHMENT': {
      const a = link.attachment
      if (!a) return null
      const date = a.capturedAt ?? a.createdAt
      if (a.medicalRecord && !medicalOk(a.medicalRecord.dogId)) return { id: a.id, title: 'Medical attachment', subtitle: 'Details are restricted to medical staff and the dog’s handlers.', date, href: null, restricted: true }
      return { id: a.id, title: a.description ?? a.fileName, subtitle: `${a.fileName}${a.modality ? ` · ${humanize(a.modality)}` : ''} · SHA-256 ${a.sha256.slice(0, 12)}…`, date, href: recordHref.attachment(a.id), restricted: false }
    }
    case 'EVIDENCE_ITEM': {
      const e = link.evidenceItem
      return e && { id: e.id, title: `${e.number} · ${humanize(e.category)}`, subtitle: e.description, date: e.collectedAt, href: recordHref.evidenceItem(e.id), restricted: false, reference: e.number }
    }
    case 'LAB_RESULT': {
      const r = link.labResult
      return r && { id: r.id, title: `Lab result for ${r.request.evidenceItem.number}`, subtitle: `${r.request.lab}: ${r.conclusion}`, date: r.reportedAt, href: recordHref.evidenceItem(r.request.evidenceItem.id), restricted: false }
    }
  }
}

function medicalDogIdsOf(links: LinkRow[]): string[] {
  const ids: string[] = []
  for (const l of links) {
    if (l.medicalRecord) ids.push(l.medicalRecord.dogId)
    if (l.attachment?.medicalRecord) ids.push(l.attachment.medicalRecord.dogId)
  }
  return ids
}

/** The links the page shows: the first `perType` of each type (oldest first), all of the `expand` type, and the removed ones. */
export type LinkWindow = { perType: number; expand: LinkTargetType | null }

/** Removed links listed at most. */
const REMOVED_LINKS_MAX = 100

/** The page a mentionable number (investigation-read.ts's `kind:id`) links to. */
function referenceHref(ref: string): string {
  const [kind, id] = ref.split(':') as ['incident' | 'dog' | 'handler' | 'evidence', string]
  return kind === 'incident' ? recordHref.incident(id) : kind === 'dog' ? recordHref.dog(id) : kind === 'handler' ? recordHref.handler(id) : recordHref.evidenceItem(id)
}

/**
 * An investigation with its team, links and notes; null (404) outside the
 * actor's scope. Without `links` every link comes (the case file, the
 * finder); with it only that window of them, with each type's count.
 */
export async function getInvestigation(actor: Actor, investigationId: string, options: { withholdMedical?: boolean; links?: LinkWindow } = {}) {
  if (!investigationScope(actor)) return null
  const inv = await readInvestigation(actor, investigationId, options.links ? { ...options.links, removedMax: REMOVED_LINKS_MAX } : null)
  if (!inv) return null
  // With a window, the statement counted every active link and read the numbers notes may mention (only when there are notes).
  const windowedReferences = options.links && inv.references ? inv.references.map((r) => ({ token: r.token, href: referenceHref(r.ref) })) : null
  const readable = options.withholdMedical ? () => false : await medicalReadableDogs(actor, medicalDogIdsOf(inv.links))
  const links = inv.links.flatMap((l) => {
    const target = describeTarget(l, readable)
    if (!target) return []
    return [{ id: l.id, targetType: l.targetType, relation: l.relation, note: l.note, createdAt: l.createdAt, createdBy: l.createdBy.name, removedAt: l.removedAt, removedReason: l.removedReason, removedBy: l.removedBy?.name ?? null, target }]
  })
  const activeLinks = links.filter((l) => l.removedAt === null)
  const linkCounts: Partial<Record<LinkTargetType, number>> = options.links ? inv.counts : {}
  if (!options.links) for (const l of activeLinks) linkCounts[l.targetType] = (linkCounts[l.targetType] ?? 0) + 1
  const seats = new Set([inv.lead.id, ...inv.members.map((m) => m.user.id)])
  const canManage = manageScope(actor) !== null && seats.has(actor.id)
  return {
    id: inv.id,
    number: inv.number,
    title: inv.title,
    status: inv.status,
    disposition: inv.disposition,
    summary: inv.summary,
    openedAt: inv.openedAt,
    closedAt: inv.closedAt,
    version: inv.version,
    lead: inv.lead,
    members: inv.members.map((m) => ({ ...m.user, addedAt: m.addedAt, isLead: m.user.id === inv.lead.id })),
    activeLinks,
    /** Active links per type (all of them, also those outside the window). */
    linkCounts,
    removedLinks: links.filter((l) => l.removedAt !== null),
    /** Numbers a case note may mention, with the record each links to. */
    references: windowedReferences ?? activeLinks.flatMap((l) => (l.target.reference && l.target.href ? [{ token: l.target.reference, href: l.target.href }] : [])),
    notes: inv.notes,
    canManage,
  }
}

export type InvestigationView = NonNullable<Awaited<ReturnType<typeof getInvestigation>>>

// ───────────────────────────── timeline ─────────────────────────────

/** Medical records and exposures a linked dog brings to the timeline at most (the latest in the case's span). */
export const TIMELINE_MEDICAL_MAX = 500
export const TIMELINE_EXPOSURES_MAX = 200

export const TIMELINE_KINDS = ['investigation', 'incident', 'deployment', 'medical', 'attachment', 'custody', 'lab', 'note'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

export type TimelineEvent = {
  /** Unique within the timeline (kind + record id). */
  key: string
  kind: TimelineKind
  at: Date
  title: string
  detail: string | null
  href: string | null
  /** Why the event is here: the link's relation, or the linked record it comes from. */
  via: string | null
  /** Medical detail withheld from this actor. */
  restricted: boolean
}

type Ids = Record<LinkTargetType, string[]>

function idsByType(links: Array<Pick<LinkRow, 'targetType'> & Record<string, unknown>>): Ids {
  const out: Ids = { INCIDENT: [], DEPLOYMENT: [], DOG: [], HANDLER: [], MEDICAL_RECORD: [], ATTACHMENT: [], EVIDENCE_ITEM: [], LAB_RESULT: [] }
  const column: Record<LinkTargetType, string> = {
    INCIDENT: 'incidentId',
    DEPLOYMENT: 'deploymentId',
    DOG: 'dogId',
    HANDLER: 'handlerId',
    MEDICAL_RECORD: 'medicalRecordId',
    ATTACHMENT: 'attachmentId',
    EVIDENCE_ITEM: 'evidenceItemId',
    LAB_RESULT: 'labResultId',
  }
  for (const l of links) {
    const id = l[column[l.targetType]]
    if (typeof id === 'string' && !out[l.targetType].includes(id)) out[l.targetType].push(id)
  }
  return out
}

const RELATION_WORDS: Record<LinkRelation, string> = {
  INJURED_DURING: 'injured during',
  IMAGED_IN: 'imaged in',
  RECOVERED_FROM: 'recovered from',
  SUBMITTED_AS: 'submitted as',
  LEAD: 'lead',
  SUBJECT: 'subject',
  RELATED: 'related',
}

/**
 * "Day 0" of a case: when the latest linked evidence item was recovered from
 * a dog (the fragment removed in surgery), or null when nothing was. The
 * finder's default window ends here and the timeline counts days from it.
 */
export async function getRecoveryAnchor(investigationId: string, dogId?: string): Promise<Date | null> {
  const item = await db.evidenceItem.findFirst({
    where: {
      archivedAt: null,
      links: { some: { investigationId, removedAt: null } },
      originMedicalRecord: dogId ? { dogId } : { isNot: null },
    },
    orderBy: { collectedAt: 'desc' },
    select: { collectedAt: true },
  })
  return item?.collectedAt ?? null
}

/**
 * Every linked record and its dated events on one time axis, oldest first:
 * incidents (with their deployments), deployments, medical records (linked,
 * behind a linked image or a recovered item, and the subject dog's records in
 * the case's span), images, the custody events of linked evidence, lab
 * results and case notes. A linked dog also brings its deployments with an
 * exposure inside that span. Medical detail is withheld from actors outside
 * the medical scope. Null = 404.
 *
 * In three rounds after the investigation and its links: every event's id
 * and time in one statement (timelineEvents), then the window is chosen, then
 * only the events shown load in full (one statement for every kind,
 * timeline-reads.ts). With `window`, only that slice of the timeline
 * (lib/timeline-window.ts) is built: a case linking hundreds of records has
 * thousands of events, and the page shows forty (TIMELINE_WINDOW).
 */
export async function getTimeline(actor: Actor, investigationId: string, options: { withholdMedical?: boolean; window?: { start: number | null }; windowSize?: number } = {}) {
  if (!investigationScope(actor)) return null
  const [inv, anchor] = await Promise.all([
    readTimelineCase(actor, investigationId),
    getRecoveryAnchor(investigationId),
  ])
  if (!inv) return null
  const ids = idsByType(inv.links)
  const relationOf = new Map<string, LinkRelation>()
  for (const l of inv.links) {
    const id = l.incidentId ?? l.deploymentId ?? l.dogId ?? l.handlerId ?? l.medicalRecordId ?? l.attachmentId ?? l.evidenceItemId ?? l.labResultId
    if (id) relationOf.set(id, l.relation)
  }
  const linkedAs = (id: string) => {
    const r = relationOf.get(id)
    return r ? `Linked: ${RELATION_WORDS[r]}` : null
  }
  const readIncidents = can(actor, 'incidents:read')
  const readEvidence = can(actor, 'evidence:read')
  const medicalScoped = can(actor, 'medical:read') && !options.withholdMedical

  // Round 1: every event's id and time. What the reader may see decides which ids are looked for (none: an empty list).
  const rows = await timelineEvents({
    investigationId,
    openedAt: inv.openedAt,
    incidents: readIncidents ? ids.INCIDENT : [],
    deployments: readIncidents ? ids.DEPLOYMENT : [],
    exposuresOf: readIncidents ? ids.DOG : [],
    medical: ids.MEDICAL_RECORD,
    historyOf: medicalScoped ? ids.DOG : [],
    attachments: ids.ATTACHMENT,
    items: readEvidence ? ids.EVIDENCE_ITEM : [],
    labResults: readEvidence ? ids.LAB_RESULT : [],
  })
  const medicalRows = rows.filter((r) => r.source === 'medical' || r.source === 'history')
  // Linked, or behind a linked image or item: its date is shown even to a reader who may not see its detail.
  const medicalIds = new Set(rows.flatMap((r) => (r.source === 'medical' ? [r.id] : [])))
  const imageDogs = rows.flatMap((r) => (r.source === 'attachment' && r.dogId ? [r.dogId] : []))
  const medicalOk = options.withholdMedical ? () => false : await medicalReadableDogs(actor, [...(medicalScoped ? medicalRows.map((r) => r.dogId!) : []), ...imageDogs])

  // Every event of the timeline: built now when nothing more is shown of it (withheld medical detail), else a stub whose detail round 3 loads.
  type Stub = { key: string; kind: TimelineKind; at: Date; load: 'incident' | 'deployment' | 'medical' | 'attachment' | 'evidence' | 'custody' | 'lab' | 'note'; id: string }
  const entries: Array<TimelineEvent | Stub> = []
  const stub = (kind: TimelineKind, load: Stub['load'], id: string, at: Date, key = `${kind}:${id}`): Stub => ({ key, kind, at, load, id })
  const restrictedMedical = (id: string, at: Date): TimelineEvent => ({ key: `medical:${id}`, kind: 'medical', at, title: 'Medical record', detail: null, href: null, via: linkedAs(id), restricted: true })
  entries.push({ key: `investigation:${inv.id}`, kind: 'investigation', at: inv.openedAt, title: `Investigation ${inv.number} opened`, detail: `Lead: ${inv.lead.name}`, href: null, via: null, restricted: false })
  for (const r of rows) {
    switch (r.source) {
      case 'incident':
        entries.push(stub('incident', 'incident', r.id, r.at))
        break
      case 'deployment':
      case 'exposure':
        entries.push(stub('deployment', 'deployment', r.id, r.at))
        break
      case 'medical':
      case 'history':
        if (medicalScoped && medicalOk(r.dogId!)) entries.push(stub('medical', 'medical', r.id, r.at))
        else if (r.source === 'medical') entries.push(restrictedMedical(r.id, r.at))
        break
      case 'attachment':
        if (r.dogId && !medicalOk(r.dogId)) entries.push({ key: `attachment:${r.id}`, kind: 'attachment', at: r.at, title: 'Medical attachment', detail: null, href: null, via: linkedAs(r.id), restricted: true })
        else if (!r.ofEvidence || readEvidence) entries.push(stub('attachment', 'attachment', r.id, r.at))
        break
      case 'evidence': // an item without custody events (its COLLECTED event tells the story otherwise)
        entries.push(stub('custody', 'evidence', r.id, r.at, `evidence:${r.id}`))
        break
      case 'custody':
        entries.push(stub('custody', 'custody', r.id, r.at))
        break
      case 'lab':
        entries.push(stub('lab', 'lab', r.id, r.at))
        break
      case 'note':
        entries.push(stub('note', 'note', r.id, r.at))
        break
    }
  }

  entries.sort((a, b) => a.at.getTime() - b.at.getTime() || TIMELINE_KINDS.indexOf(a.kind) - TIMELINE_KINDS.indexOf(b.kind) || a.key.localeCompare(b.key))
  const shown = options.window ? timelineWindow(entries, anchor, options.window.start, options.windowSize) : { events: entries, start: 0, end: entries.length, total: entries.length }

  // Round 3: the detail of the events shown.
  const wanted = (load: Stub['load']) => shown.events.flatMap((e) => ('load' in e && e.load === load ? [e.id] : []))
  const [incidentIds, deploymentIds, medicalShown, attachmentIds, itemIds, custodyIds, labIds, noteIds] = [
    wanted('incident'),
    wanted('deployment'),
    wanted('medical'),
    wanted('attachment'),
    wanted('evidence'),
    wanted('custody'),
    wanted('lab'),
    wanted('note'),
  ]
  const detail = await readTimelineDetail({ incidents: incidentIds, deployments: deploymentIds, medical: medicalShown, attachments: attachmentIds, items: itemIds, custody: custodyIds, labs: labIds, notes: noteIds })
  const { incidents: incidentRows, deployments: deploymentRows, medical: medicalDetail, attachments: attachmentRows, items: itemRows, custody: custodyRows, labs: labRows } = detail
  // The notes shown, then what they mention (their bodies name the records).
  const noteRows = { notes: detail.notes, mentioned: await resolveMentions(actor, detail.notes.map((n) => n.body), options) }

  const built = new Map<string, TimelineEvent>()
  for (const i of incidentRows) {
    const deps = i.deployments.map((d) => `K-9 ${d.dog.name}: ${humanize(d.task)} → ${humanize(d.outcome)}${d.exposures.length ? ` (${d.exposures.map(humanize).join(', ').toLowerCase()})` : ''}`)
    built.set(`incident:${i.id}`, {
      key: `incident:${i.id}`,
      kind: 'incident',
      at: i.occurredAt,
      title: `${i.number} · ${humanize(i.type)} at ${i.locationText}`,
      detail: [i.weather, ...deps, ...i.deployments.flatMap((d) => (d.exposureNotes ? [d.exposureNotes] : []))].filter(Boolean).join(' · ') || null,
      href: recordHref.incident(i.id),
      via: linkedAs(i.id),
      restricted: false,
    })
  }
  for (const d of deploymentRows) built.set(`deployment:${d.id}`, deploymentEvent(d, ids.DEPLOYMENT.includes(d.id) ? linkedAs(d.id) : `Exposure of K-9 ${d.dog.name} (subject)`))
  for (const m of medicalDetail) {
    const decision = m.decisionOutcome ? `Decision: ${humanize(m.decisionOutcome).toLowerCase()}. ${m.decisionReason ?? ''}`.trim() : null
    built.set(`medical:${m.id}`, {
      key: `medical:${m.id}`,
      kind: 'medical',
      at: m.occurredAt,
      title: `${humanize(m.kind)} · K-9 ${m.dog.name} · ${m.veterinarian.name}`,
      detail: [decision, m.diagnosis, m.findings, m.complications, m.outcome].filter(Boolean).join(' · ') || null,
      href: recordHref.medicalRecord(m.id),
      via: linkedAs(m.id) ?? (medicalIds.has(m.id) ? 'Behind a linked image or item' : `Medical history of K-9 ${m.dog.name} (subject)`),
      restricted: false,
    })
  }
  for (const a of attachmentRows) {
    built.set(`attachment:${a.id}`, {
      key: `attachment:${a.id}`,
      kind: 'attachment',
      at: a.capturedAt ?? a.createdAt,
      title: a.description ?? a.fileName,
      detail: [a.modality ? humanize(a.modality) : null, a.view, a.bodyRegion, a.fileName, `SHA-256 ${a.sha256}`].filter(Boolean).join(' · '),
      href: recordHref.attachment(a.id),
      via: linkedAs(a.id),
      restricted: false,
    })
  }
  for (const e of itemRows) {
    built.set(`evidence:${e.id}`, { key: `evidence:${e.id}`, kind: 'custody', at: e.collectedAt, title: `${e.number} collected at ${e.collectedAtPlace}`, detail: `${e.description} Collected by ${e.collectedBy.name}.`, href: recordHref.evidenceItem(e.id), via: linkedAs(e.id), restricted: false })
  }
  const custodyAt = new Map(shown.events.flatMap((e) => ('load' in e && e.load === 'custody' ? [[e.id, e.at] as const] : [])))
  for (const c of custodyRows) {
    const who = c.fromUser && c.toUser && c.fromUser.name !== c.toUser.name ? `${c.fromUser.name} → ${c.toUser.name}` : c.toUser?.name ?? c.actor.name
    built.set(`custody:${c.id}`, {
      key: `custody:${c.id}`,
      kind: 'custody',
      at: custodyAt.get(c.id)!,
      title: `${c.evidenceItem.number} #${c.sequence} ${humanize(c.action).toLowerCase()} · ${who}`,
      detail: [c.place ?? c.location?.code, c.labName, c.purpose, c.sealIntact === false ? 'Seal NOT intact' : c.sealIntact ? 'Seal intact' : null, c.notes].filter(Boolean).join(' · ') || null,
      href: recordHref.evidenceItem(c.evidenceItem.id),
      via: linkedAs(c.evidenceItem.id) ? `Custody of ${c.evidenceItem.number}` : null,
      restricted: false,
    })
  }
  for (const r of labRows) {
    built.set(`lab:${r.id}`, {
      key: `lab:${r.id}`,
      kind: 'lab',
      at: r.reportedAt,
      title: `Lab result for ${r.request.evidenceItem.number}: ${r.conclusion}`,
      detail: `${r.request.lab}${r.request.labReference ? ` (${r.request.labReference})` : ''} · ${r.examiner} · ${r.findings}`,
      href: recordHref.evidenceItem(r.request.evidenceItem.id),
      via: linkedAs(r.id) ?? `Lab work on ${r.request.evidenceItem.number}`,
      restricted: false,
    })
  }
  for (const n of noteRows.notes) {
    built.set(`note:${n.id}`, { key: `note:${n.id}`, kind: 'note', at: n.createdAt, title: `Case note by ${n.author.name}`, detail: noteAsText(n.body, noteRows.mentioned), href: null, via: null, restricted: false })
  }

  // A record changed or archived between the rounds leaves its stub unbuilt: it is left out.
  const events = shown.events.flatMap((e) => ('load' in e ? (built.has(e.key) ? [built.get(e.key)!] : []) : [e]))
  // Said on the page: a linked dog's history was cut to its latest records in a long span.
  const capped = (medicalScoped && medicalRows.length >= TIMELINE_MEDICAL_MAX) || rows.filter((r) => r.source === 'exposure').length >= TIMELINE_EXPOSURES_MAX
  return { investigationId: inv.id, events, window: { start: shown.start, end: shown.end, total: shown.total }, day0: anchor, capped }
}

/** Custody events and case notes the timeline takes at most (the oldest). */
const TIMELINE_CUSTODY_MAX = 2000
const TIMELINE_NOTES_MAX = 500

/**
 * Where a timeline row comes from: `deployment` a linked one, `exposure` a
 * linked dog's deployment with an exposure; `medical` a record linked or
 * behind a linked image or item, `history` a linked dog's record in the span;
 * `evidence` a linked item without custody events.
 */
type TimelineSource = 'incident' | 'deployment' | 'exposure' | 'medical' | 'history' | 'attachment' | 'evidence' | 'custody' | 'lab' | 'note'
type TimelineRow = {
  source: TimelineSource
  id: string
  at: Date
  /** The dog whose medical record this is (medical, history) or whose record an image belongs to (attachment). */
  dogId: string | null
  /** An image of evidence or lab work (no medical record): for readers of evidence only. */
  ofEvidence: boolean
}

/**
 * PERFORMANCE: the id and time of every event the timeline may show, in one
 * statement. A linked dog's records count only inside the case's span, which
 * the linked records themselves define: as Prisma queries that was two
 * dependent rounds of up to ten queries, ≈ 1,500 rows through Prisma's client
 * for the 200-link case (≈ 25 ms of Node CPU). Here the span is a CTE, and
 * the rows come back as one text value, a line per event: `source id
 * epochMs dogId|- 0|1` (words, uuids and digits only, so a space and a
 * newline are safe separators). Measured on that case: the same rows as five
 * columns cost ≈ 9 ms of Node CPU to receive (an object and a parsed
 * timestamp per row, twice: the driver, then Prisma), one JSON array ≈ 6 ms
 * (and PostgreSQL ≈ 4 ms to build it), the lines ≈ 4 ms (PostgreSQL ≈ 1.6 ms).
 *
 * Each CTE keeps the rule its Prisma query had: archived records are left
 * out (custody events and linked deployments are not filtered, as before); a
 * dog brings its latest TIMELINE_MEDICAL_MAX records and
 * TIMELINE_EXPOSURES_MAX exposed deployments in the span (the partial index
 * of exposed deployments serves the latter). An empty id list finds nothing:
 * the caller empties those the reader may not see.
 */
async function timelineEvents(find: {
  investigationId: string
  openedAt: Date
  incidents: string[]
  deployments: string[]
  exposuresOf: string[]
  medical: string[]
  historyOf: string[]
  attachments: string[]
  items: string[]
  labResults: string[]
}): Promise<TimelineRow[]> {
  // With no dated linked record the span is the year before the case was opened.
  const yearBefore = new Date(find.openedAt.getTime() - 365 * DAY_MS)
  const [result] = await db.$queryRaw<[{ lines: string | null }]>`
    WITH incident AS (
      SELECT id, "occurredAt" AS at FROM "Incident" WHERE id = ANY(${find.incidents}::uuid[]) AND "archivedAt" IS NULL
    ), deployment AS (
      SELECT id, "deployedAt" AS at FROM "Deployment" WHERE id = ANY(${find.deployments}::uuid[])
    ), attachment AS (
      SELECT a.id, coalesce(a."capturedAt", a."createdAt") AS at, a."medicalRecordId", m."dogId",
             a."medicalRecordId" IS NULL AND (a."evidenceItemId" IS NOT NULL OR a."labResultId" IS NOT NULL) AS "ofEvidence"
        FROM "Attachment" a LEFT JOIN "MedicalRecord" m ON m.id = a."medicalRecordId"
       WHERE a.id = ANY(${find.attachments}::uuid[]) AND a."archivedAt" IS NULL
    ), item AS (
      SELECT e.id, e."collectedAt" AS at, e."originMedicalRecordId", EXISTS (SELECT FROM "CustodyEvent" c WHERE c."evidenceItemId" = e.id) AS "hasCustody"
        FROM "EvidenceItem" e WHERE e.id = ANY(${find.items}::uuid[]) AND e."archivedAt" IS NULL
    ), custody AS (
      SELECT id, "occurredAt" AS at FROM "CustodyEvent" WHERE "evidenceItemId" = ANY(${find.items}::uuid[])
       ORDER BY "occurredAt", sequence LIMIT ${TIMELINE_CUSTODY_MAX}
    ), lab AS (
      SELECT id, "reportedAt" AS at FROM "LabResult" WHERE id = ANY(${find.labResults}::uuid[])
      UNION
      SELECT r.id, r."reportedAt" FROM "LabResult" r JOIN "LabRequest" q ON q.id = r."requestId" WHERE q."evidenceItemId" = ANY(${find.items}::uuid[])
    ), note AS (
      SELECT id, "createdAt" AS at FROM "CaseNote" WHERE "investigationId" = ${find.investigationId}::uuid ORDER BY "createdAt" LIMIT ${TIMELINE_NOTES_MAX}
    ), span AS (
      -- From the earliest linked record to the latest event.
      SELECT coalesce(min(at), ${yearBefore}::timestamptz) AS "from",
             greatest(${find.openedAt}::timestamptz, max(at), (SELECT max(at) FROM custody), (SELECT max(at) FROM note)) AS "to"
        FROM (SELECT at FROM incident UNION ALL SELECT at FROM deployment UNION ALL SELECT at FROM attachment
              UNION ALL SELECT at FROM item UNION ALL SELECT at FROM lab) dated
    ), direct AS (
      -- Medical records linked, or behind a linked image or recovered item.
      SELECT unnest(${find.medical}::uuid[]) AS id
      UNION SELECT "medicalRecordId" FROM attachment WHERE "medicalRecordId" IS NOT NULL
      UNION SELECT "originMedicalRecordId" FROM item WHERE "originMedicalRecordId" IS NOT NULL
    ), medical AS (
      -- The direct ones and the linked dogs' records in the span (none without medical scope: historyOf is empty, and
      -- 500 links give at most 500 direct records); the latest when a long span holds more, those nearest the case.
      -- The span's latest TIMELINE_MEDICAL_MAX records are read on their own, as an index-only scan of the partial index
      -- on unarchived records (dogId, occurredAt, id): every record of the case's dogs in the span is ranked, but none
      -- is read from the table (as one BitmapOr with the direct ones, 2,143 records from 1,942 heap pages for the
      -- 200-link case, to keep 500). The latest of both together are the latest of the direct ones and those.
      SELECT id, at, "dogId", bool_or(direct) AS direct
        FROM (SELECT m.id, m."occurredAt" AS at, m."dogId", true AS direct
                FROM "MedicalRecord" m WHERE m."archivedAt" IS NULL AND m.id = ANY(ARRAY(SELECT id FROM direct))
              UNION ALL
              (SELECT m.id, m."occurredAt", m."dogId", false
                 FROM "MedicalRecord" m
                WHERE m."archivedAt" IS NULL AND m."dogId" = ANY(${find.historyOf}::uuid[])
                  AND m."occurredAt" BETWEEN (SELECT "from" FROM span) AND (SELECT "to" FROM span)
                ORDER BY m."occurredAt" DESC, m.id DESC LIMIT ${TIMELINE_MEDICAL_MAX})) candidate
       GROUP BY id, at, "dogId"
       ORDER BY at DESC, id DESC LIMIT ${TIMELINE_MEDICAL_MAX}
    ), exposure AS (
      -- A linked dog's deployments with an exposure or injury (the partial index's predicate, word for word), the latest
      -- first; not those of a linked deployment or incident (already on the timeline), nor of an archived incident.
      -- Sorted before the incidents are read (OFFSET 0 keeps the subquery apart), so the LIMIT stops the lookups:
      -- 200 instead of one per candidate (869 for the 200-link case).
      SELECT c.id, c.at
        FROM (SELECT d.id, d."deployedAt" AS at, d."incidentId"
                FROM "Deployment" d
               WHERE d."dogId" = ANY(${find.exposuresOf}::uuid[])
                 AND d."deployedAt" BETWEEN (SELECT "from" FROM span) AND (SELECT "to" FROM span)
                 AND (d.exposures <> '{}' OR d."injuryObserved")
                 AND d.id <> ALL(${find.deployments}::uuid[])
                 AND d."incidentId" NOT IN (SELECT id FROM incident)
               ORDER BY d."deployedAt" DESC, d.id DESC OFFSET 0) c
       WHERE EXISTS (SELECT FROM "Incident" i WHERE i.id = c."incidentId" AND i."archivedAt" IS NULL)
       ORDER BY c.at DESC, c.id DESC LIMIT ${TIMELINE_EXPOSURES_MAX}
    )
    SELECT string_agg(concat_ws(' ', source, id, (extract(epoch FROM at) * 1000)::bigint, coalesce("dogId"::text, '-'), "ofEvidence"::int), chr(10)) AS lines
      FROM (SELECT 'incident' AS source, id, at, NULL::uuid AS "dogId", false AS "ofEvidence" FROM incident
            UNION ALL SELECT 'deployment', id, at, NULL, false FROM deployment
            UNION ALL SELECT 'exposure', id, at, NULL, false FROM exposure
            UNION ALL SELECT CASE WHEN direct THEN 'medical' ELSE 'history' END, id, at, "dogId", false FROM medical
            UNION ALL SELECT 'attachment', id, at, "dogId", "ofEvidence" FROM attachment
            UNION ALL SELECT 'evidence', id, at, NULL, false FROM item WHERE NOT "hasCustody"
            UNION ALL SELECT 'custody', id, at, NULL, false FROM custody
            UNION ALL SELECT 'lab', id, at, NULL, false FROM lab
            UNION ALL SELECT 'note', id, at, NULL, false FROM note) event`
  if (!result.lines) return []
  return result.lines.split('\n').map((line) => {
    const [source, id, at, dogId, ofEvidence] = line.split(' ') as [TimelineSource, string, string, string, string]
    return { source, id, at: new Date(Number(at)), dogId: dogId === '-' ? null : dogId, ofEvidence: ofEvidence === '1' }
  })
}

type DeploymentRow = TimelineDetail['deployments'][number]

function deploymentEvent(d: DeploymentRow, via: string | null): TimelineEvent {
  return {
    key: `deployment:${d.id}`,
    kind: 'deployment',
    at: d.deployedAt,
    title: `K-9 ${d.dog.name} deployed at ${d.incident.number} · ${humanize(d.incident.type)}, ${d.incident.locationText}`,
    detail:
      [
        `${humanize(d.task)} → ${humanize(d.outcome)} with ${d.handler.firstName} ${d.handler.lastName}`,
        d.exposures.length ? `Exposures: ${d.exposures.map(humanize).join(', ').toLowerCase()}` : 'No exposure',
        d.exposureNotes,
        d.injuryObserved ? `Injury observed: ${d.injuryDescription ?? 'yes'}` : null,
      ]
        .filter(Boolean)
        .join(' · ') || null,
    href: recordHref.deployment(d.incident.id, d.id),
    via,
    restricted: false,
  }
}

export type Timeline = NonNullable<Awaited<ReturnType<typeof getTimeline>>>

// ───────────────────────────── pickers ─────────────────────────────

/** Investigations the actor may add links to (lead or team, with investigations:manage), not closed. */
export async function listManageableInvestigations(actor: Actor) {
  const scope = manageScope(actor)
  if (!scope) return []
  return db.investigation.findMany({
    where: { AND: [scope, { status: { not: 'CLOSED' } }] },
    orderBy: [{ openedAt: 'desc' }, { id: 'desc' }],
    take: 100,
    select: { id: true, number: true, title: true },
  })
}

/**
 * The record an "Add to investigation" page is about, described as its link
 * would be; null when it does not exist or the actor may not read it.
 */
export async function getLinkTargetPreview(actor: Actor, targetType: LinkTargetType, targetId: string): Promise<LinkTarget | null> {
  if (!(await canReadTarget(db, actor, targetType, targetId))) return null
  const where = { where: { id: targetId } }
  const empty = { incident: null, deployment: null, dog: null, handler: null, medicalRecord: null, attachment: null, evidenceItem: null, labResult: null }
  let row: LinkRow
  switch (targetType) {
    case 'INCIDENT':
      row = { ...empty, targetType, incident: await db.incident.findUnique({ ...where, ...TARGET_SELECT.incident }) }
      break
    case 'DEPLOYMENT':
      row = { ...empty, targetType, deployment: await db.deployment.findUnique({ ...where, ...TARGET_SELECT.deployment }) }
      break
    case 'DOG':
      row = { ...empty, targetType, dog: await db.dog.findUnique({ ...where, ...TARGET_SELECT.dog }) }
      break
    case 'HANDLER':
      row = { ...empty, targetType, handler: await db.handler.findUnique({ ...where, ...TARGET_SELECT.handler }) }
      break
    case 'MEDICAL_RECORD':
      row = { ...empty, targetType, medicalRecord: await db.medicalRecord.findUnique({ ...where, ...TARGET_SELECT.medicalRecord }) }
      break
    case 'ATTACHMENT':
      row = { ...empty, targetType, attachment: await db.attachment.findUnique({ ...where, ...TARGET_SELECT.attachment }) }
      break
    case 'EVIDENCE_ITEM':
      row = { ...empty, targetType, evidenceItem: await db.evidenceItem.findUnique({ ...where, ...TARGET_SELECT.evidenceItem }) }
      break
    case 'LAB_RESULT':
      row = { ...empty, targetType, labResult: await db.labResult.findUnique({ ...where, ...TARGET_SELECT.labResult }) }
      break
  }
  // canReadTarget already applied the medical scope.
  return describeTarget(row, () => true)
}

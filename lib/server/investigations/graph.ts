import 'server-only'
import type { LinkRelation, LinkTargetType } from '@/lib/generated/prisma/enums'
import { humanize } from '@/lib/format'
import type { Actor } from '../actor'
import { db } from '../db'
import { can } from '../policy'
import { investigationScope, medicalReadableDogs } from './access'
import { recordHref } from './hrefs'

export type GraphNodeKind = 'investigation' | 'incident' | 'deployment' | 'dog' | 'handler' | 'medical' | 'attachment' | 'evidence' | 'lab'

export type GraphNode = {
  id: string
  kind: GraphNodeKind
  label: string
  sublabel: string | null
  href: string | null
  /** Linked to the investigation (true) or shown only because a linked record points at it. */
  linked: boolean
  restricted: boolean
  x: number
  y: number
}

export type GraphEdge = { from: string; to: string; label: string; linked: boolean }

const KIND_OF: Record<LinkTargetType, GraphNodeKind> = {
  INCIDENT: 'incident',
  DEPLOYMENT: 'deployment',
  DOG: 'dog',
  HANDLER: 'handler',
  MEDICAL_RECORD: 'medical',
  ATTACHMENT: 'attachment',
  EVIDENCE_ITEM: 'evidence',
  LAB_RESULT: 'lab',
}

const KIND_ORDER: GraphNodeKind[] = ['dog', 'incident', 'deployment', 'medical', 'attachment', 'evidence', 'lab', 'handler']

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
 * Deterministic radial layout: the investigation in the centre, linked
 * records on a ring grouped by kind, records they point at on an outer ring
 * next to their neighbours. Coordinates are in an abstract space centred on 0,0.
 */
export function layoutGraph(nodes: Array<Omit<GraphNode, 'x' | 'y'>>, edges: GraphEdge[]): GraphNode[] {
  const placed = new Map<string, { x: number; y: number; angle: number }>()
  const center = nodes.find((n) => n.kind === 'investigation')
  if (center) placed.set(center.id, { x: 0, y: 0, angle: 0 })
  const inner = nodes.filter((n) => n.linked && n.kind !== 'investigation').sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.label.localeCompare(b.label))
  const r1 = Math.max(240, inner.length * 34)
  inner.forEach((n, i) => {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, inner.length)
    placed.set(n.id, { x: Math.cos(angle) * r1, y: Math.sin(angle) * r1, angle })
  })
  const outer = nodes.filter((n) => !placed.has(n.id))
  const r2 = r1 + 200
  const wanted = outer.map((n) => {
    const neighbours = edges.flatMap((e) => (e.from === n.id ? [e.to] : e.to === n.id ? [e.from] : [])).flatMap((id) => (placed.has(id) ? [placed.get(id)!.angle] : []))
    const angle = neighbours.length ? Math.atan2(neighbours.reduce((s, a) => s + Math.sin(a), 0), neighbours.reduce((s, a) => s + Math.cos(a), 0)) : 0
    return { n, angle }
  })
  // Spread outer nodes that want the same spot.
  wanted.sort((a, b) => a.angle - b.angle)
  const minGap = (2 * Math.PI) / Math.max(12, wanted.length * 1.5)
  for (let i = 1; i < wanted.length; i++) if (wanted[i]!.angle - wanted[i - 1]!.angle < minGap) wanted[i]!.angle = wanted[i - 1]!.angle + minGap
  for (const { n, angle } of wanted) placed.set(n.id, { x: Math.cos(angle) * r2, y: Math.sin(angle) * r2, angle })
  return nodes.map((n) => ({ ...n, x: Math.round(placed.get(n.id)!.x), y: Math.round(placed.get(n.id)!.y) }))
}

/**
 * The investigation's records and their relations as a graph: an edge from
 * the investigation to each linked record (labelled with the relation), and
 * the edges between records (deployment → incident and dog, image → medical
 * record, item → the surgery it was recovered in, lab result → item, medical
 * record → dog). One query per kind; medical detail withheld outside the
 * medical scope. Null = 404.
 */
export async function getInvestigationGraph(actor: Actor, investigationId: string) {
  const scope = investigationScope(actor)
  if (!scope) return null
  const inv = await db.investigation.findFirst({
    where: { AND: [{ id: investigationId }, scope] },
    select: {
      id: true,
      number: true,
      title: true,
      links: {
        where: { removedAt: null },
        take: 500,
        select: {
          targetType: true,
          relation: true,
          incident: { select: { id: true, number: true, type: true, deployments: { take: 50, select: { dogId: true } } } },
          deployment: { select: { id: true, deployedAt: true, exposures: true, dogId: true, dog: { select: { name: true } }, incident: { select: { id: true, number: true, type: true } } } },
          dog: { select: { id: true, name: true, k9Number: true } },
          handler: { select: { id: true, firstName: true, lastName: true, badgeNumber: true } },
          medicalRecord: { select: { id: true, kind: true, occurredAt: true, dogId: true } },
          attachment: { select: { id: true, fileName: true, description: true, medicalRecordId: true, medicalRecord: { select: { dogId: true } }, evidenceItemId: true } },
          evidenceItem: { select: { id: true, number: true, category: true, originMedicalRecordId: true, originIncidentId: true } },
          labResult: { select: { id: true, conclusion: true, request: { select: { evidenceItemId: true } } } },
        },
      },
    },
  })
  if (!inv) return null
  const readIncidents = can(actor, 'incidents:read')
  const readEvidence = can(actor, 'evidence:read')
  const nodes = new Map<string, Omit<GraphNode, 'x' | 'y'>>()
  const edges: GraphEdge[] = []
  const edgeKeys = new Set<string>()
  const addEdge = (from: string, to: string, label: string, linked = false) => {
    const key = [from, to].sort().join('|')
    if (from === to || edgeKeys.has(key)) return
    edgeKeys.add(key)
    edges.push({ from, to, label, linked })
  }
  nodes.set(inv.id, { id: inv.id, kind: 'investigation', label: inv.number, sublabel: inv.title, href: recordHref.investigation(inv.id), linked: true, restricted: false })

  const dogIds = inv.links.flatMap((l) => [l.dog?.id, l.deployment?.dogId, l.medicalRecord?.dogId, l.attachment?.medicalRecord?.dogId].filter((x): x is string => Boolean(x)))
  const medicalOk = await medicalReadableDogs(actor, dogIds)
  // Records the links point at that are not linked themselves (context nodes).
  const wantIncidents = new Set<string>()
  const wantMedical = new Set<string>()
  const wantItems = new Set<string>()
  const wantDogs = new Set<string>()

  for (const l of inv.links) {
    const kind = KIND_OF[l.targetType]
    if (l.incident && readIncidents) {
      nodes.set(l.incident.id, { id: l.incident.id, kind, label: l.incident.number, sublabel: humanize(l.incident.type), href: recordHref.incident(l.incident.id), linked: true, restricted: false })
    } else if (l.deployment && readIncidents) {
      const d = l.deployment
      nodes.set(d.id, { id: d.id, kind, label: `${d.dog.name} at ${d.incident.number}`, sublabel: d.exposures.length ? d.exposures.map(humanize).join(', ') : 'No exposure', href: recordHref.deployment(d.incident.id, d.id), linked: true, restricted: false })
      wantIncidents.add(d.incident.id)
      wantDogs.add(d.dogId)
    } else if (l.dog) {
      nodes.set(l.dog.id, { id: l.dog.id, kind, label: `K-9 ${l.dog.name}`, sublabel: l.dog.k9Number, href: recordHref.dog(l.dog.id), linked: true, restricted: false })
    } else if (l.handler) {
      nodes.set(l.handler.id, { id: l.handler.id, kind, label: `${l.handler.firstName} ${l.handler.lastName}`, sublabel: `Badge ${l.handler.badgeNumber}`, href: recordHref.handler(l.handler.id), linked: true, restricted: false })
    } else if (l.medicalRecord) {
      const m = l.medicalRecord
      const ok = medicalOk(m.dogId)
      nodes.set(m.id, { id: m.id, kind, label: ok ? humanize(m.kind) : 'Medical record', sublabel: ok ? m.occurredAt.toISOString().slice(0, 10) : 'Restricted', href: ok ? recordHref.medicalRecord(m.id) : null, linked: true, restricted: !ok })
      if (ok) wantDogs.add(m.dogId)
    } else if (l.attachment) {
      const a = l.attachment
      const ok = !a.medicalRecord || medicalOk(a.medicalRecord.dogId)
      nodes.set(a.id, { id: a.id, kind, label: ok ? (a.description?.split(':')[0] ?? a.fileName) : 'Medical attachment', sublabel: ok ? a.fileName : 'Restricted', href: ok ? recordHref.attachment(a.id) : null, linked: true, restricted: !ok })
      if (ok && a.medicalRecordId) wantMedical.add(a.medicalRecordId)
      if (a.evidenceItemId && readEvidence) wantItems.add(a.evidenceItemId)
    } else if (l.evidenceItem && readEvidence) {
      const e = l.evidenceItem
      nodes.set(e.id, { id: e.id, kind, label: e.number, sublabel: humanize(e.category), href: recordHref.evidenceItem(e.id), linked: true, restricted: false })
      if (e.originMedicalRecordId) wantMedical.add(e.originMedicalRecordId)
      if (e.originIncidentId && readIncidents) wantIncidents.add(e.originIncidentId)
    } else if (l.labResult && readEvidence) {
      const r = l.labResult
      nodes.set(r.id, { id: r.id, kind, label: 'Lab result', sublabel: r.conclusion.length > 48 ? `${r.conclusion.slice(0, 47)}…` : r.conclusion, href: recordHref.evidenceItem(r.request.evidenceItemId), linked: true, restricted: false })
      wantItems.add(r.request.evidenceItemId)
    } else {
      continue
    }
    const id = l.incident?.id ?? l.deployment?.id ?? l.dog?.id ?? l.handler?.id ?? l.medicalRecord?.id ?? l.attachment?.id ?? l.evidenceItem?.id ?? l.labResult?.id
    if (id) addEdge(inv.id, id, RELATION_WORDS[l.relation], true)
  }

  const missing = (ids: Set<string>) => [...ids].filter((id) => !nodes.has(id))
  const [ctxIncidents, ctxMedical, ctxItems, ctxDogs] = await Promise.all([
    missing(wantIncidents).length ? db.incident.findMany({ where: { id: { in: missing(wantIncidents) } }, select: { id: true, number: true, type: true } }) : Promise.resolve([]),
    missing(wantMedical).length ? db.medicalRecord.findMany({ where: { id: { in: missing(wantMedical) } }, select: { id: true, kind: true, occurredAt: true, dogId: true } }) : Promise.resolve([]),
    missing(wantItems).length ? db.evidenceItem.findMany({ where: { id: { in: missing(wantItems) } }, select: { id: true, number: true, category: true, originMedicalRecordId: true } }) : Promise.resolve([]),
    missing(wantDogs).length ? db.dog.findMany({ where: { id: { in: missing(wantDogs) } }, select: { id: true, name: true, k9Number: true } }) : Promise.resolve([]),
  ])
  for (const i of ctxIncidents) nodes.set(i.id, { id: i.id, kind: 'incident', label: i.number, sublabel: humanize(i.type), href: recordHref.incident(i.id), linked: false, restricted: false })
  for (const m of ctxMedical) {
    const ok = medicalOk(m.dogId)
    nodes.set(m.id, { id: m.id, kind: 'medical', label: ok ? humanize(m.kind) : 'Medical record', sublabel: ok ? m.occurredAt.toISOString().slice(0, 10) : 'Restricted', href: ok ? recordHref.medicalRecord(m.id) : null, linked: false, restricted: !ok })
  }
  for (const e of ctxItems) nodes.set(e.id, { id: e.id, kind: 'evidence', label: e.number, sublabel: humanize(e.category), href: recordHref.evidenceItem(e.id), linked: false, restricted: false })
  for (const d of ctxDogs) nodes.set(d.id, { id: d.id, kind: 'dog', label: `K-9 ${d.name}`, sublabel: d.k9Number, href: recordHref.dog(d.id), linked: false, restricted: false })

  // Record-to-record edges, only between nodes the actor sees.
  const edge = (from: string | null | undefined, to: string | null | undefined, label: string) => {
    if (from && to && nodes.has(from) && nodes.has(to)) addEdge(from, to, label)
  }
  for (const l of inv.links) {
    if (l.deployment) {
      edge(l.deployment.id, l.deployment.incident.id, 'deployed at')
      edge(l.deployment.id, l.deployment.dogId, 'dog')
    }
    if (l.incident) for (const d of l.incident.deployments) edge(l.incident.id, d.dogId, 'deployed')
    if (l.medicalRecord && !nodes.get(l.medicalRecord.id)?.restricted) edge(l.medicalRecord.id, l.medicalRecord.dogId, 'patient')
    if (l.attachment && !nodes.get(l.attachment.id)?.restricted) {
      edge(l.attachment.id, l.attachment.medicalRecordId, 'image of')
      edge(l.attachment.id, l.attachment.evidenceItemId, 'image of')
    }
    if (l.evidenceItem) {
      edge(l.evidenceItem.id, l.evidenceItem.originMedicalRecordId, 'recovered in')
      edge(l.evidenceItem.id, l.evidenceItem.originIncidentId, 'collected at')
    }
    if (l.labResult) edge(l.labResult.id, l.labResult.request.evidenceItemId, 'result for')
  }
  for (const m of ctxMedical) if (!nodes.get(m.id)?.restricted) edge(m.id, m.dogId, 'patient')
  for (const e of ctxItems) edge(e.id, e.originMedicalRecordId, 'recovered in')

  const laidOut = layoutGraph([...nodes.values()], edges)
  return { investigationId: inv.id, number: inv.number, title: inv.title, nodes: laidOut, edges }
}

export type InvestigationGraph = NonNullable<Awaited<ReturnType<typeof getInvestigationGraph>>>

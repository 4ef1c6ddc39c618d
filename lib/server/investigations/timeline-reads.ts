import 'server-only'
import type { AttachmentModality, CustodyAction, DecisionOutcome, DeploymentOutcome, DeploymentTask, Exposure, IncidentType, LinkRelation, LinkTargetType, MedicalRecordKind } from '@/lib/generated/prisma/enums'
import type { Actor } from '../actor'
import { can } from '../policy'
import { hotRows, jsonDate, jsonDateOrNull, type DeploymentJson, type HotStatement } from '../db'
import { INVESTIGATION_IN_SCOPE_SQL, seesEveryInvestigation } from './access'

/**
 * PERFORMANCE: round 0 of the investigation timeline (getTimeline): the
 * investigation, if the actor may read it, with its lead's name and its
 * active links (the first 500, oldest first), in one prepared statement on
 * node-postgres (decision 029). Through Prisma the 200-link case's links were
 * built row by row by Prisma's client. The WHERE is investigationScope's rule
 * (seesEveryInvestigation, or the lead, or a team member; never archived);
 * an investigation outside it reads as none (404). Constant SQL, bound
 * parameters only.
 */
const TIMELINE_CASE: HotStatement = {
  name: 'k9_timeline_case',
  text: `SELECT i.id, i.number, i."openedAt", u.name AS "leadName",
       (SELECT coalesce(json_agg(json_build_object('targetType', k."targetType", 'relation', k.relation, 'incidentId', k."incidentId", 'deploymentId', k."deploymentId",
                                                   'dogId', k."dogId", 'handlerId', k."handlerId", 'medicalRecordId', k."medicalRecordId", 'attachmentId', k."attachmentId",
                                                   'evidenceItemId', k."evidenceItemId", 'labResultId', k."labResultId") ORDER BY k."createdAt", k.id), '[]')
          FROM (SELECT * FROM "InvestigationLink" WHERE "investigationId" = i.id AND "removedAt" IS NULL ORDER BY "createdAt", id LIMIT 500) k) AS links
  FROM "Investigation" i JOIN "User" u ON u.id = i."leadId"
 WHERE ${INVESTIGATION_IN_SCOPE_SQL}`,
}

export type TimelineLink = {
  targetType: LinkTargetType
  relation: LinkRelation
  incidentId: string | null
  deploymentId: string | null
  dogId: string | null
  handlerId: string | null
  medicalRecordId: string | null
  attachmentId: string | null
  evidenceItemId: string | null
  labResultId: string | null
}

/** The investigation a timeline is of, with its active links; null when it does not exist, is archived, or is outside the actor's scope. */
export async function readTimelineCase(actor: Actor, investigationId: string): Promise<{ id: string; number: string; openedAt: Date; lead: { name: string }; links: TimelineLink[] } | null> {
  if (!can(actor, 'investigations:read')) return null
  const [row] = await hotRows<{ id: string; number: string; openedAt: Date; leadName: string; links: TimelineLink[] }>(TIMELINE_CASE, [investigationId, seesEveryInvestigation(actor), actor.id])
  if (!row) return null
  return { id: row.id, number: row.number, openedAt: row.openedAt, lead: { name: row.leadName }, links: row.links }
}

/**
 * PERFORMANCE: round 3 of the investigation timeline (getTimeline), the
 * detail of the events shown, in one prepared statement on node-postgres
 * (decision 029, as the incident page and the dog profile): each kind's rows
 * as a JSON array, for the ids rounds 1 and 2 chose (the reader's scope was
 * applied there; an empty list finds nothing). Through Prisma this was one
 * query per kind shown (three to eight round trips) and Prisma's client
 * building every row. Constant SQL, bound parameters only.
 *
 * The rows have the shapes the Prisma queries returned (an incident's first
 * 20 deployments, oldest first; names of the people and the dog), with dates
 * as `Date`s, so the timeline builds its events from them unchanged.
 */
const TIMELINE_DETAIL: HotStatement = {
  name: 'k9_timeline_detail',
  text: `SELECT
  (SELECT coalesce(json_agg(json_build_object('id', i.id, 'number', i.number, 'type', i.type, 'occurredAt', i."occurredAt", 'locationText', i."locationText", 'weather', i.weather,
            'deployments', (SELECT coalesce(json_agg(json_build_object('id', d.id, 'task', d.task, 'outcome', d.outcome, 'exposures', d.exposures, 'exposureNotes', d."exposureNotes",
                                                                       'dog', json_build_object('name', g.name)) ORDER BY d."deployedAt", d.id), '[]')
                              FROM (SELECT * FROM "Deployment" WHERE "incidentId" = i.id ORDER BY "deployedAt", id LIMIT 20) d JOIN "Dog" g ON g.id = d."dogId"))), '[]')
     FROM "Incident" i WHERE i.id = ANY($1::uuid[])) AS incidents,
  (SELECT coalesce(json_agg(json_build_object('id', d.id, 'deployedAt', d."deployedAt", 'task', d.task, 'outcome', d.outcome, 'exposures', d.exposures, 'exposureNotes', d."exposureNotes",
            'injuryObserved', d."injuryObserved", 'injuryDescription', d."injuryDescription",
            'dog', json_build_object('id', g.id, 'name', g.name), 'handler', json_build_object('firstName', h."firstName", 'lastName', h."lastName"),
            'incident', json_build_object('id', i.id, 'number', i.number, 'type', i.type, 'locationText', i."locationText"))), '[]')
     FROM "Deployment" d JOIN "Dog" g ON g.id = d."dogId" JOIN "Handler" h ON h.id = d."handlerId" JOIN "Incident" i ON i.id = d."incidentId"
    WHERE d.id = ANY($2::uuid[])) AS deployments,
  (SELECT coalesce(json_agg(json_build_object('id', m.id, 'kind', m.kind, 'occurredAt', m."occurredAt", 'diagnosis', m.diagnosis, 'findings', m.findings, 'outcome', m.outcome,
            'decisionOutcome', m."decisionOutcome", 'decisionReason', m."decisionReason", 'complications', m.complications,
            'dog', json_build_object('name', g.name), 'veterinarian', json_build_object('name', v.name))), '[]')
     FROM "MedicalRecord" m JOIN "Dog" g ON g.id = m."dogId" JOIN "User" v ON v.id = m."veterinarianId"
    WHERE m.id = ANY($3::uuid[])) AS medical,
  (SELECT coalesce(json_agg(json_build_object('id', a.id, 'fileName', a."fileName", 'description', a.description, 'modality', a.modality, 'view', a.view, 'bodyRegion', a."bodyRegion",
            'sha256', a.sha256, 'capturedAt', a."capturedAt", 'createdAt', a."createdAt")), '[]')
     FROM "Attachment" a WHERE a.id = ANY($4::uuid[])) AS attachments,
  (SELECT coalesce(json_agg(json_build_object('id', e.id, 'number', e.number, 'description', e.description, 'collectedAt', e."collectedAt", 'collectedAtPlace', e."collectedAtPlace",
            'collectedBy', json_build_object('name', u.name))), '[]')
     FROM "EvidenceItem" e JOIN "User" u ON u.id = e."collectedById" WHERE e.id = ANY($5::uuid[])) AS items,
  (SELECT coalesce(json_agg(json_build_object('id', c.id, 'sequence', c.sequence, 'action', c.action, 'place', c.place, 'labName', c."labName", 'purpose', c.purpose,
            'sealIntact', c."sealIntact", 'notes', c.notes, 'evidenceItem', json_build_object('id', e.id, 'number', e.number),
            'actor', json_build_object('name', ac.name),
            'fromUser', CASE WHEN fu.id IS NULL THEN NULL ELSE json_build_object('name', fu.name) END,
            'toUser', CASE WHEN tu.id IS NULL THEN NULL ELSE json_build_object('name', tu.name) END,
            'location', CASE WHEN l.id IS NULL THEN NULL ELSE json_build_object('code', l.code) END)), '[]')
     FROM "CustodyEvent" c JOIN "EvidenceItem" e ON e.id = c."evidenceItemId" JOIN "User" ac ON ac.id = c."actorId"
     LEFT JOIN "User" fu ON fu.id = c."fromUserId" LEFT JOIN "User" tu ON tu.id = c."toUserId" LEFT JOIN "StorageLocation" l ON l.id = c."locationId"
    WHERE c.id = ANY($6::uuid[])) AS custody,
  (SELECT coalesce(json_agg(json_build_object('id', r.id, 'reportedAt', r."reportedAt", 'examiner', r.examiner, 'conclusion', r.conclusion, 'findings', r.findings,
            'request', json_build_object('lab', q.lab, 'labReference', q."labReference", 'evidenceItem', json_build_object('id', e.id, 'number', e.number)))), '[]')
     FROM "LabResult" r JOIN "LabRequest" q ON q.id = r."requestId" JOIN "EvidenceItem" e ON e.id = q."evidenceItemId" WHERE r.id = ANY($7::uuid[])) AS labs,
  (SELECT coalesce(json_agg(json_build_object('id', n.id, 'body', n.body, 'createdAt', n."createdAt", 'author', json_build_object('name', u.name))), '[]')
     FROM "CaseNote" n JOIN "User" u ON u.id = n."authorId" WHERE n.id = ANY($8::uuid[])) AS notes`,
}

/** The ids of the events shown, per kind of record. */
export type TimelineDetailIds = { incidents: string[]; deployments: string[]; medical: string[]; attachments: string[]; items: string[]; custody: string[]; labs: string[]; notes: string[] }

type Name = { name: string }
/** Dates as the JSON has them (ISO 8601 text); `Dated` turns them into `Date`s. */
type Raw = {
  incidents: Array<{
    id: string
    number: string
    type: IncidentType
    occurredAt: string
    locationText: string
    weather: string | null
    deployments: Array<{ id: string; task: DeploymentTask; outcome: DeploymentOutcome; exposures: Exposure[]; exposureNotes: string | null; dog: Name }>
  }>
  deployments: Array<
    DeploymentJson & {
      dog: { id: string; name: string }
      handler: { firstName: string; lastName: string }
      incident: { id: string; number: string; type: IncidentType; locationText: string }
    }
  >
  medical: Array<{
    id: string
    kind: MedicalRecordKind
    occurredAt: string
    diagnosis: string | null
    findings: string | null
    outcome: string | null
    decisionOutcome: DecisionOutcome | null
    decisionReason: string | null
    complications: string | null
    dog: Name
    veterinarian: Name
  }>
  attachments: Array<{ id: string; fileName: string; description: string | null; modality: AttachmentModality | null; view: string | null; bodyRegion: string | null; sha256: string; capturedAt: string | null; createdAt: string }>
  items: Array<{ id: string; number: string; description: string; collectedAt: string; collectedAtPlace: string; collectedBy: Name }>
  custody: Array<{
    id: string
    sequence: number
    action: CustodyAction
    place: string | null
    labName: string | null
    purpose: string | null
    sealIntact: boolean | null
    notes: string | null
    evidenceItem: { id: string; number: string }
    actor: Name
    fromUser: Name | null
    toUser: Name | null
    location: { code: string } | null
  }>
  labs: Array<{ id: string; reportedAt: string; examiner: string; conclusion: string; findings: string; request: { lab: string; labReference: string | null; evidenceItem: { id: string; number: string } } }>
  notes: Array<{ id: string; body: string; createdAt: string; author: Name }>
}

const NONE = { incidents: [], deployments: [], medical: [], attachments: [], items: [], custody: [], labs: [], notes: [] }

/** The shown events' records, one round trip (none when nothing is shown). */
export async function readTimelineDetail(ids: TimelineDetailIds) {
  const empty = Object.values(ids).every((list) => list.length === 0)
  const [raw] = empty ? [NONE as Raw] : await hotRows<Raw>(TIMELINE_DETAIL, [ids.incidents, ids.deployments, ids.medical, ids.attachments, ids.items, ids.custody, ids.labs, ids.notes])
  const r = raw!
  return {
    incidents: r.incidents.map((i) => ({ ...i, occurredAt: jsonDate(i.occurredAt) })),
    deployments: r.deployments.map((d) => ({ ...d, deployedAt: jsonDate(d.deployedAt) })),
    medical: r.medical.map((m) => ({ ...m, occurredAt: jsonDate(m.occurredAt) })),
    attachments: r.attachments.map((a) => ({ ...a, capturedAt: jsonDateOrNull(a.capturedAt), createdAt: jsonDate(a.createdAt) })),
    items: r.items.map((e) => ({ ...e, collectedAt: jsonDate(e.collectedAt) })),
    custody: r.custody,
    labs: r.labs.map((l) => ({ ...l, reportedAt: jsonDate(l.reportedAt) })),
    notes: r.notes.map((n) => ({ ...n, createdAt: jsonDate(n.createdAt) })),
  }
}

export type TimelineDetail = Awaited<ReturnType<typeof readTimelineDetail>>

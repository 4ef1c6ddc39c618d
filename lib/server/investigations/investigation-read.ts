import 'server-only'
import type { AttachmentModality, DeploymentOutcome, DeploymentTask, EvidenceCategory, Exposure, IncidentType, InvestigationStatus, LinkRelation, LinkTargetType, MedicalRecordKind, Role } from '@/lib/generated/prisma/enums'
import type { Actor } from '../actor'
import { hotRows, jsonDate, jsonDateOrNull, type HotStatement } from '../db'
import { can } from '../policy'
import { INVESTIGATION_IN_SCOPE_SQL, seesEveryInvestigation } from './access'

/**
 * PERFORMANCE: an investigation's page read (getInvestigation) in one
 * prepared statement on node-postgres (decision 029): the investigation, its
 * lead, team and notes, the links the page shows with the record each points
 * to, every active type's count, and the numbers a case note may mention.
 * Through Prisma this was three to four dependent round trips (the
 * investigation; which links to show; those links with their records and the
 * mentionable numbers), with the links' records built by Prisma's client.
 *
 * The window: with $4 (links per type), the first $4 active links of each
 * type (oldest first), every active link of the type $5, and the first
 * $6 removed links; without it, every link (the first 500). The WHERE is
 * investigationScope's rule (seesEveryInvestigation, or the lead, or a team
 * member; never archived): outside it the statement finds nothing (404).
 * Constant SQL, bound parameters only.
 */
const INVESTIGATION_READ: HotStatement = {
  name: 'k9_investigation_read',
  text: `WITH inv AS (
  SELECT i.* FROM "Investigation" i
   WHERE ${INVESTIGATION_IN_SCOPE_SQL}),
ranked AS (
  SELECT k.id, k."targetType", k."createdAt", k."removedAt" IS NOT NULL AS removed,
         row_number() OVER (PARTITION BY k."targetType", k."removedAt" IS NOT NULL ORDER BY k."createdAt", k.id) AS rn,
         count(*) OVER (PARTITION BY k."targetType", k."removedAt" IS NOT NULL) AS n
    FROM "InvestigationLink" k WHERE k."investigationId" = (SELECT id FROM inv)),
shown AS MATERIALIZED (
  SELECT id FROM ranked
   WHERE $4::int IS NULL
      OR (removed AND rn <= $6::int)
      OR (NOT removed AND (rn <= $4::int OR "targetType"::text = $5::text))
   ORDER BY "createdAt", id LIMIT CASE WHEN $4::int IS NULL THEN 500 END)
SELECT i.id, i.number, i.title, i.status, i.disposition, i.summary, i."openedAt", i."closedAt", i.version,
       json_build_object('id', lu.id, 'name', lu.name, 'role', lu.role) AS lead,
       (SELECT coalesce(json_agg(json_build_object('addedAt', m."addedAt", 'user', json_build_object('id', u.id, 'name', u.name, 'role', u.role)) ORDER BY m."addedAt", u.id), '[]')
          FROM (SELECT * FROM "InvestigationMember" WHERE "investigationId" = i.id ORDER BY "addedAt", "userId" LIMIT 100) m JOIN "User" u ON u.id = m."userId") AS members,
       (SELECT coalesce(json_agg(json_build_object('id', n.id, 'body', n.body, 'createdAt', n."createdAt", 'author', json_build_object('id', u.id, 'name', u.name)) ORDER BY n."createdAt", n.id), '[]')
          FROM (SELECT * FROM "CaseNote" WHERE "investigationId" = i.id ORDER BY "createdAt", id LIMIT 500) n JOIN "User" u ON u.id = n."authorId") AS notes,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', k.id, 'targetType', k."targetType", 'relation', k.relation, 'note', k.note, 'createdAt', k."createdAt",
                 'createdBy', (SELECT json_build_object('name', u.name) FROM "User" u WHERE u.id = k."createdById"),
                 'removedAt', k."removedAt", 'removedReason', k."removedReason",
                 'removedBy', (SELECT json_build_object('name', u.name) FROM "User" u WHERE u.id = k."removedById"),
                 'incident', (SELECT json_build_object('id', t.id, 'number', t.number, 'type', t.type, 'occurredAt', t."occurredAt", 'locationText', t."locationText")
                                FROM "Incident" t WHERE t.id = k."incidentId"),
                 'deployment', (SELECT json_build_object('id', t.id, 'deployedAt', t."deployedAt", 'task', t.task, 'outcome', t.outcome, 'exposures', t.exposures,
                                                         'dog', json_build_object('id', g.id, 'name', g.name), 'incident', json_build_object('id', n.id, 'number', n.number, 'type', n.type, 'locationText', n."locationText"))
                                  FROM "Deployment" t JOIN "Dog" g ON g.id = t."dogId" JOIN "Incident" n ON n.id = t."incidentId" WHERE t.id = k."deploymentId"),
                 'dog', (SELECT json_build_object('id', t.id, 'name', t.name, 'k9Number', t."k9Number", 'breed', t.breed) FROM "Dog" t WHERE t.id = k."dogId"),
                 'handler', (SELECT json_build_object('id', t.id, 'firstName', t."firstName", 'lastName', t."lastName", 'rank', t.rank, 'badgeNumber', t."badgeNumber") FROM "Handler" t WHERE t.id = k."handlerId"),
                 'medicalRecord', (SELECT json_build_object('id', t.id, 'kind', t.kind, 'occurredAt', t."occurredAt", 'clinic', t.clinic, 'dogId', t."dogId", 'dog', json_build_object('name', g.name))
                                     FROM "MedicalRecord" t JOIN "Dog" g ON g.id = t."dogId" WHERE t.id = k."medicalRecordId"),
                 'attachment', (SELECT json_build_object('id', t.id, 'fileName', t."fileName", 'description', t.description, 'modality', t.modality, 'sha256', t.sha256,
                                                         'capturedAt', t."capturedAt", 'createdAt', t."createdAt",
                                                         'medicalRecord', (SELECT json_build_object('dogId', m."dogId") FROM "MedicalRecord" m WHERE m.id = t."medicalRecordId"))
                                  FROM "Attachment" t WHERE t.id = k."attachmentId"),
                 'evidenceItem', (SELECT json_build_object('id', t.id, 'number', t.number, 'description', t.description, 'category', t.category, 'collectedAt', t."collectedAt")
                                    FROM "EvidenceItem" t WHERE t.id = k."evidenceItemId"),
                 'labResult', (SELECT json_build_object('id', t.id, 'conclusion', t.conclusion, 'reportedAt', t."reportedAt", 'request', json_build_object('lab', q.lab, 'evidenceItem', json_build_object('id', e.id, 'number', e.number)))
                                 FROM "LabResult" t JOIN "LabRequest" q ON q.id = t."requestId" JOIN "EvidenceItem" e ON e.id = q."evidenceItemId" WHERE t.id = k."labResultId"))
               ORDER BY k."createdAt", k.id), '[]')
          FROM shown s JOIN "InvestigationLink" k ON k.id = s.id
         WHERE k."investigationId" = i.id) AS links,
       (SELECT coalesce(json_object_agg("targetType", n), '{}') FROM (SELECT DISTINCT "targetType", n::int AS n FROM ranked WHERE NOT removed) c) AS counts,
       CASE WHEN $4::int IS NOT NULL AND EXISTS (SELECT 1 FROM "CaseNote" WHERE "investigationId" = i.id) THEN
         (SELECT coalesce(json_agg(r), '[]') FROM (
            SELECT x.token, x.ref FROM (
              SELECT CASE k."targetType"
                       WHEN 'INCIDENT' THEN (SELECT number FROM "Incident" WHERE id = k."incidentId")
                       WHEN 'DOG' THEN (SELECT "k9Number" FROM "Dog" WHERE id = k."dogId")
                       WHEN 'HANDLER' THEN (SELECT "badgeNumber" FROM "Handler" WHERE id = k."handlerId")
                       ELSE (SELECT number FROM "EvidenceItem" WHERE id = k."evidenceItemId") END AS token,
                     CASE k."targetType" WHEN 'INCIDENT' THEN 'incident:' || k."incidentId" WHEN 'DOG' THEN 'dog:' || k."dogId"
                       WHEN 'HANDLER' THEN 'handler:' || k."handlerId" ELSE 'evidence:' || k."evidenceItemId" END AS ref,
                     k."createdAt", k.id
                FROM "InvestigationLink" k
               WHERE k."investigationId" = i.id AND k."removedAt" IS NULL AND k."targetType" IN ('INCIDENT', 'DOG', 'HANDLER', 'EVIDENCE_ITEM')) x
             WHERE x.token IS NOT NULL) r)
       END AS "references"
  FROM inv i JOIN "User" lu ON lu.id = i."leadId"`,
}

type Named = { id: string; name: string; role: Role }
type RawLink = {
  id: string
  targetType: LinkTargetType
  relation: LinkRelation
  note: string | null
  createdAt: string
  createdBy: { name: string }
  removedAt: string | null
  removedReason: string | null
  removedBy: { name: string } | null
  incident: { id: string; number: string; type: IncidentType; occurredAt: string; locationText: string } | null
  deployment: {
    id: string
    deployedAt: string
    task: DeploymentTask
    outcome: DeploymentOutcome
    exposures: Exposure[]
    dog: { id: string; name: string }
    incident: { id: string; number: string; type: IncidentType; locationText: string }
  } | null
  dog: { id: string; name: string; k9Number: string; breed: string } | null
  handler: { id: string; firstName: string; lastName: string; rank: string; badgeNumber: string } | null
  medicalRecord: { id: string; kind: MedicalRecordKind; occurredAt: string; clinic: string; dogId: string; dog: { name: string } } | null
  attachment: { id: string; fileName: string; description: string | null; modality: AttachmentModality | null; sha256: string; capturedAt: string | null; createdAt: string; medicalRecord: { dogId: string } | null } | null
  evidenceItem: { id: string; number: string; description: string; category: EvidenceCategory; collectedAt: string } | null
  labResult: { id: string; conclusion: string; reportedAt: string; request: { lab: string; evidenceItem: { id: string; number: string } } } | null
}
type Row = {
  id: string
  number: string
  title: string
  status: InvestigationStatus
  disposition: string | null
  summary: string
  openedAt: Date
  closedAt: Date | null
  version: number
  lead: Named
  members: Array<{ addedAt: string; user: Named }>
  notes: Array<{ id: string; body: string; createdAt: string; author: { id: string; name: string } }>
  links: RawLink[]
  counts: Partial<Record<LinkTargetType, number>>
  /** `kind:id` of the record a mentionable number names. */
  references: Array<{ token: string; ref: string }> | null
}

/** Links listed at most per type, and the type shown whole; null = every link (the first 500). */
export type LinkWindowInput = { perType: number; expand: LinkTargetType | null; removedMax: number } | null

function link(l: RawLink) {
  return {
    ...l,
    createdAt: jsonDate(l.createdAt),
    removedAt: jsonDateOrNull(l.removedAt),
    incident: l.incident && { ...l.incident, occurredAt: jsonDate(l.incident.occurredAt) },
    deployment: l.deployment && { ...l.deployment, deployedAt: jsonDate(l.deployment.deployedAt) },
    medicalRecord: l.medicalRecord && { ...l.medicalRecord, occurredAt: jsonDate(l.medicalRecord.occurredAt) },
    attachment: l.attachment && { ...l.attachment, capturedAt: jsonDateOrNull(l.attachment.capturedAt), createdAt: jsonDate(l.attachment.createdAt) },
    evidenceItem: l.evidenceItem && { ...l.evidenceItem, collectedAt: jsonDate(l.evidenceItem.collectedAt) },
    labResult: l.labResult && { ...l.labResult, reportedAt: jsonDate(l.labResult.reportedAt) },
  }
}

/** The investigation as its page reads it, or null when it does not exist, is archived, or is outside the actor's scope. */
export async function readInvestigation(actor: Actor, investigationId: string, window: LinkWindowInput) {
  if (!can(actor, 'investigations:read')) return null
  const [row] = await hotRows<Row>(INVESTIGATION_READ, [investigationId, seesEveryInvestigation(actor), actor.id, window?.perType ?? null, window?.expand ?? '', window?.removedMax ?? null])
  if (!row) return null
  return {
    ...row,
    members: row.members.map((m) => ({ ...m, addedAt: jsonDate(m.addedAt) })),
    notes: row.notes.map((n) => ({ ...n, createdAt: jsonDate(n.createdAt) })),
    links: row.links.map(link),
  }
}

export type InvestigationRead = NonNullable<Awaited<ReturnType<typeof readInvestigation>>>

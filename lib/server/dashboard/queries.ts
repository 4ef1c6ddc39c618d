import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { DogStatus, IncidentStatus, IncidentType } from '@/lib/generated/prisma/enums'
import type { Actor } from '../actor'
import { countUnresolvedAlerts, dogsWithFitnessUnconfirmed, isOverdue, listUnresolvedAlerts, type AlertRow } from '../alerts/queries'
import { seesEveryAlert } from '../alerts/scope'
import { CERT_WARNING_DAYS } from '../alerts/sweep'
import { db, hotRows, jsonDate, jsonDateOrNull, type HotStatement } from '../db'
import { evidenceScope } from '../evidence/scope'
import { investigationScope } from '../investigations/access'
import { medicalRecordScope } from '../medical/scope'
import { can } from '../policy'

/**
 * The first page after sign-in, one shape per role (issue 8). Every list is
 * read through the same scopes as the pages it links to, so a dashboard never
 * shows a record its reader could not open.
 */

const DAY = 86_400_000

const DOG_SELECT = {
  id: true,
  name: true,
  k9Number: true,
  status: true,
  fitForDuty: true,
  assignments: { where: { endedAt: null }, take: 1, select: { handler: { select: { firstName: true, lastName: true } } } },
} satisfies Prisma.DogSelect

export type DashboardDog = { id: string; name: string; k9Number: string; status: string; fitForDuty: boolean; handler: string | null; fitnessUnconfirmed: boolean }

type DogRow = Prisma.DogGetPayload<{ select: typeof DOG_SELECT }>

function dashboardDog({ assignments, ...d }: DogRow, fitnessUnconfirmed: boolean): DashboardDog {
  return { ...d, handler: assignments[0] ? `${assignments[0].handler.firstName} ${assignments[0].handler.lastName}` : null, fitnessUnconfirmed }
}

async function withFitness(actor: Actor, dogs: DogRow[]): Promise<DashboardDog[]> {
  const unconfirmed = await dogsWithFitnessUnconfirmed(actor, dogs.map((d) => d.id))
  return dogs.map((d) => dashboardDog(d, unconfirmed.has(d.id)))
}

/** How many of their latest incidents an officer's dashboard lists. */
export const OFFICER_INCIDENTS_SHOWN = 10

/**
 * The officer's latest incidents: those they reported, were an officer on, or
 * deployed a dog in.
 * PERFORMANCE: the three ways in are read from their own indexes and united
 * first, then the incidents are read by id and sorted. Written as one Prisma
 * filter (an OR of two EXISTS), PostgreSQL walked all 1,000,052 incidents
 * newest first, testing each, until it had ten of the officer's: 43 ms for
 * Carter, whose latest incidents are recent, and the whole table for an
 * officer whose are not (EXPLAIN ANALYZE; now 0.5 ms).
 */
export async function officerIncidents(userId: string, handlerId: string | null) {
  return db.$queryRaw<Array<{ id: string; number: string; type: IncidentType; occurredAt: Date; locationText: string; status: IncidentStatus }>>`
    SELECT i.id::text AS id, i.number, i.type::text AS type, i."occurredAt", i."locationText", i.status::text AS status
      FROM "Incident" i
     WHERE i.id IN (SELECT r.id FROM "Incident" r WHERE r."reportingOfficerId" = ${userId}::uuid
                    UNION SELECT o."incidentId" FROM "IncidentOfficer" o WHERE o."handlerId" = ${handlerId}::uuid
                    UNION SELECT d."incidentId" FROM "Deployment" d WHERE d."handlerId" = ${handlerId}::uuid)
       AND i."archivedAt" IS NULL
     ORDER BY i."occurredAt" DESC, i.id DESC
     LIMIT ${OFFICER_INCIDENTS_SHOWN}`
}

async function officerDashboard(actor: Actor) {
  const handlerId = actor.handlerId
  const [dogs, alerts, incidents] = await Promise.all([
    handlerId
      ? db.dog.findMany({ where: { archivedAt: null, assignments: { some: { handlerId, endedAt: null } } }, orderBy: { name: 'asc' }, take: 20, select: DOG_SELECT })
      : Promise.resolve([]),
    listUnresolvedAlerts(actor),
    can(actor, 'incidents:read') ? officerIncidents(actor.id, handlerId) : Promise.resolve([]),
  ])
  return { role: 'OFFICER' as const, dogs: await withFitness(actor, dogs), alerts, incidents }
}

async function vetDashboard(actor: Actor) {
  const scope = medicalRecordScope(actor)
  const now = new Date()
  if (!scope) return { role: 'VETERINARIAN' as const, admissions: [], followUps: [], vetChecks: [] as AlertRow[] }
  const [admissions, followUpRecords, vetChecks] = await Promise.all([
    db.medicalRecord.findMany({
      where: { AND: [scope, { archivedAt: null, occurredAt: { gte: new Date(now.getTime() - 30 * DAY) } }] },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: 10,
      select: { id: true, kind: true, occurredAt: true, clinic: true, diagnosis: true, dog: { select: { id: true, name: true, k9Number: true } }, veterinarian: { select: { name: true } } },
    }),
    db.medicalRecord.findMany({
      where: { AND: [scope, { archivedAt: null, followUpDueAt: { gte: new Date(now.getTime() - 30 * DAY), lte: new Date(now.getTime() + 30 * DAY) } }] },
      orderBy: [{ followUpDueAt: 'asc' }, { id: 'asc' }],
      take: 20,
      select: { id: true, kind: true, occurredAt: true, followUpDueAt: true, dogId: true, dog: { select: { id: true, name: true, k9Number: true } } },
    }),
    listUnresolvedAlerts(actor, { kind: 'VET_CHECK_DUE' }),
  ])
  // A follow-up is done once the dog has a FOLLOW_UP record after the record that asked for it (one query).
  const done = followUpRecords.length
    ? await db.medicalRecord.findMany({
        where: { archivedAt: null, kind: 'FOLLOW_UP', dogId: { in: [...new Set(followUpRecords.map((r) => r.dogId))] } },
        select: { dogId: true, occurredAt: true },
      })
    : []
  const followUps = followUpRecords
    .filter((r) => !done.some((d) => d.dogId === r.dogId && d.occurredAt > r.occurredAt))
    .map(({ dogId: _dogId, ...r }) => ({ ...r, overdue: r.followUpDueAt !== null && r.followUpDueAt < now }))
  return { role: 'VETERINARIAN' as const, admissions, followUps, vetChecks }
}

async function evidenceTechDashboard(actor: Actor) {
  const scope = evidenceScope(actor)
  if (!scope) return { role: 'EVIDENCE_TECH' as const, inTransit: [], labDue: [], dispositions: [] }
  const now = new Date()
  const [inTransit, labDue, dispositions] = await Promise.all([
    db.evidenceItem.findMany({
      where: { AND: [scope, { status: 'IN_TRANSIT' }] },
      orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }],
      take: 20,
      select: { id: true, number: true, description: true, updatedAt: true, currentCustodian: { select: { name: true } }, pendingReceiver: { select: { name: true } } },
    }),
    db.labRequest.findMany({
      where: { status: { in: ['REQUESTED', 'SUBMITTED'] }, evidenceItem: scope },
      orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
      take: 20,
      select: { id: true, lab: true, status: true, dueAt: true, requestedAt: true, evidenceItem: { select: { id: true, number: true, description: true } } },
    }),
    db.dispositionRequest.findMany({
      where: { status: { in: ['PENDING', 'APPROVED'] }, evidenceItem: scope },
      orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
      take: 20,
      select: { id: true, method: true, status: true, requestedAt: true, requestedBy: { select: { name: true } }, evidenceItem: { select: { id: true, number: true, description: true } } },
    }),
  ])
  return { role: 'EVIDENCE_TECH' as const, inTransit, labDue: labDue.map((l) => ({ ...l, overdue: l.dueAt !== null && l.dueAt < now })), dispositions }
}

async function detectiveDashboard(actor: Actor) {
  const invScope = investigationScope(actor)
  const evScope = evidenceScope(actor)
  const [investigations, labResults] = await Promise.all([
    invScope
      ? db.investigation.findMany({
          where: { AND: [invScope, { status: { not: 'CLOSED' } }] },
          orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
          take: 10,
          select: { id: true, number: true, title: true, status: true, updatedAt: true, lead: { select: { id: true, name: true } } },
        })
      : Promise.resolve([]),
    evScope
      ? db.labResult.findMany({
          where: { reportedAt: { gte: new Date(Date.now() - 30 * DAY) }, request: { evidenceItem: evScope } },
          orderBy: [{ reportedAt: 'desc' }, { id: 'desc' }],
          take: 10,
          select: { id: true, conclusion: true, reportedAt: true, request: { select: { lab: true, evidenceItem: { select: { id: true, number: true, description: true } } } } },
        })
      : Promise.resolve([]),
  ])
  return { role: 'DETECTIVE' as const, investigations: investigations.map((i) => ({ ...i, isLead: i.lead.id === actor.id })), labResults }
}

export type DashboardCertification = { id: string; kind: string; issuer: string; expiresAt: Date; expired: boolean; dog: { id: string; name: string; k9Number: string } }

/** Dogs the supervisor's dashboard lists by name: those needing attention, most urgent first (all of them are a link away). */
export const SUPERVISOR_DOGS_SHOWN = 15
/** The most urgent unresolved welfare alerts on the supervisor's dashboard (the rest: /alerts). */
export const SUPERVISOR_ALERTS_SHOWN = 10

/**
 * PERFORMANCE: the supervisor's dashboard in one prepared statement on
 * node-postgres (decision 029): the dogs needing attention (an open or
 * acknowledged vet check, so fitness unconfirmed, first; then the unfit and
 * those not active, by status), how many dogs each status has, how many have
 * fitness unconfirmed, the certifications expiring within CERT_WARNING_DAYS,
 * and the unresolved welfare alerts (how many, how many overdue, the most
 * urgent first with what listUnresolvedAlerts reads of each). Through Prisma
 * these were nine queries, each built by Prisma's client. A supervisor reads
 * every dog, and every alert when seesEveryAlert (else its alerts come
 * through their scope, $4 is 0 and the statement counts none); in service = not archived, not retired
 * or deceased. Constant SQL, bound parameters only ($1 the last expiry date
 * listed, $2 how many dogs, $3 now, $4 how many alerts).
 */
const SUPERVISOR_DASHBOARD: HotStatement = {
  name: 'k9_supervisor_dashboard',
  text: `WITH in_service AS (
  SELECT d.id, d.name, d."k9Number", d.status, d."fitForDuty",
         EXISTS (SELECT 1 FROM "Alert" a WHERE a."dogId" = d.id AND a.kind = 'VET_CHECK_DUE' AND a.status IN ('OPEN', 'ACKNOWLEDGED')) AS unconfirmed
    FROM "Dog" d WHERE d."archivedAt" IS NULL AND d.status NOT IN ('RETIRED', 'DECEASED')),
attention AS (
  (SELECT * FROM in_service WHERE unconfirmed ORDER BY name, id LIMIT $2)
  UNION ALL
  (SELECT * FROM in_service WHERE NOT unconfirmed AND (NOT "fitForDuty" OR status <> 'ACTIVE') ORDER BY status, name, id LIMIT $2))
SELECT
  (SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', t.name, 'k9Number', t."k9Number", 'status', t.status, 'fitForDuty', t."fitForDuty",
                                              'handler', (SELECT h."firstName" || ' ' || h."lastName" FROM "HandlerAssignment" s JOIN "Handler" h ON h.id = s."handlerId"
                                                           WHERE s."dogId" = t.id AND s."endedAt" IS NULL LIMIT 1),
                                              'fitnessUnconfirmed', t.unconfirmed)
                            ORDER BY NOT t.unconfirmed, CASE WHEN t.unconfirmed THEN NULL ELSE t.status END, t.name, t.id), '[]') FROM attention t) AS dogs,
  (SELECT coalesce(json_object_agg(status, n), '{}') FROM (SELECT status, count(*)::int AS n FROM "Dog" WHERE "archivedAt" IS NULL GROUP BY status) g) AS "byStatus",
  (SELECT count(*)::int FROM in_service WHERE unconfirmed) AS "unconfirmedCount",
  (SELECT coalesce(json_agg(json_build_object('id', c.id, 'kind', c.kind, 'issuer', c.issuer, 'expiresAt', to_char(c."expiresAt", 'YYYY-MM-DD'),
                                              'dog', json_build_object('id', d.id, 'name', d.name, 'k9Number', d."k9Number")) ORDER BY c."expiresAt", c.id), '[]')
     FROM (SELECT c.* FROM "Certification" c JOIN "Dog" d ON d.id = c."dogId"
            WHERE c."archivedAt" IS NULL AND c."expiresAt" <= $1::date AND d."archivedAt" IS NULL AND d.status NOT IN ('RETIRED', 'DECEASED')
            ORDER BY c."expiresAt", c.id LIMIT 20) c JOIN "Dog" d ON d.id = c."dogId") AS certifications,
  CASE WHEN $4 > 0 THEN (SELECT count(*)::int FROM "Alert" WHERE status IN ('OPEN', 'ACKNOWLEDGED')) ELSE 0 END AS "alertsOpen",
  CASE WHEN $4 > 0 THEN (SELECT count(*)::int FROM "Alert" WHERE status IN ('OPEN', 'ACKNOWLEDGED') AND "dueAt" < $3::timestamptz) ELSE 0 END AS "alertsOverdue",
  (SELECT coalesce(json_agg(json_build_object(
            'id', a.id, 'kind', a.kind, 'status', a.status, 'title', a.title, 'raisedAt', a."raisedAt", 'dueAt', a."dueAt", 'overdueAt', a."overdueAt",
            'resolvedAt', a."resolvedAt", 'acknowledgedAt', a."acknowledgedAt", 'note', a.note, 'version', a.version,
            'dog', (SELECT json_build_object('id', g.id, 'name', g.name, 'k9Number', g."k9Number") FROM "Dog" g WHERE g.id = a."dogId"),
            'deployment', (SELECT json_build_object('id', d.id, 'deployedAt', d."deployedAt", 'exposures', d.exposures, 'incident', json_build_object('id', i.id, 'number', i.number),
                                                    'handler', json_build_object('firstName', h."firstName", 'lastName', h."lastName"))
                             FROM "Deployment" d JOIN "Incident" i ON i.id = d."incidentId" JOIN "Handler" h ON h.id = d."handlerId" WHERE d.id = a."deploymentId"),
            'certification', (SELECT json_build_object('id', c.id, 'kind', c.kind, 'expiresAt', to_char(c."expiresAt", 'YYYY-MM-DD')) FROM "Certification" c WHERE c.id = a."certificationId"),
            'acknowledgedBy', (SELECT json_build_object('name', u.name) FROM "User" u WHERE u.id = a."acknowledgedById"),
            'resolvedByRecord', (SELECT json_build_object('id', m.id, 'kind', m.kind, 'occurredAt', m."occurredAt") FROM "MedicalRecord" m WHERE m.id = a."resolvedByRecordId"))
          ORDER BY a."dueAt", a.id), '[]')
     FROM (SELECT * FROM "Alert" WHERE status IN ('OPEN', 'ACKNOWLEDGED') ORDER BY "dueAt", id LIMIT $4) a) AS alerts`,
}

/** An alert as the statement's JSON has it (dates as text); `alertRow` gives the shape listUnresolvedAlerts returns. */
type AlertJson = Omit<AlertRow, 'raisedAt' | 'dueAt' | 'overdueAt' | 'resolvedAt' | 'acknowledgedAt' | 'deployment' | 'certification' | 'resolvedByRecord' | 'isOverdue' | 'canAcknowledge'> & {
  raisedAt: string
  dueAt: string
  overdueAt: string | null
  resolvedAt: string | null
  acknowledgedAt: string | null
  deployment: (Omit<NonNullable<AlertRow['deployment']>, 'deployedAt'> & { deployedAt: string }) | null
  certification: (Omit<NonNullable<AlertRow['certification']>, 'expiresAt'> & { expiresAt: string }) | null
  resolvedByRecord: (Omit<NonNullable<AlertRow['resolvedByRecord']>, 'occurredAt'> & { occurredAt: string }) | null
}

function alertRow(a: AlertJson, now: Date, mayAck: boolean): AlertRow {
  const row = {
    ...a,
    raisedAt: jsonDate(a.raisedAt),
    dueAt: jsonDate(a.dueAt),
    overdueAt: jsonDateOrNull(a.overdueAt),
    resolvedAt: jsonDateOrNull(a.resolvedAt),
    acknowledgedAt: jsonDateOrNull(a.acknowledgedAt),
    deployment: a.deployment && { ...a.deployment, deployedAt: jsonDate(a.deployment.deployedAt) },
    certification: a.certification && { ...a.certification, expiresAt: jsonDate(a.certification.expiresAt) },
    resolvedByRecord: a.resolvedByRecord && { ...a.resolvedByRecord, occurredAt: jsonDate(a.resolvedByRecord.occurredAt) },
  }
  return { ...row, isOverdue: isOverdue(row, now), canAcknowledge: mayAck && row.status === 'OPEN' }
}

type SupervisorDashboardRow = {
  dogs: DashboardDog[]
  byStatus: Partial<Record<DogStatus, number>>
  unconfirmedCount: number
  certifications: Array<Omit<DashboardCertification, 'expiresAt' | 'expired'> & { expiresAt: string }>
  alertsOpen: number
  alertsOverdue: number
  alerts: AlertJson[]
}

async function supervisorDashboard(actor: Actor) {
  const now = new Date()
  const evScope = evidenceScope(actor)
  // PERFORMANCE: a statewide unit has thousands of dogs: the page names the
  // dogs that need attention and counts the rest (by status, in the statement).
  const lastExpiry = new Date(now.getTime() + CERT_WARNING_DAYS * DAY).toISOString().slice(0, 10)
  // The alerts come with the dogs when the supervisor sees every alert (they do); otherwise through their scope.
  const everyAlert = seesEveryAlert(actor)
  const [[dogs], scopedAlerts, pendingDispositions] = await Promise.all([
    hotRows<SupervisorDashboardRow>(SUPERVISOR_DASHBOARD, [lastExpiry, SUPERVISOR_DOGS_SHOWN, now, everyAlert ? SUPERVISOR_ALERTS_SHOWN : 0]),
    everyAlert ? null : Promise.all([listUnresolvedAlerts(actor, {}, SUPERVISOR_ALERTS_SHOWN), countUnresolvedAlerts(actor)]),
    evScope && can(actor, 'evidence:approve-disposition') ? db.dispositionRequest.count({ where: { status: 'PENDING', evidenceItem: evScope } }) : Promise.resolve(0),
  ])
  const mayAck = can(actor, 'alerts:acknowledge')
  const [alerts, counts] = scopedAlerts ?? [dogs!.alerts.map((a) => alertRow(a, now, mayAck)), { open: dogs!.alertsOpen, overdue: dogs!.alertsOverdue }]
  return {
    role: 'SUPERVISOR' as const,
    dogs: dogs!.dogs.slice(0, SUPERVISOR_DOGS_SHOWN),
    dogsByStatus: dogs!.byStatus,
    fitnessUnconfirmed: dogs!.unconfirmedCount,
    certifications: dogs!.certifications.map((c): DashboardCertification => {
      const expiresAt = jsonDate(c.expiresAt)
      return { ...c, expiresAt, expired: expiresAt < now }
    }),
    alerts,
    counts,
    pendingDispositions,
  }
}

export type Dashboard =
  | Awaited<ReturnType<typeof officerDashboard>>
  | Awaited<ReturnType<typeof vetDashboard>>
  | Awaited<ReturnType<typeof evidenceTechDashboard>>
  | Awaited<ReturnType<typeof detectiveDashboard>>
  | Awaited<ReturnType<typeof supervisorDashboard>>

/** The actor's dashboard; null for a role without one (administrators go to user management). */
export async function getDashboard(actor: Actor): Promise<Dashboard | null> {
  switch (actor.role) {
    case 'OFFICER':
      return officerDashboard(actor)
    case 'VETERINARIAN':
      return vetDashboard(actor)
    case 'EVIDENCE_TECH':
      return evidenceTechDashboard(actor)
    case 'DETECTIVE':
      return detectiveDashboard(actor)
    case 'SUPERVISOR':
      return supervisorDashboard(actor)
    default:
      return null
  }
}

import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { Actor } from '../actor'
import { countUnresolvedAlerts, dogsWithFitnessUnconfirmed, listUnresolvedAlerts, type AlertRow } from '../alerts/queries'
import { CERT_WARNING_DAYS } from '../alerts/sweep'
import { db } from '../db'
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

async function officerDashboard(actor: Actor) {
  const handlerId = actor.handlerId
  const [dogs, alerts, incidents] = await Promise.all([
    handlerId
      ? db.dog.findMany({ where: { archivedAt: null, assignments: { some: { handlerId, endedAt: null } } }, orderBy: { name: 'asc' }, take: 20, select: DOG_SELECT })
      : Promise.resolve([]),
    listUnresolvedAlerts(actor),
    can(actor, 'incidents:read')
      ? db.incident.findMany({
          where: {
            archivedAt: null,
            OR: [{ reportingOfficerId: actor.id }, ...(handlerId ? [{ officers: { some: { handlerId } } }, { deployments: { some: { handlerId } } }] : [])],
          },
          orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
          take: 10,
          select: { id: true, number: true, type: true, occurredAt: true, locationText: true, status: true },
        })
      : Promise.resolve([]),
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

async function supervisorDashboard(actor: Actor) {
  const now = new Date()
  const evScope = evidenceScope(actor)
  const inService = { archivedAt: null, status: { notIn: ['RETIRED', 'DECEASED'] } } satisfies Prisma.DogWhereInput
  const unconfirmed = { alerts: { some: { kind: 'VET_CHECK_DUE', status: { in: ['OPEN', 'ACKNOWLEDGED'] } } } } satisfies Prisma.DogWhereInput
  // PERFORMANCE: a statewide unit has thousands of dogs: the page names the
  // dogs that need attention and counts the rest (counts by status, one query).
  const [unconfirmedDogs, unfitDogs, byStatus, unconfirmedCount, certifications, alerts, counts, pendingDispositions] = await Promise.all([
    db.dog.findMany({ where: { ...inService, ...unconfirmed }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: SUPERVISOR_DOGS_SHOWN, select: DOG_SELECT }),
    db.dog.findMany({
      where: { ...inService, NOT: unconfirmed, OR: [{ fitForDuty: false }, { status: { not: 'ACTIVE' } }] },
      orderBy: [{ status: 'asc' }, { name: 'asc' }, { id: 'asc' }],
      take: SUPERVISOR_DOGS_SHOWN,
      select: DOG_SELECT,
    }),
    db.dog.groupBy({ by: ['status'], where: { archivedAt: null }, _count: { _all: true } }),
    db.dog.count({ where: { ...inService, ...unconfirmed } }),
    db.certification.findMany({
      where: { archivedAt: null, expiresAt: { lte: new Date(now.getTime() + CERT_WARNING_DAYS * DAY) }, dog: inService },
      orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
      take: 20,
      select: { id: true, kind: true, issuer: true, expiresAt: true, dog: { select: { id: true, name: true, k9Number: true } } },
    }),
    listUnresolvedAlerts(actor, {}, SUPERVISOR_ALERTS_SHOWN),
    countUnresolvedAlerts(actor),
    evScope && can(actor, 'evidence:approve-disposition') ? db.dispositionRequest.count({ where: { status: 'PENDING', evidenceItem: evScope } }) : Promise.resolve(0),
  ])
  const attention = [...unconfirmedDogs.map((d) => dashboardDog(d, true)), ...unfitDogs.map((d) => dashboardDog(d, false))].slice(0, SUPERVISOR_DOGS_SHOWN)
  const dogsByStatus = Object.fromEntries(byStatus.map((g) => [g.status, g._count._all])) as Partial<Record<(typeof byStatus)[number]['status'], number>>
  return {
    role: 'SUPERVISOR' as const,
    dogs: attention,
    dogsByStatus,
    fitnessUnconfirmed: unconfirmedCount,
    certifications: certifications.map((c): DashboardCertification => ({ ...c, expired: c.expiresAt < now })),
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

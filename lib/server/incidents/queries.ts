import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { ListIncidentsInput } from '@/lib/schemas/incidents'
import type { Actor } from '../actor'
import { db } from '../db'
import { can } from '../policy'
import { mayEdit } from './commands'

export const INCIDENTS_PAGE_SIZE = 25

/** Every role with incidents:read sees the unit's incidents (DESIGN.md access model). */
function incidentScope(actor: Actor): Prisma.IncidentWhereInput | null {
  if (!can(actor, 'incidents:read')) return null
  return { archivedAt: null }
}

export async function listIncidents(actor: Actor, input: ListIncidentsInput) {
  const scope = incidentScope(actor)
  if (!scope) return { rows: [], total: 0, page: 1, pageCount: 0 }
  const deploymentFilter: Prisma.DeploymentWhereInput = {
    ...(input.dog ? { dogId: input.dog } : {}),
    ...(input.handler ? { handlerId: input.handler } : {}),
    ...(input.exposure ? { exposures: { has: input.exposure } } : {}),
  }
  const where: Prisma.IncidentWhereInput = {
    ...scope,
    ...(input.type ? { type: input.type } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.from || input.to
      ? { occurredAt: { ...(input.from ? { gte: new Date(`${input.from}T00:00:00Z`) } : {}), ...(input.to ? { lt: new Date(new Date(`${input.to}T00:00:00Z`).getTime() + 86_400_000) } : {}) } }
      : {}),
    ...(Object.keys(deploymentFilter).length ? { deployments: { some: deploymentFilter } } : {}),
    ...(input.q
      ? { OR: [{ number: { contains: input.q, mode: 'insensitive' } }, { locationText: { contains: input.q, mode: 'insensitive' } }, { narrative: { contains: input.q, mode: 'insensitive' } }] }
      : {}),
  }
  const dir = input.sort === 'oldest' ? 'asc' : 'desc'
  const [total, rows] = await Promise.all([
    db.incident.count({ where }),
    db.incident.findMany({
      where,
      orderBy: [{ occurredAt: dir }, { id: dir }],
      skip: (input.page - 1) * INCIDENTS_PAGE_SIZE,
      take: INCIDENTS_PAGE_SIZE,
      select: {
        id: true,
        number: true,
        type: true,
        status: true,
        occurredAt: true,
        locationText: true,
        deployments: { take: 10, select: { id: true, exposures: true, dog: { select: { id: true, name: true } } } },
      },
    }),
  ])
  return { rows, total, page: input.page, pageCount: Math.ceil(total / INCIDENTS_PAGE_SIZE) }
}

export async function listDogOptions(actor: Actor) {
  if (!can(actor, 'dogs:read')) return []
  return db.dog.findMany({ where: { archivedAt: null }, orderBy: { name: 'asc' }, take: 100, select: { id: true, name: true, k9Number: true } })
}

/** Options for the handler filter: the unit's handlers, active first. */
export async function listHandlerFilterOptions(actor: Actor) {
  if (!can(actor, 'handlers:read') && !can(actor, 'incidents:read')) return []
  return db.handler.findMany({ orderBy: [{ active: 'desc' }, { lastName: 'asc' }, { firstName: 'asc' }], take: 100, select: { id: true, firstName: true, lastName: true, badgeNumber: true } })
}

export async function getIncident(actor: Actor, incidentId: string) {
  const scope = incidentScope(actor)
  if (!scope) return null
  return db.incident.findFirst({
    where: { id: incidentId, ...scope },
    select: {
      id: true,
      number: true,
      type: true,
      status: true,
      occurredAt: true,
      endedAt: true,
      locationText: true,
      latitude: true,
      longitude: true,
      weather: true,
      narrative: true,
      version: true,
      createdAt: true,
      updatedAt: true,
      closedAt: true,
      closedReason: true,
      closedBy: { select: { name: true } },
      reportingOfficer: { select: { id: true, name: true } },
      officers: { select: { role: true, handler: { select: { id: true, firstName: true, lastName: true, rank: true, badgeNumber: true } } } },
      deployments: {
        orderBy: { deployedAt: 'asc' },
        select: {
          id: true,
          task: true,
          outcome: true,
          exposures: true,
          exposureNotes: true,
          injuryObserved: true,
          injuryDescription: true,
          notes: true,
          deployedAt: true,
          dog: { select: { id: true, name: true, k9Number: true } },
          handler: { select: { firstName: true, lastName: true, rank: true } },
        },
      },
    },
  })
}

/** The choices of the incident and deployment forms: the unit's dogs (with their current handler, the form's default) and its handlers. */
export async function getIncidentFormOptions(actor: Actor) {
  if (!can(actor, 'incidents:create') && !can(actor, 'incidents:edit')) return { dogs: [], handlers: [] }
  const [dogs, handlers] = await Promise.all([
    db.dog.findMany({
      where: { archivedAt: null, status: { not: 'DECEASED' } },
      orderBy: { name: 'asc' },
      take: 100,
      select: { id: true, name: true, k9Number: true, assignments: { where: { endedAt: null }, take: 1, select: { handlerId: true } } },
    }),
    db.handler.findMany({
      where: { active: true },
      orderBy: [{ lastName: 'asc' }, { firstName: 'asc' }],
      take: 100,
      select: { id: true, firstName: true, lastName: true, rank: true, badgeNumber: true },
    }),
  ])
  return {
    dogs: dogs.map((d) => ({ id: d.id, label: `${d.name} (${d.k9Number})`, handlerId: d.assignments[0]?.handlerId ?? null })),
    handlers: handlers.map((h) => ({ id: h.id, label: `${h.rank} ${h.firstName} ${h.lastName} (${h.badgeNumber})` })),
  }
}

export type IncidentFormOptions = Awaited<ReturnType<typeof getIncidentFormOptions>>

/** The incident as its edit page needs it, or null (404) when it does not exist or the actor may not edit it. */
export async function getIncidentForEdit(actor: Actor, incidentId: string) {
  if (!can(actor, 'incidents:edit')) return null
  const incident = await db.incident.findFirst({
    where: { id: incidentId, archivedAt: null },
    select: {
      id: true,
      number: true,
      version: true,
      status: true,
      type: true,
      occurredAt: true,
      locationText: true,
      latitude: true,
      longitude: true,
      weather: true,
      narrative: true,
      reportingOfficerId: true,
      officers: { select: { handlerId: true } },
      deployments: {
        orderBy: { deployedAt: 'asc' },
        select: {
          id: true,
          version: true,
          dogId: true,
          handlerId: true,
          task: true,
          outcome: true,
          exposures: true,
          exposureNotes: true,
          injuryObserved: true,
          injuryDescription: true,
          notes: true,
          deployedAt: true,
          dog: { select: { name: true, k9Number: true } },
        },
      },
    },
  })
  if (!incident || !mayEdit(actor, incident)) return null
  return {
    ...incident,
    latitude: incident.latitude?.toString() ?? null,
    longitude: incident.longitude?.toString() ?? null,
  }
}

export type IncidentForEdit = NonNullable<Awaited<ReturnType<typeof getIncidentForEdit>>>

/** Whether the detail page shows the edit link. */
export async function canEditIncident(actor: Actor, incidentId: string): Promise<boolean> {
  if (!can(actor, 'incidents:edit')) return false
  const incident = await db.incident.findFirst({ where: { id: incidentId, archivedAt: null }, select: { reportingOfficerId: true, officers: { select: { handlerId: true } } } })
  return incident !== null && mayEdit(actor, incident)
}

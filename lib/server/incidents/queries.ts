import 'server-only'
import { wordsFilter } from '@/lib/words-filter'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Exposure, IncidentStatus, IncidentType } from '@/lib/generated/prisma/enums'
import { encodeIncidentCursor, type ListIncidentsInput } from '@/lib/schemas/incidents'
import type { Actor } from '../actor'
import { db, hotRows, jsonDate, type DeploymentJson, type HotStatement } from '../db'
import { dogLabel, dogsByText, exactDog } from '../dogs/match'
import { exactHandler, FILTER_MATCHES, handlerLabel, handlersByText } from '../handlers/match'
import { can } from '../policy'
import { mayEdit } from './commands'
import { incidentUploadRefusal } from '../uploads/targets'

export const INCIDENTS_PAGE_SIZE = 25

/** Every role with incidents:read sees the unit's incidents (DESIGN.md access model). */
function incidentScope(actor: Actor): Prisma.IncidentWhereInput | null {
  if (!can(actor, 'incidents:read')) return null
  return { archivedAt: null }
}

/** The incident search document: identical to the trigram index expression (search_indexes migration, lib/server/search). */
const INCIDENT_DOCUMENT = Prisma.sql`("number" || ' ' || "locationText" || ' ' || "narrative")`
const ORDER_DESC = Prisma.sql`ORDER BY "occurredAt" DESC, "id" DESC`
const ORDER_ASC = Prisma.sql`ORDER BY "occurredAt" ASC, "id" ASC`
/** Up to this many matches the list counts exactly; beyond, it shows the planner's estimate ("about 1,000,000"). */
const EXACT_COUNT_UP_TO = 5_000

export type IncidentListRow = {
  id: string
  number: string
  type: IncidentType
  status: IncidentStatus
  occurredAt: Date
  locationText: string
  deployments: Array<{ id: string; exposures: Exposure[]; dog: { id: string; name: string } }>
}

export type IncidentListPage = {
  rows: IncidentListRow[]
  /** Matching incidents: exact up to EXACT_COUNT_UP_TO, else the planner's estimate. */
  total: number
  exact: boolean
  /** Cursors for the Previous / Next links (null: no such page). */
  prev: string | null
  next: string | null
  /** The dog and handler filters as the form shows them ("Rex (K9-2008)"). */
  labels: { dog?: string; handler?: string }
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** The filters as SQL conditions on "Incident" (every value a bound parameter). */
function incidentConditions(input: ListIncidentsInput, filters: { dogs?: string[]; handlers?: string[] }): Prisma.Sql[] {
  const conds: Prisma.Sql[] = [Prisma.sql`"archivedAt" IS NULL`]
  if (input.type) conds.push(Prisma.sql`"type" = ${input.type}::"IncidentType"`)
  if (input.status) conds.push(Prisma.sql`"status" = ${input.status}::"IncidentStatus"`)
  if (input.from) conds.push(Prisma.sql`"occurredAt" >= ${new Date(`${input.from}T00:00:00Z`)}::timestamptz`)
  if (input.to) conds.push(Prisma.sql`"occurredAt" < ${new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000)}::timestamptz`)
  const deployment: Prisma.Sql[] = []
  if (filters.dogs) deployment.push(Prisma.sql`d."dogId" = ANY(${filters.dogs}::uuid[])`)
  if (filters.handlers) deployment.push(Prisma.sql`d."handlerId" = ANY(${filters.handlers}::uuid[])`)
  if (input.exposure) deployment.push(Prisma.sql`d."exposures" @> ARRAY[${input.exposure}::"Exposure"]`)
  if (deployment.length) conds.push(Prisma.sql`EXISTS (SELECT 1 FROM "Deployment" d WHERE d."incidentId" = "Incident"."id" AND ${Prisma.join(deployment, ' AND ')})`)
  const words = wordsFilter(input.q)
  if (words) conds.push(Prisma.sql`${INCIDENT_DOCUMENT} ILIKE ${`%${escapeLike(words)}%`}`)
  return conds
}

/**
 * The incident list, 25 at a time, with keyset pagination on (occurredAt, id)
 * and an estimated total instead of count(*): at a million rows a deep page
 * and the total cost the same as the first (docs/performance.md). Queries, for
 * any page: the ids of the page, the rows, the total (one or two), and for a
 * jump whether newer rows exist.
 */
export async function listIncidents(actor: Actor, input: ListIncidentsInput): Promise<IncidentListPage> {
  const scope = incidentScope(actor)
  if (!scope) return { rows: [], total: 0, exact: true, prev: null, next: null, labels: {} }
  const [dogs, handlers] = await Promise.all([resolveDogFilter(actor, input.dog), resolveHandlerFilter(actor, input.handler)])
  const labels = { dog: dogs?.label ?? undefined, handler: handlers?.label ?? undefined }
  // A dog or handler nobody matches: nothing to list.
  if (dogs?.ids.length === 0 || handlers?.ids.length === 0) return { rows: [], total: 0, exact: true, prev: null, next: null, labels }
  const conds = incidentConditions(input, { dogs: dogs?.ids, handlers: handlers?.ids })
  const newestFirst = input.sort !== 'oldest'
  const forward = newestFirst ? ORDER_DESC : ORDER_ASC
  const backward = newestFirst ? ORDER_ASC : ORDER_DESC
  const after = (c: { at: Date; id: string }) =>
    newestFirst ? Prisma.sql`("occurredAt", "id") < (${c.at}::timestamptz, ${c.id}::uuid)` : Prisma.sql`("occurredAt", "id") > (${c.at}::timestamptz, ${c.id}::uuid)`
  const before = (c: { at: Date; id: string }) =>
    newestFirst ? Prisma.sql`("occurredAt", "id") > (${c.at}::timestamptz, ${c.id}::uuid)` : Prisma.sql`("occurredAt", "id") < (${c.at}::timestamptz, ${c.id}::uuid)`

  // Which slice: the first page, after a row, before a row, from a day, or the far end.
  let where = conds
  let order = forward
  let reversed = false
  if (input.after) where = [...conds, after(input.after)]
  else if (input.before) {
    where = [...conds, before(input.before)]
    order = backward
    reversed = true
  } else if (input.jump) {
    const day = Date.parse(`${input.jump}T00:00:00Z`)
    where = [...conds, newestFirst ? Prisma.sql`"occurredAt" < ${new Date(day + 86_400_000)}::timestamptz` : Prisma.sql`"occurredAt" >= ${new Date(day)}::timestamptz`]
  } else if (input.end) {
    order = backward
    reversed = true
  }
  const ids = await db.$queryRaw<Array<{ id: string; occurredAt: Date }>>`
    SELECT "id"::text AS "id", "occurredAt" FROM "Incident" WHERE ${Prisma.join(where, ' AND ')} ${order} LIMIT ${INCIDENTS_PAGE_SIZE + 1}`
  const more = ids.length > INCIDENTS_PAGE_SIZE
  const page = ids.slice(0, INCIDENTS_PAGE_SIZE)
  if (reversed) page.reverse()

  const [rows, { total, exact }, newerExists] = await Promise.all([
    page.length ? hotRows<IncidentListRow>(INCIDENT_ROWS, [page.map((r) => r.id)]) : Promise.resolve([]),
    estimateIncidents(conds),
    input.jump && page[0] ? db.$queryRaw<Array<{ one: number }>>`SELECT 1 AS "one" FROM "Incident" WHERE ${Prisma.join([...conds, before({ at: page[0].occurredAt, id: page[0].id })], ' AND ')} LIMIT 1`.then((r) => r.length > 0) : Promise.resolve(false),
  ])
  const byId = new Map(rows.map((r) => [r.id, r]))
  const ordered = page.map((p) => byId.get(p.id)).filter((r): r is IncidentListRow => r !== undefined)
  const first = ordered[0]
  const last = ordered.at(-1)
  const hasPrev = input.after ? true : input.before || input.end ? more : input.jump ? newerExists : false
  const hasNext = input.after || (!input.before && !input.end) ? more : input.before ? true : false
  return {
    rows: ordered,
    labels,
    total,
    exact,
    prev: hasPrev && first ? encodeIncidentCursor(first) : null,
    next: hasNext && last ? encodeIncidentCursor(last) : null,
  }
}

/**
 * PERFORMANCE: the list's rows for the page's ids, on node-postgres as a
 * prepared statement (the first ten deployments of each, with their dogs,
 * as JSON): a list page reads 25 incidents on every view. Constant SQL.
 */
const INCIDENT_ROWS: HotStatement = {
  name: 'k9_incident_rows',
  text: `SELECT i.id, i.number, i.type, i.status, i."occurredAt", i."locationText",
                (SELECT coalesce(json_agg(json_build_object('id', x.id, 'exposures', x.exposures, 'dog', json_build_object('id', x."dogId", 'name', x."dogName")) ORDER BY x."deployedAt", x.id), '[]')
                   FROM (SELECT d.id, d."deployedAt", d.exposures, g.id AS "dogId", g.name AS "dogName"
                           FROM "Deployment" d JOIN "Dog" g ON g.id = d."dogId"
                          WHERE d."incidentId" = i.id ORDER BY d."deployedAt", d.id LIMIT 10) x) AS deployments
           FROM "Incident" i
          WHERE i.id = ANY($1::uuid[])`,
}

/**
 * How many incidents match: the table's row estimate (pg_class.reltuples,
 * kept by ANALYZE/autovacuum) without filters, the planner's row estimate with
 * them; counted exactly, with a bounded scan, when the estimate is small.
 */
async function estimateIncidents(conds: Prisma.Sql[]): Promise<{ total: number; exact: boolean }> {
  const filtered = conds.length > 1
  let estimate: number
  if (!filtered) {
    const [row] = await db.$queryRaw<Array<{ n: number }>>`SELECT reltuples::float8 AS "n" FROM pg_class WHERE oid = '"Incident"'::regclass`
    estimate = row?.n ?? -1
  } else {
    const [plan] = await db.$queryRaw<Array<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>>`EXPLAIN (FORMAT JSON) SELECT 1 FROM "Incident" WHERE ${Prisma.join(conds, ' AND ')}`
    estimate = plan?.['QUERY PLAN']?.[0]?.Plan['Plan Rows'] ?? -1
  }
  if (estimate >= 0 && estimate > EXACT_COUNT_UP_TO * 2) return { total: Math.round(estimate), exact: false }
  const [row] = await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "Incident" WHERE ${Prisma.join(conds, ' AND ')} LIMIT ${EXACT_COUNT_UP_TO + 1}) x`
  const n = row?.n ?? 0
  return n > EXACT_COUNT_UP_TO ? { total: Math.max(Math.round(estimate), n), exact: false } : { total: n, exact: true }
}

export type ResolvedFilter = { ids: string[]; label: string | null }

/**
 * The incident list's dog filter: a dog's id (the profile's link), or the
 * name or K-9 number a person typed. A state unit has thousands of dogs, so
 * the filter is a text box the server resolves, not a list of every dog.
 * Null when the filter is empty; no ids when nothing matches.
 */
export async function resolveDogFilter(actor: Actor, text: string | undefined): Promise<ResolvedFilter | null> {
  if (!text) return null
  if (!can(actor, 'dogs:read') && !can(actor, 'incidents:read')) return { ids: [], label: null }
  const found = await dogsByText(db, text, { take: FILTER_MATCHES })
  // "Rex (K9-2008)", as a suggestion writes it, means that dog and not every Rex: an exact K-9 number wins, as in a form (matchDog).
  const exact = exactDog(found, text)
  const dogs = exact ? [exact] : found
  const label = dogs.length === 1 ? dogLabel(dogs[0]!) : text
  return { ids: dogs.map((d) => d.id), label }
}

/** The handler filter: an id, or what was typed (lib/server/handlers/match.ts: a badge number, "Last, First (badge)", a full or a last name). */
export async function resolveHandlerFilter(actor: Actor, text: string | undefined): Promise<ResolvedFilter | null> {
  if (!text) return null
  if (!can(actor, 'handlers:read') && !can(actor, 'incidents:read')) return { ids: [], label: null }
  const found = await handlersByText(db, text, { take: FILTER_MATCHES })
  // "Carter, Luke (B-1042)", as a suggestion writes it, means that handler: an exact badge wins, as in a form (matchHandler).
  const exact = exactHandler(found, text)
  const handlers = exact ? [exact] : found
  const label = handlers.length === 1 ? handlerLabel(handlers[0]!) : text
  return { ids: handlers.map((h) => h.id), label }
}

/**
 * PERFORMANCE: the incident page's one read, on node-postgres as a prepared
 * statement (as the session check and the dog's vital signs): the incident,
 * its officers and its deployments in one round trip, the lists as JSON.
 * Through Prisma the same read cost about three times the Node CPU
 * (docs/performance.md). Constant SQL, bound parameters only.
 */
const INCIDENT_DETAIL: HotStatement = {
  name: 'k9_incident_detail',
  text: `SELECT i.id, i.number, i.type, i.status, i."occurredAt", i."endedAt", i."locationText",
                i.latitude::text AS latitude, i.longitude::text AS longitude, i.weather, i.narrative, i.version,
                i."createdAt", i."updatedAt", i."closedAt", i."closedReason", cb.name AS "closedByName",
                i."reportingOfficerId", ro.name AS "reportingOfficerName",
                (SELECT coalesce(json_agg(json_build_object('role', o.role, 'handler', json_build_object('id', h.id, 'firstName', h."firstName", 'lastName', h."lastName", 'rank', h.rank, 'badgeNumber', h."badgeNumber"))
                                          ORDER BY h."lastName", h."firstName", h.id), '[]')
                   FROM "IncidentOfficer" o JOIN "Handler" h ON h.id = o."handlerId"
                  WHERE o."incidentId" = i.id) AS officers,
                (SELECT coalesce(json_agg(json_build_object('id', d.id, 'task', d.task, 'outcome', d.outcome, 'exposures', d.exposures, 'exposureNotes', d."exposureNotes",
                                                            'injuryObserved', d."injuryObserved", 'injuryDescription', d."injuryDescription", 'notes', d.notes, 'deployedAt', d."deployedAt",
                                                            'dog', json_build_object('id', g.id, 'name', g.name, 'k9Number', g."k9Number"),
                                                            'handler', json_build_object('firstName', h."firstName", 'lastName', h."lastName", 'rank', h.rank))
                                          ORDER BY d."deployedAt", d.id), '[]')
                   FROM "Deployment" d JOIN "Dog" g ON g.id = d."dogId" JOIN "Handler" h ON h.id = d."handlerId"
                  WHERE d."incidentId" = i.id) AS deployments
           FROM "Incident" i
           JOIN "User" ro ON ro.id = i."reportingOfficerId"
           LEFT JOIN "User" cb ON cb.id = i."closedById"
          WHERE i.id = $1::uuid AND i."archivedAt" IS NULL`,
}

type IncidentDetailRow = {
  id: string
  number: string
  type: IncidentType
  status: IncidentStatus
  occurredAt: Date
  endedAt: Date | null
  locationText: string
  latitude: string | null
  longitude: string | null
  weather: string | null
  narrative: string
  version: number
  createdAt: Date
  updatedAt: Date
  closedAt: Date | null
  closedReason: string | null
  closedByName: string | null
  reportingOfficerId: string
  reportingOfficerName: string
  officers: Array<{ role: string | null; handler: { id: string; firstName: string; lastName: string; rank: string; badgeNumber: string } }>
  /** deployedAt as JSON text (ISO 8601 with its offset). */
  deployments: Array<
    DeploymentJson & {
      notes: string | null
      dog: { id: string; name: string; k9Number: string }
      handler: { firstName: string; lastName: string; rank: string }
    }
  >
}

/** A numeric column's text without its trailing zeros ("51.500000" → "51.5", "-1.000000" → "-1"), as the edit form writes it. */
function decimalText(text: string | null): string | null {
  return text === null || !text.includes('.') ? text : text.replace(/0+$/, '').replace(/\.$/, '')
}

/**
 * An incident's page: the incident, its officers (by name) and its
 * deployments (in order), with whether the actor may edit it and add photos.
 * Null (404) when it does not exist, is archived, or the actor may not read
 * incidents.
 */
export async function getIncident(actor: Actor, incidentId: string) {
  if (!incidentScope(actor)) return null
  const [row] = await hotRows<IncidentDetailRow>(INCIDENT_DETAIL, [incidentId])
  if (!row) return null
  const { closedByName, reportingOfficerId, reportingOfficerName, deployments, latitude, longitude, ...incident } = row
  // Who may edit it and add photos, decided from the row read here (the same rules the commands and the upload route check again).
  const rule = { status: row.status, reportingOfficerId, officers: row.officers.map((o) => ({ handlerId: o.handler.id })) }
  return {
    ...incident,
    latitude: decimalText(latitude),
    longitude: decimalText(longitude),
    closedBy: closedByName === null ? null : { name: closedByName },
    reportingOfficer: { id: reportingOfficerId, name: reportingOfficerName },
    deployments: deployments.map((d) => ({ ...d, deployedAt: jsonDate(d.deployedAt) })),
    editable: can(actor, 'incidents:edit') && mayEdit(actor, rule),
    mayAddPhotos: incidentUploadRefusal(actor, rule) === null,
  }
}

/**
 * What the new-incident form starts with: the signed-in officer among the
 * officers involved (written as the field reads it back). Dogs and handlers
 * are typed, with suggestions (lib/server/lookup.ts): no list of the unit.
 */
export async function getIncidentFormDefaults(actor: Actor): Promise<{ officer: string | null }> {
  if (!can(actor, 'incidents:create') || !actor.handlerId) return { officer: null }
  const own = await db.handler.findUnique({ where: { id: actor.handlerId }, select: { firstName: true, lastName: true, badgeNumber: true } })
  return { officer: own ? handlerLabel(own) : null }
}

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
      officers: { orderBy: { handler: { lastName: 'asc' } }, select: { handlerId: true, handler: { select: { firstName: true, lastName: true, badgeNumber: true } } } },
      deployments: {
        orderBy: { deployedAt: 'asc' },
        select: {
          id: true,
          version: true,
          dogId: true,
          handlerId: true,
          handler: { select: { firstName: true, lastName: true, badgeNumber: true } },
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
    officerLabels: incident.officers.map((o) => handlerLabel(o.handler)),
    latitude: incident.latitude?.toString() ?? null,
    longitude: incident.longitude?.toString() ?? null,
  }
}

export type IncidentForEdit = NonNullable<Awaited<ReturnType<typeof getIncidentForEdit>>>

/** Whether the detail page shows the edit link. */

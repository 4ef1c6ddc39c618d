import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Exposure, IncidentStatus, IncidentType } from '@/lib/generated/prisma/enums'
import { encodeIncidentCursor, type ListIncidentsInput } from '@/lib/schemas/incidents'
import type { Actor } from '../actor'
import { db, hotRows, jsonDate, type DeploymentJson, type HotStatement } from '../db'
import { customPlanned, walkedThenIndexed, wordsKnown } from '../keyset-sql'
import { dogLabel, dogsByText, exactDog } from '../dogs/match'
import { exactHandler, FILTER_MATCHES, handlerLabel, handlersByText } from '../handlers/match'
import { can } from '../policy'
import { bestSnippet, hasMatch, highlight, queryTerms, type Segment } from '../search/highlight'
import { listMatch, type ListMatch } from '../search/sql'
import { mayEdit } from './commands'
import { incidentUploadRefusal } from '../uploads/targets'

export const INCIDENTS_PAGE_SIZE = 25

/** Every role with incidents:read sees the unit's incidents (DESIGN.md access model). */
function incidentScope(actor: Actor): Prisma.IncidentWhereInput | null {
  if (!can(actor, 'incidents:read')) return null
  return { archivedAt: null }
}

/** Up to this many matches the list counts exactly; beyond, it shows the planner's estimate ("about 1,000,000"). */
const EXACT_COUNT_UP_TO = 5_000
/**
 * PERFORMANCE: with words, up to this many: a count reads each match from the
 * table (a word in 8,000 narratives: about 90 ms to count 5,000), and the
 * stored document's statistics estimate the rest well.
 */
const EXACT_WORDS_UP_TO = 1_000
/** A number is walked whatever its prefix, over fewer rows than words (LIST_WALK): its matches are dense in the newest incidents or not there (a year). */
const NUMBER_WALK = 1_000

export type IncidentListRow = {
  id: string
  number: string
  type: IncidentType
  status: IncidentStatus
  occurredAt: Date
  locationText: string
  deployments: Array<{ id: string; exposures: Exposure[]; dog: { id: string; name: string } }>
  /** With words: the place and the narrative's passage, the words marked (the narrative's when it holds them). */
  words?: { place: Segment[]; narrative: Segment[] | null }
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

/**
 * The filters on the incident itself, as SQL conditions on "Incident" (every value a bound parameter); the days on `at`;
 * the words filter (listMatch: a number from its start, or words as search reads them) apart, for the list's own read of it.
 */
function incidentConditions(input: ListIncidentsInput, at: Prisma.Sql = Prisma.sql`"occurredAt"`): { incident: Prisma.Sql[]; days: Prisma.Sql[]; text: ListMatch | null } {
  const incident: Prisma.Sql[] = [Prisma.sql`"archivedAt" IS NULL`]
  if (input.type) incident.push(Prisma.sql`"type" = ${input.type}::"IncidentType"`)
  if (input.status) incident.push(Prisma.sql`"status" = ${input.status}::"IncidentStatus"`)
  const days: Prisma.Sql[] = []
  if (input.from) days.push(Prisma.sql`${at} >= ${new Date(`${input.from}T00:00:00Z`)}::timestamptz`)
  if (input.to) days.push(Prisma.sql`${at} < ${new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000)}::timestamptz`)
  return { incident, days, text: input.q ? listMatch('incidents', input.q) : null }
}

/** `walked`: the page reads words through listSource's walk, whose plan is the same for any words. */
function readersOf(text: ListMatch | null, { walked }: { walked: boolean }): Pick<ListSource, 'read' | 'readCount'> {
  const prepared = <T>(query: Prisma.Sql) => db.$queryRaw<T>(query)
  return { read: text && !(walked && text.words) ? customPlanned : prepared, readCount: text ? customPlanned : prepared }
}

/** The place and, when it holds them, the narrative's passage around the words, the words marked (as search's hits show them). */
function wordsOf(terms: readonly string[], place: string, narrative: string): NonNullable<IncidentListRow['words']> {
  const passage = bestSnippet(terms, narrative)
  return { place: highlight(place, terms), narrative: hasMatch(passage) ? passage : null }
}

type Direction = 'DESC' | 'ASC'
const DIRECTION = { DESC: Prisma.sql`DESC`, ASC: Prisma.sql`ASC` } as const

/**
 * Where the list reads its incidents from, in its order (occurredAt, id).
 * Without a dog, handler or exposure filter: the incidents. With one: the
 * deployments that match it, each carrying its incident's time (kept equal by
 * the foreign key on (incidentId, incidentOccurredAt), decision 032), read in
 * the list's order by index, their incidents tested for the other filters one
 * by one. Reading the incidents and testing each for a deployment walked
 * thousands to find 25 (docs/performance.md).
 */
type ListSource = {
  /** The matching rows, without the keyset: `FROM … WHERE …` (the count, the estimate). */
  from: Prisma.Sql
  where: Prisma.Sql[]
  /** No filter but the archived one: the total is the table's row estimate. */
  unfiltered: boolean
  /** What the planner estimates from (the same rows). */
  estimate: Prisma.Sql[]
  /** The incident's time and id in those rows (the keyset's columns). */
  at: Prisma.Sql
  id: Prisma.Sql
  /** An incident can match through two deployments (a handler with two dogs, an exposure on both). */
  distinct: boolean
  /** The words filter's full-text query when it reads words (not a number): counted exactly only up to EXACT_WORDS_UP_TO. */
  words: Prisma.Sql | null
  /**
   * Runs a read of a page: customPlanned with a text (a generic plan cannot turn a number's `LIKE $n` into an index range), but
   * for words on the incidents alone, a prepared statement (walked or fenced as it runs: its plan is the same for any words).
   */
  read: <T>(query: Prisma.Sql) => Promise<T>
  /** Runs the count: customPlanned with any text (on a generic plan, the count of a rare word could read the table to find none). */
  readCount: <T>(query: Prisma.Sql) => Promise<T>
  /** Set when only the deployments are filtered: the deployment conditions alone (the count subtracts archived incidents instead of testing each one). */
  deploymentsOnly?: Prisma.Sql[]
  /** The first `limit` matches past the keyset `more`, in `dir` order: rows ("id" uuid, "occurredAt"). */
  page: (more: Prisma.Sql[], dir: Direction, limit: number) => Prisma.Sql
}

function listSource(input: ListIncidentsInput, filters: { dogs?: string[]; handlers?: string[] }): ListSource {
  const exposure = input.exposure ? Prisma.sql`d."exposures" @> ARRAY[${input.exposure}::"Exposure"]` : null
  if (!filters.dogs && !filters.handlers && !exposure) {
    const { incident, days, text } = incidentConditions(input)
    const rest = [...incident, ...days]
    const where = text ? [...rest, text.match] : rest
    const at = Prisma.sql`"occurredAt"`
    const id = Prisma.sql`"Incident"."id"`
    return {
      from: Prisma.sql`"Incident"`, where, unfiltered: where.length === 1, estimate: where, at, id, distinct: false, words: text?.words ?? null, ...readersOf(text, { walked: true }),
      page: (more, dir, limit) => {
        if (!text) return Prisma.sql`SELECT ${id} AS "id", ${at} AS "occurredAt" FROM "Incident" WHERE ${Prisma.join([...where, ...more], ' AND ')} ORDER BY ${at} ${DIRECTION[dir]}, ${id} ${DIRECTION[dir]} LIMIT ${limit}`
        // The newest incidents first when they should hold the page, else the text's index (walkedThenIndexed); a number
        // walks NUMBER_WALK whatever its prefix.
        const rows = walkedThenIndexed({ table: Prisma.sql`"Incident"`, regclass: '"Incident"', time: at, others: [...rest, ...more], text, dir, take: limit, numberWalk: NUMBER_WALK })
        return Prisma.sql`SELECT "w"."id", "w"."t" AS "occurredAt" FROM (${rows}) AS "w"`
      },
    }
  }
  const at = Prisma.sql`d."incidentOccurredAt"`
  const id = Prisma.sql`d."incidentId"`
  const dogs = filters.dogs ? { column: Prisma.sql`d."dogId"`, ids: filters.dogs } : null
  const handlers = filters.handlers ? { column: Prisma.sql`d."handlerId"`, ids: filters.handlers } : null
  // One dog or handler is compared with `=`, so that PostgreSQL reads its deployments in the list's order from the index. Several (a typed
  // "Thor" finds 35 dogs) are read one by one, each in order up to a page, then merged: with `= ANY(…)` PostgreSQL read all their deployments
  // (35,910 for the Thors) and sorted them.
  const spread = dogs && dogs.ids.length > 1 ? dogs : !dogs && handlers && handlers.ids.length > 1 ? handlers : null
  const keyed = [dogs, handlers].flatMap((k) => (k && k !== spread ? [k.ids.length === 1 ? Prisma.sql`${k.column} = ${k.ids[0]}::uuid` : Prisma.sql`${k.column} = ANY(${k.ids}::uuid[])`] : []))
  // The days on the copy, so that the index reads only those days.
  const { incident: ofIncident, days, text } = incidentConditions(input, at)
  const incident = text ? [...ofIncident, text.match] : ofIncident
  const exposed = exposure ? [exposure] : []
  // Says what the exposed deployments' partial index holds, so that PostgreSQL may read it; the estimate leaves it out (it would count the
  // exposure twice).
  const indexed = exposure ? [Prisma.sql`d."exposures" <> '{}'::"Exposure"[]`] : []
  // Inside the EXISTS the incident's columns come first, so the conditions read as they do on "Incident".
  const live = Prisma.sql`EXISTS (SELECT 1 FROM "Incident" WHERE "Incident"."id" = d."incidentId" AND ${Prisma.join(incident, ' AND ')})`
  // On the deployment: what every branch of a spread read tests, and what picks the branches.
  const own = [...keyed, ...days, ...indexed, ...exposed]
  const spreadOver = spread ? [Prisma.sql`${spread.column} = ANY(${spread.ids}::uuid[])`] : []
  // One deployment per dog per incident (the unique key): one dog's matches need no DISTINCT.
  const distinct = !(dogs?.ids.length === 1 && !handlers && !exposure)
  const order = (dir: Direction, t: Prisma.Sql, i: Prisma.Sql) => Prisma.sql`ORDER BY ${t} ${DIRECTION[dir]}, ${i} ${DIRECTION[dir]}`
  return {
    from: Prisma.sql`"Deployment" d`,
    where: [...spreadOver, ...own, live],
    unfiltered: false,
    estimate: [...spreadOver, ...keyed, ...days, ...exposed, live],
    at,
    id,
    distinct,
    words: text?.words ?? null,
    // Through the deployments the words are tested on each incident, planned for the words (the planner reads a rare word's incidents first).
    ...readersOf(text, { walked: false }),
    deploymentsOnly: incident.length === 1 ? [...spreadOver, ...own] : undefined,
    page: (more, dir, limit) => {
      const matching = Prisma.sql`FROM "Deployment" d WHERE ${Prisma.join([...own, live, ...more], ' AND ')}`
      if (!spread) return Prisma.sql`SELECT ${distinct ? Prisma.sql`DISTINCT` : Prisma.empty} ${id} AS "id", ${at} AS "occurredAt" ${matching} ${order(dir, at, id)} LIMIT ${limit}`
      return Prisma.sql`
        SELECT DISTINCT x."id", x."occurredAt"
          FROM unnest(${spread.ids}::uuid[]) AS f("key")
          CROSS JOIN LATERAL (SELECT ${distinct ? Prisma.sql`DISTINCT` : Prisma.empty} ${id} AS "id", ${at} AS "occurredAt" ${matching} AND ${spread.column} = f."key" ${order(dir, at, id)} LIMIT ${limit}) x
         ${order(dir, Prisma.sql`x."occurredAt"`, Prisma.sql`x."id"`)} LIMIT ${limit}`
    },
  }
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
  const source = listSource(input, { dogs: dogs?.ids, handlers: handlers?.ids })
  const { at, id } = source
  const newestFirst = input.sort !== 'oldest'
  const forward: Direction = newestFirst ? 'DESC' : 'ASC'
  const backward: Direction = newestFirst ? 'ASC' : 'DESC'
  const after = (c: { at: Date; id: string }) =>
    newestFirst ? Prisma.sql`(${at}, ${id}) < (${c.at}::timestamptz, ${c.id}::uuid)` : Prisma.sql`(${at}, ${id}) > (${c.at}::timestamptz, ${c.id}::uuid)`
  const before = (c: { at: Date; id: string }) =>
    newestFirst ? Prisma.sql`(${at}, ${id}) > (${c.at}::timestamptz, ${c.id}::uuid)` : Prisma.sql`(${at}, ${id}) < (${c.at}::timestamptz, ${c.id}::uuid)`

  // Which slice: the first page, after a row, before a row, from a day, or the far end.
  let more: Prisma.Sql[] = []
  let dir = forward
  if (input.after) more = [after(input.after)]
  else if (input.before) {
    more = [before(input.before)]
    dir = backward
  } else if (input.jump) {
    const day = Date.parse(`${input.jump}T00:00:00Z`)
    more = [newestFirst ? Prisma.sql`${at} < ${new Date(day + 86_400_000)}::timestamptz` : Prisma.sql`${at} >= ${new Date(day)}::timestamptz`]
  } else if (input.end) dir = backward
  const reversed = dir !== forward
  // The page's SELECT may be DISTINCT, which sorts by what it selects: the id is selected as a uuid and printed outside.
  const ids = await source.read<Array<{ id: string; occurredAt: Date }>>(Prisma.sql`
    SELECT p."id"::text AS "id", p."occurredAt" FROM (${source.page(more, dir, INCIDENTS_PAGE_SIZE + 1)}) p ORDER BY p."occurredAt" ${DIRECTION[dir]}, p."id" ${DIRECTION[dir]}`)
  const hasMore = ids.length > INCIDENTS_PAGE_SIZE
  const page = ids.slice(0, INCIDENTS_PAGE_SIZE)
  if (reversed) page.reverse()

  const [rows, { total, exact }, newerExists] = await Promise.all([
    page.length ? hotRows<IncidentRowRead>(INCIDENT_ROWS, [page.map((r) => r.id)]) : Promise.resolve([]),
    estimateIncidents(source),
    input.jump && page[0] ? source.read<Array<{ id: string }>>(Prisma.sql`SELECT p."id"::text AS "id" FROM (${source.page([before({ at: page[0].occurredAt, id: page[0].id })], backward, 1)}) p`).then((r) => r.length > 0) : Promise.resolve(false),
  ])
  const terms = input.q ? queryTerms(input.q) : null
  const byId = new Map(rows.map(({ narrative, ...row }): [string, IncidentListRow] => [row.id, terms ? { ...row, words: wordsOf(terms, row.locationText, narrative) } : row]))
  const ordered = page.map((p) => byId.get(p.id)).filter((r): r is IncidentListRow => r !== undefined)
  const first = ordered[0]
  const last = ordered.at(-1)
  const hasPrev = input.after ? true : input.before || input.end ? hasMore : input.jump ? newerExists : false
  const hasNext = input.after || (!input.before && !input.end) ? hasMore : input.before ? true : false
  return {
    rows: ordered,
    labels,
    total,
    exact,
    prev: hasPrev && first ? encodeIncidentCursor(first) : null,
    next: hasNext && last ? encodeIncidentCursor(last) : null,
  }
}

type IncidentRowRead = Omit<IncidentListRow, 'words'> & { narrative: string }

/**
 * PERFORMANCE: the list's rows for the page's ids, on node-postgres as a
 * prepared statement (the first ten deployments of each, with their dogs,
 * as JSON): a list page reads 25 incidents on every view. Constant SQL.
 * The narrative is read for the words filter's passage, and not sent on.
 */
const INCIDENT_ROWS: HotStatement = {
  name: 'k9_incident_rows',
  text: `SELECT i.id, i.number, i.type, i.status, i."occurredAt", i."locationText", i.narrative,
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
 * Through the deployments the estimate counts deployments: at most a few more
 * than their incidents, and only ever shown as "about".
 */
async function estimateIncidents(source: ListSource): Promise<{ total: number; exact: boolean }> {
  let estimate: number
  if (source.unfiltered) {
    const [row] = await db.$queryRaw<Array<{ n: number }>>`SELECT reltuples::float8 AS "n" FROM pg_class WHERE oid = '"Incident"'::regclass`
    estimate = row?.n ?? -1
  } else {
    const [plan] = await db.$queryRaw<Array<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>>`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${source.from} WHERE ${Prisma.join(source.estimate, ' AND ')}`
    estimate = plan?.['QUERY PLAN']?.[0]?.Plan['Plan Rows'] ?? -1
  }
  const upTo = source.words ? EXACT_WORDS_UP_TO : EXACT_COUNT_UP_TO
  // An estimate for words the statistics do not know is a fixed guess (wordsKnown): they are counted.
  if (estimate >= 0 && estimate > upTo * 2 && (!source.words || (await wordsKnown('"Incident"', source.words)))) return { total: Math.round(estimate), exact: false }
  const distinct = source.distinct ? Prisma.sql`DISTINCT` : Prisma.empty
  let n: number
  if (source.deploymentsOnly) {
    // Only deployments filtered: count them from the index alone, then take away the archived incidents among them (few; read by their partial index)
    // rather than look up each deployment's incident (727 for the bench's dog).
    const only = Prisma.join(source.deploymentsOnly, ' AND ')
    const [row] = await source.readCount<Array<{ all: number; archived: number }>>(Prisma.sql`
      SELECT (SELECT count(*) FROM (SELECT ${distinct} ${source.id} FROM "Deployment" d WHERE ${only} LIMIT ${upTo + 1}) x)::int AS "all",
             (SELECT count(*) FROM "Incident" i WHERE i."archivedAt" IS NOT NULL AND EXISTS (SELECT 1 FROM "Deployment" d WHERE d."incidentId" = i."id" AND ${only}))::int AS "archived"`)
    n = (row?.all ?? 0) > upTo ? upTo + 1 : (row?.all ?? 0) - (row?.archived ?? 0)
  } else {
    const [row] = await source.readCount<Array<{ n: number }>>(Prisma.sql`SELECT count(*)::int AS "n" FROM (SELECT ${distinct} ${source.id} FROM ${source.from} WHERE ${Prisma.join(source.where, ' AND ')} LIMIT ${upTo + 1}) x`)
    n = row?.n ?? 0
  }
  return n > upTo ? { total: Math.max(Math.round(estimate), n), exact: false } : { total: n, exact: true }
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

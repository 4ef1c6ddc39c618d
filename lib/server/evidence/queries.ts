import 'server-only'
import QRCode from 'qrcode'
import { code128 } from '../barcodes'
import { Prisma } from '@/lib/generated/prisma/client'
import type { CustodyAction, DispositionStatus, EvidenceCategory, EvidenceStatus, IncidentType, LabRequestStatus, MedicalRecordKind } from '@/lib/generated/prisma/enums'
import type { ListEvidenceInput, ListStorageLocationsInput } from '@/lib/schemas/evidence'
import type { Actor } from '../actor'
import { appendAudit } from '../audit'
import { db, hotRows, jsonDate, jsonDateOrNull, type HotStatement } from '../db'
import { PEOPLE } from '../lookup'
import { isId } from '../handlers/match'
import { medicalRecordScope } from '../medical/scope'
import { keysetPage, type KeysetBound, type KeysetPage } from '../keyset'
import { chosenFirst } from '../chosen-first'
import { searchedList } from '../keyset-sql'
import { countCap, MAX_LISTED, MAX_MATCHED, pagesOf } from '../pagination'
import { listMatch } from '../search/sql'
import { can } from '../policy'
import { matchUser, userLabel } from '../users/match'
import { evidenceScope, officerItemIdsSql, refusalOf, seesAllEvidence, type CustodyMove, type CustodyState } from './scope'
import { verifyItemEvents, type ChainEvent } from './chain'
import { evidenceItemUploadRefusal, labResultUploadRefusal } from '../uploads/targets'
import { containsText, sameText } from '../same-text'

export const EVIDENCE_PAGE_SIZE = 25

/** Up to this many items, an officer's list reads theirs by id (evidenceListScope); beyond, through the scope's own filter. */
export const OFFICER_ITEMS_BY_ID = 10_000

/**
 * evidenceScope as the evidence list uses it: the same items.
 * PERFORMANCE: an officer's scope is an OR whose last arm is an EXISTS over
 * the custody events, which no index serves as part of an OR: for the list's
 * page and its count PostgreSQL walked all 500,000 items of the statewide
 * dataset, testing each (97 and 146 ms for an officer with one item; the page
 * 177–183 ms). Here the items the officer collected, holds, is about to
 * receive or was named in a custody event of are first found from their own
 * indexes (officerItemIdsSql), then the list reads them by id. An officer in more
 * than `byIdUpTo` items keeps the filter (correct, slower).
 */
export async function evidenceListScope(actor: Pick<Actor, 'id' | 'role'>, { byIdUpTo = OFFICER_ITEMS_BY_ID }: { byIdUpTo?: number } = {}): Promise<Prisma.EvidenceItemWhereInput | null> {
  const scope = evidenceScope(actor)
  if (!scope || actor.role !== 'OFFICER') return scope
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT DISTINCT "i"."id"::text AS "id" FROM (${officerItemIdsSql(actor.id)}) AS "i"("id") LIMIT ${byIdUpTo + 1}`
  if (rows.length > byIdUpTo) return scope
  return { archivedAt: null, id: { in: rows.map((r) => r.id) } }
}

const EVIDENCE_ROW_SELECT = {
  id: true,
  number: true,
  description: true,
  category: true,
  status: true,
  collectedAt: true,
  sealNumber: true,
  headSequence: true,
  currentCustodian: { select: { id: true, name: true } },
  pendingReceiver: { select: { id: true, name: true } },
  storageLocation: { select: { code: true } },
} satisfies Prisma.EvidenceItemSelect

type EvidenceRow = Prisma.EvidenceItemGetPayload<{ select: typeof EVIDENCE_ROW_SELECT }>

/**
 * The list searched by someone who sees every item, all in SQL
 * (searchedList: every match reachable by keyset). About 5 ms for a word on
 * one item in fifteen (33,000: the newest items walked), under 7 ms for a
 * number or a rare word (docs/performance.md).
 */
function searchedEvidence(conds: Prisma.Sql[], q: string) {
  // What the list's box matches (listMatch): a number or a seal from its start, else words as search reads them. PERFORMANCE:
  // through the indexes (a `contains` on three columns read all 500,000 items: 1.4 s for one number at scale).
  const searched = searchedList('evidence', conds, listMatch('evidence', q))
  return {
    ...searched,
    find: (bound: KeysetBound, upwards: boolean, take: number): Promise<EvidenceRow[]> =>
      chosenFirst(() => searched.find(bound, upwards, take), (ids) => db.evidenceItem.findMany({ where: { id: { in: ids } }, select: EVIDENCE_ROW_SELECT })),
  }
}

export type EvidenceListPage = KeysetPage<EvidenceRow> & {
  /** Items the list holds, counted up to its cap (`more`: beyond it). */
  total: number
  more: boolean
  custodian: Awaited<ReturnType<typeof resolveCustodianFilter>>
  /** The location filter names a code no storage location has (the page says so, rather than an empty list alone). */
  unknownLocation: boolean
}

/**
 * The evidence list, scoped to what the actor may see, newest first, a page
 * at a time by keyset on (collectedAt, id) (lib/server/keyset.ts): Older /
 * Newer, the oldest end and a jump to a day reach every one of a state's
 * 500,000 items, not only the newest 10,000 numbered pages could.
 */
export async function listEvidence(actor: Actor, input: ListEvidenceInput): Promise<EvidenceListPage> {
  const none = { rows: [], total: 0, more: false, newer: null, older: null, atNewest: true, atOldest: true }
  const scope = await evidenceListScope(actor)
  if (!scope) return { ...none, custodian: null, unknownLocation: false }
  const [custodian, location] = await Promise.all([
    resolveCustodianFilter(input.custodian),
    // The location by its code first, then its items through the storageLocationId index. PERFORMANCE: filtered
    // through the relation, an empty location's list walked all 500,000 items newest first (142-490 ms).
    input.location ? db.storageLocation.findUnique({ where: { code: input.location }, select: { id: true } }) : null,
  ])
  // A custodian nobody answers to, or a location code that names none: nothing to list, and the page says why.
  const unknownLocation = Boolean(input.location && !location)
  if ((custodian && custodian.ids.length === 0) || unknownLocation) return { ...none, custodian, unknownLocation }
  // Those who see every item search through the indexes, in SQL (searchedEvidence); the count stops at a thousand matches.
  if (input.q && seesAllEvidence(actor)) {
    // Their scope is every item not archived (evidenceScope).
    const conds = [Prisma.sql`"archivedAt" IS NULL`]
    if (input.status) conds.push(Prisma.sql`"status" = ${input.status}::"EvidenceStatus"`)
    if (input.category) conds.push(Prisma.sql`"category" = ${input.category}::"EvidenceCategory"`)
    if (custodian) conds.push(Prisma.sql`"currentCustodianId" = ANY(${custodian.ids}::uuid[])`)
    if (location) conds.push(Prisma.sql`"storageLocationId" = ${location.id}::uuid`)
    const searched = searchedEvidence(conds, input.q)
    const counting = searched.count(MAX_MATCHED)
    const [page, counted] = await Promise.all([
      keysetPage<EvidenceRow>(input, EVIDENCE_PAGE_SIZE, 'collectedAt', (r) => r.collectedAt, (_e, _o, take, bound, upwards) => searched.find(bound, upwards, take), (_e, bound) => searched.exists(bound), counting),
      counting,
    ])
    const { total, more } = pagesOf(counted, EVIDENCE_PAGE_SIZE, MAX_MATCHED)
    return { ...page, total, more, custodian, unknownLocation: false }
  }
  const where: Prisma.EvidenceItemWhereInput = {
    AND: [
      scope,
      {
        ...(input.status ? { status: input.status } : {}),
        ...(input.category ? { category: input.category } : {}),
        ...(custodian ? { currentCustodianId: { in: custodian.ids } } : {}),
        ...(location ? { storageLocationId: location.id } : {}),
        // An officer's or a vet's own few items are read directly: any part of a number, a seal or a word.
        ...(input.q
          ? {
              OR: [
                { number: containsText(input.q) },
                { description: containsText(input.q) },
                { sealNumber: containsText(input.q) },
              ],
            }
          : {}),
      },
    ],
  }
  // The count runs beside the page (`.then` starts it: a Prisma query runs when it is awaited).
  const counting = db.evidenceItem.count({ where, take: countCap }).then((n) => n)
  const [page, counted] = await Promise.all([
    keysetPage<EvidenceRow>(
      input,
      EVIDENCE_PAGE_SIZE,
      'collectedAt',
      (r) => r.collectedAt,
      (extra, orderBy, take) => db.evidenceItem.findMany({ where: { AND: [where, extra] }, orderBy, take, select: EVIDENCE_ROW_SELECT }),
      async (extra) => (await db.evidenceItem.findFirst({ where: { AND: [where, extra] }, select: { id: true } })) !== null,
      counting,
    ),
    counting,
  ])
  const { total, more } = pagesOf(counted, EVIDENCE_PAGE_SIZE, MAX_LISTED)
  return { ...page, total, more, custodian, unknownLocation: false }
}

/** At most this many people answer one custodian filter text ("Maria" names many in a state unit). */
const CUSTODIANS_MATCHED = 100

/**
 * The list's custodian filter: a user id from a link made when the filter was
 * a list; one person by e-mail, label or full name (matchUser, PEOPLE.custodian:
 * the field's suggestions), whom the field then shows as "Name (e-mail)"; or,
 * as a filter should, everyone whose name holds each typed word (a name
 * several people share, or part of one). No ids: nobody matches, and
 * `problem` says so next to the filter. Null when the filter is empty.
 */
export async function resolveCustodianFilter(text: string | undefined): Promise<{ ids: string[]; label: string; problem: string | null } | null> {
  if (!text) return null
  if (isId(text)) {
    const user = await db.user.findUnique({ where: { id: text.toLowerCase() }, select: { id: true, name: true, email: true } })
    return user ? { ids: [user.id], label: userLabel(user), problem: null } : { ids: [], label: '', problem: 'That custodian is no longer known. Enter a name or an e-mail address.' }
  }
  const match = await matchUser(db, text, PEOPLE.custodian, 'person who may hold evidence')
  if (match.ok) return { ids: [match.user.id], label: userLabel(match.user), problem: null }
  const words = text.replace(/\([^()]*\)$/, '').trim().split(/\s+/).filter(Boolean).slice(0, 4)
  const people = words.length
    ? await db.user.findMany({ where: { AND: [{ active: true }, PEOPLE.custodian, ...words.map((w) => ({ name: containsText(w) }))] }, take: CUSTODIANS_MATCHED, select: { id: true } })
    : []
  if (people.length === 0) return { ids: [], label: text, problem: `No active person who may hold evidence has the name or e-mail “${text}”.` }
  return { ids: people.map((p) => p.id), label: text, problem: null }
}

/**
 * PERFORMANCE: an item's page is one statement on node-postgres (prepared,
 * as the session check): the item, its people and places, its whole chain of
 * custody (it must be read in full to be verified; chains are tens of events,
 * not thousands), its dispositions and its lab work, each list a JSON array
 * built in PostgreSQL. Through Prisma the same read cost several times the
 * Node CPU (docs/performance.md). Constant SQL, bound parameters only; the
 * actor's scope is asked beside it (getEvidenceItem). Timestamps inside the
 * JSON arrive as ISO 8601 text and are turned into Dates below.
 */
const EVIDENCE_DETAIL: HotStatement = {
  name: 'k9_evidence_detail',
  text: `SELECT e.id, e.number, e.description, e.category::text AS category, e.status::text AS status, e."collectedAt", e."collectedAtPlace", e."sealNumber",
                e."headSequence", e."headHash", e.version, e."createdAt",
                json_build_object('id', cb.id, 'name', cb.name) AS "collectedBy",
                CASE WHEN cc.id IS NULL THEN NULL ELSE json_build_object('id', cc.id, 'name', cc.name) END AS "currentCustodian",
                CASE WHEN pr.id IS NULL THEN NULL ELSE json_build_object('id', pr.id, 'name', pr.name) END AS "pendingReceiver",
                CASE WHEN sl.id IS NULL THEN NULL ELSE json_build_object('id', sl.id, 'code', sl.code, 'room', sl.room, 'shelf', sl.shelf, 'bin', sl.bin) END AS "storageLocation",
                CASE WHEN oi.id IS NULL THEN NULL ELSE json_build_object('id', oi.id, 'number', oi.number, 'type', oi.type, 'occurredAt', oi."occurredAt") END AS "originIncident",
                CASE WHEN om.id IS NULL THEN NULL
                     ELSE json_build_object('id', om.id, 'kind', om.kind, 'occurredAt', om."occurredAt", 'clinic', om.clinic, 'dog', json_build_object('id', od.id, 'name', od.name)) END AS "originMedicalRecord",
                (SELECT coalesce(json_agg(json_build_object('id', c.id, 'evidenceItemId', c."evidenceItemId", 'sequence', c.sequence, 'action', c.action, 'occurredAt', c."occurredAt",
                                                            'actorId', c."actorId", 'fromUserId', c."fromUserId", 'toUserId', c."toUserId", 'locationId', c."locationId",
                                                            'place', c.place, 'labName', c."labName", 'purpose', c.purpose, 'sealIntact', c."sealIntact", 'notes', c.notes,
                                                            'prevHash', c."prevHash", 'hash', c.hash,
                                                            'actorName', a.name, 'fromName', f.name, 'toName', t.name, 'locationCode', l.code)
                                          ORDER BY c.sequence), '[]')
                   FROM "CustodyEvent" c
                   JOIN "User" a ON a.id = c."actorId"
                   LEFT JOIN "User" f ON f.id = c."fromUserId"
                   LEFT JOIN "User" t ON t.id = c."toUserId"
                   LEFT JOIN "StorageLocation" l ON l.id = c."locationId"
                  WHERE c."evidenceItemId" = e.id) AS "custodyEvents",
                (SELECT coalesce(json_agg(x ORDER BY x."requestedAt" DESC, x.id DESC), '[]')
                   FROM (SELECT dr.id, dr.method, dr.reason, dr.status, dr.version, dr."requestedAt", dr."decidedAt", dr."decisionNote",
                                json_build_object('id', rq.id, 'name', rq.name) AS "requestedBy",
                                CASE WHEN dc.id IS NULL THEN NULL ELSE json_build_object('name', dc.name) END AS "decidedBy"
                           FROM "DispositionRequest" dr
                           JOIN "User" rq ON rq.id = dr."requestedById"
                           LEFT JOIN "User" dc ON dc.id = dr."decidedById"
                          WHERE dr."evidenceItemId" = e.id ORDER BY dr."requestedAt" DESC, dr.id DESC LIMIT 20) x) AS dispositions,
                (SELECT coalesce(json_agg(x ORDER BY x."requestedAt" DESC, x.id DESC), '[]')
                   FROM (SELECT lr.id, lr.lab, lr.question, lr."labReference", lr.status, lr."requestedAt", lr."dueAt",
                                json_build_object('name', rb.name) AS "requestedBy",
                                CASE WHEN se.id IS NULL THEN NULL ELSE json_build_object('sequence', se.sequence) END AS "submittedEvent",
                                CASE WHEN res.id IS NULL THEN NULL
                                     ELSE json_build_object('id', res.id, 'examiner', res.examiner, 'method', res.method, 'findings', res.findings, 'conclusion', res.conclusion,
                                                            'reportedAt', res."reportedAt", 'recordedBy', json_build_object('name', rec.name)) END AS result
                           FROM "LabRequest" lr
                           JOIN "User" rb ON rb.id = lr."requestedById"
                           LEFT JOIN "CustodyEvent" se ON se.id = lr."submittedEventId"
                           LEFT JOIN "LabResult" res ON res."requestId" = lr.id
                           LEFT JOIN "User" rec ON rec.id = res."recordedById"
                          WHERE lr."evidenceItemId" = e.id ORDER BY lr."requestedAt" DESC, lr.id DESC LIMIT 50) x) AS "labRequests"
           FROM "EvidenceItem" e
           JOIN "User" cb ON cb.id = e."collectedById"
           LEFT JOIN "User" cc ON cc.id = e."currentCustodianId"
           LEFT JOIN "User" pr ON pr.id = e."pendingReceiverId"
           LEFT JOIN "StorageLocation" sl ON sl.id = e."storageLocationId"
           LEFT JOIN "Incident" oi ON oi.id = e."originIncidentId"
           LEFT JOIN "MedicalRecord" om ON om.id = e."originMedicalRecordId"
           LEFT JOIN "Dog" od ON od.id = om."dogId"
          WHERE e.id = $1::uuid AND e."archivedAt" IS NULL`,
}

type Person = { id: string; name: string }
/** A row of EVIDENCE_DETAIL; timestamps inside the JSON as text. */
type EvidenceDetailRow = {
  id: string
  number: string
  description: string
  category: EvidenceCategory
  status: EvidenceStatus
  collectedAt: Date
  collectedAtPlace: string
  sealNumber: string | null
  headSequence: number
  headHash: string | null
  version: number
  createdAt: Date
  collectedBy: Person
  currentCustodian: Person | null
  pendingReceiver: Person | null
  storageLocation: { id: string; code: string; room: string; shelf: string | null; bin: string | null } | null
  originIncident: { id: string; number: string; type: IncidentType; occurredAt: string } | null
  originMedicalRecord: { id: string; kind: MedicalRecordKind; occurredAt: string; clinic: string; dog: { id: string; name: string } } | null
  custodyEvents: Array<Omit<ChainEvent, 'occurredAt' | 'action'> & { action: CustodyAction; occurredAt: string; actorName: string; fromName: string | null; toName: string | null; locationCode: string | null }>
  dispositions: Array<{ id: string; method: string; reason: string; status: DispositionStatus; version: number; requestedAt: string; decidedAt: string | null; decisionNote: string | null; requestedBy: Person; decidedBy: { name: string } | null }>
  labRequests: Array<{
    id: string
    lab: string
    question: string
    labReference: string | null
    status: LabRequestStatus
    requestedAt: string
    dueAt: string | null
    requestedBy: { name: string }
    submittedEvent: { sequence: number } | null
    result: { id: string; examiner: string; method: string; findings: string; conclusion: string; reportedAt: string; recordedBy: { name: string } } | null
  }>
}

/** The item as its page reads it (EVIDENCE_DETAIL), or null when it does not exist, is archived or is outside the actor's scope. */
async function readEvidenceDetail(actor: Actor, evidenceId: string) {
  const scope = evidenceScope(actor)
  if (!scope) return null
  // SECURITY: a role that does not see every item asks its scope (a Prisma filter) beside the read.
  const [[row], inScope] = await Promise.all([
    hotRows<EvidenceDetailRow>(EVIDENCE_DETAIL, [evidenceId]),
    seesAllEvidence(actor) ? true : db.evidenceItem.findFirst({ where: { AND: [{ id: evidenceId }, scope] }, select: { id: true } }).then(Boolean),
  ])
  if (!row || !inScope) return null
  return {
    ...row,
    originIncident: row.originIncident && { ...row.originIncident, occurredAt: jsonDate(row.originIncident.occurredAt) },
    originMedicalRecord: row.originMedicalRecord && { ...row.originMedicalRecord, occurredAt: jsonDate(row.originMedicalRecord.occurredAt) },
    custodyEvents: row.custodyEvents.map((e) => ({ ...e, occurredAt: jsonDate(e.occurredAt) })),
    dispositions: row.dispositions.map((d) => ({ ...d, requestedAt: jsonDate(d.requestedAt), decidedAt: jsonDateOrNull(d.decidedAt) })),
    labRequests: row.labRequests.map((r) => ({ ...r, requestedAt: jsonDate(r.requestedAt), dueAt: jsonDateOrNull(r.dueAt), result: r.result && { ...r.result, reportedAt: jsonDate(r.result.reportedAt) } })),
  }
}

/**
 * An item's page: the item, its whole chain of custody with the verification
 * result, its lab work, and which custody moves the actor may make. Null when
 * the item does not exist or is outside the actor's scope (both answer 404).
 * Opening an item is audited (evidence.viewed).
 */
export async function getEvidenceItem(actor: Actor, evidenceId: string) {
  const item = await readEvidenceDetail(actor, evidenceId)
  if (!item) return null
  await appendAudit(actor, 'evidence.viewed', { type: 'EvidenceItem', id: item.id })

  const { custodyEvents, ...rest } = item
  const verification = verifyItemEvents(custodyEvents, item)
  const state = custodyStateFromEvents(item, custodyEvents)
  const moves = (['transfer', 'receive', 'decline', 'cancelTransfer', 'store', 'checkOut', 'checkIn', 'submitToLab', 'returnFromLab'] as const).filter(
    (m) => can(actor, 'evidence:read') && refusalOf(actor, m, state) === null,
  )
  const canRecordResult = can(actor, 'evidence:lab')
  const closed = item.status === 'RELEASED' || item.status === 'DISPOSED'
  const openDisposition = item.dispositions.find((d) => d.status === 'PENDING' || d.status === 'APPROVED') ?? null
  const disposition = {
    canRequest: can(actor, 'evidence:manage') && !closed && !openDisposition,
    /** SECURITY: the two-person rule, mirrored from decideDisposition for the page. */
    canDecide: Boolean(openDisposition && openDisposition.status === 'PENDING' && can(actor, 'evidence:approve-disposition') && openDisposition.requestedBy.id !== actor.id),
    canCarryOut: Boolean(openDisposition && openDisposition.status === 'APPROVED' && refusalOf(actor, 'dispose', state) === null),
    open: openDisposition,
  }
  const needsLocations = moves.includes('store') || moves.includes('checkIn')
  const locations = needsLocations ? await activeLocationGroups() : []
  const lastCheckedOutFrom = [...custodyEvents].reverse().find((e) => e.action === 'CHECKED_OUT')?.locationId ?? null
  return {
    ...rest,
    events: custodyEvents.map((e) => ({
      id: e.id,
      sequence: e.sequence,
      action: e.action,
      occurredAt: e.occurredAt,
      actorName: e.actorName,
      fromName: e.fromName,
      toName: e.toName,
      locationCode: e.locationCode,
      place: e.place,
      labName: e.labName,
      purpose: e.purpose,
      sealIntact: e.sealIntact,
      notes: e.notes,
      hash: e.hash,
      prevHash: e.prevHash,
    })),
    verification,
    moves: moves as CustodyMove[],
    disposition,
    canRecordResult,
    locations,
    lastCheckedOutFrom,
    links: { incident: can(actor, 'incidents:read'), medical: can(actor, 'medical:read') },
    /** Whether the page shows the photo upload form: the upload route's rule, asked with the row read here. */
    mayAddPhotos: evidenceItemUploadRefusal(actor, { currentCustodianId: item.currentCustodian?.id ?? null, collectedById: item.collectedBy.id }) === null,
    /** Whether each lab result's report form shows (the item is in scope, so its results are). */
    mayAddLabReports: labResultUploadRefusal(actor) === null,
  }
}

export type EvidenceDetail = NonNullable<Awaited<ReturnType<typeof getEvidenceItem>>>

/**
 * Every active storage location, for the store and check-in forms: in code
 * order, grouped by room (an <optgroup> each). Not capped: locations are
 * shelves and bins of a physical room (about 400 in a state unit, growing by
 * a few a year), and one that cannot be chosen cannot be used (decision 023).
 */
async function activeLocationGroups() {
  const rows = await db.storageLocation.findMany({
    where: { active: true },
    orderBy: { code: 'asc' },
    select: { id: true, code: true, room: true, description: true },
  })
  const groups = new Map<string, typeof rows>()
  for (const r of rows) {
    const group = groups.get(r.room)
    if (group) group.push(r)
    else groups.set(r.room, [r])
  }
  return [...groups].map(([room, locations]) => ({ room, locations }))
}

/** The move-deciding state, derived from the item and its (ordered) events. */
export function custodyStateFromEvents(
  item: { status: CustodyState['status']; currentCustodian: { id: string } | null; pendingReceiver: { id: string } | null; storageLocation: { id: string } | null },
  events: ReadonlyArray<{ action: string; actorId: string }>,
): CustodyState {
  let lastStorageAction: CustodyState['lastStorageAction'] = null
  let labSubmitterId: string | null = null
  for (const e of events) {
    if (e.action === 'STORED' || e.action === 'CHECKED_OUT' || e.action === 'CHECKED_IN') lastStorageAction = e.action
    if (e.action === 'SUBMITTED_TO_LAB') labSubmitterId = e.actorId
  }
  return {
    status: item.status,
    currentCustodianId: item.currentCustodian?.id ?? null,
    pendingReceiverId: item.pendingReceiver?.id ?? null,
    storageLocationId: item.storageLocation?.id ?? null,
    lastStorageAction,
    labSubmitterId,
  }
}

/** The medical record an intake starts from (a vet recording what they removed), if the actor may read it. */
export async function getIntakeOrigin(actor: Actor, medicalRecordId: string) {
  if (!can(actor, 'evidence:collect')) return null
  const scope = medicalRecordScope(actor)
  if (!scope) return null
  return db.medicalRecord.findFirst({
    where: { AND: [{ id: medicalRecordId, archivedAt: null }, scope] },
    select: { id: true, kind: true, occurredAt: true, clinic: true, dog: { select: { name: true } } },
  })
}

/**
 * A printable label: the item's number, description, seal, who collected it
 * and when, its case numbers, and a QR code of the item's page (scanning it
 * opens the item; the page still checks the scanner's access). Null = 404.
 * Audited as evidence.label_printed.
 */
export async function getEvidenceLabel(actor: Actor, evidenceId: string, origin: string) {
  const scope = evidenceScope(actor)
  if (!scope) return null
  const item = await db.evidenceItem.findFirst({
    where: { AND: [{ id: evidenceId }, scope] },
    select: {
      id: true,
      number: true,
      description: true,
      category: true,
      sealNumber: true,
      collectedAt: true,
      collectedAtPlace: true,
      collectedBy: { select: { name: true } },
      originIncident: { select: { number: true } },
      links: { take: 10, select: { investigation: { select: { number: true } } } },
    },
  })
  if (!item) return null
  await appendAudit(actor, 'evidence.label_printed', { type: 'EvidenceItem', id: item.id })
  const url = `${origin}/evidence/${item.id}`
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
  // Investigation numbers only for roles that read every investigation's existence anyway.
  const showCases = actor.role === 'EVIDENCE_TECH' || actor.role === 'DETECTIVE' || actor.role === 'SUPERVISOR'
  return {
    number: item.number,
    description: item.description,
    category: item.category,
    sealNumber: item.sealNumber,
    collectedAt: item.collectedAt,
    collectedAtPlace: item.collectedAtPlace,
    collectedBy: item.collectedBy.name,
    caseNumbers: [...new Set([...(item.originIncident ? [item.originIncident.number] : []), ...(showCases ? item.links.map((l) => l.investigation.number) : [])])],
    url,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    /** Code 128 of the item number: a scanner types it into /evidence/scan, which opens the item. */
    barcode: code128(item.number),
  }
}

/** Where scanning a location's label leads: the evidence list filtered to the items stored there. */
export const locationHref = (code: string) => `/evidence?location=${encodeURIComponent(code)}`

/** Drawn labels by origin and code: a QR code costs ≈ 3 ms of CPU to draw, and a page shows 50 (≈ 400 locations, a few kB each). */
const drawnLabels = new Map<string, { qrDataUrl: string; barcode: ReturnType<typeof code128> }>()
const DRAWN_LABELS_KEPT = 2_000

async function locationCodes(origin: string, code: string) {
  const key = `${origin}\n${code}`
  const kept = drawnLabels.get(key)
  if (kept) return kept
  const svg = await QRCode.toString(`${origin}${locationHref(code)}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
  const drawn = { qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, barcode: code128(code) }
  if (drawnLabels.size >= DRAWN_LABELS_KEPT) drawnLabels.clear()
  drawnLabels.set(key, drawn)
  return drawn
}

/**
 * One storage location's printable shelf/bin label: its code as a QR code
 * (the URL of the items stored there) and as a Code 128 barcode (the code,
 * for a handheld scanner). For those who see every item; null = 404.
 */
export async function getStorageLocationLabel(actor: Actor, locationId: string, origin: string) {
  if (!seesAllEvidence(actor)) return null
  const location = await db.storageLocation.findUnique({
    where: { id: locationId },
    select: { id: true, code: true, room: true, shelf: true, bin: true, description: true, active: true },
  })
  if (!location) return null
  return { ...location, url: `${origin}${locationHref(location.code)}`, ...(await locationCodes(origin, location.code)) }
}

/**
 * What a scanned label names: an evidence number, a storage-location code, or
 * the URL of an item's page (a QR code read into the box). Returns where to go,
 * or null when nothing the actor may see matches (the same answer either way).
 */
export async function resolveScannedCode(actor: Actor, code: string): Promise<string | null> {
  const scope = evidenceScope(actor)
  if (!scope) return null
  const text = code.trim()
  const fromUrl = /^https?:\/\/[^/\s]+\/evidence\/([0-9a-f-]{36})\/?$/i.exec(text)
  const item = await db.evidenceItem.findFirst({
    where: { AND: [fromUrl ? { id: fromUrl[1]!.toLowerCase() } : { number: sameText(text) }, scope] },
    select: { id: true },
  })
  if (item) return `/evidence/${item.id}`
  if (fromUrl || !seesAllEvidence(actor)) return null
  const location = await db.storageLocation.findFirst({ where: { code: sameText(text) }, select: { code: true } })
  return location ? locationHref(location.code) : null
}

export const LOCATIONS_PAGE_SIZE = 50

/**
 * One page of the evidence room's storage locations (active first, by code)
 * with how many items each holds, and a QR code and a Code 128 barcode per
 * location for its shelf label. A page past the last one serves the last.
 */
export async function listStorageLocations(actor: Actor, origin: string, input: ListStorageLocationsInput = { page: 1 }) {
  const scope = evidenceScope(actor)
  if (!scope || !seesAllEvidence(actor)) return null
  const total = await db.storageLocation.count()
  const pageCount = Math.ceil(total / LOCATIONS_PAGE_SIZE)
  const page = Math.max(1, Math.min(input.page, pageCount))
  const rows = await db.storageLocation.findMany({
    orderBy: [{ active: 'desc' }, { code: 'asc' }],
    skip: (page - 1) * LOCATIONS_PAGE_SIZE,
    take: LOCATIONS_PAGE_SIZE,
    select: { id: true, code: true, room: true, shelf: true, bin: true, description: true, active: true, _count: { select: { items: true } } },
  })
  return {
    rows: await Promise.all(rows.map(async (r) => ({ ...r, itemCount: r._count.items, ...(await locationCodes(origin, r.code)) }))),
    total,
    page,
    pageCount,
  }
}

import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { AlertKind, AlertStatus, DecisionOutcome, DogSex, DogSpecialty, DogStatus, IncidentType, MedicalRecordKind } from '@/lib/generated/prisma/enums'
import type { ListDogsInput } from '@/lib/schemas/dogs'
import type { Actor } from '../actor'
import { db, hotRows, jsonDate, jsonDateOrNull, type DeploymentJson, type HotStatement } from '../db'
import { exactHandler, FILTER_MATCHES, handlerLabel, handlersByText } from '../handlers/match'
import { can } from '../policy'
import { canReadMedicalOfDog } from '../medical/scope'
import { blobStore } from '../blobs'
import { containsText } from '../same-text'

export const DOGS_PAGE_SIZE = 20
/** The latest deployments and medical records a dog's profile lists (the rest: the incident list filtered by the dog, /medical?dog=…). */
export const DOG_PROFILE_DEPLOYMENTS = 25
export const DOG_PROFILE_MEDICAL = 10

/** The handler filter as the list read it: the handler's label when exactly one handler with a dog matches, else the text; `matched` false when none does. */
export type DogHandlerFilter = { label: string; matched: boolean }

/**
 * Dogs visible to the actor: every role that may read dogs sees the whole
 * unit. The handler filter is typed (a state unit has thousands of handlers:
 * no list to pick from), read as every typed handler is
 * (lib/server/handlers/match.ts) or as a handler's id (old links), among the
 * handlers who have a dog now.
 */
export async function listDogs(actor: Actor, input: ListDogsInput) {
  if (!can(actor, 'dogs:read')) return { rows: [], total: 0, page: 1, pageCount: 0, handlerFilter: null as DogHandlerFilter | null }
  // The handlers the filter names (an exact badge wins over a name, as in a form), then used by id.
  let handlerIds: string[] | null = null
  if (input.handler) {
    const named = await handlersByText(db, input.handler, { take: FILTER_MATCHES })
    const byBadge = exactHandler(named, input.handler)
    handlerIds = (byBadge ? [byBadge] : named).map((h) => h.id)
  }
  const where: Prisma.DogWhereInput = {
    archivedAt: null,
    ...(input.status ? { status: input.status } : {}),
    ...(input.specialty ? { specialties: { has: input.specialty } } : {}),
    ...(handlerIds ? { assignments: { some: { handlerId: { in: handlerIds }, endedAt: null } } } : {}),
    ...(input.q
      ? { OR: [{ name: containsText(input.q) }, { k9Number: containsText(input.q) }] }
      : {}),
  }
  const orderBy: Prisma.DogOrderByWithRelationInput[] =
    input.sort === 'k9Number' ? [{ k9Number: 'asc' }] : input.sort === 'status' ? [{ status: 'asc' }, { name: 'asc' }] : input.sort === 'age' ? [{ dateOfBirth: 'asc' }] : [{ name: 'asc' }]
  const [total, rows, handlers] = await Promise.all([
    db.dog.count({ where }),
    db.dog.findMany({
      where,
      orderBy: [...orderBy, { id: 'asc' }],
      skip: (input.page - 1) * DOGS_PAGE_SIZE,
      take: DOGS_PAGE_SIZE,
      select: {
        id: true,
        k9Number: true,
        name: true,
        breed: true,
        sex: true,
        dateOfBirth: true,
        specialties: true,
        status: true,
        fitForDuty: true,
        assignments: {
          where: { endedAt: null },
          take: 1,
          select: { handler: { select: { id: true, firstName: true, lastName: true, rank: true } } },
        },
        alerts: { where: { status: 'OPEN', kind: 'VET_CHECK_DUE' }, select: { id: true, dueAt: true }, take: 1 },
      },
    }),
    // Who the handler filter names: two are enough to know it is not one.
    handlerIds?.length
      ? db.handler.findMany({ where: { id: { in: handlerIds }, assignments: { some: { endedAt: null, dog: { archivedAt: null } } } }, orderBy: [{ lastName: 'asc' }, { id: 'asc' }], take: 2, select: { firstName: true, lastName: true, badgeNumber: true } })
      : handlerIds ? [] : null,
  ])
  const handlerFilter: DogHandlerFilter | null = input.handler && handlers ? { label: handlers.length === 1 ? handlerLabel(handlers[0]!) : input.handler, matched: handlers.length > 0 } : null
  return {
    rows: rows.map(({ assignments, alerts, ...d }) => ({
      ...d,
      handler: assignments[0]?.handler ?? null,
      openVetCheck: alerts[0] ?? null,
    })),
    total,
    page: input.page,
    pageCount: Math.ceil(total / DOGS_PAGE_SIZE),
    handlerFilter,
  }
}

export type DogListRow = Awaited<ReturnType<typeof listDogs>>['rows'][number]

/**
 * PERFORMANCE: a dog's page is one statement on node-postgres (prepared, as
 * the session check and the vital signs): the dog and each of its lists as a
 * JSON array built in PostgreSQL, a LIMIT per list and the two counts beside
 * them. A statewide dog has ~750 deployments and ~150 medical records.
 * Through Prisma the same read cost several times the Node CPU
 * (docs/performance.md). Constant SQL, bound parameters only; dates inside
 * the JSON arrive as ISO 8601 text and are turned into Dates below.
 */
const DOG_PROFILE: HotStatement = {
  name: 'k9_dog_profile',
  text: `SELECT d.id, d."k9Number", d.name, d.breed, d.sex::text AS sex, to_char(d."dateOfBirth", 'YYYY-MM-DD') AS "dateOfBirth", d.microchip,
                d.specialties::text[] AS specialties, d.status::text AS status, d."fitForDuty", d."fitForDutySetAt",
                fb.name AS "fitForDutySetByName", d."photoSha256", d.notes, d.version,
                (SELECT coalesce(json_agg(x ORDER BY x."startedAt" DESC, x.id DESC), '[]')
                   FROM (SELECT a.id, a."startedAt", a."endedAt", a."endReason",
                                json_build_object('id', h.id, 'firstName', h."firstName", 'lastName', h."lastName", 'rank', h.rank, 'badgeNumber', h."badgeNumber") AS handler
                           FROM "HandlerAssignment" a JOIN "Handler" h ON h.id = a."handlerId"
                          WHERE a."dogId" = d.id ORDER BY a."startedAt" DESC, a.id DESC LIMIT 20) x) AS assignments,
                (SELECT coalesce(json_agg(x ORDER BY x."expiresAt", x.id), '[]')
                   FROM (SELECT c.id, c.kind, c.issuer, c."certificateNumber", c."issuedAt", c."expiresAt", c.version
                           FROM "Certification" c
                          WHERE c."dogId" = d.id AND c."archivedAt" IS NULL ORDER BY c."expiresAt", c.id LIMIT 50) x) AS certifications,
                (SELECT coalesce(json_agg(x ORDER BY x."changedAt" DESC, x.id DESC), '[]')
                   FROM (SELECT sc.id, sc."fromStatus", sc."toStatus", sc.reason, sc."changedAt", json_build_object('name', u.name) AS "changedBy"
                           FROM "DogStatusChange" sc JOIN "User" u ON u.id = sc."changedById"
                          WHERE sc."dogId" = d.id ORDER BY sc."changedAt" DESC, sc.id DESC LIMIT 10) x) AS "statusChanges",
                (SELECT coalesce(json_agg(x ORDER BY x."deployedAt" DESC, x.id DESC), '[]')
                   FROM (SELECT dp.id, dp."deployedAt", dp.task, dp.outcome, dp.exposures, dp."exposureNotes", dp."injuryObserved", dp."injuryDescription",
                                json_build_object('firstName', h."firstName", 'lastName', h."lastName") AS handler,
                                json_build_object('id', i.id, 'number', i.number, 'type', i.type, 'locationText', i."locationText") AS incident
                           FROM "Deployment" dp JOIN "Handler" h ON h.id = dp."handlerId" JOIN "Incident" i ON i.id = dp."incidentId"
                          WHERE dp."dogId" = d.id ORDER BY dp."deployedAt" DESC, dp.id DESC LIMIT $2) x) AS deployments,
                (SELECT count(*)::int FROM "Deployment" dp WHERE dp."dogId" = d.id) AS "deploymentCount",
                (SELECT coalesce(json_agg(x ORDER BY x."raisedAt" DESC, x.id DESC), '[]')
                   FROM (SELECT al.id, al.kind, al.status, al.title, al."raisedAt", al."dueAt", al."overdueAt", al."resolvedAt", al.note
                           FROM "Alert" al
                          WHERE al."dogId" = d.id ORDER BY al."raisedAt" DESC, al.id DESC LIMIT 10) x) AS alerts,
                CASE WHEN $4 THEN (SELECT coalesce(json_agg(x ORDER BY x."occurredAt" DESC, x.id DESC), '[]')
                   FROM (SELECT r.id, r.kind, r."occurredAt", r.clinic, r.diagnosis, r.outcome, r."decisionOutcome",
                                json_build_object('name', v.name) AS veterinarian,
                                json_build_object('attachments', (SELECT count(*) FROM "Attachment" t WHERE t."medicalRecordId" = r.id),
                                                  'vitals', (SELECT count(*) FROM "VitalSign" vs WHERE vs."recordId" = r.id)) AS "_count"
                           FROM "MedicalRecord" r JOIN "User" v ON v.id = r."veterinarianId"
                          WHERE r."dogId" = d.id AND r."archivedAt" IS NULL ORDER BY r."occurredAt" DESC, r.id DESC LIMIT $3) x) END AS medical,
                CASE WHEN $4 THEN (SELECT count(*)::int FROM "MedicalRecord" r WHERE r."dogId" = d.id AND r."archivedAt" IS NULL) ELSE 0 END AS "medicalCount"
           FROM "Dog" d LEFT JOIN "User" fb ON fb.id = d."fitForDutySetById"
          WHERE d.id = $1::uuid AND d."archivedAt" IS NULL`,
}

/** A row of DOG_PROFILE, dates inside the JSON lists as text. */
type DogProfileRow = {
  id: string
  k9Number: string
  name: string
  breed: string
  sex: DogSex
  dateOfBirth: string
  microchip: string | null
  specialties: DogSpecialty[]
  status: DogStatus
  fitForDuty: boolean
  fitForDutySetAt: Date | null
  fitForDutySetByName: string | null
  photoSha256: string | null
  notes: string | null
  version: number
  assignments: Array<{ id: string; startedAt: string; endedAt: string | null; endReason: string | null; handler: { id: string; firstName: string; lastName: string; rank: string; badgeNumber: string } }>
  certifications: Array<{ id: string; kind: string; issuer: string; certificateNumber: string | null; issuedAt: string; expiresAt: string; version: number }>
  statusChanges: Array<{ id: string; fromStatus: DogStatus; toStatus: DogStatus; reason: string; changedAt: string; changedBy: { name: string } }>
  deployments: Array<
    DeploymentJson & {
      handler: { firstName: string; lastName: string }
      incident: { id: string; number: string; type: IncidentType; locationText: string }
    }
  >
  deploymentCount: number
  alerts: Array<{ id: string; kind: AlertKind; status: AlertStatus; title: string; raisedAt: string; dueAt: string; overdueAt: string | null; resolvedAt: string | null; note: string | null }>
  /** Null when the actor may not read the dog's medical records. */
  medical: Array<{
    id: string
    kind: MedicalRecordKind
    occurredAt: string
    clinic: string
    diagnosis: string | null
    outcome: string | null
    decisionOutcome: DecisionOutcome | null
    veterinarian: { name: string }
    _count: { attachments: number; vitals: number }
  }> | null
  medicalCount: number
}

/**
 * Rex's page: status, pairing history, certifications, deployments, alerts
 * and (for roles allowed) a medical summary; `manageable` when the actor may
 * use the supervisor's forms (the versions they need are read here). Null =
 * 404.
 */
export async function getDogProfile(actor: Actor, dogId: string) {
  if (!can(actor, 'dogs:read')) return null
  // SECURITY: the medical summary (and its count) only within the actor's medical scope, asked first (cached per request).
  const medicalOk = await canReadMedicalOfDog(actor, dogId)
  const [row] = await hotRows<DogProfileRow>(DOG_PROFILE, [dogId, DOG_PROFILE_DEPLOYMENTS, DOG_PROFILE_MEDICAL, medicalOk])
  if (!row) return null
  const { fitForDutySetByName, deploymentCount, medical, medicalCount, ...dog } = row
  return {
    ...dog,
    dateOfBirth: jsonDate(dog.dateOfBirth),
    fitForDutySetBy: fitForDutySetByName === null ? null : { name: fitForDutySetByName },
    assignments: dog.assignments.map((a) => ({ ...a, startedAt: jsonDate(a.startedAt), endedAt: jsonDateOrNull(a.endedAt) })),
    certifications: dog.certifications.map((c) => ({ ...c, issuedAt: jsonDate(c.issuedAt), expiresAt: jsonDate(c.expiresAt) })),
    statusChanges: dog.statusChanges.map((c) => ({ ...c, changedAt: jsonDate(c.changedAt) })),
    deployments: dog.deployments.map((d) => ({ ...d, deployedAt: jsonDate(d.deployedAt) })),
    alerts: dog.alerts.map((a) => ({ ...a, raisedAt: jsonDate(a.raisedAt), dueAt: jsonDate(a.dueAt), overdueAt: jsonDateOrNull(a.overdueAt), resolvedAt: jsonDateOrNull(a.resolvedAt) })),
    _count: { deployments: deploymentCount },
    medical: medical?.map((r) => ({ ...r, occurredAt: jsonDate(r.occurredAt) })) ?? null,
    medicalCount,
    manageable: can(actor, 'dogs:manage'),
  }
}

export type DogProfile = NonNullable<Awaited<ReturnType<typeof getDogProfile>>>

/** What the supervisor's forms on a dog's page and its edit page need (versions, particulars, the unit's active handlers), or null without dogs:manage. */
export async function getDogManagement(actor: Actor, dogId: string) {
  if (!can(actor, 'dogs:manage')) return null
  // The pairing form takes a badge number or a name the server resolves: no list of handlers to send.
  return db.dog.findFirst({
    where: { id: dogId, archivedAt: null },
    select: { id: true, name: true, version: true, status: true, fitForDuty: true, k9Number: true, breed: true, sex: true, dateOfBirth: true, microchip: true, specialties: true, notes: true, certifications: { where: { archivedAt: null }, orderBy: { expiresAt: 'asc' }, take: 50, select: { id: true, version: true, kind: true, expiresAt: true } } },
  })
}

/**
 * The dog's photo as a stream, after re-checking its SHA-256; null (404)
 * without dogs:read, without a photo, or when the bytes no longer match.
 */
export async function openDogPhoto(actor: Actor, dogId: string) {
  if (!can(actor, 'dogs:read')) return null
  const dog = await db.dog.findFirst({ where: { id: dogId, archivedAt: null }, select: { photoBlobKey: true, photoSha256: true, photoMediaType: true } })
  if (!dog?.photoBlobKey || !dog.photoSha256 || !dog.photoMediaType) return null
  const store = await blobStore()
  const actual = await store.hashOf(dog.photoBlobKey).catch(() => null)
  if (actual !== dog.photoSha256) return null
  return { mediaType: dog.photoMediaType, sha256: dog.photoSha256, stream: await store.read(dog.photoBlobKey) }
}

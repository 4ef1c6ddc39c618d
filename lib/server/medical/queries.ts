import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { ListMedicalInput } from '@/lib/schemas/medical'
import type { Actor } from '../actor'
import { appendAudit } from '../audit'
import { db, hotRows, type HotStatement } from '../db'
import { dogLabel } from '../dogs/match'
import { resolveDogFilter } from '../incidents/queries'
import { keysetPage, type KeysetPage } from '../keyset'
import { chosenFirst } from '../chosen-first'
import { searchedList } from '../keyset-sql'
import { countCap, MAX_LISTED, MAX_MATCHED, pagesOf } from '../pagination'
import { can } from '../policy'
import { medicalSnippet, queryTerms, type Segment } from '../search/highlight'
import { listMatch } from '../search/sql'
import { canReadMedicalOfDog, medicalRecordScope, medicalRecordScopeSql } from './scope'

export const MEDICAL_PAGE_SIZE = 25
/** Readings in a dog's vital-sign trend on its profile: the latest ones (each record's page has its full series). */
export const DOG_VITALS_SHOWN = 60

const MEDICAL_ROW_SELECT = {
  id: true,
  kind: true,
  occurredAt: true,
  clinic: true,
  diagnosis: true,
  decisionOutcome: true,
  dog: { select: { id: true, name: true, k9Number: true } },
  veterinarian: { select: { name: true } },
} satisfies Prisma.MedicalRecordSelect

/** A row of the list; searched by words, with the first field that holds them, highlighted. */
type MedicalRow = Prisma.MedicalRecordGetPayload<{ select: typeof MEDICAL_ROW_SELECT }> & { snippet?: Segment[] }

/** The record's words a snippet is taken from (medicalSnippet), besides the row's diagnosis and clinic. */
const MEDICAL_TEXT_SELECT = { presentingProblem: true, findings: true, procedure: true, treatment: true, outcome: true } satisfies Prisma.MedicalRecordSelect

export type MedicalListPage = KeysetPage<MedicalRow> & {
  /** Records the list holds, counted up to MAX_LISTED, or MAX_MATCHED when searched by words (`more`: beyond it). */
  total: number
  more: boolean
  /** The dog filter as resolved: the label to show, or a problem to say next to it. */
  dog: { label: string; problem: string | null } | null
}

const EMPTY: MedicalListPage = { rows: [], total: 0, more: false, newer: null, older: null, atNewest: true, atOldest: true, dog: null }

/**
 * The medical records the actor may read, newest first, a page at a time by
 * keyset on (occurredAt, id) (served by MedicalRecord(occurredAt DESC, id
 * DESC)): Older / Newer from a row, the oldest end, and a jump to a day — so a
 * vet can walk back through all 300,000 of a state's records, not only the
 * newest 10,000 a numbered list can reach. The dog filter is an id (profile
 * links) or what was typed (resolveDogFilter: a call name or K-9 number);
 * the words filter reads the record's words as search does ("limping"
 * finds "limp"), and where search shows ten it leads on to every one.
 */
export async function listMedicalRecords(actor: Actor, input: ListMedicalInput): Promise<MedicalListPage> {
  const scope = medicalRecordScope(actor)
  if (!scope) return EMPTY
  const resolved = await resolveDogFilter(actor, input.dog)
  if (resolved && resolved.ids.length === 0) return { ...EMPTY, dog: { label: input.dog ?? '', problem: `No dog is named or numbered “${input.dog}”.` } }
  const dog = resolved ? { label: resolved.label ?? input.dog ?? '', problem: null } : null
  const base: Prisma.MedicalRecordWhereInput = { AND: [scope, { archivedAt: null }, resolved ? { dogId: { in: resolved.ids } } : {}] }
  const list = input.q ? searchedMedical(actor, input.q, resolved?.ids ?? null, base) : listedMedical(base)
  const [page, counted] = await Promise.all([keysetPage<MedicalRow>(input, MEDICAL_PAGE_SIZE, 'occurredAt', (r) => r.occurredAt, list.find, list.exists, list.counting), list.counting])
  const { total, more } = pagesOf(counted, MEDICAL_PAGE_SIZE, list.cap)
  return { ...page, total, more, dog }
}

/** How the list reads a page, whether one exists beyond a bound, and its count (up to `cap`). */
type MedicalListRead = { find: Parameters<typeof keysetPage<MedicalRow>>[4]; exists: Parameters<typeof keysetPage<MedicalRow>>[5]; counting: Promise<number>; cap: number }

/** Without words: through Prisma, the count running beside the page (`.then` starts it: a Prisma query runs when it is awaited). */
function listedMedical(base: Prisma.MedicalRecordWhereInput): MedicalListRead {
  return {
    find: (extra, orderBy, take) => db.medicalRecord.findMany({ where: { AND: [base, extra] }, orderBy, take, select: MEDICAL_ROW_SELECT }),
    exists: async (extra) => (await db.medicalRecord.findFirst({ where: { AND: [base, extra] }, select: { id: true } })) !== null,
    counting: db.medicalRecord.count({ where: base, take: countCap }).then((n) => n),
    cap: MAX_LISTED,
  }
}

/**
 * Words: all in SQL through the stored document's GIN index (searchedList),
 * every match reachable by keyset; the count stops at a thousand matches.
 * The reader's own records (the scope's SQL twin) and the dogs typed are read
 * first, by their indexes (searchedList's `within`); SECURITY: the rows are
 * read through the Prisma scope (`base`) as well, so a wrong twin could hide
 * a record, never show one. Each row carries the first field holding the
 * words, highlighted.
 */
function searchedMedical(actor: Actor, q: string, dogIds: string[] | null, base: Prisma.MedicalRecordWhereInput): MedicalListRead {
  const conds = [Prisma.sql`"archivedAt" IS NULL`]
  const within = [medicalRecordScopeSql(actor), dogIds ? Prisma.sql`"dogId" = ANY(${dogIds}::uuid[])` : null].filter((c) => c !== null)
  const searched = searchedList('medical', conds, listMatch('medical', q), { within: within.length > 0 ? Prisma.join(within, ' AND ') : null })
  const terms = queryTerms(q)
  return {
    find: async (_e, _o, take, bound, upwards) =>
      (
        await chosenFirst(
          () => searched.find(bound, upwards, take),
          (ids) => db.medicalRecord.findMany({ where: { AND: [base, { id: { in: ids } }] }, select: { ...MEDICAL_ROW_SELECT, ...MEDICAL_TEXT_SELECT } }),
        )
      ).map(({ presentingProblem, findings, procedure, treatment, outcome, ...row }) => ({
        ...row,
        snippet: medicalSnippet(terms, { ...row, presentingProblem, findings, procedure, treatment, outcome }),
      })),
    exists: (_e, bound) => searched.exists(bound),
    counting: searched.count(MAX_MATCHED),
    cap: MAX_MATCHED,
  }
}

/** One record in full. Every read of a record's detail is audited (issue 3). Null = 404. */
export async function getMedicalRecord(actor: Actor, recordId: string) {
  const scope = medicalRecordScope(actor)
  if (!scope) return null
  const record = await db.medicalRecord.findFirst({
    where: { id: recordId, archivedAt: null, ...scope },
    select: {
      id: true,
      kind: true,
      occurredAt: true,
      clinic: true,
      attendingVets: true,
      presentingProblem: true,
      findings: true,
      diagnosis: true,
      treatment: true,
      outcome: true,
      decisionOutcome: true,
      decisionReason: true,
      procedure: true,
      anaesthesia: true,
      complications: true,
      followUpDueAt: true,
      version: true,
      veterinarianId: true,
      dog: { select: { id: true, name: true, k9Number: true } },
      veterinarian: { select: { name: true } },
      amendments: { orderBy: { createdAt: 'desc' }, take: 100, select: { id: true, createdAt: true, reason: true, changes: true, author: { select: { name: true } } } },
      vitals: {
        orderBy: { takenAt: 'asc' },
        take: 500,
        select: { id: true, takenAt: true, heartRate: true, respiratoryRate: true, temperatureC: true, spo2: true, systolicBp: true, diastolicBp: true, capillaryRefillSec: true, painScore: true, notes: true },
      },
      medications: { orderBy: { givenAt: 'asc' }, take: 200, select: { id: true, drug: true, dose: true, route: true, givenAt: true, givenBy: true, notes: true } },
      attachments: {
        where: { archivedAt: null },
        orderBy: { createdAt: 'asc' },
        select: { id: true, fileName: true, mediaType: true, sizeBytes: true, sha256: true, description: true, modality: true, view: true, bodyRegion: true, widthPx: true, heightPx: true, uploadedBy: { select: { name: true } }, createdAt: true },
      },
      recoveredItems: { orderBy: { collectedAt: 'asc' }, select: { id: true, number: true, description: true, sealNumber: true, collectedAt: true, collectedBy: { select: { name: true } } } },
    },
  })
  if (!record) return null
  await appendAudit(actor, 'medical.viewed', { type: 'MedicalRecord', id: record.id })
  return {
    ...record,
    amendments: record.amendments.map((a) => ({ ...a, changes: parseChanges(a.changes) })),
    vitals: record.vitals.map(plainVitals),
    /** Only the veterinarian who signed the record amends it (lib/server/medical/commands.ts). */
    canAmend: can(actor, 'medical:write') && record.veterinarianId === actor.id,
    canWrite: can(actor, 'medical:write'),
  }
}

type DecimalLike = { toString(): string } | null
function plainVitals<V extends { temperatureC: DecimalLike; capillaryRefillSec: DecimalLike }>(v: V) {
  return { ...v, temperatureC: v.temperatureC === null ? null : Number(v.temperatureC), capillaryRefillSec: v.capillaryRefillSec === null ? null : Number(v.capillaryRefillSec) }
}

/** An amendment's stored changes, read defensively (a JSON column). */
function parseChanges(raw: unknown): Array<{ field: string; before: string | null; after: string | null }> {
  if (!Array.isArray(raw)) return []
  return raw.flatMap((c) => {
    if (typeof c !== 'object' || c === null) return []
    const { field, before, after } = c as Record<string, unknown>
    if (typeof field !== 'string') return []
    return [{ field, before: typeof before === 'string' ? before : null, after: typeof after === 'string' ? after : null }]
  })
}

/**
 * The new-record form's choices: the active veterinarians, and the dog the
 * page was opened for (`?dog=` from a profile), written as the dog field reads
 * it back (`dogLabel`). Other dogs are typed, with suggestions
 * (lib/server/lookup.ts): a state unit has thousands, so there is no list.
 */
export async function getMedicalFormOptions(actor: Actor, dogId?: string) {
  if (!can(actor, 'medical:write')) return null
  const [dog, vets] = await Promise.all([
    dogId ? db.dog.findFirst({ where: { id: dogId, archivedAt: null }, select: { id: true, name: true, k9Number: true } }) : null,
    db.user.findMany({ where: { role: 'VETERINARIAN', active: true }, orderBy: { name: 'asc' }, take: 100, select: { id: true, name: true } }),
  ])
  return { dog: dog ? { ...dog, label: dogLabel(dog) } : null, vets }
}

/** The last clinic the vet recorded at, to fill the form in. */
export async function lastClinicOf(actor: Actor): Promise<string | null> {
  if (!can(actor, 'medical:write')) return null
  const last = await db.medicalRecord.findFirst({ where: { veterinarianId: actor.id, archivedAt: null }, orderBy: { occurredAt: 'desc' }, select: { clinic: true } })
  return last?.clinic ?? null
}

/**
 * The record as its author amends it. Null = 404 (outside the medical scope
 * or no write access); `mine` false = someone else's record (the page says
 * who may amend it).
 */
export async function getMedicalRecordForAmend(actor: Actor, recordId: string) {
  const scope = medicalRecordScope(actor)
  if (!scope || !can(actor, 'medical:write')) return null
  const record = await db.medicalRecord.findFirst({
    where: { AND: [{ id: recordId, archivedAt: null }, scope] },
    select: {
      id: true, kind: true, version: true, veterinarianId: true, veterinarian: { select: { name: true } }, dog: { select: { id: true, name: true, k9Number: true } },
      occurredAt: true, clinic: true, attendingVets: true, presentingProblem: true, findings: true, diagnosis: true, treatment: true, outcome: true,
      decisionOutcome: true, decisionReason: true, procedure: true, anaesthesia: true, complications: true, followUpDueAt: true,
    },
  })
  if (!record) return null
  return { ...record, mine: record.veterinarianId === actor.id }
}

/**
 * PERFORMANCE: the profile's chart reads up to 60 readings on every view. As a
 * prepared statement on node-postgres, with the two decimals read as numbers,
 * it costs a third of the Node CPU of the same read through Prisma, which
 * builds a Decimal object per value (docs/performance.md). The dog's readings
 * are read newest first by the (dogId, takenAt, id) index, each reading's
 * record checked for archiving, so a dog with years of records costs what a
 * new one does (migration vital_sign_dog). Constant SQL, bound parameters only.
 */
const DOG_VITALS: HotStatement = {
  name: 'k9_dog_vitals',
  text: `SELECT v.id::text AS id, v."takenAt", v."heartRate", v."respiratoryRate", v."temperatureC"::float8 AS "temperatureC", v.spo2,
                v."systolicBp", v."diastolicBp", v."capillaryRefillSec"::float8 AS "capillaryRefillSec", v."painScore"
           FROM "VitalSign" v JOIN "MedicalRecord" r ON r.id = v."recordId"
          WHERE v."dogId" = $1::uuid AND r."archivedAt" IS NULL
          ORDER BY v."takenAt" DESC, v.id DESC
          LIMIT $2`,
}

type DogVital = { id: string; takenAt: Date } & Record<'heartRate' | 'respiratoryRate' | 'temperatureC' | 'spo2' | 'systolicBp' | 'diastolicBp' | 'capillaryRefillSec' | 'painScore', number | null>

/** A dog's vital signs across its records, oldest first (the latest `take`), for the profile's chart. Null when the actor may not read them. */
export async function getDogVitals(actor: Actor, dogId: string, take = DOG_VITALS_SHOWN): Promise<DogVital[] | null> {
  if (!(await canReadMedicalOfDog(actor, dogId))) return null
  const rows = await hotRows<DogVital>(DOG_VITALS, [dogId, take])
  return rows.reverse()
}


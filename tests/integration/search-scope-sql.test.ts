import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { seed } from '@/prisma/seed'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { evidenceScopeSql, evidenceScope } from '@/lib/server/evidence/scope'
import { investigationScopeSql, investigationScope } from '@/lib/server/investigations/access'
import { medicalRecordScopeSql, medicalRecordScope } from '@/lib/server/medical/scope'
import { search, type SearchKind, type SearchResult } from '@/lib/server/search/queries'

/**
 * Search among the records a reader may open (issue 10; decision 019,
 * amendment of session 19). A reader who sees a kind only in part (an
 * officer's medical records and evidence, a vet's evidence, a detective's
 * investigations) is searched among their own records, by the scopes' SQL
 * twins; the pages' Prisma scopes still filter the hits.
 *
 * Data: the reference case, then for each kind many newer records no
 * officer or second detective may open, all holding the same word and
 * number prefix, written FIRST (so the GIN index, which hands matches over
 * in the order rows were written, gives them first too), and after them a
 * few older records the readers may open. Before the twins, search took
 * the first 50 matches of the whole table and kept those in scope: none.
 */

const actors: Record<string, Actor> = {}
const NEWER = 60

async function actorFor(email: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, handler: { select: { id: true } } } })
  return { id: u.id, email: u.email, name: u.name, role: u.role, handlerId: u.handler?.id ?? null, sessionId: null, ip: null, userAgent: null }
}

function group(r: SearchResult, kind: SearchKind) {
  return r.groups.find((g) => g.kind === kind)
}

function titles(r: SearchResult, kind: SearchKind): string[] {
  return (group(r, kind)?.hits ?? []).map((h) => h.title.map((s) => s.text).join(''))
}

beforeAll(async () => {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('integration-setup did not set DATABASE_URL')
  await seed(url, { blobDir: process.env.BLOB_DIR ?? mkdtempSync(path.join(tmpdir(), 'k9-search-scope-')), log: () => {} })
  for (const key of ['carter', 'sharp', 'daniels', 'hayes', 'patel', 'evans', 'morgan', 'ruiz', 'admin']) actors[key] = await actorFor(`${key}@k9.test`)
  const quinn = await db.user.create({ data: { email: 'quinn@k9.test', name: 'Det. Jo Quinn', role: 'DETECTIVE', passwordHash: 'x' }, select: { email: true } })
  actors.quinn = await actorFor(quinn.email)
  const { carter, evans, hayes, morgan } = actors as Record<string, Actor>

  // Evidence: NEWER items of the evidence room's, then six older ones: held by Carter, handed to him, named
  // only as a custody event's receiver, named only as one's giver, collected by him but archived, and
  // collected by Dr. Hayes. Each of the six was collected a day before the one written before it.
  await db.$executeRaw`
    INSERT INTO "EvidenceItem" ("id", "number", "description", "category", "collectedAt", "collectedById", "collectedAtPlace", "currentCustodianId", "updatedAt")
    SELECT gen_random_uuid(), 'EV-2099-' || lpad(g::text, 4, '0'), 'Blue tarpaulin, folded', 'TRACE', now() - (${NEWER}::int - g) * interval '1 minute',
           ${evans!.id}::uuid, 'Depot yard', ${evans!.id}::uuid, now()
      FROM generate_series(1, ${NEWER}::int) AS g`
  const older = (n: number, data: Partial<Prisma.EvidenceItemUncheckedCreateInput>) =>
    db.evidenceItem.create({
      data: { number: `EV-2099-${String(100 + n)}`, description: 'Green tarpaulin, torn', category: 'TRACE', collectedAt: new Date(Date.UTC(2020, 0, 10 - n)), collectedById: evans!.id, collectedAtPlace: 'Depot yard', currentCustodianId: evans!.id, ...data },
      select: { id: true },
    })
  await older(1, { currentCustodianId: carter!.id })
  await older(2, { status: 'IN_TRANSIT', pendingReceiverId: carter!.id })
  const received = await older(3, {})
  const given = await older(4, {})
  await older(5, { collectedById: carter!.id, currentCustodianId: carter!.id, archivedAt: new Date() })
  await older(6, { collectedById: hayes!.id, currentCustodianId: hayes!.id })
  const event = (item: string, sequence: number, fromUserId: string, toUserId: string) => ({
    evidenceItemId: item, sequence, action: 'RECEIVED' as const, occurredAt: new Date(Date.UTC(2020, 1, sequence)), actorId: toUserId, fromUserId, toUserId, prevHash: `prev-${item}-${sequence}`, hash: `hash-${item}-${sequence}`,
  })
  await db.custodyEvent.createMany({ data: [event(received.id, 1, evans!.id, carter!.id), event(given.id, 1, carter!.id, evans!.id)] })

  // Medical records: NEWER of a dog Carter never handled, then one older of a dog he handled years ago (the pairing ended).
  const never = await db.dog.findFirstOrThrow({ where: { assignments: { none: { handlerId: carter!.handlerId! } } }, select: { id: true } })
  const past = await db.dog.create({ data: { name: 'Bruno', k9Number: 'K9-990', breed: 'Belgian Malinois', dateOfBirth: new Date(Date.UTC(2012, 3, 1)), sex: 'MALE' }, select: { id: true } })
  await db.handlerAssignment.create({ data: { dogId: past.id, handlerId: carter!.handlerId!, startedAt: new Date(Date.UTC(2014, 0, 1)), endedAt: new Date(Date.UTC(2019, 0, 1)), endReason: 'Retired' } })
  await db.$executeRaw`
    INSERT INTO "MedicalRecord" ("id", "dogId", "kind", "occurredAt", "clinic", "veterinarianId", "diagnosis", "updatedAt")
    SELECT gen_random_uuid(), ${never.id}::uuid, 'EXAM', now() - (${NEWER}::int - g) * interval '1 minute', 'County Vet Clinic', ${hayes!.id}::uuid, 'Abrasion on the left pad', now()
      FROM generate_series(1, ${NEWER}::int) AS g`
  await db.medicalRecord.create({ data: { dogId: past.id, kind: 'EXAM', occurredAt: new Date(Date.UTC(2017, 5, 1)), clinic: 'County Vet Clinic', veterinarianId: hayes!.id, diagnosis: 'Abrasion on the right pad' } })

  // Investigations: NEWER led by Quinn alone, then older ones: led by Morgan, Morgan on Quinn's team, and one of Morgan's archived.
  await db.$executeRaw`
    INSERT INTO "Investigation" ("id", "number", "title", "summary", "leadId", "openedAt", "updatedAt")
    SELECT gen_random_uuid(), 'INV-2099-' || lpad(g::text, 4, '0'), 'Tarpaulin thefts ' || g, 'Depot thefts.', ${actors.quinn.id}::uuid, now() - (${NEWER}::int - g) * interval '1 minute', now()
      FROM generate_series(1, ${NEWER}::int) AS g`
  const inv = (n: number, title: string, leadId: string, extra: Partial<Prisma.InvestigationUncheckedCreateInput> = {}) =>
    db.investigation.create({ data: { number: `INV-2099-${String(100 + n)}`, title, summary: 'Depot thefts.', leadId, openedAt: new Date(Date.UTC(2020, 0, 10 - n)), ...extra }, select: { id: true } })
  await inv(1, 'Tarpaulin thefts, lead', morgan!.id)
  const team = await inv(2, 'Tarpaulin thefts, team', actors.quinn.id)
  await db.investigationMember.create({ data: { investigationId: team.id, userId: morgan!.id } })
  await inv(3, 'Tarpaulin thefts, archived', morgan!.id, { archivedAt: new Date() })
  await db.$executeRaw`ANALYZE "EvidenceItem"`
  await db.$executeRaw`ANALYZE "MedicalRecord"`
  await db.$executeRaw`ANALYZE "Investigation"`
}, 120_000)

describe("the scopes' SQL twins", () => {
  /** The rows a twin lets through, as search reads them (unarchived), against the Prisma scope's. */
  async function both<T extends { id: string }>(twin: Prisma.Sql | null, table: Prisma.Sql, prisma: () => Promise<T[]>): Promise<[string[], string[]] | null> {
    if (twin === null) return null
    const fromSql = await db.$queryRaw<Array<{ id: string }>>`SELECT "id"::text AS "id" FROM ${table} WHERE "archivedAt" IS NULL AND (${twin}) ORDER BY 1`
    const fromPrisma = (await prisma()).map((r) => r.id).sort()
    return [fromSql.map((r) => r.id), fromPrisma]
  }

  it('name exactly the records the pages let each user open, for every user', async () => {
    const users = await db.user.findMany({ select: { email: true } })
    let compared = 0
    for (const { email } of users) {
      const actor = await actorFor(email)
      const pairs = {
        medical: await both(medicalRecordScopeSql(actor), Prisma.sql`"MedicalRecord"`, async () => {
          const scope = medicalRecordScope(actor)
          return scope ? db.medicalRecord.findMany({ where: { AND: [scope, { archivedAt: null }] }, select: { id: true } }) : []
        }),
        evidence: await both(evidenceScopeSql(actor), Prisma.sql`"EvidenceItem"`, async () => {
          const scope = evidenceScope(actor)
          return scope ? db.evidenceItem.findMany({ where: scope, select: { id: true } }) : []
        }),
        investigations: await both(investigationScopeSql(actor), Prisma.sql`"Investigation"`, async () => {
          const scope = investigationScope(actor)
          return scope ? db.investigation.findMany({ where: scope, select: { id: true } }) : []
        }),
      }
      for (const [kind, pair] of Object.entries(pairs)) {
        if (pair === null) continue
        expect(pair[0], `${email}: ${kind}`).toEqual(pair[1])
        compared++
      }
    }
    // Officers and vets have twins for medical records and evidence, detectives for investigations: the comparison ran, and on records.
    expect(compared).toBeGreaterThanOrEqual(8)
    const carter = await both(evidenceScopeSql(actors.carter!), Prisma.sql`"EvidenceItem"`, async () => [])
    expect(carter![0].length).toBeGreaterThanOrEqual(4)
  })

  it('are null for the readers who open every record, and name nothing for those with no access', () => {
    for (const who of ['ruiz', 'morgan', 'evans']) expect(evidenceScopeSql(actors[who]!), who).toBeNull()
    for (const who of ['ruiz', 'morgan', 'hayes']) expect(medicalRecordScopeSql(actors[who]!), who).toBeNull()
    expect(investigationScopeSql(actors.ruiz!)).toBeNull()
    expect(investigationScopeSql(actors.morgan!)).not.toBeNull()
  })
})

describe('search among the records in scope', () => {
  it('an officer finds the four items he holds, was handed, once received and once gave, oldest of all, behind 60 newer ones he may not open; equal ranks newest first', async () => {
    const r = await search(actors.carter!, 'tarpaulin')
    expect(titles(r, 'evidence').map((t) => t.split(' · ')[0])).toEqual(['EV-2099-101', 'EV-2099-102', 'EV-2099-103', 'EV-2099-104'])
    expect(group(r, 'evidence')?.more).toBe(false)
    // The evidence room sees all 66 unarchived: a page and "more".
    const room = group(await search(actors.evans!, 'tarpaulin'), 'evidence')
    expect(room?.hits).toHaveLength(10)
    expect(room?.more).toBe(true)
  })

  it('an officer typing part of a number finds his items, not the first 50 numbers of the room', async () => {
    const r = await search(actors.carter!, 'EV-2099')
    expect(titles(r, 'evidence').map((t) => t.split(' · ')[0]).sort()).toEqual(['EV-2099-101', 'EV-2099-102', 'EV-2099-103', 'EV-2099-104'])
  })

  it('a vet finds the item she recovered, and no other', async () => {
    expect(titles(await search(actors.hayes!, 'tarpaulin'), 'evidence').map((t) => t.split(' · ')[0])).toEqual(['EV-2099-106'])
    expect(group(await search(actors.patel!, 'tarpaulin'), 'evidence')).toBeUndefined()
  })

  it("an officer finds the record of a dog he handled years ago behind 60 newer ones of a dog he never handled", async () => {
    const r = await search(actors.carter!, 'abrasion')
    expect(titles(r, 'medical')).toEqual(['Exam: Bruno (K9-990)'])
    expect(group(r, 'medical')?.more).toBe(false)
    // Officer Sharp never handled Bruno.
    expect(titles(await search(actors.sharp!, 'abrasion'), 'medical')).not.toContain('Exam: Bruno (K9-990)')
  })

  it('a detective finds the investigation he leads and the one he is on the team of, not the archived one or the 60 he is not on', async () => {
    const r = await search(actors.morgan!, 'tarpaulin')
    expect(titles(r, 'investigations').map((t) => t.split(' · ')[0])).toEqual(['INV-2099-101', 'INV-2099-102'])
    expect(group(r, 'investigations')?.more).toBe(false)
    const lead = group(await search(actors.quinn!, 'tarpaulin'), 'investigations')
    expect(lead?.hits).toHaveLength(10)
    expect(lead?.more).toBe(true)
  })
})

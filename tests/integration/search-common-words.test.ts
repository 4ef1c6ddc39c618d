import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { seed } from '@/prisma/seed'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { search, type SearchResult } from '@/lib/server/search/queries'
import { WALK } from '@/lib/server/search/sql'
import { listIncidents } from '@/lib/server/incidents/queries'
import { ListIncidentsSchema } from '@/lib/schemas/incidents'
import { listMedicalRecords } from '@/lib/server/medical/queries'
import { ListMedicalSchema } from '@/lib/schemas/medical'
import { LIST_WALK, wordsKnown } from '@/lib/server/keyset-sql'
import { Prisma } from '@/lib/generated/prisma/client'

/**
 * Search for words that are common in a big table (issue 10; decision 019,
 * amendment of 7 December): the newest rows are walked by their stored
 * vectors when the column's statistics say they hold enough matches, and the
 * GIN index answers otherwise. On the reference case plus two blocks of
 * incidents written straight in SQL:
 * - OLD: 3,000 incidents in 2015, every tenth about a quarry, one about a zeppelin;
 * - NEW: 2,600 incidents of the last days, every tenth about a culvert, written
 *   oldest first (so the index's own order, by row position, is oldest first).
 */

let ruiz: Actor
let carter: Actor
const MEDICAL = 2000
const NEW = 2600
const OLD = 3000

function incidentTitles(r: SearchResult): string[] {
  return (r.groups.find((g) => g.kind === 'incidents')?.hits ?? []).map((h) => h.title.map((s) => s.text).join('').split(' · ')[0]!)
}

function more(r: SearchResult): boolean | undefined {
  return r.groups.find((g) => g.kind === 'incidents')?.more
}

beforeAll(async () => {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('integration-setup did not set DATABASE_URL')
  await seed(url, { blobDir: process.env.BLOB_DIR ?? mkdtempSync(path.join(tmpdir(), 'k9-search-common-')), log: () => {} })
  const u = await db.user.findUniqueOrThrow({ where: { email: 'ruiz@k9.test' }, select: { id: true, email: true, name: true, role: true } })
  ruiz = { id: u.id, email: u.email, name: u.name, role: u.role, handlerId: null, sessionId: null, ip: null, userAgent: null }
  const officer = await db.user.findUniqueOrThrow({ where: { email: 'carter@k9.test' }, select: { id: true } })
  await db.$executeRaw`
    INSERT INTO "Incident" ("id", "number", "type", "occurredAt", "locationText", "narrative", "reportingOfficerId", "updatedAt")
    SELECT gen_random_uuid(), 'OLD-' || lpad(g::text, 4, '0'), 'OTHER', timestamptz '2015-01-01 08:00Z' + g * interval '1 hour', 'North district',
           'Routine patrol of the district' || CASE WHEN g % 10 = 0 THEN ' near the old quarry' WHEN g = 1234 THEN ' under a zeppelin' ELSE '' END,
           ${officer.id}::uuid, now()
      FROM generate_series(1, ${OLD}::int) AS g`
  await db.$executeRaw`
    INSERT INTO "Incident" ("id", "number", "type", "occurredAt", "locationText", "narrative", "reportingOfficerId", "updatedAt")
    SELECT gen_random_uuid(), 'NEW-' || lpad(g::text, 4, '0'), 'OTHER', now() - (${NEW}::int - g) * interval '1 minute', 'South district',
           'Routine patrol of the district' || CASE WHEN g % 10 = 0 THEN ' by the flooded culvert' ELSE '' END,
           ${officer.id}::uuid, now()
      FROM generate_series(1, ${NEW}::int) AS g`
  // The newest culvert incident is archived: search never shows it.
  await db.$executeRaw`UPDATE "Incident" SET "archivedAt" = now() WHERE "number" = ${`NEW-${NEW}`}`
  await db.$executeRaw`ANALYZE "Incident"`

  // Medical records: 2,000 about limping (the newer half on the right foreleg, the older on the left), every fourth one Rex's (Carter's dog), the rest a dog Carter never handled.
  const c = await db.user.findUniqueOrThrow({ where: { email: 'carter@k9.test' }, select: { id: true, email: true, name: true, role: true, handler: { select: { id: true } } } })
  carter = { id: c.id, email: c.email, name: c.name, role: c.role, handlerId: c.handler!.id, sessionId: null, ip: null, userAgent: null }
  const rex = await db.dog.findFirstOrThrow({ where: { name: 'Rex' }, select: { id: true } })
  const other = await db.dog.findFirstOrThrow({ where: { assignments: { none: { handlerId: carter.handlerId! } } }, select: { id: true } })
  const vet = await db.user.findUniqueOrThrow({ where: { email: 'hayes@k9.test' }, select: { id: true } })
  await db.$executeRaw`
    INSERT INTO "MedicalRecord" ("id", "dogId", "kind", "occurredAt", "clinic", "veterinarianId", "diagnosis", "updatedAt")
    SELECT gen_random_uuid(), CASE WHEN g % 4 = 0 THEN ${rex.id}::uuid ELSE ${other.id}::uuid END, 'EXAM',
           now() - (${MEDICAL}::int - g) * interval '1 minute', 'County Vet Clinic', ${vet.id}::uuid,
           CASE WHEN g > ${MEDICAL / 2}::int THEN 'Limping on the right foreleg' ELSE 'Limping on the left foreleg' END, now()
      FROM generate_series(1, ${MEDICAL}::int) AS g`
  await db.$executeRaw`ANALYZE "MedicalRecord"`
}, 120_000)

describe('words common in a big table', () => {
  it('a word in one incident in ten shows its newest matches and says there are more', async () => {
    const r = await search(ruiz, 'culvert')
    // The newest live ones are NEW-2590, NEW-2580, …: the page shows 10 of the newest 11.
    const newest11 = Array.from({ length: 11 }, (_, i) => `NEW-${NEW - 10 * (i + 1)}`)
    const shown = incidentTitles(r)
    expect(shown).toHaveLength(10)
    for (const n of shown) expect(newest11).toContain(n)
    expect(shown).not.toContain(`NEW-${NEW}`)
    expect(more(r)).toBe(true)
  })

  it('a word common only in old records is still found (the newest rows hold none, so the index answers), equal ranks newest first', async () => {
    const r = await search(ruiz, 'quarry')
    const shown = incidentTitles(r)
    expect(shown).toHaveLength(10)
    // The reference case's own quarry incidents are newer than 2015: they come first.
    const seeded = (await db.$queryRaw<Array<{ number: string }>>`
      SELECT "number" FROM "Incident" WHERE "searchVector" @@ plainto_tsquery('english', 'quarry') AND "number" NOT LIKE 'OLD-%' ORDER BY "occurredAt" DESC`).map((i) => i.number)
    expect(shown.slice(0, seeded.length)).toEqual(seeded)
    const old = shown.slice(seeded.length)
    expect(old.length).toBeGreaterThan(0)
    for (const n of old) expect(n).toMatch(/^OLD-\d{3}0$/)
    expect(old).toEqual([...old].sort().reverse())
    expect(more(r)).toBe(true)
  })

  it('a word in one old record is found, and no "more"', async () => {
    const r = await search(ruiz, 'zeppelin')
    expect(incidentTitles(r)).toEqual(['OLD-1234'])
    expect(more(r)).toBe(false)
  })

  it('two common words must both match: "culvert quarry" finds nothing, "flooded culvert" finds the culverts', async () => {
    expect(incidentTitles(await search(ruiz, 'culvert quarry'))).toEqual([])
    const shown = incidentTitles(await search(ruiz, 'flooded culvert'))
    expect(shown).toHaveLength(10)
    for (const n of shown) expect(n).toMatch(/^NEW-\d{3}0$/)
  })

  it('reads the statistics as the planner does: "culvert" is common enough to walk, "zeppelin" is not, no words is nothing', async () => {
    const shares = await db.$queryRaw<Array<{ culvert: number; zeppelin: number; none: number }>>`
      SELECT k9_search_share('"Incident"'::regclass, plainto_tsquery('english', 'culvert')) AS "culvert",
             k9_search_share('"Incident"'::regclass, plainto_tsquery('english', 'zeppelin')) AS "zeppelin",
             k9_search_share('"Incident"'::regclass, NULL) AS "none"`
    const s = shares[0]!
    // 260 of about 5,600 incidents.
    expect(s.culvert).toBeGreaterThan(0.03)
    expect(s.culvert).toBeLessThan(0.07)
    expect(s.zeppelin).toBeLessThan(11 / WALK)
    expect(s.none).toBe(0)
  })
})

describe('a common word in a kind the reader sees only in part', () => {
  it("an officer finds only his dog's medical records, newest first (among his own: search-scope-sql.test.ts), and is told there are more; a supervisor sees both dogs", async () => {
    const medical = (r: SearchResult) => r.groups.find((g) => g.kind === 'medical')
    const officer = medical(await search(carter, 'limping'))
    expect(officer?.hits).toHaveLength(10)
    for (const h of officer!.hits) {
      expect(h.title.map((x) => x.text).join('')).toContain('Rex (K9-101)')
      expect(h.snippet.map((x) => x.text).join('')).toContain('right foreleg')
    }
    expect(officer?.more).toBe(true)
    const supervisor = medical(await search(ruiz, 'limping'))
    expect(supervisor?.hits).toHaveLength(10)
    expect(new Set(supervisor!.hits.map((h) => h.title.map((x) => x.text).join('').includes('Rex (K9-101)'))).size).toBe(2)
  })
})

describe("the incident list's words filter on a big table (the newest incidents walked, else the index)", () => {
  const BLIMPS_OLD = 40
  const BLIMPS_NEW = 10

  beforeAll(async () => {
    // A word in 50 incidents (0.9 %: the statistics say walk), 10 among the newest and 40 in 2010, older than any walk reaches.
    const officer = await db.user.findUniqueOrThrow({ where: { email: 'carter@k9.test' }, select: { id: true } })
    await db.$executeRaw`
      INSERT INTO "Incident" ("id", "number", "type", "occurredAt", "locationText", "narrative", "reportingOfficerId", "updatedAt")
      SELECT gen_random_uuid(), 'BLIMP-' || lpad(g::text, 3, '0'),  'OTHER',
             CASE WHEN g <= ${BLIMPS_OLD}::int THEN timestamptz '2010-01-01 08:00Z' + g * interval '1 day' ELSE now() - (${BLIMPS_OLD + BLIMPS_NEW + 1}::int - g) * interval '1 second' END,
             'West district', 'A blimp over the district', ${officer.id}::uuid, now()
        FROM generate_series(1, ${BLIMPS_OLD + BLIMPS_NEW}::int) AS g`
    await db.$executeRaw`ANALYZE "Incident"`
  })

  /** Every page of the list by its Older links, the rows' numbers in order; and by its Newer links from the far end, turned round. */
  async function paged(q: string, extra: Record<string, string> = {}): Promise<{ older: string[]; newer: string[]; total: number; exact: boolean }> {
    const older: string[] = []
    const first = await listIncidents(ruiz, ListIncidentsSchema.parse({ q, ...extra }))
    let page = first
    // At most 20 pages: a list that pages in a circle fails here rather than at the test's timeout.
    for (let n = 0; ; n++) {
      expect(n).toBeLessThan(20)
      older.push(...page.rows.map((r) => r.number))
      if (!page.next) break
      page = await listIncidents(ruiz, ListIncidentsSchema.parse({ q, ...extra, after: page.next }))
    }
    const newer: string[] = []
    page = await listIncidents(ruiz, ListIncidentsSchema.parse({ q, ...extra, end: '1' }))
    for (let n = 0; ; n++) {
      expect(n).toBeLessThan(20)
      newer.unshift(...page.rows.map((r) => r.number))
      if (!page.prev) break
      page = await listIncidents(ruiz, ListIncidentsSchema.parse({ q, ...extra, before: page.prev }))
    }
    return { older, newer, total: first.total, exact: first.exact }
  }

  /** The oracle: every live incident the words (or a number's start) match, newest first. */
  async function matching(words: string | null, numberStart: string | null = null): Promise<string[]> {
    const rows = words
      ? await db.$queryRaw<Array<{ number: string }>>`SELECT "number" FROM "Incident" WHERE "archivedAt" IS NULL AND "searchVector" @@ websearch_to_tsquery('english', ${words}) ORDER BY "occurredAt" DESC, "id" DESC`
      : await db.$queryRaw<Array<{ number: string }>>`SELECT "number" FROM "Incident" WHERE "archivedAt" IS NULL AND lower("number") LIKE ${`${numberStart}%`} ORDER BY "occurredAt" DESC, "id" DESC`
    return rows.map((r) => r.number)
  }

  it('the statistics say walk for each of these words', async () => {
    for (const q of ['culvert', 'quarry', 'blimp']) {
      const [row] = await db.$queryRaw<Array<{ share: number }>>`SELECT k9_search_share('"Incident"'::regclass, websearch_to_tsquery('english', ${q})) AS "share"`
      expect(row!.share, q).toBeGreaterThanOrEqual(26 / 5000)
    }
  })

  it('a word common among the newest pages through every match, newest first, both ways, and counts them', async () => {
    const expected = await matching('culvert')
    expect(expected).toHaveLength(NEW / 10 - 1)
    expect(expected[0]).toBe(`NEW-${NEW - 10}`)
    expect(await paged('culvert')).toEqual({ older: expected, newer: expected, total: expected.length, exact: true })
    // Oldest first, and with the words in another form.
    const oldest = await paged('flooded culverts', { sort: 'oldest' })
    expect(oldest.older).toEqual([...expected].reverse())
  })

  it('a word whose newest matches are old is paged to its oldest: the walk holds the first pages, the index the last', async () => {
    const expected = await matching('quarry')
    expect(expected.length).toBeGreaterThan(OLD / 10)
    expect((await paged('quarry')).older).toEqual(expected)
    // A day: the page ends that day, and a Newer link shows there are matches above it (asked by walking upwards).
    const times = new Map((await db.incident.findMany({ where: { number: { in: expected } }, select: { number: true, occurredAt: true } })).map((r) => [r.number, r.occurredAt.getTime()]))
    const day = new Date(times.get(expected[100]!)!).toISOString().slice(0, 10)
    const endOfDay = Date.parse(`${day}T00:00:00Z`) + 86_400_000
    const jumped = await listIncidents(ruiz, ListIncidentsSchema.parse({ q: 'quarry', jump: day }))
    expect(jumped.rows.map((r) => r.number)).toEqual(expected.filter((n) => times.get(n)! < endOfDay).slice(0, 25))
    expect(jumped.prev).not.toBeNull()
  })

  it('a word the newest incidents hold too few of for a page is read through the index: its old matches follow the new', async () => {
    const expected = await matching('blimp')
    expect(expected).toHaveLength(BLIMPS_OLD + BLIMPS_NEW)
    const first = await listIncidents(ruiz, ListIncidentsSchema.parse({ q: 'blimp' }))
    expect(first.rows.map((r) => r.number)).toEqual(expected.slice(0, 25))
    expect(first.rows[BLIMPS_NEW]?.number).toBe(`BLIMP-${String(BLIMPS_OLD).padStart(3, '0')}`)
    expect(await paged('blimp')).toEqual({ older: expected, newer: expected, total: expected.length, exact: true })
  })

  it('a number from its start: one in the newest incidents, one only in old ones', async () => {
    const recent = await matching(null, 'new-25')
    expect(recent).toHaveLength(100)
    expect((await paged('NEW-25')).older).toEqual(recent)
    const old = await matching(null, 'old-00')
    expect(old).toHaveLength(99)
    expect(await paged('old-00')).toEqual({ older: old, newer: old, total: 99, exact: true })
    expect((await paged('OLD-9')).older).toEqual([])
  })
})

describe('the stored search document', () => {
  it('is rewritten by the database when the narrative is edited: the new word finds it, the old one no longer does', async () => {
    const target = await db.incident.findUniqueOrThrow({ where: { number: 'OLD-1234' }, select: { id: true } })
    await db.incident.update({ where: { id: target.id }, data: { narrative: 'Routine patrol of the district; a xylophone was found' } })
    expect(incidentTitles(await search(ruiz, 'xylophone'))).toEqual(['OLD-1234'])
    expect(incidentTitles(await search(ruiz, 'zeppelin'))).toEqual([])
  })

  it('cannot be written by hand', async () => {
    await expect(db.$executeRaw`UPDATE "Incident" SET "searchVector" = to_tsvector('english', 'forged') WHERE "number" = 'OLD-0001'`).rejects.toThrow(/can only be updated to DEFAULT/)
  })
})

describe("the medical list's words filter on a big table (the newest records walked, else the index)", () => {
  const FILLER = LIST_WALK + 200

  beforeAll(async () => {
    // Newer than every limping record, none about limping: the newest LIST_WALK records hold no limping one.
    const dog = await db.dog.findFirstOrThrow({ where: { name: 'Rex' }, select: { id: true } })
    const vet = await db.user.findUniqueOrThrow({ where: { email: 'hayes@k9.test' }, select: { id: true } })
    await db.$executeRaw`
      INSERT INTO "MedicalRecord" ("id", "dogId", "kind", "occurredAt", "clinic", "veterinarianId", "diagnosis", "updatedAt")
      SELECT gen_random_uuid(), ${dog.id}::uuid, 'EXAM', now() + g * interval '1 second', 'County Vet Clinic', ${vet.id}::uuid, 'Routine check, fit for duty', now()
        FROM generate_series(1, ${FILLER}::int) AS g`
    await db.$executeRaw`ANALYZE "MedicalRecord"`
  })

  const list = (q: string, extra: Record<string, string> = {}) => listMedicalRecords(ruiz, ListMedicalSchema.parse({ q, ...extra }))
  const ids = (page: { rows: Array<{ id: string }> }) => page.rows.map((r) => r.id)
  async function matching(words: string): Promise<string[]> {
    const rows = await db.$queryRaw<Array<{ id: string }>>`SELECT "id"::text AS "id" FROM "MedicalRecord" WHERE "archivedAt" IS NULL AND "searchVector" @@ websearch_to_tsquery('english', ${words}) ORDER BY "occurredAt" DESC, "id" DESC`
    return rows.map((r) => r.id)
  }

  it('a word the newest records hold pages from them: the newest first, then the next page, and says there are more without counting them', async () => {
    const expected = await matching('routine check')
    expect(expected.length).toBeGreaterThanOrEqual(FILLER)
    const first = await list('routine check')
    expect(ids(first)).toEqual(expected.slice(0, 25))
    expect(first).toMatchObject({ more: true, atNewest: true })
    expect(ids(await list('routine check', { after: first.older! }))).toEqual(expected.slice(25, 50))
  })

  it("knows the words its statistics list, and not a word they never saw (whose estimate is a fixed guess, not a count)", async () => {
    const words = (q: string) => Prisma.sql`websearch_to_tsquery('english', ${q})`
    expect(await wordsKnown('"MedicalRecord"', words('limping'))).toBe(true)
    expect(await wordsKnown('"MedicalRecord"', words('routine check'))).toBe(true)
    expect(await wordsKnown('"MedicalRecord"', words('zeppelin'))).toBe(false)
    expect(await wordsKnown('"Incident"', words('culvert'))).toBe(true)
    expect(await wordsKnown('"Incident"', words('zeppelinx'))).toBe(false)
  })

  it('a common word the newest records do not hold is read through the index: its newest, the next page, the page before, the oldest end and a day', async () => {
    const [row] = await db.$queryRaw<Array<{ share: number }>>`SELECT k9_search_share('"MedicalRecord"'::regclass, websearch_to_tsquery('english', 'limping')) AS "share"`
    expect(row!.share).toBeGreaterThanOrEqual(26 / LIST_WALK)
    const expected = await matching('limping')
    expect(expected).toHaveLength(MEDICAL)
    const first = await list('limping')
    expect(ids(first)).toEqual(expected.slice(0, 25))
    const second = await list('limping', { after: first.older! })
    expect(ids(second)).toEqual(expected.slice(25, 50))
    expect(ids(await list('limping', { before: second.newer! }))).toEqual(expected.slice(0, 25))
    expect(ids(await list('limping', { end: '1' }))).toEqual(expected.slice(-25))
    // The left foreleg is the older half: its newest is the thousandth limping record.
    expect(ids(await list('left foreleg'))).toEqual(expected.slice(MEDICAL / 2, MEDICAL / 2 + 25))
    // A day: the page starts with that day's last record, and says whether newer ones are above it.
    const times = new Map((await db.medicalRecord.findMany({ where: { id: { in: expected } }, select: { id: true, occurredAt: true } })).map((r) => [r.id, r.occurredAt.getTime()]))
    const day = new Date(times.get(expected.at(-1)!)!).toISOString().slice(0, 10)
    const endOfDay = Date.parse(`${day}T00:00:00Z`) + 86_400_000
    const jumped = await list('limping', { jump: day })
    expect(ids(jumped)).toEqual(expected.filter((id) => times.get(id)! < endOfDay).slice(0, 25))
    expect(jumped.atNewest).toBe(!expected.some((id) => times.get(id)! >= endOfDay))
  })
})

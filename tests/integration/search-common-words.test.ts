import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { seed } from '@/prisma/seed'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { search, type SearchResult } from '@/lib/server/search/queries'
import { WALK } from '@/lib/server/search/sql'

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

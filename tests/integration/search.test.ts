import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { seed } from '@/prisma/seed'
import type { Actor } from '@/lib/server/actor'
import { formatDate, humanize } from '@/lib/format'
import { db } from '@/lib/server/db'
import { search, type SearchKind, type SearchResult } from '@/lib/server/search/queries'

/**
 * Search on the reference case (prisma/seed.ts) in this file's own database:
 * typo and partial-number tolerance, highlighting, and above all scoping —
 * nobody finds, or learns the count of, a record they may not open.
 */

const actors: Record<string, Actor> = {}
let evidenceNumber: string
let investigationNumber: string

async function actorFor(email: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, handler: { select: { id: true } } } })
  return { id: u.id, email: u.email, name: u.name, role: u.role, handlerId: u.handler?.id ?? null, sessionId: null, ip: null, userAgent: null }
}

function kinds(r: SearchResult): SearchKind[] {
  return r.groups.map((g) => g.kind)
}

function titles(r: SearchResult, kind: SearchKind): string[] {
  return (r.groups.find((g) => g.kind === kind)?.hits ?? []).map((h) => h.title.map((s) => s.text).join(''))
}

beforeAll(async () => {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('integration-setup did not set DATABASE_URL')
  await seed(url, { blobDir: process.env.BLOB_DIR ?? mkdtempSync(path.join(tmpdir(), 'k9-search-blobs-')), log: () => {} })
  for (const key of ['carter', 'daniels', 'hayes', 'patel', 'evans', 'morgan', 'ruiz', 'admin']) actors[key] = await actorFor(`${key}@k9.test`)
  const other = await db.user.create({ data: { email: 'quinn@k9.test', name: 'Det. Jo Quinn', role: 'DETECTIVE', passwordHash: 'x' }, select: { email: true } })
  actors.quinn = await actorFor(other.email)
  evidenceNumber = (await db.evidenceItem.findFirstOrThrow({ select: { number: true } })).number
  investigationNumber = (await db.investigation.findFirstOrThrow({ where: { title: 'Who shot Rex?' }, select: { number: true } })).number
}, 120_000)

describe('matching', () => {
  it('tolerates a typo: "Rexx" finds Rex, with the word highlighted', async () => {
    const r = await search(actors.ruiz!, 'Rexx')
    expect(titles(r, 'dogs')).toContain('Rex (K9-101)')
    const rex = r.groups.find((g) => g.kind === 'dogs')!.hits.find((h) => h.title.map((s) => s.text).join('') === 'Rex (K9-101)')!
    expect(rex.title.filter((s) => s.match).map((s) => s.text)).toEqual(['Rex'])
    expect(rex.href).toMatch(/^\/dogs\//)
    // The lexicon word used is reported (the page then offers no list, which would look for "Rexx").
    expect(r.typos).toEqual(['rex'])
    expect((await search(actors.ruiz!, 'Rex')).typos).toEqual([])
  })

  it('finds evidence by a partial number', async () => {
    const partial = evidenceNumber.slice(0, 10) // "EV-2026-00"
    const r = await search(actors.evans!, partial)
    expect(titles(r, 'evidence').some((t) => t.startsWith(evidenceNumber))).toBe(true)
    const hit = r.groups.find((g) => g.kind === 'evidence')!.hits[0]!
    expect(hit.title.find((s) => s.match)?.text.toLowerCase()).toContain(partial.toLowerCase())
  })

  it('finds by words across kinds (full text): handlers by name, incidents by narrative, medical records by diagnosis', async () => {
    const byName = await search(actors.ruiz!, 'Carter')
    expect(titles(byName, 'handlers').some((t) => t.includes('Luke Carter'))).toBe(true)
    const byWords = await search(actors.ruiz!, 'metal pipe')
    expect(kinds(byWords)).toContain('incidents')
    const medical = await search(actors.ruiz!, 'foreign body')
    expect(kinds(medical)).toContain('medical')
  })

  it('shows each hit as its record reads: title, line under it and link, for every kind', async () => {
    const text = (segments: Array<{ text: string }>) => segments.map((x) => x.text).join('')
    const first = async (q: string, kind: SearchKind) => (await search(actors.ruiz!, q)).groups.find((g) => g.kind === kind)!.hits[0]!
    const dogHit = await first('Rex', 'dogs')
    const dog = await db.dog.findUniqueOrThrow({ where: { id: dogHit.id } })
    expect([text(dogHit.title), dogHit.subtitle, dogHit.href]).toEqual([`${dog.name} (${dog.k9Number})`, `${dog.breed} · ${humanize(dog.status)}`, `/dogs/${dog.id}`])
    const incidentHit = await first('metal pipe', 'incidents')
    const incident = await db.incident.findUniqueOrThrow({ where: { id: incidentHit.id } })
    expect([text(incidentHit.title), incidentHit.subtitle, incidentHit.href]).toEqual([`${incident.number} · ${humanize(incident.type)}`, formatDate(incident.occurredAt), `/incidents/${incident.id}`])
    expect(text(incidentHit.snippet).toLowerCase()).toContain('metal pipe')
    const medicalHit = await first('foreign body', 'medical')
    const record = await db.medicalRecord.findUniqueOrThrow({ where: { id: medicalHit.id }, include: { dog: true } })
    expect([text(medicalHit.title), medicalHit.subtitle, medicalHit.href]).toEqual([`${humanize(record.kind)}: ${record.dog.name} (${record.dog.k9Number})`, `${formatDate(record.occurredAt)} · ${record.clinic}`, `/medical/${record.id}`])
    const itemHit = await first(evidenceNumber, 'evidence')
    const item = await db.evidenceItem.findUniqueOrThrow({ where: { id: itemHit.id } })
    expect([text(itemHit.title), itemHit.subtitle, itemHit.href]).toEqual([`${item.number} · ${humanize(item.category)}`, humanize(item.status), `/evidence/${item.id}`])
    const handlerHit = (await search(actors.ruiz!, 'Carter')).groups.find((g) => g.kind === 'handlers')!.hits.find((h) => text(h.title).includes('Luke Carter'))!
    const handler = await db.handler.findUniqueOrThrow({ where: { id: handlerHit.id } })
    expect([handlerHit.subtitle, text(handlerHit.snippet), handlerHit.href]).toEqual([`${handler.unit}${handler.active ? '' : ' · inactive'}`, `Badge ${handler.badgeNumber}`, `/handlers/${handler.id}`])
  })

  it('tolerates a typo in a name ("Cartr" finds Luke Carter) and marks the name as found', async () => {
    const r = await search(actors.ruiz!, 'Cartr')
    const hit = r.groups.find((g) => g.kind === 'handlers')!.hits.find((h) => h.title.map((s) => s.text).join('').includes('Luke Carter'))!
    expect(hit.title.filter((s) => s.match).map((s) => s.text)).toEqual(['Carter'])
  })

  it('finds a number from a part without its letters, and a code from its middle', async () => {
    // "2026-00…" is EV-2026-00… without "EV-" (and the start of incident numbers).
    const partial = evidenceNumber.slice(3, 10)
    const r = await search(actors.evans!, partial)
    expect(titles(r, 'evidence').some((t) => t.startsWith(evidenceNumber))).toBe(true)
    const badge = (await db.handler.findFirstOrThrow({ where: { lastName: 'Carter' }, select: { badgeNumber: true } })).badgeNumber
    const middle = badge.slice(2)
    const byBadge = await search(actors.ruiz!, middle)
    expect(titles(byBadge, 'handlers').some((t) => t.includes('Luke Carter'))).toBe(true)
  })

  it('searches a quoted phrase as a phrase', async () => {
    expect(kinds(await search(actors.ruiz!, '"metal pipe"'))).toContain('incidents')
    expect(kinds(await search(actors.ruiz!, '"pipe metal"'))).not.toContain('incidents')
  })

  it('keeps the lexicon with every write: a new name and an edited one are found with a typo', async () => {
    const dog = await db.dog.create({ data: { k9Number: 'K9-777', name: 'Zephyrine', breed: 'Dutch Shepherd', sex: 'FEMALE', dateOfBirth: new Date('2022-03-01') }, select: { id: true } })
    expect(titles(await search(actors.ruiz!, 'Zephyrne'), 'dogs')).toContain('Zephyrine (K9-777)')
    await db.dog.update({ where: { id: dog.id }, data: { name: 'Quillane' } })
    expect(titles(await search(actors.ruiz!, 'Quilane'), 'dogs')).toContain('Quillane (K9-777)')
    const words = await db.$queryRaw<Array<{ word: string }>>`SELECT "word" FROM "SearchWord" WHERE "word" IN ('zephyrine', 'quillane', 'dutch') ORDER BY "word"`
    expect(words.map((w) => w.word)).toEqual(['dutch', 'quillane', 'zephyrine'])
  })

  it('answers "too short" without searching, and treats SQL and HTML as plain text', async () => {
    expect((await search(actors.ruiz!, 'R')).tooShort).toBe(true)
    const odd = await search(actors.ruiz!, `'; DROP TABLE "Dog"; -- <script>%_\\`)
    expect(odd.tooShort).toBe(false)
    expect(await db.dog.count()).toBeGreaterThan(0)
  })
})

describe('scoping', () => {
  it('a vet searching an evidence number they did not recover finds nothing, not even a group', async () => {
    const r = await search(actors.hayes!, evidenceNumber)
    expect(kinds(r)).not.toContain('evidence')
    // …while the vet who recovered it, and the evidence room, do.
    expect(titles(await search(actors.patel!, evidenceNumber), 'evidence').length).toBe(1)
    expect(titles(await search(actors.evans!, evidenceNumber), 'evidence').length).toBe(1)
  })

  it('an officer finds an evidence item they once held, and one who never held it does not', async () => {
    // Carter carried the fragment from the clinic to the evidence room (a custody event names him); Daniels never touched it.
    expect(titles(await search(actors.carter!, evidenceNumber), 'evidence')).toHaveLength(1)
    expect(kinds(await search(actors.daniels!, evidenceNumber))).not.toContain('evidence')
  })

  it('an investigation is found only by its lead, team and supervisors', async () => {
    for (const who of ['morgan', 'carter', 'ruiz']) expect(titles(await search(actors[who]!, investigationNumber), 'investigations').length, who).toBe(1)
    for (const who of ['quinn', 'hayes', 'daniels']) expect(kinds(await search(actors[who]!, investigationNumber)), who).not.toContain('investigations')
    expect(kinds(await search(actors.quinn!, 'Who shot Rex'))).not.toContain('investigations')
  })

  it("an officer finds medical records only of dogs they handle(d)", async () => {
    expect(kinds(await search(actors.carter!, 'thoracotomy'))).toContain('medical')
    expect(kinds(await search(actors.daniels!, 'thoracotomy'))).not.toContain('medical')
    // An evidence technician reads no medical records at all.
    expect(kinds(await search(actors.evans!, 'thoracotomy'))).not.toContain('medical')
  })

  it('"more" counts only what the actor may open: 12 matching investigations, one of them theirs', async () => {
    const lead = actors.morgan!.id
    for (let i = 1; i <= 12; i++) {
      const v = await db.investigation.create({ data: { number: `INV-2026-9${String(i).padStart(3, '0')}`, title: `Quokka smuggling ring ${i}`, summary: 'Rare animals moved through the port.', leadId: lead }, select: { id: true } })
      if (i === 12) await db.investigationMember.create({ data: { investigationId: v.id, userId: actors.quinn!.id } })
    }
    const quinn = (await search(actors.quinn!, 'quokka')).groups.find((g) => g.kind === 'investigations')!
    expect(quinn.hits.map((h) => h.title.map((s) => s.text).join(''))).toEqual(['INV-2026-9012 · Quokka smuggling ring 12'])
    expect(quinn.more).toBe(false)
    const morgan = (await search(actors.morgan!, 'quokka')).groups.find((g) => g.kind === 'investigations')!
    expect(morgan.hits).toHaveLength(10)
    expect(morgan.more).toBe(true)
    // A supervisor opens every investigation: the statement hands over the first 11 (10 shown, and whether there are more)…
    const ruiz = (await search(actors.ruiz!, 'quokka')).groups.find((g) => g.kind === 'investigations')!
    expect(ruiz.hits).toHaveLength(10)
    expect(ruiz.more).toBe(true)
    // …and never an archived one: with 3 of the 12 archived, 9 and no more, for the supervisor and the lead alike.
    await db.investigation.updateMany({ where: { number: { in: ['INV-2026-9001', 'INV-2026-9002', 'INV-2026-9003'] } }, data: { archivedAt: new Date() } })
    for (const who of ['ruiz', 'morgan']) {
      const g = (await search(actors[who]!, 'quokka')).groups.find((x) => x.kind === 'investigations')!
      expect(g.hits.map((h) => h.title.map((s) => s.text).join('')).sort(), who).toEqual(Array.from({ length: 9 }, (_, i) => `INV-2026-9${String(i + 4).padStart(3, '0')} · Quokka smuggling ring ${i + 4}`).sort())
      expect(g.more, who).toBe(false)
    }
  })

  it('a vet finds no incidents or handlers (no incidents:read / handlers:read); an administrator finds nothing', async () => {
    const vet = await search(actors.hayes!, 'Carter')
    expect(kinds(vet)).not.toContain('handlers')
    expect(kinds(await search(actors.hayes!, 'metal pipe'))).not.toContain('incidents')
    expect((await search(actors.admin!, 'Rex')).groups).toEqual([])
  })
})

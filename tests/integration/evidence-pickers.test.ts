import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import { custodyHash } from '@/lib/custody'
import { isAppError } from '@/lib/errors'
import { GENESIS_HASH } from '@/lib/hash-chain'
import { ListEvidenceSchema, TransferEvidenceSchema } from '@/lib/schemas/evidence'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { confirmReceipt, storeEvidence, transferEvidence } from '@/lib/server/evidence/commands'
import { getEvidenceItem, listEvidence, listStorageLocations, LOCATIONS_PAGE_SIZE } from '@/lib/server/evidence/queries'
import { verifyItemChain } from '@/lib/server/evidence/verify'

/**
 * The evidence screens that listed the first 100 people or locations (a state
 * unit has 3,000 officers and 400 storage locations): the hand-over's receiver
 * and the list's custodian filter are typed and resolved on the server; the
 * store and check-in forms offer every active location, grouped by room; the
 * storage-locations page pages. This file's own database.
 */

const people = {} as Record<'carter' | 'evans' | 'zimmer' | 'daniels1' | 'daniels2' | 'ruiz' | 'former', Actor>

async function makeUser(key: keyof typeof people, name: string, role: Role, active = true): Promise<Actor> {
  const u = await db.user.create({ data: { email: `${key}@pickers.test`, name, role, active, passwordHash: 'x' }, select: { id: true, email: true, name: true, role: true } })
  return { ...u, handlerId: null, sessionId: null, ip: null, userAgent: null }
}

/** An item collected by `collector` with its first custody event (what intake would write). */
async function collectItem(collector: Actor, description = 'Test item') {
  const item = await db.evidenceItem.create({
    data: { number: `EV-P-${crypto.randomUUID().slice(0, 12)}`, description, category: 'BALLISTIC', collectedAt: new Date(), collectedById: collector.id, collectedAtPlace: 'Test scene', currentCustodianId: collector.id },
    select: { id: true },
  })
  const content = {
    evidenceItemId: item.id, sequence: 1, action: 'COLLECTED', occurredAt: new Date(), actorId: collector.id, fromUserId: null, toUserId: collector.id,
    locationId: null, place: 'Test scene', labName: null, purpose: 'Collected', sealIntact: true, notes: null,
  } as const
  const hash = custodyHash(GENESIS_HASH, content)
  await db.custodyEvent.create({ data: { ...content, prevHash: GENESIS_HASH, hash } })
  await db.evidenceItem.update({ where: { id: item.id }, data: { headSequence: 1, headHash: hash, version: 1 } })
  return item.id
}

const versionOf = async (id: string) => (await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { version: true } })).version

/** A hand-over as the form posts it: the receiver typed. */
const handOver = (evidenceId: string, version: number, toUser: string) => ({ evidenceId, version, toUserId: undefined, toUser, place: 'Station', purpose: 'Hand-over', sealIntact: true, notes: undefined })

/** The field errors of a refused command (none when it succeeded). */
async function fieldErrorsOf(promise: Promise<unknown>): Promise<Record<string, string[]> | 'OK'> {
  try {
    await promise
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION') return error.fieldErrors ?? {}
    throw error
  }
  return 'OK'
}

beforeAll(async () => {
  people.carter = await makeUser('carter', 'Luke Carter', 'OFFICER')
  people.evans = await makeUser('evans', 'Maria Evans', 'EVIDENCE_TECH')
  people.daniels1 = await makeUser('daniels1', 'Sam Daniels', 'OFFICER')
  people.daniels2 = await makeUser('daniels2', 'Sam Daniels', 'DETECTIVE')
  people.ruiz = await makeUser('ruiz', 'Elena Ruiz', 'SUPERVISOR')
  people.former = await makeUser('former', 'Fred Former', 'OFFICER', false)
  // 120 officers who sort before her: the old list (the first 100 by name) never reached Zoe Zimmer.
  await db.user.createMany({ data: Array.from({ length: 120 }, (_, i) => ({ email: `officer${i}@pickers.test`, name: `Officer ${String(i).padStart(3, '0')}`, role: 'OFFICER' as const, passwordHash: 'x' })) })
  people.zimmer = await makeUser('zimmer', 'Zoe Zimmer', 'OFFICER')
})

describe('hand-over: the receiver typed', () => {
  it('resolves a name, an e-mail (any case) or the suggested "Name (e-mail)", beyond the first 100 people; the custody event and the page name the receiver', async () => {
    for (const typed of ['Zoe Zimmer', 'ZIMMER@pickers.test', 'Zoe Zimmer (zimmer@pickers.test)', '  zoe   zimmer ']) {
      const id = await collectItem(people.carter)
      const result = await transferEvidence(people.carter, handOver(id, await versionOf(id), typed))
      expect(result.receiverName, typed).toBe('Zoe Zimmer')
      const event = await db.custodyEvent.findFirstOrThrow({ where: { evidenceItemId: id, sequence: 2 }, select: { action: true, fromUserId: true, toUserId: true } })
      expect(event, typed).toEqual({ action: 'TRANSFERRED', fromUserId: people.carter.id, toUserId: people.zimmer.id })
      expect(await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { status: true, pendingReceiverId: true } })).toEqual({ status: 'IN_TRANSIT', pendingReceiverId: people.zimmer.id })
      const page = await getEvidenceItem(people.carter, id)
      expect(page!.events.at(-1)).toMatchObject({ action: 'TRANSFERRED', fromName: 'Luke Carter', toName: 'Zoe Zimmer' })
      expect(await verifyItemChain(id)).toMatchObject({ ok: true, count: 2 })
    }
    // Of two people with one name, the e-mail picks one.
    const id = await collectItem(people.carter)
    await transferEvidence(people.carter, handOver(id, await versionOf(id), 'Sam Daniels (daniels2@pickers.test)'))
    expect((await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { pendingReceiverId: true } })).pendingReceiverId).toBe(people.daniels2.id)
  })

  it('an ambiguous name, someone who cannot hold evidence, an inactive or unknown person, the holder or oneself: an error on the toUser field, and nothing written', async () => {
    const id = await collectItem(people.carter)
    const v = await versionOf(id)
    const cases: Array<[Actor, string, RegExp]> = [
      [people.carter, 'Sam Daniels', /^Several people are called “Sam Daniels”: Sam Daniels \(daniels1@pickers\.test\); Sam Daniels \(daniels2@pickers\.test\)\. Enter the e-mail address\.$/],
      [people.carter, 'Elena Ruiz', /^Elena Ruiz cannot receive evidence\. Choose an active officer, detective or evidence technician\.$/],
      [people.carter, 'ruiz@pickers.test', /^Elena Ruiz cannot receive evidence\./],
      [people.carter, 'Fred Former', /^No active person who may hold evidence has the name or e-mail “Fred Former”\.$/],
      [people.carter, 'Nobody Atall', /^No active person who may hold evidence has the name or e-mail “Nobody Atall”\.$/],
      [people.carter, 'Luke Carter', /^You already hold this item\./],
      // An evidence technician may move Carter's item, but not to Carter (he holds it) nor to herself.
      [people.evans, 'carter@pickers.test', /^This person already holds the item\.$/],
      [people.evans, 'Maria Evans', /^You cannot hand an item over to yourself\./],
    ]
    for (const [actor, typed, message] of cases) {
      const errors = await fieldErrorsOf(transferEvidence(actor, handOver(id, v, typed)))
      expect(errors, typed).not.toBe('OK')
      expect(Object.keys(errors), typed).toEqual(['toUser'])
      expect((errors as Record<string, string[]>).toUser, typed).toEqual([expect.stringMatching(message)])
    }
    // The id (from code) of someone who cannot hold evidence is refused on the same field.
    expect(await fieldErrorsOf(transferEvidence(people.carter, { ...handOver(id, v, ''), toUser: undefined, toUserId: people.ruiz.id }))).toEqual({ toUser: ['Choose an active officer, detective or evidence technician.'] })
    expect(await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { headSequence: true, status: true, pendingReceiverId: true, version: true } })).toEqual({ headSequence: 1, status: 'IN_CUSTODY', pendingReceiverId: null, version: v })
    expect(await db.custodyEvent.count({ where: { evidenceItemId: id } })).toBe(1)
    expect(await db.auditEvent.count({ where: { entityId: id, action: 'evidence.transferred' } })).toBe(0)
  })

  it('the form must name a receiver: the problem is on the toUser field, in the same round as the others', async () => {
    const empty = TransferEvidenceSchema.safeParse({ evidenceId: crypto.randomUUID(), version: '1', toUser: '  ', place: '', purpose: 'x', sealIntact: 'yes' })
    expect(empty.success).toBe(false)
    const paths = empty.error!.issues.map((i) => i.path.join('.'))
    expect(paths).toContain('toUser')
    expect(paths).toContain('place')
    const typed = TransferEvidenceSchema.parse({ evidenceId: crypto.randomUUID(), version: '1', toUser: ' Zoe Zimmer ', place: 'Station', purpose: 'x', sealIntact: 'yes' })
    expect([typed.toUser, typed.toUserId]).toEqual(['Zoe Zimmer', undefined])
  })
})

describe('evidence list: the custodian filter typed', () => {
  it('finds the items a person typed by name, e-mail or label holds (or an id from an old link), and shows them as "Name (e-mail)"', async () => {
    const zoes = await collectItem(people.carter, 'Zoe’s item')
    await transferEvidence(people.carter, handOver(zoes, await versionOf(zoes), 'Zoe Zimmer'))
    await confirmReceipt(people.zimmer, { evidenceId: zoes, version: await versionOf(zoes), place: 'Station', sealIntact: true, notes: undefined })
    const carters = await collectItem(people.carter, 'Carter’s item')
    for (const typed of ['Zoe Zimmer', 'zimmer@pickers.test', 'Zoe Zimmer (zimmer@pickers.test)', people.zimmer.id]) {
      const list = await listEvidence(people.evans, ListEvidenceSchema.parse({ custodian: typed }))
      expect(list.rows.map((r) => r.id), typed).toEqual([zoes])
      expect(list.custodian, typed).toEqual({ ids: [people.zimmer.id], label: 'Zoe Zimmer (zimmer@pickers.test)', problem: null })
    }
    expect((await listEvidence(people.evans, ListEvidenceSchema.parse({ custodian: 'Luke Carter' }))).rows.map((r) => r.id)).toContain(carters)
    expect((await listEvidence(people.evans, ListEvidenceSchema.parse({ custodian: '' }))).custodian).toBeNull()
  })

  it('a name several people share, or part of one, lists the items of each; a name nobody has lists nothing and says why', async () => {
    const samsItem = await collectItem(people.daniels1)
    const shared = await listEvidence(people.evans, ListEvidenceSchema.parse({ custodian: 'Sam Daniels' }))
    expect(shared).toMatchObject({ total: 1, custodian: { ids: expect.arrayContaining([people.daniels1.id, people.daniels2.id]), label: 'Sam Daniels', problem: null } })
    expect(shared.rows.map((r) => r.id)).toEqual([samsItem])
    const zoes = await listEvidence(people.evans, ListEvidenceSchema.parse({ custodian: 'zoe' }))
    expect(zoes.custodian).toMatchObject({ ids: [people.zimmer.id], label: 'zoe', problem: null })
    expect(zoes.rows.length).toBeGreaterThan(0)
    const nobody = await listEvidence(people.evans, ListEvidenceSchema.parse({ custodian: 'Nobody Atall' }))
    expect(nobody).toMatchObject({ rows: [], total: 0, custodian: { ids: [], problem: 'No active person who may hold evidence has the name or e-mail “Nobody Atall”.' } })
    const gone = await listEvidence(people.evans, ListEvidenceSchema.parse({ custodian: crypto.randomUUID() }))
    expect(gone).toMatchObject({ rows: [], custodian: { ids: [], problem: expect.stringMatching(/no longer known/) } })
    // The e-mail settles it.
    expect((await listEvidence(people.evans, ListEvidenceSchema.parse({ custodian: 'daniels1@pickers.test' }))).total).toBe(1)
  })
})

describe('evidence list: keyset pages', () => {
  it('walks every item of a custodian newest first and back, reaches the oldest end, and jumps to a day', async () => {
    const keeper = await db.user.create({ data: { email: 'keeper@pickers.test', name: 'Kay Keeper', role: 'OFFICER', passwordHash: 'x' }, select: { id: true, email: true, name: true, role: true } })
    const actor: Actor = { ...keeper, handlerId: null, sessionId: null, ip: null, userAgent: null }
    const made: string[] = []
    for (let i = 0; i < 30; i++) made.push(await collectItem(actor, `Keyset item ${i}`))
    // One a day from 1 January 2025; the last two at the same instant (the id breaks the tie).
    for (const [i, id] of made.entries()) await db.evidenceItem.update({ where: { id }, data: { collectedAt: new Date(Date.UTC(2025, 0, 1 + Math.min(i, 28), 12)) } })
    const all = (await db.evidenceItem.findMany({ where: { id: { in: made } }, orderBy: [{ collectedAt: 'desc' }, { id: 'desc' }], select: { id: true } })).map((r) => r.id)
    const list = (extra: Record<string, string> = {}) => listEvidence(people.evans, ListEvidenceSchema.parse({ custodian: 'keeper@pickers.test', ...extra }))
    const ids = (page: { rows: Array<{ id: string }> }) => page.rows.map((r) => r.id)

    const first = await list()
    expect(first).toMatchObject({ total: 30, more: false, atNewest: true, atOldest: false, newer: null })
    const second = await list({ after: first.older! })
    expect([...ids(first), ...ids(second)]).toEqual(all)
    expect(second).toMatchObject({ atOldest: true, older: null })
    expect(ids(await list({ before: second.newer! }))).toEqual(ids(first))
    expect(ids(await list({ end: '1' }))).toEqual(all.slice(-25))
    const jumped = await list({ jump: '2025-01-10' })
    expect(jumped.rows[0]?.collectedAt.toISOString()).toBe('2025-01-10T12:00:00.000Z')
    expect(jumped.newer).not.toBeNull()
    expect(await list({ jump: '2024-06-01' })).toMatchObject({ rows: [], atNewest: false })
  })
})

describe('evidence list: a search pages through every match', () => {
  it('walks all 1,030 items a word or a number matches, newest first and back, with filters, the oldest end and a jump (not only the newest thousand)', async () => {
    const collector = people.evans
    // 1,030 matches, one an hour from 1 March 2024 (the last two at the same instant: the id breaks the tie), half of them weapons.
    const made = Array.from({ length: 1030 }, (_, i) => ({
      number: `EV-2031-${600000 + i}`, description: `Quillfeather casing ${i}`, category: i % 2 ? ('WEAPON' as const) : ('BALLISTIC' as const),
      collectedAt: new Date(Date.UTC(2024, 2, 1) + Math.min(i, 1028) * 3_600_000), collectedById: collector.id, collectedAtPlace: 'Range', currentCustodianId: collector.id,
    }))
    await db.evidenceItem.createMany({ data: made })
    // Neither an archived match nor a near miss is listed.
    await db.evidenceItem.createMany({ data: [{ ...made[0]!, number: 'EV-2031-700000', archivedAt: new Date() }, { ...made[0]!, number: 'EV-2030-600000', description: 'Feather casing' }] })
    const all = (await db.evidenceItem.findMany({ where: { number: { startsWith: 'EV-2031-6' } }, orderBy: [{ collectedAt: 'desc' }, { id: 'desc' }], select: { id: true, category: true } }))
    const list = (extra: Record<string, string>) => listEvidence(people.evans, ListEvidenceSchema.parse(extra))
    const ids = (page: { rows: Array<{ id: string }> }) => page.rows.map((r) => r.id)

    for (const q of ['quillfeather', '2031-6']) {
      const first = await list({ q })
      // The count stops at a thousand; the pages do not.
      expect(first, q).toMatchObject({ total: 1000, more: true, atNewest: true, newer: null })
      const walked = [...ids(first)]
      let page = first
      while (page.older) {
        page = await list({ q, after: page.older })
        walked.push(...ids(page))
      }
      expect(walked, q).toEqual(all.map((r) => r.id))
      expect(page, q).toMatchObject({ atOldest: true, older: null })
      // The last page holds 1,030 − 41 × 25 = 5; the one before it, the 25 above them.
      expect(ids(await list({ q, before: page.newer! })), q).toEqual(walked.slice(-30, -5))
      expect(ids(await list({ q, end: '1' })), q).toEqual(walked.slice(-25))
    }
    // A jump: the newest match collected up to the end of that day, with the newer ones above it.
    const jumped = await list({ q: 'quillfeather', jump: '2024-03-10' })
    expect(jumped.rows[0]?.collectedAt.toISOString()).toBe('2024-03-10T23:00:00.000Z')
    expect(jumped.newer).not.toBeNull()
    expect(await list({ q: 'quillfeather', jump: '2024-01-01' })).toMatchObject({ rows: [], atNewest: false })
    // Filters narrow the search, and a count under the cap is exact.
    const weapons = await list({ q: 'quillfeather', category: 'WEAPON' })
    expect(weapons).toMatchObject({ total: 515, more: false })
    expect(ids(weapons)).toEqual(all.filter((r) => r.category === 'WEAPON').slice(0, 25).map((r) => r.id))
    expect(await list({ q: 'quillfeather', status: 'DISPOSED' })).toMatchObject({ rows: [], total: 0 })
    expect(await list({ q: 'quillfeather', custodian: 'carter@pickers.test' })).toMatchObject({ rows: [], total: 0 })
    const shelf = await db.storageLocation.create({ data: { code: 'QF-1', room: 'Room Q' }, select: { id: true } })
    await db.evidenceItem.updateMany({ where: { id: { in: [all[3]!.id, all[700]!.id] } }, data: { storageLocationId: shelf.id, status: 'AT_LAB' } })
    expect(ids(await list({ q: '2031-6', location: 'QF-1' }))).toEqual([all[3]!.id, all[700]!.id])
    expect(ids(await list({ q: 'quillfeather', status: 'AT_LAB' }))).toEqual([all[3]!.id, all[700]!.id])
    // Without a search too (the location read by its code first), and a code that names no location lists nothing.
    expect(await list({ location: 'QF-1' })).toMatchObject({ unknownLocation: false })
    expect(ids(await list({ location: 'QF-1' }))).toEqual([all[3]!.id, all[700]!.id])
    // The page says the code names no location (unknownLocation), not only "no item matches".
    expect(await list({ location: 'QF-404' })).toMatchObject({ rows: [], total: 0, unknownLocation: true })
    expect(await list({ q: 'quillfeather', location: 'QF-404' })).toMatchObject({ rows: [], total: 0, unknownLocation: true })
    expect(await list({ q: 'quillfeather', location: 'QF-1' })).toMatchObject({ unknownLocation: false })
    // The storage-location tests below count this file's locations: leave none behind.
    await db.evidenceItem.updateMany({ where: { storageLocationId: shelf.id }, data: { storageLocationId: null } })
    await db.storageLocation.delete({ where: { id: shelf.id } })
  })
})

describe('storage locations', () => {
  beforeAll(async () => {
    // 130 active locations in two rooms, codes out of room order, and two retired ones.
    await db.storageLocation.createMany({
      data: [
        ...Array.from({ length: 130 }, (_, i) => ({ code: `LOC-${String(i).padStart(3, '0')}`, room: i % 2 ? 'Room B' : 'Room A' })),
        { code: 'LOC-900', room: 'Room A', active: false },
        { code: 'LOC-901', room: 'Room C', active: false },
      ],
    })
  })

  it('the store and check-in forms offer every active location (not the first 100), grouped by room, by code; one beyond the 100th can be chosen', async () => {
    const id = await collectItem(people.evans)
    const page = await getEvidenceItem(people.evans, id)
    expect(page!.moves).toContain('store')
    const active = await db.storageLocation.findMany({ where: { active: true }, orderBy: { code: 'asc' }, select: { id: true, code: true, room: true } })
    expect(active.length).toBeGreaterThan(100)
    expect(page!.locations.map((g) => g.room)).toEqual(['Room A', 'Room B'])
    const offered = page!.locations.flatMap((g) => g.locations.map((l) => ({ id: l.id, code: l.code, room: g.room })))
    expect(offered).toHaveLength(active.length)
    expect(new Set(offered.map((l) => l.id))).toEqual(new Set(active.map((l) => l.id)))
    for (const g of page!.locations) {
      expect(g.locations.every((l) => l.room === g.room)).toBe(true)
      expect(g.locations.map((l) => l.code)).toEqual([...g.locations.map((l) => l.code)].sort())
    }
    expect(offered.map((l) => l.code)).not.toContain('LOC-900')

    const last = active.at(-1)!
    expect(active.findIndex((l) => l.id === last.id)).toBeGreaterThanOrEqual(100)
    await storeEvidence(people.evans, { evidenceId: id, version: await versionOf(id), locationId: last.id, sealIntact: true, notes: undefined })
    expect((await db.evidenceItem.findUniqueOrThrow({ where: { id }, select: { storageLocationId: true } })).storageLocationId).toBe(last.id)
    // Someone who may not store gets no list at all.
    expect((await getEvidenceItem(people.carter, await collectItem(people.carter)))!.locations).toEqual([])
  })

  it('the storage-locations page shows 50 a page with the total: every location once, active first, by code', async () => {
    const total = await db.storageLocation.count()
    const pageCount = Math.ceil(total / LOCATIONS_PAGE_SIZE)
    expect(LOCATIONS_PAGE_SIZE).toBe(50)
    expect(pageCount).toBeGreaterThanOrEqual(3)
    const seen: string[] = []
    for (let p = 1; p <= pageCount; p++) {
      const listed = await listStorageLocations(people.evans, 'https://k9.example', { page: p })
      expect(listed).toMatchObject({ total, page: p, pageCount })
      expect(listed!.rows).toHaveLength(p < pageCount ? 50 : total - 50 * (pageCount - 1))
      expect(listed!.rows[0]).toMatchObject({ qrDataUrl: expect.stringMatching(/^data:image\/svg\+xml;base64,/), barcode: expect.objectContaining({ text: listed!.rows[0]!.code }) })
      seen.push(...listed!.rows.map((r) => r.code))
    }
    const expected = await db.storageLocation.findMany({ orderBy: [{ active: 'desc' }, { code: 'asc' }], select: { code: true } })
    expect(seen).toEqual(expected.map((l) => l.code))
    expect(seen.slice(-2)).toEqual(['LOC-900', 'LOC-901'])
    // A page past the end serves the last one.
    expect((await listStorageLocations(people.evans, 'https://k9.example', { page: 999 }))!.page).toBe(pageCount)
    expect(await listStorageLocations(people.carter, 'https://k9.example', { page: 1 })).toBeNull()
  })
})

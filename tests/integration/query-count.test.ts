import pg from 'pg'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { ListIncidentsSchema } from '@/lib/schemas/incidents'
import { getDogProfile } from '@/lib/server/dogs/queries'
import { listIncidents } from '@/lib/server/incidents/queries'
import { getInvestigation, getTimeline } from '@/lib/server/investigations/queries'

/**
 * Issue 10: the number of queries a page's data loader makes does not grow
 * with the rows it shows (no N+1). Every statement the app sends goes through
 * node-postgres (the Prisma adapter and $queryRaw alike), so counting calls
 * of pg.Client#query counts them; each loader runs once on a small and once
 * on a large set of rows, and both counts must be equal.
 */

let statements = 0
const original = pg.Client.prototype.query
beforeEach(() => {
  statements = 0
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text
    if (text && !/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|DEALLOCATE)/i.test(text)) statements++
    return (original as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof original
})
afterEach(() => {
  pg.Client.prototype.query = original
})

async function count<T>(run: () => Promise<T>): Promise<{ n: number; result: T }> {
  statements = 0
  const result = await run()
  return { n: statements, result }
}

let supervisor: Actor
let officerUser: string
let few: { dog: string; investigation: string }
let many: { dog: string; investigation: string }

async function makeDog(k9: string, handlerId: string): Promise<string> {
  const dog = await db.dog.create({ data: { k9Number: k9, name: `Dog ${k9}`, breed: 'Belgian Malinois', sex: 'MALE', dateOfBirth: new Date('2020-01-01') }, select: { id: true } })
  await db.handlerAssignment.create({ data: { dogId: dog.id, handlerId, startedAt: new Date('2022-01-01'), openDogId: dog.id } })
  await db.certification.create({ data: { dogId: dog.id, kind: 'Patrol', issuer: 'Academy', issuedAt: new Date('2025-01-01'), expiresAt: new Date('2027-01-01') } })
  return dog.id
}

/** n incidents, each with one deployment of the dog (the last few with an exposure), from newest to oldest. */
async function makeIncidents(prefix: string, n: number, dogId: string, handlerId: string): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const at = new Date(Date.UTC(2026, 0, 1) - i * 3_600_000)
    const inc = await db.incident.create({
      data: {
        number: `${prefix}-${String(i).padStart(6, '0')}`,
        type: i % 2 ? 'BURGLARY' : 'PURSUIT',
        occurredAt: at,
        locationText: `${i} Station Street`,
        narrative: `Call-out ${i}`,
        reportingOfficerId: officerUser,
        deployments: { create: { dogId, handlerId, task: 'TRACK', outcome: 'FOUND', deployedAt: at, loggedById: officerUser, exposures: i % 3 ? [] : ['FALL'] } },
        officers: { create: { handlerId, role: 'Dog handler' } },
      },
      select: { id: true },
    })
    ids.push(inc.id)
  }
  return ids
}

async function makeInvestigation(number: string, incidentIds: string[], dogId: string): Promise<string> {
  const inv = await db.investigation.create({ data: { number, title: `Case ${number}`, summary: 'Test', leadId: supervisor.id }, select: { id: true } })
  await db.investigationLink.createMany({
    data: [
      ...incidentIds.map((incidentId) => ({ investigationId: inv.id, targetType: 'INCIDENT' as const, relation: 'RELATED' as const, incidentId, createdById: supervisor.id })),
      { investigationId: inv.id, targetType: 'DOG' as const, relation: 'SUBJECT' as const, dogId, createdById: supervisor.id },
    ],
  })
  return inv.id
}

beforeAll(async () => {
  const s = await db.user.create({ data: { email: 'sup@count.test', name: 'Sgt. Count', role: 'SUPERVISOR', passwordHash: 'x' }, select: { id: true, email: true, name: true, role: true } })
  supervisor = { ...s, handlerId: null, sessionId: null, ip: null, userAgent: null }
  const o = await db.user.create({ data: { email: 'off@count.test', name: 'Officer Count', role: 'OFFICER', passwordHash: 'x' }, select: { id: true } })
  officerUser = o.id
  const h = await db.handler.create({ data: { badgeNumber: 'C-1', firstName: 'Cal', lastName: 'Count', rank: 'Officer', unit: 'K-9', userId: o.id }, select: { id: true } })
  const h2 = await db.handler.create({ data: { badgeNumber: 'C-2', firstName: 'Dee', lastName: 'Count', rank: 'Officer', unit: 'K-9' }, select: { id: true } })
  const dogFew = await makeDog('C-001', h.id)
  const dogMany = await makeDog('C-002', h2.id)
  const fewIncidents = await makeIncidents('F', 2, dogFew, h.id)
  const manyIncidents = await makeIncidents('M', 40, dogMany, h2.id)
  few = { dog: dogFew, investigation: await makeInvestigation('INV-T-1', fewIncidents, dogFew) }
  many = { dog: dogMany, investigation: await makeInvestigation('INV-T-2', manyIncidents, dogMany) }
}, 120_000)

describe('queries per page do not grow with the rows shown', () => {
  it('incident list: the same number of queries for 2 rows as for a full page of 25, and on a deep page', async () => {
    const small = await count(() => listIncidents(supervisor, ListIncidentsSchema.parse({ dog: few.dog })))
    const large = await count(() => listIncidents(supervisor, ListIncidentsSchema.parse({ dog: many.dog })))
    expect(small.result.rows).toHaveLength(2)
    expect(large.result.rows).toHaveLength(25)
    expect(large.result.rows.every((r) => r.deployments.length === 1)).toBe(true)
    expect(large.n).toBe(small.n)
    const next = await count(() => listIncidents(supervisor, ListIncidentsSchema.parse({ dog: many.dog, after: large.result.next })))
    expect(next.result.rows).toHaveLength(15)
    expect(next.n).toBe(small.n)
    // ids, rows, their deployments and dogs, the estimate (EXPLAIN) and the bounded exact count.
    expect(small.n).toBeGreaterThanOrEqual(4)
    expect(small.n).toBeLessThanOrEqual(7)
  })

  it('dog profile: the same number of queries with 2 deployments as with 40', async () => {
    const small = await count(() => getDogProfile(supervisor, few.dog))
    const large = await count(() => getDogProfile(supervisor, many.dog))
    expect(small.result).not.toBeNull()
    expect(large.n).toBe(small.n)
  })

  it('investigation page and timeline: the same number of queries with 3 links as with 41', async () => {
    const small = await count(() => Promise.all([getInvestigation(supervisor, few.investigation), getTimeline(supervisor, few.investigation)]))
    const large = await count(() => Promise.all([getInvestigation(supervisor, many.investigation), getTimeline(supervisor, many.investigation)]))
    expect(small.result[1]).not.toBeNull()
    expect(large.n).toBe(small.n)
  })

  it('investigation page: the links window loads 10 of each type with every count and reference, and costs no more with 41 links than with 3', async () => {
    await db.caseNote.create({ data: { investigationId: many.investigation, body: 'See M-39.', authorId: supervisor.id } })
    await db.caseNote.create({ data: { investigationId: few.investigation, body: 'See F-1.', authorId: supervisor.id } })
    const whole = (await getInvestigation(supervisor, many.investigation))!
    const window = { perType: 10, expand: null }
    const small = await count(() => getInvestigation(supervisor, few.investigation, { links: window }))
    const large = await count(() => getInvestigation(supervisor, many.investigation, { links: window }))
    const shown = large.result!
    expect(shown.linkCounts).toEqual({ INCIDENT: 40, DOG: 1 })
    expect(shown.activeLinks.filter((l) => l.targetType === 'INCIDENT').map((l) => l.id)).toEqual(whole.activeLinks.filter((l) => l.targetType === 'INCIDENT').slice(0, 10).map((l) => l.id))
    expect(shown.activeLinks.filter((l) => l.targetType === 'DOG')).toHaveLength(1)
    // A note may name a record outside the window: every reference still links.
    expect([...shown.references].sort((a, b) => a.token.localeCompare(b.token))).toEqual([...whole.references].sort((a, b) => a.token.localeCompare(b.token)))
    expect(shown.references).toHaveLength(41)
    expect(large.n).toBe(small.n)
    const expanded = (await getInvestigation(supervisor, many.investigation, { links: { perType: 10, expand: 'INCIDENT' } }))!
    expect(expanded.activeLinks.filter((l) => l.targetType === 'INCIDENT')).toHaveLength(40)
  })

  it('investigation page: a slice of the timeline costs no more queries than a short case, and is exactly that slice of the whole timeline', async () => {
    const whole = (await getTimeline(supervisor, many.investigation))!
    const size = 20
    expect(whole.events.length).toBeGreaterThan(2 * size)
    const small = await count(() => getTimeline(supervisor, few.investigation, { window: { start: null } }))
    // The investigation with its links, Day 0, every event's id and time in one statement, then the records shown in one
    // statement, whatever their kinds: here the incidents and the case note added above (one query per kind shown sent 5;
    // before that, 7: a query per kind for the ids and times).
    expect(small.n).toBe(4)
    for (const start of [0, size, whole.events.length - size]) {
      const slice = await count(() => getTimeline(supervisor, many.investigation, { window: { start }, windowSize: size }))
      expect(slice.result!.events.map((e) => e.key)).toEqual(whole.events.slice(start, start + size).map((e) => e.key))
      expect(slice.result!.events).toEqual(whole.events.slice(start, start + size))
      expect(slice.result!.window).toEqual({ start, end: start + size, total: whole.events.length })
      expect(slice.n).toBeLessThanOrEqual(small.n)
    }
  })
})

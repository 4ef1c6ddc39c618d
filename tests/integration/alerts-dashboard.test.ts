import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { seed } from '@/prisma/seed'
import type { Actor } from '@/lib/server/actor'
import { runSweep } from '@/lib/server/alerts/sweep'
import { getDashboard, officerIncidents, OFFICER_INCIDENTS_SHOWN } from '@/lib/server/dashboard/queries'
import { countUnresolvedAlerts, listUnresolvedAlerts } from '@/lib/server/alerts/queries'
import { db } from '@/lib/server/db'
import type { Prisma } from '@/lib/generated/prisma/client'

/**
 * The seeded welfare story on the dashboards (issue 8, 5): Thor's live
 * overdue vet check stands out for his handler and the supervisor, Rex's
 * Day -14 check is resolved by the Day 0 admission, and each role sees only
 * its own lists.
 */

const actors: Record<string, Actor> = {}

async function actorFor(email: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, handler: { select: { id: true } } } })
  return { id: u.id, email: u.email, name: u.name, role: u.role, handlerId: u.handler?.id ?? null, sessionId: null, ip: null, userAgent: null }
}

beforeAll(async () => {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('integration-setup did not set DATABASE_URL')
  await seed(url, { blobDir: process.env.BLOB_DIR ?? mkdtempSync(path.join(tmpdir(), 'k9-dash-blobs-')), log: () => {} })
  for (const key of ['carter', 'daniels', 'hayes', 'evans', 'morgan', 'ruiz', 'admin']) actors[key] = await actorFor(`${key}@k9.test`)
  await runSweep()
}, 120_000)

describe('dashboards on the reference case', () => {
  it('the supervisor sees Thor’s vet check open and overdue, and Thor’s fitness unconfirmed', async () => {
    const d = await getDashboard(actors.ruiz!)
    if (d?.role !== 'SUPERVISOR') throw new Error('expected the supervisor dashboard')
    const thor = d.alerts.find((a) => a.dog?.name === 'Thor' && a.kind === 'VET_CHECK_DUE')
    expect(thor?.isOverdue).toBe(true)
    expect(thor?.status).toBe('OPEN')
    expect(d.counts.overdue).toBeGreaterThanOrEqual(1)
    expect(d.dogs.find((x) => x.name === 'Thor')?.fitnessUnconfirmed).toBe(true)
    // The dashboard names only the dogs needing attention: Bella (fit, nothing open) is not among them.
    expect(d.dogs.some((x) => x.name === 'Bella')).toBe(false)
    // Rex's Day -14 check is no longer open: the Day 0 admission resolved it, two weeks late.
    expect(d.alerts.some((a) => a.dog?.name === 'Rex' && a.kind === 'VET_CHECK_DUE')).toBe(false)
    const rex = await db.alert.findFirstOrThrow({ where: { kind: 'VET_CHECK_DUE', dog: { name: 'Rex' } }, select: { status: true, dueAt: true, resolvedAt: true, overdueAt: true } })
    expect(rex.status).toBe('RESOLVED')
    expect(rex.overdueAt).not.toBeNull()
    expect((rex.resolvedAt!.getTime() - rex.dueAt.getTime()) / 86_400_000).toBeGreaterThan(9)
  })

  it('Thor’s handler sees the overdue check on his dog; Rex’s handler does not see Thor’s', async () => {
    const daniels = await getDashboard(actors.daniels!)
    if (daniels?.role !== 'OFFICER') throw new Error('expected an officer dashboard')
    expect(daniels.dogs.map((x) => x.name)).toEqual(['Thor'])
    expect(daniels.dogs[0]!.fitnessUnconfirmed).toBe(true)
    expect(daniels.alerts.some((a) => a.dog?.name === 'Thor' && a.isOverdue)).toBe(true)
    expect(daniels.incidents.some((i) => i.locationText === 'Route 9 overpass')).toBe(true)

    const carter = await getDashboard(actors.carter!)
    if (carter?.role !== 'OFFICER') throw new Error('expected an officer dashboard')
    expect(carter.dogs.map((x) => x.name)).toContain('Rex')
    expect(carter.alerts.some((a) => a.dog?.name === 'Thor')).toBe(false)
  })

  it('the vet sees recent admissions and the open vet checks; the detective their investigation and the new lab result', async () => {
    const vet = await getDashboard(actors.hayes!)
    if (vet?.role !== 'VETERINARIAN') throw new Error('expected the vet dashboard')
    expect(vet.admissions.some((r) => r.dog.name === 'Rex')).toBe(true)
    expect(vet.vetChecks.some((a) => a.dog?.name === 'Thor')).toBe(true)

    const det = await getDashboard(actors.morgan!)
    if (det?.role !== 'DETECTIVE') throw new Error('expected the detective dashboard')
    expect(det.investigations.map((i) => i.title)).toContain('Who shot Rex?')
    expect(det.labResults.some((r) => r.conclusion.includes('9 mm'))).toBe(true)
  })

  it('the evidence technician gets the evidence room lists; the administrator has no dashboard', async () => {
    const tech = await getDashboard(actors.evans!)
    expect(tech?.role).toBe('EVIDENCE_TECH')
    expect(await getDashboard(actors.admin!)).toBeNull()
  })
})

describe('the supervisor’s dogs and certifications read what is stored (one statement, against the Prisma reads it replaced)', () => {
  const DAY = 86_400_000
  it('names the same dogs in the same order, counts the same, and lists the same expiring certifications, with many of each', async () => {
    // 18 dogs with an open or acknowledged vet check (more than the 15 shown), 20 unfit or not active of every status, and
    // dogs that must not show: archived, retired, deceased, a resolved check. 40 certifications around the 30-day line.
    const handler = await db.handler.findFirstOrThrow({ select: { id: true } })
    const statuses = ['ACTIVE', 'RESTRICTED', 'UNFIT', 'RETIRED', 'DECEASED'] as const
    const made = await db.dog.createManyAndReturn({
      data: Array.from({ length: 50 }, (_, i) => ({
        k9Number: `K9-SD${i}`,
        // Names that tie across statuses and sort differently by name and by id.
        name: `Oracle ${String.fromCharCode(90 - (i % 26))}${i % 3}`,
        breed: 'Beagle',
        sex: 'FEMALE' as const,
        dateOfBirth: new Date('2021-05-05'),
        status: i < 18 ? (i % 4 === 0 ? 'RESTRICTED' : 'ACTIVE') : statuses[i % 5]!,
        fitForDuty: i % 2 === 0,
        archivedAt: i === 49 ? new Date() : null,
      })),
      select: { id: true, status: true },
    })
    await db.alert.createMany({
      data: made.flatMap((d, i) =>
        i < 18 || i === 48
          ? [{ kind: 'VET_CHECK_DUE' as const, status: i === 48 ? ('RESOLVED' as const) : i % 2 ? ('ACKNOWLEDGED' as const) : ('OPEN' as const), dedupeKey: `oracle-${i}`, dogId: d.id, title: 'Vet check due', raisedAt: new Date(), dueAt: new Date() }]
          : [],
      ),
    })
    await db.handlerAssignment.createMany({ data: made.slice(0, 10).map((d) => ({ dogId: d.id, handlerId: handler.id, startedAt: new Date('2024-01-01'), openDogId: d.id })) })
    const now = Date.now()
    await db.certification.createMany({
      // Two on each of the first 20 dogs, and one on a retired dog (18) and a deceased one (19), which must not show.
      data: [...made.slice(0, 20), ...made.slice(0, 20)].map((d, i) => ({
        dogId: d.id,
        kind: `Oracle ${i % 3}`,
        issuer: 'State board',
        issuedAt: new Date('2024-01-01'),
        expiresAt: new Date(new Date(now + (i - 5) * DAY).toISOString().slice(0, 10)),
        archivedAt: i === 3 ? new Date() : null,
      })),
    })

    // Among the most urgent alerts: a certification's (overdue), and an acknowledged vet check on a deployment.
    const cert = await db.certification.findFirstOrThrow({ where: { dogId: made[0]!.id }, select: { id: true } })
    const deployment = await db.deployment.findFirstOrThrow({ select: { id: true, dogId: true } })
    await db.alert.createMany({
      data: [
        { kind: 'CERTIFICATION_EXPIRING', dedupeKey: 'oracle-cert', dogId: made[0]!.id, certificationId: cert.id, title: 'Certification expiring', raisedAt: new Date(now - 40 * DAY), dueAt: new Date(now - 30 * DAY) },
        { kind: 'VET_CHECK_DUE', status: 'ACKNOWLEDGED', dedupeKey: 'oracle-ack', dogId: deployment.dogId, deploymentId: deployment.id, title: 'Vet check due', raisedAt: new Date(now - 40 * DAY), dueAt: new Date(now - 29 * DAY), acknowledgedAt: new Date(now - 35 * DAY), acknowledgedById: actors.ruiz!.id },
      ],
    })

    const d = await getDashboard(actors.ruiz!)
    if (d?.role !== 'SUPERVISOR') throw new Error('expected the supervisor dashboard')

    // The Prisma reads the dashboard made before (lib/server/dashboard/queries.ts, session 10).
    const inService = { archivedAt: null, status: { notIn: ['RETIRED', 'DECEASED'] } } satisfies Prisma.DogWhereInput
    const unconfirmed = { alerts: { some: { kind: 'VET_CHECK_DUE', status: { in: ['OPEN', 'ACKNOWLEDGED'] } } } } satisfies Prisma.DogWhereInput
    const select = { id: true, name: true, k9Number: true, status: true, fitForDuty: true, assignments: { where: { endedAt: null }, take: 1, select: { handler: { select: { firstName: true, lastName: true } } } } } satisfies Prisma.DogSelect
    const asDog = ({ assignments, ...x }: Prisma.DogGetPayload<{ select: typeof select }>, fitnessUnconfirmed: boolean) => ({ ...x, handler: assignments[0] ? `${assignments[0].handler.firstName} ${assignments[0].handler.lastName}` : null, fitnessUnconfirmed })
    const [unconfirmedDogs, unfitDogs, byStatus, unconfirmedCount, certifications] = await Promise.all([
      db.dog.findMany({ where: { ...inService, ...unconfirmed }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 15, select }),
      db.dog.findMany({ where: { ...inService, NOT: unconfirmed, OR: [{ fitForDuty: false }, { status: { not: 'ACTIVE' } }] }, orderBy: [{ status: 'asc' }, { name: 'asc' }, { id: 'asc' }], take: 15, select }),
      db.dog.groupBy({ by: ['status'], where: { archivedAt: null }, _count: { _all: true } }),
      db.dog.count({ where: { ...inService, ...unconfirmed } }),
      db.certification.findMany({
        where: { archivedAt: null, expiresAt: { lte: new Date(now + 30 * DAY) }, dog: inService },
        orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }],
        take: 20,
        select: { id: true, kind: true, issuer: true, expiresAt: true, dog: { select: { id: true, name: true, k9Number: true } } },
      }),
    ])
    expect(d.dogs).toEqual([...unconfirmedDogs.map((x) => asDog(x, true)), ...unfitDogs.map((x) => asDog(x, false))].slice(0, 15))
    expect(d.dogsByStatus).toEqual(Object.fromEntries(byStatus.map((g) => [g.status, g._count._all])))
    expect(d.fitnessUnconfirmed).toBe(unconfirmedCount)
    expect(d.certifications).toEqual(certifications.map((c) => ({ ...c, expired: c.expiresAt.getTime() < now })))
    // The alerts as the alerts' own reads give them (their scope, the 10 most urgent with their relations, the counts).
    expect(d.alerts).toEqual(await listUnresolvedAlerts(actors.ruiz!, {}, 10))
    expect(d.counts).toEqual(await countUnresolvedAlerts(actors.ruiz!))
    expect(d.alerts).toHaveLength(10)
    for (const part of ['dog', 'deployment', 'certification'] as const) expect(d.alerts.some((a) => a[part] !== null), part).toBe(true)
    expect(d.alerts.some((a) => a.acknowledgedBy !== null) && d.alerts.some((a) => a.isOverdue) && d.alerts.some((a) => !a.canAcknowledge)).toBe(true)

    // What was compared holds what it must: the 15 shown all unconfirmed (18 are), a handler named, every status counted.
    expect(unconfirmedCount).toBeGreaterThanOrEqual(18 + 1) // and Thor, and the acknowledged check's dog
    expect(d.dogs.every((x) => x.fitnessUnconfirmed)).toBe(true)
    expect(d.dogs.some((x) => x.handler !== null) && d.dogs.some((x) => x.handler === null)).toBe(true)
    expect(Object.keys(d.dogsByStatus).sort()).toEqual([...statuses].sort())
    expect(d.certifications).toHaveLength(20)
    expect(d.certifications.some((c) => c.expired) && d.certifications.some((c) => !c.expired)).toBe(true)
    expect(d.certifications.every((c) => c.expiresAt.getUTCHours() === 0)).toBe(true)

    // With fewer unconfirmed than shown, the unfit and not active follow, by status then name.
    await db.alert.updateMany({ where: { dedupeKey: { startsWith: 'oracle-' } }, data: { status: 'RESOLVED' } })
    const after = await getDashboard(actors.ruiz!)
    if (after?.role !== 'SUPERVISOR') throw new Error('expected the supervisor dashboard')
    const [unconfirmed2, unfit2] = await Promise.all([
      db.dog.findMany({ where: { ...inService, ...unconfirmed }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: 15, select }),
      db.dog.findMany({ where: { ...inService, NOT: unconfirmed, OR: [{ fitForDuty: false }, { status: { not: 'ACTIVE' } }] }, orderBy: [{ status: 'asc' }, { name: 'asc' }, { id: 'asc' }], take: 15, select }),
    ])
    expect(after.dogs).toEqual([...unconfirmed2.map((x) => asDog(x, true)), ...unfit2.map((x) => asDog(x, false))].slice(0, 15))
    const order = after.dogs.filter((x) => !x.fitnessUnconfirmed).map((x) => statuses.indexOf(x.status as (typeof statuses)[number]))
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(new Set(order).size).toBeGreaterThan(1)
    expect(after.fitnessUnconfirmed).toBe(1)
    expect(after.alerts).toEqual(await listUnresolvedAlerts(actors.ruiz!, {}, 10))
    expect(after.counts).toEqual(await countUnresolvedAlerts(actors.ruiz!))

    await db.certification.deleteMany({ where: { dogId: { in: made.map((x) => x.id) } } })
    await db.handlerAssignment.deleteMany({ where: { dogId: { in: made.map((x) => x.id) } } })
    await db.alert.deleteMany({ where: { dedupeKey: { startsWith: 'oracle-' } } })
    await db.dog.deleteMany({ where: { id: { in: made.map((x) => x.id) } } })
  })
})

describe('the officer’s latest incidents (one statement)', () => {
  /** The reading the statement replaced, as a Prisma filter: the oracle. */
  const oracle = (userId: string, handlerId: string | null) =>
    db.incident.findMany({
      where: { archivedAt: null, OR: [{ reportingOfficerId: userId }, ...(handlerId ? [{ officers: { some: { handlerId } } }, { deployments: { some: { handlerId } } }] : [])] },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: OFFICER_INCIDENTS_SHOWN,
      select: { id: true, number: true, type: true, occurredAt: true, locationText: true, status: true },
    })

  it('are the ten newest they reported, were an officer on or deployed a dog in, archived ones left out, for every person of the reference case and for a busy officer', async () => {
    // A busy officer: 6 incidents reported, 6 as an officer, 6 with a deployment (2 of them also reported), one archived, one closed.
    const user = await db.user.create({ data: { email: 'busy@dash.test', name: 'Busy Officer', role: 'OFFICER', passwordHash: 'x' }, select: { id: true } })
    const handler = await db.handler.create({ data: { badgeNumber: 'B-DASH-1', firstName: 'Busy', lastName: 'Officer', rank: 'Officer', unit: 'K-9', userId: user.id }, select: { id: true } })
    const dog = await db.dog.create({ data: { k9Number: 'K9-DASH-1', name: 'Dash', breed: 'Malinois', sex: 'MALE', dateOfBirth: new Date('2021-01-01') }, select: { id: true } })
    const someoneElse = actors.ruiz!.id
    const incident = (n: number, reportingOfficerId: string, extra: Partial<Prisma.IncidentUncheckedCreateInput> = {}) =>
      db.incident.create({ data: { number: `2030-DASH${String(n).padStart(2, '0')}`, type: 'BURGLARY', occurredAt: new Date(Date.UTC(2030, 0, n)), locationText: `Place ${n}`, narrative: 'x', reportingOfficerId, ...extra }, select: { id: true, occurredAt: true } })
    for (let n = 1; n <= 18; n++) {
      const reported = n <= 6 || n === 13 || n === 14
      const { id, occurredAt } = await incident(n, reported ? user.id : someoneElse, n === 5 ? { archivedAt: new Date() } : n === 6 ? { status: 'CLOSED', closedAt: new Date() } : {})
      if (n > 6 && n <= 12) await db.incidentOfficer.create({ data: { incidentId: id, handlerId: handler.id, role: 'Cover' } })
      if (n > 12) await db.deployment.create({ data: { incidentId: id, incidentOccurredAt: occurredAt, dogId: dog.id, handlerId: handler.id, task: 'SEARCH', outcome: 'NO_FIND', exposures: [], deployedAt: new Date(Date.UTC(2030, 0, n)), loggedById: user.id } })
    }
    const busy = await officerIncidents(user.id, handler.id)
    expect(busy).toEqual(await oracle(user.id, handler.id))
    expect(busy.map((i) => i.number)).toEqual([18, 17, 16, 15, 14, 13, 12, 11, 10, 9].map((n) => `2030-DASH${String(n).padStart(2, '0')}`))
    // Without a handler (a person who is not a handler): only what they reported.
    expect(await officerIncidents(user.id, null)).toEqual(await oracle(user.id, null))
    expect((await officerIncidents(user.id, null)).map((i) => i.number)).toEqual([14, 13, 6, 4, 3, 2, 1].map((n) => `2030-DASH${String(n).padStart(2, '0')}`))
    for (const key of ['carter', 'daniels', 'hayes', 'evans', 'morgan', 'ruiz']) {
      const a = actors[key]!
      expect(await officerIncidents(a.id, a.handlerId), key).toEqual(await oracle(a.id, a.handlerId))
    }
    // The dashboard lists them.
    const d = await getDashboard({ id: user.id, email: 'busy@dash.test', name: 'Busy Officer', role: 'OFFICER', handlerId: handler.id, sessionId: null, ip: null, userAgent: null })
    if (d?.role !== 'OFFICER') throw new Error('expected an officer dashboard')
    expect(d.incidents.map((i) => i.id)).toEqual(busy.map((i) => i.id))
  })
})

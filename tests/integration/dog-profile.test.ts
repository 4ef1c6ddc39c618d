import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { seed } from '@/prisma/seed'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { DOG_PROFILE_DEPLOYMENTS, DOG_PROFILE_MEDICAL, getDogProfile } from '@/lib/server/dogs/queries'
import { canReadMedicalOfDog } from '@/lib/server/medical/scope'
import { can } from '@/lib/server/policy'

/**
 * A dog's page reads its dog in one hand-written statement on node-postgres
 * (lib/server/dogs/queries.ts). The oracle is the same read through Prisma:
 * for every dog of the reference case and every role, the profile must be
 * exactly what Prisma returns (values, Dates, order, limits, counts), with
 * the medical summary only within the role's medical scope.
 */

const actors: Record<string, Actor> = {}

async function actorFor(email: string): Promise<Actor> {
  const u = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, handler: { select: { id: true } } } })
  return { id: u.id, email: u.email, name: u.name, role: u.role, handlerId: u.handler?.id ?? null, sessionId: null, ip: null, userAgent: null }
}

/** The profile as Prisma reads it. */
async function oracle(actor: Actor, dogId: string) {
  if (!can(actor, 'dogs:read')) return null
  const dog = await db.dog.findFirst({
    where: { id: dogId, archivedAt: null },
    select: {
      id: true, k9Number: true, name: true, breed: true, sex: true, dateOfBirth: true, microchip: true, specialties: true, status: true, fitForDuty: true, fitForDutySetAt: true,
      fitForDutySetBy: { select: { name: true } }, photoSha256: true, notes: true, version: true,
      assignments: { orderBy: [{ startedAt: 'desc' }, { id: 'desc' }], take: 20, select: { id: true, startedAt: true, endedAt: true, endReason: true, handler: { select: { id: true, firstName: true, lastName: true, rank: true, badgeNumber: true } } } },
      certifications: { where: { archivedAt: null }, orderBy: [{ expiresAt: 'asc' }, { id: 'asc' }], take: 50, select: { id: true, kind: true, issuer: true, certificateNumber: true, issuedAt: true, expiresAt: true, version: true } },
      statusChanges: { orderBy: [{ changedAt: 'desc' }, { id: 'desc' }], take: 10, select: { id: true, fromStatus: true, toStatus: true, reason: true, changedAt: true, changedBy: { select: { name: true } } } },
      deployments: {
        orderBy: [{ deployedAt: 'desc' }, { id: 'desc' }],
        take: DOG_PROFILE_DEPLOYMENTS,
        select: { id: true, deployedAt: true, task: true, outcome: true, exposures: true, exposureNotes: true, injuryObserved: true, injuryDescription: true, handler: { select: { firstName: true, lastName: true } }, incident: { select: { id: true, number: true, type: true, locationText: true } } },
      },
      _count: { select: { deployments: true, medicalRecords: { where: { archivedAt: null } } } },
      alerts: { orderBy: [{ raisedAt: 'desc' }, { id: 'desc' }], take: 10, select: { id: true, kind: true, status: true, title: true, raisedAt: true, dueAt: true, overdueAt: true, resolvedAt: true, note: true } },
      medicalRecords: {
        where: { archivedAt: null },
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
        take: DOG_PROFILE_MEDICAL,
        select: { id: true, kind: true, occurredAt: true, clinic: true, diagnosis: true, outcome: true, decisionOutcome: true, veterinarian: { select: { name: true } }, _count: { select: { attachments: true, vitals: true } } },
      },
    },
  })
  if (!dog) return null
  const medicalOk = await canReadMedicalOfDog(actor, dogId)
  const { medicalRecords, _count, ...rest } = dog
  return { ...rest, _count: { deployments: _count.deployments }, medical: medicalOk ? medicalRecords : null, medicalCount: medicalOk ? _count.medicalRecords : 0, manageable: can(actor, 'dogs:manage') }
}

beforeAll(async () => {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('integration-setup did not set DATABASE_URL')
  await seed(url, { blobDir: process.env.BLOB_DIR ?? mkdtempSync(path.join(tmpdir(), 'k9-profile-blobs-')), log: () => {} })
  for (const key of ['carter', 'daniels', 'hayes', 'evans', 'morgan', 'ruiz', 'admin']) actors[key] = await actorFor(`${key}@k9.test`)
  // More than one row in every list of Rex's (and some past a list's limit), so that order and limits are compared too.
  const rex = await db.dog.findFirstOrThrow({ where: { name: 'Rex' }, select: { id: true } })
  const day = (n: number) => new Date(Date.UTC(2024, 0, 1 + n))
  for (let i = 0; i < 12; i++) {
    await db.alert.create({ data: { kind: 'CERTIFICATION_EXPIRING', status: i % 3 === 0 ? 'RESOLVED' : 'OPEN', dedupeKey: `profile-test-${i}`, dogId: rex.id, title: `Test alert ${i}`, raisedAt: day(i * 7), dueAt: day(i * 7 + 30), resolvedAt: i % 3 === 0 ? day(i * 7 + 3) : null, note: i === 4 ? 'Überprüft – “ok”' : null } })
    await db.dogStatusChange.create({ data: { dogId: rex.id, fromStatus: 'ACTIVE', toStatus: i % 2 ? 'UNFIT' : 'ACTIVE', reason: `Test change ${i}`, changedAt: day(i * 5), changedById: actors.ruiz!.id } })
  }
  for (let i = 0; i < 3; i++) await db.certification.create({ data: { dogId: rex.id, kind: `Test certification ${i}`, issuer: 'State K-9 board', issuedAt: day(i), expiresAt: day(400 - i * 50), archivedAt: i === 1 ? new Date() : null } })
}, 120_000)

describe('the dog profile read', () => {
  it('is what Prisma reads, for every dog and every role', async () => {
    const dogs = await db.dog.findMany({ select: { id: true, name: true } })
    expect(dogs.length).toBeGreaterThanOrEqual(3)
    let medicalShown = 0
    for (const dog of dogs) {
      for (const [key, actor] of Object.entries(actors)) {
        const expected = await oracle(actor, dog.id)
        const profile = await getDogProfile(actor, dog.id)
        expect(profile, `${dog.name} as ${key}`).toEqual(expected)
        if (profile?.medical?.length) medicalShown++
      }
    }
    // The fixture exercises the medical summary, not only its absence.
    expect(medicalShown).toBeGreaterThan(0)
  })

  it("reads Rex's story: the factory deployment struck, his records newest first with their counts, dates as Dates", async () => {
    const rex = await db.dog.findFirstOrThrow({ where: { name: 'Rex' }, select: { id: true } })
    const profile = (await getDogProfile(actors.ruiz!, rex.id))!
    expect(profile.manageable).toBe(true)
    expect(profile.dateOfBirth).toBeInstanceOf(Date)
    expect(profile.dateOfBirth.toISOString()).toMatch(/T00:00:00\.000Z$/)
    expect(profile.deployments.some((d) => d.exposures.includes('STRUCK'))).toBe(true)
    expect(profile.deployments.every((d) => d.deployedAt instanceof Date)).toBe(true)
    const times = profile.medical!.map((r) => r.occurredAt.getTime())
    expect(times).toEqual([...times].sort((a, b) => b - a))
    expect(profile.medical!.some((r) => r._count.vitals > 0)).toBe(true)
    expect(profile.medicalCount).toBeGreaterThanOrEqual(profile.medical!.length)
    // A technician sees the dog but not its medical summary; the administrator does not see dogs.
    expect(await getDogProfile(actors.evans!, rex.id)).toMatchObject({ medical: null, medicalCount: 0, manageable: false })
    expect(await getDogProfile(actors.admin!, rex.id)).toBeNull()
  })

  it('answers null for a dog that does not exist or is archived', async () => {
    const dog = await db.dog.create({ data: { k9Number: 'K9-ARCH', name: 'Archie', breed: 'Beagle', sex: 'MALE', dateOfBirth: new Date('2019-05-01'), archivedAt: new Date() }, select: { id: true } })
    expect(await getDogProfile(actors.ruiz!, dog.id)).toBeNull()
    expect(await getDogProfile(actors.ruiz!, '018bcfe5-6801-7003-8000-0000000000ff')).toBeNull()
  })
})

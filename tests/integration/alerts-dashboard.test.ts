import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { seed } from '@/prisma/seed'
import type { Actor } from '@/lib/server/actor'
import { runSweep } from '@/lib/server/alerts/sweep'
import { getDashboard } from '@/lib/server/dashboard/queries'
import { db } from '@/lib/server/db'

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

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../helpers/test-db'
import { seed } from '@/prisma/seed'
import { custodyContent } from '@/lib/custody'
import { verifyChain } from '@/lib/hash-chain'

let t: Awaited<ReturnType<typeof createTestDatabase>>
const blobDir = mkdtempSync(path.join(tmpdir(), 'k9-seed-blobs-'))

beforeAll(async () => {
  t = await createTestDatabase()
  await seed(t.url, { blobDir, log: () => {} })
}, 120_000)

afterAll(async () => {
  await t?.drop()
})

/** Every table's row count and a digest of all its rows: any change shows. */
async function snapshot() {
  const rows = await t.db.$queryRaw<Array<{ table: string; digest: string | null }>>`
    SELECT table_name AS table,
           (xpath('/row/d/text()', query_to_xml(format('SELECT count(*) || '':'' || coalesce(md5(string_agg(x::text, '','' ORDER BY x::text)), '''') AS d FROM %I x', table_name), false, true, '')))[1]::text AS digest
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
    ORDER BY table_name`
  return Object.fromEntries(rows.map((r) => [r.table, r.digest]))
}

describe('reference-case seed', () => {
  it('loads the people, Rex and a believable unit', async () => {
    const roles = await t.db.user.groupBy({ by: ['role'], _count: true })
    expect(roles.map((r) => r.role).sort()).toEqual(['ADMIN', 'DETECTIVE', 'EVIDENCE_TECH', 'OFFICER', 'SUPERVISOR', 'VETERINARIAN'])
    expect(await t.db.dog.count()).toBeGreaterThanOrEqual(6)
    expect(await t.db.handler.count()).toBeGreaterThanOrEqual(8)
    expect(await t.db.incident.count()).toBeGreaterThanOrEqual(40)
    const rex = await t.db.dog.findUniqueOrThrow({
      where: { k9Number: 'K9-101' },
      select: { name: true, breed: true, sex: true, assignments: { where: { endedAt: null }, select: { handler: { select: { lastName: true } } } } },
    })
    expect(rex).toMatchObject({ name: 'Rex', breed: 'German Shepherd', sex: 'MALE' })
    expect(rex.assignments.map((a) => a.handler.lastName)).toEqual(['Carter'])
    const soon = new Date(Date.now() + 30 * 86_400_000)
    expect(await t.db.certification.count({ where: { expiresAt: { gte: new Date(), lte: soon } } })).toBeGreaterThanOrEqual(1)
  })

  it('records the factory call-out with the blow Rex took and no shots fired', async () => {
    const factory = await t.db.incident.findFirstOrThrow({
      where: { type: 'KIDNAPPING', locationText: { contains: 'factory' } },
      select: { narrative: true, deployments: { select: { exposures: true, dog: { select: { name: true } } } } },
    })
    expect(factory.deployments).toEqual([{ exposures: ['STRUCK'], dog: { name: 'Rex' } }])
    expect(factory.narrative).toContain('No shots were fired')
    const gunfire = await t.db.deployment.count({ where: { dog: { name: 'Rex' }, exposures: { hasSome: ['SHOT_AT', 'GUNFIRE_NEARBY'] } } })
    expect(gunfire).toBeGreaterThanOrEqual(1)
  })

  it('records Day 0: vitals, the halted euthanasia with its reason, two X-rays and the surgery', async () => {
    const records = await t.db.medicalRecord.findMany({
      where: { dog: { name: 'Rex' } },
      orderBy: { occurredAt: 'asc' },
      select: { kind: true, decisionOutcome: true, decisionReason: true, complications: true, _count: { select: { vitals: true, attachments: true } } },
    })
    expect(records.map((r) => r.kind)).toEqual(['EMERGENCY', 'EUTHANASIA_DECISION', 'EXAM', 'IMAGING', 'SURGERY', 'FOLLOW_UP', 'DISCHARGE'])
    expect(records[0]!._count.vitals).toBeGreaterThanOrEqual(5)
    expect(records[1]).toMatchObject({ decisionOutcome: 'HALTED' })
    expect(records[1]!.decisionReason).toMatch(/not consistent with end-stage organ failure/)
    expect(records[3]!._count.attachments).toBe(2)
    expect(records[4]!.complications).toMatch(/cardiac arrest/i)
  })

  it('starts the fragment\'s custody in the operating room and the chain verifies', async () => {
    const item = await t.db.evidenceItem.findFirstOrThrow({
      where: { category: 'BALLISTIC' },
      select: { id: true, headHash: true, originMedicalRecord: { select: { kind: true } }, custodyEvents: { orderBy: { sequence: 'asc' } }, labRequests: { select: { result: { select: { conclusion: true } } } } },
    })
    expect(item.originMedicalRecord?.kind).toBe('SURGERY')
    expect(item.custodyEvents[0]).toMatchObject({ action: 'COLLECTED', sequence: 1 })
    expect(item.custodyEvents.map((e) => e.action)).toContain('SUBMITTED_TO_LAB')
    const result = verifyChain(item.custodyEvents.map((e) => ({ content: custodyContent(e), prevHash: e.prevHash, hash: e.hash, label: `#${e.sequence}` })))
    expect(result).toMatchObject({ ok: true, count: item.custodyEvents.length, headHash: item.headHash })
    expect(item.labRequests[0]?.result?.conclusion).toMatch(/firearm projectile/i)
  })

  it('opens the investigation linking the call-out, the X-ray and the fragment', async () => {
    const inv = await t.db.investigation.findFirstOrThrow({ where: { title: 'Who shot Rex?' }, select: { links: { select: { targetType: true } } } })
    expect(inv.links.map((l) => l.targetType)).toEqual(expect.arrayContaining(['INCIDENT', 'ATTACHMENT', 'EVIDENCE_ITEM']))
  })

  it('is idempotent: a second run changes nothing', async () => {
    const before = await snapshot()
    const again = await seed(t.url, { blobDir, log: () => {} })
    expect(again.loaded).toBe(false)
    expect(await snapshot()).toEqual(before)
  })
})

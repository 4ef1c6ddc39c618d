import { beforeAll, describe, expect, it } from 'vitest'
import { chainHash, GENESIS_HASH } from '@/lib/hash-chain'
import type { Actor } from '@/lib/server/actor'
import { auditContent } from '@/lib/audit-content'
import { appendAudit, AUDIT_CHAIN_LOCK, recordAudit } from '@/lib/server/audit'
import { db } from '@/lib/server/db'

/**
 * The audit trail is one hash chain (DESIGN.md, Evidence integrity). Appends
 * happen in PostgreSQL ("k9_audit_append", migration audit_append_function):
 * the lock, the last hash and the insert in one statement, the hash computed
 * there over the canonical JSON this process sends. These tests check that
 * the chain PostgreSQL builds is the chain lib/hash-chain.ts verifies, under
 * concurrent appends of both kinds and with text that is easy to get wrong.
 */

let actor: Actor

beforeAll(async () => {
  const u = await db.user.create({ data: { email: 'auditor@k9.test', name: 'Test Auditor', role: 'SUPERVISOR', passwordHash: 'x' }, select: { id: true, email: true, name: true, role: true } })
  actor = { ...u, handlerId: null, sessionId: null, ip: '192.0.2.44', userAgent: 'vitest' }
})

/** The whole trail in seq order, each link checked as an outside verifier would. */
async function verifyTrail(): Promise<{ count: number; broken: string[] }> {
  const rows = await db.auditEvent.findMany({ orderBy: { seq: 'asc' } })
  const broken: string[] = []
  let prev = GENESIS_HASH
  for (const r of rows) {
    if (r.prevHash !== prev) broken.push(`#${r.seq} does not link to the event before it`)
    if (chainHash(r.prevHash, auditContent(r)) !== r.hash) broken.push(`#${r.seq} (${r.action}) does not match its hash`)
    prev = r.hash
  }
  return { count: rows.length, broken }
}

describe('the audit chain', () => {
  it('stays one verifiable chain when reads and writes append at the same moment, and a rolled-back append leaves nothing', async () => {
    const before = await db.auditEvent.count()
    const reads = Array.from({ length: 30 }, (_, i) => appendAudit(actor, 'test.viewed', { type: 'Widget', id: `w-${i}` }))
    const writes = Array.from({ length: 10 }, (_, i) =>
      db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_sleep(0.005)`
        await recordAudit(tx, actor, 'test.changed', { type: 'Widget', id: `c-${i}` }, { details: { step: i } })
      }),
    )
    const rolledBack = db
      .$transaction(async (tx) => {
        await recordAudit(tx, actor, 'test.never_committed', null)
        throw new Error('changed my mind')
      })
      .catch((e: Error) => e.message)
    const results = await Promise.all([...reads, ...writes, rolledBack])
    expect(results.at(-1)).toBe('changed my mind')

    expect(await db.auditEvent.count()).toBe(before + 40)
    expect(await db.auditEvent.count({ where: { action: 'test.never_committed' } })).toBe(0)
    const trail = await verifyTrail()
    expect(trail.broken).toEqual([])
    expect(trail.count).toBe(before + 40)
  })

  it('hashes what it stores: accents, emoji, quotes, backslashes, nested details, a missing actor', async () => {
    const details = { note: 'Zoë said "stop" \\ then 🐕 ran; ß ≠ ss', nested: { list: [1, 2.5, 'x', null], empty: {} }, b: true }
    await appendAudit(actor, 'test.unicode', { type: 'Ünïcode', id: 'id with spaces & "quotes"' }, { details })
    await appendAudit(null, 'auth.sign_in_failed', null, { actorLabel: 'nobody@elsewhere.test', outcome: 'FAILURE', ip: null, userAgent: 'Mozilla/5.0 (\u00e9)' })
    await db.$transaction((tx) => recordAudit(tx, actor, 'test.unicode_in_tx', { type: 'Widget', id: '🐾' }, { details: { text: '\u2028 line separator, tab\t' } }))

    const last = await db.auditEvent.findMany({ orderBy: { seq: 'desc' }, take: 3 })
    expect(last.map((r) => r.action)).toEqual(['test.unicode_in_tx', 'auth.sign_in_failed', 'test.unicode'])
    expect(last[2]!.details).toEqual(details)
    expect(last[1]).toMatchObject({ actorId: null, actorLabel: 'nobody@elsewhere.test', outcome: 'FAILURE', details: null })
    expect((await verifyTrail()).broken).toEqual([])
  })

  it('takes the lock the rest of the app knows as the audit chain’s', async () => {
    const rows = await db.$queryRaw<Array<{ def: string }>>`SELECT pg_get_functiondef('"k9_audit_append"'::regproc) AS def`
    expect(rows[0]?.def).toContain(`pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`)
  })

  it('a change to a stored event is refused by the database, and would not verify', async () => {
    await appendAudit(actor, 'test.tamper_target', { type: 'Widget', id: 't' })
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "actorLabel" = 'someone else' WHERE action = 'test.tamper_target'`).rejects.toThrow(/append-only/)
    const row = await db.auditEvent.findFirstOrThrow({ where: { action: 'test.tamper_target' } })
    expect(chainHash(row.prevHash, auditContent({ ...row, actorLabel: 'someone else' }))).not.toBe(row.hash)
    expect(chainHash(row.prevHash, auditContent(row))).toBe(row.hash)
  })
})

import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import type { Actor } from '@/lib/server/actor'
import { recordAudit } from '@/lib/server/audit'
import { AUDIT_PAGE_SIZE, csvCell, exportAuditCsv, listAuditEntityTypes, listAuditEvents } from '@/lib/server/audit-queries'
import { db } from '@/lib/server/db'
import { hashPassword } from '@/lib/server/passwords'
import { authenticatePassword, checkSession } from '@/lib/server/session'
import {
  changeOwnPassword,
  changeRole,
  createUser,
  deactivateUser,
  endUserSessions,
  reactivateUser,
  resetPassword,
} from '@/lib/server/users/commands'
import { getUserForAdmin, listUsers } from '@/lib/server/users/queries'
import { AuditFilterSchema, CreateUserSchema } from '@/lib/schemas/users'

/** User administration and the audit-trail viewer against a real database. */

const PASSWORD = 'the unit meets at seven'
const META = { ip: '192.0.2.10', userAgent: 'vitest' }
let passwordHash: string
let admin: Actor

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD)
  admin = await makeUser('boss@k9.test', 'ADMIN')
})

async function makeUser(email: string, role: Role = 'OFFICER'): Promise<Actor> {
  const u = await db.user.create({ data: { email, name: `Test ${email.split('@')[0]}`, role, passwordHash }, select: { id: true, email: true, name: true, role: true } })
  return { ...u, handlerId: null, sessionId: null, ip: META.ip, userAgent: META.userAgent }
}

async function signIn(email: string, password = PASSWORD): Promise<string> {
  const r = await authenticatePassword(email, password, META)
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`)
  return r.sessionId
}

async function version(userId: string): Promise<number> {
  return (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { version: true } })).version
}

describe('user administration is for administrators only', () => {
  it.each(['OFFICER', 'VETERINARIAN', 'EVIDENCE_TECH', 'DETECTIVE', 'SUPERVISOR'] as const)('%s is refused every command', async (role) => {
    const actor = await makeUser(`not-admin-${role.toLowerCase()}@k9.test`, role)
    const target = { userId: actor.id, version: 1 }
    await expect(createUser(actor, { email: `x-${role}@k9.test`, name: 'X Y', role: 'ADMIN', handlerId: null })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(changeRole(actor, { ...target, role: 'ADMIN' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(deactivateUser(actor, target)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(resetPassword(actor, target)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(endUserSessions(actor, target)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(listUsers(actor, { page: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(await db.user.count({ where: { email: `x-${role}@k9.test` } })).toBe(0)
  })
})

describe('creating a user', () => {
  it('issues a temporary password that must be changed at first sign-in', async () => {
    const { id, temporaryPassword } = await createUser(admin, { email: 'new.officer@k9.test', name: 'New Officer', role: 'OFFICER', handlerId: null })
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12)
    const sessionId = await signIn('new.officer@k9.test', temporaryPassword)
    const check = await checkSession(sessionId, META)
    expect(check.ok && check.pending).toBe('change-password')
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: 'users.created' } })
    expect(audit.actorId).toBe(admin.id)
    expect(JSON.stringify(audit.details)).not.toContain(temporaryPassword)
  })

  it('links a handler profile, and refuses one already linked', async () => {
    const handler = await db.handler.create({ data: { badgeNumber: 'B-100', firstName: 'Jo', lastName: 'Reyes', rank: 'Officer', unit: 'K9' } })
    const { id } = await createUser(admin, { email: 'reyes@k9.test', name: 'Jo Reyes', role: 'OFFICER', handlerId: handler.id })
    expect((await db.handler.findUniqueOrThrow({ where: { id: handler.id } })).userId).toBe(id)
    await expect(createUser(admin, { email: 'reyes2@k9.test', name: 'Jo Reyes Two', role: 'OFFICER', handlerId: handler.id })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(await db.user.count({ where: { email: 'reyes2@k9.test' } })).toBe(0) // rolled back
  })

  it('links the handler profile typed in the form (badge, name or label; a state unit has thousands, no list of the first 100)', async () => {
    const form = (email: string, handler: string) => CreateUserSchema.parse({ email, name: 'Typed Handler', role: 'OFFICER', handler })
    const a = await db.handler.create({ data: { badgeNumber: 'T-301', firstName: 'Ada', lastName: 'Quill', rank: 'Officer', unit: 'K9' }, select: { id: true } })
    const b = await db.handler.create({ data: { badgeNumber: 'T-302', firstName: 'Ben', lastName: 'Stroud', rank: 'Officer', unit: 'K9' }, select: { id: true } })
    const c = await db.handler.create({ data: { badgeNumber: 'T-303', firstName: 'Cy', lastName: 'Vance', rank: 'Officer', unit: 'K9' }, select: { id: true } })
    for (const [email, text, handler] of [['quill@k9.test', 't-301', a], ['stroud@k9.test', 'Stroud, Ben (T-302)', b], ['vance@k9.test', 'Cy Vance', c]] as const) {
      const { id } = await createUser(admin, form(email, text))
      expect((await db.handler.findUniqueOrThrow({ where: { id: handler.id }, select: { userId: true } })).userId, text).toBe(id)
      const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'users.created', entityId: id }, select: { details: true } })
      expect(audit.details).toMatchObject({ after: { handlerId: handler.id } })
    }
    // An empty field links nothing.
    const none = await createUser(admin, form('nobody-linked@k9.test', '  '))
    expect(await db.handler.count({ where: { userId: none.id } })).toBe(0)
  })

  it('names a typed handler profile that has an account, is unknown, ambiguous or inactive next to the field, and creates no account', async () => {
    const form = (email: string, handler: string) => CreateUserSchema.parse({ email, name: 'Refused', role: 'OFFICER', handler })
    const owner = await makeUser('linked-owner@k9.test')
    await db.handler.create({ data: { badgeNumber: 'T-401', firstName: 'Dee', lastName: 'Linked', rank: 'Officer', unit: 'K9', userId: owner.id } })
    await db.handler.createMany({ data: [{ badgeNumber: 'T-402', firstName: 'Eve', lastName: 'Twain', rank: 'Officer', unit: 'K9' }, { badgeNumber: 'T-403', firstName: 'Fay', lastName: 'Twain', rank: 'Officer', unit: 'K9' }, { badgeNumber: 'T-404', firstName: 'Gil', lastName: 'Gone', rank: 'Officer', unit: 'K9', active: false }] })
    const refusals: Array<[string, string, { code: string; handler: string }]> = [
      ['refused-1@k9.test', 'Linked, Dee (T-401)', { code: 'CONFLICT', handler: 'Linked, Dee (T-401) already has an account. Choose a handler profile that has no account yet.' }],
      ['refused-2@k9.test', 'Nobody Atall', { code: 'VALIDATION', handler: 'No active handler has the badge number or name “Nobody Atall”.' }],
      ['refused-3@k9.test', 'twain', { code: 'VALIDATION', handler: 'Several active handlers match “twain”: Twain, Eve (T-402); Twain, Fay (T-403). Enter the badge number.' }],
      ['refused-4@k9.test', 'T-404', { code: 'VALIDATION', handler: 'That handler is not active in the unit. Choose another.' }],
    ]
    for (const [email, text, expected] of refusals) {
      await expect(createUser(admin, form(email, text)), text).rejects.toMatchObject({ code: expected.code, fieldErrors: { handler: [expected.handler] } })
      expect(await db.user.count({ where: { email } }), text).toBe(0)
    }
  })

  it('refuses a duplicate e-mail with a message on the field', async () => {
    await createUser(admin, { email: 'twice@k9.test', name: 'Twice', role: 'DETECTIVE', handlerId: null })
    await expect(createUser(admin, { email: 'twice@k9.test', name: 'Twice', role: 'DETECTIVE', handlerId: null })).rejects.toMatchObject({
      code: 'CONFLICT',
      fieldErrors: { email: [expect.stringMatching(/already exists/)] },
    })
  })
})

describe('changes that end sessions', () => {
  it('role change: sessions end with reason role-changed; before/after audited', async () => {
    const u = await makeUser('promote@k9.test')
    const s = await signIn(u.email)
    await changeRole(admin, { userId: u.id, version: await version(u.id), role: 'SUPERVISOR' })
    expect(await checkSession(s, META)).toEqual({ ok: false, reason: 'role-changed' })
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: u.id, action: 'users.role_changed' } })
    expect(audit.details).toMatchObject({ before: { role: 'OFFICER' }, after: { role: 'SUPERVISOR' }, sessionsEnded: 1 })
  })

  it('deactivation: sessions end, sign-in is refused like a wrong password, reactivation restores it', async () => {
    const u = await makeUser('leaver@k9.test')
    const s = await signIn(u.email)
    await deactivateUser(admin, { userId: u.id, version: await version(u.id) })
    expect(await checkSession(s, META)).toEqual({ ok: false, reason: 'deactivated' })
    expect(await authenticatePassword(u.email, PASSWORD, META)).toEqual({ ok: false, reason: 'invalid' })
    await reactivateUser(admin, { userId: u.id, version: await version(u.id) })
    expect((await authenticatePassword(u.email, PASSWORD, META)).ok).toBe(true)
  })

  it('a session is refused when the user was deactivated directly in the database too', async () => {
    const u = await makeUser('direct@k9.test')
    const s = await signIn(u.email)
    await db.user.update({ where: { id: u.id }, data: { active: false } })
    expect(await checkSession(s, META)).toEqual({ ok: false, reason: 'deactivated' })
  })

  it('password reset: sessions end, the old password stops working, the temporary one must be changed', async () => {
    const u = await makeUser('forgot@k9.test')
    const s = await signIn(u.email)
    const { temporaryPassword } = await resetPassword(admin, { userId: u.id, version: await version(u.id) })
    expect(await checkSession(s, META)).toEqual({ ok: false, reason: 'password-reset' })
    expect((await authenticatePassword(u.email, PASSWORD, META)).ok).toBe(false)
    const fresh = await signIn(u.email, temporaryPassword)
    const check = await checkSession(fresh, META)
    expect(check.ok && check.pending).toBe('change-password')
  })

  it('end sessions: every open session of the user ends', async () => {
    const u = await makeUser('many@k9.test')
    const sessions = [await signIn(u.email), await signIn(u.email)]
    expect(await endUserSessions(admin, { userId: u.id, version: await version(u.id) })).toBe(2)
    for (const s of sessions) expect(await checkSession(s, META)).toEqual({ ok: false, reason: 'revoked' })
  })

  it('refuses a stale version with CONFLICT and changes nothing', async () => {
    const u = await makeUser('stale@k9.test')
    const v = await version(u.id)
    await changeRole(admin, { userId: u.id, version: v, role: 'DETECTIVE' })
    await expect(deactivateUser(admin, { userId: u.id, version: v })).rejects.toMatchObject({ code: 'CONFLICT' })
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).active).toBe(true)
  })

  it('an administrator cannot deactivate or demote themselves', async () => {
    await expect(deactivateUser(admin, { userId: admin.id, version: await version(admin.id) })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(changeRole(admin, { userId: admin.id, version: await version(admin.id), role: 'OFFICER' })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(resetPassword(admin, { userId: admin.id, version: await version(admin.id) })).rejects.toMatchObject({ code: 'CONFLICT' })
  })

  it('the last active administrator can be neither deactivated nor demoted', async () => {
    const last = await makeUser('last-admin@k9.test', 'ADMIN')
    const others = await db.user.findMany({ where: { role: 'ADMIN', active: true, id: { not: last.id } }, select: { id: true } })
    await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } })
    try {
      // `admin` acts (commands trust the actor they are given; requireActor would refuse an inactive one).
      await expect(deactivateUser(admin, { userId: last.id, version: await version(last.id) })).rejects.toMatchObject({ code: 'CONFLICT', userMessage: expect.stringMatching(/only active administrator/) })
      await expect(changeRole(admin, { userId: last.id, version: await version(last.id), role: 'SUPERVISOR' })).rejects.toMatchObject({ code: 'CONFLICT' })
      expect((await db.user.findUniqueOrThrow({ where: { id: last.id } })).active).toBe(true)
    } finally {
      await db.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } })
    }
    // With another active administrator, demoting is allowed.
    await changeRole(admin, { userId: last.id, version: await version(last.id), role: 'SUPERVISOR' })
  })
})

describe('changing one’s own password', () => {
  it('checks the current password, applies the rules, keeps this session and ends the others', async () => {
    const u = await makeUser('self@k9.test')
    const here = await signIn(u.email)
    const elsewhere = await signIn(u.email)
    const me: Actor = { ...u, sessionId: here }
    await expect(changeOwnPassword(me, { currentPassword: 'wrong wrong wrong', newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' })).rejects.toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { currentPassword: expect.any(Array) },
    })
    await expect(changeOwnPassword(me, { currentPassword: PASSWORD, newPassword: '1qaz2wsx3edc', confirmPassword: '1qaz2wsx3edc' })).rejects.toMatchObject({
      code: 'VALIDATION',
      fieldErrors: { newPassword: [expect.stringMatching(/commonly used/)] },
    })
    await changeOwnPassword(me, { currentPassword: PASSWORD, newPassword: 'a brand new passphrase', confirmPassword: 'a brand new passphrase' })
    expect((await checkSession(here, META)).ok).toBe(true)
    expect(await checkSession(elsewhere, META)).toEqual({ ok: false, reason: 'password-changed' })
    expect((await authenticatePassword(u.email, 'a brand new passphrase', META)).ok).toBe(true)
    expect(await db.auditEvent.count({ where: { entityId: u.id, action: 'auth.password_changed' } })).toBe(1)
    expect(await db.auditEvent.count({ where: { entityId: u.id, action: 'auth.password_change_failed' } })).toBe(1)
  })
})

describe('admin reads', () => {
  it('lists users with filters and shows a user with open sessions only', async () => {
    const u = await makeUser('listed@k9.test', 'VETERINARIAN')
    const s1 = await signIn(u.email)
    const s2 = await signIn(u.email)
    await db.session.update({ where: { id: s2 }, data: { revokedAt: new Date(), revokedReason: 'signed-out' } })
    const vets = await listUsers(admin, { role: 'VETERINARIAN', page: 1 })
    expect(vets.rows.map((r) => r.email)).toContain('listed@k9.test')
    expect(vets.rows.every((r) => r.role === 'VETERINARIAN')).toBe(true)
    const detail = await getUserForAdmin(admin, u.id)
    expect(detail?.sessions.map((s) => s.id)).toEqual([s1])
    expect(await getUserForAdmin(admin, '00000000-0000-7000-8000-000000000000')).toBeNull()
  })
})

describe('audit trail viewer', () => {
  it('pages newest first with a keyset cursor, with no gap or repeat', async () => {
    const author = await makeUser('auditor@k9.test', 'SUPERVISOR')
    const total = AUDIT_PAGE_SIZE + 7
    for (let i = 0; i < total; i++) {
      await db.$transaction((tx) => recordAudit(tx, author, 'test.paged', { type: 'Widget', id: `w-${i}` }))
    }
    const filter = AuditFilterSchema.parse({ action: 'test.paged' })
    const page1 = await listAuditEvents(author, filter)
    expect(page1.rows).toHaveLength(AUDIT_PAGE_SIZE)
    expect(page1.nextBefore).not.toBeNull()
    const page2 = await listAuditEvents(author, AuditFilterSchema.parse({ action: 'test.paged', before: page1.nextBefore }))
    expect(page2.rows).toHaveLength(7)
    expect(page2.nextBefore).toBeNull()
    const ids = [...page1.rows, ...page2.rows].map((r) => r.entityId)
    expect(new Set(ids).size).toBe(total)
    expect(ids[0]).toBe(`w-${total - 1}`)
    const seqs = [...page1.rows, ...page2.rows].map((r) => BigInt(r.seq))
    expect(seqs.every((s, i) => i === 0 || s < seqs[i - 1]!)).toBe(true)
  })

  it('lists by time, the order of writing breaking ties: events at one instant page without gap or repeat, and one from a clock behind falls in its place', async () => {
    const author = await makeUser('clocks@k9.test', 'SUPERVISOR')
    const at = (iso: string) => vi.setSystemTime(new Date(iso))
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      at('2031-03-01T10:00:00.000Z')
      await db.$transaction((tx) => recordAudit(tx, author, 'test.clock', { type: 'Clock', id: 'before' }))
      // More than a page at one instant: the cursor must go on by seq within the same time.
      at('2031-03-01T12:00:00.000Z')
      for (let i = 0; i < AUDIT_PAGE_SIZE + 5; i++) await db.$transaction((tx) => recordAudit(tx, author, 'test.clock', { type: 'Clock', id: `same-${i}` }))
      // Written last, by an instance whose clock is an hour behind.
      at('2031-03-01T11:00:00.000Z')
      await db.$transaction((tx) => recordAudit(tx, author, 'test.clock', { type: 'Clock', id: 'behind' }))
    } finally {
      vi.useRealTimers()
    }
    const page1 = await listAuditEvents(author, AuditFilterSchema.parse({ action: 'test.clock' }))
    const page2 = await listAuditEvents(author, AuditFilterSchema.parse({ action: 'test.clock', before: page1.nextBefore }))
    expect(page2.nextBefore).toBeNull()
    const ids = [...page1.rows, ...page2.rows].map((r) => r.entityId)
    expect(ids).toEqual([...Array.from({ length: AUDIT_PAGE_SIZE + 5 }, (_, i) => `same-${AUDIT_PAGE_SIZE + 4 - i}`), 'behind', 'before'])
    // The export reads in the same order.
    let csv = ''
    for await (const chunk of await exportAuditCsv(author, AuditFilterSchema.parse({ action: 'test.clock' }))) csv += chunk
    expect(csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[6])).toEqual(ids)
  })

  it('filters by who, record and day', async () => {
    const author = await makeUser('filterer@k9.test', 'SUPERVISOR')
    await db.$transaction((tx) => recordAudit(tx, author, 'test.filtered', { type: 'Gadget', id: 'g-1' }))
    expect((await listAuditEvents(author, AuditFilterSchema.parse({ actor: 'FILTERER@k9' }))).rows.some((r) => r.action === 'test.filtered')).toBe(true)
    // Who: by the person's name too, and by the e-mail typed at a sign-in that named no user (no actor, only a label).
    await db.$transaction((tx) => recordAudit(tx, null, 'test.stranger', null, { actorLabel: 'stranger@elsewhere.test', outcome: 'FAILURE' }))
    const who = async (actor: string) => (await listAuditEvents(author, AuditFilterSchema.parse({ actor }))).rows.map((r) => r.action)
    expect(await who('test filterer')).toContain('test.filtered')
    expect(await who('STRANGER@elsewhere')).toEqual(['test.stranger'])
    expect(await who('nobody-has-this-name')).toEqual([])
    // What: an action's start, as typed (the actions it names are read first; a start nothing has lists nothing).
    const what = async (action: string) => (await listAuditEvents(author, AuditFilterSchema.parse({ action }))).rows.map((r) => r.action)
    expect(await what('test.filt')).toEqual(['test.filtered'])
    expect(await what('test.st')).toEqual(['test.stranger'])
    expect(await what('zz-no-such-action')).toEqual([])
    expect((await listAuditEvents(author, AuditFilterSchema.parse({ entityType: 'Gadget', entityId: 'g-1' }))).rows).toHaveLength(1)
    const today = new Date().toISOString().slice(0, 10)
    expect((await listAuditEvents(author, AuditFilterSchema.parse({ action: 'test.filtered', from: today, to: today }))).rows).toHaveLength(1)
    expect((await listAuditEvents(author, AuditFilterSchema.parse({ action: 'test.filtered', to: '2000-01-01' }))).rows).toHaveLength(0)
  })

  it('offers each record type seen once, in order, for the filter (the types read through the index, not every event)', async () => {
    const author = await makeUser('typer@k9.test', 'SUPERVISOR')
    for (const type of ['Zeppelin', 'Anchor', 'Zeppelin', 'Marble']) await db.$transaction((tx) => recordAudit(tx, author, 'test.typed', { type, id: 't-1' }))
    await db.$transaction((tx) => recordAudit(tx, author, 'test.untyped', null))
    const types = await listAuditEntityTypes(author)
    expect(types).toEqual([...new Set(types)].sort())
    expect(types).toEqual(expect.arrayContaining(['Anchor', 'Marble', 'Zeppelin']))
    expect(types.every((t) => typeof t === 'string' && t.length > 0)).toBe(true)
    const officer = await makeUser('typenosy@k9.test', 'OFFICER')
    await expect(listAuditEntityTypes(officer)).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('is closed to roles without audit:read', async () => {
    const officer = await makeUser('nosy@k9.test', 'OFFICER')
    await expect(listAuditEvents(officer, AuditFilterSchema.parse({}))).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(exportAuditCsv(officer, AuditFilterSchema.parse({}))).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('exports CSV (audited), neutralising formula cells', async () => {
    const author = await makeUser('exporter@k9.test', 'ADMIN')
    await db.$transaction((tx) => recordAudit(tx, author, 'test.csv', { type: 'Sheet', id: '=HYPERLINK("http://x")' }, { details: { note: 'a, "quoted" value' } }))
    const lines = await exportAuditCsv(author, AuditFilterSchema.parse({ action: 'test.csv' }))
    let csv = ''
    for await (const chunk of lines) csv += chunk
    const rows = csv.trim().split('\r\n')
    expect(rows[0]).toBe('seq,at_utc,actor_id,actor,action,record_type,record_id,outcome,ip,user_agent,details')
    expect(rows).toHaveLength(2)
    expect(rows[1]).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(await db.auditEvent.count({ where: { action: 'audit.exported', actorId: author.id } })).toBe(1)
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@x')).toBe("'@x")
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a\nb')).toBe('"a\nb"')
  })
})

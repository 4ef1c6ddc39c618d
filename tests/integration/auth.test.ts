import { beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '@/lib/generated/prisma/enums'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { env } from '@/lib/server/env'
import { hashPassword, passwordProblems, verificationCount, verifyPassword } from '@/lib/server/passwords'
import { authenticatePassword, checkSession, endSession, LAST_SEEN_THROTTLE_MS } from '@/lib/server/session'
import { unlockUser } from '@/lib/server/users/commands'
import { safeNextPath, SignInSchema, signOutMessage } from '@/lib/schemas/auth'

/**
 * Sign-in, the lockout and server-side sessions against a real PostgreSQL
 * (issue 3: "lockout under 200 concurrent attempts; idle and absolute expiry").
 */

const PASSWORD = 'correct horse battery staple'
const META = { ip: '203.0.113.7', userAgent: 'vitest' }
let passwordHash: string

async function makeUser(email: string, role: Role = 'OFFICER') {
  return db.user.create({
    data: { email, name: `Test ${email.split('@')[0]}`, role, passwordHash },
    select: { id: true, email: true, name: true, role: true },
  })
}

function actorOf(u: { id: string; email: string; name: string; role: Role }, sessionId: string | null = null): Actor {
  return { ...u, handlerId: null, sessionId, ip: META.ip, userAgent: META.userAgent }
}

async function auditActions(entityId: string) {
  const rows = await db.auditEvent.findMany({ where: { entityId }, orderBy: { seq: 'asc' }, select: { action: true, outcome: true } })
  return rows.map((r) => `${r.action}:${r.outcome}`)
}

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD)
})

describe('password rules', () => {
  it('accepts a long passphrase with no composition rules', () => {
    expect(passwordProblems('correct horse battery staple')).toEqual([])
    expect(passwordProblems('Rex-the-K9-2026!')).toEqual([])
  })

  it('refuses fewer than 12 characters and more than 128', () => {
    expect(passwordProblems('short pass1')).toHaveLength(1)
    expect(passwordProblems('a'.repeat(11) + 'b')).toEqual([])
    expect(passwordProblems('x'.repeat(64) + 'y'.repeat(64))).toEqual([]) // 128 allowed
    expect(passwordProblems('x'.repeat(129))[0]).toMatch(/at most 128/)
  })

  it('refuses passwords on the shipped common list, whatever their case', () => {
    expect(passwordProblems('1qaz2wsx3edc')[0]).toMatch(/commonly used/)
    expect(passwordProblems('QWERTYUIOPASDFGH').join(' ')).toMatch(/commonly used/)
  })

  it('refuses a password built on the user e-mail or the system name', () => {
    expect(passwordProblems('k9casebook2026', {}).join(' ')).toMatch(/too close/)
    expect(passwordProblems('carter.officer!', { email: 'carter.officer@k9.test' }).join(' ')).toMatch(/too close/)
  })

  it('never truncates: a 100-character password differs from its 99-character prefix', async () => {
    const long = 'p'.repeat(99) + 'q'
    const hash = await hashPassword(long)
    expect(hash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(hash, long)).toBe(true)
    expect(await verifyPassword(hash, long.slice(0, 99))).toBe(false)
  })

  it('normalises Unicode (NFKC) so the same passphrase typed two ways matches', async () => {
    const composed = 'caf\u00e9 au lait avec chien'
    const decomposed = 'cafe\u0301 au lait avec chien'
    expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true)
  })
})

describe('sign-in', () => {
  it('opens a fresh server-side session at every sign-in and audits it', async () => {
    const u = await makeUser('fresh@k9.test')
    const a = await authenticatePassword('Fresh@K9.test ', PASSWORD, META)
    const b = await authenticatePassword('fresh@k9.test', PASSWORD, META)
    expect(a.ok && b.ok).toBe(true)
    if (!a.ok || !b.ok) return
    expect(a.sessionId).not.toBe(b.sessionId)
    const session = await db.session.findUniqueOrThrow({ where: { id: a.sessionId } })
    expect(session.userId).toBe(u.id)
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(env().SESSION_MAX_HOURS * 3_600_000)
    expect(session.ip).toBe(META.ip)
    expect(await auditActions(a.sessionId)).toEqual(['auth.signed_in:SUCCESS'])
    const user = await db.user.findUniqueOrThrow({ where: { id: u.id } })
    expect(user.systemUseAcceptedAt).not.toBeNull()
  })

  it('answers an unknown e-mail exactly like a wrong password, after one verification each', async () => {
    await makeUser('known@k9.test')
    const before = verificationCount()
    const wrong = await authenticatePassword('known@k9.test', 'not the password at all', META)
    const afterWrong = verificationCount()
    const unknown = await authenticatePassword('nobody@k9.test', 'not the password at all', META)
    const afterUnknown = verificationCount()
    expect(wrong).toEqual({ ok: false, reason: 'invalid' })
    expect(unknown).toEqual(wrong)
    // Same work on both paths: one argon2id verification (a dummy hash for the unknown e-mail).
    expect(afterWrong - before).toBe(1)
    expect(afterUnknown - afterWrong).toBe(1)
    const failures = await db.auditEvent.findMany({ where: { action: 'auth.sign_in_failed', actorLabel: { in: ['known@k9.test', 'nobody@k9.test'] } }, select: { actorLabel: true, outcome: true } })
    expect(failures).toHaveLength(2)
  })

  it('refuses a deactivated account with the same answer as a wrong password', async () => {
    const u = await makeUser('gone@k9.test')
    await db.user.update({ where: { id: u.id }, data: { active: false } })
    expect(await authenticatePassword('gone@k9.test', PASSWORD, META)).toEqual({ ok: false, reason: 'invalid' })
  })
})

describe('lockout', () => {
  it('locks after 5 wrong passwords within the window, and a correct one is then refused', async () => {
    const u = await makeUser('lock5@k9.test')
    for (let i = 1; i <= 4; i++) expect(await authenticatePassword(u.email, `wrong password ${i}`, META)).toEqual({ ok: false, reason: 'invalid' })
    expect(await authenticatePassword(u.email, 'wrong password 5', META)).toEqual({ ok: false, reason: 'locked' })
    const before = verificationCount()
    expect(await authenticatePassword(u.email, PASSWORD, META)).toEqual({ ok: false, reason: 'locked' })
    expect(verificationCount()).toBe(before) // a locked account costs no verification
    const user = await db.user.findUniqueOrThrow({ where: { id: u.id } })
    expect(user.lockedAt).not.toBeNull()
    expect(user.lockedUntil).toBeNull() // LOCKOUT_AUTO_UNLOCK_MINUTES=0: until an administrator unlocks
    const actions = await auditActions(u.id)
    expect(actions.filter((a) => a === 'auth.locked:SUCCESS')).toHaveLength(1)
    expect(actions.filter((a) => a === 'auth.sign_in_refused:DENIED')).toHaveLength(1)
  })

  it('a success resets the count: 4 wrong, 1 right, 4 wrong does not lock', async () => {
    const u = await makeUser('reset@k9.test')
    for (let i = 0; i < 4; i++) await authenticatePassword(u.email, 'nope nope nope', META)
    expect((await authenticatePassword(u.email, PASSWORD, META)).ok).toBe(true)
    for (let i = 0; i < 4; i++) expect((await authenticatePassword(u.email, 'nope nope nope', META)).ok).toBe(false)
    expect((await authenticatePassword(u.email, PASSWORD, META)).ok).toBe(true)
  })

  it('200 concurrent wrong passwords against one account perform at most 5 verifications', async () => {
    const u = await makeUser('storm@k9.test')
    const before = verificationCount()
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => authenticatePassword(u.email, `guess number ${i}`, META)))
    const verifications = verificationCount() - before
    expect(verifications).toBeLessThanOrEqual(env().LOCKOUT_THRESHOLD)
    expect(verifications).toBeGreaterThan(0)
    expect(results.every((r) => !r.ok)).toBe(true)
    expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBeGreaterThanOrEqual(195)
    const user = await db.user.findUniqueOrThrow({ where: { id: u.id } })
    expect(user.lockedAt).not.toBeNull()
    expect(user.failedLoginCount).toBe(env().LOCKOUT_THRESHOLD)
    // The right password no longer helps, and costs nothing.
    const beforeRight = verificationCount()
    expect(await authenticatePassword(u.email, PASSWORD, META)).toEqual({ ok: false, reason: 'locked' })
    expect(verificationCount()).toBe(beforeRight)
  })

  it('an administrator unlocks the account (audited) and the right password works again', async () => {
    const admin = await makeUser('unlocker@k9.test', 'ADMIN')
    const u = await makeUser('locked-out@k9.test')
    for (let i = 0; i < 5; i++) await authenticatePassword(u.email, 'wrong wrong wrong', META)
    expect(await authenticatePassword(u.email, PASSWORD, META)).toEqual({ ok: false, reason: 'locked' })
    const { version } = await db.user.findUniqueOrThrow({ where: { id: u.id }, select: { version: true } })
    await unlockUser(actorOf(admin), { userId: u.id, version })
    expect((await authenticatePassword(u.email, PASSWORD, META)).ok).toBe(true)
    expect(await auditActions(u.id)).toContain('auth.unlocked:SUCCESS')
  })

  it('a lock with an end (LOCKOUT_AUTO_UNLOCK_MINUTES > 0) lifts by itself once the end has passed', async () => {
    const u = await makeUser('timed-lock@k9.test')
    await db.user.update({ where: { id: u.id }, data: { lockedAt: new Date(Date.now() - 20 * 60_000), lockedUntil: new Date(Date.now() + 60_000), failedLoginCount: 5, failedLoginWindowAt: new Date() } })
    expect(await authenticatePassword(u.email, PASSWORD, META)).toEqual({ ok: false, reason: 'locked' })
    await db.user.update({ where: { id: u.id }, data: { lockedUntil: new Date(Date.now() - 1_000) } })
    expect((await authenticatePassword(u.email, PASSWORD, META)).ok).toBe(true)
    const user = await db.user.findUniqueOrThrow({ where: { id: u.id } })
    expect(user).toMatchObject({ lockedAt: null, lockedUntil: null, failedLoginCount: 0 })
  })

  it('failures older than the window start a new window', async () => {
    const u = await makeUser('window@k9.test')
    for (let i = 0; i < 4; i++) await authenticatePassword(u.email, 'wrong wrong wrong', META)
    await db.user.update({ where: { id: u.id }, data: { failedLoginWindowAt: new Date(Date.now() - (env().LOCKOUT_WINDOW_MINUTES + 1) * 60_000) } })
    expect(await authenticatePassword(u.email, 'wrong wrong wrong', META)).toEqual({ ok: false, reason: 'invalid' })
    expect((await db.user.findUniqueOrThrow({ where: { id: u.id } })).failedLoginCount).toBe(1)
  })
})

describe('server-side sessions', () => {
  async function signedIn(email: string, role: Role = 'OFFICER') {
    const u = await makeUser(email, role)
    await db.user.update({ where: { id: u.id }, data: { mfaEnabledAt: null } })
    const r = await authenticatePassword(email, PASSWORD, META)
    if (!r.ok) throw new Error('sign-in failed')
    return { user: u, sessionId: r.sessionId }
  }

  it('accepts a live session and resolves the user fresh from the database', async () => {
    const { user, sessionId } = await signedIn('live@k9.test', 'DETECTIVE')
    const check = await checkSession(sessionId, META)
    expect(check.ok).toBe(true)
    if (!check.ok) return
    expect(check.user).toMatchObject({ id: user.id, role: 'DETECTIVE', email: 'live@k9.test' })
  })

  it('refuses a session idle for more than SESSION_IDLE_MINUTES, once audited', async () => {
    const { sessionId } = await signedIn('idle@k9.test')
    const idle = env().SESSION_IDLE_MINUTES
    await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - (idle + 1) * 60_000) } })
    expect(await checkSession(sessionId, META)).toEqual({ ok: false, reason: 'idle' })
    expect(await checkSession(sessionId, META)).toEqual({ ok: false, reason: 'idle' })
    const row = await db.session.findUniqueOrThrow({ where: { id: sessionId } })
    expect(row.revokedReason).toBe('idle')
    expect(await auditActions(sessionId)).toEqual(['auth.signed_in:SUCCESS', 'auth.session_ended:DENIED'])
  })

  it('keeps a session active just inside the idle limit', async () => {
    const { sessionId } = await signedIn('almost-idle@k9.test')
    const idle = env().SESSION_IDLE_MINUTES
    await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: new Date(Date.now() - (idle - 1) * 60_000) } })
    expect((await checkSession(sessionId, META)).ok).toBe(true)
  })

  it('refuses a session older than SESSION_MAX_HOURS even while in use', async () => {
    const { sessionId } = await signedIn('old@k9.test')
    const hours = env().SESSION_MAX_HOURS
    const started = new Date(Date.now() - hours * 3_600_000 - 60_000)
    await db.session.update({ where: { id: sessionId }, data: { createdAt: started, lastSeenAt: new Date() } })
    expect(await checkSession(sessionId, META)).toEqual({ ok: false, reason: 'expired' })
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).revokedReason).toBe('expired')
  })

  it('writes lastSeenAt at most once a minute', async () => {
    const { sessionId } = await signedIn('touch@k9.test')
    const recent = new Date(Date.now() - 10_000)
    await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: recent } })
    await checkSession(sessionId, META)
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt.getTime()).toBe(recent.getTime())
    const stale = new Date(Date.now() - LAST_SEEN_THROTTLE_MS - 5_000)
    await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: stale } })
    await checkSession(sessionId, META)
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt.getTime()).toBeGreaterThan(stale.getTime())
  })

  it('sign-out revokes the session (audited) and it stays refused', async () => {
    const { sessionId } = await signedIn('bye@k9.test')
    await endSession(sessionId, META)
    expect(await checkSession(sessionId, META)).toEqual({ ok: false, reason: 'signed-out' })
    expect(await auditActions(sessionId)).toEqual(['auth.signed_in:SUCCESS', 'auth.signed_out:SUCCESS'])
  })

  it('refuses ids that are not sessions', async () => {
    expect(await checkSession('00000000-0000-7000-8000-000000000000', META)).toEqual({ ok: false, reason: 'required' })
    expect(await checkSession("x' OR 1=1 --", META)).toEqual({ ok: false, reason: 'required' })
  })

  it('asks for MFA setup when MFA is required and the user has none', async () => {
    expect(env().DEMO_MODE).toBe(false)
    const { sessionId } = await signedIn('no-mfa@k9.test')
    const check = await checkSession(sessionId, META)
    expect(check.ok && check.pending).toBe('mfa-setup')
  })

  it('asks for a new password first when the account has a temporary one', async () => {
    const u = await makeUser('temp@k9.test')
    await db.user.update({ where: { id: u.id }, data: { mustChangePassword: true } })
    const r = await authenticatePassword(u.email, PASSWORD, META)
    if (!r.ok) throw new Error('sign-in failed')
    const check = await checkSession(r.sessionId, META)
    expect(check.ok && check.pending).toBe('change-password')
  })
})

describe('sign-in input', () => {
  it('requires the system-use notice to be acknowledged', () => {
    const base = { email: 'a@k9.test', password: 'x' }
    expect(SignInSchema.safeParse(base).success).toBe(false)
    expect(SignInSchema.safeParse({ ...base, acknowledge: 'on' }).success).toBe(true)
  })

  it('only redirects to a path on this site after sign-in', () => {
    expect(safeNextPath.parse('/dogs/123?tab=medical')).toBe('/dogs/123?tab=medical')
    for (const evil of ['//evil.example/x', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '/dogs"><script>', undefined]) {
      expect(safeNextPath.parse(evil)).toBe('/')
    }
  })

  it('explains every reason a session ends, and nothing for unknown reasons', () => {
    for (const reason of ['idle', 'expired', 'revoked', 'deactivated', 'role-changed', 'password-reset', 'mfa-reset', 'locked', 'signed-out', 'password-changed']) {
      expect(signOutMessage(reason)).toBeTruthy()
    }
    expect(signOutMessage('<script>')).toBeNull()
  })
})

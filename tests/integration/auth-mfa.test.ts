import { beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '@/lib/server/actor'
import { db } from '@/lib/server/db'
import { confirmEnrollment, currentTotp, decryptSecret, regenerateRecoveryCodes, startEnrollment, verifyMfaChallenge } from '@/lib/server/mfa'
import { hashPassword } from '@/lib/server/passwords'
import { authenticatePassword, checkSession } from '@/lib/server/session'
import { resetMfa } from '@/lib/server/users/commands'

/** TOTP enrollment, the sign-in challenge, single-use codes and the admin reset. */

const PASSWORD = 'a dog named rex runs fast'
const META = { ip: '198.51.100.4', userAgent: 'vitest' }
let passwordHash: string

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD)
})

async function makeUser(email: string, role: 'OFFICER' | 'ADMIN' = 'OFFICER'): Promise<Actor> {
  const u = await db.user.create({ data: { email, name: `Test ${email}`, role, passwordHash }, select: { id: true, email: true, name: true, role: true } })
  return { ...u, handlerId: null, sessionId: null, ip: META.ip, userAgent: META.userAgent }
}

/**
 * Waits out the last seconds of a 30-second TOTP step: a code computed just
 * before a step ends may be checked just after, one step older than the test
 * meant (on a loaded machine that happened, and the enrolment code was refused).
 */
async function awayFromStepEnd(): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000)
  if (left < 5_000) await new Promise((r) => setTimeout(r, left + 100))
}

/** Enrolls the user with a code from the step before now, leaving the current step free for the test. */
async function enroll(actor: Actor): Promise<{ secret: string; codes: string[] }> {
  const { secret } = await startEnrollment(actor.id)
  await awayFromStepEnd()
  const codes = await confirmEnrollment(actor, currentTotp(secret, Date.now() - 30_000))
  return { secret, codes }
}

async function pendingSession(email: string): Promise<string> {
  const r = await authenticatePassword(email, PASSWORD, META)
  if (!r.ok) throw new Error('sign-in failed')
  expect(r.mfaPending).toBe(true)
  return r.sessionId
}

describe('MFA enrollment', () => {
  it('keeps the pending secret across reloads, stores it encrypted, and turns on with a valid code', async () => {
    const actor = await makeUser('enrol@k9.test')
    const first = await startEnrollment(actor.id)
    const again = await startEnrollment(actor.id)
    expect(again.secret).toBe(first.secret)
    expect(first.otpauthUri).toMatch(/^otpauth:\/\/totp\/K9%20Casebook:enrol%40k9\.test\?/)
    expect(first.qrSvgDataUrl).toMatch(/^data:image\/svg\+xml;base64,/)
    const stored = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { mfaSecret: true, mfaEnabledAt: true } })
    expect(stored.mfaSecret).not.toContain(first.secret)
    expect(decryptSecret(stored.mfaSecret!)).toBe(first.secret)
    expect(stored.mfaEnabledAt).toBeNull()

    await expect(confirmEnrollment(actor, '000000')).rejects.toMatchObject({ code: 'VALIDATION' })
    const codes = await confirmEnrollment(actor, currentTotp(first.secret))
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const c of codes) expect(c).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/)
    const rows = await db.recoveryCode.findMany({ where: { userId: actor.id }, select: { codeHash: true } })
    expect(rows).toHaveLength(10)
    expect(rows.some((r) => codes.includes(r.codeHash))).toBe(false) // hashes only
    await expect(startEnrollment(actor.id)).rejects.toMatchObject({ code: 'CONFLICT' })
    const audit = await db.auditEvent.findMany({ where: { entityId: actor.id, action: 'auth.mfa_enabled' } })
    expect(audit).toHaveLength(1)
  })
})

describe('a secret sealed under an earlier AUTH_SECRET', () => {
  /** Re-seals a user's stored secret under another key, as a change of AUTH_SECRET leaves it. */
  async function sealUnderAnotherSecret(run: () => Promise<void>) {
    const { env } = await import('@/lib/server/env')
    // env() is validated once and cached: swap its AUTH_SECRET for the call, as if the secret had since changed.
    const e = env() as { AUTH_SECRET: string }
    const current = e.AUTH_SECRET
    e.AUTH_SECRET = 'an-earlier-auth-secret-an-earlier-auth-secret'
    try {
      await run()
    } finally {
      e.AUTH_SECRET = current
    }
  }

  it('starts a pending setup again instead of failing, and refuses app codes (not recovery codes) for an enabled factor', async () => {
    const pending = await makeUser('rotated-pending@k9.test')
    let old = ''
    await sealUnderAnotherSecret(async () => {
      old = (await startEnrollment(pending.id)).secret
    })
    const fresh = await startEnrollment(pending.id)
    expect(fresh.secret).not.toBe(old)
    await expect(confirmEnrollment(pending, currentTotp(fresh.secret))).resolves.toHaveLength(10)

    const enabled = await makeUser('rotated-enabled@k9.test')
    let codes: string[] = []
    let secret = ''
    await sealUnderAnotherSecret(async () => {
      ;({ secret, codes } = await enroll(enabled))
    })
    const session = await pendingSession('rotated-enabled@k9.test')
    expect(await verifyMfaChallenge(session, enabled.id, currentTotp(secret), META)).toEqual({ ok: false, reason: 'invalid' })
    await expect(verifyMfaChallenge(session, enabled.id, codes[0]!, META)).resolves.toMatchObject({ ok: true, method: 'recovery_code' })
  })
})

describe('MFA at sign-in', () => {
  it('keeps the session pending until a TOTP code is given; wrong codes are refused', async () => {
    const actor = await makeUser('totp@k9.test')
    const { secret } = await enroll(actor)
    const sessionId = await pendingSession(actor.email)
    const pending = await checkSession(sessionId, META)
    expect(pending.ok && pending.pending).toBe('mfa')

    expect(await verifyMfaChallenge(sessionId, actor.id, '123456', META)).toEqual({ ok: false, reason: 'invalid' })
    const ok = await verifyMfaChallenge(sessionId, actor.id, currentTotp(secret), META)
    expect(ok).toMatchObject({ ok: true, method: 'totp' })
    const done = await checkSession(sessionId, META)
    expect(done.ok && done.pending).toBeNull()
    const actions = (await db.auditEvent.findMany({ where: { entityId: sessionId }, orderBy: { seq: 'asc' }, select: { action: true } })).map((a) => a.action)
    expect(actions).toEqual(['auth.password_verified', 'auth.mfa_failed', 'auth.signed_in'])
  })

  it('accepts a TOTP code only once, even in two sessions racing', async () => {
    const actor = await makeUser('replay@k9.test')
    const { secret } = await enroll(actor)
    const code = currentTotp(secret)
    const [a, b] = [await pendingSession(actor.email), await pendingSession(actor.email)]
    const results = await Promise.all([verifyMfaChallenge(a, actor.id, code, META), verifyMfaChallenge(b, actor.id, code, META)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
  })

  it('accepts each recovery code once', async () => {
    const actor = await makeUser('recovery@k9.test')
    const { codes } = await enroll(actor)
    const code = codes[0]!
    const first = await pendingSession(actor.email)
    expect(await verifyMfaChallenge(first, actor.id, code.toLowerCase(), META)).toEqual({ ok: true, method: 'recovery_code', remainingCodes: 9 })
    const second = await pendingSession(actor.email)
    expect(await verifyMfaChallenge(second, actor.id, code, META)).toEqual({ ok: false, reason: 'invalid' })
    expect(await verifyMfaChallenge(second, actor.id, codes[1]!.replace(/-/g, ' '), META)).toMatchObject({ ok: true, remainingCodes: 8 })
  })

  it('lets two racing requests use one recovery code exactly once', async () => {
    const actor = await makeUser('race-code@k9.test')
    const { codes } = await enroll(actor)
    const [a, b] = [await pendingSession(actor.email), await pendingSession(actor.email)]
    const results = await Promise.all([verifyMfaChallenge(a, actor.id, codes[2]!, META), verifyMfaChallenge(b, actor.id, codes[2]!, META)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
  })

  it('counts wrong codes toward the lockout and ends the sessions when it locks', async () => {
    const actor = await makeUser('guess@k9.test')
    await enroll(actor)
    const sessionId = await pendingSession(actor.email)
    const results = []
    for (let i = 0; i < 5; i++) results.push(await verifyMfaChallenge(sessionId, actor.id, String(100000 + i), META))
    expect(results.at(-1)).toEqual({ ok: false, reason: 'locked' })
    expect(await checkSession(sessionId, META)).toEqual({ ok: false, reason: 'locked' })
    expect(await authenticatePassword(actor.email, PASSWORD, META)).toEqual({ ok: false, reason: 'locked' })
  })

  it('regenerating recovery codes invalidates the old ones', async () => {
    const actor = await makeUser('regen@k9.test')
    const { codes: old } = await enroll(actor)
    const fresh = await regenerateRecoveryCodes(actor)
    const s = await pendingSession(actor.email)
    expect(await verifyMfaChallenge(s, actor.id, old[0]!, META)).toEqual({ ok: false, reason: 'invalid' })
    expect((await verifyMfaChallenge(s, actor.id, fresh[0]!, META)).ok).toBe(true)
  })
})

describe('MFA reset by an administrator', () => {
  it('removes the factor and the codes, ends the sessions, and is audited', async () => {
    const admin = await makeUser('mfa-admin@k9.test', 'ADMIN')
    const actor = await makeUser('lost-phone@k9.test')
    await enroll(actor)
    const sessionId = await pendingSession(actor.email)
    const { version } = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { version: true } })
    await resetMfa(admin, { userId: actor.id, version })
    const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { mfaSecret: true, mfaEnabledAt: true, mfaLastUsedStep: true } })
    expect(user).toEqual({ mfaSecret: null, mfaEnabledAt: null, mfaLastUsedStep: null })
    expect(await db.recoveryCode.count({ where: { userId: actor.id } })).toBe(0)
    expect(await checkSession(sessionId, META)).toEqual({ ok: false, reason: 'mfa-reset' })
    // Next sign-in: no MFA challenge, but setup is required (MFA_REQUIRED outside the demo).
    const r = await authenticatePassword(actor.email, PASSWORD, META)
    expect(r.ok && r.mfaPending).toBe(false)
    if (r.ok) {
      const check = await checkSession(r.sessionId, META)
      expect(check.ok && check.pending).toBe('mfa-setup')
    }
    expect(await db.auditEvent.count({ where: { entityId: actor.id, action: 'auth.mfa_reset', actorId: admin.id } })).toBe(1)
  })
})

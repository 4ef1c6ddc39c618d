import 'server-only'
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { AppError } from '@/lib/errors'
import type { Actor } from './actor'
import { recordAudit } from './audit'
import { db, type Tx } from './db'
import { env } from './env'
import { AUTH_TX, reserveAndCheck, type RequestMeta } from './session'

/**
 * TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) with
 * single-use recovery codes (docs/decisions/004-sessions.md).
 * The TOTP secret is stored encrypted (AES-256-GCM, key derived from
 * AUTH_SECRET with HKDF), so a database dump alone does not yield the codes.
 */

const ISSUER = 'K9 Casebook'
const RECOVERY_CODE_COUNT = 10
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789' // no 0/O, 1/I

function key(): Buffer {
  return Buffer.from(hkdfSync('sha256', env().AUTH_SECRET, 'k9casebook', 'mfa-secret-v1', 32))
}

export function encryptSecret(base32: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key(), iv)
  const body = Buffer.concat([cipher.update(base32, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':')
}

export function decryptSecret(stored: string): string {
  const [version, iv, tag, body] = stored.split(':')
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('Unreadable MFA secret')
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}

/**
 * The secret, or null when it cannot be opened: sealed under an earlier
 * AUTH_SECRET (the key derives from it) or damaged. Logged, so an operator
 * who rotated the secret learns why codes fail.
 */
function tryDecryptSecret(stored: string, userId: string): string | null {
  try {
    return decryptSecret(stored)
  } catch {
    console.error(`[mfa] the two-factor secret of user ${userId} cannot be decrypted (was AUTH_SECRET changed?)`)
    return null
  }
}

function totpFor(base32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(base32) })
}

/**
 * The time step of `token` when it is the current code (or one step either
 * side, for clock drift); null when it is not a valid code.
 */
export function totpStep(base32: string, token: string, timestamp: number = Date.now()): number | null {
  const clean = token.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(clean)) return null
  const delta = totpFor(base32, 'check').validate({ token: clean, window: 1, timestamp })
  return delta === null ? null : Math.floor(timestamp / 1000 / 30) + delta
}

/**
 * SECURITY: a TOTP code works once (ASVS V6.5.1). Accepting it moves the
 * user's last used step forward with a conditional update, so the same code,
 * or an older one, replayed in the same 90-second window is refused, even by
 * two requests racing.
 */
async function consumeTotp(userId: string, base32: string, token: string): Promise<boolean> {
  const step = totpStep(base32, token)
  if (step === null) return false
  const used = await db.user.updateMany({
    where: { id: userId, OR: [{ mfaLastUsedStep: null }, { mfaLastUsedStep: { lt: step } }] },
    data: { mfaLastUsedStep: step },
  })
  return used.count === 1
}

/** The code an authenticator app would show now (tests and the e2e suite compute codes this way). */
export function currentTotp(base32: string, timestamp: number = Date.now()): string {
  return totpFor(base32, 'code').generate({ timestamp })
}

// ───────────────────────────── recovery codes ─────────────────────────────

function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

/** 16 characters from a 32-letter alphabet: 80 bits, so a fast hash is enough. */
function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(`k9-recovery:${normalizeRecoveryCode(code)}`).digest('hex')
}

function newRecoveryCode(): string {
  let s = ''
  for (let i = 0; i < 16; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]
  return s.match(/.{4}/g)!.join('-')
}

/** Replace a user's recovery codes inside the caller's transaction; returns the plain codes (shown once). */
async function issueRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode)
  await tx.recoveryCode.deleteMany({ where: { userId } })
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) })
  return codes
}

/** SECURITY: single use — the conditional update succeeds for exactly one request. */
async function consumeRecoveryCode(userId: string, code: string): Promise<boolean> {
  const normalized = normalizeRecoveryCode(code)
  if (normalized.length !== 16) return false
  const used = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(normalized), usedAt: null },
    data: { usedAt: new Date() },
  })
  return used.count === 1
}

// ───────────────────────────── enrollment ─────────────────────────────

export type Enrollment = { secret: string; otpauthUri: string; qrSvgDataUrl: string }

/**
 * The pending secret for a user setting up MFA (created on first call, kept
 * until confirmed so that reloading the page shows the same QR code).
 * Refused when MFA is already on: an administrator must reset it first.
 */
export async function startEnrollment(userId: string): Promise<Enrollment> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, mfaSecret: true, mfaEnabledAt: true } })
  if (user.mfaEnabledAt) throw new AppError('CONFLICT', 'Two-factor authentication is already set up for this account.')
  let secret: string
  const pending = user.mfaSecret ? tryDecryptSecret(user.mfaSecret, userId) : null
  if (pending) {
    secret = pending
  } else if (user.mfaSecret) {
    // A pending secret that cannot be opened any more (AUTH_SECRET changed): nothing was confirmed with it, start again.
    const fresh = new Secret({ size: 20 }).base32
    const set = await db.user.updateMany({ where: { id: userId, mfaSecret: user.mfaSecret, mfaEnabledAt: null }, data: { mfaSecret: encryptSecret(fresh) } })
    if (set.count === 0) return startEnrollment(userId)
    secret = fresh
  } else {
    secret = new Secret({ size: 20 }).base32
    // Only set it if nobody else did in between (two tabs): then read theirs.
    const set = await db.user.updateMany({ where: { id: userId, mfaSecret: null, mfaEnabledAt: null }, data: { mfaSecret: encryptSecret(secret) } })
    if (set.count === 0) return startEnrollment(userId)
  }
  const otpauthUri = totpFor(secret, user.email).toString()
  const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
  return { secret, otpauthUri, qrSvgDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` }
}

/**
 * Turn MFA on once the user proves their app shows the right code. Returns
 * the recovery codes, which are shown once and stored only as hashes.
 */
export async function confirmEnrollment(actor: Actor, code: string): Promise<string[]> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { mfaSecret: true, mfaEnabledAt: true } })
  if (user.mfaEnabledAt) throw new AppError('CONFLICT', 'Two-factor authentication is already set up for this account.')
  const secret = user.mfaSecret ? tryDecryptSecret(user.mfaSecret, actor.id) : null
  if (!secret) throw new AppError('CONFLICT', 'The setup expired. Reload the page to get a new QR code.')
  const result = await reserveAndCheck(actor.id, actor, () => consumeTotp(actor.id, secret, code))
  if (!result.ok) {
    if (result.reason === 'locked') throw new AppError('FORBIDDEN', 'Too many wrong codes: the account is locked. Ask an administrator to unlock it.')
    throw new AppError('VALIDATION', 'That code is not right. Check the time on your phone and type the code shown now.', {
      code: ['That code is not right. Type the 6-digit code your app shows now.'],
    })
  }
  return db.$transaction(async (tx) => {
    const enabled = await tx.user.updateMany({ where: { id: actor.id, mfaEnabledAt: null, mfaSecret: user.mfaSecret }, data: { mfaEnabledAt: new Date() } })
    if (enabled.count !== 1) throw new AppError('CONFLICT', 'Two-factor authentication changed in another window. Reload the page.')
    const codes = await issueRecoveryCodes(tx, actor.id)
    await recordAudit(tx, actor, 'auth.mfa_enabled', { type: 'User', id: actor.id }, { details: { method: 'totp', recoveryCodes: codes.length } })
    return codes
  })
}

/** New recovery codes for a user who has MFA on (the old ones stop working). */
export async function regenerateRecoveryCodes(actor: Actor): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: actor.id }, select: { mfaEnabledAt: true } })
    if (!user.mfaEnabledAt) throw new AppError('CONFLICT', 'Set up two-factor authentication first.')
    const codes = await issueRecoveryCodes(tx, actor.id)
    await recordAudit(tx, actor, 'auth.recovery_codes_regenerated', { type: 'User', id: actor.id }, { details: { recoveryCodes: codes.length } })
    return codes
  })
}

export async function remainingRecoveryCodes(userId: string): Promise<number> {
  return db.recoveryCode.count({ where: { userId, usedAt: null } })
}

// ───────────────────────────── the sign-in challenge ─────────────────────────────

export type ChallengeResult = { ok: true; method: 'totp' | 'recovery_code'; remainingCodes: number } | { ok: false; reason: 'invalid' | 'locked' }

/**
 * Second step of sign-in: the session stays mfaPending until a TOTP code or
 * an unused recovery code is given. Wrong codes count towards the lockout.
 */
export async function verifyMfaChallenge(sessionId: string, userId: string, code: string, meta: RequestMeta): Promise<ChallengeResult> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true, role: true, mfaSecret: true, mfaEnabledAt: true } })
  const actor: Actor = { id: user.id, email: user.email, name: user.name, role: user.role, handlerId: null, sessionId, ip: meta.ip, userAgent: meta.userAgent }
  if (!user.mfaSecret || !user.mfaEnabledAt) return { ok: false, reason: 'invalid' }
  // Unreadable (AUTH_SECRET changed): no code from the app can match; recovery codes still work.
  const secret = tryDecryptSecret(user.mfaSecret, userId)
  let method: 'totp' | 'recovery_code' = 'totp'
  const result = await reserveAndCheck(userId, meta, async () => {
    if (/^\d{3}\s?\d{3}$/.test(code.trim())) return secret !== null && consumeTotp(userId, secret, code)
    method = 'recovery_code'
    return consumeRecoveryCode(userId, code)
  })
  if (!result.ok) {
    await db.$transaction(
      (tx) => recordAudit(tx, actor, 'auth.mfa_failed', { type: 'Session', id: sessionId }, { outcome: 'FAILURE', details: { locked: result.reason === 'locked' } }),
      AUTH_TX,
    )
    return result
  }
  const remainingCodes = await remainingRecoveryCodes(userId)
  await db.$transaction(async (tx) => {
    const done = await tx.session.updateMany({ where: { id: sessionId, userId, mfaPending: true, revokedAt: null }, data: { mfaPending: false } })
    if (done.count !== 1) throw new AppError('UNAUTHENTICATED', 'This sign-in has ended. Sign in again.')
    if (method === 'recovery_code') {
      await recordAudit(tx, actor, 'auth.recovery_code_used', { type: 'User', id: userId }, { details: { remaining: remainingCodes } })
    }
    await recordAudit(tx, actor, 'auth.signed_in', { type: 'Session', id: sessionId }, { details: { mfa: method } })
  }, AUTH_TX)
  return { ok: true, method, remainingCodes }
}


import 'server-only'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Role } from '@/lib/generated/prisma/enums'
import type { SignOutReason } from '@/lib/schemas/auth'
import type { Actor } from './actor'
import { recordAudit } from './audit'
import { db, hotRows, type HotStatement, type Tx } from './db'
import { env, mfaRequired } from './env'
import { verifyAgainstDummy, verifyPassword } from './passwords'

/**
 * Server-side sessions and the sign-in lockout (docs/decisions/004-sessions.md).
 * No Next.js request APIs here: lib/server/auth.ts adapts these to a request,
 * and the integration tests call them directly.
 */

export type RequestMeta = { ip: string | null; userAgent: string | null }

/** lastSeenAt is written at most once per this many ms per session (idle precision). */
export const LAST_SEEN_THROTTLE_MS = 60_000

/**
 * Audit appends are serialised (one hash chain), so under a storm of sign-in
 * attempts their transactions queue: wait for a connection and the chain
 * lock longer than Prisma's 2 s default rather than drop an audit record.
 */
export const AUTH_TX = { maxWait: 20_000, timeout: 20_000 } as const

// ───────────────────────────── lockout ─────────────────────────────

type Reserved = {
  id: string
  email: string
  name: string
  role: Role
  passwordHash: string
  failedLoginCount: number
  mfaEnabledAt: Date | null
}

/**
 * SECURITY: reserve one authentication attempt *before* running the password
 * (or TOTP) check. One conditional UPDATE … RETURNING counts the attempt and
 * refuses it once the window already holds LOCKOUT_THRESHOLD attempts, so
 * however many requests race (and on however many app instances), at most
 * LOCKOUT_THRESHOLD verifications run per window. A successful check resets
 * the counter (resetAttempts); a failed one leaves the reservation counted.
 * Returns null when the account is unknown, inactive, locked or out of attempts.
 */
async function reserveAttempt(where: Prisma.Sql): Promise<Reserved | null> {
  const e = env()
  const rows = await db.$queryRaw<Reserved[]>`
    UPDATE "User" AS u SET
      "failedLoginCount" = CASE
        WHEN u."lockedAt" IS NOT NULL
          OR u."failedLoginWindowAt" IS NULL
          OR u."failedLoginWindowAt" <= now() - make_interval(mins => ${e.LOCKOUT_WINDOW_MINUTES}::int)
        THEN 1 ELSE u."failedLoginCount" + 1 END,
      "failedLoginWindowAt" = CASE
        WHEN u."lockedAt" IS NOT NULL
          OR u."failedLoginWindowAt" IS NULL
          OR u."failedLoginWindowAt" <= now() - make_interval(mins => ${e.LOCKOUT_WINDOW_MINUTES}::int)
        THEN now() ELSE u."failedLoginWindowAt" END,
      "lockedAt" = NULL,
      "lockedUntil" = NULL,
      "updatedAt" = now()
    WHERE ${where}
      AND u."active"
      AND (u."lockedAt" IS NULL OR (u."lockedUntil" IS NOT NULL AND u."lockedUntil" <= now()))
      AND (
        u."lockedAt" IS NOT NULL
        OR u."failedLoginWindowAt" IS NULL
        OR u."failedLoginWindowAt" <= now() - make_interval(mins => ${e.LOCKOUT_WINDOW_MINUTES}::int)
        OR u."failedLoginCount" < ${e.LOCKOUT_THRESHOLD}::int
      )
    RETURNING u."id", u."email", u."name", u."role", u."passwordHash", u."failedLoginCount", u."mfaEnabledAt"`
  return rows[0] ?? null
}

/** After a failed check: lock the account when this attempt used up the window. Returns whether it locked. */
async function afterFailedAttempt(tx: Tx, reserved: Reserved): Promise<boolean> {
  const e = env()
  if (reserved.failedLoginCount < e.LOCKOUT_THRESHOLD) return false
  const now = new Date()
  const lockedUntil = e.LOCKOUT_AUTO_UNLOCK_MINUTES > 0 ? new Date(now.getTime() + e.LOCKOUT_AUTO_UNLOCK_MINUTES * 60_000) : null
  const locked = await tx.user.updateMany({
    where: { id: reserved.id, lockedAt: null },
    data: { lockedAt: now, lockedUntil },
  })
  return locked.count === 1
}

async function resetAttempts(tx: Tx, userId: string) {
  await tx.user.update({
    where: { id: userId },
    data: { failedLoginCount: 0, failedLoginWindowAt: null, lockedAt: null, lockedUntil: null },
    select: { id: true },
  })
}

/** Why the reservation was refused: decides the answer (locked vs. the generic one). */
async function refusalKind(where: Prisma.UserWhereUniqueInput): Promise<{ kind: 'unknown' | 'inactive' | 'locked'; userId: string | null }> {
  const user = await db.user.findUnique({ where, select: { id: true, active: true } })
  if (!user) return { kind: 'unknown', userId: null }
  if (!user.active) return { kind: 'inactive', userId: user.id }
  return { kind: 'locked', userId: user.id }
}

/** An Actor for events about a user who is signing in (no session yet, or a pending one). */
function signingInActor(user: { id: string; email: string; name: string; role: Role }, meta: RequestMeta, sessionId: string | null): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role, handlerId: null, sessionId, ip: meta.ip, userAgent: meta.userAgent }
}

// ───────────────────────────── sign-in ─────────────────────────────

export type SignInResult =
  | { ok: true; sessionId: string; userId: string; mfaPending: boolean }
  | { ok: false; reason: 'invalid' | 'locked' }

/**
 * Check an e-mail and password; on success open a fresh server-side session.
 * Unknown and deactivated e-mails get the same answer as a wrong password and
 * cost one argon2 verification too, so neither the message nor the time tells
 * them apart. Every outcome is audited.
 */
export async function authenticatePassword(emailInput: string, password: string, meta: RequestMeta): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase()
  const reserved = await reserveAttempt(Prisma.sql`u."email" = ${email}`)

  if (!reserved) {
    const { kind, userId } = await refusalKind({ email })
    if (kind !== 'locked') {
      await verifyAgainstDummy(password)
      await db.$transaction(
        (tx) =>
          recordAudit(tx, null, 'auth.sign_in_failed', userId ? { type: 'User', id: userId } : null, {
            outcome: 'FAILURE',
            actorLabel: email,
            ip: meta.ip,
            userAgent: meta.userAgent,
            details: { reason: kind === 'unknown' ? 'unknown_email' : 'account_inactive' },
          }),
        AUTH_TX,
      )
      return { ok: false, reason: 'invalid' }
    }
    await db.$transaction(
      (tx) =>
        recordAudit(tx, null, 'auth.sign_in_refused', { type: 'User', id: userId! }, {
          outcome: 'DENIED',
          actorLabel: email,
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: { reason: 'account_locked' },
        }),
      AUTH_TX,
    )
    return { ok: false, reason: 'locked' }
  }

  const match = await verifyPassword(reserved.passwordHash, password)
  if (!match) {
    const locked = await db.$transaction(async (tx) => {
      const didLock = await afterFailedAttempt(tx, reserved)
      const actor = signingInActor(reserved, meta, null)
      await recordAudit(tx, null, 'auth.sign_in_failed', { type: 'User', id: reserved.id }, {
        outcome: 'FAILURE',
        actorLabel: email,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: { reason: 'wrong_password', attempt: reserved.failedLoginCount },
      })
      if (didLock) {
        await recordAudit(tx, actor, 'auth.locked', { type: 'User', id: reserved.id }, {
          outcome: 'SUCCESS',
          actorLabel: email,
          details: { failedAttempts: reserved.failedLoginCount, windowMinutes: env().LOCKOUT_WINDOW_MINUTES, autoUnlockMinutes: env().LOCKOUT_AUTO_UNLOCK_MINUTES },
        })
      }
      return didLock
    }, AUTH_TX)
    return { ok: false, reason: locked ? 'locked' : 'invalid' }
  }

  const now = new Date()
  const mfaPending = reserved.mfaEnabledAt !== null
  const session = await db.$transaction(async (tx) => {
    await resetAttempts(tx, reserved.id)
    await tx.user.update({ where: { id: reserved.id }, data: { lastSeenAt: now, systemUseAcceptedAt: now }, select: { id: true } })
    const created = await tx.session.create({
      data: {
        userId: reserved.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + env().SESSION_MAX_HOURS * 3_600_000),
        mfaPending,
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 512) ?? null,
      },
      select: { id: true },
    })
    await recordAudit(tx, signingInActor(reserved, meta, created.id), mfaPending ? 'auth.password_verified' : 'auth.signed_in', { type: 'Session', id: created.id }, {
      details: { mfa: mfaPending ? 'pending' : 'not_enrolled', systemUseNoticeAcknowledged: true },
    })
    return created
  }, AUTH_TX)
  return { ok: true, sessionId: session.id, userId: reserved.id, mfaPending }
}

/**
 * Check a second factor for the user of a pending session, under the same
 * attempt reservation as passwords (a 6-digit code would otherwise fall to
 * guessing). `check` runs only when an attempt could be reserved.
 */
export async function reserveAndCheck(
  userId: string,
  meta: RequestMeta,
  check: () => Promise<boolean>,
): Promise<{ ok: true } | { ok: false; reason: 'invalid' | 'locked' }> {
  const reserved = await reserveAttempt(Prisma.sql`u."id" = ${userId}::uuid`)
  if (!reserved) return { ok: false, reason: 'locked' }
  if (await check()) {
    await db.$transaction((tx) => resetAttempts(tx, userId), AUTH_TX)
    return { ok: true }
  }
  const locked = await db.$transaction(async (tx) => {
    const didLock = await afterFailedAttempt(tx, reserved)
    if (didLock) {
      await revokeUserSessions(tx, userId, 'locked')
      await recordAudit(tx, signingInActor(reserved, meta, null), 'auth.locked', { type: 'User', id: userId }, {
        details: { failedAttempts: reserved.failedLoginCount, factor: 'mfa' },
      })
    }
    return didLock
  }, AUTH_TX)
  return { ok: false, reason: locked ? 'locked' : 'invalid' }
}

// ───────────────────────────── validation ─────────────────────────────

export type SessionUser = {
  id: string
  email: string
  name: string
  role: Role
  handlerId: string | null
  mustChangePassword: boolean
  mfaEnrolled: boolean
}

/** What a valid session still has to do before the app opens. */
export type PendingStep = 'mfa' | 'change-password' | 'mfa-setup' | null

export type SessionCheck =
  | { ok: true; sessionId: string; user: SessionUser; pending: PendingStep; createdAt: Date }
  | { ok: false; reason: SignOutReason }

type SessionRow = {
  id: string
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
  mfaPending: boolean
  revokedAt: Date | null
  revokedReason: string | null
  userId: string
  email: string
  name: string
  role: Role
  active: boolean
  mustChangePassword: boolean
  mfaEnabledAt: Date | null
  handlerId: string | null
}

/** The session and its user in one indexed lookup (every request runs it). */
const SESSION_CHECK: HotStatement = {
  name: 'k9_session_check',
  text: `SELECT s."id"::text AS "id", s."createdAt", s."lastSeenAt", s."expiresAt", s."mfaPending", s."revokedAt", s."revokedReason",
                u."id"::text AS "userId", u."email", u."name", u."role"::text AS "role", u."active", u."mustChangePassword", u."mfaEnabledAt",
                h."id"::text AS "handlerId"
           FROM "Session" s
           JOIN "User" u ON u."id" = s."userId"
      LEFT JOIN "Handler" h ON h."userId" = u."id"
          WHERE s."id" = $1::uuid`,
}

/**
 * Validate a session id from a token against the database, every request.
 * Refuses revoked, idle, expired sessions and deactivated users; marks an
 * expired session revoked once (and audits it) so the trail shows why the
 * user was signed out. Touches lastSeenAt at most once a minute.
 */
export async function checkSession(sessionId: string, meta: RequestMeta, now: Date = new Date()): Promise<SessionCheck> {
  const e = env()
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return { ok: false, reason: 'required' }
  const [row] = await hotRows<SessionRow>(SESSION_CHECK, [sessionId])
  const session = row && { ...row, user: { id: row.userId, email: row.email, name: row.name, role: row.role, active: row.active, mustChangePassword: row.mustChangePassword, mfaEnabledAt: row.mfaEnabledAt, handler: row.handlerId ? { id: row.handlerId } : null } }
  if (!session) return { ok: false, reason: 'required' }
  if (session.revokedAt) return { ok: false, reason: asReason(session.revokedReason) }

  const user = session.user
  const expiry: SignOutReason | null = !user.active
    ? 'deactivated'
    : now.getTime() >= session.expiresAt.getTime() || now.getTime() - session.createdAt.getTime() >= e.SESSION_MAX_HOURS * 3_600_000
      ? 'expired'
      : now.getTime() - session.lastSeenAt.getTime() > e.SESSION_IDLE_MINUTES * 60_000
        ? 'idle'
        : null
  if (expiry) {
    await db.$transaction(async (tx) => {
      const ended = await tx.session.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now, revokedReason: expiry } })
      if (ended.count === 1) {
        await recordAudit(tx, null, 'auth.session_ended', { type: 'Session', id: session.id }, {
          outcome: 'DENIED',
          actorLabel: user.email,
          ip: meta.ip,
          userAgent: meta.userAgent,
          details: { reason: expiry, userId: user.id, lastSeenAt: session.lastSeenAt.toISOString(), startedAt: session.createdAt.toISOString() },
        })
      }
    }, AUTH_TX)
    return { ok: false, reason: expiry }
  }

  if (now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_THROTTLE_MS) {
    const cutoff = new Date(now.getTime() - LAST_SEEN_THROTTLE_MS)
    const touched = await db.session.updateMany({ where: { id: session.id, revokedAt: null, lastSeenAt: { lte: cutoff } }, data: { lastSeenAt: now } })
    if (touched.count === 1) await db.user.update({ where: { id: user.id }, data: { lastSeenAt: now }, select: { id: true } })
  }

  const mfaEnrolled = user.mfaEnabledAt !== null
  const pending: PendingStep = session.mfaPending
    ? 'mfa'
    : user.mustChangePassword
      ? 'change-password'
      : !mfaEnrolled && mfaRequired()
        ? 'mfa-setup'
        : null
  return {
    ok: true,
    sessionId: session.id,
    createdAt: session.createdAt,
    pending,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      handlerId: user.handler?.id ?? null,
      mustChangePassword: user.mustChangePassword,
      mfaEnrolled,
    },
  }
}

function asReason(value: string | null): SignOutReason {
  const known: readonly string[] = ['signed-out', 'idle', 'expired', 'revoked', 'deactivated', 'role-changed', 'password-changed', 'password-reset', 'mfa-reset', 'locked']
  return value && known.includes(value) ? (value as SignOutReason) : 'revoked'
}

// ───────────────────────────── ending sessions ─────────────────────────────

/** End every open session of a user (deactivation, role change, password or MFA reset), optionally keeping one. */
export async function revokeUserSessions(tx: Tx, userId: string, reason: SignOutReason, exceptSessionId?: string): Promise<number> {
  const ended = await tx.session.updateMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { revokedAt: new Date(), revokedReason: reason },
  })
  return ended.count
}

/** Sign-out: end this session and audit it. Harmless on an already-ended session. */
export async function endSession(sessionId: string, meta: RequestMeta): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(sessionId)) return
  await db.$transaction(async (tx) => {
    const session = await tx.session.findUnique({
      where: { id: sessionId },
      select: { id: true, revokedAt: true, user: { select: { id: true, email: true, name: true, role: true } } },
    })
    if (!session || session.revokedAt) return
    await tx.session.update({ where: { id: session.id }, data: { revokedAt: new Date(), revokedReason: 'signed-out' }, select: { id: true } })
    await recordAudit(tx, signingInActor(session.user, meta, session.id), 'auth.signed_out', { type: 'Session', id: session.id })
  }, AUTH_TX)
}

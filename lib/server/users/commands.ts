import 'server-only'
import { randomInt } from 'node:crypto'
import { Prisma } from '@/lib/generated/prisma/client'
import type { Role } from '@/lib/generated/prisma/enums'
import { AppError } from '@/lib/errors'
import type { ChangePasswordInput } from '@/lib/schemas/auth'
import type { ChangeRoleInput, CreateUserInput, UserTargetInput } from '@/lib/schemas/users'
import type { Actor } from '../actor'
import { appendAudit, recordAudit } from '../audit'
import { db, type Tx } from '../db'
import { handlerLabel, matchHandler } from '../handlers/match'
import { hashPassword, passwordProblems, verifyPassword } from '../passwords'
import { assertCan } from '../policy'
import { reserveAndCheck, revokeUserSessions } from '../session'

/**
 * User administration (role ADMIN, permission users:manage) and a user's own
 * password change. Each command: authorize → transaction → audit; anything
 * that changes what a user may do ends their sessions in the same
 * transaction (decision 004).
 */

const TEMP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'

/** A random temporary password: 4 groups of 5 (about 99 bits), easy to read out and type once. */
export function temporaryPassword(): string {
  const groups: string[] = []
  for (let g = 0; g < 4; g++) {
    let s = ''
    for (let i = 0; i < 5; i++) s += TEMP_ALPHABET[randomInt(TEMP_ALPHABET.length)]
    groups.push(s)
  }
  return groups.join('-')
}

const NOT_FOUND = () => new AppError('NOT_FOUND', 'That user does not exist.')
const STALE = () => new AppError('CONFLICT', 'Someone else changed this account while you were looking at it. Review it and try again.')

type Target = { id: string; email: string; name: string; role: Role; active: boolean; version: number; lockedAt: Date | null; mfaEnabledAt: Date | null }

async function loadTarget(tx: Tx, input: UserTargetInput): Promise<Target> {
  // Row lock: the version check and the "last administrator" check see a stable row.
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "User" WHERE "id" = ${input.userId}::uuid FOR UPDATE`
  if (rows.length === 0) throw NOT_FOUND()
  const user = await tx.user.findUniqueOrThrow({
    where: { id: input.userId },
    select: { id: true, email: true, name: true, role: true, active: true, version: true, lockedAt: true, mfaEnabledAt: true },
  })
  if (user.version !== input.version) throw STALE()
  return user
}

async function bump(tx: Tx, target: Target, data: Prisma.UserUpdateManyMutationInput) {
  const updated = await tx.user.updateMany({ where: { id: target.id, version: target.version }, data: { ...data, version: { increment: 1 } } })
  if (updated.count !== 1) throw STALE()
}

/** SECURITY: the unit must never lose its last way into user administration. */
async function assertNotLastAdmin(tx: Tx, target: Target, what: string) {
  if (target.role !== 'ADMIN' || !target.active) return
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${0x4b39_4144})` // "K9AD": serialises the count below
  const admins = await tx.user.count({ where: { role: 'ADMIN', active: true } })
  if (admins <= 1) throw new AppError('CONFLICT', `This is the only active administrator: ${what} would leave nobody able to manage accounts. Create another administrator first.`)
}

function notSelf(actor: Actor, target: Target, what: string) {
  if (actor.id === target.id) throw new AppError('CONFLICT', `You cannot ${what} your own account. Ask another administrator.`)
}

/** Create an account with a temporary password the user must change at first sign-in. Audits users.created. */
export async function createUser(actor: Actor, input: CreateUserInput): Promise<{ id: string; temporaryPassword: string }> {
  assertCan(actor, 'users:manage')
  const password = temporaryPassword()
  const passwordHash = await hashPassword(password)
  try {
    const id = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash, mustChangePassword: true },
        select: { id: true },
      })
      const handlerId = await linkHandlerProfile(tx, input, user.id)
      await recordAudit(tx, actor, 'users.created', { type: 'User', id: user.id }, {
        details: { after: { email: input.email, name: input.name, role: input.role, handlerId } },
      })
      return user.id
    })
    return { id, temporaryPassword: password }
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('CONFLICT', 'An account with this e-mail address already exists.', { email: ['An account with this e-mail address already exists.'] })
    }
    throw error
  }
}

/**
 * Links the new account to its handler profile: by id, or by what the
 * administrator typed (a badge number or a name, lib/server/handlers/match.ts;
 * active handlers only, as for a new pairing). The profile must have no
 * account yet; the update re-checks that, so two administrators linking the
 * same profile at once cannot both succeed. Field errors name the problem
 * next to the field used. Null when no profile is named.
 */
async function linkHandlerProfile(tx: Tx, input: CreateUserInput, userId: string): Promise<string | null> {
  let handler: { id: string; firstName: string; lastName: string; badgeNumber: string } | null
  if (input.handlerId) {
    handler = await tx.handler.findUnique({ where: { id: input.handlerId }, select: { id: true, firstName: true, lastName: true, badgeNumber: true } })
    if (!handler) throw new AppError('CONFLICT', 'That handler profile no longer exists.', { handlerId: ['Choose a handler profile that has no account yet.'] })
  } else if (input.handler) {
    const match = await matchHandler(tx, input.handler)
    if (!match.ok) throw new AppError('VALIDATION', 'Check the handler profile.', { handler: [match.message] })
    handler = match.handler
  } else return null
  const linked = await tx.handler.updateMany({ where: { id: handler.id, userId: null }, data: { userId, version: { increment: 1 } } })
  if (linked.count !== 1) {
    throw new AppError('CONFLICT', 'That handler profile is already linked to another account.', {
      [input.handlerId ? 'handlerId' : 'handler']: [`${handlerLabel(handler)} already has an account. Choose a handler profile that has no account yet.`],
    })
  }
  return handler.id
}

/** Change a user's role; their sessions end so the new role applies from their next sign-in. Audits users.role_changed. */
export async function changeRole(actor: Actor, input: ChangeRoleInput): Promise<void> {
  assertCan(actor, 'users:manage')
  await db.$transaction(async (tx) => {
    const target = await loadTarget(tx, input)
    if (target.role === input.role) return
    notSelf(actor, target, 'change the role of')
    await assertNotLastAdmin(tx, target, 'changing its role')
    await bump(tx, target, { role: input.role })
    const ended = await revokeUserSessions(tx, target.id, 'role-changed')
    await recordAudit(tx, actor, 'users.role_changed', { type: 'User', id: target.id }, {
      details: { before: { role: target.role }, after: { role: input.role }, sessionsEnded: ended },
    })
  })
}

/** Deactivate: the user cannot sign in and their open sessions end at their next click. Audits users.deactivated. */
export async function deactivateUser(actor: Actor, input: UserTargetInput): Promise<void> {
  assertCan(actor, 'users:manage')
  await db.$transaction(async (tx) => {
    const target = await loadTarget(tx, input)
    if (!target.active) return
    notSelf(actor, target, 'deactivate')
    await assertNotLastAdmin(tx, target, 'deactivating it')
    await bump(tx, target, { active: false })
    const ended = await revokeUserSessions(tx, target.id, 'deactivated')
    await recordAudit(tx, actor, 'users.deactivated', { type: 'User', id: target.id }, { details: { before: { active: true }, after: { active: false }, sessionsEnded: ended } })
  })
}

/** Reactivate a deactivated account. Audits users.reactivated. */
export async function reactivateUser(actor: Actor, input: UserTargetInput): Promise<void> {
  assertCan(actor, 'users:manage')
  await db.$transaction(async (tx) => {
    const target = await loadTarget(tx, input)
    if (target.active) return
    await bump(tx, target, { active: true, failedLoginCount: 0, failedLoginWindowAt: null, lockedAt: null, lockedUntil: null })
    await recordAudit(tx, actor, 'users.reactivated', { type: 'User', id: target.id }, { details: { before: { active: false }, after: { active: true } } })
  })
}

/** Lift a lockout and clear the failed-attempt count. Audits auth.unlocked. */
export async function unlockUser(actor: Actor, input: UserTargetInput): Promise<void> {
  assertCan(actor, 'users:manage')
  await db.$transaction(async (tx) => {
    const target = await loadTarget(tx, input)
    await bump(tx, target, { failedLoginCount: 0, failedLoginWindowAt: null, lockedAt: null, lockedUntil: null })
    await recordAudit(tx, actor, 'auth.unlocked', { type: 'User', id: target.id }, { details: { wasLocked: target.lockedAt !== null, lockedAt: target.lockedAt?.toISOString() ?? null } })
  })
}

/** Remove a user's second factor (lost phone): they set it up again at next sign-in. Ends their sessions. Audits auth.mfa_reset. */
export async function resetMfa(actor: Actor, input: UserTargetInput): Promise<void> {
  assertCan(actor, 'users:manage')
  await db.$transaction(async (tx) => {
    const target = await loadTarget(tx, input)
    await bump(tx, target, { mfaSecret: null, mfaEnabledAt: null, mfaLastUsedStep: null })
    await tx.recoveryCode.deleteMany({ where: { userId: target.id } })
    const ended = await revokeUserSessions(tx, target.id, 'mfa-reset')
    await recordAudit(tx, actor, 'auth.mfa_reset', { type: 'User', id: target.id }, { details: { wasEnrolled: target.mfaEnabledAt !== null, sessionsEnded: ended } })
  })
}

/** Issue a new temporary password (must be changed at next sign-in); ends sessions and lifts a lockout. Audits auth.password_reset. */
export async function resetPassword(actor: Actor, input: UserTargetInput): Promise<{ temporaryPassword: string }> {
  assertCan(actor, 'users:manage')
  const password = temporaryPassword()
  const passwordHash = await hashPassword(password)
  await db.$transaction(async (tx) => {
    const target = await loadTarget(tx, input)
    notSelf(actor, target, 'reset the password of')
    await bump(tx, target, { passwordHash, mustChangePassword: true, passwordChangedAt: new Date(), failedLoginCount: 0, failedLoginWindowAt: null, lockedAt: null, lockedUntil: null })
    const ended = await revokeUserSessions(tx, target.id, 'password-reset')
    await recordAudit(tx, actor, 'auth.password_reset', { type: 'User', id: target.id }, { details: { sessionsEnded: ended } })
  })
  return { temporaryPassword: password }
}

/** End every session of a user now. Audits users.sessions_ended. */
export async function endUserSessions(actor: Actor, input: UserTargetInput): Promise<number> {
  assertCan(actor, 'users:manage')
  return db.$transaction(async (tx) => {
    const target = await loadTarget(tx, input)
    const ended = await revokeUserSessions(tx, target.id, 'revoked', actor.id === target.id ? (actor.sessionId ?? undefined) : undefined)
    await recordAudit(tx, actor, 'users.sessions_ended', { type: 'User', id: target.id }, { details: { sessionsEnded: ended } })
    return ended
  })
}

/**
 * A user changes their own password (also the forced change after a
 * temporary one). The current password is checked under the lockout's attempt
 * reservation; the other sessions of the user end, this one stays.
 * Audits auth.password_changed.
 */
export async function changeOwnPassword(actor: Actor, input: ChangePasswordInput): Promise<void> {
  const problems = passwordProblems(input.newPassword, { email: actor.email, name: actor.name })
  if (problems.length) throw new AppError('VALIDATION', 'Choose another new password.', { newPassword: problems })
  const current = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } })
  const check = await reserveAndCheck(actor.id, actor, () => verifyPassword(current.passwordHash, input.currentPassword))
  if (!check.ok) {
    await appendAudit(actor, 'auth.password_change_failed', { type: 'User', id: actor.id }, { outcome: 'FAILURE', details: { locked: check.reason === 'locked' } })
    if (check.reason === 'locked') throw new AppError('FORBIDDEN', 'Too many wrong passwords: the account is locked. Ask an administrator to unlock it.')
    throw new AppError('VALIDATION', 'The current password is not right.', { currentPassword: ['The current password is not right.'] })
  }
  const passwordHash = await hashPassword(input.newPassword)
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.id },
      data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date(), version: { increment: 1 } },
      select: { id: true },
    })
    const ended = await revokeUserSessions(tx, actor.id, 'password-changed', actor.sessionId ?? undefined)
    await recordAudit(tx, actor, 'auth.password_changed', { type: 'User', id: actor.id }, { details: { otherSessionsEnded: ended } })
  })
}

/** A user signs out their other sessions (a forgotten shared computer). Audits auth.other_sessions_ended. */
export async function endMyOtherSessions(actor: Actor): Promise<number> {
  return db.$transaction(async (tx) => {
    const ended = await revokeUserSessions(tx, actor.id, 'revoked', actor.sessionId ?? undefined)
    await recordAudit(tx, actor, 'auth.other_sessions_ended', { type: 'User', id: actor.id }, { details: { sessionsEnded: ended } })
    return ended
  })
}

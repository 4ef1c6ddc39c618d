import 'server-only'
import type { Prisma } from '@/lib/generated/prisma/client'
import type { Role } from '@/lib/generated/prisma/enums'
import type { ListUsersInput } from '@/lib/schemas/users'
import type { Actor } from '../actor'
import { db } from '../db'
import { env } from '../env'
import { assertCan } from '../policy'
import { containsText } from '../same-text'

/** Reads for user administration (users:manage) and for a user's own account page. */

const PAGE_SIZE = 25

export type UserListRow = {
  id: string
  email: string
  name: string
  role: Role
  active: boolean
  locked: boolean
  mfaEnrolled: boolean
  mustChangePassword: boolean
  lastSeenAt: Date | null
}

/** A lock counts while it has no end or its end is in the future. */
function lockedNow(now: Date): Prisma.UserWhereInput {
  return { lockedAt: { not: null }, OR: [{ lockedUntil: null }, { lockedUntil: { gt: now } }] }
}

export async function listUsers(actor: Actor, input: ListUsersInput): Promise<{ rows: UserListRow[]; total: number; page: number; pageCount: number }> {
  assertCan(actor, 'users:manage')
  const now = new Date()
  const where: Prisma.UserWhereInput = {
    ...(input.q ? { OR: [{ email: containsText(input.q) }, { name: containsText(input.q) }] } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(input.status === 'inactive' ? { active: false } : input.status === 'active' ? { active: true } : {}),
    ...(input.status === 'locked' ? { AND: [lockedNow(now)] } : {}),
  }
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ active: 'desc' }, { name: 'asc' }, { id: 'asc' }],
      skip: (input.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: { id: true, email: true, name: true, role: true, active: true, lockedAt: true, lockedUntil: true, mfaEnabledAt: true, mustChangePassword: true, lastSeenAt: true },
    }),
  ])
  return {
    total,
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      active: u.active,
      locked: u.lockedAt !== null && (u.lockedUntil === null || u.lockedUntil > now),
      mfaEnrolled: u.mfaEnabledAt !== null,
      mustChangePassword: u.mustChangePassword,
      lastSeenAt: u.lastSeenAt,
    })),
  }
}

export type UserDetail = UserListRow & {
  version: number
  createdAt: Date
  passwordChangedAt: Date | null
  lockedAt: Date | null
  lockedUntil: Date | null
  failedLoginCount: number
  handler: { id: string; badgeNumber: string; name: string } | null
  sessions: Array<{ id: string; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null; mfaPending: boolean }>
}

/** One user for the admin detail page, with their open sessions. Null when there is no such user. */
export async function getUserForAdmin(actor: Actor, userId: string): Promise<UserDetail | null> {
  assertCan(actor, 'users:manage')
  const now = new Date()
  const e = env()
  const u = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true, email: true, name: true, role: true, active: true, version: true, createdAt: true,
      lockedAt: true, lockedUntil: true, failedLoginCount: true, mfaEnabledAt: true, mustChangePassword: true,
      lastSeenAt: true, passwordChangedAt: true,
      handler: { select: { id: true, badgeNumber: true, firstName: true, lastName: true } },
      sessions: {
        // Open sessions: not revoked, not past the absolute limit, not idle.
        where: { revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - e.SESSION_IDLE_MINUTES * 60_000) } },
        orderBy: { lastSeenAt: 'desc' },
        take: 20,
        select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true, mfaPending: true },
      },
    },
  })
  if (!u) return null
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    version: u.version,
    createdAt: u.createdAt,
    locked: u.lockedAt !== null && (u.lockedUntil === null || u.lockedUntil > now),
    lockedAt: u.lockedAt,
    lockedUntil: u.lockedUntil,
    failedLoginCount: u.failedLoginCount,
    mfaEnrolled: u.mfaEnabledAt !== null,
    mustChangePassword: u.mustChangePassword,
    lastSeenAt: u.lastSeenAt,
    passwordChangedAt: u.passwordChangedAt,
    handler: u.handler ? { id: u.handler.id, badgeNumber: u.handler.badgeNumber, name: `${u.handler.firstName} ${u.handler.lastName}` } : null,
    sessions: u.sessions,
  }
}

export type MyAccount = {
  email: string
  name: string
  role: Role
  mfaEnrolled: boolean
  recoveryCodesLeft: number
  passwordChangedAt: Date | null
  sessions: Array<{ id: string; createdAt: Date; lastSeenAt: Date; ip: string | null; userAgent: string | null; current: boolean }>
}

/** The signed-in user's own account page. */
export async function getMyAccount(actor: Actor): Promise<MyAccount> {
  const now = new Date()
  const e = env()
  const u = await db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      email: true, name: true, role: true, mfaEnabledAt: true, passwordChangedAt: true,
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
      sessions: {
        where: { revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - e.SESSION_IDLE_MINUTES * 60_000) } },
        orderBy: { lastSeenAt: 'desc' },
        take: 20,
        select: { id: true, createdAt: true, lastSeenAt: true, ip: true, userAgent: true },
      },
    },
  })
  return {
    email: u.email,
    name: u.name,
    role: u.role,
    mfaEnrolled: u.mfaEnabledAt !== null,
    recoveryCodesLeft: u._count.recoveryCodes,
    passwordChangedAt: u.passwordChangedAt,
    sessions: u.sessions.map((s) => ({ ...s, current: s.id === actor.sessionId })),
  }
}

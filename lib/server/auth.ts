import 'server-only'
import { cookies, headers } from 'next/headers'
import { notFound, redirect } from 'next/navigation'
import { cache } from 'react'
import { decode } from 'next-auth/jwt'
import { sessionCookieName } from '@/auth'
import '@/lib/schemas/messages'
import type { Actor } from './actor'
import { recordAudit, type AuditEntity } from './audit'
import { db } from './db'
import { env } from './env'
import { can, type Permission } from './policy'
import { checkSession, type PendingStep, type RequestMeta, type SessionCheck } from './session'

/**
 * Session → Actor for pages, server actions and route handlers
 * (CONVENTIONS.md "Authorize next to the data"). Every call validates the
 * session row in the database; React's cache() makes that one query per
 * request however many components ask. The proxy and layouts only redirect:
 * this module and lib/server/policy.ts are the security boundary.
 */

/** Where a session that still owes a step is sent (all outside the (app) layout). */
export const PENDING_STEP_PATH: Record<Exclude<PendingStep, null>, string> = {
  mfa: '/sign-in/verify',
  'change-password': '/sign-in/change-password',
  'mfa-setup': '/sign-in/setup-mfa',
}

/** Client IP and user agent of the current request, for the audit trail. */
export const requestMeta = cache(async (): Promise<RequestMeta> => {
  const h = await headers()
  const forwarded = h.get('x-forwarded-for')?.split(',')[0]?.trim()
  return {
    ip: (h.get('x-real-ip') ?? forwarded ?? null)?.slice(0, 64) ?? null,
    userAgent: h.get('user-agent')?.slice(0, 512) ?? null,
  }
})

/**
 * The session of this request, checked against the database; null when there
 * is no token at all (or one that does not decrypt, or has expired).
 * PERFORMANCE: the cookie is decrypted with Auth.js's own `decode` (the same
 * key derivation, algorithms and expiry check `auth()` applies) instead of
 * `auth()`, which runs the whole Auth.js request pipeline and re-encrypts a
 * fresh token on every call: a third of a small page's server time. The token
 * carries only the Session id; the database decides the rest (checkSession).
 */
export const currentSession = cache(async (): Promise<SessionCheck | null> => {
  const name = sessionCookieName()
  const token = (await cookies()).get(name)?.value
  if (!token) return null
  const sid = await sessionIdOf(token, name)
  if (!sid) return null
  return checkSession(sid, await requestMeta())
})

/**
 * Decrypted tokens, by their exact text: a token decrypts to the same payload
 * every time, so a browser's next request skips the key derivation and the
 * decryption. Only the session id and the expiry are kept; the expiry is
 * checked again on every use, and the database check still runs every time.
 * Bounded (oldest forgotten first); per process, nothing another instance needs.
 */
const DECODED_MAX = 2_000
const decoded = new Map<string, { sid: string; exp: number }>()
/** Auth.js's own clock tolerance (seconds) when it checks `exp`. */
const CLOCK_TOLERANCE_S = 15

async function sessionIdOf(token: string, cookieName: string): Promise<string | null> {
  const known = decoded.get(token)
  if (known) {
    if (Date.now() / 1000 <= known.exp + CLOCK_TOLERANCE_S) return known.sid
    decoded.delete(token)
    return null
  }
  const payload = await decode({ token, secret: env().AUTH_SECRET, salt: cookieName }).catch(() => null)
  const sid = payload?.sid
  if (typeof sid !== 'string' || sid.length === 0 || typeof payload?.exp !== 'number') return null
  if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!)
  decoded.set(token, { sid, exp: payload.exp })
  return sid
}

function toActor(check: Extract<SessionCheck, { ok: true }>, meta: RequestMeta): Actor {
  return {
    id: check.user.id,
    email: check.user.email,
    name: check.user.name,
    role: check.user.role,
    handlerId: check.user.handlerId,
    sessionId: check.sessionId,
    ip: meta.ip,
    userAgent: meta.userAgent,
  }
}

/** The signed-in user, or null when there is no fully signed-in session (none, ended, or a step still owed). */
export const getActor = cache(async (): Promise<Actor | null> => {
  const check = await currentSession()
  if (!check?.ok || check.pending) return null
  return toActor(check, await requestMeta())
})

/**
 * The signed-in user, or a redirect: to /sign-in?reason=… when the session is
 * missing or ended, to the MFA / change-password / MFA-setup step it still owes.
 */
export async function requireActor(): Promise<Actor> {
  const check = await currentSession()
  if (!check) redirect('/sign-in?reason=required')
  if (!check.ok) redirect(`/sign-in?reason=${check.reason}`)
  if (check.pending) redirect(PENDING_STEP_PATH[check.pending])
  return toActor(check, await requestMeta())
}

/**
 * For pages: the actor when their role has `permission`, otherwise the same
 * 404 a missing page gives (the refusal is audited).
 */
export async function requirePermission(permission: Permission): Promise<Actor> {
  const actor = await requireActor()
  if (!can(actor, permission)) {
    await recordRefusal(actor, permission)
    notFound()
  }
  return actor
}

/**
 * For the pages of a pending step (/sign-in/verify, …): the session and its
 * user while that step is owed; otherwise redirect to where the session
 * belongs (sign-in, another step, or the app).
 */
export async function requirePendingStep(step: Exclude<PendingStep, null>): Promise<Extract<SessionCheck, { ok: true }> & { meta: RequestMeta }> {
  const check = await currentSession()
  if (!check) redirect('/sign-in?reason=required')
  if (!check.ok) redirect(`/sign-in?reason=${check.reason}`)
  if (check.pending !== step) redirect(check.pending ? PENDING_STEP_PATH[check.pending] : '/')
  return { ...check, meta: await requestMeta() }
}

/** Audit a refused access (outcome DENIED) in its own transaction. Never throws: a refusal must still be answered. */
export async function recordRefusal(actor: Actor, permission: Permission | string, entity: AuditEntity = null, details: Record<string, unknown> = {}): Promise<void> {
  try {
    const path = (await headers()).get('x-k9-path')?.slice(0, 300)
    await db.$transaction((tx) =>
      recordAudit(tx, actor, 'access.denied', entity, { outcome: 'DENIED', details: { permission, ...(path ? { path } : {}), ...details } }),
    )
  } catch (error) {
    console.error('[audit] could not record a refused access', error)
  }
}

// ───────────────────────────── route handlers ─────────────────────────────

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * SECURITY: a state-changing request must come from our own pages. Browsers
 * send Origin on every cross-site POST/PUT/PATCH/DELETE (and on same-origin
 * ones); it must name the host the request was sent to. (Server actions get
 * the same check from Next.js itself.)
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin')
  if (!origin || origin === 'null') return false
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    return false
  }
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() ?? request.headers.get('host') ?? new URL(request.url).host
  return originHost === host
}

/**
 * For route handlers: the actor when the session is valid and the role has
 * `permission`, otherwise the Response to return (401 signed out, 403 wrong
 * origin, 404 for a role without the permission — the same as no such route).
 * Non-GET requests must pass the origin check. 'authenticated' asks only for
 * a signed-in user, for handlers whose record rule decides the rest (say so
 * in lib/server/action-registry.ts).
 *
 *   const auth = await authorizeRoute(request, 'audit:read')
 *   if ('response' in auth) return auth.response
 *   const { actor } = auth
 */
export async function authorizeRoute(request: Request, permission: Permission | 'authenticated'): Promise<{ actor: Actor } | { response: Response }> {
  if (!SAFE_METHODS.has(request.method.toUpperCase()) && !isSameOrigin(request)) {
    return { response: Response.json({ error: 'This request did not come from this site.' }, { status: 403 }) }
  }
  const actor = await getActor()
  if (!actor) return { response: Response.json({ error: 'Sign in to continue.' }, { status: 401 }) }
  if (permission !== 'authenticated' && !can(actor, permission)) {
    await recordRefusal(actor, permission, null, { method: request.method, url: new URL(request.url).pathname })
    return { response: Response.json({ error: 'Not found.' }, { status: 404 }) }
  }
  return { actor }
}


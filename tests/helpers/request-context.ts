/**
 * The request a test is "serving", per async call chain: hostile-input sends
 * many payloads at once, each as its own user, so the mocked `@/auth` and
 * `next/headers` read the session and headers of the call that asks.
 *
 * lib/server/auth.ts reads the session from the session cookie (decrypted with
 * Auth.js's `decode`), so the mocked `cookies()` carries a real token for the
 * fake request's session id, encrypted with this process's AUTH_SECRET under
 * the real cookie name: the app's own decryption and database check run.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { encode } from 'next-auth/jwt'

export type FakeRequest = { sid: string | null; headers: Headers }

export const requestContext = new AsyncLocalStorage<FakeRequest>()

export function currentFakeRequest(): FakeRequest {
  return requestContext.getStore() ?? { sid: null, headers: new Headers() }
}

const tokens = new Map<string, Promise<string>>()

/** The session cookie the browser would send for the current fake request (none when signed out). */
export async function currentSessionCookie(cookieName: string): Promise<{ name: string; value: string } | undefined> {
  const sid = currentFakeRequest().sid
  if (!sid) return undefined
  const key = `${cookieName}\n${sid}`
  let token = tokens.get(key)
  if (!token) {
    token = encode({ token: { sid }, secret: process.env.AUTH_SECRET!, salt: cookieName, maxAge: 3600 })
    tokens.set(key, token)
  }
  return { name: cookieName, value: await token }
}

/** `cookies()` of next/headers for the current fake request: the session cookie only; writes are ignored. */
export async function fakeCookies() {
  const { sessionCookieName } = await import('@/auth')
  const cookie = await currentSessionCookie(sessionCookieName())
  return {
    get: (name: string) => (cookie && name === cookie.name ? cookie : undefined),
    getAll: () => (cookie ? [cookie] : []),
    has: (name: string) => !!cookie && name === cookie.name,
    set: () => undefined,
    delete: () => undefined,
  }
}

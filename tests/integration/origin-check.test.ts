import path from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { ACTION_REGISTRY } from '@/lib/server/action-registry'
import { isSameOrigin } from '@/lib/server/auth'
import { db } from '@/lib/server/db'
import { requestContext } from '../helpers/request-context'

/**
 * State-changing route handlers refuse requests from other sites (issue 9
 * item 7; docs/decisions/017-hostile-input.md). Every POST/PUT/PATCH/DELETE
 * export in the action registry (the authorization matrix keeps it complete)
 * is called as a signed-in supervisor with a foreign, missing or "null"
 * Origin: the answer is 403 before anything is read or written. The same
 * request from our own origin gets past the check (any answer but 403).
 * Server actions get the same check from Next.js; e2e/headers.spec.ts sends a
 * cross-site action POST to the production build.
 */

vi.mock('@/auth', async (importOriginal) => {
  const { currentFakeRequest } = await import('../helpers/request-context')
  const { sessionCookieName } = await importOriginal<typeof import('@/auth')>()
  return {
    sessionCookieName,
    auth: async () => (currentFakeRequest().sid ? { sid: currentFakeRequest().sid } : null),
    signIn: async () => undefined,
    signOut: async () => undefined,
  }
})
vi.mock('next/headers', async () => {
  const { currentFakeRequest, fakeCookies } = await import('../helpers/request-context')
  return { headers: async () => currentFakeRequest().headers, cookies: fakeCookies }
})

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const ROUTES = Object.keys(ACTION_REGISTRY)
  .map((key) => key.split('#') as [string, string])
  .filter(([file, method]) => file.endsWith('route.ts') && UNSAFE.has(method))

const NIL = '00000000-0000-7000-8000-000000000000'
let sid: string

beforeAll(async () => {
  const user = await db.user.create({ data: { email: 'origin-check@k9.test', name: 'Origin Check', role: 'SUPERVISOR', passwordHash: 'x', mfaEnabledAt: new Date() }, select: { id: true } })
  const now = Date.now()
  sid = (await db.session.create({ data: { userId: user.id, lastSeenAt: new Date(now + 86_400_000), expiresAt: new Date(now + 3_600_000) }, select: { id: true } })).id
})

function urlOf(file: string): string {
  const p = file
    .replace(/^app\//, '')
    .replace(/\/route\.ts$/, '')
    .split('/')
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => (/^\[\w+\]$/.test(s) ? NIL : s))
    .join('/')
  return `http://k9.test/${p}?kind=DOG_PHOTO&targetId=${NIL}`
}

async function send(file: string, method: string, origin: string | null): Promise<Response> {
  const mod = (await import(/* @vite-ignore */ path.join(process.cwd(), file))) as Record<string, (r: Request, c: unknown) => Promise<Response>>
  const headers = new Headers({ host: 'k9.test', 'content-type': 'application/octet-stream' })
  if (origin !== null) headers.set('origin', origin)
  const request = new Request(urlOf(file), { method, headers, body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) })
  const params = Object.fromEntries([...file.matchAll(/\[(\w+)\]/g)].map((m) => [m[1]!, NIL]))
  return requestContext.run({ sid, headers: request.headers }, () => mod[method]!(request, { params: Promise.resolve(params) }))
}

describe('state-changing route handlers refuse other origins', () => {
  it('finds the state-changing route handlers', () => {
    expect(ROUTES.map(([f, m]) => `${f}#${m}`)).toEqual(expect.arrayContaining(['app/(app)/dogs/[dogId]/photo/route.ts#POST', 'app/api/uploads/route.ts#POST']))
  })

  it.each(ROUTES)('%s %s: 403 from another site, without Origin and from an opaque origin; past the check from our own', async (file, method) => {
    for (const origin of ['https://evil.example', 'http://k9.test.evil.example', 'http://k9.test:8443', null, 'null']) {
      const response = await send(file, method, origin)
      expect(response.status, `Origin ${origin}`).toBe(403)
      expect(await response.json()).toEqual({ error: 'This request did not come from this site.' })
    }
    const own = await send(file, method, 'http://k9.test')
    expect(own.status).not.toBe(403)
  })

  it('the shared check compares the Origin with the host the request was sent to (or the proxy’s forwarded host)', () => {
    const req = (origin: string, extra: Record<string, string> = {}) => new Request('http://internal:3000/x', { method: 'POST', headers: { origin, host: 'internal:3000', ...extra } })
    expect(isSameOrigin(req('http://internal:3000'))).toBe(true)
    expect(isSameOrigin(req('https://k9.example.gov', { 'x-forwarded-host': 'k9.example.gov' }))).toBe(true)
    expect(isSameOrigin(req('https://evil.example', { 'x-forwarded-host': 'k9.example.gov' }))).toBe(false)
    expect(isSameOrigin(req('not a url'))).toBe(false)
  })
})

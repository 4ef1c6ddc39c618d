import { expect, test, type APIResponse } from '@playwright/test'
import { signInAs, signInThroughForm } from './support/sign-in'

/**
 * Security headers on every kind of route of the production build (issue 9
 * item 7; docs/decisions/017-hostile-input.md): pages signed in and out,
 * redirects, the 404 page, route handlers (their error answers too), static
 * assets and the icon. Session cookie flags, and a cross-site server-action
 * POST refused.
 */

const NIL = '00000000-0000-7000-8000-000000000000'

/** kind: a document gets the nonce policy; other responses deny everything; route handlers outside /api pass through proxy.ts and may carry either. */
function expectSecurityHeaders(response: APIResponse, what: string, kind: 'document' | 'other' | 'handler') {
  const h = response.headers()
  expect(h['x-content-type-options'], `${what}: nosniff`).toBe('nosniff')
  expect(h['referrer-policy'], `${what}: Referrer-Policy`).toBe('strict-origin-when-cross-origin')
  expect(h['x-frame-options'], `${what}: X-Frame-Options`).toBe('DENY')
  expect(h['permissions-policy'], `${what}: Permissions-Policy`).toContain('camera=()')
  expect(h['strict-transport-security'], `${what}: HSTS`).toMatch(/max-age=\d{8,}/)
  expect(h['x-powered-by'], `${what}: X-Powered-By`).toBeUndefined()
  const csp = h['content-security-policy']
  expect(csp, `${what}: Content-Security-Policy`).toBeTruthy()
  expect(csp, `${what}: frame-ancestors`).toContain("frame-ancestors 'none'")
  if (kind === 'document') {
    // A fresh nonce names the only scripts that may run; no 'unsafe-inline' for scripts.
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/)
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    expect(csp).toContain("object-src 'none'")
  } else if (kind === 'other') {
    expect(csp).toContain("default-src 'none'")
  }
}

test.describe('security headers on every route', () => {
  test.describe.configure({ timeout: 120_000 })
  test('signed out: the sign-in page, a redirect to it, the 404 page, static assets and the icon', async ({ request }) => {
    const signIn = await request.get('/sign-in')
    expect(signIn.status()).toBe(200)
    expectSecurityHeaders(signIn, '/sign-in', 'document')
    const html = await signIn.text()

    // Two requests, two nonces.
    const again = await request.get('/sign-in')
    expect(again.headers()['content-security-policy']).not.toBe(signIn.headers()['content-security-policy'])

    const redirect = await request.get('/dogs', { maxRedirects: 0 })
    expect(redirect.status()).toBe(307)
    expectSecurityHeaders(redirect, 'redirect to sign-in', 'document')

    const missing = await request.get('/sign-in/no-such-page')
    expect(missing.status()).toBe(404)
    expectSecurityHeaders(missing, '404 page', 'document')

    const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css|woff2))"/g)].map((m) => m[1]!)
    expect(assets.length).toBeGreaterThan(0)
    for (const asset of [...new Set(assets)].slice(0, 4)) {
      const r = await request.get(asset)
      expect(r.status(), asset).toBe(200)
      expectSecurityHeaders(r, asset, 'other')
    }
    const missingAsset = await request.get('/_next/static/chunks/no-such-chunk.js')
    expect(missingAsset.status()).toBe(404)
    expectSecurityHeaders(missingAsset, 'missing static asset', 'other')

    const icon = await request.get('/icon.svg')
    expect(icon.status()).toBe(200)
    expectSecurityHeaders(icon, '/icon.svg', 'other')

    // Route handlers signed out: 401 with the same headers.
    const api = await request.get(`/api/attachments/${NIL}`)
    expect(api.status()).toBe(401)
    expectSecurityHeaders(api, '/api/attachments (signed out)', 'other')
  })

  test('signed in: pages, the 404 page, route handlers and their refusals', async ({ page }) => {
    await signInAs(page, 'ruiz@k9.test')
    const request = page.request
    for (const path of ['/', '/dogs', '/incidents', '/evidence', '/investigations', '/alerts', '/search?q=rex', '/account', '/medical']) {
      const r = await request.get(path)
      expect(r.status(), path).toBe(200)
      expectSecurityHeaders(r, path, 'document')
    }
    const missing = await request.get('/no-such-page')
    expect(missing.status()).toBe(404)
    expectSecurityHeaders(missing, '404 page (signed in)', 'document')
    const missingDog = await request.get(`/dogs/${NIL}`)
    expect(missingDog.status()).toBe(404)
    expectSecurityHeaders(missingDog, 'a dog that does not exist', 'document')

    const handlers: Array<[string, number | null]> = [
      [`/api/attachments/${NIL}`, 404],
      [`/dogs/${NIL}/photo`, 404],
      [`/evidence/${NIL}/custody-report`, 404],
      [`/investigations/${NIL}/case-file`, 404],
      ['/admin/audit/export?before=not-a-number', null], // 404 unless the role reads the audit trail
    ]
    for (const [path, status] of handlers) {
      const r = await request.get(path)
      if (status !== null) expect(r.status(), path).toBe(status)
      expect(r.status(), path).toBeLessThan(500)
      expectSecurityHeaders(r, path, 'handler')
    }

    // State-changing route handlers: another site is refused before anything is read.
    for (const path of [`/dogs/${NIL}/photo`, '/api/uploads?target=dogPhoto']) {
      const foreign = await request.post(path, { headers: { origin: 'https://evil.example' }, data: 'x' })
      expect(foreign.status(), path).toBe(403)
      expectSecurityHeaders(foreign, `${path} from another site`, 'handler')
    }
  })
})

test.describe('session cookie and server actions', () => {
  test.describe.configure({ timeout: 120_000 })
  test('the session cookie is HttpOnly, SameSite=Lax and Secure (__Secure- prefix) in production', async ({ page, context }) => {
    // The cookie as the server sets it at sign-in, not one kept from an earlier test.
    await signInThroughForm(page, 'ruiz@k9.test')
    const session = (await context.cookies()).find((c) => c.name.endsWith('k9.session'))
    expect(session, 'session cookie').toBeDefined()
    expect(session!.name).toBe('__Secure-k9.session')
    expect(session!.httpOnly).toBe(true)
    expect(session!.sameSite).toBe('Lax')
    expect(session!.secure).toBe(true)
  })

  test('a server action posted from another site is refused and signs nobody in', async ({ page, request }) => {
    // The sign-in form's own fields (its action id included), filled in with a real account.
    await page.goto('/sign-in')
    const fields = await page.locator('form').first().evaluate((form: HTMLFormElement) => [...new FormData(form).entries()].map(([k, v]) => [k, String(v)] as [string, string]))
    const body = Object.fromEntries(fields)
    Object.assign(body, { email: 'ruiz@k9.test', password: 'Rex-the-K9-2026!', acknowledge: 'on' })
    const actionId = Object.keys(body).find((k) => k.startsWith('$ACTION'))
    expect(actionId, 'the form posts to a server action').toBeTruthy()

    const foreign = await request.post('/sign-in', { multipart: body, headers: { origin: 'https://evil.example' }, maxRedirects: 0 })
    expect(foreign.status()).toBeGreaterThanOrEqual(400)
    expect(foreign.headers()['set-cookie'] ?? '').not.toContain('k9.session')

    // The same post from the site itself signs in: the refusal above was the origin, nothing else.
    const own = await request.post('/sign-in', { multipart: body, headers: { origin: new URL(page.url()).origin }, maxRedirects: 0 })
    expect(own.status()).toBeLessThan(400)
    expect(own.headers()['set-cookie'] ?? '').toContain('k9.session')
  })
})

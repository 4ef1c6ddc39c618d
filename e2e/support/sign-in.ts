import { expect, type Cookie, type Page } from '@playwright/test'

/** The password every seeded demo account shares (README, local use only). */
export const DEMO_PASSWORD = 'Rex-the-K9-2026!'

/**
 * Signs in through the real form (MFA is optional in the demo). For the specs
 * about signing in, signing out and the session cookie itself: every call is a
 * new sign-in and a new session, and nothing is kept for later tests.
 */
export async function signInThroughForm(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByLabel('I have read the notice and agree to these conditions').check()
  await page.getByRole('button', { name: 'Sign in' }).click()
  // Password hashing is deliberately slow, and slower still on a loaded CI machine.
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 30_000 })
}

/**
 * Each demo account's session cookie, from its first sign-in through the form
 * in this worker. Sessions are rows checked on every request (revocation, idle
 * and absolute expiry): a later test reusing one proves it is still open.
 */
const sessions = new Map<string, Cookie[]>()

/**
 * Signs a demo account in, as the journeys that are not about signing in
 * need: the first time in this worker through the real form, then by putting
 * that session's cookie into the page's browser context (as a browser that
 * signed in earlier would) and opening the app, which must not send it back
 * to the sign-in page. Specs that sign out or end sessions use
 * signInThroughForm, so no test ends a session another one reuses.
 * docs/decisions/022-ci-run-time.md.
 */
export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  const saved = password === DEMO_PASSWORD ? sessions.get(email) : undefined
  if (saved) {
    await page.context().addCookies(saved)
    await page.goto('/')
    await expect(page, `the session of ${email} signed in earlier is no longer accepted`).not.toHaveURL(/\/sign-in/)
    return
  }
  await signInThroughForm(page, email, password)
  if (password !== DEMO_PASSWORD) return
  const cookie = (await page.context().cookies()).filter((c) => c.name.endsWith('k9.session'))
  expect(cookie, `the session cookie of ${email}`).toHaveLength(1)
  sessions.set(email, cookie)
}

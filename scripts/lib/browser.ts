/**
 * What the measuring scripts (scripts/bench.ts, scripts/first-load.ts,
 * scripts/lighthouse.ts) share: Debian's Chromium with the flags that keep it
 * off the network, sign-in through the real form, and finding the pages to
 * measure on whichever dataset the server has (demo data or db:scale).
 */
import { chromium, type Browser } from 'playwright-core'

export const DEMO_PASSWORD = 'Rex-the-K9-2026!'
export const ACCOUNTS = { supervisor: 'ruiz@k9.test', detective: 'morgan@k9.test', tech: 'evans@k9.test', officer: 'carter@k9.test', vet: 'hayes@k9.test', admin: 'admin@k9.test' } as const
export type RoleKey = keyof typeof ACCOUNTS

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Without the background-networking flags Chromium floods the closed network with refused connections (shared/STACK.md). */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS, ...extraArgs] })
}

/** Signs in through the sign-in form once per role; returns each role's Cookie header. */
export async function signIn(baseURL: string, roles: RoleKey[]): Promise<Record<RoleKey, string>> {
  const browser = await launchChromium()
  const cookies = {} as Record<RoleKey, string>
  try {
    for (const role of roles) {
      const context = await browser.newContext({ baseURL })
      const page = await context.newPage()
      await page.goto('/sign-in')
      await page.getByLabel('E-mail').fill(ACCOUNTS[role])
      await page.getByLabel('Password').fill(DEMO_PASSWORD)
      await page.getByLabel('I have read the notice and agree to these conditions').check()
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 60_000 })
      cookies[role] = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
      await context.close()
    }
  } finally {
    await browser.close()
  }
  return cookies
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/**
 * The first record page a list page links to, e.g. firstLink(…, '/dogs', '/dogs/') → '/dogs/<id>'.
 * With `text`, the first link whose anchor text contains it (e.g. the reference dog "Rex").
 */
export async function firstLink(baseURL: string, cookie: string, list: string, prefix: string, text?: string): Promise<string | null> {
  const res = await fetch(`${baseURL}${list}`, { headers: { cookie }, redirect: 'manual' })
  if (res.status !== 200) return null
  const html = await res.text()
  const re = new RegExp(`<a[^>]+href="(${prefix.replace(/[/]/g, '\\/')}${UUID})"[^>]*>([\\s\\S]*?)</a>`, 'g')
  for (const m of html.matchAll(re)) {
    if (!text || m[2]!.replace(/<[^>]+>/g, '').includes(text)) return m[1]!
  }
  return text ? firstLink(baseURL, cookie, list, prefix) : null
}

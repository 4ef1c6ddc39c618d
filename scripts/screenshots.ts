/**
 * Screenshots of the main pages at desktop and phone widths, for looking at
 * what we build (DEVELOPERS.md, UI). Against a running app:
 *
 *   BASE_URL=http://localhost:3000 npx tsx scripts/screenshots.ts [outDir] [email] [path…]
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium } from '@playwright/test'

const base = process.env.BASE_URL ?? 'http://localhost:3000'
const [outDir = '.data/screenshots', email = 'carter@k9.test', ...paths] = process.argv.slice(2)
const pages = paths.length ? paths : ['/dogs', '/incidents', '/medical']

async function main() {
  mkdirSync(outDir, { recursive: true })
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
  for (const [name, viewport] of [['desktop', { width: 1366, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    await page.goto(`${base}/sign-in`)
    await page.getByLabel('E-mail').fill(email)
    await page.getByLabel('Password').fill(process.env.PASSWORD ?? 'Rex-the-K9-2026!')
    await page.getByLabel('I have read the notice and agree to these conditions').check()
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'))
    for (const p of pages) {
      await page.goto(`${base}${p}`)
      const file = path.join(outDir, `${name}${p.replace(/[^\w]+/g, '_')}.png`)
      await page.waitForLoadState('networkidle')
      await page.screenshot({ path: file, fullPage: true })
      console.log(file)
    }
    await context.close()
  }
  await browser.close()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})

/**
 * `npm run first-load -- --url http://localhost:3000`: first-load JavaScript
 * (gzipped, every script the HTML loads except `nomodule` ones; see
 * scripts/lib/first-load-js.ts) of every page of a running production server
 * (`npm start`, the e2e server, or the bench's), signed in per role through the
 * real form. Record pages are found by following the list pages' first links,
 * so it works on the demo data and on a db:scale dataset alike.
 *
 *   --url <base>       the server (default http://localhost:3000)
 *   --json <file>      also write the figures as JSON
 *   --scripts          list each page's scripts with their sizes
 *   --budget <kB>      exit 1 when a page loads more (issue 10: 150)
 */
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { firstLink, signIn, type RoleKey } from './lib/browser'
import { firstLoadJs } from './lib/first-load-js'

export type MeasuredPage = { path: string; role: RoleKey; name: string }

/** The pages to measure, with record ids found on the server's own list pages. */
export async function discoverPages(baseURL: string, cookies: Record<RoleKey, string>): Promise<MeasuredPage[]> {
  const sup = cookies.supervisor
  const dog = await firstLink(baseURL, sup, '/dogs', '/dogs/', 'Rex')
  const handler = await firstLink(baseURL, sup, '/handlers', '/handlers/')
  const incident = await firstLink(baseURL, sup, '/incidents', '/incidents/')
  const evidence = await firstLink(baseURL, cookies.tech, '/evidence', '/evidence/')
  const investigation = await firstLink(baseURL, sup, '/investigations', '/investigations/')
  const medical = await firstLink(baseURL, sup, '/medical', '/medical/')
  const attachment = medical && (await firstLink(baseURL, cookies.vet, medical, '/attachments/'))
  const pages: Array<[string | null, RoleKey, string]> = [
    ['/', 'supervisor', 'dashboard'],
    ['/sign-in', 'supervisor', 'sign-in'],
    ['/dogs', 'supervisor', 'dogs'],
    [dog, 'supervisor', 'dog profile'],
    [dog && `${dog}/edit`, 'supervisor', 'dog edit'],
    ['/dogs/new', 'supervisor', 'dog new'],
    ['/handlers', 'supervisor', 'handlers'],
    [handler, 'supervisor', 'handler profile'],
    [handler && `${handler}/edit`, 'supervisor', 'handler edit'],
    ['/handlers/new', 'supervisor', 'handler new'],
    ['/incidents', 'supervisor', 'incidents'],
    ['/incidents/new', 'officer', 'incident new'],
    [incident, 'supervisor', 'incident detail'],
    [incident && `${incident}/edit`, 'supervisor', 'incident edit'],
    ['/evidence', 'tech', 'evidence'],
    ['/evidence/new', 'tech', 'evidence intake'],
    [evidence, 'tech', 'evidence item'],
    ['/evidence/locations', 'tech', 'storage locations'],
    ['/evidence/verification', 'tech', 'evidence verification'],
    ['/evidence/scan', 'tech', 'evidence scan'],
    ['/investigations', 'detective', 'investigations'],
    ['/investigations/new', 'detective', 'investigation new'],
    [investigation, 'supervisor', 'investigation'],
    [investigation && `${investigation}/graph`, 'supervisor', 'investigation graph'],
    [investigation && `${investigation}/finder`, 'detective', 'investigation finder'],
    ['/medical', 'supervisor', 'medical'],
    [medical, 'supervisor', 'medical record'],
    ['/medical/new', 'vet', 'medical new'],
    [attachment, 'vet', 'attachment viewer'],
    ['/alerts', 'supervisor', 'alerts'],
    ['/search?q=Rex', 'detective', 'search'],
    ['/account', 'supervisor', 'account'],
    ['/admin/users', 'admin', 'users'],
    ['/admin/users/new', 'admin', 'user new'],
    ['/admin/audit', 'admin', 'audit trail'],
  ]
  return pages.filter((p): p is [string, RoleKey, string] => !!p[0]).map(([path, role, name]) => ({ path, role, name }))
}

const anonymize = (p: string) => p.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '[id]')

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      json: { type: 'string' },
      scripts: { type: 'boolean', default: false },
      budget: { type: 'string' },
    },
  })
  const baseURL = values.url!.replace(/\/$/, '')
  const cookies = await signIn(baseURL, ['supervisor', 'detective', 'tech', 'officer', 'vet', 'admin'])
  const pages = await discoverPages(baseURL, cookies)
  const cache = new Map<string, number>()
  const rows: Array<{ page: string; route: string; gzip_kb: number | null; scripts: number | null; files?: Array<{ src: string; gzip_bytes: number }> }> = []
  for (const p of pages) {
    const r = await firstLoadJs(baseURL, p.name === 'sign-in' ? '' : cookies[p.role], p.path, cache)
    rows.push({ page: p.name, route: anonymize(p.path), gzip_kb: r?.kb ?? null, scripts: r?.files ?? null, ...(values.scripts ? { files: r?.scripts } : {}) })
  }
  console.log('| page | route | kB gzip | scripts |\n|---|---|---:|---:|')
  for (const r of rows) {
    console.log(`| ${r.page} | \`${r.route}\` | ${r.gzip_kb ?? 'n/a'} | ${r.scripts ?? ''} |`)
    if (values.scripts) for (const f of r.files ?? []) console.log(`|  | ${f.src} | ${(f.gzip_bytes / 1024).toFixed(1)} | |`)
  }
  const measured = rows.filter((r) => r.gzip_kb !== null).map((r) => r.gzip_kb!)
  console.log(`\n${measured.length} pages: ${Math.min(...measured)}–${Math.max(...measured)} kB gzipped.`)
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify({ date: new Date().toISOString(), baseURL, pages: rows }, null, 2)}\n`)
  const missing = rows.filter((r) => r.gzip_kb === null)
  if (missing.length) console.error(`Not measured (no 200): ${missing.map((r) => r.route).join(', ')}`)
  const budget = values.budget ? Number(values.budget) : null
  const over = budget === null ? [] : rows.filter((r) => r.gzip_kb !== null && r.gzip_kb > budget)
  if (over.length) console.error(`Over ${budget} kB: ${over.map((r) => `${r.route} (${r.gzip_kb})`).join(', ')}`)
  return missing.length || over.length ? 1 : 0
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error)
      process.exit(1)
    },
  )
}

/**
 * `npm run bench`: serves the production build against the statewide dataset
 * (`npm run db:scale`) and measures the pages people use most (issue 10).
 *
 *   npm run bench                        16 and 4 clients, 15 s per route each
 *   npm run bench -- --seconds 5 --clients 8
 *   npm run bench -- --smoke             a few requests per route (CI: proves the tools still work)
 *
 * For every route: p50/p95/p99 latency and requests per second at a fixed
 * number of concurrent signed-in clients (closed loop: each client sends its
 * next request when the last one answered), and the same data fetched by plain
 * SQL through `pg` at the same concurrency (the floor), with the ratio. The
 * page and its floor are driven in alternating bursts (--bursts, default 5:
 * app–raw, raw–app, …), so a host whose speed drifts slows both alike
 * (scripts/lib/bench-drive.ts).
 * Also: first-load JavaScript per page (gzipped, the scripts the HTML loads
 * except `nomodule` ones, which module-capable browsers skip),
 * server memory (RSS of the Next process tree, sampled under load), the
 * time to verify a 10,000-event custody chain, and Lighthouse scores of the
 * dog profile, incident list and investigation pages (scripts/lighthouse.ts;
 * --lighthouse-runs N, 0 to skip; none with --smoke).
 *
 * The control (bench/control, --no-control to skip): a bare 20-row Next.js page
 * with no session, layout or styles, built and served beside the app and
 * measured as a route, floor and all. Not a target: it shows how much of a
 * floor the framework alone leaves on this machine, in the same run.
 *
 * Sign-in is the real form in Chromium (Playwright, Debian's /usr/bin/chromium),
 * one account per role; the load itself is plain HTTP with those cookies.
 *
 * Database: DATABASE_URL (with --state <scale.json>) or the dedicated embedded
 * server that `npm run db:scale` filled (.data/scale.json says where).
 * Writes bench/results/<date>.json and .md (--out to choose another folder).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import zlib from 'node:zlib'
import pg from 'pg'
import { benchChain } from './bench-chain'
import { signIn, type RoleKey } from './lib/browser'
import { repoRoot, startEmbeddedPostgres } from './lib/embedded-pg'
import { firstLoadJs } from './lib/first-load-js'
import { deployMigrations } from './lib/migrate'
import { lighthouseTable, runLighthouse, type LighthouseScore } from './lighthouse'
import { bin, buildStatus, isPortFree, runCommand, terminate, waitForPort } from './lib/processes'
import { closeAllSchemaEngines } from './lib/schema-engine'
import { driveInterleaved, loadAgent, type Sample } from './lib/bench-drive'
import { captureStatements, replay, type CapturedStep } from './lib/sql-capture'
import { APP_SESSION_OPTIONS, HOT_SESSION_OPTIONS } from '@/lib/pg-sessions'
import { SCALE_PG_SETTINGS, SCALE_STATE_FILE } from './scale'

type ScaleState = {
  dataset: Record<string, number>
  port: number | null
  dataDir: string | null
  blobDir: string
  seconds: number
  ids: { longChainItem: string; fiftyChainItems: string[]; bigInvestigation: string; dogs: string[]; incidents: string[]; handlers: string[] }
}

type Result = {
  name: string
  clients: number
  requests: number
  errors: number
  p50_ms: number
  p95_ms: number
  p99_ms: number
  rps: number
  /** The same statements replayed through node-postgres (null: no statement log to capture them from). */
  raw_rps: number | null
  raw_p95_ms: number | null
  raw_p50_ms: number | null
  raw_errors: number | null
  /** rps / raw_rps. */
  ratio: number | null
  /** The lowest and highest ratio of a single burst (page and floor driven in alternating bursts; null with one). */
  ratio_bursts: { min: number; max: number } | null
  /** Statements the page sends per request (captured). */
  statements: number | null
  /** The control page (bench/control): measured like a page, never a target. */
  control?: true
}

// ───────────────────────────── measuring ─────────────────────────────

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

function summarize(samples: Sample[], elapsed: number) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b)
  return {
    requests: samples.length,
    errors: samples.filter((s) => !s.ok).length,
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    p99: quantile(ms, 0.99),
    rps: samples.length / Math.max(elapsed, 0.001),
  }
}

/** RSS of a process and its descendants, from /proc (Linux). */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const list = children.get(ppid) ?? []
      list.push(Number(entry))
      children.set(ppid, list)
    } catch {
      // gone
    }
  }
  let total = 0
  const stack = [pid]
  while (stack.length) {
    const p = stack.pop()!
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))
      if (m) total += Number(m[1]) * 1024
    } catch {
      // gone
    }
    stack.push(...(children.get(p) ?? []))
  }
  return total
}

// ───────────────────────────── the app ─────────────────────────────

/**
 * The load generator shares the machine's two cores with the server, so it is kept light: plain `node:http` on
 * kept-alive connections, asking for gzip as a browser does (the server compresses every page as it would for one),
 * but reading the compressed bytes without decoding them unless the caller needs the text. undici's `fetch`, which
 * decodes and builds a string of every page, cost the shared cores 2.5-2.7 ms per dog profile against 0.6-0.7 ms
 * this way (docs/performance.md, "The load generator"). The connections: `loadAgent` (scripts/lib/bench-drive.ts).
 */

async function request(
  baseURL: string,
  p: string,
  init: { cookie: string; method?: 'GET' | 'POST'; body?: Buffer; contentType?: string; origin?: string; text?: boolean },
): Promise<{ status: number; body: string }> {
  const url = new URL(p, baseURL)
  const headers: http.OutgoingHttpHeaders = { cookie: init.cookie, 'accept-encoding': 'gzip, deflate, br' }
  if (init.body) Object.assign(headers, { 'content-type': init.contentType, 'content-length': init.body.length, origin: init.origin })
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: init.method ?? 'GET', agent: loadAgent, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (b: Buffer) => {
        if (init.text) chunks.push(b)
      })
      res.on('error', reject)
      res.on('end', () => {
        if (!init.text) return resolve({ status: res.statusCode ?? 0, body: '' })
        const raw = Buffer.concat(chunks)
        const encoding = res.headers['content-encoding']
        const bytes = encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'deflate' ? zlib.inflateSync(raw) : raw
        resolve({ status: res.statusCode ?? 0, body: bytes.toString('utf8') })
      })
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/** A page as a signed-in browser asks for it; its text only when `text` (checking it costs the shared cores). */
function get(baseURL: string, cookie: string, p: string, text = true): Promise<{ status: number; body: string }> {
  return request(baseURL, p, { cookie, text })
}

/** The hidden fields React renders for a server-action form without JavaScript ($ACTION_…), for the form labelled `label`. */
function actionFields(html: string, label: string): Array<[string, string]> | null {
  const forms = html.split(/<form\b/).slice(1)
  for (const f of forms) {
    if (!f.slice(0, f.indexOf('>')).includes(`aria-label="${label}"`)) continue
    const body = f.slice(0, f.indexOf('</form>'))
    const fields: Array<[string, string]> = []
    for (const m of body.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(m[0])?.[1]
      const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? ''
      if (name?.startsWith('$ACTION')) fields.push([name, value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')])
    }
    if (fields.length) return fields
  }
  return null
}

// ───────────────────────────── main ─────────────────────────────

/** The control page's app (bench/control/README.md) and its row's name. */
const CONTROL_DIR = 'bench/control'
const CONTROL_ROUTE = 'control: a bare 20-row page'

async function main(): Promise<number> {
  /** Writes made by this run only (an earlier run on the same dataset left its own). */
  const runStartedAt = new Date()
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      clients: { type: 'string' },
      seconds: { type: 'string' },
      requests: { type: 'string' },
      port: { type: 'string', default: '3160' },
      state: { type: 'string', default: SCALE_STATE_FILE },
      out: { type: 'string', default: path.join(repoRoot, 'bench', 'results') },
      'no-build': { type: 'boolean', default: false },
      only: { type: 'string' },
      /** The PostgreSQL server log to capture statements from (default: the embedded server's <data-dir>.log). */
      'pg-log': { type: 'string' },
      /** Also write <date>-plans.md: EXPLAIN ANALYZE of every statement each route sent. */
      plans: { type: 'boolean', default: false },
      /** Lighthouse runs per page and form factor (scripts/lighthouse.ts); 0 skips it. Default: 3, none with --smoke. */
      'lighthouse-runs': { type: 'string' },
      /** Skip the control page (bench/control). */
      'no-control': { type: 'boolean', default: false },
      /** Each route's page and floor in this many alternating bursts (scripts/lib/bench-drive.ts). Default 5; 1 with --smoke. */
      bursts: { type: 'string' },
    },
  })
  const smoke = values.smoke!
  const loadBefore = os.loadavg().map((x) => Number(x.toFixed(2)))
  const clientsList = (values.clients ?? (smoke ? '2' : '16,4')).split(',').map(Number)
  const seconds = Number(values.seconds ?? (smoke ? 30 : 15))
  const maxRequests = Number(values.requests ?? (smoke ? 4 : 1_000_000))
  const bursts = Number(values.bursts ?? (smoke ? 1 : 5))
  if (!Number.isInteger(bursts) || bursts < 1) throw new Error(`--bursts must be a whole number from 1 (got "${values.bursts}").`)
  const port = Number(values.port)
  const log = (m: string) => console.error(`[bench] ${m}`)

  if (!fs.existsSync(values.state!)) throw new Error(`${values.state} is missing: run npm run db:scale first (or pass --state).`)
  const state = JSON.parse(fs.readFileSync(values.state!, 'utf8')) as ScaleState
  let url = process.env.DATABASE_URL
  const logFile = values['pg-log'] ?? (!url && state.dataDir ? `${state.dataDir}.log` : null)
  let stopDb: () => Promise<void> = async () => undefined
  if (!url) {
    if (!state.dataDir || !state.port) throw new Error('The state file names no embedded database: set DATABASE_URL.')
    const server = await startEmbeddedPostgres({ dataDir: state.dataDir, port: state.port, persistent: true, settings: SCALE_PG_SETTINGS, log })
    url = server.url
    stopDb = server.stop
  }
  // The dataset may predate migrations that landed since: bring it up to date (as a deploy would).
  const { applied } = await deployMigrations(url)
  await closeAllSchemaEngines()
  if (applied.length) log(`Applied ${applied.length} pending migration(s) to the dataset: ${applied.join(', ')}`)
  // The same session settings as the app's two pools (lib/server/db.ts): the floor runs the statements as the app does.
  const pool = new pg.Pool({ connectionString: url, max: Math.max(...clientsList) + 2, options: APP_SESSION_OPTIONS })
  pool.on('error', () => undefined)
  const hotPool = new pg.Pool({ connectionString: url, max: Math.max(...clientsList) + 2, options: HOT_SESSION_OPTIONS })
  hotPool.on('error', () => undefined)
  let next: ChildProcess | undefined
  let control: ChildProcess | undefined
  try {
    if (!values['no-build']) {
      const build = buildStatus()
      if (!build.current) {
        log(`Building first (${build.reason})…`)
        const code = await runCommand(bin('next'), ['build'], {
          ...process.env,
          NODE_ENV: 'production',
          NEXT_TELEMETRY_DISABLED: '1',
          DATABASE_URL: 'postgresql://k9:build@127.0.0.1:9/k9casebook',
          AUTH_SECRET: randomBytes(32).toString('base64url'),
        })
        if (code !== 0) throw new Error(`next build failed (exit code ${code}).`)
      }
    }
    if (!(await isPortFree(port))) throw new Error(`Port ${port} is in use: pass --port.`)
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      AUTH_TRUST_HOST: 'true',
      DEMO_MODE: 'true',
      SECURE_COOKIES: 'false',
      BLOB_DIR: state.blobDir,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    }
    delete env.NODE_OPTIONS
    // As `npm start` serves it: one Next server per core (scripts/serve.mjs).
    next = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'serve.mjs'), '-p', String(port)], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] })
    const workers = Number(env.WEB_CONCURRENCY || Math.max(1, Math.min(8, os.availableParallelism())))
    await waitForPort(port, next)
    const baseURL = `http://127.0.0.1:${port}`
    log(`Next is serving ${baseURL} (pid ${next.pid}); signing in…`)
    // The control page, served the same way on the next port (its build takes a few seconds, so it is always rebuilt).
    const controlPort = port + 1
    // With --only too: the control is the run's yardstick for whatever it measures.
    const wantControl = !values['no-control']
    if (wantControl) {
      if (!(await isPortFree(controlPort))) throw new Error(`Port ${controlPort} (the control page) is in use: pass --port.`)
      log('Building the control page (bench/control)…')
      const code = await runCommand(bin('next'), ['build', CONTROL_DIR], { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' })
      if (code !== 0) throw new Error(`next build ${CONTROL_DIR} failed (exit code ${code}).`)
      control = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'serve.mjs'), '-p', String(controlPort), '--dir', path.join(repoRoot, CONTROL_DIR)], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] })
      await waitForPort(controlPort, control)
    }
    const cookies = await signIn(baseURL, ['supervisor', 'detective', 'tech', 'officer', 'vet', 'admin'])

    // ── the data each route reads ──
    const ids = state.ids
    const { rows: deep } = await pool.query<{ at: Date; id: string }>(`SELECT "occurredAt" AS at, id::text FROM "Incident" ORDER BY "occurredAt" DESC, id DESC OFFSET $1 LIMIT 1`, [Math.floor((state.dataset.Incident ?? 1000) * 0.6)])
    const deepCursor = `${deep[0]!.at.getTime()}.${deep[0]!.id}`
    const jumpDay = new Date(deep[0]!.at.getTime()).toISOString().slice(0, 10)
    // Write targets: recent OPEN incidents, those with the fewest deployments first, and active dogs with a
    // handler. Each write adds a dog not yet deployed there, so no pair repeats, however many runs came before.
    const { rows: dogRows } = await pool.query<{ id: string; label: string }>(
      `SELECT d.id::text, d.name || ' (' || d."k9Number" || ')' AS label FROM "Dog" d JOIN "HandlerAssignment" a ON a."openDogId" = d.id WHERE d.status = 'ACTIVE' AND d."archivedAt" IS NULL ORDER BY d."k9Number" LIMIT 20`,
    )
    const writeTargets = (
      await pool.query<{ incident: string; dogs: string[] }>(
        `SELECT i.id::text AS incident, array_agg(d."dogId"::text) AS dogs FROM "Incident" i JOIN "Deployment" d ON d."incidentId" = i.id
          WHERE i.id IN (SELECT id FROM "Incident" WHERE status = 'OPEN' AND "archivedAt" IS NULL ORDER BY "occurredAt" DESC LIMIT 20000) GROUP BY i.id ORDER BY count(*), i.id LIMIT 20000`,
      )
    ).rows.map((r) => ({ incident: r.incident, deployed: new Set(r.dogs) }))
    if (writeTargets.length < 2 || dogRows.length < 2) throw new Error('The dataset has no open incident or no dog with a handler to log a deployment with (the write route).')
    const searches = ['Rex', 'warehouse culvert', 'EV-2020-0001', 'Hunter', 'Okafor', 'smoke inhalation', 'S-00042', 'Ghost']
    const filters = ['type=BURGLARY', `dog=${ids.dogs[3]}`, 'exposure=SHOT_AT', 'status=OPEN&type=PURSUIT', `handler=${ids.handlers[2]}`, 'q=culvert']
    const fifty = ids.fiftyChainItems

    // The add-deployment form's hidden server-action fields (what a browser without JavaScript posts).
    const editHtml = (await get(baseURL, cookies.supervisor, `/incidents/${writeTargets[0]!.incident}/edit`)).body
    const addForm = actionFields(editHtml, 'Add a deployment')
    if (!addForm) throw new Error('Could not find the "Add a deployment" form on the incident edit page (the write route).')
    let writeIndex = 0
    const postDeployment = async (): Promise<boolean> => {
      const t = writeTargets[writeIndex++ % writeTargets.length]!
      const dog = dogRows.find((d) => !t.deployed.has(d.id))
      if (!dog) return false // 20 dogs on each of 20,000 incidents: not within one run
      t.deployed.add(dog.id)
      const form = new FormData()
      for (const [k, v] of addForm) form.append(k, v)
      form.append('incidentId', t.incident)
      // As the form posts it: the dog typed as the app writes it, the handler left empty (the dog's current one).
      form.append('dog', dog.label)
      form.append('handler', '')
      form.append('task', 'SEARCH')
      form.append('outcome', 'NO_FIND')
      // The multipart body as a browser would send it, then posted on the kept-alive connections.
      const encoded = new Request(baseURL, { method: 'POST', body: form })
      const res = await request(baseURL, `/incidents/${t.incident}/edit`, {
        cookie: cookies.supervisor,
        method: 'POST',
        body: Buffer.from(await encoded.arrayBuffer()),
        contentType: encoded.headers.get('content-type') ?? undefined,
        origin: baseURL,
        text: true,
      })
      return res.status === 200 && res.body.includes('Deployment added.')
    }

    // ── routes: the app's request, and the same statements replayed through plain node-postgres (the floor) ──
    type Route = { name: string; app: (i: number) => Promise<boolean>; variants: number; control?: true }
    const page = (role: RoleKey, paths: string[], expect?: string): Pick<Route, 'app' | 'variants'> => ({
      variants: paths.length,
      app: async (i) => {
        const r = await get(baseURL, cookies[role], paths[i % paths.length]!, Boolean(expect))
        return r.status === 200 && (!expect || r.body.includes(expect))
      },
    })
    const allRoutes: Route[] = [
      { name: 'dog profile', ...page('supervisor', ids.dogs.slice(0, 10).map((d) => `/dogs/${d}`)) },
      { name: 'incident list (filtered)', ...page('supervisor', filters.map((f) => `/incidents?${f}`)) },
      { name: 'incident list (deep page)', ...page('supervisor', [`/incidents?after=${deepCursor}`, `/incidents?jump=${jumpDay}`]) },
      { name: 'incident detail', ...page('supervisor', ids.incidents.slice(0, 10).map((d) => `/incidents/${d}`)) },
      { name: 'evidence item (50-event chain verified)', ...page('tech', fifty.slice(0, 10).map((e) => `/evidence/${e}`), 'Chain intact') },
      { name: 'investigation timeline (200 links)', ...page('supervisor', [`/investigations/${ids.bigInvestigation}`]) },
      { name: 'search', ...page('detective', searches.map((q) => `/search?q=${encodeURIComponent(q)}`)) },
      { name: 'dashboard', ...page('supervisor', ['/']) },
      { name: 'log a deployment (write)', app: () => postDeployment(), variants: 1 },
    ]
    const routes = allRoutes.filter((r) => !values.only || r.name.includes(values.only))
    if (wantControl) {
      const controlURL = `http://127.0.0.1:${controlPort}`
      routes.push({ name: CONTROL_ROUTE, variants: 1, control: true, app: async () => (await get(controlURL, '', '/', false)).status === 200 })
    }

    // ── warm-up: every route a few times (compiles nothing, but fills caches and the pools) ──
    log('Warming up…')
    for (const r of routes) for (let i = 0; i < (smoke ? 1 : 3) * Math.min(r.variants, 3); i++) await r.app(i).catch(() => false)

    // ── the floor: each variant's statements, captured from the server's log while it answered once ──
    const captured = new Map<string, CapturedStep[][]>()
    if (logFile) {
      log('Capturing the statements of each route (raw-SQL floor)…')
      for (const r of routes) {
        const list: CapturedStep[][] = []
        // Every variant for a measurement; the first only for a smoke run.
        for (let i = 0; i < (smoke ? 1 : r.variants); i++) list.push(await captureStatements(pool, logFile, () => r.app(i)))
        captured.set(r.name, list)
        const counts = list.map((l) => l.reduce((n, step) => n + step.statements.length, 0))
        log(`  ${r.name}: ${counts.join(', ')} statement(s) per request`)
      }
    } else {
      log('No server log to capture statements from (DATABASE_URL): the raw-SQL floor is not measured.')
    }

    let rssMax = 0
    let rssSum = 0
    let rssN = 0
    const sampler = setInterval(() => {
      const rss = treeRss(next!.pid!)
      rssMax = Math.max(rssMax, rss)
      rssSum += rss
      rssN++
    }, 500)
    const idleRss = treeRss(next.pid!)
    const results: Result[] = []
    for (const clients of clientsList) {
      for (const r of routes) {
        const steps = captured.get(r.name)
        const { app, raw, burstRatios } = await driveInterleaved({
          clients,
          seconds,
          bursts,
          maxRequests,
          app: r.app,
          raw: steps
            ? async (i) => {
                await replay(pool, hotPool, steps[i % steps.length]!)
                return true
              }
            : null,
        })
        const a = summarize(app.samples, app.elapsed)
        const b = raw ? summarize(raw.samples, raw.elapsed) : null
        const row: Result = {
          name: r.name,
          clients,
          requests: a.requests,
          errors: a.errors,
          p50_ms: Number(a.p50.toFixed(1)),
          p95_ms: Number(a.p95.toFixed(1)),
          p99_ms: Number(a.p99.toFixed(1)),
          rps: Number(a.rps.toFixed(1)),
          raw_rps: b ? Number(b.rps.toFixed(1)) : null,
          raw_p95_ms: b ? Number(b.p95.toFixed(1)) : null,
          raw_p50_ms: b ? Number(b.p50.toFixed(1)) : null,
          raw_errors: b ? b.errors : null,
          ratio: b ? Number((a.rps / Math.max(b.rps, 0.001)).toFixed(3)) : null,
          ratio_bursts: burstRatios.length > 1 ? { min: Number(Math.min(...burstRatios).toFixed(3)), max: Number(Math.max(...burstRatios).toFixed(3)) } : null,
          statements: steps ? Number((steps.reduce((n, l) => n + l.reduce((m, step) => m + step.statements.length, 0), 0) / steps.length).toFixed(1)) : null,
          ...(r.control ? { control: true as const } : {}),
        }
        results.push(row)
        log(`${String(clients).padStart(2)} clients  ${r.name.padEnd(40)} p50 ${row.p50_ms} ms  p95 ${row.p95_ms} ms  p99 ${row.p99_ms} ms  ${row.rps} rps  (raw ${row.raw_rps ?? '–'} rps, p95 ${row.raw_p95_ms ?? '–'} ms; ratio ${row.ratio ?? '–'})${row.errors ? `  ${row.errors} ERRORS` : ''}`)
      }
    }
    clearInterval(sampler)

    // ── first-load JavaScript of every page ──
    log('Measuring first-load JavaScript…')
    const pages: Array<[string, RoleKey, string]> = [
      ['/', 'supervisor', 'dashboard'],
      ['/sign-in', 'supervisor', 'sign-in'],
      ['/dogs', 'supervisor', 'dogs'],
      [`/dogs/${ids.dogs[0]}`, 'supervisor', 'dog profile'],
      [`/dogs/${ids.dogs[0]}/edit`, 'supervisor', 'dog edit'],
      ['/dogs/new', 'supervisor', 'dog new'],
      ['/handlers', 'supervisor', 'handlers'],
      [`/handlers/${ids.handlers[0]}`, 'supervisor', 'handler profile'],
      ['/handlers/new', 'supervisor', 'handler new'],
      ['/incidents', 'supervisor', 'incidents'],
      ['/incidents/new', 'officer', 'incident new'],
      [`/incidents/${ids.incidents[0]}`, 'supervisor', 'incident detail'],
      [`/incidents/${writeTargets[1]?.incident ?? ids.incidents[1]}/edit`, 'supervisor', 'incident edit'],
      ['/evidence', 'tech', 'evidence'],
      ['/evidence/new', 'tech', 'evidence intake'],
      [`/evidence/${fifty[0]}`, 'tech', 'evidence item'],
      ['/evidence/locations', 'tech', 'storage locations'],
      ['/evidence/verification', 'tech', 'evidence verification'],
      ['/investigations', 'detective', 'investigations'],
      ['/investigations/new', 'detective', 'investigation new'],
      [`/investigations/${ids.bigInvestigation}`, 'supervisor', 'investigation'],
      [`/investigations/${ids.bigInvestigation}/graph`, 'supervisor', 'investigation graph'],
      [`/investigations/${ids.bigInvestigation}/finder`, 'detective', 'investigation finder'],
      ['/medical', 'supervisor', 'medical'],
      ['/alerts', 'supervisor', 'alerts'],
      ['/search?q=Rex', 'detective', 'search'],
      ['/account', 'supervisor', 'account'],
    ]
    const cache = new Map<string, number>()
    const firstLoad: Array<{ route: string; page: string; gzip_kb: number | null; scripts: number | null }> = []
    for (const [p, role, name] of pages) {
      const r = await firstLoadJs(baseURL, name === 'sign-in' ? '' : cookies[role], p, cache).catch(() => null)
      firstLoad.push({ route: p.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '[id]'), page: name, gzip_kb: r?.kb ?? null, scripts: r?.files ?? null })
    }

    // ── every role's first pages, one request at a time: the bench's load drives three roles' pages; a scope that
    // no index serves shows on another role's (an officer's dashboard took 3.8 s on 7 December, docs/performance.md) ──
    log('Timing every role\'s pages…')
    const rolePages: RolePage[] = []
    const sweepPaths = ['/', '/dogs', `/dogs/${ids.dogs[0]}`, '/handlers', `/handlers/${ids.handlers[0]}`, '/incidents', `/incidents/${ids.incidents[0]}`, '/medical', '/evidence', '/investigations', '/alerts', '/search?q=Rex', '/account']
    for (const role of ['officer', 'vet', 'tech', 'detective', 'supervisor', 'admin'] as const) {
      for (const p of sweepPaths) {
        const times: number[] = []
        let status = 0
        for (let i = 0; i < (smoke ? 2 : 6); i++) {
          const t = performance.now()
          status = (await get(baseURL, cookies[role], p, false)).status
          if (i > 0) times.push(performance.now() - t) // the first request warms the route
        }
        times.sort((a, b) => a - b)
        rolePages.push({ role, page: p.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '[id]'), status, median_ms: Number(times[Math.floor((times.length - 1) / 2)]!.toFixed(1)), max_ms: Number(times.at(-1)!.toFixed(1)) })
      }
    }

    // ── Lighthouse on the pages issue 10 names (mobile default and desktop preset) ──
    const lighthouseRuns = Number(values['lighthouse-runs'] ?? (smoke ? 0 : 3))
    let lighthouseScores: LighthouseScore[] = []
    if (lighthouseRuns > 0) {
      log('Running Lighthouse…')
      lighthouseScores = await runLighthouse(
        baseURL,
        cookies.supervisor,
        [
          { name: 'dog profile', path: `/dogs/${ids.dogs[0]}` },
          { name: 'incident list', path: '/incidents' },
          { name: 'investigation (200 links)', path: `/investigations/${ids.bigInvestigation}` },
        ],
        { runs: lighthouseRuns, log },
      ).catch((error: unknown) => {
        log(`Lighthouse failed: ${error instanceof Error ? error.message : String(error)}`)
        return []
      })
    }

    const chain = benchChain(10_000, smoke ? 3 : 15)
    const { rows: written } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Deployment" WHERE "loggedById" = (SELECT id FROM "User" WHERE email = 'ruiz@k9.test') AND task = 'SEARCH' AND outcome = 'NO_FIND' AND "createdAt" >= $1`, [runStartedAt])

    const date = new Date().toISOString().slice(0, 10)
    const dataset = {
      incidents: state.dataset.Incident,
      deployments: state.dataset.Deployment,
      medical_records: state.dataset.MedicalRecord,
      vital_signs: state.dataset.VitalSign,
      evidence_items: state.dataset.EvidenceItem,
      custody_events: state.dataset.CustodyEvent,
      investigations: state.dataset.Investigation,
      investigation_links: state.dataset.InvestigationLink,
      audit_events: state.dataset.AuditEvent,
      generated_in_s: state.seconds,
    }
    const report: Report = {
      date: new Date().toISOString(),
      smoke,
      dataset,
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memory_gb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        web_workers: workers,
        loadavg_before: loadBefore,
        loadavg_at_end: os.loadavg().map((x) => Number(x.toFixed(2))),
      },
      method: {
        seconds_per_route: seconds,
        bursts_per_route: bursts,
        max_requests_per_route: maxRequests,
        closed_loop: true,
        same_machine_load_generator: true,
        raw_floor: logFile ? 'the statements each page sent (captured from the server log), replayed through node-postgres' : 'not measured (no server log)',
      },
      routes: results,
      targets: evaluateTargets(results, firstLoad, chain, lighthouseScores),
      first_load_js: firstLoad,
      role_pages: rolePages,
      lighthouse: lighthouseScores,
      memory: { idle_rss_mb: Math.round(idleRss / 2 ** 20), max_rss_mb: Math.round(rssMax / 2 ** 20), mean_rss_mb: rssN ? Math.round(rssSum / rssN / 2 ** 20) : null },
      chain_verification: chain,
      writes: { app_writes_recorded: written[0]?.n ?? 0, app_write_requests_ok: results.filter((r) => r.name.startsWith('log a deployment')).reduce((n, r) => n + r.requests - r.errors, 0) },
    }
    const errors = results.reduce((n, r) => n + r.errors, 0)
    if (!smoke) {
      fs.mkdirSync(values.out!, { recursive: true })
      fs.writeFileSync(path.join(values.out!, `${date}.json`), `${JSON.stringify(report, null, 2)}\n`)
      fs.writeFileSync(path.join(values.out!, `${date}.md`), markdown(report))
      log(`Wrote ${path.relative(repoRoot, path.join(values.out!, `${date}.json`))} and .md`)
      if (logFile && values.plans) {
        log('Writing the query plans of every captured statement (EXPLAIN ANALYZE)…')
        fs.writeFileSync(path.join(values.out!, `${date}-plans.md`), await plansMarkdown(pool, routes.map((r) => ({ name: r.name, steps: captured.get(r.name)?.[0] ?? [] }))))
        log(`Wrote ${path.relative(repoRoot, path.join(values.out!, `${date}-plans.md`))}`)
      }
    } else {
      console.log(markdown(report))
    }
    if (errors) log(`${errors} request(s) failed.`)
    return errors ? 1 : 0
  } finally {
    await pool.end().catch(() => undefined)
    await hotPool.end().catch(() => undefined)
    if (control) await terminate(control)
    if (next) await terminate(next)
    await stopDb()
  }
}

type FirstLoad = { route: string; page: string; gzip_kb: number | null; scripts: number | null }
/** One role's page, one request at a time (404: the role may not read it, answered as a missing page). */
type RolePage = { role: RoleKey; page: string; status: number; median_ms: number; max_ms: number }
type Target = { target: string; value: string; met: boolean | null }

type Report = {
  date: string
  smoke: boolean
  dataset: Record<string, number | undefined>
  machine: { cpus: number; cpu?: string; memory_gb: number; node: string; web_workers: number; loadavg_before: number[]; loadavg_at_end: number[] }
  method: Record<string, unknown>
  routes: Result[]
  targets: Target[]
  first_load_js: FirstLoad[]
  role_pages: RolePage[]
  lighthouse: LighthouseScore[]
  memory: { idle_rss_mb: number; max_rss_mb: number; mean_rss_mb: number | null }
  chain_verification: { events: number; p50_ms: number; max_ms: number; ok: boolean }
  writes: { app_writes_recorded: number; app_write_requests_ok: number }
}

const ROLE_COLUMNS = ['officer', 'vet', 'tech', 'detective', 'supervisor', 'admin'] as const

/** Issue 10's targets, each with the measured value and whether it is met (null: not measured). */
function evaluateTargets(routes: Result[], firstLoad: FirstLoad[], chain: Report['chain_verification'], lighthouse: LighthouseScore[]): Target[] {
  const out: Target[] = []
  for (const r of routes.filter((x) => !x.control)) {
    const limit = r.name === 'search' ? 50 : r.clients >= 16 ? 150 : r.clients <= 4 ? 50 : null
    if (limit !== null) out.push({ target: `${r.name}: p95 ≤ ${limit} ms at ${r.clients} clients`, value: `${r.p95_ms} ms`, met: r.p95_ms <= limit })
    if (r.clients >= 16) out.push({ target: `${r.name}: throughput ≥ ⅓ of the raw-SQL floor (16 clients)`, value: r.ratio === null ? 'not measured' : `${r.rps} / ${r.raw_rps} rps = ${r.ratio}`, met: r.ratio === null ? null : r.ratio >= 1 / 3 })
  }
  out.push({ target: '10,000-event chain verified in ≤ 100 ms', value: `p50 ${chain.p50_ms} ms`, met: chain.ok && chain.p50_ms <= 100 })
  const measured = firstLoad.filter((f) => f.gzip_kb !== null)
  const worst = measured.reduce<FirstLoad | null>((w, f) => (w === null || f.gzip_kb! > w.gzip_kb! ? f : w), null)
  out.push({ target: 'first-load JavaScript ≤ 150 kB gzipped on every route', value: worst ? `largest ${worst.gzip_kb} kB (${worst.page}), ${measured.filter((f) => f.gzip_kb! > 150).length} of ${measured.length} over` : 'not measured', met: worst ? worst.gzip_kb! <= 150 : null })
  for (const l of lighthouse.filter((x) => x.formFactor === 'mobile')) {
    out.push({ target: `Lighthouse ${l.page} (mobile): performance ≥ 90, accessibility 100`, value: `${l.performance ?? 'n/a'} / ${l.accessibility ?? 'n/a'} (runs ${l.runs.map((x) => x.performance).join(', ')})`, met: l.performance !== null && l.accessibility !== null ? l.performance >= 90 && l.accessibility === 100 : null })
  }
  if (!lighthouse.length) out.push({ target: 'Lighthouse performance ≥ 90 and accessibility 100 (dog profile, incident list, investigation)', value: 'not measured', met: null })
  return out
}

function markdown(r: Report): string {
  const mark = (m: boolean | null) => (m === null ? '–' : m ? '✓' : '✗')
  const lines = [
    `# Benchmark ${r.date}${r.smoke ? ' (smoke: a few requests per route, not a measurement)' : ''}`,
    '',
    `Dataset: ${Object.entries(r.dataset).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v?.toLocaleString('en-US')}`).join(' · ')}`,
    '',
    `Machine: ${r.machine.cpus} × ${r.machine.cpu ?? 'CPU'}, ${r.machine.memory_gb} GB, Node ${r.machine.node}; ${r.machine.web_workers} Next workers; load average before ${r.machine.loadavg_before.join(' / ')}, at the end ${r.machine.loadavg_at_end.join(' / ')} (the load generator, PostgreSQL and Next share the machine).`,
    '',
    `Raw-SQL floor: ${String(r.method.raw_floor)}.`,
    '',
    r.routes.some((x) => x.raw_rps !== null)
      ? `Each route: ${String(r.method.seconds_per_route)} s of the page and ${String(r.method.seconds_per_route)} s of its floor per client count${Number(r.method.bursts_per_route) > 1 ? `, in ${String(r.method.bursts_per_route)} alternating bursts (page–floor, floor–page, …) so that both meet the same host; "app/raw per burst" is the lowest and highest ratio of one burst` : ''}.`
      : `Each route: ${String(r.method.seconds_per_route)} s of the page per client count.`,
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '|---|---|:-:|',
    ...r.targets.map((t) => `| ${t.target} | ${t.value} | ${mark(t.met)} |`),
    '',
    '## Routes',
    '',
    '| route | clients | p50 ms | p95 ms | p99 ms | rps | raw rps | raw p95 ms | app/raw | app/raw per burst | statements | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.routes.map((x) => `| ${x.control ? `*${x.name}*` : x.name} | ${x.clients} | ${x.p50_ms} | ${x.p95_ms} | ${x.p99_ms} | ${x.rps} | ${x.raw_rps ?? '–'} | ${x.raw_p95_ms ?? '–'} | ${x.ratio ?? '–'} | ${x.ratio_bursts ? `${x.ratio_bursts.min}–${x.ratio_bursts.max}` : '–'} | ${x.statements ?? '–'} | ${x.errors} |`),
    ...(r.routes.some((x) => x.control) ? ['', `*${CONTROL_ROUTE}*: bench/control, a bare Next.js page of 20 rows read by one statement (no session check, layout, styles or client components), served and measured as the app is. Not a target: its app/raw is what the framework alone leaves of a floor on this machine in this run.`] : []),
    '',
    `Server memory (RSS of the Next processes): idle ${r.memory.idle_rss_mb} MB, under load max ${r.memory.max_rss_mb} MB, mean ${r.memory.mean_rss_mb} MB.`,
    '',
    `Custody chain verification (lib/server/evidence/chain.ts, ${r.chain_verification.events.toLocaleString('en-US')} events, in memory): p50 ${r.chain_verification.p50_ms} ms, max ${r.chain_verification.max_ms} ms, ${r.chain_verification.ok ? 'verified' : 'FAILED'}.`,
    '',
    `Writes: ${r.writes.app_write_requests_ok} successful "log a deployment" requests, ${r.writes.app_writes_recorded} deployments recorded.`,
    '',
    '## First-load JavaScript (gzipped, every script the page HTML loads except `nomodule` polyfills)',
    '',
    '| page | route | kB gzip | scripts |',
    '|---|---|---:|---:|',
    ...r.first_load_js.map((x) => `| ${x.page} | \`${x.route}\` | ${x.gzip_kb ?? 'n/a'} | ${x.scripts ?? ''} |`),
    '',
    `## Every role's pages (one request at a time, ${r.smoke ? 'one request' : 'median and slowest of 5'} after one to warm up, ms; 404: the role may not read the page)`,
    '',
    `| page | ${ROLE_COLUMNS.join(' | ')} |`,
    `|---|${ROLE_COLUMNS.map(() => '---:').join('|')}|`,
    ...[...new Set(r.role_pages.map((x) => x.page))].map((page) => `| \`${page}\` | ${ROLE_COLUMNS.map((role) => { const x = r.role_pages.find((y) => y.page === page && y.role === role); return !x ? '' : x.status === 200 ? `${x.median_ms} (${x.max_ms})` : String(x.status) }).join(' | ')} |`),
    ...(r.lighthouse.length ? ['', '## Lighthouse 12 (median run by performance; Chromium from Debian; simulated throttling)', '', lighthouseTable(r.lighthouse)] : []),
    '',
  ]
  return lines.join('\n')
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement a route sent (its first variant), as markdown. */
async function plansMarkdown(pool: pg.Pool, routes: Array<{ name: string; steps: CapturedStep[] }>): Promise<string> {
  const out = ['# Query plans of the benchmark routes', '', 'Every statement each page sent for one request (captured from the server log by `npm run bench -- --plans`), with its plan at the dataset\'s size: `EXPLAIN (ANALYZE, BUFFERS)`, run in a transaction that is rolled back, with the app\'s session settings (no parallel plans, no JIT).', '']
  const client = await pool.connect()
  try {
    for (const r of routes) {
      out.push(`## ${r.name}`, '')
      let n = 0
      for (const step of r.steps) {
        for (const s of step.statements) {
          n++
          if (!/^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)/i.test(s.text)) continue
          await client.query('BEGIN')
          let plan: string
          try {
            const res = await client.query<{ 'QUERY PLAN': string }>({ text: `EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, values: s.values })
            plan = res.rows.map((row) => row['QUERY PLAN']).join('\n')
          } catch (error) {
            plan = `(not explained: ${error instanceof Error ? error.message : String(error)})`
          } finally {
            await client.query('ROLLBACK')
          }
          const time = /Execution Time: ([\d.]+) ms/.exec(plan)?.[1]
          out.push(`### ${r.name} — statement ${n}${time ? ` (${time} ms)` : ''}`, '', '```sql', s.text.length > 3000 ? `${s.text.slice(0, 3000)} …` : s.text, '```', '', `Parameters: ${s.values.length ? `\`${JSON.stringify(s.values).slice(0, 400)}\`` : 'none'}`, '', '```', plan, '```', '')
        }
      }
    }
  } finally {
    client.release()
  }
  return out.join('\n')
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error)
    process.exit(1)
  },
)

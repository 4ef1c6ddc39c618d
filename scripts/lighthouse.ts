/**
 * `npm run lighthouse -- --url http://localhost:3000`: Lighthouse 12 (13 needs
 * Node 22) on the pages issue 10 names: a dog profile, the incident list and
 * an investigation, signed in as the supervisor through the real sign-in form.
 * Each page runs with Lighthouse's default (mobile: Moto G Power screen,
 * simulated slow 4G and 4× CPU slowdown) and its desktop preset; the median
 * run by performance score is reported. Issue 10's targets: performance ≥ 90
 * and accessibility 100 (mobile at least).
 *
 *   --url <base>         a running production server (npm start, or the bench's)
 *   --runs <n>           runs per page and form factor (default 3; the median is kept)
 *   --form-factor <f>    mobile, desktop or both (default both)
 *   --out <file>         the JSON report (default reports/lighthouse/<date>.json)
 *   --html <dir>         also write each median run's HTML report there
 *   --check              exit 1 unless mobile performance ≥ 90 and accessibility = 100 everywhere
 *
 * Chromium is Debian's (/usr/bin/chromium or CHROMIUM_PATH), started headless
 * with the flags that keep it off the network; Lighthouse (its CLI, under plain
 * Node) drives it over the DevTools protocol and sends the session cookie with
 * every request (`--extra-headers`), so it measures the page a signed-in
 * officer gets.
 *
 * From another script (scripts/bench.ts): `runLighthouse(baseURL, cookie, pages)`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Result } from 'lighthouse'
import { CHROMIUM_FLAGS, CHROMIUM_PATH, firstLink, signIn } from './lib/browser'
import { repoRoot } from './lib/embedded-pg'

export type FormFactor = 'mobile' | 'desktop'
export type LighthousePage = { name: string; path: string }
export type LighthouseScore = {
  page: string
  path: string
  formFactor: FormFactor
  /** 0–100, as Lighthouse shows them; null when the category could not be scored. */
  performance: number | null
  accessibility: number | null
  bestPractices: number | null
  seo: number | null
  metrics: { fcp_ms: number | null; lcp_ms: number | null; tbt_ms: number | null; cls: number | null; si_ms: number | null }
  /** Every run, in order (the median run by performance is the one reported above). */
  runs: Array<{
    performance: number | null
    fcp_ms: number | null
    lcp_ms: number | null
    tbt_ms: number | null
    /** 1-minute load average when the run ended: a shared machine's runs are only comparable at similar load. */
    load: number
    /** Lighthouse's own measure of the host's CPU speed for this run (`environment.benchmarkIndex`; higher is faster). */
    benchmark_index: number | null
  }>
  /**
   * The median run's main-thread work by kind (ms, Lighthouse's "mainthread-work-breakdown", under its simulated
   * slowdown) and the browser that ran it: with the benchmark index, what tells a slower host or browser from a
   * heavier page when the Total Blocking Time moves.
   */
  main_thread_ms: Record<string, number>
  browser: string
  /** Audits of the scored categories that did not pass (score < 1), with how much they weigh. */
  failing: Array<{ id: string; title: string; score: number | null; category: string; displayValue?: string }>
  /** Runtime warnings and errors Lighthouse reported for the run. */
  warnings: string[]
  /** The median run's HTML report (with `html: true`). */
  html?: string
}

type RunOptions = { runs?: number; formFactors?: FormFactor[]; log?: (m: string) => void; /** Keep the median run's HTML report. */ html?: boolean }

/** Starts Debian's Chromium headless with a DevTools port; resolves with the port and a way to stop it. */
async function startChromium(): Promise<{ port: number; stop: () => Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'k9-lighthouse-'))
  const child: ChildProcess = spawn(CHROMIUM_PATH, ['--headless', ...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] })
  const port = await new Promise<number>((resolve, reject) => {
    let err = ''
    const timer = setTimeout(() => reject(new Error(`Chromium did not open a DevTools port within 30 s:\n${err}`)), 30_000)
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString()
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`Chromium (${CHROMIUM_PATH}) exited with code ${code}:\n${err}`))
    })
  })
  child.stderr!.resume()
  return {
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))])
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }
      // Chromium's helper processes can still be writing to the profile as the main one exits (ENOTEMPTY):
      // retry, and never let a leftover temporary directory lose the measurements.
      try {
        fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
      } catch (error) {
        process.stderr.write(`[lighthouse] left ${profile} behind: ${(error as Error).message}\n`)
      }
    },
  }
}

const score = (lhr: Result, id: string) => {
  const s = lhr.categories[id]?.score
  return typeof s === 'number' ? Math.round(s * 100) : null
}
const numeric = (lhr: Result, id: string) => {
  const v = lhr.audits[id]?.numericValue
  return typeof v === 'number' ? Number(v.toFixed(id === 'cumulative-layout-shift' ? 3 : 0)) : null
}

/** "mainthread-work-breakdown" as { group label: ms }, largest first. */
function mainThread(lhr: Result): Record<string, number> {
  const details = lhr.audits['mainthread-work-breakdown']?.details
  const items = details && details.type === 'table' ? details.items : []
  const out: Record<string, number> = {}
  for (const item of items) {
    const label = typeof item.groupLabel === 'string' ? item.groupLabel : typeof item.group === 'string' ? item.group : null
    if (label && typeof item.duration === 'number') out[label] = Math.round(item.duration)
  }
  return out
}

function summarize(page: LighthousePage, formFactor: FormFactor, lhr: Result, runs: LighthouseScore['runs']): LighthouseScore {
  const failing: LighthouseScore['failing'] = []
  for (const [categoryId, category] of Object.entries(lhr.categories)) {
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id]
      if (!audit || (ref.weight === 0 && categoryId !== 'accessibility')) continue
      if (audit.scoreDisplayMode === 'notApplicable' || audit.scoreDisplayMode === 'manual' || audit.scoreDisplayMode === 'informative') continue
      if (audit.score === null || audit.score < 1) failing.push({ id: ref.id, title: audit.title, score: audit.score, category: categoryId, ...(audit.displayValue ? { displayValue: audit.displayValue } : {}) })
    }
  }
  return {
    page: page.name,
    path: page.path,
    formFactor,
    performance: score(lhr, 'performance'),
    accessibility: score(lhr, 'accessibility'),
    bestPractices: score(lhr, 'best-practices'),
    seo: score(lhr, 'seo'),
    metrics: {
      fcp_ms: numeric(lhr, 'first-contentful-paint'),
      lcp_ms: numeric(lhr, 'largest-contentful-paint'),
      tbt_ms: numeric(lhr, 'total-blocking-time'),
      cls: numeric(lhr, 'cumulative-layout-shift'),
      si_ms: numeric(lhr, 'speed-index'),
    },
    runs,
    main_thread_ms: mainThread(lhr),
    browser: lhr.environment.hostUserAgent,
    failing,
    warnings: [...lhr.runWarnings, ...(lhr.runtimeError ? [`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`] : [])],
  }
}

/** One Lighthouse run through its CLI under plain Node, against the Chromium on `port`; resolves with its result. */
async function runOnce(url: string, port: number, cookie: string, formFactor: FormFactor, html: boolean): Promise<{ lhr: Result; html?: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k9-lh-run-'))
  try {
    const args = [
      path.join(repoRoot, 'node_modules', 'lighthouse', 'cli', 'index.js'),
      url,
      `--port=${port}`,
      '--hostname=127.0.0.1',
      '--quiet',
      '--output=json',
      ...(html ? ['--output=html'] : []),
      `--output-path=${path.join(dir, 'run')}`,
      '--only-categories=performance,accessibility,best-practices,seo',
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
      ...(formFactor === 'desktop' ? ['--preset=desktop'] : []),
    ]
    const env = { ...process.env }
    // Not through tsx: its esbuild transform adds `__name` helpers to functions Lighthouse runs inside the page ("__name is not defined").
    delete env.NODE_OPTIONS
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
    const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)))
    const jsonFile = path.join(dir, html ? 'run.report.json' : 'run')
    if (code !== 0 || !fs.existsSync(jsonFile)) throw new Error(`Lighthouse failed on ${url} (exit ${code}):\n${stderr.slice(-2000)}`)
    return { lhr: JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as Result, ...(html ? { html: fs.readFileSync(path.join(dir, 'run.report.html'), 'utf8') } : {}) }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** Waits until the server answers (a restarted server on a shared machine), up to `ms`. */
async function serverAnswers(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) })
      return true
    } catch {
      await new Promise((r) => setTimeout(r, 1_000))
    }
  }
  return false
}

/**
 * A run in a Chromium of its own: runs sharing one browser failed now and then
 * with NO_NAVSTART. A failed run is tried twice more, once the server answers.
 */
async function freshRun(url: string, cookie: string, formFactor: FormFactor, html: boolean, log: (m: string) => void): Promise<{ lhr: Result; html?: string }> {
  for (let attempt = 1; ; attempt++) {
    const chromium = await startChromium()
    try {
      return await runOnce(url, chromium.port, cookie, formFactor, html)
    } catch (error) {
      if (attempt >= 3) throw error
      log(`${error instanceof Error ? error.message.split('\n').slice(0, 2).join(' ') : String(error)} — trying again`)
      await serverAnswers(url, 120_000)
    } finally {
      await chromium.stop()
    }
  }
}

/**
 * Lighthouse on each page, signed in with `cookie` (a Cookie header, e.g. from
 * scripts/lib/browser.ts signIn), for each form factor; `runs` runs each, the
 * median by performance score kept.
 */
export async function runLighthouse(baseURL: string, cookie: string, pages: LighthousePage[], options: RunOptions = {}): Promise<LighthouseScore[]> {
  const runs = Math.max(1, options.runs ?? 3)
  const formFactors = options.formFactors ?? ['mobile', 'desktop']
  const log = options.log ?? (() => undefined)
  const results: LighthouseScore[] = []
  for (const page of pages) {
    for (const formFactor of formFactors) {
      const url = new URL(page.path, baseURL).toString()
      const done: Array<{ lhr: Result; html?: string; load: number }> = []
      for (let i = 0; i < runs; i++) {
        const run = await freshRun(url, cookie, formFactor, options.html ?? false, log)
        // A cookie that no longer signs in lands on the sign-in page: that is not the page asked for.
        if (new URL(run.lhr.finalDisplayedUrl).pathname.startsWith('/sign-in')) throw new Error(`${url} redirected to the sign-in page: the cookie is not a valid session.`)
        done.push({ ...run, load: Number(os.loadavg()[0]!.toFixed(2)) })
        log(`${page.name} (${formFactor}) run ${i + 1}/${runs}: performance ${score(run.lhr, 'performance')}, accessibility ${score(run.lhr, 'accessibility')}, best practices ${score(run.lhr, 'best-practices')} (load average ${os.loadavg()[0]!.toFixed(1)})`)
      }
      const sorted = [...done].sort((a, b) => (score(a.lhr, 'performance') ?? 0) - (score(b.lhr, 'performance') ?? 0))
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!
      const runScores = done.map(({ lhr, load }) => ({
        performance: score(lhr, 'performance'),
        fcp_ms: numeric(lhr, 'first-contentful-paint'),
        lcp_ms: numeric(lhr, 'largest-contentful-paint'),
        tbt_ms: numeric(lhr, 'total-blocking-time'),
        load,
        benchmark_index: typeof lhr.environment.benchmarkIndex === 'number' ? Math.round(lhr.environment.benchmarkIndex) : null,
      }))
      results.push({ ...summarize(page, formFactor, median.lhr, runScores), ...(median.html ? { html: median.html } : {}) })
    }
  }
  return results
}

/** The three pages of issue 10 on whatever dataset the server has: the reference dog (Rex) or the first dog, the incident list, the first investigation. */
export async function lighthousePages(baseURL: string, cookie: string): Promise<LighthousePage[]> {
  const dog = await firstLink(baseURL, cookie, '/dogs', '/dogs/', 'Rex')
  const investigation = await firstLink(baseURL, cookie, '/investigations', '/investigations/')
  if (!dog || !investigation) throw new Error('Could not find a dog and an investigation on the list pages (is the database empty?).')
  return [
    { name: 'dog profile', path: dog },
    { name: 'incident list', path: '/incidents' },
    { name: 'investigation', path: investigation },
  ]
}

export function lighthouseTable(rows: LighthouseScore[]): string {
  const lines = [
    '| page | form factor | performance | accessibility | best practices | SEO | FCP ms | LCP ms | TBT ms | CLS | runs (perf) | host benchmark index (runs) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.page} | ${r.formFactor} | ${r.performance ?? 'n/a'} | ${r.accessibility ?? 'n/a'} | ${r.bestPractices ?? 'n/a'} | ${r.seo ?? 'n/a'} | ${r.metrics.fcp_ms ?? ''} | ${r.metrics.lcp_ms ?? ''} | ${r.metrics.tbt_ms ?? ''} | ${r.metrics.cls ?? ''} | ${r.runs.map((x) => x.performance).join(', ')} | ${r.runs.map((x) => x.benchmark_index ?? 'n/a').join(', ')} |`,
    ),
  ]
  const browsers = [...new Set(rows.map((r) => r.browser))]
  if (browsers.length) lines.push('', `Browser: ${browsers.join('; ')}.`)
  lines.push('', 'Main thread of the median run (ms, simulated slowdown included):', '')
  for (const r of rows) lines.push(`- ${r.page} (${r.formFactor}): ${Object.entries(r.main_thread_ms).map(([k, v]) => `${k} ${v}`).join(' · ') || 'n/a'}`)
  return lines.join('\n')
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://localhost:3000' },
      runs: { type: 'string', default: '3' },
      'form-factor': { type: 'string', default: 'both' },
      out: { type: 'string' },
      html: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
  })
  const baseURL = values.url!.replace(/\/$/, '')
  const ff = values['form-factor']!
  if (!['mobile', 'desktop', 'both'].includes(ff)) throw new Error('--form-factor is mobile, desktop or both.')
  const log = (m: string) => console.error(`[lighthouse] ${m}`)
  log(`Signing in at ${baseURL}…`)
  const { supervisor } = await signIn(baseURL, ['supervisor'])
  const pages = await lighthousePages(baseURL, supervisor)
  const rows = await runLighthouse(baseURL, supervisor, pages, {
    runs: Number(values.runs),
    formFactors: ff === 'both' ? ['mobile', 'desktop'] : [ff as FormFactor],
    log,
    html: !!values.html,
  })
  console.log(lighthouseTable(rows))
  for (const r of rows) {
    if (r.failing.length) console.log(`\n${r.page} (${r.formFactor}) — not passed:\n${r.failing.map((f) => `  [${f.category}] ${f.id}: ${f.title}${f.displayValue ? ` (${f.displayValue})` : ''}`).join('\n')}`)
    if (r.warnings.length) console.log(`\n${r.page} (${r.formFactor}) — warnings:\n${r.warnings.map((w) => `  ${w}`).join('\n')}`)
  }
  const out = values.out ?? path.join(repoRoot, 'reports', 'lighthouse', `${new Date().toISOString().slice(0, 10)}.json`)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  const report = {
    date: new Date().toISOString(),
    baseURL,
    lighthouse: '12.2.3',
    machine: { cpus: os.cpus().length, loadavg_at_end: os.loadavg().map((x) => Number(x.toFixed(2))) },
    results: rows.map(({ html: _html, ...r }) => r),
  }
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
  log(`Wrote ${path.relative(process.cwd(), out)}`)
  if (values.html) {
    fs.mkdirSync(values.html, { recursive: true })
    for (const r of rows) fs.writeFileSync(path.join(values.html, `${r.page.replace(/\W+/g, '-')}-${r.formFactor}.html`), r.html!)
    log(`Wrote the HTML reports to ${values.html}`)
  }
  if (!values.check) return 0
  const missed = rows.filter((r) => r.formFactor === 'mobile' && ((r.performance ?? 0) < 90 || r.accessibility !== 100))
  if (missed.length) log(`Below target (mobile performance ≥ 90, accessibility 100): ${missed.map((r) => `${r.page} ${r.performance}/${r.accessibility}`).join(', ')}`)
  return missed.length ? 1 : 0
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

/**
 * `npm test`: every check CI runs, in order, stopping at the first failure.
 *
 *   typecheck   tsc --noEmit
 *   lint        eslint . --max-warnings=0
 *   db:check    the migrations produce exactly prisma/schema.prisma (drift)
 *               — on DATABASE_URL when set, else a throwaway embedded PostgreSQL
 *   vitest      vitest run (unit, then integration on a throwaway PostgreSQL)
 *   build       next build
 *   scale       a tiny db:scale run (--incidents 2000, its own throwaway data
 *               directory) and a bench --smoke on it (a few requests per route),
 *               so the generator and the benchmark cannot rot
 *   e2e         playwright test (scripts/e2e-server.ts serves the build)
 *   instances   playwright test -c playwright.instances.config.ts: two
 *               instances on one database and one S3 store, kill -9 mid-write
 *
 * Prints each step's duration at the end; exits non-zero on failure.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { makeTempDataDir, startEmbeddedPostgres } from './lib/embedded-pg'
import { checkDrift } from './lib/migrate'
import { bin, runCommand, seconds } from './lib/processes'
import { closeAllSchemaEngines } from './lib/schema-engine'

interface Step {
  name: string
  describe: string
  run: () => Promise<number>
}

const tool = (name: string, args: string[], env: NodeJS.ProcessEnv = process.env) => () => runCommand(bin(name), args, env)

async function dbCheck(): Promise<number> {
  let url = process.env.DATABASE_URL
  let stop: () => Promise<void> = async () => undefined
  if (!url) {
    const server = await startEmbeddedPostgres({ dataDir: makeTempDataDir(), port: 54359, persistent: false })
    url = server.url
    stop = server.stop
  }
  try {
    const { ok, summary } = await checkDrift(url)
    if (ok) {
      console.log(summary)
      return 0
    }
    console.error(`Drift: schema.prisma has changes that no migration carries:\n\n${summary}\n\nCreate the migration with: npm run db:migrate -- --name <what-changed>`)
    return 1
  } finally {
    await closeAllSchemaEngines().catch(() => undefined)
    await stop()
  }
}

// Tools run without the react-server condition this script needs for itself.
const childEnv: NodeJS.ProcessEnv = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', NEXT_TELEMETRY_DISABLED: '1' }
delete childEnv.NODE_OPTIONS

/** The generator at 2,000 incidents and the benchmark at a few requests per route, on a throwaway data directory. */
async function scaleSmoke(): Promise<number> {
  const dir = path.join(os.tmpdir(), `k9-scale-smoke-${process.pid}`)
  const env = { ...childEnv }
  delete env.DATABASE_URL
  try {
    const tsx = bin('tsx')
    const gen = await runCommand(tsx, ['--conditions=react-server', 'scripts/scale.ts', '--incidents', '2000', '--data-dir', path.join(dir, 'data'), '--port', '55449'], env)
    if (gen !== 0) return gen
    return await runCommand(tsx, ['--conditions=react-server', 'scripts/bench.ts', '--smoke', '--no-build', '--state', path.join(dir, 'data.json'), '--port', '3169'], env)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// Machine-readable results (outside test-results/, which Playwright empties when it starts).
const VITEST_JSON = 'reports/vitest.json'
const PLAYWRIGHT_JSON = 'reports/playwright.json'
const PLAYWRIGHT_INSTANCES_JSON = 'reports/playwright-instances.json'

const steps: Step[] = [
  { name: 'typecheck', describe: 'tsc --noEmit', run: tool('tsc', ['--noEmit'], childEnv) },
  { name: 'lint', describe: 'eslint . --max-warnings=0', run: tool('eslint', ['.', '--max-warnings=0'], childEnv) },
  { name: 'db:check', describe: 'migrations match prisma/schema.prisma', run: dbCheck },
  { name: 'vitest', describe: 'vitest run (unit + integration)', run: tool('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`], childEnv) },
  {
    name: 'build',
    describe: 'next build',
    run: tool('next', ['build'], {
      ...childEnv,
      NODE_ENV: 'production',
      // lib/server/env.ts validates these when page modules load; nothing may connect during the build.
      DATABASE_URL: 'postgresql://k9:build@127.0.0.1:9/k9casebook',
      AUTH_SECRET: randomBytes(32).toString('base64url'),
    }),
  },
  { name: 'scale', describe: 'db:scale --incidents 2000 + bench --smoke', run: scaleSmoke },
  { name: 'e2e', describe: 'playwright test', run: tool('playwright', ['test'], childEnv) },
  {
    name: 'instances',
    describe: 'two instances on one database and one S3 store; kill -9 mid-write (playwright.instances.config.ts)',
    run: tool('playwright', ['test', '-c', 'playwright.instances.config.ts'], childEnv),
  },
]

/** Sums what both runners report, for one plain closing line that CI can read. */
function testCounts(): { passed: number; failed: number; skipped: number } | null {
  let passed = 0
  let failed = 0
  let skipped = 0
  let any = false
  if (existsSync(VITEST_JSON)) {
    const v = JSON.parse(readFileSync(VITEST_JSON, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
    passed += v.numPassedTests
    failed += v.numFailedTests
    skipped += v.numPendingTests + v.numTodoTests
    any = true
  }
  for (const file of [PLAYWRIGHT_JSON, PLAYWRIGHT_INSTANCES_JSON]) {
    if (!existsSync(file)) continue
    const p = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }
    passed += p.stats.expected + p.stats.flaky
    failed += p.stats.unexpected
    skipped += p.stats.skipped
    any = true
  }
  return any ? { passed, failed, skipped } : null
}

function banner(text: string) {
  const line = '═'.repeat(Math.max(60, text.length + 4))
  console.log(`\n${line}\n  ${text}\n${line}`)
}

async function main(): Promise<number> {
  const results: Array<{ name: string; ms: number; ok: boolean }> = []
  const started = performance.now()
  for (const f of [VITEST_JSON, PLAYWRIGHT_JSON, PLAYWRIGHT_INSTANCES_JSON]) rmSync(f, { force: true })
  let failed: string | undefined
  for (const [i, step] of steps.entries()) {
    banner(`[${i + 1}/${steps.length}] ${step.name}: ${step.describe}`)
    const t = performance.now()
    let code: number
    try {
      code = await step.run()
    } catch (error) {
      console.error(error instanceof Error ? error.message : error)
      code = 1
    }
    results.push({ name: step.name, ms: performance.now() - t, ok: code === 0 })
    if (code !== 0) {
      failed = step.name
      break
    }
  }
  const width = Math.max(...steps.map((s) => s.name.length))
  banner(failed ? `FAILED at ${failed}` : 'All checks passed')
  for (const step of steps) {
    const r = results.find((x) => x.name === step.name)
    console.log(`  ${step.name.padEnd(width)}  ${r ? `${r.ok ? 'ok  ' : 'FAIL'}  ${seconds(r.ms).padStart(8)}` : 'not run'}`)
  }
  console.log(`  ${'total'.padEnd(width)}        ${seconds(performance.now() - started).padStart(8)}\n`)
  const counts = testCounts()
  if (counts) console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`)
  return failed ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)

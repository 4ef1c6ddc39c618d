/**
 * `npm test`: every check CI runs; exits non-zero when any fails.
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
 * Two phases, each of steps running side by side (docs/decisions/022-ci-run-time.md):
 *
 *   1. vitest            ‖  lint → db:check → build → typecheck   (the second lane niced)
 *   2. e2e               ‖  instances → scale
 *
 * vitest and e2e spend much of their time waiting (on the database, on the
 * browser, on one long fuzz file), so the other lane fills the idle core; it
 * runs at a lower CPU priority in phase 1 so that it cannot lengthen vitest.
 * typecheck runs after the build so that it also covers the route types Next
 * generates in .next/types, and the build skips its own check of the very same
 * program (K9_SKIP_BUILD_TYPECHECK=1, next.config.js). The first lane of a
 * phase prints as it goes; each step of the other lane prints its whole output
 * when it ends (also kept in reports/logs/<step>.log). The first failure stops
 * the steps still running (they show as "stopped") and no later step starts.
 *
 * Prints each step's duration and CPU time (its processes, user + system) at
 * the end, and the load average; exits non-zero on failure.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { makeTempDataDir, repoRoot, startEmbeddedPostgres } from './lib/embedded-pg'
import { checkDrift } from './lib/migrate'
import { bin, seconds } from './lib/processes'
import { closeAllSchemaEngines } from './lib/schema-engine'

// ───────────────────────────── running a step ─────────────────────────────

/** CPU time (ms, user + system) of this process's children that have ended and been waited for (Linux; 0 elsewhere). */
function reapedChildrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3), in clock ticks of 10 ms.
    return (Number(fields[13]) + Number(fields[14])) * 10
  } catch {
    return 0
  }
}
let reapedSoFar = reapedChildrenCpuMs()
/** CPU time of the children reaped since the last call: read as each step's process ends, it is that step's. */
function newlyReapedCpuMs(): number {
  const now = reapedChildrenCpuMs()
  const delta = now - reapedSoFar
  reapedSoFar = now
  return delta
}

const LOG_DIR = 'reports/logs'

/**
 * A step's processes and output. Live: inherited stdio, as a terminal shows it.
 * Otherwise the output is kept (and written to reports/logs/<step>.log) and
 * printed as one block when the step ends, so that two steps never interleave.
 */
class StepIO {
  readonly children = new Set<ChildProcess>()
  cpuMs = 0
  stopRequested = false
  private readonly chunks: Buffer[] = []

  constructor(
    readonly name: string,
    readonly live: boolean,
    private readonly nice: number,
  ) {}

  log(text: string): void {
    if (this.live) console.log(text)
    else this.chunks.push(Buffer.from(`${text}\n`))
  }

  error(text: string): void {
    if (this.live) console.error(text)
    else this.chunks.push(Buffer.from(`${text}\n`))
  }

  /** Runs a command (under `nice` when the lane asks); resolves with its exit code (1 when killed by a signal). */
  run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
    if (this.stopRequested) return Promise.resolve(1)
    const [file, argv] = this.nice > 0 && process.platform !== 'win32' ? ['nice', ['-n', String(this.nice), command, ...args]] : [command, args]
    const child = spawn(file, argv, { cwd: repoRoot, env, stdio: this.live ? 'inherit' : ['ignore', 'pipe', 'pipe'] })
    const streamsDone = this.live
      ? Promise.resolve()
      : Promise.all(
          [child.stdout!, child.stderr!].map(
            (stream) =>
              new Promise<void>((resolve) => {
                stream.on('data', (chunk: Buffer) => this.chunks.push(chunk))
                stream.once('end', () => resolve())
                stream.once('error', () => resolve())
              }),
          ),
        )
    this.children.add(child)
    return new Promise((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (code, signal) => {
        this.cpuMs += newlyReapedCpuMs()
        this.children.delete(child)
        // A server the tool left running may hold the pipe open: wait for the rest of the output a little only.
        void Promise.race([streamsDone, new Promise((r) => setTimeout(r, 2_000))]).then(() => resolve(code ?? (signal ? 1 : 0)))
      })
    })
  }

  /** Asks the running tool to stop as Ctrl-C would (test runners then stop their servers). */
  stop(): void {
    this.stopRequested = true
    for (const child of this.children) child.kill('SIGINT')
  }

  /** The kept output, also written to reports/logs/<step>.log. */
  output(): string {
    const text = Buffer.concat(this.chunks).toString('utf8')
    mkdirSync(LOG_DIR, { recursive: true })
    writeFileSync(path.join(LOG_DIR, `${this.name}.log`), text)
    return text
  }
}

interface Step {
  name: string
  describe: string
  run: (io: StepIO) => Promise<number>
}

/** Steps run one after another; a lane other than a phase's first prints each step's output when it ends. */
interface Lane {
  steps: Step[]
  /** CPU priority of the lane's processes (nice); the first lane of a phase always runs at normal priority. */
  nice?: number
}

const tool =
  (name: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  (io: StepIO) =>
    io.run(bin(name), args, env)

// ───────────────────────────── the steps ─────────────────────────────

async function dbCheck(io: StepIO): Promise<number> {
  const cpu = process.cpuUsage()
  let url = process.env.DATABASE_URL
  let stop: () => Promise<void> = async () => undefined
  try {
    if (!url) {
      const server = await startEmbeddedPostgres({ dataDir: makeTempDataDir(), port: 54359, persistent: false, log: (m) => io.log(`[db] ${m}`) })
      url = server.url
      stop = server.stop
    }
    const { ok, summary } = await checkDrift(url)
    if (ok) {
      io.log(summary)
      return 0
    }
    io.error(`Drift: schema.prisma has changes that no migration carries:\n\n${summary}\n\nCreate the migration with: npm run db:migrate -- --name <what-changed>`)
    return 1
  } finally {
    await closeAllSchemaEngines().catch(() => undefined)
    await stop()
    // The schema engine runs in this process (WebAssembly); the database server is a child.
    const used = process.cpuUsage(cpu)
    io.cpuMs += (used.user + used.system) / 1000 + newlyReapedCpuMs()
  }
}

// Tools run without the react-server condition this script needs for itself.
const childEnv: NodeJS.ProcessEnv = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true', NEXT_TELEMETRY_DISABLED: '1' }
delete childEnv.NODE_OPTIONS

/** The generator at 2,000 incidents and the benchmark at a few requests per route, on a throwaway data directory. */
async function scaleSmoke(io: StepIO): Promise<number> {
  const dir = path.join(os.tmpdir(), `k9-scale-smoke-${process.pid}`)
  const env = { ...childEnv }
  delete env.DATABASE_URL
  try {
    const tsx = bin('tsx')
    const gen = await io.run(tsx, ['--conditions=react-server', 'scripts/scale.ts', '--incidents', '2000', '--data-dir', path.join(dir, 'data'), '--port', '55449'], env)
    if (gen !== 0) return gen
    return await io.run(tsx, ['--conditions=react-server', 'scripts/bench.ts', '--smoke', '--no-build', '--state', path.join(dir, 'data.json'), '--port', '3169'], env)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// Machine-readable results (outside test-results/, which Playwright empties when it starts).
const VITEST_JSON = 'reports/vitest.json'
const PLAYWRIGHT_JSON = 'reports/playwright.json'
const PLAYWRIGHT_INSTANCES_JSON = 'reports/playwright-instances.json'

const typecheck: Step = { name: 'typecheck', describe: 'tsc --noEmit (with the route types of the build)', run: tool('tsc', ['--noEmit'], childEnv) }
const lint: Step = { name: 'lint', describe: 'eslint . --max-warnings=0', run: tool('eslint', ['.', '--max-warnings=0'], childEnv) }
const dbCheckStep: Step = { name: 'db:check', describe: 'migrations match prisma/schema.prisma', run: dbCheck }
const vitest: Step = { name: 'vitest', describe: 'vitest run (unit + integration)', run: tool('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`], childEnv) }
const build: Step = {
  name: 'build',
  describe: 'next build',
  run: tool('next', ['build'], {
    ...childEnv,
    NODE_ENV: 'production',
    // lib/server/env.ts validates these when page modules load; nothing may connect during the build.
    DATABASE_URL: 'postgresql://k9:build@127.0.0.1:9/k9casebook',
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    // The typecheck step checks the same program (tsconfig.json, .next/types included) right after the build.
    K9_SKIP_BUILD_TYPECHECK: '1',
  }),
}
const scale: Step = { name: 'scale', describe: 'db:scale --incidents 2000 + bench --smoke', run: scaleSmoke }
const e2e: Step = { name: 'e2e', describe: 'playwright test', run: tool('playwright', ['test'], childEnv) }
const instances: Step = {
  name: 'instances',
  describe: 'two instances on one database and one S3 store; kill -9 mid-write (playwright.instances.config.ts)',
  run: tool('playwright', ['test', '-c', 'playwright.instances.config.ts'], childEnv),
}

/** The order the summary lists them in. */
const STEPS: Step[] = [typecheck, lint, dbCheckStep, vitest, build, scale, e2e, instances]

/** Phases run one after another; the lanes of a phase run side by side. */
const PHASES: Lane[][] = [
  [{ steps: [vitest] }, { steps: [lint, dbCheckStep, build, typecheck], nice: 10 }],
  [{ steps: [e2e] }, { steps: [instances, scale] }],
]

/** TEST_SERIAL=1: every step alone, in the order above (to time steps, or on a machine with one core). */
const SERIAL = process.env.TEST_SERIAL === '1'

// ───────────────────────────── the run ─────────────────────────────

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

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ')

type Result = { name: string; ms: number; cpuMs: number; status: 'ok' | 'FAIL' | 'stopped' }

async function main(): Promise<number> {
  const results: Result[] = []
  const started = performance.now()
  for (const f of [VITEST_JSON, PLAYWRIGHT_JSON, PLAYWRIGHT_INSTANCES_JSON, LOG_DIR]) rmSync(f, { force: true, recursive: true })
  const running = new Set<StepIO>()
  let failed: string | undefined
  console.log(`${os.cpus().length} CPU core(s), load average ${loadAverage()}${SERIAL ? '; TEST_SERIAL=1: one step at a time' : ''}`)

  const runStep = async (step: Step, live: boolean, nice: number) => {
    const io = new StepIO(step.name, live, nice)
    running.add(io)
    if (live) banner(`${step.name}: ${step.describe}`)
    else console.log(`\n── ${step.name} started alongside (${step.describe}); its output follows when it ends`)
    const t = performance.now()
    let code: number
    try {
      code = await step.run(io)
    } catch (error) {
      io.error(error instanceof Error ? error.message : String(error))
      code = 1
    }
    running.delete(io)
    const status: Result['status'] = code === 0 ? 'ok' : io.stopRequested ? 'stopped' : 'FAIL'
    results.push({ name: step.name, ms: performance.now() - t, cpuMs: io.cpuMs, status })
    if (!live) {
      banner(`${step.name}: ${step.describe} (${status}, ${seconds(performance.now() - t)})`)
      process.stdout.write(io.output())
    }
    if (status === 'FAIL' && !failed) {
      failed = step.name
      // The first failure decides the run: stop what is still running.
      for (const other of running) other.stop()
    }
  }

  const phases: Lane[][] = SERIAL ? STEPS.map((step) => [{ steps: [step] }]) : PHASES
  for (const phase of phases) {
    if (failed) break
    await Promise.all(
      phase.map(async (lane, i) => {
        for (const step of lane.steps) {
          if (failed) return
          await runStep(step, i === 0, i === 0 ? 0 : (lane.nice ?? 0))
        }
      }),
    )
  }

  const width = Math.max(...STEPS.map((s) => s.name.length))
  banner(failed ? `FAILED at ${failed}` : 'All checks passed')
  console.log(`  ${''.padEnd(width)}        ${'wall'.padStart(8)}  ${'cpu'.padStart(8)}`)
  for (const step of STEPS) {
    const r = results.find((x) => x.name === step.name)
    console.log(`  ${step.name.padEnd(width)}  ${r ? `${r.status.padEnd(7)} ${seconds(r.ms).padStart(8)}  ${seconds(r.cpuMs).padStart(8)}` : 'not run'}`)
  }
  const cpuTotal = results.reduce((sum, r) => sum + r.cpuMs, 0)
  console.log(`  ${'total'.padEnd(width)}          ${seconds(performance.now() - started).padStart(8)}  ${seconds(cpuTotal).padStart(8)}`)
  console.log(`  (steps side by side: ${SERIAL ? 'no' : 'yes'}; load average now ${loadAverage()})\n`)
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

/**
 * `npm start` (production server) and `npm run dev` (`--dev`, next dev).
 *
 *  1. Database: DATABASE_URL when set; otherwise the embedded PostgreSQL
 *     (data in ./.data/pg, port 54329 or EMBEDDED_PG_PORT).
 *  2. Apply pending migrations.
 *  3. Load the demo data when the database has no users yet.
 *  4. `npm start` only: `next build` unless the build in .next is current
 *     (see BUILD_INPUTS in scripts/lib/processes.ts for the rule).
 *  5. Run `next start -p $PORT` (default 3000) or `next dev`, with
 *     DATABASE_URL, AUTH_SECRET (env, else generated once into
 *     ./.data/secrets.json), AUTH_TRUST_HOST=true, NODE_ENV, and
 *     DEMO_MODE=true for the embedded default.
 * Ctrl-C / SIGTERM stops Next, then the embedded PostgreSQL.
 *
 * Run through npm: scripts need the react-server condition to load lib/server.
 */
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { ensureDefaultDatabase, isAlive, processInfo, repoRoot, startTimeOf } from './lib/embedded-pg'
import { deployMigrations } from './lib/migrate'
import { bin, buildStatus, isPortFree, onShutdownSignal, runCommand, seconds, terminate, waitForPort } from './lib/processes'
import { closeAllSchemaEngines } from './lib/schema-engine'
import { loadOrCreateSecrets, SECRETS_FILE } from './lib/secrets'
import { createBlobStore } from '../lib/server/blobs'
import { env as appEnv } from '../lib/server/env'

function appPort(): number {
  const raw = process.env.PORT ?? '3000'
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number (got "${raw}").`)
  return port
}

/** Which launcher runs which Next server on a port, so a later start can clean up after a kill -9. */
interface LauncherState {
  launcherPid: number
  launcherStart: string | null
  nextPid: number
}

const stateFile = (port: number) => path.join(repoRoot, '.data', `launcher-${port}.json`)

/**
 * A launcher killed with SIGKILL leaves its Next server running and holding
 * the port (the embedded PostgreSQL is recovered by embedded-pg.ts). Stop it.
 */
async function stopOrphanedNext(port: number): Promise<void> {
  let state: LauncherState
  try {
    state = JSON.parse(fs.readFileSync(stateFile(port), 'utf8')) as LauncherState
  } catch {
    return
  }
  const launcherAlive = isAlive(state.launcherPid) && startTimeOf(state.launcherPid) === state.launcherStart
  if (launcherAlive) return // a live launcher: the port check below reports it
  const info = processInfo(state.nextPid)
  // `next dev`, or scripts/serve.mjs (whose primary names itself "k9-web primary …").
  if (info && isAlive(state.nextPid) && info.argv.some((a) => /next|k9-web|serve\.mjs/.test(a))) {
    console.log(`Stopping the Next server left running by a launcher that was killed (pid ${state.nextPid}).`)
    process.kill(state.nextPid, 'SIGTERM')
    const deadline = Date.now() + 10_000
    while (isAlive(state.nextPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    if (isAlive(state.nextPid)) process.kill(state.nextPid, 'SIGKILL')
  }
  fs.rmSync(stateFile(port), { force: true })
}

async function queryRows<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(sql, params)).rows
  } finally {
    await client.end()
  }
}

function shortPath(p: string): string {
  return p.startsWith(repoRoot + path.sep) ? path.relative(repoRoot, p) : p
}

async function demoHint(url: string): Promise<string> {
  const { DEMO_ACCOUNTS, DEMO_PASSWORD } = await import('../prisma/seed')
  const emails = DEMO_ACCOUNTS.map((a) => a.email)
  const rows = await queryRows<{ email: string }>(url, 'SELECT email FROM "User" WHERE email = ANY($1::text[]) AND active', [emails])
  const present = new Set(rows.map((r) => r.email))
  const accounts = DEMO_ACCOUNTS.filter((a) => present.has(a.email))
  if (!accounts.length) return ''
  const width = Math.max(...accounts.map((a) => a.email.length))
  return [
    `Demo sign-in — every account's password is ${DEMO_PASSWORD}`,
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.name} (${a.role.toLowerCase().replace('_', ' ')})`),
  ].join('\n')
}

async function main(): Promise<void> {
  const dev = process.argv.includes('--dev')
  const port = appPort()
  const t0 = performance.now()
  const timings: string[] = []
  const running: { next?: ChildProcess } = {}
  let stopDatabase: () => Promise<void> = async () => undefined
  let shuttingDown = false

  onShutdownSignal(async (signal) => {
    shuttingDown = true
    console.log(`\n${signal}: stopping…`)
    if (running.next) await terminate(running.next)
    fs.rmSync(stateFile(port), { force: true })
    await closeAllSchemaEngines().catch(() => undefined)
    await stopDatabase()
    console.log('Stopped.')
    return 0
  })

  await stopOrphanedNext(port)
  if (!(await isPortFree(port))) {
    throw new Error(`Port ${port} is already in use. Stop the program using it, or choose another port: PORT=${port + 1} npm ${dev ? 'run dev' : 'start'}`)
  }

  let t = performance.now()
  const database = await ensureDefaultDatabase()
  stopDatabase = database.stop
  const url = database.url
  timings.push(`database ${seconds(performance.now() - t)}`)

  let authSecret = process.env.AUTH_SECRET
  if (!authSecret) {
    authSecret = loadOrCreateSecrets().AUTH_SECRET
    if (!database.embedded) {
      console.log(`AUTH_SECRET is not set: using the one kept in ${SECRETS_FILE}. Every instance behind a load balancer needs the same AUTH_SECRET.`)
    }
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    AUTH_SECRET: authSecret,
    AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? 'true',
    NODE_ENV: dev ? 'development' : 'production',
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
  }
  if (database.embedded) env.DEMO_MODE = process.env.DEMO_MODE ?? 'true'
  // The seed loads the app's own modules, which validate this environment.
  Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, AUTH_SECRET: env.AUTH_SECRET, DEMO_MODE: env.DEMO_MODE })
  // The app's settings, checked before anything else starts (a clear message
  // here rather than a failing page later); with BLOB_STORE=s3, the bucket too.
  const settings = appEnv()
  const blobs = createBlobStore(settings)
  if ('check' in blobs && typeof blobs.check === 'function') await blobs.check()

  t = performance.now()
  const { applied } = await deployMigrations(url)
  await closeAllSchemaEngines()
  if (applied.length) console.log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`)
  timings.push(`migrations ${seconds(performance.now() - t)}`)

  const [{ has_users: hasUsers } = { has_users: true }] = await queryRows<{ has_users: boolean }>(url, 'SELECT EXISTS (SELECT 1 FROM "User") AS has_users')
  if (!hasUsers) {
    t = performance.now()
    console.log('The database has no users: loading the demo data (the "Who shot Rex?" reference case)…')
    const { seed } = await import('../prisma/seed')
    await seed(url)
    timings.push(`demo data ${seconds(performance.now() - t)}`)
    if (!database.embedded) {
      console.warn('WARNING: the demo accounts were created in the database at DATABASE_URL. They share a published password: deactivate them or change their passwords before real use.')
    }
  }

  if (!dev) {
    const status = buildStatus()
    if (status.current) {
      console.log(`Build: ${status.reason}.`)
    } else {
      t = performance.now()
      console.log(`Building (${status.reason})…`)
      const code = await runCommand(bin('next'), ['build'], env)
      if (code !== 0) throw new Error(`next build failed (exit code ${code}).`)
      timings.push(`build ${seconds(performance.now() - t)}`)
    }
  }

  t = performance.now()
  // Production: one Next server per core (scripts/serve.mjs; WEB_CONCURRENCY to choose).
  const next = dev
    ? spawn(bin('next'), ['dev', '-p', String(port)], { cwd: repoRoot, env, stdio: 'inherit' })
    : spawn(process.execPath, [path.join(repoRoot, 'scripts', 'serve.mjs'), '-p', String(port)], { cwd: repoRoot, env, stdio: 'inherit' })
  running.next = next
  if (next.pid) {
    const state: LauncherState = { launcherPid: process.pid, launcherStart: startTimeOf(process.pid), nextPid: next.pid }
    fs.mkdirSync(path.dirname(stateFile(port)), { recursive: true })
    fs.writeFileSync(stateFile(port), JSON.stringify(state))
  }
  const exited = new Promise<number>((resolve) => next.once('exit', (code) => resolve(code ?? 1)))
  await waitForPort(port, next)
  timings.push(`next ${dev ? 'dev' : 'start'} ${seconds(performance.now() - t)}`)

  const hint = env.DEMO_MODE === 'true' || env.DEMO_MODE === '1' ? await demoHint(url) : ''
  console.log(
    [
      '',
      `K9 Casebook is running at http://localhost:${port}  (${dev ? 'development' : 'production'} mode; ready in ${seconds(performance.now() - t0)}: ${timings.join(', ')})`,
      `Database: ${database.embedded ? `embedded PostgreSQL (data in ${shortPath(database.dataDir ?? '')})` : 'DATABASE_URL'}`,
      ...(hint ? [hint] : []),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  )

  // Next stopped on its own (a crash, or killed): take the database down too.
  // A Ctrl-C reaches Next directly as well, so give our own signal handler a moment to claim the exit.
  const code = await exited
  await new Promise((r) => setTimeout(r, 300))
  if (shuttingDown) return
  console.error(`Next exited (code ${code}); stopping the database.`)
  fs.rmSync(stateFile(port), { force: true })
  await stopDatabase()
  process.exit(code === 0 ? 1 : code)
}

main().catch(async (error: unknown) => {
  console.error(`\nCould not start K9 Casebook: ${error instanceof Error ? error.message : String(error)}`)
  await closeAllSchemaEngines().catch(() => undefined)
  process.exit(1) // the embedded server's exit hook stops PostgreSQL
})

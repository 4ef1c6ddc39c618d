/**
 * The server Playwright tests run against (playwright.config.ts webServer):
 * a throwaway embedded PostgreSQL on port 54349 (the next free port if taken)
 * in a fresh temp folder, migrated and loaded with the demo data, and the
 * production build (`next start -p 3100`) with DEMO_MODE=true, a fresh
 * AUTH_SECRET and a temp blob folder. Everything is deleted on SIGTERM/SIGINT.
 *
 * Specs that need the database directly (factories) read its URL from
 * .data/e2e-server.json ({ databaseUrl, blobDir, baseURL }), written once ready.
 *
 * Run through npm or playwright: it needs the react-server condition to load lib/server.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { makeTempDataDir, repoRoot, startEmbeddedPostgres } from './lib/embedded-pg'
import { deployMigrations } from './lib/migrate'
import { bin, buildStatus, isPortFree, onShutdownSignal, runCommand, seconds, terminate, waitForPort } from './lib/processes'
import { closeAllSchemaEngines } from './lib/schema-engine'

const APP_PORT = Number(process.env.E2E_PORT ?? 3100)
const PG_PORT = 54349
const STATE_FILE = path.join(repoRoot, '.data', 'e2e-server.json')

const log = (m: string) => console.log(`[e2e-server] ${m}`)

const running: { next?: ChildProcess; stopDatabase?: () => Promise<void>; blobDir?: string } = {}

async function cleanUp(): Promise<void> {
  if (running.next) await terminate(running.next)
  await closeAllSchemaEngines().catch(() => undefined)
  await running.stopDatabase?.()
  if (running.blobDir) fs.rmSync(running.blobDir, { recursive: true, force: true })
  fs.rmSync(STATE_FILE, { force: true })
}

async function main(): Promise<void> {
  const t0 = performance.now()
  let shuttingDown = false
  onShutdownSignal(async () => {
    shuttingDown = true
    await cleanUp()
    return 0
  })

  if (!(await isPortFree(APP_PORT))) {
    throw new Error(`Port ${APP_PORT} is already in use (another e2e run?). Stop it and run again.`)
  }

  const authSecret = randomBytes(32).toString('base64url')
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'k9-e2e-blobs-'))
  running.blobDir = blobDir

  const build = buildStatus()
  if (!build.current) {
    log(`Building first (${build.reason})…`)
    const code = await runCommand(bin('next'), ['build'], {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      // Read by lib/server/env.ts when page modules load; nothing connects during the build.
      DATABASE_URL: 'postgresql://k9:build@127.0.0.1:9/k9casebook',
      AUTH_SECRET: authSecret,
    })
    if (code !== 0) throw new Error(`next build failed (exit code ${code}).`)
  }

  const server = await startEmbeddedPostgres({ dataDir: makeTempDataDir(), port: PG_PORT, persistent: false, log: (m) => log(m) })
  running.stopDatabase = server.stop
  const { applied } = await deployMigrations(server.url)
  await closeAllSchemaEngines()
  log(`Applied ${applied.length} migration(s).`)

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: server.url,
    AUTH_SECRET: authSecret,
    AUTH_TRUST_HOST: 'true',
    DEMO_MODE: 'true',
    BLOB_DIR: blobDir,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
  }
  // The seed loads the app's own modules, which validate this environment.
  Object.assign(process.env, { DATABASE_URL: env.DATABASE_URL, AUTH_SECRET: env.AUTH_SECRET, DEMO_MODE: 'true', BLOB_DIR: blobDir })
  const { seed } = await import('../prisma/seed')
  await seed(server.url, { blobDir, log: () => undefined })
  log('Loaded the demo data.')

  // What `npm start` serves: one Next server per core (scripts/serve.mjs), so the suite also proves no state lives in one process.
  const next = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'serve.mjs'), '-p', String(APP_PORT)], { cwd: repoRoot, env, stdio: 'inherit' })
  running.next = next
  const exited = new Promise<number>((resolve) => next.once('exit', (code) => resolve(code ?? 1)))
  await waitForPort(APP_PORT, next)
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true })
  fs.writeFileSync(STATE_FILE, JSON.stringify({ databaseUrl: server.url, blobDir, baseURL: `http://localhost:${APP_PORT}` }), { mode: 0o600 })
  log(`Ready at http://localhost:${APP_PORT} in ${seconds(performance.now() - t0)}.`)

  const code = await exited
  await new Promise((r) => setTimeout(r, 300))
  if (shuttingDown) return
  log(`next start exited (code ${code}).`)
  await cleanUp()
  process.exit(code === 0 ? 1 : code)
}

main().catch(async (error: unknown) => {
  console.error(`[e2e-server] ${error instanceof Error ? error.message : String(error)}`)
  await cleanUp().catch(() => undefined)
  process.exit(1)
})

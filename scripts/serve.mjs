/**
 * Serves the production build with one Next.js server per CPU core.
 *
 *   node scripts/serve.mjs [-p 3000] [-H hostname] [--dir <app>]   (WEB_CONCURRENCY=n workers)
 *
 * --dir serves another Next app's production build the same way (the
 * benchmark's control page, bench/control); the default is this checkout.
 *
 * Node runs JavaScript on one core, and rendering a page is CPU work: a single
 * `next start` leaves every other core of the machine idle. This starts
 * WEB_CONCURRENCY workers (default: the machine's cores, at most 8) with
 * Node's cluster module; they share the port, the primary hands each new
 * connection to the next worker in turn, and a worker that dies is replaced.
 * Each worker is exactly `next start` (Next's own start-server), so headers,
 * the proxy and caching behave as they do there; only compression is done
 * here, in one pass (scripts/lib/compression.mjs, decision 027). The app keeps
 * nothing in process memory that another worker needs (DESIGN.md, "Scaling
 * out"): sessions, lockout and alert state are in PostgreSQL.
 * docs/decisions/020-performance-at-scale.md.
 *
 * Signals: SIGTERM/SIGINT stop the workers, then the primary. If the primary
 * is killed outright (kill -9), each worker exits when it loses its primary.
 */
import cluster from 'node:cluster'
import http from 'node:http'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { compress } from './lib/compression.mjs'

const require = createRequire(import.meta.url)

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    hostname: { type: 'string', short: 'H' },
    dir: { type: 'string' },
  },
})
const root = path.resolve(values.dir ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'))
const port = Number(values.port ?? process.env.PORT ?? 3000)
const hostname = values.hostname ?? process.env.HOSTNAME

/** WEB_CONCURRENCY, else one worker per core (at most 8: each holds its own pool of database connections). */
function workerCount() {
  const raw = process.env.WEB_CONCURRENCY
  if (raw !== undefined && raw !== '') {
    const n = Number(raw)
    if (!Number.isInteger(n) || n < 1 || n > 64) {
      console.error(`WEB_CONCURRENCY must be a whole number from 1 to 64 (got "${raw}").`)
      process.exit(2)
    }
    return n
  }
  return Math.max(1, Math.min(8, os.availableParallelism()))
}

const workers = workerCount()

if (cluster.isPrimary && workers > 1) {
  process.title = `k9-web primary (${workers} workers)`
  // Connections are handed out in turn (the default on Linux, set for every platform).
  cluster.schedulingPolicy = cluster.SCHED_RR
  let stopping = false
  const startedAt = new Map()
  const fork = () => {
    const worker = cluster.fork()
    startedAt.set(worker.id, Date.now())
  }
  for (let i = 0; i < workers; i++) fork()
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
      return
    }
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0)
    startedAt.delete(worker.id)
    // A worker that cannot even start (port taken, broken build) would only fail again.
    if (lived < 10_000) {
      console.error(`[serve] a worker exited ${signal ?? `with code ${code}`} while starting; stopping.`)
      stopping = true
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM')
      process.exitCode = typeof code === 'number' && code !== 0 ? code : 1
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode)
      return
    }
    console.error(`[serve] worker ${worker.process.pid} exited ${signal ?? `with code ${code}`}; starting another.`)
    fork()
  })
  const stop = (signal) => {
    if (stopping) return
    stopping = true
    const live = Object.values(cluster.workers ?? {})
    if (live.length === 0) process.exit(0)
    for (const w of live) w?.process.kill(signal)
    // Workers that do not stop in time are killed.
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL')
      process.exit(0)
    }, 10_000).unref()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGHUP', () => stop('SIGTERM'))
} else {
  // Without its primary (killed with SIGKILL), a worker has no more connections coming: leave.
  if (cluster.isWorker) process.on('disconnect', () => process.exit(0))
  // Responses are compressed in one pass (scripts/lib/compression.mjs, decision 027) instead of by Next's
  // `compress`, which next.config.js turns off when K9_COMPRESSION is 'serve'. K9_COMPRESSION=next keeps Next's.
  // Next's start-server creates its HTTP server with http.createServer(listener): that listener is wrapped, so
  // each response is set up for compression before Next writes to it.
  if (process.env.K9_COMPRESSION !== 'next') {
    process.env.K9_COMPRESSION = 'serve'
    const createServer = http.createServer
    http.createServer = function (...args) {
      const at = args.findIndex((a) => typeof a === 'function')
      if (at >= 0) {
        const listener = args[at]
        args[at] = function (req, res) {
          compress(req, res)
          return listener.call(this, req, res)
        }
      }
      return createServer.apply(this, args)
    }
  }
  const { nextStart } = require('next/dist/cli/next-start')
  await nextStart({ port, hostname }, root)
}

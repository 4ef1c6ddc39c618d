/**
 * The benchmark's load: a closed loop of clients (each sends its next request
 * when the last one answered), and a route's app and raw-SQL floor driven in
 * alternating bursts so that both see the same host.
 *
 * Why bursts: this machine's speed drifts by up to 2× within minutes, and by
 * 60 % between two runs of the same code (docs/performance.md, "Where it
 * stands"). Measured one after the other (15 s of the page, then 15 s of its
 * floor), a page and its floor could fall on different hosts, and the ratio
 * moved with them. In bursts, ordered app–raw, raw–app, app–raw… (ABBA), a
 * drift that lasts longer than a burst falls on both sides alike, and a
 * steady trend across the route cancels out.
 */

import http from 'node:http'

/**
 * The kept-alive connections every load script here sends on (the bench, scripts/lib/ab.ts).
 *
 * A kept-alive connection left idle is closed by the server after its keep-alive timeout (Node's 5 s), and a request
 * sent on it just then fails (ECONNRESET). Load in bursts leaves a server idle that long: a page through two bursts of
 * its floor (6 s), one server of a pair through two bursts of the other. The agent's `timeout` lets Node heed the
 * server's `Keep-Alive: timeout=5` and drop an idle connection a second before the server would (Node applies the hint
 * only below the agent's own timeout, and without one not at all: the bench's first run in bursts lost 5 requests).
 */
export const loadAgent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 60_000 })

export type Sample = { ms: number; ok: boolean }
export type Load = { samples: Sample[]; elapsed: number }
export type Side = 'app' | 'raw'

/**
 * Drives `once` from `clients` loops until `seconds` have passed or
 * `maxRequests` were sent. `first` is the index of the first request (a
 * route's variants continue from one burst to the next).
 */
export async function drive(clients: number, seconds: number, maxRequests: number, once: (i: number) => Promise<boolean>, first = 0): Promise<Load & { sent: number }> {
  const samples: Sample[] = []
  const started = performance.now()
  const deadline = started + seconds * 1000
  let sent = 0
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline && sent < maxRequests) {
        const i = first + sent++
        const t = performance.now()
        let ok = false
        try {
          ok = await once(i)
        } catch {
          ok = false
        }
        samples.push({ ms: performance.now() - t, ok })
      }
    }),
  )
  return { samples, elapsed: (performance.now() - started) / 1000, sent }
}

/** The order of the sides in each burst: app–raw, then raw–app, and so on (without a floor, the app alone). */
export function burstOrder(bursts: number, withRaw: boolean): Side[][] {
  return Array.from({ length: bursts }, (_, b) => (!withRaw ? ['app'] : b % 2 === 0 ? ['app', 'raw'] : ['raw', 'app']))
}

export type Interleaved = {
  app: Load
  raw: Load | null
  /** Per burst: the app's requests per second over the floor's (empty without a floor). */
  burstRatios: number[]
}

/**
 * Each side gets `seconds` in all, in `bursts` bursts, and at most
 * `maxRequests` requests in all; their samples and elapsed times are summed.
 */
export async function driveInterleaved(opts: {
  clients: number
  seconds: number
  bursts: number
  maxRequests: number
  app: (i: number) => Promise<boolean>
  raw: ((i: number) => Promise<boolean>) | null
  /** Called before each burst of a side (the benchmark logs nothing here; tests record the order). */
  onBurst?: (side: Side, burst: number) => void
}): Promise<Interleaved> {
  const bursts = Math.max(1, Math.floor(opts.bursts))
  const share = opts.seconds / bursts
  const totals: Record<Side, Load & { sent: number }> = { app: { samples: [], elapsed: 0, sent: 0 }, raw: { samples: [], elapsed: 0, sent: 0 } }
  const burstRatios: number[] = []
  for (const [b, order] of burstOrder(bursts, opts.raw !== null).entries()) {
    const rps: Partial<Record<Side, number>> = {}
    for (const side of order) {
      const total = totals[side]
      const left = opts.maxRequests - total.sent
      if (left <= 0) continue
      opts.onBurst?.(side, b)
      const once = side === 'app' ? opts.app : opts.raw!
      const load = await drive(opts.clients, share, left, once, total.sent)
      for (const sample of load.samples) total.samples.push(sample) // a floor burst can hold 50,000 samples: too many to spread
      total.elapsed += load.elapsed
      total.sent += load.sent
      rps[side] = load.samples.length / Math.max(load.elapsed, 0.001)
    }
    if (rps.app !== undefined && rps.raw !== undefined) burstRatios.push(rps.app / Math.max(rps.raw, 0.001))
  }
  const strip = ({ samples, elapsed }: Load): Load => ({ samples, elapsed })
  return { app: strip(totals.app), raw: opts.raw ? strip(totals.raw) : null, burstRatios }
}

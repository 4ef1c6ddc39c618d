import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { burstOrder, drive, driveInterleaved, loadAgent, type Side } from '@/scripts/lib/bench-drive'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the benchmark load', () => {
  it('alternates the page and its floor burst by burst (ABBA), or runs the page alone without a floor', () => {
    expect(burstOrder(4, true)).toEqual([['app', 'raw'], ['raw', 'app'], ['app', 'raw'], ['raw', 'app']])
    expect(burstOrder(1, true)).toEqual([['app', 'raw']])
    expect(burstOrder(3, false)).toEqual([['app'], ['app'], ['app']])
  })

  it('drives the bursts in that order, each side for its share of the time, and continues the request numbers across bursts', async () => {
    const seen: Array<[Side, number]> = []
    const indexes: Record<Side, number[]> = { app: [], raw: [] }
    const result = await driveInterleaved({
      clients: 2,
      seconds: 0.4,
      bursts: 4,
      maxRequests: 1_000_000,
      app: async (i) => (indexes.app.push(i), await sleep(5), true),
      raw: async (i) => (indexes.raw.push(i), await sleep(1), true),
      onBurst: (side, burst) => seen.push([side, burst]),
    })
    expect(seen).toEqual([['app', 0], ['raw', 0], ['raw', 1], ['app', 1], ['app', 2], ['raw', 2], ['raw', 3], ['app', 3]])
    for (const side of ['app', 'raw'] as const) {
      // Every request number once, from 0: a route's variants are visited in turn over the whole route, not restarted per burst.
      expect([...indexes[side]].sort((a, b) => a - b)).toEqual(indexes[side].map((_, i) => i))
    }
    expect(result.app.samples).toHaveLength(indexes.app.length)
    expect(result.raw!.samples).toHaveLength(indexes.raw.length)
    // Each side ran about `seconds` in all (four bursts of 0.1 s), not four times that.
    expect(result.app.elapsed).toBeGreaterThanOrEqual(0.4)
    expect(result.app.elapsed).toBeLessThan(1.2)
    expect(result.raw!.elapsed).toBeGreaterThanOrEqual(0.4)
    expect(result.raw!.elapsed).toBeLessThan(1.2)
    // A slower page than its floor: every burst's ratio is below 1.
    expect(result.burstRatios).toHaveLength(4)
    for (const ratio of result.burstRatios) expect(ratio).toBeLessThan(1)
  })

  it('stops each side at the request limit over all its bursts (a smoke run sends a few requests in all)', async () => {
    const sent: Record<Side, number> = { app: 0, raw: 0 }
    const result = await driveInterleaved({
      clients: 1,
      seconds: 5,
      bursts: 3,
      maxRequests: 4,
      app: async () => (sent.app++, true),
      raw: async () => (sent.raw++, true),
    })
    expect(sent).toEqual({ app: 4, raw: 4 })
    expect(result.app.samples).toHaveLength(4)
    expect(result.raw!.samples).toHaveLength(4)
  })

  it('counts a refused or failed request as an error, and has no floor or ratio without a floor', async () => {
    const result = await driveInterleaved({
      clients: 1,
      seconds: 5,
      bursts: 2,
      maxRequests: 3,
      app: async (i) => {
        if (i === 1) throw new Error('connection reset')
        return i !== 2
      },
      raw: null,
    })
    expect(result.app.samples.map((s) => s.ok)).toEqual([true, false, false])
    expect(result.raw).toBeNull()
    expect(result.burstRatios).toEqual([])
  })

  it('numbers requests from the given start', async () => {
    const seen: number[] = []
    const load = await drive(1, 5, 3, async (i) => (seen.push(i), true), 7)
    expect(seen).toEqual([7, 8, 9])
    expect(load.sent).toBe(3)
  })
})

describe('the load generator\'s connections', () => {
  it('drop an idle kept-alive connection before the server closes it, so the next request never meets a closed one', async () => {
    // A server that closes idle connections after 2 s and says so (Keep-Alive: timeout=2), as Node's does after 5 s.
    const server = http.createServer((_req, res) => res.end('ok'))
    server.keepAliveTimeout = 2000
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/', agent: loadAgent }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        })
        req.on('error', reject)
      })
    const key = `127.0.0.1:${port}:`
    try {
      expect(await get()).toBe(200)
      await sleep(100)
      expect(loadAgent.freeSockets[key]).toHaveLength(1) // kept alive for the next request
      // Past the hint less Node's one-second margin, before the server's own timeout: the client let it go first.
      await sleep(1400)
      expect(loadAgent.freeSockets[key] ?? []).toHaveLength(0)
      expect(await get()).toBe(200)
    } finally {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

import http from 'node:http'
import type { AddressInfo } from 'node:net'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accepts, chooseEncoding, compress, forgetBestEncoded, HOLD_MS, MIN_BYTES } from '../../scripts/lib/compression.mjs'

/**
 * The production server's response compression (scripts/lib/compression.mjs, decision 027), on a real HTTP
 * server: what a browser receives decodes to what the app wrote, with the headers that say how.
 */

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void
let handler: Handler = (_req, res) => res.end()
let server: http.Server
let port = 0

beforeAll(async () => {
  server = http.createServer((req, res) => {
    compress(req, res)
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

type Received = { status: number; headers: http.IncomingHttpHeaders; raw: Buffer; body: string; arrivals: number[] }

/** A request as a browser sends it; the body decoded as the browser would, and when each piece arrived. */
function fetchRaw(path: string, acceptEncoding: string | null, method = 'GET'): Promise<Received> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = []
      const arrivals: number[] = []
      res.on('data', (c: Buffer) => {
        chunks.push(c)
        arrivals.push(performance.now() - started)
      })
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const enc = res.headers['content-encoding']
        const decoded = enc === 'br' ? zlib.brotliDecompressSync(raw) : enc === 'gzip' ? zlib.gunzipSync(raw) : raw
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body: decoded.toString('utf8'), arrivals })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

const page = '<!DOCTYPE html><html><body>' + '<li class="row">Incident 2026-000123 · Harbor Road warehouses</li>'.repeat(400) + '</body></html>'

/** Like Next: headers set, flushHeaders(), then the page in several chunks over a few turns of the event loop. */
const nextLike: Handler = async (_req, res) => {
  res.statusCode = 200
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.setHeader('Vary', 'rsc')
  res.flushHeaders()
  for (let i = 0; i < page.length; i += 4096) {
    res.write(Buffer.from(page.slice(i, i + 4096)))
    await new Promise((r) => setImmediate(r))
  }
  res.end()
}

describe('Accept-Encoding', () => {
  it('prefers Brotli, then gzip, and honours q=0 and *', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br')
    expect(chooseEncoding('gzip, deflate')).toBe('gzip')
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip')
    expect(chooseEncoding('identity')).toBeNull()
    expect(chooseEncoding(undefined)).toBeNull()
    expect(chooseEncoding('*')).toBe('br')
    expect(accepts('*, br;q=0', 'br')).toBe(false)
    expect(accepts('GZIP;Q=0.5', 'gzip')).toBe(true)
  })
})

describe('compress', () => {
  it('sends a page written in chunks as one Brotli body with its length, to a browser that takes Brotli', async () => {
    handler = nextLike
    const r = await fetchRaw('/', 'gzip, deflate, br, zstd')
    expect(r.status).toBe(200)
    expect(r.headers['content-encoding']).toBe('br')
    expect(Number(r.headers['content-length'])).toBe(r.raw.length)
    expect(r.headers['transfer-encoding']).toBeUndefined()
    expect(r.headers.vary).toBe('rsc, Accept-Encoding')
    expect(r.raw.length).toBeLessThan(page.length / 10)
    expect(r.body).toBe(page)
  })

  it('sends gzip to a browser that does not take Brotli, and the page as it is to one that takes neither', async () => {
    handler = nextLike
    const gz = await fetchRaw('/', 'gzip, deflate')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.body).toBe(page)
    const plain = await fetchRaw('/', null)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(page)
  })

  it('leaves images, small bodies, HEAD, 304, ranges, no-transform and bodies already encoded as they are', async () => {
    const png = Buffer.alloc(5000, 7)
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length })
      res.end(png)
    }
    const image = await fetchRaw('/', 'br, gzip')
    expect(image.headers['content-encoding']).toBeUndefined()
    expect(image.raw.equals(png)).toBe(true)

    handler = (_req, res) => {
      res.setHeader('Content-Type', 'application/json')
      res.end('{"ok":true}')
    }
    const small = await fetchRaw('/', 'br, gzip')
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.headers['content-length']).toBe('11')
    expect(small.body).toBe('{"ok":true}')
    expect('{"ok":true}'.length).toBeLessThan(MIN_BYTES)

    handler = nextLike
    const head = await fetchRaw('/', 'br, gzip', 'HEAD')
    expect(head.headers['content-encoding']).toBeUndefined()

    handler = (_req, res) => {
      res.writeHead(304, { 'Content-Type': 'text/html' })
      res.end()
    }
    expect((await fetchRaw('/', 'br, gzip')).status).toBe(304)

    handler = (_req, res) => {
      res.setHeader('Content-Type', 'text/html')
      res.setHeader('Cache-Control', 'no-transform')
      res.end(page)
    }
    const kept = await fetchRaw('/', 'br, gzip')
    expect(kept.headers['content-encoding']).toBeUndefined()
    expect(kept.body).toBe(page)

    // A range of a file (Next serves /_next/static with Range support): Content-Range counts the bytes as sent.
    const part = page.slice(100, 5100)
    handler = (_req, res) => {
      res.writeHead(206, { 'Content-Type': 'application/javascript', 'Content-Range': `bytes 100-${99 + Buffer.byteLength(part)}/${Buffer.byteLength(page)}`, 'Content-Length': Buffer.byteLength(part) })
      res.end(part)
    }
    const range = await fetchRaw('/', 'br, gzip')
    expect(range.status).toBe(206)
    expect(range.headers['content-encoding']).toBeUndefined()
    expect(range.body).toBe(part)

    const already = zlib.gzipSync(page)
    handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' })
      res.end(already)
    }
    const encoded = await fetchRaw('/', 'br, gzip')
    expect(encoded.headers['content-encoding']).toBe('gzip')
    expect(encoded.body).toBe(page)
  })

  it('streams a response that takes long to write, so the first part arrives before the end', async () => {
    const pause = HOLD_MS * 4
    handler = (_req, res) => {
      res.setHeader('Content-Type', 'text/csv')
      res.write(page)
      setTimeout(() => res.end('last line\n'), pause)
    }
    const r = await fetchRaw('/', 'br')
    expect(r.headers['content-encoding']).toBe('br')
    expect(r.headers['content-length']).toBeUndefined()
    expect(r.body).toBe(page + 'last line\n')
    // The first bytes came well before the last (not held until the end).
    expect(r.arrivals.length).toBeGreaterThan(1)
    expect(r.arrivals.at(-1)! - r.arrivals[0]!).toBeGreaterThan(pause / 2)
  })

  it('streams a large response with back-pressure, and it decodes whole', async () => {
    const line = 'EV-2026-000001,bullet fragment,Evidence room A,Tech. Maria Evans\n'
    const lines = 40_000 // ≈ 2.6 MB: beyond the hold limit
    handler = (_req, res) => {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8')
      let i = 0
      const pump = () => {
        while (i < lines) {
          i++
          if (!res.write(line)) {
            res.once('drain', pump)
            return
          }
        }
        res.end()
      }
      pump()
    }
    for (const enc of ['br', 'gzip']) {
      const r = await fetchRaw('/', enc)
      expect(r.headers['content-encoding']).toBe(enc)
      expect(r.body.length).toBe(line.length * lines)
      expect(r.body.endsWith(line)).toBe(true)
    }
    // 80,000 writes of one line each through zlib streams: 2–5 s on this 2-core machine, over Vitest's 5 s default
    // on a slow spell. The test is about what arrives, not how fast, so it gets room (the app's exports write in batches).
  }, 30_000)
})

describe('immutable responses (Next\'s hashed static files)', () => {
  // Like a JavaScript chunk: repetitive enough that the best quality beats quality 1 by far.
  const chunk = Array.from({ length: 3000 }, (_, i) => `function f${i % 97}(a,b){return a.map((x)=>x*${i % 13}+b)};`).join('\n')
  const serve =
    (cacheControl: string, body = chunk): Handler =>
    (_req, res) => {
      res.statusCode = 200
      res.setHeader('Content-Type', 'application/javascript; charset=UTF-8')
      res.setHeader('Cache-Control', cacheControl)
      res.end(body)
    }
  /** Asks until the size of what arrives stops changing (the best encoding is made in the background). */
  async function settle(path: string, encoding: string): Promise<Received[]> {
    const seen: Received[] = []
    for (let i = 0; i < 50; i++) {
      seen.push(await fetchRaw(path, encoding))
      if (seen.length >= 2 && seen.at(-1)!.raw.length < seen[0]!.raw.length) break
      await new Promise((r) => setTimeout(r, 20))
    }
    return seen
  }

  it('are encoded once at the best quality and then served smaller, the same bytes', async () => {
    forgetBestEncoded()
    handler = serve('public, max-age=31536000, immutable')
    for (const encoding of ['br', 'gzip']) {
      const seen = await settle(`/_next/static/chunks/app-${encoding}.js`, encoding)
      const [first, last] = [seen[0]!, seen.at(-1)!]
      expect(first.headers['content-encoding']).toBe(encoding)
      expect(last.headers['content-encoding']).toBe(encoding)
      expect(last.raw.length, `${encoding}: the best quality is smaller than the first answer`).toBeLessThan(first.raw.length)
      expect(Number(last.headers['content-length'])).toBe(last.raw.length)
      expect(first.body).toBe(chunk)
      expect(last.body).toBe(chunk)
      // Next serves the file whatever query follows it: the same encoding answers, none is made per query.
      const queried = await fetchRaw(`/_next/static/chunks/app-${encoding}.js?v=${Math.random()}`, encoding)
      expect(queried.raw.length).toBe(last.raw.length)
      expect(queried.body).toBe(chunk)
    }
  })

  it('other responses are encoded per request as before, and a body of another size is never answered from memory', async () => {
    forgetBestEncoded()
    handler = serve('private, no-cache, no-store, max-age=0, must-revalidate')
    const sizes = new Set<number>()
    for (let i = 0; i < 5; i++) {
      const r = await fetchRaw('/dogs/1', 'br')
      expect(r.body).toBe(chunk)
      sizes.add(r.raw.length)
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(sizes.size).toBe(1)

    handler = serve('public, max-age=31536000, immutable')
    await settle('/_next/static/chunks/changed.js', 'br')
    const other = chunk.replace('function f0', 'function g0x')
    handler = serve('public, max-age=31536000, immutable', other)
    expect((await fetchRaw('/_next/static/chunks/changed.js', 'br')).body).toBe(other)
  })
})

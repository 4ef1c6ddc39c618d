/**
 * Response compression for the production server (scripts/serve.mjs), in
 * place of Next's `compress` (docs/decisions/027-response-compression.md).
 *
 * Next's compression is gzip at level 6 through an asynchronous zlib stream,
 * flushed after each chunk React writes. gzip at level 6 alone costs 1.2 ms
 * for the 62 kB incident list and 1.9 ms for the 103 kB dog profile on this
 * machine; Brotli at quality 1 makes the same pages as small or smaller
 * (10.6 and 18.4 kB against 10.2 and 18.6 kB) in 0.17 and 0.31 ms. So here:
 *
 * - Brotli at quality 1 when the browser accepts it (every current browser
 *   does over HTTPS), otherwise gzip;
 * - a compressible response is held while it is written, and compressed in
 *   one call when it ends (one pass, one socket write): a page is rendered in
 *   a few milliseconds and nothing in this app streams a page slowly (no
 *   Suspense boundary, no loading.js);
 * - a response still unfinished HOLD_MS after its first byte, or larger than
 *   HOLD_BYTES (a CSV export, a case file), is streamed through zlib from then
 *   on, flushed once per turn of the event loop, so a download shows progress;
 * - what the browser does not accept, what is not text, tiny bodies, HEAD,
 *   204/304, ranges (206), an existing Content-Encoding and
 *   `Cache-Control: no-transform` pass through untouched.
 *
 * Headers are written when the body's encoding is known (Next calls
 * `flushHeaders()` before its first write; that waits for the decision).
 *
 * A response the server itself declares immutable (`Cache-Control: …
 * immutable`: Next's hashed files under /_next/static) is the same bytes for
 * its URL until the next build, so it is also encoded once at the best
 * quality (Brotli 11, gzip 9), off the event loop, and served from memory
 * from then on. Quality 1 suits pages made per request; for the app's
 * JavaScript it is the worst choice: the 39 files under .next/static take
 * 327 kB at Brotli 1, 290 kB at gzip 6 (Next's compression), 251 kB at
 * Brotli 11. The phone at a scene on a slow network downloads them.
 */
import zlib from 'node:zlib'

/** A response not finished within this time after its first byte is streamed. */
export const HOLD_MS = 50
/** A response larger than this is streamed. */
export const HOLD_BYTES = 1024 * 1024
/** Bodies smaller than this are sent as they are (compression would not pay for its header). */
export const MIN_BYTES = 1024

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)|\+(json|xml)\b/i

/** Whether an Accept-Encoding header takes `name` (listed, or `*`, and not refused with q=0). */
export function accepts(header, name) {
  if (typeof header !== 'string') return false
  let star = false
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const ok = !q || Number(q.slice(2)) > 0
    if (token === name) return ok
    if (token === '*') star = ok
  }
  return star
}

/** The encoding to answer with: Brotli, else gzip, else none. */
export function chooseEncoding(header) {
  return accepts(header, 'br') ? 'br' : accepts(header, 'gzip') ? 'gzip' : null
}

/** Memory kept per process for best-quality encodings of immutable responses (the app's own take ~0.6 MB). */
export const BEST_BYTES = 32 * 1024 * 1024

const PENDING = Symbol('pending')
/** `${encoding} ${url}` → the body's size and its best encoding, or PENDING while it is made. */
const best = new Map()
let bestBytes = 0

const BEST_ENCODERS = {
  br: (body, done) =>
    zlib.brotliCompress(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }, done),
  gzip: (body, done) => zlib.gzip(body, { level: 9 }, done),
}

/**
 * The best-quality encoding of an immutable response's body, if it is ready;
 * otherwise null, and it is made in the background (zlib's thread pool) for
 * the next request of the path. A body of another size than the one encoded
 * (which an immutable path should never have) is not answered from memory.
 *
 * SECURITY: keyed by the path without its query (Next serves a static file
 * whatever query follows it, so `?1`, `?2`… must not each cost an encoding),
 * and a body's size is reserved against BEST_BYTES before it is queued, so
 * memory and the encoding work stay bounded whatever is requested.
 */
export function bestEncoded(encoding, url, body) {
  const path = url.split('?')[0]
  const key = `${encoding} ${path}`
  const hit = best.get(key)
  if (hit === PENDING) return null
  if (hit) return hit.size === body.length ? hit.encoded : null
  if (bestBytes + body.length > BEST_BYTES) return null
  best.set(key, PENDING)
  bestBytes += body.length
  // A copy: the caller's buffer is handed on to the socket while zlib reads this one.
  const copy = Buffer.from(body)
  queue.push((next) =>
    BEST_ENCODERS[encoding](copy, (err, encoded) => {
      if (err) {
        best.delete(key)
        bestBytes -= copy.length
      } else {
        best.set(key, { size: copy.length, encoded })
        bestBytes += encoded.length - copy.length
      }
      next()
    }),
  )
  encodeNext()
  return null
}

/**
 * One best-quality encoding at a time: Brotli 11 takes ~2 s of CPU for all
 * the app's static files, once per process, and zlib's pool of threads is
 * also the one file reads wait for.
 */
const queue = []
let encoding = false
function encodeNext() {
  if (encoding) return
  const job = queue.shift()
  if (!job) return
  encoding = true
  job(() => {
    encoding = false
    encodeNext()
  })
}

/** Forgets the best-quality encodings (for tests). */
export function forgetBestEncoded() {
  best.clear()
  bestBytes = 0
  queue.length = 0
}

const brotliOptions = (size) => ({
  params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, ...(size ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } : {}) },
})

/** One pass over a whole body, or a stream with a flush that sends what it holds so far. */
export const ENCODERS = {
  br: {
    whole: (body) => zlib.brotliCompressSync(body, brotliOptions(body.length)),
    stream: () => zlib.createBrotliCompress(brotliOptions()),
    flush: (stream, cb) => stream.flush(zlib.constants.BROTLI_OPERATION_FLUSH, cb),
  },
  gzip: {
    whole: (body) => zlib.gzipSync(body),
    stream: () => zlib.createGzip(),
    flush: (stream, cb) => stream.flush(zlib.constants.Z_SYNC_FLUSH, cb),
  },
}

function appendVary(res) {
  const vary = res.getHeader('vary')
  const list = Array.isArray(vary) ? vary.join(', ') : typeof vary === 'string' ? vary : ''
  if (list.split(',').some((v) => ['accept-encoding', '*'].includes(v.trim().toLowerCase()))) return
  res.setHeader('Vary', list ? `${list}, Accept-Encoding` : 'Accept-Encoding')
}

function toBuffer(chunk, encoding) {
  if (chunk === undefined || chunk === null) return null
  if (Buffer.isBuffer(chunk)) return chunk
  if (typeof chunk === 'string') return Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8')
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
}

/** Write/end arguments as (chunk, encoding, callback). */
function args(chunk, encoding, cb) {
  if (typeof chunk === 'function') return [undefined, undefined, chunk]
  if (typeof encoding === 'function') return [chunk, undefined, encoding]
  return [chunk, encoding, cb]
}

/**
 * Compresses `res` as described above, if `req` accepts Brotli or gzip. Call
 * it before anything is written to the response.
 */
export function compress(req, res) {
  const contentEncoding = req.method === 'HEAD' ? null : chooseEncoding(req.headers['accept-encoding'])
  if (!contentEncoding) return
  const encoder = ENCODERS[contentEncoding]

  const original = {
    write: res.write,
    end: res.end,
    writeHead: res.writeHead,
    flushHeaders: res.flushHeaders,
    on: res.on,
    once: res.once,
    addListener: res.addListener,
    off: res.off,
    removeListener: res.removeListener,
  }
  const restore = () => Object.assign(res, original)
  /** 'undecided' until the first byte or the end; then 'hold', 'stream', 'pass' or 'done'. */
  let mode = 'undecided'
  let held = []
  let heldBytes = 0
  let heldCallbacks = []
  let timer = null
  let stream = null
  let headersFlushRequested = false

  const hold = (buf) => {
    if (!buf || buf.length === 0) return
    held.push(buf)
    heldBytes += buf.length
  }

  const eligible = () => {
    if (res.statusCode === 204 || res.statusCode === 304 || res.statusCode < 200) return false
    // A range (206, Content-Range) counts bytes of the body as it is: encoding it would break the count.
    if (res.statusCode === 206 || res.getHeader('content-range')) return false
    if (res.getHeader('content-encoding')) return false
    const type = String(res.getHeader('content-type') ?? '')
    if (!COMPRESSIBLE.test(type)) return false
    appendVary(res)
    return !/\bno-transform\b/i.test(String(res.getHeader('cache-control') ?? ''))
  }

  // Next listens for 'drain' before it writes, to wait when a write returns false. While streaming, the writes go
  // to the zlib stream, so its 'drain' is the one to wait for (listeners added before it exists wait for it here).
  let drainListeners = []
  const addDrain = (method) =>
    function (event, listener) {
      if (event !== 'drain') return original[method].call(this, event, listener)
      if (stream) stream[method === 'addListener' ? 'on' : method]('drain', listener)
      else drainListeners.push([method === 'once' ? 'once' : 'on', listener])
      return this
    }
  const removeDrain = (method) =>
    function (event, listener) {
      if (event === 'drain') {
        stream?.off('drain', listener)
        drainListeners = drainListeners.filter(([, l]) => l !== listener)
      }
      return original[method].call(this, event, listener)
    }
  res.on = addDrain('on')
  res.addListener = addDrain('addListener')
  res.once = addDrain('once')
  res.off = removeDrain('off')
  res.removeListener = removeDrain('removeListener')
  const releaseDrainListeners = (target) => {
    for (const [method, l] of drainListeners) (target === res ? original[method].bind(res) : target[method].bind(target))('drain', l)
    drainListeners = []
  }

  const pass = () => {
    mode = 'pass'
    restore()
    releaseDrainListeners(res)
    if (headersFlushRequested) res.flushHeaders()
  }

  const decide = () => {
    if (mode !== 'undecided') return
    if (!eligible()) return pass()
    mode = 'hold'
  }

  const startStream = () => {
    if (timer) clearTimeout(timer)
    timer = null
    mode = 'stream'
    res.removeHeader('content-length')
    res.setHeader('Content-Encoding', contentEncoding)
    stream = encoder.stream()
    stream.on('data', (out) => {
      if (!original.write.call(res, out)) stream.pause()
    })
    original.on.call(res, 'drain', () => stream.resume())
    stream.on('end', () => original.end.call(res))
    stream.on('error', (err) => res.destroy(err))
    releaseDrainListeners(stream)
    const chunks = held
    const callbacks = heldCallbacks
    held = []
    heldBytes = 0
    heldCallbacks = []
    for (const c of chunks) stream.write(c)
    encoder.flush(stream, () => callbacks.forEach((cb) => cb()))
  }

  let flushScheduled = false
  const scheduleFlush = () => {
    if (flushScheduled) return
    flushScheduled = true
    setImmediate(() => {
      flushScheduled = false
      if (stream && !stream.writableEnded) encoder.flush(stream)
    })
  }

  res.writeHead = function (statusCode, reason, headers) {
    if (mode !== 'undecided') return original.writeHead.apply(this, arguments)
    const h = typeof reason === 'string' ? headers : reason
    // Raw header arrays are rare (Next does not use them): let such a response pass untouched.
    if (Array.isArray(h)) {
      pass()
      return original.writeHead.apply(this, arguments)
    }
    res.statusCode = statusCode
    if (typeof reason === 'string') res.statusMessage = reason
    if (h) for (const [k, v] of Object.entries(h)) if (v !== undefined) res.setHeader(k, v)
    return res
  }

  res.flushHeaders = function () {
    if (mode === 'pass') return original.flushHeaders.call(this)
    // Written with the first bytes, once their encoding is known.
    headersFlushRequested = true
  }

  res.write = function (chunk, encoding, cb) {
    ;[chunk, encoding, cb] = args(chunk, encoding, cb)
    decide()
    if (mode === 'pass') return res.write(chunk, encoding, cb)
    const buf = toBuffer(chunk, encoding)
    if (mode === 'stream') {
      if (!buf) {
        cb?.()
        return true
      }
      const ok = stream.write(buf, cb)
      scheduleFlush()
      return ok
    }
    hold(buf)
    if (cb) heldCallbacks.push(cb)
    if (heldBytes > HOLD_BYTES) startStream()
    else if (!timer) timer = setTimeout(startStream, HOLD_MS)
    return true
  }

  res.end = function (chunk, encoding, cb) {
    ;[chunk, encoding, cb] = args(chunk, encoding, cb)
    decide()
    if (mode === 'pass') return res.end(chunk, encoding, cb)
    const buf = toBuffer(chunk, encoding)
    if (mode === 'stream') {
      if (cb) res.once('finish', cb)
      if (buf) stream.end(buf)
      else stream.end()
      return res
    }
    if (timer) clearTimeout(timer)
    timer = null
    hold(buf)
    const body = held.length === 1 ? held[0] : Buffer.concat(held, heldBytes)
    const callbacks = heldCallbacks
    held = []
    heldCallbacks = []
    mode = 'done'
    restore()
    releaseDrainListeners(res)
    const finish = () => {
      callbacks.forEach((f) => f())
      cb?.()
    }
    if (body.length < MIN_BYTES) {
      res.setHeader('Content-Length', body.length)
      return res.end(body, finish)
    }
    const immutable = req.method === 'GET' && res.statusCode === 200 && /\bimmutable\b/i.test(String(res.getHeader('cache-control') ?? ''))
    const encoded = (immutable && bestEncoded(contentEncoding, req.url ?? '', body)) || encoder.whole(body)
    res.setHeader('Content-Encoding', contentEncoding)
    res.setHeader('Content-Length', encoded.length)
    return res.end(encoded, finish)
  }

  res.once('close', () => {
    if (timer) clearTimeout(timer)
    timer = null
    held = []
    if (stream && !stream.writableFinished) stream.destroy()
  })
}

import 'server-only'
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, open, rm } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '@/lib/errors'

/** A refusal that carries its HTTP status (413 too large, 400 empty or aborted). */
export class UploadRefused extends AppError {
  constructor(
    public readonly status: number,
    message: string,
    field: 'file' | null = 'file',
  ) {
    super('VALIDATION', message, field ? { [field]: [message] } : undefined)
    this.name = 'UploadRefused'
  }
}

export type Ingested = {
  /** The temp file holding every byte (under the blob store's tmpDir). Delete it or hand it to putFile. */
  tmpPath: string
  sha256: string
  sizeBytes: number
  /** The first bytes, for type detection (at most HEAD_BYTES). */
  head: Buffer
}

/** How many leading bytes are kept for sniffing (file-type reads at most 4100; DICOM's marker is at 128). */
export const HEAD_BYTES = 8192

export function megabytes(n: number): string {
  return `${Math.round(n / 1024 / 1024)} MB`
}

/**
 * Reads a request body chunk by chunk into a temp file, hashing as the bytes
 * arrive; memory holds one chunk (plus the first HEAD_BYTES) at a time.
 *
 * - more than `maxBytes`: stops reading at once (the reader is cancelled, the
 *   rest never read) and throws UploadRefused(413);
 * - zero bytes: UploadRefused(400);
 * - the stream errors (the client went away mid-body): rethrows;
 * in every failure the temp file is deleted before this returns.
 */
export async function ingestStream(body: ReadableStream<Uint8Array> | null, tmpDir: string, maxBytes: number): Promise<Ingested> {
  if (!body) throw new UploadRefused(400, 'The file is empty. Choose a file that has something in it.')
  await mkdir(tmpDir, { recursive: true })
  const tmpPath = path.join(tmpDir, `${randomUUID()}.upload`)
  const hash = createHash('sha256')
  const headChunks: Buffer[] = []
  let headLength = 0
  let sizeBytes = 0
  const reader = body.getReader()
  const file = await open(tmpPath, 'wx', 0o640)
  let ok = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (!value || value.byteLength === 0) continue
      sizeBytes += value.byteLength
      if (sizeBytes > maxBytes) {
        await reader.cancel('too large').catch(() => {})
        throw new UploadRefused(413, `The file is larger than ${megabytes(maxBytes)}, the most we accept. Nothing was stored.`)
      }
      hash.update(value)
      if (headLength < HEAD_BYTES) {
        const take = Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, HEAD_BYTES - headLength))
        headChunks.push(Buffer.from(take))
        headLength += take.byteLength
      }
      // write() may write fewer bytes than asked: loop until the chunk is out.
      let offset = 0
      while (offset < value.byteLength) {
        const { bytesWritten } = await file.write(value, offset, value.byteLength - offset)
        offset += bytesWritten
      }
    }
    if (sizeBytes === 0) throw new UploadRefused(400, 'The file is empty. Choose a file that has something in it.')
    await file.sync()
    ok = true
  } finally {
    await file.close().catch(() => {})
    if (!ok) {
      try {
        reader.releaseLock()
      } catch {
        // already released
      }
      await rm(tmpPath, { force: true })
    }
  }
  return { tmpPath, sha256: hash.digest('hex'), sizeBytes, head: Buffer.concat(headChunks) }
}

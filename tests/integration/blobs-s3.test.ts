import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBlobStore, keyFor, sha256Hex } from '@/lib/server/blobs'
import { BlobIntegrityError, S3BlobStore } from '@/lib/server/blobs-s3'
import { blobSettings } from '@/lib/server/env'
import { type LocalS3, startLocalS3 } from '../helpers/s3'

/**
 * The S3-compatible blob store against a real S3 server (s3rver on
 * 127.0.0.1): same content-addressed keys as the local folder, and a stored
 * object whose bytes do not hash to its name is refused.
 */
let s3: LocalS3
let store: S3BlobStore

beforeAll(async () => {
  s3 = await startLocalS3()
  const created = createBlobStore(blobSettings({ ...s3.env, BLOB_DIR: process.env.BLOB_DIR }))
  expect(created).toBeInstanceOf(S3BlobStore)
  store = created as S3BlobStore
})

afterAll(async () => {
  await s3?.stop()
})

async function listed(key: string) {
  const out = []
  for await (const info of store.list()) if (info.key === key) out.push(info)
  return out
}

async function text(key: string): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of await store.read(key)) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

describe('S3 blob store', () => {
  it('stores bytes under their SHA-256, reads them back, lists them, and a second put is a no-op', async () => {
    await store.check()
    const bytes = new TextEncoder().encode('X-ray of Rex, lateral thorax')
    const put = await store.putBytes(bytes)
    expect(put).toEqual({ key: keyFor(sha256Hex(bytes)), sha256: sha256Hex(bytes), sizeBytes: bytes.byteLength, created: true })
    expect(await store.exists(put.key)).toBe(true)
    expect(await text(put.key)).toBe('X-ray of Rex, lateral thorax')
    expect(await store.hashOf(put.key)).toBe(put.sha256)
    expect(await store.putBytes(bytes)).toEqual({ ...put, created: false })
    const [info] = await listed(put.key)
    expect(info?.sizeBytes).toBe(bytes.byteLength)
    // A put of bytes already stored refreshes their age (the sweeper's
    // contract) by copying the object onto itself. AWS S3 and MinIO give it a
    // new LastModified; s3rver keeps the file's, so check the copy happened.
    const head = await store.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: put.key }))
    expect(head.Metadata?.touched).toBeDefined()
    expect(await text(put.key)).toBe('X-ray of Rex, lateral thorax')
  })

  it('moves a streamed temp file into the bucket and removes the temp file; delete removes the object', async () => {
    await mkdir(store.tmpDir, { recursive: true })
    const tmp = path.join(store.tmpDir, 'upload.part')
    const bytes = Buffer.alloc(3 * 1024 * 1024, 7)
    await writeFile(tmp, bytes)
    const put = await store.putFile(tmp, sha256Hex(bytes))
    expect(put).toMatchObject({ sha256: sha256Hex(bytes), sizeBytes: bytes.byteLength, created: true })
    expect(existsSync(tmp)).toBe(false)
    expect(await store.hashOf(put.key)).toBe(put.sha256)
    await store.delete(put.key)
    expect(await store.exists(put.key)).toBe(false)
    await store.delete(put.key) // absent is fine
  })

  it('says a missing blob is missing, and reading it fails', async () => {
    const missing = keyFor('0'.repeat(64))
    expect(await store.exists(missing)).toBe(false)
    await expect(store.read(missing)).rejects.toThrow()
  })

  it('refuses keys that are not content addresses', async () => {
    await expect(store.read('../../etc/passwd')).rejects.toThrow('Invalid blob key')
    await expect(store.exists('sha256/aa/not-a-hash')).rejects.toThrow('Invalid blob key')
  })

  it('refuses and removes an upload whose stored bytes are not the ones sent', async () => {
    const corrupting = createBlobStore(blobSettings(s3.env)) as S3BlobStore
    // A store (or a proxy in front of it) that garbles the body on the way in.
    corrupting.client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Body?: unknown; ContentLength?: number }
        if (input.Body instanceof Uint8Array) {
          const garbled = Uint8Array.from(input.Body)
          garbled[0] = (garbled[0] ?? 0) ^ 0xff
          input.Body = garbled
        }
        return next(args)
      },
      { step: 'initialize', name: 'garble' },
    )
    const bytes = new TextEncoder().encode('lab result for item 4')
    const error = await corrupting.putBytes(bytes).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BlobIntegrityError)
    expect(await store.exists(keyFor(sha256Hex(bytes)))).toBe(false)
  })

  it('detects an object changed behind our back: its hash no longer matches its name', async () => {
    const bytes = new TextEncoder().encode('evidence photo 7')
    const put = await store.putBytes(bytes)
    await store.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: put.key, Body: new TextEncoder().encode('tampered') }))
    expect(await store.hashOf(put.key)).not.toBe(put.sha256)
    await expect(store.verifyStored(put.key, put.sha256)).rejects.toBeInstanceOf(BlobIntegrityError)
    expect(await store.exists(put.key)).toBe(false)
  })
})

describe('blob-store settings', () => {
  it('default to the local folder', () => {
    expect(blobSettings({}).BLOB_STORE).toBe('local')
  })

  it('name every S3 setting that is missing', () => {
    expect(() => blobSettings({ BLOB_STORE: 's3' })).toThrow(/S3_BUCKET: S3_BUCKET is required when BLOB_STORE=s3[\s\S]*S3_ACCESS_KEY_ID[\s\S]*S3_SECRET_ACCESS_KEY/)
  })

  it('refuse an unknown store, a bad endpoint and a bad bucket name', () => {
    expect(() => blobSettings({ BLOB_STORE: 'ftp' })).toThrow('BLOB_STORE must be "local" or "s3"')
    expect(() => blobSettings({ ...s3.env, S3_ENDPOINT: 'not a url' })).toThrow('S3_ENDPOINT must be a URL')
    expect(() => blobSettings({ ...s3.env, S3_BUCKET: 'Bad_Bucket' })).toThrow('S3_BUCKET must be a bucket name')
  })

  it('report an unreachable bucket clearly', async () => {
    const wrong = createBlobStore(blobSettings({ ...s3.env, S3_BUCKET: 'no-such-bucket' })) as S3BlobStore
    await expect(wrong.check()).rejects.toThrow('The S3 blob store (bucket "no-such-bucket") is not usable: the bucket does not exist.')
  })
})
